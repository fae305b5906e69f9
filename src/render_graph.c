/*
 * render_graph.c - the graph `negraph render` draws: read back from the
 * GraphML with igraph's reader and its C attribute table, then cut down
 * to what the user asked for (render.h).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <igraph.h>

#include "igraph_quiet.h"
#include "ng.h"
#include "palette.h"
#include "render.h"

static void node_clear(gpointer p)
{
    NgRenderNode *n = p;
    g_free(n->id);
    g_free(n->label);
    g_free(n->type);
}

static void edge_clear(gpointer p)
{
    g_free(((NgRenderEdge *)p)->relation);
}

static NgRenderGraph *graph_new(void)
{
    NgRenderGraph *g = g_new0(NgRenderGraph, 1);
    g->nodes = g_array_new(FALSE, TRUE, sizeof(NgRenderNode));
    g->edges = g_array_new(FALSE, TRUE, sizeof(NgRenderEdge));
    g_array_set_clear_func(g->nodes, node_clear);
    g_array_set_clear_func(g->edges, edge_clear);
    return g;
}

void ng_render_graph_free(NgRenderGraph *g)
{
    if (!g)
        return;
    g_array_free(g->nodes, TRUE);
    g_array_free(g->edges, TRUE);
    g_free(g);
}

static gboolean has(const igraph_t *ig, igraph_attribute_elemtype_t t,
                    const char *name)
{
    return igraph_cattribute_has_attr(ig, t, name);
}

/* A string attribute, or `fallback` when the key or value is missing. */
static char *vstr(const igraph_t *ig, const char *name, igraph_integer_t v,
                  const char *fallback)
{
    const char *s = has(ig, IGRAPH_ATTRIBUTE_VERTEX, name)
                        ? VAS(ig, name, v) : NULL;
    return g_strdup(s && *s ? s : fallback);
}

/* A number, or `fallback` when missing (igraph reads those as NaN). */
static double vnum(const igraph_t *ig, const char *name, igraph_integer_t v,
                   double fallback)
{
    double d = has(ig, IGRAPH_ATTRIBUTE_VERTEX, name) ? VAN(ig, name, v) : NAN;
    return isfinite(d) ? d : fallback;
}

static guint32 color_of(const char *s)
{
    guint32 rgb = NG_PALETTE_GREY;
    ng_color_parse(s, &rgb);
    return rgb;
}

static void copy_graph(NgRenderGraph *g, const igraph_t *ig)
{
    for (igraph_integer_t v = 0; v < igraph_vcount(ig); v++) {
        NgRenderNode n = { 0 };
        n.id = vstr(ig, "id", v, "");
        n.label = vstr(ig, "label", v, n.id);
        n.type = vstr(ig, "type", v, "entity");
        n.x = VAN(ig, "x", v);
        n.y = VAN(ig, "y", v);
        n.size = vnum(ig, "size", v, 10);
        n.pagerank = vnum(ig, "pagerank", v, n.size);
        char *color = vstr(ig, "color", v, "");
        n.color = color_of(color);
        g_free(color);
        g_array_append_val(g->nodes, n);
    }
    gboolean rel = has(ig, IGRAPH_ATTRIBUTE_EDGE, "relation");
    gboolean dir = has(ig, IGRAPH_ATTRIBUTE_EDGE, "is_directed");
    gboolean wt = has(ig, IGRAPH_ATTRIBUTE_EDGE, "weight");
    gboolean col = has(ig, IGRAPH_ATTRIBUTE_EDGE, "color");
    for (igraph_integer_t e = 0; e < igraph_ecount(ig); e++) {
        NgRenderEdge x = { 0 };
        x.source = (guint)IGRAPH_FROM(ig, e);
        x.target = (guint)IGRAPH_TO(ig, e);
        x.relation = g_strdup(rel ? EAS(ig, "relation", e) : "co-occurs");
        x.directed = dir && EAB(ig, "is_directed", e);
        x.weight = wt && isfinite(EAN(ig, "weight", e)) ? EAN(ig, "weight", e) : 1;
        x.color = col ? color_of(EAS(ig, "color", e)) : NG_PALETTE_GREY;
        g_array_append_val(g->edges, x);
    }
}

NgRenderGraph *ng_render_graph_load(const char *path, GError **error)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        g_set_error(error, NG_ERROR, NG_ERROR_IO, "%s: cannot open: %s", path,
                    g_strerror(errno));
        return NULL;
    }
    igraph_set_attribute_table(&igraph_cattribute_table);
    NgIgraphHandlers h = ng_igraph_quiet();
    igraph_t ig;
    igraph_error_t rc = igraph_read_graph_graphml(&ig, f, 0);
    ng_igraph_restore(h);
    fclose(f);
    if (rc != IGRAPH_SUCCESS) {
        g_set_error(error, NG_ERROR, NG_ERROR_FORMAT,
                    "%s: not a GraphML file igraph can read (%s)", path,
                    igraph_strerror(rc));
        return NULL;
    }

    NgRenderGraph *g = NULL;
    if (!has(&ig, IGRAPH_ATTRIBUTE_VERTEX, "x") ||
        !has(&ig, IGRAPH_ATTRIBUTE_VERTEX, "y")) {
        g_set_error(error, NG_ERROR, NG_ERROR_FORMAT,
                    "%s: no node positions (x, y); build it without --no-layout",
                    path);
    } else {
        g = graph_new();
        copy_graph(g, &ig);
        for (guint i = 0; i < g->nodes->len && g; i++) {
            const NgRenderNode *n = &g_array_index(g->nodes, NgRenderNode, i);
            if (!isfinite(n->x) || !isfinite(n->y)) {
                g_set_error(error, NG_ERROR, NG_ERROR_FORMAT,
                            "%s: node %s has no position", path, n->id);
                g_clear_pointer(&g, ng_render_graph_free);
            }
        }
    }
    igraph_destroy(&ig);
    return g;
}

/* Keep the nodes with keep[i] set and the edges between them (and, when
 * `relation` is given, only edges of that relation); renumber. */
static void keep_only(NgRenderGraph *g, const gboolean *keep)
{
    guint n = g->nodes->len, kept = 0;
    guint *renumber = g_new(guint, n);
    for (guint i = 0; i < n; i++) {
        renumber[i] = kept;
        if (keep[i]) {
            g_array_index(g->nodes, NgRenderNode, kept) =
                g_array_index(g->nodes, NgRenderNode, i);
            kept++;
        } else {
            node_clear(&g_array_index(g->nodes, NgRenderNode, i));
        }
    }
    /* The moved elements now live at their new place: shrink without
     * clearing them twice. */
    g_array_set_clear_func(g->nodes, NULL);
    g_array_set_size(g->nodes, kept);
    g_array_set_clear_func(g->nodes, node_clear);

    guint e_kept = 0;
    for (guint i = 0; i < g->edges->len; i++) {
        NgRenderEdge *e = &g_array_index(g->edges, NgRenderEdge, i);
        if (keep[e->source] && keep[e->target]) {
            e->source = renumber[e->source];
            e->target = renumber[e->target];
            g_array_index(g->edges, NgRenderEdge, e_kept++) = *e;
        } else {
            edge_clear(e);
        }
    }
    g_array_set_clear_func(g->edges, NULL);
    g_array_set_size(g->edges, e_kept);
    g_array_set_clear_func(g->edges, edge_clear);
    g_free(renumber);
}

/* The node whose id or label is `name` (case insensitive), or -1. */
static gint find_node(const NgRenderGraph *g, const char *name)
{
    char *want = g_utf8_casefold(name, -1);
    gint found = -1;
    for (guint i = 0; i < g->nodes->len && found < 0; i++) {
        const NgRenderNode *n = &g_array_index(g->nodes, NgRenderNode, i);
        char *label = g_utf8_casefold(n->label, -1);
        if (!strcmp(n->id, name) || !strcmp(label, want))
            found = (gint)i;
        g_free(label);
    }
    g_free(want);
    return found;
}

/* Breadth-first from `start` over all edges, up to `depth` steps. */
static void ego(NgRenderGraph *g, guint start, guint depth, gboolean *keep)
{
    guint n = g->nodes->len;
    guint *dist = g_new(guint, n);
    for (guint i = 0; i < n; i++)
        dist[i] = G_MAXUINT;
    dist[start] = 0;
    /* Relax all edges once per level: graphs drawn are small. */
    for (guint level = 0; level < depth; level++)
        for (guint i = 0; i < g->edges->len; i++) {
            const NgRenderEdge *e = &g_array_index(g->edges, NgRenderEdge, i);
            if (dist[e->source] == level && dist[e->target] > level + 1)
                dist[e->target] = level + 1;
            if (dist[e->target] == level && dist[e->source] > level + 1)
                dist[e->source] = level + 1;
        }
    for (guint i = 0; i < n; i++)
        keep[i] = dist[i] != G_MAXUINT;
    g_free(dist);
}

static gint cmp_rank_desc(gconstpointer a, gconstpointer b, gpointer data)
{
    const NgRenderGraph *g = data;
    double x = g_array_index(g->nodes, NgRenderNode, *(const guint *)a).pagerank;
    double y = g_array_index(g->nodes, NgRenderNode, *(const guint *)b).pagerank;
    if (x != y)
        return x > y ? -1 : 1;
    return strcmp(g_array_index(g->nodes, NgRenderNode, *(const guint *)a).id,
                  g_array_index(g->nodes, NgRenderNode, *(const guint *)b).id);
}

guint *ng_render_by_rank(const NgRenderGraph *g)
{
    guint *order = g_new(guint, MAX(g->nodes->len, 1));
    for (guint i = 0; i < g->nodes->len; i++)
        order[i] = i;
    g_qsort_with_data(order, (gint)g->nodes->len, sizeof *order,
                      cmp_rank_desc, (gpointer)g);
    return order;
}

gboolean ng_render_select(NgRenderGraph *g, const NgRenderSelect *sel,
                          GError **error)
{
    guint n = g->nodes->len;
    gboolean *keep = g_new(gboolean, MAX(n, 1));

    if (sel->ego) {
        gint start = find_node(g, sel->ego);
        if (start < 0) {
            g_set_error(error, NG_ERROR, NG_ERROR_USAGE,
                        "no node named '%s' (give its label or id)", sel->ego);
            g_free(keep);
            return FALSE;
        }
        ego(g, (guint)start, sel->depth, keep);
        keep_only(g, keep);
    }
    if (sel->relation) {
        guint kept = 0;
        for (guint i = 0; i < g->edges->len; i++) {
            NgRenderEdge *e = &g_array_index(g->edges, NgRenderEdge, i);
            if (!strcmp(e->relation, sel->relation))
                g_array_index(g->edges, NgRenderEdge, kept++) = *e;
            else
                edge_clear(e);
        }
        g_array_set_clear_func(g->edges, NULL);
        g_array_set_size(g->edges, kept);
        g_array_set_clear_func(g->edges, edge_clear);
        memset(keep, 0, sizeof *keep * g->nodes->len);
        for (guint i = 0; i < g->edges->len; i++) {
            const NgRenderEdge *e = &g_array_index(g->edges, NgRenderEdge, i);
            keep[e->source] = keep[e->target] = TRUE;
        }
        keep_only(g, keep);
    }
    if (sel->top && sel->top < g->nodes->len) {
        guint *order = ng_render_by_rank(g);
        memset(keep, 0, sizeof *keep * g->nodes->len);
        for (guint i = 0; i < sel->top; i++)
            keep[order[i]] = TRUE;
        g_free(order);
        keep_only(g, keep);
    }
    g_free(keep);
    return TRUE;
}
