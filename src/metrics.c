/*
 * metrics.c - node metrics, layout and appearance with igraph (metrics.h).
 * Every igraph call runs with igraph's handlers silenced (igraph_quiet.h).
 */
#include <math.h>
#include <string.h>
#include <igraph.h>

#include "betweenness.h"
#include "cooccur.h"
#include "igraph_quiet.h"
#include "metrics.h"
#include "ng.h"

/* The NgGraph as an undirected igraph multigraph with the edge weights,
 * or only its edges of `relation` when that is not NULL. `transform`, if
 * given, maps each weight (layouts use log(1 + w)). */
static igraph_error_t to_igraph(const NgGraph *g, const char *relation,
                                double (*transform)(double), igraph_t *ig,
                                igraph_vector_t *weights)
{
    igraph_vector_int_t ends;
    IGRAPH_VECTOR_INT_INIT_FINALLY(&ends, 0);
    IGRAPH_VECTOR_INIT_FINALLY(weights, 0);
    for (guint i = 0; i < ng_graph_n_edges(g); i++) {
        const NgEdge *e = ng_graph_get_edge(g, i);
        if (relation && strcmp(e->relation, relation))
            continue;
        IGRAPH_CHECK(igraph_vector_int_push_back(&ends, e->source));
        IGRAPH_CHECK(igraph_vector_int_push_back(&ends, e->target));
        IGRAPH_CHECK(igraph_vector_push_back(weights, transform
                                                          ? transform(e->weight)
                                                          : e->weight));
    }
    IGRAPH_CHECK(igraph_create(ig, &ends, ng_graph_n_nodes(g),
                               IGRAPH_UNDIRECTED));
    igraph_vector_int_destroy(&ends);
    IGRAPH_FINALLY_CLEAN(2);   /* the caller owns ig and weights now */
    return IGRAPH_SUCCESS;
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
    igraph_vector_t w, strength;
    igraph_vector_int_t membership;

    IGRAPH_CHECK(to_igraph(g, NG_COOCCURS, NULL, &co, &w));
    IGRAPH_FINALLY(igraph_destroy, &co);
    IGRAPH_FINALLY(igraph_vector_destroy, &w);
    IGRAPH_VECTOR_INIT_FINALLY(&strength, 0);
    IGRAPH_VECTOR_INT_INIT_FINALLY(&membership, 0);
    IGRAPH_CHECK(igraph_strength(&co, &strength, igraph_vss_all(), IGRAPH_ALL,
                                 IGRAPH_LOOPS, &w));
    igraph_rng_seed(igraph_rng_default(), NG_METRICS_SEED);
    IGRAPH_CHECK(ng_igraph_leiden(&co, &w, &strength, 1.0, &membership));
    number_communities(m, g, &membership);
    igraph_vector_int_destroy(&membership);
    igraph_vector_destroy(&strength);
    igraph_vector_destroy(&w);
    igraph_destroy(&co);
    IGRAPH_FINALLY_CLEAN(4);
    return IGRAPH_SUCCESS;
}

/* A hash of a node id that never changes (FNV-1a, 64 bits, then
 * MurmurHash3's finalizer: FNV alone leaves the high bits of ids that
 * differ in their last characters alike, and the lowest hashes would all
 * be such neighbours): the pivots of the betweenness estimate depend on
 * the ids alone, not on the order the nodes were met in, the platform or
 * the number of threads. */
static guint64 id_hash(const char *id)
{
    guint64 h = G_GUINT64_CONSTANT(14695981039346656037);
    for (const guchar *p = (const guchar *)id; *p; p++)
        h = (h ^ *p) * G_GUINT64_CONSTANT(1099511628211);
    h ^= h >> 33;
    h *= G_GUINT64_CONSTANT(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= G_GUINT64_CONSTANT(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h;
}

typedef struct {
    guint64 hash;
    const char *id;
    guint node;
} Pivot;

static gint cmp_pivot(gconstpointer a, gconstpointer b)
{
    const Pivot *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* The NG_BETWEENNESS_PIVOTS nodes whose ids hash lowest, into `pivots`;
 * returns how many (fewer when the graph is smaller). */
static guint choose_pivots(const NgGraph *g, guint *pivots)
{
    guint n = ng_graph_n_nodes(g), k = MIN(n, NG_BETWEENNESS_PIVOTS);
    Pivot *all = g_new(Pivot, n);
    for (guint i = 0; i < n; i++) {
        const char *id = ng_graph_get_node(g, i)->id;
        all[i] = (Pivot){ id_hash(id), id, i };
    }
    qsort(all, n, sizeof *all, cmp_pivot);
    for (guint i = 0; i < k; i++)
        pivots[i] = all[i].node;
    g_free(all);
    return k;
}

/* Betweenness: exact (Brandes) on small graphs; on larger ones the
 * shortest paths from the pivots only, scaled by nodes / pivots - an
 * unbiased estimate of the exact value whose cost grows with the pivots,
 * not with the square of the graph. */
static void betweenness(NgMetrics *m, const NgGraph *g)
{
    if (m->betweenness_kind == NG_BETWEENNESS_EXACT) {
        ng_betweenness(g, NULL, 0, m->betweenness);
        return;
    }
    guint pivots[NG_BETWEENNESS_PIVOTS];
    guint k = choose_pivots(g, pivots);
    ng_betweenness(g, pivots, k, m->betweenness);
    for (guint i = 0; i < m->n_nodes; i++)
        m->betweenness[i] *= (double)m->n_nodes / k;
}

/* Degree, strength and PageRank of the whole graph. igraph's
 * idiom: IGRAPH_CHECK returns the error after the (ignoring) error
 * handler has freed everything put on the IGRAPH_FINALLY stack. */
static igraph_error_t centralities(NgMetrics *m, const NgGraph *g)
{
    igraph_t ig;
    igraph_vector_t w, res;
    igraph_vector_int_t deg;

    IGRAPH_CHECK(to_igraph(g, NULL, NULL, &ig, &w));
    IGRAPH_FINALLY(igraph_destroy, &ig);
    IGRAPH_FINALLY(igraph_vector_destroy, &w);
    IGRAPH_VECTOR_INIT_FINALLY(&res, 0);
    IGRAPH_VECTOR_INT_INIT_FINALLY(&deg, 0);

    IGRAPH_CHECK(igraph_degree(&ig, &deg, igraph_vss_all(), IGRAPH_ALL,
                               IGRAPH_LOOPS));
    for (guint i = 0; i < m->n_nodes; i++)
        m->degree[i] = (gint32)MIN(VECTOR(deg)[i], G_MAXINT32);
    IGRAPH_CHECK(igraph_strength(&ig, &res, igraph_vss_all(), IGRAPH_ALL,
                                 IGRAPH_LOOPS, &w));
    copy_vector(m->weighted_degree, &res);
    IGRAPH_CHECK(ng_igraph_pagerank(&ig, &res, IGRAPH_UNDIRECTED, &w));
    copy_vector(m->pagerank, &res);

    igraph_vector_int_destroy(&deg);
    igraph_vector_destroy(&res);
    igraph_vector_destroy(&w);
    igraph_destroy(&ig);
    IGRAPH_FINALLY_CLEAN(4);
    return IGRAPH_SUCCESS;
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
                              ? NG_BETWEENNESS_ESTIMATED
                              : NG_BETWEENNESS_EXACT;
    if (n == 0)
        return m;

    NgIgraphHandlers h = ng_igraph_quiet();
    gboolean ok = ng_igraph_check(centralities(m, g), "centralities", error) &&
                  ng_igraph_check(communities(m, g), "communities", error);
    ng_igraph_restore(h);
    if (ok)
        betweenness(m, g);
    else
        g_clear_pointer(&m, ng_metrics_free);
    return m;
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
    m->edge_color = ng_metrics_edge_colors(g, p);

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
}

guint32 *ng_metrics_edge_colors(const NgGraph *g, const NgPalette *p)
{
    guint32 *c = g_new(guint32, MAX(ng_graph_n_edges(g), 1));
    for (guint i = 0; i < ng_graph_n_edges(g); i++)
        c[i] = ng_palette_edge_color(p, ng_graph_get_edge(g, i)->relation);
    return c;
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
        "betweenness %s, communities leiden, layout %s, seed %d",
        m->betweenness_kind == NG_BETWEENNESS_EXACT
            ? "exact" : "estimated from " G_STRINGIFY(NG_BETWEENNESS_PIVOTS) " pivots",
        layouts[m->layout_kind], NG_METRICS_SEED);
}
