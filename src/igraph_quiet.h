/*
 * igraph_quiet.h - calling igraph from the library. igraph's default
 * error handler aborts the process and its warning handler prints; the
 * library must do neither, so code that calls igraph brackets the calls
 * with ng_igraph_quiet() / ng_igraph_restore(): in between, igraph's
 * "ignore" handlers are installed and errors come back as return codes.
 * igraph's state is global (these handlers, its stack of cleanups, its
 * default random generator): the bracket also holds a lock, so that one
 * thread at a time runs igraph (the build's layout thread beside its
 * metrics). Every igraph call must be inside one.
 * PageRank goes through here too, for a reason of igraph's own.
 */
#ifndef NG_IGRAPH_QUIET_H
#define NG_IGRAPH_QUIET_H

#include <glib.h>
#include <igraph.h>

typedef struct {
    igraph_error_handler_t *error;
    igraph_warning_handler_t *warning;
} NgIgraphHandlers;

NgIgraphHandlers ng_igraph_quiet(void);
void ng_igraph_restore(NgIgraphHandlers h);

/* FALSE with "igraph WHAT: reason" in NG_ERROR_USAGE unless rc is
 * IGRAPH_SUCCESS. */
gboolean ng_igraph_check(igraph_error_t rc, const char *what, GError **error);

/* Weighted PageRank (damping 0.85) of every node with PRPACK, on the
 * calling thread alone. igraph runs PRPACK's loops on OpenMP threads when
 * it was built with OpenMP (Debian's is), and their partial sums come in
 * no fixed order: the last digits changed from run to run. One thread
 * (omp_set_num_threads(1), for the calling thread's parallel regions)
 * makes it deterministic, and PRPACK is still six times faster than
 * ARPACK on the Reuters-21578 graph (0.01 s against 0.06 s). */
igraph_error_t ng_igraph_pagerank(const igraph_t *g, igraph_vector_t *res,
                                  igraph_bool_t directed,
                                  const igraph_vector_t *weights);

/* Leiden communities optimising modularity at `resolution` (1 is plain
 * modularity): node weights are the weighted degrees (strength), the
 * resolution is scaled by the total edge weight, refinement randomness
 * 0.01, one iteration. Not "until stable" (-1): igraph 0.10's loop for
 * it stops after the first iteration that changes something, and never
 * stops where none does - a graph without edges hung (igraph issue
 * #2798). Seed igraph's generator first for a repeatable answer. */
igraph_error_t ng_igraph_leiden(const igraph_t *g,
                                const igraph_vector_t *weights,
                                const igraph_vector_t *strength,
                                double resolution,
                                igraph_vector_int_t *membership);

#endif
