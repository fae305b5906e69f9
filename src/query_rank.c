/*
 * query_rank.c - listing entities (`nodes`) filtered by type and name,
 * ranked by mentions, documents, degree, weighted degree, PageRank or
 * betweenness.
 *
 * Degree counts links (a pair linked by co-occurs and meets has degree 2
 * from each end); weighted degree sums their weights. PageRank is igraph's
 * (PRPACK, on one thread: ng_igraph_pagerank) on a directed view where an
 * undirected link counts both ways, weighted. Betweenness is igraph's on the undirected view with parallel
 * links merged, unweighted: weights measure closeness, not distance. It
 * costs O(nodes x links): seconds on thousands of nodes, far too long on
 * a million links.
 */
#include <math.h>
#include <string.h>

#include "igraph_quiet.h"
#include "query_int.h"

gboolean ng_query_rank_by_parse(const char *s, NgQueryRankBy *out)
{
    static const char *const names[] = {
        [NG_QUERY_BY_MENTIONS] = "mentions",
        [NG_QUERY_BY_DOCUMENTS] = "documents",
        [NG_QUERY_BY_DEGREE] = "degree",
        [NG_QUERY_BY_WEIGHTED_DEGREE] = "weighted-degree",
        [NG_QUERY_BY_PAGERANK] = "pagerank",
        [NG_QUERY_BY_BETWEENNESS] = "betweenness",
        [NG_QUERY_BY_NAME] = "name",
    };
    for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
        if (!g_ascii_strcasecmp(s, names[i])) {
            *out = (NgQueryRankBy)i;
            return TRUE;
        }
    }
    return FALSE;
}

/* ---- scores ---- */

static gboolean pagerank(const NgQuery *q, const NgQueryFilter *f,
                         double *score, GError **error)
{
    igraph_t view;
    igraph_vector_t weights, result;
    igraph_vector_init(&weights, 0);
    igraph_vector_init(&result, 0);
    gboolean ok = ng_query_view(q, f, TRUE, &view, &weights, error);
    if (ok) {
        ok = ng_query_igraph_ok(
            ng_igraph_pagerank(&view, &result, TRUE, &weights),
            "PageRank", error);
        igraph_destroy(&view);
    }
    for (igraph_integer_t v = 0; ok && v < q->n; v++)
        score[v] = VECTOR(result)[v];
    igraph_vector_destroy(&result);
    igraph_vector_destroy(&weights);
    return ok;
}

static gboolean betweenness(const NgQuery *q, const NgQueryFilter *f,
                            double *score, GError **error)
{
    igraph_t view;
    igraph_vector_t result;
    igraph_vector_init(&result, 0);
    gboolean ok = ng_query_view(q, f, FALSE, &view, NULL, error);
    if (ok) {
        ok = ng_query_igraph_ok(igraph_simplify(&view, TRUE, TRUE, NULL),
                                "merging parallel links", error) &&
             ng_query_igraph_ok(igraph_betweenness(&view, &result,
                                                   igraph_vss_all(), FALSE,
                                                   NULL),
                                "betweenness", error);
        igraph_destroy(&view);
    }
    for (igraph_integer_t v = 0; ok && v < q->n; v++)
        score[v] = VECTOR(result)[v];
    igraph_vector_destroy(&result);
    return ok;
}

/* ---- filters ---- */

/* Does node v match the name pattern (folded)? A pattern with * or ? is a
 * glob over the whole name, anything else a substring. */
typedef struct {
    GPatternSpec *glob;      /* or NULL */
    const char *part;
    GString *tmp;
} NameMatch;

static gboolean name_hit(const char *name, gsize len, gpointer data)
{
    NameMatch *m = data;
    ng_query_fold(name, len, m->tmp);
    return m->glob ? g_pattern_spec_match_string(m->glob, m->tmp->str)
                   : strstr(m->tmp->str, m->part) != NULL;
}

static gboolean type_listed(const char *type, char **types)
{
    for (char **t = types; t && *t; t++)
        if (!strcmp(type, *t))
            return TRUE;
    return !types;
}

/* ---- listing ---- */

typedef struct {
    igraph_integer_t v;
    double key;
    const NgQuery *q;
} Ranked;

static gint cmp_ranked(gconstpointer pa, gconstpointer pb)
{
    const Ranked *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key > b->key ? -1 : 1;
    return ng_query_cmp_rank(a->q, a->v, b->v);
}

static gint cmp_by_name(gconstpointer pa, gconstpointer pb)
{
    const Ranked *a = pa, *b = pb;
    int c = g_utf8_collate(a->q->label[a->v], b->q->label[b->v]);
    return c ? c : ng_query_cmp_rank(a->q, a->v, b->v);
}

enum { N_RANK, N_ID, N_LABEL, N_TYPE, N_MENTIONS, N_DOCUMENTS, N_DEGREE,
       N_WEIGHTED_DEGREE, N_SCORE };

static const NgQueryColumn node_columns[] = {
    [N_RANK] = { "rank", FALSE },
    [N_ID] = { "id", FALSE },
    [N_LABEL] = { "label", FALSE },
    [N_TYPE] = { "type", FALSE },
    [N_MENTIONS] = { "mentions", FALSE },
    [N_DOCUMENTS] = { "documents", FALSE },
    [N_DEGREE] = { "degree", FALSE },
    [N_WEIGHTED_DEGREE] = { "weighted_degree", FALSE },
    [N_SCORE] = { NULL, FALSE },   /* pagerank or betweenness, if asked */
};

/* What a listing can be ranked by, besides the file's counts. */
typedef struct {
    double *degree;
    double *strength;
    double *score;          /* pagerank or betweenness, or NULL */
    const char *score_name;
} Scores;

static gboolean compute_scores(const NgQuery *q, const NgQueryNodesOpts *o,
                               Scores *s, GError **error)
{
    /* Degree and weighted degree: one pass over the links. */
    s->degree = g_new0(double, q->n);
    s->strength = g_new0(double, q->n);
    for (igraph_integer_t e = 0; e < q->m; e++) {
        if (!ng_query_edge_ok(q, &o->filter, e))
            continue;
        igraph_integer_t ends[2] = { IGRAPH_FROM(&q->graph, e),
                                     IGRAPH_TO(&q->graph, e) };
        for (int i = 0; i < 2; i++) {
            s->degree[ends[i]] += 1;
            s->strength[ends[i]] += q->weight[e];
        }
    }
    if (o->by != NG_QUERY_BY_PAGERANK && o->by != NG_QUERY_BY_BETWEENNESS)
        return TRUE;
    s->score = g_new0(double, q->n);
    if (o->by == NG_QUERY_BY_PAGERANK) {
        s->score_name = "pagerank";
        return pagerank(q, &o->filter, s->score, error);
    }
    s->score_name = "betweenness";
    return betweenness(q, &o->filter, s->score, error);
}

static void scores_clear(Scores *s)
{
    g_free(s->degree);
    g_free(s->strength);
    g_free(s->score);
}

static double sort_key(const NgQuery *q, NgQueryRankBy by, const Scores *s,
                       igraph_integer_t v)
{
    double key = 0;
    switch (by) {
    case NG_QUERY_BY_MENTIONS:
        key = ng_query_vnum(q, v, "mentions");
        break;
    case NG_QUERY_BY_DOCUMENTS:
        key = ng_query_vnum(q, v, "documents");
        break;
    case NG_QUERY_BY_DEGREE:
        key = s->degree[v];
        break;
    case NG_QUERY_BY_WEIGHTED_DEGREE:
        key = s->strength[v];
        break;
    case NG_QUERY_BY_PAGERANK:
    case NG_QUERY_BY_BETWEENNESS:
        key = s->score[v];
        break;
    case NG_QUERY_BY_NAME:
        break;
    }
    return isnan(key) ? -INFINITY : key;   /* absent: last */
}

/* The nodes that pass the type and name filters, sorted, cut to top. */
static GArray *select_nodes(const NgQuery *q, const NgQueryNodesOpts *o,
                            const Scores *s)
{
    NameMatch nm = { NULL, NULL, g_string_new(NULL) };
    GString *pattern = g_string_new(NULL);
    if (o->name) {
        ng_query_fold(o->name, strlen(o->name), pattern);
        if (strpbrk(pattern->str, "*?"))
            nm.glob = g_pattern_spec_new(pattern->str);
        nm.part = pattern->str;
    }
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(Ranked));
    for (igraph_integer_t v = 0; v < q->n; v++) {
        if (!type_listed(q->type[v], o->types))
            continue;
        if (o->name && !name_hit(q->id[v], strlen(q->id[v]), &nm) &&
            !ng_query_each_name(q, v, name_hit, &nm))
            continue;
        Ranked x = { v, sort_key(q, o->by, s, v), q };
        g_array_append_val(rows, x);
    }
    g_array_sort(rows, o->by == NG_QUERY_BY_NAME ? cmp_by_name : cmp_ranked);
    if (o->top && rows->len > o->top)
        g_array_set_size(rows, o->top);
    if (nm.glob)
        g_pattern_spec_free(nm.glob);
    g_string_free(nm.tmp, TRUE);
    g_string_free(pattern, TRUE);
    return rows;
}

NgQueryResult *ng_query_nodes(NgQuery *q, const NgQueryNodesOpts *o,
                              GError **error)
{
    Scores s = { 0 };
    if (!compute_scores(q, o, &s, error)) {
        scores_clear(&s);
        return NULL;
    }
    GArray *rows = select_nodes(q, o, &s);

    NgQueryColumn columns[G_N_ELEMENTS(node_columns)];
    memcpy(columns, node_columns, sizeof columns);
    columns[N_SCORE].name = s.score_name;
    NgQueryResult *r = ng_query_result_new(
        ng_query_table_new(columns, N_SCORE + (s.score != NULL)));
    /* The subgraph of a listing: its entities and the links among them. */
    gboolean *in_set = g_new0(gboolean, q->n);
    for (guint i = 0; i < rows->len; i++) {
        igraph_integer_t v = g_array_index(rows, Ranked, i).v;
        NgQueryTable *t = r->table;
        ng_query_table_add_row(t);
        ng_query_table_set_int(t, N_RANK, i + 1);
        ng_query_table_set_string(t, N_ID, q->id[v]);
        ng_query_table_set_string(t, N_LABEL, q->label[v]);
        ng_query_table_set_string(t, N_TYPE, q->type[v]);
        ng_query_table_set_count(t, N_MENTIONS,
                                 ng_query_vnum(q, v, "mentions"));
        ng_query_table_set_count(t, N_DOCUMENTS,
                                 ng_query_vnum(q, v, "documents"));
        ng_query_table_set_int(t, N_DEGREE, (gint64)s.degree[v]);
        ng_query_table_set_double(t, N_WEIGHTED_DEGREE, s.strength[v]);
        if (s.score)
            ng_query_table_set_double(t, N_SCORE, s.score[v]);
        ng_query_result_add_node(r, v);
        in_set[v] = TRUE;
    }
    ng_query_induced_edges(q, &o->filter, in_set, r->edges);
    if (rows->len == 0)
        r->note = g_strdup("no entities match");
    g_free(in_set);
    g_array_free(rows, TRUE);
    scores_clear(&s);
    return r;
}
