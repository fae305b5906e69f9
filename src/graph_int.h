/*
 * graph_int.h - the graph's insides, shared by graph.c and the snapshot
 * coder (graph_snapshot.c), which rebuilds a graph without replaying the
 * documents that made it. Not for other modules.
 */
#ifndef NG_GRAPH_INT_H
#define NG_GRAPH_INT_H

#include "graph.h"

struct NgGraph {
    GPtrArray *nodes;        /* NgNode*, in the arena */
    GHashTable *node_index;  /* node id -> GUINT_TO_POINTER(index + 1) */
    GPtrArray *edges;        /* NgEdge*, in the arena */
    GHashTable *edge_index;  /* NgEdge* -> GUINT_TO_POINTER(index + 1) */
    GStringChunk *strings;   /* interned strings, and evidence (not interned) */
    GPtrArray *blocks;       /* the arena: nodes, edges, attribute arrays */
    char *arena_next;        /* the free part of the last block */
    gsize arena_left;
    GVariant *borrowed;      /* the snapshot's strings, which nodes and
                                edges of a decoded graph point into */
    GString *scratch;        /* cleaned aliases and evidence are built here */
    GString *sentence;       /* the last evidence sentence seen, */
    GString *squeezed;       /* and the same squeezed (add_evidence) */
};

/* The graph's copy of s, shared by every user of the same bytes. */
char *ng_graph_intern(NgGraph *g, const char *s);

/* `size` zeroed bytes, aligned for any type, that live as long as the
 * graph: nodes, edges and attribute arrays are never freed one by one
 * (an edge that ng_graph_prune drops keeps its few bytes until then). */
gpointer ng_graph_alloc(NgGraph *g, gsize size);

/* A new node or edge at the end, indexed, of an id (for an edge:
 * relation, ends and direction) not taken yet. The node's id and the
 * edge's relation are stored as given: the caller's to intern or to keep
 * alive as long as the graph. */
NgNode *ng_graph_push_node(NgGraph *g, const char *id);
NgEdge *ng_graph_push_edge(NgGraph *g, const NgEdge *key);

/* strcmp for the GTrees of aliases and rules. */
int ng_graph_cmp_str(gconstpointer a, gconstpointer b);

#endif
