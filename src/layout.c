/*
 * layout.c - node positions for Gephi and `negraph render`
 * (ng_metrics_layout, described in metrics.h).
 *
 * A force-directed layout of a graph in several pieces pushes the small
 * pieces and lone nodes far out, squeezing the main piece into a corner
 * of the picture. So each connected component is laid out by itself and
 * scaled to the same density (about 4 square units per node, lone nodes
 * 1), and the components are packed in rows ("shelves"), largest first,
 * half a unit apart: the main component on top, the small groups and
 * lone nodes in rows beneath it, the rows about as wide as a 4:3 picture
 * of the whole needs. News graphs have many lone names; at this density
 * they take a band under the main component, not the picture.
 */
#include <math.h>
#include <string.h>
#include <igraph.h>

#include "force_layout.h"
#include "igraph_quiet.h"
#include "metrics.h"

typedef struct {
    GArray *nodes;       /* guint node indices, in index order */
    GArray *edges;       /* guint edge indices */
    double x0, y0, x1, y1;   /* bounding box after normalising */
    double dx, dy;           /* the shift the packing gives it */
} Component;

static guint root(guint *parent, guint i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

/* The weakly connected components, largest first (ties: the one holding
 * the lower node index first). */
static GPtrArray *components(const NgGraph *g)
{
    guint n = ng_graph_n_nodes(g);
    guint *parent = g_new(guint, n);
    for (guint i = 0; i < n; i++)
        parent[i] = i;
    for (guint i = 0; i < ng_graph_n_edges(g); i++) {
        const NgEdge *e = ng_graph_get_edge(g, i);
        parent[root(parent, e->source)] = root(parent, e->target);
    }
    GPtrArray *comps = g_ptr_array_new();
    Component **of_root = g_new0(Component *, n);
    for (guint i = 0; i < n; i++) {
        guint r = root(parent, i);
        if (!of_root[r]) {
            of_root[r] = g_new0(Component, 1);
            of_root[r]->nodes = g_array_new(FALSE, FALSE, sizeof(guint));
            of_root[r]->edges = g_array_new(FALSE, FALSE, sizeof(guint));
            g_ptr_array_add(comps, of_root[r]);
        }
        g_array_append_val(of_root[r]->nodes, i);
    }
    for (guint i = 0; i < ng_graph_n_edges(g); i++)
        g_array_append_val(of_root[root(parent, ng_graph_get_edge(g, i)->source)]->edges, i);
    g_free(of_root);
    g_free(parent);
    return comps;
}

static gint cmp_component(gconstpointer a, gconstpointer b)
{
    const Component *x = *(Component *const *)a, *y = *(Component *const *)b;
    if (x->nodes->len != y->nodes->len)
        return x->nodes->len > y->nodes->len ? -1 : 1;
    guint fx = g_array_index(x->nodes, guint, 0);
    guint fy = g_array_index(y->nodes, guint, 0);
    return fx < fy ? -1 : fx > fy;
}

static void component_free(gpointer p)
{
    Component *c = p;
    g_array_free(c->nodes, TRUE);
    g_array_free(c->edges, TRUE);
    g_free(c);
}

/* igraph's DrL, for components too big for Fruchterman-Reingold; x into
 * pos[0 .. n), y into pos[n .. 2n). */
static igraph_error_t layout_drl(guint n, guint n_edges, const guint *ends,
                                 const double *weight, double *pos)
{
    igraph_vector_int_t ev;
    igraph_vector_t w;
    igraph_t ig;
    igraph_matrix_t res;
    IGRAPH_VECTOR_INT_INIT_FINALLY(&ev, 2 * (igraph_integer_t)n_edges);
    IGRAPH_VECTOR_INIT_FINALLY(&w, n_edges);
    for (guint i = 0; i < 2 * n_edges; i++)
        VECTOR(ev)[i] = ends[i];
    for (guint i = 0; i < n_edges; i++)
        VECTOR(w)[i] = weight[i];
    IGRAPH_CHECK(igraph_create(&ig, &ev, n, IGRAPH_UNDIRECTED));
    IGRAPH_FINALLY(igraph_destroy, &ig);
    IGRAPH_MATRIX_INIT_FINALLY(&res, n, 2);
    igraph_rng_seed(igraph_rng_default(), NG_METRICS_SEED);
    igraph_layout_drl_options_t opt;
    IGRAPH_CHECK(igraph_layout_drl_options_init(&opt, IGRAPH_LAYOUT_DRL_DEFAULT));
    IGRAPH_CHECK(igraph_layout_drl(&ig, &res, FALSE, &opt, &w));
    for (guint i = 0; i < n; i++) {
        pos[i] = MATRIX(res, i, 0);
        pos[n + i] = MATRIX(res, i, 1);
    }
    igraph_matrix_destroy(&res);
    igraph_destroy(&ig);
    igraph_vector_destroy(&w);
    igraph_vector_int_destroy(&ev);
    IGRAPH_FINALLY_CLEAN(4);
    return IGRAPH_SUCCESS;
}

/* Lay out one component of two or more nodes into m->x, m->y. `local`
 * is scratch of one guint per node of the graph. */
static igraph_error_t layout_component(NgMetrics *m, const NgGraph *g,
                                       const Component *c, guint fr_max,
                                       guint *local)
{
    guint n = c->nodes->len, n_edges = c->edges->len;
    for (guint i = 0; i < n; i++)
        local[g_array_index(c->nodes, guint, i)] = i;
    guint *ends = g_new(guint, 2 * (gsize)n_edges);
    double *w = g_new(double, n_edges);
    for (guint i = 0; i < n_edges; i++) {
        const NgEdge *e = ng_graph_get_edge(g, g_array_index(c->edges, guint, i));
        ends[2 * i] = local[e->source];
        ends[2 * i + 1] = local[e->target];
        w[i] = log1p(e->weight);
    }
    double *pos = g_new(double, 2 * (gsize)n);
    igraph_error_t rc = IGRAPH_SUCCESS;
    if (n <= fr_max) {
        /* Two nodes need no steps: both forces act along the line between
         * them and only set its length, which normalise() sets anyway;
         * the start gives the direction (a sixth of the time on Reuters,
         * whose 3,468 small components are mostly pairs). */
        gboolean grid = n > NG_LAYOUT_FR_GRID;
        guint steps = n == 2 ? 0 : grid ? NG_LAYOUT_FR_ITER_LARGE
                                        : NG_LAYOUT_FR_ITER;
        ng_force_layout(n, n_edges, ends, w, steps, grid, NG_METRICS_SEED,
                        pos, pos + n);
    } else {
        NgIgraphHandlers h = ng_igraph_quiet();
        rc = layout_drl(n, n_edges, ends, w, pos);
        ng_igraph_restore(h);
        m->layout_kind = NG_LAYOUT_DRL;
    }
    for (guint i = 0; rc == IGRAPH_SUCCESS && i < n; i++) {
        guint v = g_array_index(c->nodes, guint, i);
        m->x[v] = pos[i];
        m->y[v] = pos[n + i];
    }
    g_free(pos);
    g_free(w);
    g_free(ends);
    return rc;
}

/* Scale the component to an area of 4 square units per node and find its
 * bounding box (half a unit beyond its outer nodes). */
static void normalise(NgMetrics *m, Component *c)
{
    guint n = c->nodes->len;
    double lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY };
    for (guint i = 0; i < n; i++) {
        guint v = g_array_index(c->nodes, guint, i);
        lo[0] = MIN(lo[0], m->x[v]), hi[0] = MAX(hi[0], m->x[v]);
        lo[1] = MIN(lo[1], m->y[v]), hi[1] = MAX(hi[1], m->y[v]);
    }
    double area = MAX(hi[0] - lo[0], 1e-9) * MAX(hi[1] - lo[1], 1e-9);
    double scale = n > 1 ? sqrt(4.0 * n / area) : 1;
    if (n == 2)   /* a pair lies on a line: area says nothing */
        scale = 2 / MAX(hypot(hi[0] - lo[0], hi[1] - lo[1]), 1e-9);
    c->x0 = c->y0 = INFINITY;
    c->x1 = c->y1 = -INFINITY;
    for (guint i = 0; i < n; i++) {
        guint v = g_array_index(c->nodes, guint, i);
        m->x[v] *= scale;
        m->y[v] *= scale;
        c->x0 = MIN(c->x0, m->x[v] - 0.5), c->x1 = MAX(c->x1, m->x[v] + 0.5);
        c->y0 = MIN(c->y0, m->y[v] - 0.5), c->y1 = MAX(c->y1, m->y[v] + 0.5);
    }
}

/* Shelf packing of the components (sorted, largest first): left to
 * right in rows from the top down (y grows upwards, as in Gephi), a new
 * row when the next one would pass the target width. */
static void pack(GPtrArray *comps)
{
    double area = 0, widest = 0;
    for (guint k = 0; k < comps->len; k++) {
        const Component *c = comps->pdata[k];
        area += (c->x1 - c->x0 + 0.5) * (c->y1 - c->y0 + 0.5);
        widest = MAX(widest, c->x1 - c->x0);
    }
    double width = MAX(widest, sqrt(area * 4 / 3));
    double x = 0, top = 0, row = 0;   /* row: height of the current row */
    for (guint k = 0; k < comps->len; k++) {
        Component *c = comps->pdata[k];
        double w = c->x1 - c->x0, h = c->y1 - c->y0;
        if (x > 0 && x + w > width) {
            x = 0;
            top -= row + 0.5;
            row = 0;
        }
        c->dx = x - c->x0;
        c->dy = top - c->y1;
        x += w + 0.5;
        row = MAX(row, h);
    }
}

/* Centre on 0 and scale into a square of side 100 * sqrt(n) + 200. */
static void fit(NgMetrics *m)
{
    guint n = m->n_nodes;
    double lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY };
    for (guint i = 0; i < n; i++) {
        lo[0] = MIN(lo[0], m->x[i]), hi[0] = MAX(hi[0], m->x[i]);
        lo[1] = MIN(lo[1], m->y[i]), hi[1] = MAX(hi[1], m->y[i]);
    }
    double extent = MAX(hi[0] - lo[0], hi[1] - lo[1]);
    double scale = extent > 0 ? (100 * sqrt(n) + 200) / extent : 0;
    for (guint i = 0; i < n; i++) {
        m->x[i] = (m->x[i] - (lo[0] + hi[0]) / 2) * scale;
        m->y[i] = (m->y[i] - (lo[1] + hi[1]) / 2) * scale;
    }
}

gboolean ng_metrics_layout(NgMetrics *m, const NgGraph *g, guint fr_max,
                           GError **error)
{
    guint n = m->n_nodes;
    g_free(m->x);
    g_free(m->y);
    m->x = g_new0(double, n);
    m->y = g_new0(double, n);
    m->layout_kind = NG_LAYOUT_FR;

    GPtrArray *comps = components(g);
    g_ptr_array_set_free_func(comps, component_free);
    g_ptr_array_sort(comps, cmp_component);
    m->n_components = comps->len;
    guint *local = g_new(guint, MAX(n, 1));
    gboolean ok = TRUE;
    for (guint k = 0; k < comps->len && ok; k++) {
        Component *c = comps->pdata[k];
        if (c->nodes->len > 1)
            ok = ng_igraph_check(layout_component(m, g, c, fr_max, local),
                                 "layout", error);
        normalise(m, c);
    }
    g_free(local);
    if (ok) {
        pack(comps);
        for (guint k = 0; k < comps->len; k++) {
            const Component *c = comps->pdata[k];
            for (guint i = 0; i < c->nodes->len; i++) {
                guint v = g_array_index(c->nodes, guint, i);
                m->x[v] += c->dx;
                m->y[v] += c->dy;
            }
        }
        fit(m);
    } else {
        g_clear_pointer(&m->x, g_free);
        g_clear_pointer(&m->y, g_free);
        m->layout_kind = NG_LAYOUT_NONE;
    }
    g_ptr_array_free(comps, TRUE);
    return ok;
}
