/*
 * graph.h - accumulating the entity graph while documents stream past.
 *
 * Nodes are entities (keyed by their id), edges are (relation, source,
 * target) triples; an undirected relation stores its two ends in id order,
 * so "A co-occurs B" and "B co-occurs A" are one edge. Counts, document
 * counts, surface forms and up to NG_GRAPH_MAX_EVIDENCE evidence sentences
 * are gathered as events arrive. Memory grows with the graph, never with
 * the corpus: nothing of a document is kept but these summaries.
 *
 * Documents must be fed in a fixed order with increasing `doc_serial`
 * numbers (the builder's input order); that is what makes document counts
 * cheap and the evidence kept deterministic.
 */
#ifndef NG_GRAPH_H
#define NG_GRAPH_H

#include <glib.h>
#include "gazetteer.h"

#define NG_GRAPH_MAX_EVIDENCE 3

typedef struct NgGraph NgGraph;

typedef struct {
    char *id;
    char *label;
    NgEntityType type;
    NgAttr *attrs;         /* copied from the entity, sorted by key */
    guint n_attrs;
    guint64 mentions;
    guint64 documents;
    GTree *aliases;        /* surface form -> NULL, sorted (strcmp) */
    char *first_seen;      /* ISO date of the earliest dated document, or NULL */
    char *last_seen;
    guint32 last_doc;      /* internal: serial+1 of the last document counted */
} NgNode;

typedef struct {
    char *relation;        /* "co-occurs", "meets", "sanctions", ... */
    gboolean directed;
    guint source;          /* node indices */
    guint target;
    double weight;
    guint64 documents;
    GPtrArray *evidence;   /* char*, "[doc-id] sentence", at most MAX_EVIDENCE */
    GTree *rules;          /* rule ids that produced the edge, sorted */
    char *cameo;           /* CAMEO code, or NULL */
    char *first_seen;
    char *last_seen;
    guint32 last_doc;
} NgEdge;

/* One observation of a relation between two nodes. */
typedef struct {
    const char *relation;
    gboolean directed;
    guint source;
    guint target;
    double weight;          /* added to the edge's weight; > 0 */
    guint32 doc_serial;     /* increasing per document */
    const char *doc_id;
    const char *date;       /* ISO date of the document, or NULL */
    const char *evidence;   /* the sentence, or NULL */
    const char *rule;       /* rule id, or NULL */
    const char *cameo;      /* or NULL */
} NgEdgeEvent;

NgGraph *ng_graph_new(void);
void ng_graph_free(NgGraph *g);

/* The node for an entity, created on first use. Returns its index. */
guint ng_graph_node(NgGraph *g, const NgEntity *e);
/* A mention of node `node` in document `doc_serial` (dated `date` or NULL)
 * with the text's surface form. */
void ng_graph_add_mention(NgGraph *g, guint node, const char *surface,
                          guint32 doc_serial, const char *date);
/* Add an observation; self-loops (source == target) are ignored. */
void ng_graph_add_edge(NgGraph *g, const NgEdgeEvent *ev);

guint ng_graph_n_nodes(const NgGraph *g);
guint ng_graph_n_edges(const NgGraph *g);
const NgNode *ng_graph_get_node(const NgGraph *g, guint i);
const NgEdge *ng_graph_get_edge(const NgGraph *g, guint i);

/* Node indices sorted by id, and edge indices sorted by (relation, source
 * id, target id): the output order. Free with g_free. */
guint *ng_graph_sorted_nodes(const NgGraph *g);
guint *ng_graph_sorted_edges(const NgGraph *g);

/* Drop co-occurrence-style edges of `relation` whose weight is below
 * min_weight (the --min-weight option). Returns how many were dropped. */
guint ng_graph_prune(NgGraph *g, const char *relation, double min_weight);

/* Write the graph as GraphML following the contract in README.md
 * ("GraphML attributes") to `path`, atomically (temporary file + rename).
 * `comment` (may be NULL) goes into an XML comment after the declaration. */
gboolean ng_graph_write_graphml(const NgGraph *g, const char *path,
                                const char *comment, GError **error);

#endif
