/*
 * metrics.h - what Gephi needs to show a graph well on first open,
 * computed with igraph at build time: node metrics, a layout, colours and
 * sizes. Written into the GraphML (graph.h) and GEXF (gexf.h) files and
 * read back by `negraph render`.
 *
 * All arrays are indexed like ng_graph_get_node / ng_graph_get_edge. The
 * igraph graph is the NgGraph with every edge undirected (a relation's
 * direction does not change who is central or close), as a multigraph:
 * two entities that co-occur and also meet are joined twice.
 *
 *  - degree: edges at the node (all relations);
 *  - weighted_degree: the sum of their weights;
 *  - pagerank: weighted PageRank (damping 0.85), summing to 1; computed
 *    with PRPACK on one thread (ng_igraph_pagerank, igraph_quiet.h);
 *  - betweenness: unweighted shortest-path betweenness (edge weights count
 *    co-occurrences, they are not distances). Exact (Brandes) up to
 *    NG_BETWEENNESS_EXACT_MAX nodes; above that estimated from the
 *    shortest paths of NG_BETWEENNESS_PIVOTS sources only
 *    (betweenness.c), scaled by nodes / pivots. The pivots are
 *    the nodes whose ids hash lowest: the estimate depends on the graph
 *    alone, never on input order or thread count. It keeps the order of
 *    the big hubs at a cost linear in the graph;
 *  - community: Leiden optimising modularity (ng_igraph_leiden,
 *    igraph_quiet.h) on the `co-occurs` edges with their weights. Leiden
 *    rather than Louvain: its communities are always connected, and on
 *    the Reuters-21578 graph its modularity was higher (0.564 against
 *    Louvain's 0.562) in half the time (0.026 s against 0.051 s).
 *    Communities are numbered 0, 1, ... from the
 *    largest down (ties: the one with the smallest node id first), and a
 *    node without co-occurrence edges is a community of its own;
 *  - x, y (layout.c): each connected component is laid out on its own,
 *    with Fruchterman-Reingold up to NG_LAYOUT_FR_MAX nodes
 *    (force_layout.c: igraph's model, in less time) and igraph's DrL above
 *    (both with weights
 *    log(1 + weight), so that a pair named together a hundred times is
 *    pulled closer, not onto one point), scaled to the same density; the
 *    components are then packed in rows, largest first, so small groups
 *    and lone nodes line up beneath the main one instead of flying off.
 *    (DrL costs some 650 MB for its density grid whatever the graph's
 *    size, and 4 s where FR takes 0.1 s on the 2,125-node Reuters graph,
 *    hence the high threshold.) Coordinates are centred on 0 and
 *    scaled to a square of side 100 * sqrt(nodes) + 200, about Gephi's own
 *    scale for node sizes 4..40. FR runs NG_LAYOUT_FR_ITER iterations, and
 *    above NG_LAYOUT_FR_GRID nodes (its grid variant: repulsion between
 *    near nodes only) NG_LAYOUT_FR_ITER_LARGE: on the 14,680-node Reuters
 *    graph 500 iterations took 0.7 s in igraph, a fifth of the build, and
 *    150 give the same picture - a dense core, its fringe, the small
 *    groups beneath - in 0.25 s in igraph, 0.07 s in force_layout.c
 *    (docs/gephi.md); Gephi's ForceAtlas 2 refines either in seconds.
 *
 * Randomised steps (Leiden, DrL) reseed igraph's default RNG with
 * NG_METRICS_SEED first, and FR seeds its own with it, so the same graph
 * always gives the same numbers.
 */
#ifndef NG_METRICS_H
#define NG_METRICS_H

#include <glib.h>
#include "graph.h"
#include "palette.h"

#define NG_METRICS_SEED 42
#define NG_BETWEENNESS_EXACT_MAX 5000
#define NG_BETWEENNESS_PIVOTS 256
#define NG_LAYOUT_FR_MAX 20000   /* nodes in one component */
#define NG_LAYOUT_FR_GRID 1000    /* as igraph's IGRAPH_LAYOUT_AUTOGRID */
#define NG_LAYOUT_FR_ITER 500
#define NG_LAYOUT_FR_ITER_LARGE 150

typedef enum {
    NG_BETWEENNESS_EXACT,
    NG_BETWEENNESS_ESTIMATED,     /* from NG_BETWEENNESS_PIVOTS sources */
} NgBetweennessKind;

typedef enum {
    NG_LAYOUT_NONE,
    NG_LAYOUT_FR,
    NG_LAYOUT_DRL,
} NgLayoutKind;

typedef struct NgMetrics {
    guint n_nodes, n_edges;
    /* ng_metrics_compute */
    gint32 *degree;
    double *weighted_degree;
    double *pagerank;
    double *betweenness;
    NgBetweennessKind betweenness_kind;
    gint32 *community;
    guint n_communities;
    /* ng_metrics_layout; NULL before (or with --no-layout) */
    double *x, *y;
    NgLayoutKind layout_kind;     /* DrL if any component needed it */
    guint n_components;
    /* ng_metrics_appearance; NULL before */
    guint32 *node_color;   /* 0xRRGGBB */
    double *size;
    guint32 *edge_color;
} NgMetrics;

/* Degree, weighted degree, PageRank, betweenness, communities. Errors
 * (NG_ERROR_USAGE) come from igraph and mean a bug or no memory. */
NgMetrics *ng_metrics_compute(const NgGraph *g, GError **error);
/* Add x and y; components of more than `fr_max` nodes (normally
 * NG_LAYOUT_FR_MAX) get DrL. */
gboolean ng_metrics_layout(NgMetrics *m, const NgGraph *g, guint fr_max,
                           GError **error);

/* Add colours (by type and relation) and sizes from the palette. */
void ng_metrics_appearance(NgMetrics *m, const NgGraph *g,
                           const NgPalette *p);
/* The edges' colours alone (by relation), as appearance gives them. */
guint32 *ng_metrics_edge_colors(const NgGraph *g, const NgPalette *p);
void ng_metrics_free(NgMetrics *m);

/* "betweenness exact, layout fruchterman-reingold" or the like, for the
 * comment of an output file. Newly allocated. */
char *ng_metrics_describe(const NgMetrics *m);

#endif
