/*
 * query_stats.c - the shape of the graph at a glance (`stats`): nodes by
 * type, links by relation and direction, connected components, density
 * and the dates covered.
 *
 * Components are weak (links followed both ways). Density is the share of
 * entity pairs that are linked at all, by any relation: parallel links
 * count once, as in Gephi's undirected density.
 */
#include <string.h>

#include "query_int.h"

/* A row "name" = integer. */
static void count_row(NgQueryTable *t, const char *name, gint64 n)
{
    ng_query_table_add_row(t);
    ng_query_table_set_string(t, 0, name);
    ng_query_table_set_int(t, 1, n);
}

static void string_row(NgQueryTable *t, const char *name, const char *s)
{
    ng_query_table_add_row(t);
    ng_query_table_set_string(t, 0, name);
    ng_query_table_set_string(t, 1, s);
}

/* Keep the least and greatest non-empty date of an attribute. */
static void widen(const char *date, const char **first, const char **last)
{
    if (!*date)
        return;
    if (!*first || strcmp(date, *first) < 0)
        *first = date;
    if (!*last || strcmp(date, *last) > 0)
        *last = date;
}

static gboolean components(const NgQuery *q, NgQueryTable *t,
                           GError **error)
{
    igraph_vector_int_t sizes;
    igraph_integer_t count = 0;
    igraph_vector_int_init(&sizes, 0);
    gboolean ok = ng_query_igraph_ok(
        igraph_connected_components(&q->graph, NULL, &sizes, &count,
                                    IGRAPH_WEAK),
        "connected components", error);
    if (ok) {
        count_row(t, "components", count);
        count_row(t, "largest_component",
                  count ? igraph_vector_int_max(&sizes) : 0);
    }
    igraph_vector_int_destroy(&sizes);
    return ok;
}

static gboolean density(const NgQuery *q, NgQueryTable *t, GError **error)
{
    NgQueryFilter all = { 0 };
    igraph_t view;
    if (!ng_query_view(q, &all, FALSE, &view, NULL, error))
        return FALSE;
    igraph_real_t d = 0;
    gboolean ok = ng_query_igraph_ok(igraph_simplify(&view, TRUE, TRUE, NULL),
                                     "merging parallel links", error) &&
                  ng_query_igraph_ok(igraph_density(&view, &d, FALSE),
                                     "density", error);
    igraph_destroy(&view);
    if (ok) {
        ng_query_table_add_row(t);
        ng_query_table_set_string(t, 0, "density");
        ng_query_table_set_double(t, 1, d);   /* NaN (< 2 nodes): null */
    }
    return ok;
}

NgQueryResult *ng_query_stats(NgQuery *q, GError **error)
{
    NgQueryTable *t = ng_query_table_new_record();
    const char *first = NULL, *last = NULL;

    count_row(t, "nodes", q->n);
    /* Types in name order: few distinct values, so a sorted tree. */
    GTree *types = g_tree_new((GCompareFunc)strcmp);
    for (igraph_integer_t v = 0; v < q->n; v++) {
        gpointer n = g_tree_lookup(types, q->type[v]);
        g_tree_insert(types, (gpointer)q->type[v],
                      GSIZE_TO_POINTER(GPOINTER_TO_SIZE(n) + 1));
        widen(ng_query_vstr(q, v, "first_seen"), &first, &last);
        widen(ng_query_vstr(q, v, "last_seen"), &first, &last);
    }
    GTreeNode *node = g_tree_node_first(types);
    for (; node; node = g_tree_node_next(node)) {
        char *name = g_strdup_printf("nodes.%s",
                                     (char *)g_tree_node_key(node));
        count_row(t, name, GPOINTER_TO_SIZE(g_tree_node_value(node)));
        g_free(name);
    }
    g_tree_destroy(types);

    count_row(t, "edges", q->m);
    gint64 *by_relation = g_new0(gint64, q->relations->len + 1);
    gint64 directed = 0;
    gboolean *linked = g_new0(gboolean, q->n);
    for (igraph_integer_t e = 0; e < q->m; e++) {
        by_relation[q->rel[e]]++;
        directed += q->directed[e];
        linked[IGRAPH_FROM(&q->graph, e)] = TRUE;
        linked[IGRAPH_TO(&q->graph, e)] = TRUE;
        widen(ng_query_estr(q, e, "first_seen"), &first, &last);
        widen(ng_query_estr(q, e, "last_seen"), &first, &last);
    }
    for (guint i = 0; i < q->relations->len; i++) {
        char *name = g_strdup_printf("edges.%s",
                                     (char *)q->relations->pdata[i]);
        count_row(t, name, by_relation[i]);
        g_free(name);
    }
    count_row(t, "edges.directed", directed);
    count_row(t, "edges.undirected", q->m - directed);
    gint64 isolated = 0;
    for (igraph_integer_t v = 0; v < q->n; v++)
        isolated += !linked[v];
    g_free(linked);
    g_free(by_relation);

    gboolean ok = components(q, t, error);
    if (ok) {
        count_row(t, "isolated_nodes", isolated);
        ok = density(q, t, error);
    }
    if (!ok) {
        ng_query_table_free(t);
        return NULL;
    }
    if (first) {
        string_row(t, "first_seen", first);
        string_row(t, "last_seen", last);
    }
    return ng_query_result_new(t);
}
