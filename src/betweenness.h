/*
 * betweenness.h - shortest-path betweenness of the NgGraph from some or all
 * sources (Brandes' algorithm), for ng_metrics_compute.
 *
 * The graph is read as metrics.h says: every edge undirected, a
 * multigraph (two parallel edges are two shortest paths), unweighted.
 * The values are igraph_betweenness's (all sources) or
 * igraph_betweenness_subset's (some sources, every node a target): each
 * source-target path counted once, halved as igraph halves undirected
 * graphs. The unit test checks that against igraph on random graphs.
 */
#ifndef NG_BETWEENNESS_H
#define NG_BETWEENNESS_H

#include <glib.h>
#include "graph.h"

/* Betweenness of every node into res (ng_graph_n_nodes(g) doubles) from
 * the shortest paths that start at sources[0 .. n_sources), or at every
 * node when sources is NULL. */
void ng_betweenness(const NgGraph *g, const guint *sources, guint n_sources,
                    double *res);

#endif
