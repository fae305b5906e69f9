/*
 * query_walk.c - which edges a question may use (filters), walking them
 * with each edge's own direction, and igraph views of the graph for the
 * algorithms that need a plain directed or undirected graph.
 *
 * The loaded graph is directed (igraph reads every edge that way); an
 * edge whose is_directed is false is walked both ways. Breadth-first
 * search is done here over igraph's incidence lists rather than with
 * igraph_bfs on a view, because a neighbourhood of depth 1 or 2 touches a
 * few nodes while a view costs a pass over every edge.
 */
#include <string.h>

#include "query_int.h"

gboolean ng_query_direction_parse(const char *s, NgQueryDirection *out)
{
    if (!g_ascii_strcasecmp(s, "out"))
        *out = NG_QUERY_DIR_OUT;
    else if (!g_ascii_strcasecmp(s, "in"))
        *out = NG_QUERY_DIR_IN;
    else if (!g_ascii_strcasecmp(s, "any") || !g_ascii_strcasecmp(s, "both"))
        *out = NG_QUERY_DIR_ANY;
    else
        return FALSE;
    return TRUE;
}

static char *relation_list(const NgQuery *q)
{
    if (q->relations->len == 0)
        return g_strdup("none");
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < q->relations->len; i++)
        g_string_append_printf(s, "%s%s", i ? ", " : "",
                               (char *)q->relations->pdata[i]);
    return g_string_free(s, FALSE);
}

gboolean ng_query_filter_relations(const NgQuery *q, NgQueryFilter *f,
                                   char **names, char **message)
{
    for (char **n = names; n && *n; n++) {
        char **parts = g_strsplit(*n, ",", -1);
        for (char **p = parts; *p; p++) {
            const char *name = g_strstrip(*p);
            if (!*name)
                continue;
            guint i = 0;
            while (i < q->relations->len &&
                   g_ascii_strcasecmp(name, q->relations->pdata[i]))
                i++;
            if (i == q->relations->len) {
                char *have = relation_list(q);
                *message = g_strdup_printf("no relation '%s' in the graph; "
                                           "it has: %s", name, have);
                g_free(have);
                g_strfreev(parts);
                return FALSE;
            }
            if (!f->relations)
                f->relations = g_new0(gboolean, q->relations->len);
            f->relations[i] = TRUE;
        }
        g_strfreev(parts);
    }
    return TRUE;
}

void ng_query_filter_clear(NgQueryFilter *f)
{
    g_clear_pointer(&f->relations, g_free);
}

gboolean ng_query_edge_ok(const NgQuery *q, const NgQueryFilter *f,
                          igraph_integer_t e)
{
    return (!f->relations || f->relations[q->rel[e]]) &&
           q->weight[e] >= f->min_weight;
}

igraph_integer_t ng_query_step(const NgQuery *q, const NgQueryFilter *f,
                               igraph_integer_t e, igraph_integer_t from)
{
    if (!ng_query_edge_ok(q, f, e))
        return -1;
    igraph_integer_t s = IGRAPH_FROM(&q->graph, e);
    igraph_integer_t t = IGRAPH_TO(&q->graph, e);
    if (q->directed[e] && f->direction == NG_QUERY_DIR_OUT)
        return s == from ? t : -1;
    if (q->directed[e] && f->direction == NG_QUERY_DIR_IN)
        return t == from ? s : -1;
    return s == from ? t : s;
}

const char *ng_query_edge_dir(const NgQuery *q, igraph_integer_t e,
                              igraph_integer_t from)
{
    if (!q->directed[e])
        return "both";
    return IGRAPH_FROM(&q->graph, e) == from ? "out" : "in";
}

gint32 *ng_query_bfs(const NgQuery *q, const NgQueryFilter *f,
                     igraph_integer_t source, guint max_depth,
                     igraph_integer_t stop)
{
    gint32 *dist = g_new(gint32, q->n);
    for (igraph_integer_t v = 0; v < q->n; v++)
        dist[v] = -1;
    GArray *queue = g_array_new(FALSE, FALSE, sizeof(igraph_integer_t));
    igraph_vector_int_t inc;
    igraph_vector_int_init(&inc, 0);
    dist[source] = 0;
    g_array_append_val(queue, source);
    for (guint head = 0; head < queue->len; head++) {
        igraph_integer_t v = g_array_index(queue, igraph_integer_t, head);
        /* The queue holds nodes in order of distance: once one is too
         * far, so are the rest. */
        if ((max_depth && dist[v] >= (gint32)max_depth) ||
            (stop >= 0 && dist[stop] >= 0 && dist[v] >= dist[stop]))
            break;
        if (igraph_incident(&q->graph, &inc, v, IGRAPH_ALL) != IGRAPH_SUCCESS)
            break;   /* only out of memory: answer with what was found */
        for (igraph_integer_t i = 0; i < igraph_vector_int_size(&inc); i++) {
            igraph_integer_t w = ng_query_step(q, f, VECTOR(inc)[i], v);
            if (w >= 0 && dist[w] < 0) {
                dist[w] = dist[v] + 1;
                g_array_append_val(queue, w);
            }
        }
    }
    igraph_vector_int_destroy(&inc);
    g_array_free(queue, TRUE);
    return dist;
}

gint ng_query_cmp_integer(gconstpointer a, gconstpointer b)
{
    igraph_integer_t x = *(const igraph_integer_t *)a;
    igraph_integer_t y = *(const igraph_integer_t *)b;
    return x < y ? -1 : x > y;
}

void ng_query_induced_edges(const NgQuery *q, const NgQueryFilter *f,
                            const gboolean *in_set, GArray *edges)
{
    igraph_vector_int_t inc;
    igraph_vector_int_init(&inc, 0);
    for (igraph_integer_t v = 0; v < q->n; v++) {
        /* Each edge once: from its source. */
        if (!in_set[v] ||
            igraph_incident(&q->graph, &inc, v, IGRAPH_OUT) != IGRAPH_SUCCESS)
            continue;
        for (igraph_integer_t i = 0; i < igraph_vector_int_size(&inc); i++) {
            igraph_integer_t e = VECTOR(inc)[i];
            if (in_set[IGRAPH_TO(&q->graph, e)] && ng_query_edge_ok(q, f, e))
                g_array_append_val(edges, e);
        }
    }
    igraph_vector_int_destroy(&inc);
    g_array_sort(edges, ng_query_cmp_integer);
}

gboolean ng_query_view(const NgQuery *q, const NgQueryFilter *f,
                       gboolean mutual, igraph_t *view,
                       igraph_vector_t *weights, GError **error)
{
    /* Count first, so the vectors are allocated once and filled in place. */
    igraph_integer_t arcs = 0;
    for (igraph_integer_t e = 0; e < q->m; e++)
        if (ng_query_edge_ok(q, f, e))
            arcs += mutual && !q->directed[e] ? 2 : 1;
    igraph_vector_int_t ends;
    if (!ng_query_igraph_ok(igraph_vector_int_init(&ends, 2 * arcs),
                            "allocating a view", error))
        return FALSE;
    if (weights &&
        !ng_query_igraph_ok(igraph_vector_resize(weights, arcs),
                            "allocating a view", error)) {
        igraph_vector_int_destroy(&ends);
        return FALSE;
    }
    igraph_integer_t k = 0;
    for (igraph_integer_t e = 0; e < q->m; e++) {
        if (!ng_query_edge_ok(q, f, e))
            continue;
        igraph_integer_t s = IGRAPH_FROM(&q->graph, e);
        igraph_integer_t t = IGRAPH_TO(&q->graph, e);
        for (int twice = 0; twice <= (mutual && !q->directed[e]); twice++) {
            if (weights)
                VECTOR(*weights)[k] = q->weight[e];
            VECTOR(ends)[2 * k] = twice ? t : s;
            VECTOR(ends)[2 * k + 1] = twice ? s : t;
            k++;
        }
    }
    gboolean ok = ng_query_igraph_ok(
        igraph_create(view, &ends, q->n,
                      mutual ? IGRAPH_DIRECTED : IGRAPH_UNDIRECTED),
        "building a view of the graph", error);
    igraph_vector_int_destroy(&ends);
    return ok;
}
