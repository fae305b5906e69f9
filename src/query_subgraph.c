/*
 * query_subgraph.c - writing the part of the graph an answer covers as
 * GraphML (--subgraph, ego -o) with the streaming writer of graphml.h, so
 * that it follows the same contract as the file negraph build writes and
 * opens in Gephi the same way: every key of the input with its type,
 * nodes in id order, edges in the input's order with their own ids,
 * direction and relation label.
 */
#include <math.h>
#include <string.h>

#include "graphml.h"
#include "ng.h"
#include "query_int.h"

/* The value of key k for node or edge x, if it has one. */
static void write_value(NgGraphmlWriter *w, const NgQueryKey *k,
                        igraph_integer_t x)
{
    const NgQueryAttr *c = k->attr;
    if (!c)
        return;
    switch (k->type) {
    case NG_GML_STRING:
        ng_graphml_data_string(w, k->name, ng_query_attr_str(c, x));
        break;
    case NG_GML_INT:
    case NG_GML_LONG: {
        /* A number its type cannot hold ("1e300" for an int) is left out,
         * as a missing one is: converting it is undefined. */
        double lim = k->type == NG_GML_INT ? 2147483648.0 : 9223372036854775808.0;
        double d = c->numbers[x];
        if (isfinite(d) && d >= -lim && d < lim)
            ng_graphml_data_int(w, k->name, (gint64)d);
        break;
    }
    case NG_GML_FLOAT:
    case NG_GML_DOUBLE:
        if (isfinite(c->numbers[x]))
            ng_graphml_data_double(w, k->name, c->numbers[x]);
        break;
    case NG_GML_BOOLEAN:
        ng_graphml_data_bool(w, k->name, c->booleans[x]);
        break;
    }
}

gboolean ng_query_write_subgraph(const NgQuery *q, const NgQueryResult *r,
                                 const char *path, GError **error)
{
    char *comment = g_strdup_printf("part of %s selected by negraph query "
                                    "%s", q->path, NG_VERSION);
    NgGraphmlWriter *w = ng_graphml_begin(path, comment, error);
    g_free(comment);
    if (!w)
        return FALSE;

    /* The nodes: those listed and the ends of the edges. */
    gboolean *keep = g_new0(gboolean, q->n);
    for (guint i = 0; i < r->nodes->len; i++)
        keep[g_array_index(r->nodes, igraph_integer_t, i)] = TRUE;
    GArray *edges = g_array_copy(r->edges);
    g_array_sort(edges, ng_query_cmp_integer);
    for (guint i = 0; i < edges->len; i++) {
        igraph_integer_t e = g_array_index(edges, igraph_integer_t, i);
        keep[IGRAPH_FROM(&q->graph, e)] = TRUE;
        keep[IGRAPH_TO(&q->graph, e)] = TRUE;
    }

    for (guint i = 0; i < q->keys->len; i++) {
        const NgQueryKey *k = q->keys->pdata[i];
        ng_graphml_key(w, k->for_edge, k->name, k->type);
    }
    ng_graphml_graph_start(w);

    igraph_integer_t *by_id = g_new(igraph_integer_t, q->n);
    for (igraph_integer_t v = 0; v < q->n; v++)
        by_id[q->rank[v]] = v;
    for (igraph_integer_t i = 0; i < q->n; i++) {
        igraph_integer_t v = by_id[i];
        if (!keep[v])
            continue;
        ng_graphml_node_start(w, q->id[v]);
        for (guint k = 0; k < q->keys->len; k++)
            if (!((NgQueryKey *)q->keys->pdata[k])->for_edge)
                write_value(w, q->keys->pdata[k], v);
        ng_graphml_node_end(w);
    }
    g_free(by_id);
    g_free(keep);

    /* Edge ids: the input's (igraph keeps them as the "id" attribute),
     * else the edge's number. */
    const NgQueryAttr *ids = ng_query_attr(q, TRUE, "id");
    if (ids && ids->type != NG_QUERY_ATTR_STRING)
        ids = NULL;
    char number[32];
    for (guint i = 0; i < edges->len; i++) {
        igraph_integer_t e = g_array_index(edges, igraph_integer_t, i);
        if (i > 0 && e == g_array_index(edges, igraph_integer_t, i - 1))
            continue;
        const char *id = ids ? ng_query_attr_str(ids, e) : "";
        if (!*id) {
            g_snprintf(number, sizeof number, "e%" G_GINT64_FORMAT,
                       (gint64)e);
            id = number;
        }
        ng_graphml_edge_start(w, id, q->id[IGRAPH_FROM(&q->graph, e)],
                              q->id[IGRAPH_TO(&q->graph, e)],
                              q->directed[e], ng_query_edge_relation(q, e));
        for (guint k = 0; k < q->keys->len; k++)
            if (((NgQueryKey *)q->keys->pdata[k])->for_edge)
                write_value(w, q->keys->pdata[k], e);
        ng_graphml_edge_end(w);
    }
    g_array_free(edges, TRUE);
    return ng_graphml_finish(w, error);
}
