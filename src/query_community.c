/*
 * query_community.c - groups of entities (`communities`): igraph's
 * Leiden (ng_igraph_leiden, the build's algorithm) or Louvain
 * (igraph_community_multilevel) on the undirected view of the links,
 * weighted, largest group first.
 *
 * Both algorithms are randomised: igraph's generator is seeded with a
 * fixed number first, so the same graph gives the same groups. Leiden
 * optimises modularity here (node weights = weighted degrees, resolution
 * scaled by the total weight), so both answer the same question.
 */

#include "igraph_quiet.h"
#include "query_int.h"

#define SEED 42

/* Each node's group (membership) and weighted degree in the view. */
static gboolean detect(const NgQuery *q, const NgQueryCommunitiesOpts *o,
                       igraph_vector_int_t *membership,
                       igraph_vector_t *strength, GError **error)
{
    igraph_t view;
    igraph_vector_t weights;
    igraph_vector_init(&weights, 0);
    if (!ng_query_view(q, &o->filter, FALSE, &view, &weights, error)) {
        igraph_vector_destroy(&weights);
        return FALSE;
    }
    igraph_rng_seed(igraph_rng_default(), SEED);
    gboolean ok = ng_query_igraph_ok(
        igraph_strength(&view, strength, igraph_vss_all(), IGRAPH_ALL,
                        IGRAPH_LOOPS, &weights),
        "weighted degree", error);
    if (ok && o->leiden) {
        ok = ng_query_igraph_ok(ng_igraph_leiden(&view, &weights, strength,
                                                 o->resolution, membership),
                                "Leiden", error);
    } else if (ok) {
        ok = ng_query_igraph_ok(
            igraph_community_multilevel(&view, &weights, o->resolution,
                                        membership, NULL, NULL),
            "Louvain", error);
    }
    igraph_destroy(&view);
    igraph_vector_destroy(&weights);
    return ok;
}

typedef struct {
    GArray *members;    /* igraph_integer_t, strongest first */
    guint32 first;      /* the least id rank among them */
} Group;

/* Sort context for the members of a group. */
typedef struct {
    const NgQuery *q;
    const igraph_vector_t *strength;
} ByStrength;

static gint cmp_member(gconstpointer pa, gconstpointer pb, gpointer data)
{
    const ByStrength *s = data;
    igraph_integer_t a = *(const igraph_integer_t *)pa;
    igraph_integer_t b = *(const igraph_integer_t *)pb;
    double x = VECTOR(*s->strength)[a], y = VECTOR(*s->strength)[b];
    if (x != y)
        return x > y ? -1 : 1;
    return ng_query_cmp_rank(s->q, a, b);
}

/* Largest first; equal sizes by their first member in id order. */
static gint cmp_group(gconstpointer pa, gconstpointer pb)
{
    const Group *a = pa, *b = pb;
    if (a->members->len != b->members->len)
        return a->members->len > b->members->len ? -1 : 1;
    return a->first < b->first ? -1 : a->first > b->first;
}

enum { C_COMMUNITY, C_SIZE, C_MEMBERS, C_MEMBER_IDS };

static const NgQueryColumn community_columns[] = {
    [C_COMMUNITY] = { "community", FALSE },
    [C_SIZE] = { "size", FALSE },
    [C_MEMBERS] = { "members", FALSE },
    [C_MEMBER_IDS] = { "member_ids", TRUE },
};

static void clear_group(gpointer p)
{
    g_array_free(((Group *)p)->members, TRUE);
}

NgQueryResult *ng_query_communities(NgQuery *q,
                                    const NgQueryCommunitiesOpts *o,
                                    GError **error)
{
    igraph_vector_int_t membership;
    igraph_vector_t strength;
    igraph_vector_int_init(&membership, 0);
    igraph_vector_init(&strength, 0);
    if (!detect(q, o, &membership, &strength, error)) {
        igraph_vector_int_destroy(&membership);
        igraph_vector_destroy(&strength);
        return NULL;
    }

    igraph_integer_t n_groups = q->n ? igraph_vector_int_max(&membership) + 1
                                     : 0;
    GArray *groups = g_array_sized_new(FALSE, TRUE, sizeof(Group),
                                       (guint)n_groups);
    g_array_set_clear_func(groups, clear_group);
    for (igraph_integer_t g = 0; g < n_groups; g++) {
        Group x = { g_array_new(FALSE, FALSE, sizeof(igraph_integer_t)),
                    G_MAXUINT32 };
        g_array_append_val(groups, x);
    }
    for (igraph_integer_t v = 0; v < q->n; v++) {
        Group *x = &g_array_index(groups, Group, VECTOR(membership)[v]);
        g_array_append_val(x->members, v);
        x->first = MIN(x->first, q->rank[v]);
    }
    ByStrength by = { q, &strength };
    for (guint g = 0; g < groups->len; g++)
        g_array_sort_with_data(g_array_index(groups, Group, g).members,
                               cmp_member, &by);
    g_array_sort(groups, cmp_group);

    NgQueryResult *r = ng_query_result_new(ng_query_table_new(
        community_columns, G_N_ELEMENTS(community_columns)));
    gboolean *in_set = g_new0(gboolean, q->n);
    guint listed = 0;
    for (guint g = 0; g < groups->len; g++) {
        GArray *members = g_array_index(groups, Group, g).members;
        if (members->len < MAX(o->min_size, 1) || (o->top && listed >= o->top))
            break;   /* sorted by size: the rest are smaller */
        listed++;
        guint shown = o->members ? MIN(o->members, members->len)
                                 : members->len;
        const char **labels = g_new(const char *, shown);
        const char **ids = g_new(const char *, shown);
        for (guint i = 0; i < members->len; i++) {
            igraph_integer_t v = g_array_index(members, igraph_integer_t, i);
            if (i < shown) {
                labels[i] = q->label[v];
                ids[i] = q->id[v];
            }
            in_set[v] = TRUE;
            ng_query_result_add_node(r, v);
        }
        NgQueryTable *t = r->table;
        ng_query_table_add_row(t);
        ng_query_table_set_int(t, C_COMMUNITY, listed);
        ng_query_table_set_int(t, C_SIZE, members->len);
        ng_query_table_set_list(t, C_MEMBERS, labels, shown);
        ng_query_table_set_list(t, C_MEMBER_IDS, ids, shown);
        g_free(labels);
        g_free(ids);
    }
    ng_query_induced_edges(q, &o->filter, in_set, r->edges);
    if (listed == 0)
        r->note = g_strdup_printf("no group of %u or more entities",
                                  MAX(o->min_size, 1));
    g_free(in_set);
    g_array_free(groups, TRUE);
    igraph_vector_int_destroy(&membership);
    igraph_vector_destroy(&strength);
    return r;
}
