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
 *
 * What is kept, and how:
 *  - a node per entity id: label (the entity's name), type, a copy of its
 *    attributes, mentions, documents (distinct serials), aliases (the
 *    surface forms seen, whitespace runs - line breaks included - squeezed
 *    to one space and trimmed), first/last seen (the least and greatest
 *    date string: ISO dates compare lexically);
 *  - an edge per (relation, source, target, directed); an undirected
 *    edge has source id < target id (strcmp). Weight is the sum of the
 *    observations' weights, documents the distinct serials, evidence the
 *    first NG_GRAPH_MAX_EVIDENCE distinct items "[doc-id] sentence"
 *    (sentence whitespace squeezed; just the sentence when there is no
 *    doc id), rules the set of rule ids, cameo the first code given,
 *    first/last seen as for nodes.
 * All strings in NgNode and NgEdge belong to the graph. Names that repeat
 * (relations, rule ids, CAMEO codes, dates, aliases, attributes) are
 * interned once per graph; nothing else of a document is kept.
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
    const char *last_alias;  /* internal: the alias last seen, or NULL */
} NgNode;

typedef struct {
    char *relation;        /* "co-occurs", "meets", "sanctions", ... */
    gboolean directed;
    guint source;          /* node indices */
    guint target;
    double weight;
    guint64 documents;
    char *evidence[NG_GRAPH_MAX_EVIDENCE]; /* "[doc-id] sentence" */
    guint n_evidence;
    GTree *rules;          /* rule ids that produced the edge, sorted;
                              NULL until the first one */
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

/* The node for an entity, created on first use (later calls with the same
 * id return the same node and do not change it). Returns its index. */
guint ng_graph_node(NgGraph *g, const NgEntity *e);
/* A mention of node `node` in document `doc_serial` (dated `date` or NULL)
 * with the text's surface form. */
void ng_graph_add_mention(NgGraph *g, guint node, const char *surface,
                          guint32 doc_serial, const char *date);
/* Add an observation; self-loops (source == target) are ignored. The
 * weight must be finite and > 0. */
void ng_graph_add_edge(NgGraph *g, const NgEdgeEvent *ev);

guint ng_graph_n_nodes(const NgGraph *g);
guint ng_graph_n_edges(const NgGraph *g);
/* Nodes and edges do not move: the pointers stay valid while the graph
 * grows (an edge's until ng_graph_prune drops it). */
const NgNode *ng_graph_get_node(const NgGraph *g, guint i);
const NgEdge *ng_graph_get_edge(const NgGraph *g, guint i);

/* Node indices sorted by id, and edge indices sorted by (relation, source
 * id, target id, undirected first): the output order. Free with g_free
 * (NULL for an empty graph). */
guint *ng_graph_sorted_nodes(const NgGraph *g);
guint *ng_graph_sorted_edges(const NgGraph *g);
/* The same, given the nodes sorted (ng_graph_sorted_nodes): sorting them
 * is most of the work, done once for both. */
guint *ng_graph_sorted_edges_by(const NgGraph *g, const guint *sorted_nodes);

/* Drop co-occurrence-style edges of `relation` whose weight is below
 * min_weight (the --min-weight option). Returns how many were dropped.
 * The remaining edges are renumbered (their order is kept); nodes stay. */
guint ng_graph_prune(NgGraph *g, const char *relation, double min_weight);

/* Write the graph as GraphML following the contract in README.md
 * ("GraphML attributes"; the keys are listed in graph_graphml.c) to
 * `path`, atomically (temporary file + rename), or to standard output
 * when `path` is "-". `comment` (may be NULL) goes into an XML comment
 * after the declaration: the tool version and options, never a clock
 * time, so that identical inputs give byte-identical files. Errors are
 * NG_ERROR_IO (writing), NG_ERROR_CONFIG (a node attribute name that is
 * not a GraphML name or clashes with a built-in key) and NG_ERROR_USAGE
 * (an id that is not a GraphML name); on error an existing file at `path`
 * is left untouched. `portable`: for networkx, see ng_graphml_set_portable. */
gboolean ng_graph_write_graphml(const NgGraph *g, const char *path,
                                const char *comment, gboolean portable,
                                GError **error);

/* The same with the node metrics, layout and appearance of `m` (metrics.h;
 * NULL for none) as extra keys: node degree (int), weighted_degree,
 * pagerank, betweenness (double), community (int), x, y (double, when
 * laid out), size (double) and color (string "#rrggbb", when coloured);
 * edge color (string). Those names are reserved for node attributes.
 * The text is formatted on up to `jobs` threads; the file is the same
 * for any number. */
typedef struct NgMetrics NgMetrics;
gboolean ng_graph_write_graphml_with(const NgGraph *g, const NgMetrics *m,
                                     const char *path, const char *comment,
                                     gboolean portable, guint jobs,
                                     GError **error);

/* The edges of a GraphML file formatted ahead, on a thread of their own,
 * while the node metrics and layout are computed (the edges need neither:
 * only their colours, given here and owned from now on, may be NULL).
 * ng_graph_write_graphml_ready then writes the nodes and appends them -
 * the same bytes as ng_graph_write_graphml_with; edges formatted for
 * another graph, colours or `portable` are not used but formatted again.
 * The graph must not change in between. The formatted text is held in
 * memory until written. NULL when there is nothing to gain (a graph the
 * write will refuse, no thread to be had). */
typedef struct NgGraphmlEdges NgGraphmlEdges;
NgGraphmlEdges *ng_graph_graphml_edges_start(const NgGraph *g,
                                             guint32 *edge_color,
                                             const char *path,
                                             gboolean portable);
/* Write as ng_graph_write_graphml_with does, with the edges of `ready`
 * (may be NULL), which stays the caller's to free. */
gboolean ng_graph_write_graphml_ready(const NgGraph *g, const NgMetrics *m,
                                      NgGraphmlEdges *ready, const char *path,
                                      const char *comment, gboolean portable,
                                      guint jobs, GError **error);
void ng_graph_graphml_edges_free(NgGraphmlEdges *e);

/* The graph in binary form, to rebuild it later without the documents
 * that made it (graph_snapshot.c tells the layout): a floating GVariant of
 * type NG_GRAPH_SNAPSHOT_TYPE. `next_serial` is the serial the next
 * document would get. Feeding the rebuilt graph more documents from that
 * serial on gives what feeding them to this one gives. */
#define NG_GRAPH_SNAPSHOT_TYPE "(uayayauatatauauabauauadatayauau)"
GVariant *ng_graph_to_snapshot(const NgGraph *g, guint32 next_serial);
/* The graph back, and its next serial. `v` may come from a damaged file:
 * anything the graph could not have written is NG_ERROR_FORMAT
 * ("graph snapshot: why"). */
NgGraph *ng_graph_from_snapshot(GVariant *v, guint32 *next_serial,
                                GError **error);

#endif
