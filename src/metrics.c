/*
 * metrics.c - node metrics, layout and appearance with igraph (metrics.h).
 *
 * igraph's default error handler aborts the process and its warning
 * handler prints; the library must do neither, so every igraph call made
 * here runs between quiet() and loud(), which install igraph's "ignore"
 * handlers (errors come back as return codes) and then put the previous
 * ones back.
 */
#include <math.h>
#include <string.h>
#include <igraph.h>

#include "cooccur.h"
#include "metrics.h"
#include "ng.h"

typedef struct {
    igraph_error_handler_t *error;
    igraph_warning_handler_t *warning;
} Handlers;

static Handlers quiet(void)
{
    Handlers h;
    h.error = igraph_set_error_handler(igraph_error_handler_ignore);
    h.warning = igraph_set_warning_handler(igraph_warning_handler_ignore);
    return h;
}

static void loud(Handlers h)
{
    igraph_set_error_handler(h.error);
    igraph_set_warning_handler(h.warning);
}

static gboolean check(igraph_error_t rc, const char *what, GError **error)
{
    if (rc == IGRAPH_SUCCESS)
        return TRUE;
    g_set_error(error, NG_ERROR, NG_ERROR_USAGE, "igraph %s: %s", what,
                igraph_strerror(rc));
    return FALSE;
}

/* The NgGraph as an undirected igraph multigraph with the edge weights,
 * or only its edges of `relation` when that is not NULL. `transform`, if
 * given, maps each weight (layouts use log(1 + w)). */
static igraph_error_t to_igraph(const NgGraph *g, const char *relation,
                                double (*transform)(double), igraph_t *ig,
                                igraph_vector_t *weights)
{
    igraph_vector_int_t ends;
    igraph_error_t rc = igraph_vector_int_init(&ends, 0);
    if (rc != IGRAPH_SUCCESS)
        return rc;
    rc = igraph_vector_init(weights, 0);
    if (rc != IGRAPH_SUCCESS) {
        igraph_vector_int_destroy(&ends);
        return rc;
    }
    for (guint i = 0; i < ng_graph_n_edges(g) && rc == IGRAPH_SUCCESS; i++) {
        const NgEdge *e = ng_graph_get_edge(g, i);
        if (relation && strcmp(e->relation, relation))
            continue;
        rc = igraph_vector_int_push_back(&ends, e->source);
        if (rc == IGRAPH_SUCCESS)
            rc = igraph_vector_int_push_back(&ends, e->target);
        if (rc == IGRAPH_SUCCESS)
            rc = igraph_vector_push_back(weights, transform ? transform(e->weight)
                                                            : e->weight);
    }
    if (rc == IGRAPH_SUCCESS)
        rc = igraph_create(ig, &ends, ng_graph_n_nodes(g), IGRAPH_UNDIRECTED);
    igraph_vector_int_destroy(&ends);
    if (rc != IGRAPH_SUCCESS)
        igraph_vector_destroy(weights);
    return rc;
}

static void copy_vector(double *to, const igraph_vector_t *v)
{
    for (igraph_integer_t i = 0; i < igraph_vector_size(v); i++)
        to[i] = VECTOR(*v)[i];
}

/* Renumber communities from the largest down; ties go to the community
 * whose smallest node id sorts first, so numbers do not depend on igraph's
 * internal order. */
typedef struct {
    guint size;
    const char *first_id;
    gint32 old;
} Community;

static gint cmp_community(gconstpointer a, gconstpointer b)
{
    const Community *x = a, *y = b;
    if (x->size != y->size)
        return x->size > y->size ? -1 : 1;
    return strcmp(x->first_id, y->first_id);
}

static void number_communities(NgMetrics *m, const NgGraph *g,
                               const igraph_vector_int_t *membership)
{
    guint n = m->n_nodes, k = 0;
    for (guint i = 0; i < n; i++)
        k = MAX(k, (guint)VECTOR(*membership)[i] + 1);
    Community *c = g_new0(Community, k);
    for (guint i = 0; i < n; i++) {
        Community *ci = &c[VECTOR(*membership)[i]];
        const char *id = ng_graph_get_node(g, i)->id;
        ci->size++;
        if (!ci->first_id || strcmp(id, ci->first_id) < 0)
            ci->first_id = id;
    }
    for (guint i = 0; i < k; i++)
        c[i].old = (gint32)i;
    qsort(c, k, sizeof *c, cmp_community);
    gint32 *renumber = g_new(gint32, k);
    for (guint i = 0; i < k; i++)
        renumber[c[i].old] = (gint32)i;
    for (guint i = 0; i < n; i++)
        m->community[i] = renumber[VECTOR(*membership)[i]];
    m->n_communities = k;
    g_free(renumber);
    g_free(c);
}

static igraph_error_t communities(NgMetrics *m, const NgGraph *g)
{
    igraph_t co;
    igraph_vector_t w;
    igraph_vector_int_t membership;
    igraph_error_t rc = to_igraph(g, NG_COOCCURS, NULL, &co, &w);
    if (rc != IGRAPH_SUCCESS)
        return rc;
    rc = igraph_vector_int_init(&membership, 0);
    if (rc == IGRAPH_SUCCESS) {
        igraph_rng_seed(igraph_rng_default(), NG_METRICS_SEED);
        rc = igraph_community_multilevel(&co, &w, 1.0, &membership, NULL,
                                         NULL);
        if (rc == IGRAPH_SUCCESS)
            number_communities(m, g, &membership);
        igraph_vector_int_destroy(&membership);
    }
    igraph_vector_destroy(&w);
    igraph_destroy(&co);
    return rc;
}

NgMetrics *ng_metrics_compute(const NgGraph *g, GError **error)
{
    NgMetrics *m = g_new0(NgMetrics, 1);
    guint n = m->n_nodes = ng_graph_n_nodes(g);
    m->n_edges = ng_graph_n_edges(g);
    m->degree = g_new0(gint32, n);
    m->weighted_degree = g_new0(double, n);
    m->pagerank = g_new0(double, n);
    m->betweenness = g_new0(double, n);
    m->community = g_new0(gint32, n);
    m->betweenness_kind = n > NG_BETWEENNESS_EXACT_MAX
                              ? NG_BETWEENNESS_APPROXIMATE
                              : NG_BETWEENNESS_EXACT;
    if (n == 0)
        return m;

    Handlers h = quiet();
    igraph_t ig;
    igraph_vector_t w, res;
    igraph_vector_int_t deg;
    gboolean ok = check(to_igraph(g, NULL, NULL, &ig, &w), "graph", error);
    if (ok) {
        igraph_vector_init(&res, n);
        igraph_vector_int_init(&deg, n);
        ok = check(igraph_degree(&ig, &deg, igraph_vss_all(), IGRAPH_ALL,
                                 IGRAPH_LOOPS), "degree", error);
        for (guint i = 0; ok && i < n; i++)
            m->degree[i] = (gint32)MIN(VECTOR(deg)[i], G_MAXINT32);
        ok = ok && check(igraph_strength(&ig, &res, igraph_vss_all(),
                                         IGRAPH_ALL, IGRAPH_LOOPS, &w),
                         "strength", error);
        if (ok)
            copy_vector(m->weighted_degree, &res);
        igraph_real_t value;
        ok = ok && check(igraph_pagerank(&ig, IGRAPH_PAGERANK_ALGO_PRPACK,
                                         &res, &value, igraph_vss_all(),
                                         IGRAPH_UNDIRECTED, 0.85, &w, NULL),
                         "pagerank", error);
        if (ok)
            copy_vector(m->pagerank, &res);
        if (ok && m->betweenness_kind == NG_BETWEENNESS_EXACT)
            ok = check(igraph_betweenness(&ig, &res, igraph_vss_all(),
                                          IGRAPH_UNDIRECTED, NULL),
                       "betweenness", error);
        else if (ok)
            ok = check(igraph_betweenness_cutoff(&ig, &res, igraph_vss_all(),
                                                 IGRAPH_UNDIRECTED, NULL,
                                                 NG_BETWEENNESS_CUTOFF),
                       "betweenness", error);
        if (ok)
            copy_vector(m->betweenness, &res);
        ok = ok && check(communities(m, g), "community", error);
        igraph_vector_int_destroy(&deg);
        igraph_vector_destroy(&res);
        igraph_vector_destroy(&w);
        igraph_destroy(&ig);
    }
    loud(h);
    if (!ok)
        g_clear_pointer(&m, ng_metrics_free);
    return m;
}

static double log1p_weight(double w)
{
    return log1p(w);
}

/* Centre on 0 and scale into a square of side 100 * sqrt(n) + 200. */
static void fit(NgMetrics *m, const igraph_matrix_t *pos)
{
    guint n = m->n_nodes;
    double lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY };
    for (guint i = 0; i < n; i++)
        for (int d = 0; d < 2; d++) {
            double v = MATRIX(*pos, i, d);
            lo[d] = MIN(lo[d], v);
            hi[d] = MAX(hi[d], v);
        }
    double extent = MAX(hi[0] - lo[0], hi[1] - lo[1]);
    double scale = extent > 0 ? (100 * sqrt(n) + 200) / extent : 0;
    for (guint i = 0; i < n; i++) {
        m->x[i] = (MATRIX(*pos, i, 0) - (lo[0] + hi[0]) / 2) * scale;
        m->y[i] = (MATRIX(*pos, i, 1) - (lo[1] + hi[1]) / 2) * scale;
    }
}

gboolean ng_metrics_layout(NgMetrics *m, const NgGraph *g, GError **error)
{
    guint n = m->n_nodes;
    g_free(m->x);
    g_free(m->y);
    m->x = g_new0(double, n);
    m->y = g_new0(double, n);
    m->layout_kind = n > NG_LAYOUT_FR_MAX ? NG_LAYOUT_DRL : NG_LAYOUT_FR;
    if (n == 0)
        return TRUE;

    Handlers h = quiet();
    igraph_t ig;
    igraph_vector_t w;
    igraph_matrix_t pos;
    gboolean ok = check(to_igraph(g, NULL, log1p_weight, &ig, &w), "graph",
                        error);
    if (ok) {
        ok = check(igraph_matrix_init(&pos, n, 2), "layout", error);
        igraph_rng_seed(igraph_rng_default(), NG_METRICS_SEED);
        if (ok && m->layout_kind == NG_LAYOUT_FR) {
            ok = check(igraph_layout_fruchterman_reingold(
                           &ig, &pos, FALSE, 500, sqrt(n),
                           IGRAPH_LAYOUT_AUTOGRID, &w, NULL, NULL, NULL,
                           NULL),
                       "fruchterman-reingold layout", error);
        } else if (ok) {
            igraph_layout_drl_options_t opt;
            ok = check(igraph_layout_drl_options_init(&opt,
                                                      IGRAPH_LAYOUT_DRL_DEFAULT),
                       "drl layout", error) &&
                 check(igraph_layout_drl(&ig, &pos, FALSE, &opt, &w),
                       "drl layout", error);
        }
        if (ok)
            fit(m, &pos);
        igraph_matrix_destroy(&pos);
        igraph_vector_destroy(&w);
        igraph_destroy(&ig);
    }
    loud(h);
    if (!ok) {
        g_clear_pointer(&m->x, g_free);
        g_clear_pointer(&m->y, g_free);
        m->layout_kind = NG_LAYOUT_NONE;
    }
    return ok;
}

static double size_basis(const NgMetrics *m, const NgGraph *g, NgSizeBy by,
                         guint i)
{
    switch (by) {
    case NG_SIZE_BY_WEIGHTED_DEGREE:
        return m->weighted_degree[i];
    case NG_SIZE_BY_PAGERANK:
        return m->pagerank[i];
    case NG_SIZE_BY_DEGREE:
        return m->degree[i];
    case NG_SIZE_BY_MENTIONS:
        break;
    }
    return (double)ng_graph_get_node(g, i)->mentions;
}

void ng_metrics_appearance(NgMetrics *m, const NgGraph *g, const NgPalette *p)
{
    guint n = m->n_nodes;
    g_free(m->node_color);
    g_free(m->size);
    g_free(m->edge_color);
    m->node_color = g_new(guint32, n);
    m->size = g_new(double, n);
    m->edge_color = g_new(guint32, m->n_edges);

    /* Area, not radius, follows the value: size grows with its square
     * root, so a hub ten times as big is not ten times as wide. */
    double top = 0;
    for (guint i = 0; i < n; i++)
        top = MAX(top, size_basis(m, g, p->size_by, i));
    for (guint i = 0; i < n; i++) {
        double v = size_basis(m, g, p->size_by, i);
        m->size[i] = p->size_min + (top > 0 ? (p->size_max - p->size_min) *
                                                  sqrt(MAX(v, 0) / top)
                                            : 0);
        m->node_color[i] = p->node[ng_graph_get_node(g, i)->type];
    }
    for (guint i = 0; i < m->n_edges; i++)
        m->edge_color[i] = ng_palette_edge_color(p,
                                   ng_graph_get_edge(g, i)->relation);
}

void ng_metrics_free(NgMetrics *m)
{
    if (!m)
        return;
    g_free(m->degree);
    g_free(m->weighted_degree);
    g_free(m->pagerank);
    g_free(m->betweenness);
    g_free(m->community);
    g_free(m->x);
    g_free(m->y);
    g_free(m->node_color);
    g_free(m->size);
    g_free(m->edge_color);
    g_free(m);
}

char *ng_metrics_describe(const NgMetrics *m)
{
    static const char *const layouts[] = {
        [NG_LAYOUT_NONE] = "none",
        [NG_LAYOUT_FR] = "fruchterman-reingold",
        [NG_LAYOUT_DRL] = "drl",
    };
    return g_strdup_printf(
        "betweenness %s, communities louvain, layout %s, seed %d",
        m->betweenness_kind == NG_BETWEENNESS_EXACT
            ? "exact" : "paths of up to " G_STRINGIFY(NG_BETWEENNESS_CUTOFF) " edges",
        layouts[m->layout_kind], NG_METRICS_SEED);
}
