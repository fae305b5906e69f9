/*
 * query_path.c - shortest paths between two entities (`path`), each hop
 * with the links that make it: relation, direction, weight, evidence.
 *
 * A breadth-first search from the target, walking edges backwards, gives
 * every node's distance to it; the paths are then read off from the
 * source, always stepping to a node one link closer, trying neighbours in
 * id order. That lists the shortest paths in a fixed order and stops after
 * the number asked for, where enumerating them all (as
 * igraph_get_all_shortest_paths does) can take memory exponential in the
 * length on a large graph.
 *
 * Length counts links, not weights: a weight says how often two entities
 * were seen together, not how far apart they are.
 */
#include "query_int.h"

typedef struct {
    const NgQuery *q;
    const NgQueryFilter *f;
    const gint32 *dist;      /* links to the target */
    GArray *stack;           /* the path being built */
    GPtrArray *paths;        /* GArray of igraph_integer_t, each a path */
    guint max;
} Walk;

typedef struct {
    igraph_integer_t v;
    const NgQuery *q;
} Next;

static gint cmp_next(gconstpointer a, gconstpointer b)
{
    const Next *x = a, *y = b;
    return ng_query_cmp_rank(x->q, x->v, y->v);
}

/* The nodes one link closer to the target than v, in id order. */
static GArray *closer(const Walk *w, igraph_integer_t v)
{
    GArray *next = g_array_new(FALSE, FALSE, sizeof(Next));
    igraph_vector_int_t inc;
    igraph_vector_int_init(&inc, 0);
    if (igraph_incident(&w->q->graph, &inc, v, IGRAPH_ALL) == IGRAPH_SUCCESS) {
        for (igraph_integer_t i = 0; i < igraph_vector_int_size(&inc); i++) {
            igraph_integer_t u = ng_query_step(w->q, w->f, VECTOR(inc)[i], v);
            if (u >= 0 && w->dist[u] == w->dist[v] - 1) {
                Next n = { u, w->q };
                g_array_append_val(next, n);
            }
        }
    }
    igraph_vector_int_destroy(&inc);
    g_array_sort(next, cmp_next);
    /* Parallel links (co-occurs and meets) lead to the same node once. */
    guint kept = 0;
    for (guint i = 0; i < next->len; i++)
        if (kept == 0 || g_array_index(next, Next, kept - 1).v !=
                         g_array_index(next, Next, i).v)
            g_array_index(next, Next, kept++) = g_array_index(next, Next, i);
    g_array_set_size(next, kept);
    return next;
}

static void extend(Walk *w, igraph_integer_t v)
{
    g_array_append_val(w->stack, v);
    if (w->dist[v] == 0) {
        g_ptr_array_add(w->paths, g_array_copy(w->stack));
    } else {
        GArray *next = closer(w, v);
        for (guint i = 0; i < next->len && w->paths->len < w->max; i++)
            extend(w, g_array_index(next, Next, i).v);
        g_array_free(next, TRUE);
    }
    g_array_set_size(w->stack, w->stack->len - 1);
}

enum { P_PATH, P_HOP, P_FROM, P_RELATION, P_DIRECTION, P_TO, P_WEIGHT,
       P_FROM_ID, P_TO_ID, P_EVIDENCE };

static const NgQueryColumn path_columns[] = {
    [P_PATH] = { "path", FALSE },
    [P_HOP] = { "hop", FALSE },
    [P_FROM] = { "from", FALSE },
    [P_RELATION] = { "relation", FALSE },
    [P_DIRECTION] = { "direction", FALSE },
    [P_TO] = { "to", FALSE },
    [P_WEIGHT] = { "weight", FALSE },
    [P_FROM_ID] = { "from_id", TRUE },
    [P_TO_ID] = { "to_id", TRUE },
    [P_EVIDENCE] = { "evidence", FALSE },
};

static gint cmp_link(gconstpointer a, gconstpointer b, gpointer data)
{
    const NgQuery *q = data;
    igraph_integer_t x = *(const igraph_integer_t *)a;
    igraph_integer_t y = *(const igraph_integer_t *)b;
    if (q->rel[x] != q->rel[y])
        return q->rel[x] < q->rel[y] ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* One row per link the filter allows from `from` to `to`. */
static void add_hop(NgQueryResult *r, const NgQuery *q,
                    const NgQueryFilter *f, guint path, guint hop,
                    igraph_integer_t from, igraph_integer_t to)
{
    GArray *links = g_array_new(FALSE, FALSE, sizeof(igraph_integer_t));
    igraph_vector_int_t inc;
    igraph_vector_int_init(&inc, 0);
    if (igraph_incident(&q->graph, &inc, from, IGRAPH_ALL) == IGRAPH_SUCCESS)
        for (igraph_integer_t i = 0; i < igraph_vector_int_size(&inc); i++)
            if (ng_query_step(q, f, VECTOR(inc)[i], from) == to)
                g_array_append_val(links, VECTOR(inc)[i]);
    igraph_vector_int_destroy(&inc);
    g_array_sort_with_data(links, cmp_link, (gpointer)q);
    for (guint i = 0; i < links->len; i++) {
        igraph_integer_t e = g_array_index(links, igraph_integer_t, i);
        NgQueryTable *t = r->table;
        ng_query_table_add_row(t);
        ng_query_table_set_int(t, P_PATH, path);
        ng_query_table_set_int(t, P_HOP, hop);
        ng_query_table_set_string(t, P_FROM, q->label[from]);
        ng_query_table_set_string(t, P_RELATION, ng_query_edge_relation(q, e));
        ng_query_table_set_string(t, P_DIRECTION,
                                  ng_query_edge_dir(q, e, from));
        ng_query_table_set_string(t, P_TO, q->label[to]);
        ng_query_table_set_double(t, P_WEIGHT, q->weight[e]);
        ng_query_table_set_string(t, P_FROM_ID, q->id[from]);
        ng_query_table_set_string(t, P_TO_ID, q->id[to]);
        ng_query_table_set_split(t, P_EVIDENCE,
                                 ng_query_estr(q, e, "evidence"), " || ");
        ng_query_result_add_edge(r, e);
    }
    g_array_free(links, TRUE);
}

NgQueryResult *ng_query_path(NgQuery *q, const NgQueryPathOpts *o,
                             GError **error)
{
    /* Distances to the target: walk from it against the direction the
     * path will take. */
    NgQueryFilter back = o->filter;
    if (back.direction == NG_QUERY_DIR_OUT)
        back.direction = NG_QUERY_DIR_IN;
    else if (back.direction == NG_QUERY_DIR_IN)
        back.direction = NG_QUERY_DIR_OUT;
    gint32 *dist = ng_query_bfs(q, &back, o->to, 0, o->from);

    NgQueryResult *r = ng_query_result_new(
        ng_query_table_new(path_columns, G_N_ELEMENTS(path_columns)));
    if (o->from == o->to) {
        r->note = g_strdup_printf("%s and %s are the same entity",
                                  q->label[o->from], q->label[o->to]);
    } else if (dist[o->from] < 0) {
        r->note = g_strdup_printf("no path from %s to %s",
                                  q->label[o->from], q->label[o->to]);
    } else {
        Walk w = { q, &o->filter, dist,
                   g_array_new(FALSE, FALSE, sizeof(igraph_integer_t)),
                   g_ptr_array_new_with_free_func(
                       (GDestroyNotify)g_array_unref),
                   MAX(o->max_paths, 1) };
        extend(&w, o->from);
        for (guint p = 0; p < w.paths->len; p++) {
            GArray *path = w.paths->pdata[p];
            for (guint i = 0; i < path->len; i++)
                ng_query_result_add_node(
                    r, g_array_index(path, igraph_integer_t, i));
            for (guint i = 0; i + 1 < path->len; i++)
                add_hop(r, q, &o->filter, p + 1, i + 1,
                        g_array_index(path, igraph_integer_t, i),
                        g_array_index(path, igraph_integer_t, i + 1));
        }
        g_ptr_array_free(w.paths, TRUE);
        g_array_free(w.stack, TRUE);
    }
    g_free(dist);
    return r;
}
