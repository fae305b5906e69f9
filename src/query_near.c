/*
 * query_near.c - an entity's surroundings: `neighbors` (the links around
 * it, level by level) and `ego` (the entities within a few links, with
 * the links among them, for a subgraph).
 */
#include <math.h>

#include "query_int.h"

/* ---- neighbors ---- */

/* A link from a node at distance `depth` - 1 to one at `depth`. */
typedef struct {
    guint depth;
    igraph_integer_t from, edge, to;
    const NgQuery *q;
} Hop;

static gint cmp_hop(gconstpointer pa, gconstpointer pb)
{
    const Hop *a = pa, *b = pb;
    const NgQuery *q = a->q;
    if (a->depth != b->depth)
        return a->depth < b->depth ? -1 : 1;
    if (q->weight[a->edge] != q->weight[b->edge])
        return q->weight[a->edge] > q->weight[b->edge] ? -1 : 1;
    if (q->rel[a->edge] != q->rel[b->edge])
        return q->rel[a->edge] < q->rel[b->edge] ? -1 : 1;
    int c = ng_query_cmp_rank(q, a->to, b->to);
    if (c)
        return c;
    c = ng_query_cmp_rank(q, a->from, b->from);
    return c ? c : (a->edge < b->edge ? -1 : a->edge > b->edge);
}

enum { NB_DEPTH, NB_FROM, NB_RELATION, NB_DIRECTION, NB_NEIGHBOR, NB_TYPE,
       NB_WEIGHT, NB_DOCUMENTS, NB_FROM_ID, NB_NEIGHBOR_ID, NB_EVIDENCE };

static const NgQueryColumn neighbor_columns[] = {
    [NB_DEPTH] = { "depth", FALSE },
    [NB_FROM] = { "from", FALSE },
    [NB_RELATION] = { "relation", FALSE },
    [NB_DIRECTION] = { "direction", FALSE },
    [NB_NEIGHBOR] = { "neighbor", FALSE },
    [NB_TYPE] = { "type", FALSE },
    [NB_WEIGHT] = { "weight", FALSE },
    [NB_DOCUMENTS] = { "documents", FALSE },
    [NB_FROM_ID] = { "from_id", TRUE },
    [NB_NEIGHBOR_ID] = { "neighbor_id", TRUE },
    [NB_EVIDENCE] = { "evidence", FALSE },   /* last: only on request */
};

NgQueryResult *ng_query_neighbors(NgQuery *q, const NgQueryNeighborsOpts *o,
                                  GError **error)
{
    guint depth = MAX(o->depth, 1);
    gint32 *dist = ng_query_bfs(q, &o->filter, o->node, depth, -1);

    /* Every allowed link from a node to one a level further out. */
    GArray *hops = g_array_new(FALSE, FALSE, sizeof(Hop));
    igraph_vector_int_t inc;
    igraph_vector_int_init(&inc, 0);
    for (igraph_integer_t v = 0; v < q->n; v++) {
        if (dist[v] < 0 || dist[v] >= (gint32)depth ||
            igraph_incident(&q->graph, &inc, v, IGRAPH_ALL) != IGRAPH_SUCCESS)
            continue;
        for (igraph_integer_t i = 0; i < igraph_vector_int_size(&inc); i++) {
            igraph_integer_t e = VECTOR(inc)[i];
            igraph_integer_t w = ng_query_step(q, &o->filter, e, v);
            if (w >= 0 && dist[w] == dist[v] + 1) {
                Hop h = { (guint)dist[w], v, e, w, q };
                g_array_append_val(hops, h);
            }
        }
    }
    igraph_vector_int_destroy(&inc);
    g_free(dist);
    g_array_sort(hops, cmp_hop);
    if (o->top && hops->len > o->top)
        g_array_set_size(hops, o->top);

    guint n_columns = G_N_ELEMENTS(neighbor_columns) - !o->evidence;
    NgQueryResult *r = ng_query_result_new(
        ng_query_table_new(neighbor_columns, n_columns));
    ng_query_result_add_node(r, o->node);
    for (guint i = 0; i < hops->len; i++) {
        const Hop *h = &g_array_index(hops, Hop, i);
        NgQueryTable *t = r->table;
        ng_query_table_add_row(t);
        ng_query_table_set_int(t, NB_DEPTH, h->depth);
        ng_query_table_set_string(t, NB_FROM, q->label[h->from]);
        ng_query_table_set_string(t, NB_RELATION,
                                  ng_query_edge_relation(q, h->edge));
        ng_query_table_set_string(t, NB_DIRECTION,
                                  ng_query_edge_dir(q, h->edge, h->from));
        ng_query_table_set_string(t, NB_NEIGHBOR, q->label[h->to]);
        ng_query_table_set_string(t, NB_TYPE, q->type[h->to]);
        ng_query_table_set_double(t, NB_WEIGHT, q->weight[h->edge]);
        ng_query_table_set_count(t, NB_DOCUMENTS,
                                 ng_query_enum(q, h->edge, "documents"));
        ng_query_table_set_string(t, NB_FROM_ID, q->id[h->from]);
        ng_query_table_set_string(t, NB_NEIGHBOR_ID, q->id[h->to]);
        if (o->evidence)
            ng_query_table_set_split(t, NB_EVIDENCE,
                                     ng_query_estr(q, h->edge, "evidence"),
                                     " || ");
        ng_query_result_add_node(r, h->to);
        ng_query_result_add_edge(r, h->edge);
    }
    if (hops->len == 0)
        r->note = g_strdup_printf("%s has no links that match",
                                  q->label[o->node]);
    g_array_free(hops, TRUE);
    return r;
}

/* ---- ego ---- */

typedef struct {
    gint32 depth;
    double mentions;
    igraph_integer_t v;
    const NgQuery *q;
} Member;

static gint cmp_member(gconstpointer pa, gconstpointer pb)
{
    const Member *a = pa, *b = pb;
    if (a->depth != b->depth)
        return a->depth < b->depth ? -1 : 1;
    if (a->mentions != b->mentions)
        return a->mentions > b->mentions ? -1 : 1;
    return ng_query_cmp_rank(a->q, a->v, b->v);
}

enum { EGO_DEPTH, EGO_ID, EGO_LABEL, EGO_TYPE, EGO_MENTIONS };

static const NgQueryColumn ego_columns[] = {
    [EGO_DEPTH] = { "depth", FALSE },
    [EGO_ID] = { "id", FALSE },
    [EGO_LABEL] = { "label", FALSE },
    [EGO_TYPE] = { "type", FALSE },
    [EGO_MENTIONS] = { "mentions", FALSE },
};

NgQueryResult *ng_query_ego(NgQuery *q, const NgQueryEgoOpts *o,
                            GError **error)
{
    gint32 *dist = ng_query_bfs(q, &o->filter, o->node, o->depth, -1);
    GArray *members = g_array_new(FALSE, FALSE, sizeof(Member));
    gboolean *in_set = g_new0(gboolean, q->n);
    for (igraph_integer_t v = 0; v < q->n; v++) {
        if (dist[v] < 0)
            continue;
        double m = ng_query_vnum(q, v, "mentions");
        Member x = { dist[v], isfinite(m) ? m : 0, v, q };
        g_array_append_val(members, x);
        in_set[v] = TRUE;
    }
    g_free(dist);
    g_array_sort(members, cmp_member);

    NgQueryResult *r = ng_query_result_new(
        ng_query_table_new(ego_columns, G_N_ELEMENTS(ego_columns)));
    for (guint i = 0; i < members->len; i++) {
        const Member *x = &g_array_index(members, Member, i);
        NgQueryTable *t = r->table;
        ng_query_table_add_row(t);
        ng_query_table_set_int(t, EGO_DEPTH, x->depth);
        ng_query_table_set_string(t, EGO_ID, q->id[x->v]);
        ng_query_table_set_string(t, EGO_LABEL, q->label[x->v]);
        ng_query_table_set_string(t, EGO_TYPE, q->type[x->v]);
        ng_query_table_set_count(t, EGO_MENTIONS,
                                 ng_query_vnum(q, x->v, "mentions"));
        ng_query_result_add_node(r, x->v);
    }
    /* The links among the members, whatever their direction. */
    ng_query_induced_edges(q, &o->filter, in_set, r->edges);
    g_free(in_set);
    g_array_free(members, TRUE);
    return r;
}
