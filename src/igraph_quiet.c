/*
 * igraph_quiet.c - igraph's handlers silenced around library calls, and
 * PageRank on one thread (igraph_quiet.h).
 */
#include "igraph_quiet.h"

#include <dlfcn.h>

#include "ng.h"

/* Held from ng_igraph_quiet to ng_igraph_restore: igraph's state is
 * global, so one thread at a time. Recursive, for quiet sections that
 * call code with quiet sections of its own. Static: needs no init. */
static GRecMutex igraph_lock;

NgIgraphHandlers ng_igraph_quiet(void)
{
    g_rec_mutex_lock(&igraph_lock);
    NgIgraphHandlers h;
    h.error = igraph_set_error_handler(igraph_error_handler_ignore);
    h.warning = igraph_set_warning_handler(igraph_warning_handler_ignore);
    return h;
}

void ng_igraph_restore(NgIgraphHandlers h)
{
    igraph_set_error_handler(h.error);
    igraph_set_warning_handler(h.warning);
    g_rec_mutex_unlock(&igraph_lock);
}

gboolean ng_igraph_check(igraph_error_t rc, const char *what, GError **error)
{
    if (rc == IGRAPH_SUCCESS)
        return TRUE;
    g_set_error(error, NG_ERROR, NG_ERROR_USAGE, "igraph %s: %s", what,
                igraph_strerror(rc));
    return FALSE;
}

/* omp_set_num_threads, looked up once: present when igraph was built with
 * OpenMP (it is then loaded with igraph), absent otherwise. */
static gpointer find_set_num_threads(gpointer unused)
{
    void *self = dlopen(NULL, RTLD_LAZY);
    gpointer f = self ? dlsym(self, "omp_set_num_threads") : NULL;
    if (self)
        dlclose(self);
    return f;
}

igraph_error_t ng_igraph_pagerank(const igraph_t *g, igraph_vector_t *res,
                                  igraph_bool_t directed,
                                  const igraph_vector_t *weights)
{
    static GOnce once = G_ONCE_INIT;
    void (*set_num_threads)(int) =
        (void (*)(int))g_once(&once, find_set_num_threads, NULL);
    if (set_num_threads)
        set_num_threads(1);   /* for parallel regions of this thread only */
    return igraph_pagerank(g, IGRAPH_PAGERANK_ALGO_PRPACK, res, NULL,
                           igraph_vss_all(), directed, 0.85, weights, NULL);
}

igraph_error_t ng_igraph_leiden(const igraph_t *g,
                                const igraph_vector_t *weights,
                                const igraph_vector_t *strength,
                                double resolution,
                                igraph_vector_int_t *membership)
{
    /* Modularity's null model is strength_i * strength_j / (2m); Leiden
     * takes it as node weights times a resolution, so the resolution
     * carries the 1 / (2m). Without edges every node is alone anyway. */
    double total = igraph_vector_sum(weights);
    return igraph_community_leiden(g, weights, strength,
                                   total > 0 ? resolution / (2 * total)
                                             : resolution,
                                   0.01, FALSE, 1, membership, NULL, NULL);
}
