/*
 * force_layout.h - the Fruchterman-Reingold layout of one connected
 * component, for ng_metrics_layout (layout.c).
 *
 * The model is igraph_layout_fruchterman_reingold's, which this replaces
 * because it is faster on the graphs a build makes (the 9,876-node main
 * component of Reuters-21578: 0.19 s in igraph, mostly its grid's
 * iterator calls and RNG calls per node and step):
 *  - start: uniform at random in the square of side sqrt(n) around 0;
 *  - each step every pair of nodes repels with force 1/d, and each edge
 *    pulls its ends together with force w * d^2; a node moves along its
 *    total force, at most `temp` along each axis;
 *  - temp starts at sqrt(n) and falls linearly to 0 over the steps.
 * With `grid` (big components) only pairs closer than 2 units repel, found
 * through a grid of 2-unit cells, as igraph's grid variant does.
 *
 * The random numbers are this file's own (splitmix64 from `seed`): the
 * same component gives the same positions, bit for bit, on any machine
 * with IEEE doubles.
 */
#ifndef NG_FORCE_LAYOUT_H
#define NG_FORCE_LAYOUT_H

#include <glib.h>

/* Lay out nodes 0 .. n-1 joined by edges (ends[2i], ends[2i+1]) with
 * attraction weights weight[i]; positions into x and y (n doubles each). */
void ng_force_layout(guint n, guint n_edges, const guint *ends,
                     const double *weight, guint steps, gboolean grid,
                     guint64 seed, double *x, double *y);

/* The grid variant's pairs: every two nodes in the same or touching
 * 2-unit cells at positions x, y, each pair once (2 guints a pair).
 * Exposed for its unit test, which checks it against every pair. */
GArray *ng_force_near_pairs(guint n, const double *x, const double *y);

#endif
