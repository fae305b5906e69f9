/*
 * query_edges.c - listing links (`edges`) filtered by relation, ends,
 * types of the ends, weight and dates, heaviest first.
 *
 * An undirected link has no real source: the file stores its ends in id
 * order. It matches --source X --target Y in either orientation and is
 * shown in the orientation that matched.
 */
#include <string.h>

#include "query_int.h"

gboolean ng_query_date_valid(const char *s)
{
    static const char shape[] = "dddd-dd-dd";
    gsize n = strlen(s);
    if (n != 4 && n != 7 && n != 10)
        return FALSE;
    for (gsize i = 0; i < n; i++)
        if (shape[i] == 'd' ? !g_ascii_isdigit(s[i]) : s[i] != '-')
            return FALSE;
    return TRUE;
}

static gboolean type_ok(const NgQuery *q, igraph_integer_t v, char **types)
{
    if (!types)
        return TRUE;
    for (char **t = types; *t; t++)
        if (!strcmp(*t, q->type[v]))
            return TRUE;
    return FALSE;
}

static gboolean end_ok(const NgQuery *q, igraph_integer_t v,
                       igraph_integer_t want, char **types)
{
    return (want < 0 || v == want) && type_ok(q, v, types);
}

/* Whether the edge was seen within the dates asked for. ISO dates compare
 * as strings; a bound "2021" or "2021-05" covers its whole year or month,
 * hence the comparison on the bound's length only. An edge without dates
 * is outside any range. */
static gboolean dates_ok(const NgQuery *q, igraph_integer_t e,
                         const NgQueryEdgesOpts *o)
{
    if (!o->since && !o->until)
        return TRUE;
    const char *first = ng_query_estr(q, e, "first_seen");
    const char *last = ng_query_estr(q, e, "last_seen");
    if (!*last)
        last = first;
    if (!*first)
        first = last;
    if (!*first)
        return FALSE;
    if (o->since && strncmp(last, o->since, strlen(o->since)) < 0)
        return FALSE;
    if (o->until && strncmp(first, o->until, strlen(o->until)) > 0)
        return FALSE;
    return TRUE;
}

typedef struct {
    igraph_integer_t e, source, target;   /* as shown */
    const NgQuery *q;
} Match;

static gint cmp_match(gconstpointer pa, gconstpointer pb)
{
    const Match *a = pa, *b = pb;
    const NgQuery *q = a->q;
    if (q->weight[a->e] != q->weight[b->e])
        return q->weight[a->e] > q->weight[b->e] ? -1 : 1;
    if (q->rel[a->e] != q->rel[b->e])
        return q->rel[a->e] < q->rel[b->e] ? -1 : 1;
    int c = ng_query_cmp_rank(q, a->source, b->source);
    if (c)
        return c;
    c = ng_query_cmp_rank(q, a->target, b->target);
    return c ? c : (a->e < b->e ? -1 : a->e > b->e);
}

enum { E_SOURCE, E_RELATION, E_DIRECTED, E_TARGET, E_WEIGHT, E_DOCUMENTS,
       E_FIRST_SEEN, E_LAST_SEEN, E_SOURCE_ID, E_TARGET_ID, E_EVIDENCE };

static const NgQueryColumn edge_columns[] = {
    [E_SOURCE] = { "source", FALSE },
    [E_RELATION] = { "relation", FALSE },
    [E_DIRECTED] = { "directed", FALSE },
    [E_TARGET] = { "target", FALSE },
    [E_WEIGHT] = { "weight", FALSE },
    [E_DOCUMENTS] = { "documents", FALSE },
    [E_FIRST_SEEN] = { "first_seen", FALSE },
    [E_LAST_SEEN] = { "last_seen", FALSE },
    [E_SOURCE_ID] = { "source_id", TRUE },
    [E_TARGET_ID] = { "target_id", TRUE },
    [E_EVIDENCE] = { "evidence", FALSE },   /* last: only on request */
};

/* A string attribute into a cell; empty stays null. */
static void set_attr(NgQueryTable *t, guint col, const char *s)
{
    if (*s)
        ng_query_table_set_string(t, col, s);
}

NgQueryResult *ng_query_edges(NgQuery *q, const NgQueryEdgesOpts *o,
                              GError **error)
{
    GArray *found = g_array_new(FALSE, FALSE, sizeof(Match));
    for (igraph_integer_t e = 0; e < q->m; e++) {
        if (!ng_query_edge_ok(q, &o->filter, e) || !dates_ok(q, e, o))
            continue;
        igraph_integer_t s = IGRAPH_FROM(&q->graph, e);
        igraph_integer_t t = IGRAPH_TO(&q->graph, e);
        Match m = { e, s, t, q };
        if (end_ok(q, s, o->source, o->source_types) &&
            end_ok(q, t, o->target, o->target_types)) {
            g_array_append_val(found, m);
        } else if (!q->directed[e] &&
                   end_ok(q, t, o->source, o->source_types) &&
                   end_ok(q, s, o->target, o->target_types)) {
            m.source = t;
            m.target = s;
            g_array_append_val(found, m);
        }
    }
    g_array_sort(found, cmp_match);
    if (o->top && found->len > o->top)
        g_array_set_size(found, o->top);

    guint n_columns = G_N_ELEMENTS(edge_columns) - !o->evidence;
    NgQueryResult *r = ng_query_result_new(
        ng_query_table_new(edge_columns, n_columns));
    for (guint i = 0; i < found->len; i++) {
        const Match *m = &g_array_index(found, Match, i);
        NgQueryTable *t = r->table;
        ng_query_table_add_row(t);
        ng_query_table_set_string(t, E_SOURCE, q->label[m->source]);
        ng_query_table_set_string(t, E_RELATION,
                                  ng_query_edge_relation(q, m->e));
        ng_query_table_set_bool(t, E_DIRECTED, q->directed[m->e]);
        ng_query_table_set_string(t, E_TARGET, q->label[m->target]);
        ng_query_table_set_double(t, E_WEIGHT, q->weight[m->e]);
        ng_query_table_set_count(t, E_DOCUMENTS,
                                 ng_query_enum(q, m->e, "documents"));
        set_attr(t, E_FIRST_SEEN, ng_query_estr(q, m->e, "first_seen"));
        set_attr(t, E_LAST_SEEN, ng_query_estr(q, m->e, "last_seen"));
        ng_query_table_set_string(t, E_SOURCE_ID, q->id[m->source]);
        ng_query_table_set_string(t, E_TARGET_ID, q->id[m->target]);
        if (o->evidence)
            ng_query_table_set_split(t, E_EVIDENCE,
                                     ng_query_estr(q, m->e, "evidence"),
                                     " || ");
        ng_query_result_add_edge(r, m->e);
    }
    if (found->len == 0)
        r->note = g_strdup("no links match");
    g_array_free(found, TRUE);
    return r;
}
