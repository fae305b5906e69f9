/*
 * graph_int.h - the graph's insides, shared by graph.c and the snapshot
 * coder (graph_snapshot.c), which rebuilds a graph without replaying the
 * documents that made it. Not for other modules.
 */
#ifndef NG_GRAPH_INT_H
#define NG_GRAPH_INT_H

#include "graph.h"

struct NgGraph {
    GPtrArray *nodes;        /* NgNode*, owned */
    GHashTable *node_index;  /* node id -> GUINT_TO_POINTER(index + 1) */
    GPtrArray *edges;        /* NgEdge*, owned */
    GHashTable *edge_index;  /* NgEdge* -> GUINT_TO_POINTER(index + 1) */
    GStringChunk *strings;   /* interned strings */
    GString *scratch;        /* cleaned aliases and evidence are built here */
    GString *sentence;       /* the last evidence sentence seen, */
    GString *squeezed;       /* and the same squeezed (add_evidence) */
};

/* The graph's copy of s, shared by every user of the same bytes. */
char *ng_graph_intern(NgGraph *g, const char *s);

/* strcmp for the GTrees of aliases and rules. */
int ng_graph_cmp_str(gconstpointer a, gconstpointer b);

#endif
