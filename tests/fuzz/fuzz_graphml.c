/*
 * fuzz_graphml.c - the GraphML reader of `negraph query` (GMarkup head
 * scan, then igraph_read_graph_graphml), the questions over what it
 * loaded, and the GraphML it writes back.
 *
 * Invariants:
 *  - a file that does not load gives an NG_ERROR whose message starts
 *    with the file name;
 *  - a loaded graph has an id, label and type string for every node and a
 *    relation for every edge; edge weights are finite;
 *  - stats, nodes, neighbors, edges, path, communities and ego answer
 *    (or fail with a GError) and their tables format as JSON that
 *    json-glib parses, and as valid UTF-8 TSV;
 *  - the whole graph written with ng_query_write_subgraph loads again
 *    with the same number of nodes and edges and the same node ids; or
 *    the write fails with NG_ERROR_USAGE (an id that is not a GraphML
 *    name) leaving the file it would replace untouched.
 */
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "ng.h"
#include "query.h"

static void check_table(const NgQueryTable *t, const char *what)
{
    GString *s = g_string_new(NULL);
    ng_query_table_format(t, NG_FORMAT_JSON, s);
    JsonParser *p = json_parser_new();
    GError *err = NULL;
    FZ_CHECK(json_parser_load_from_data(p, s->str, (gssize)s->len, &err),
             "%s: JSON output does not parse: %s", what, err->message);
    g_object_unref(p);
    g_string_truncate(s, 0);
    ng_query_table_format(t, NG_FORMAT_TSV, s);
    FZ_CHECK(fz_utf8(s->str, s->len), "%s: TSV is not valid UTF-8", what);
    g_string_truncate(s, 0);
    ng_query_table_format(t, NG_FORMAT_TABLE, s);
    FZ_CHECK(fz_utf8(s->str, s->len), "%s: table is not valid UTF-8", what);
    g_string_free(s, TRUE);
}

/* An answer, or a GError: never both, never neither. */
static void answer(NgQueryResult *r, GError *err, const char *what)
{
    FZ_CHECK(!r != !err, "%s: result %p, error %p", what, (void *)r,
             (void *)err);
    if (r)
        check_table(r->table, what);
    ng_query_result_free(r);
    g_clear_error(&err);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **sorted_ids(const NgQuery *q)
{
    igraph_integer_t n = ng_query_n_nodes(q);
    char **ids = g_new0(char *, n + 1);
    for (igraph_integer_t v = 0; v < n; v++)
        ids[v] = g_strdup(ng_query_node_id(q, v));
    qsort(ids, (size_t)n, sizeof *ids, cmp_str);
    return ids;
}

static void questions(NgQuery *q)
{
    GError *err = NULL;
    igraph_integer_t n = ng_query_n_nodes(q);
    NgQueryResult *r = ng_query_stats(q, &err);
    answer(r, err, "stats");
    err = NULL;
    NgQueryNodesOpts no = { .by = NG_QUERY_BY_PAGERANK, .top = 20 };
    answer(ng_query_nodes(q, &no, &err), err, "nodes");
    err = NULL;
    NgQueryEdgesOpts eo = { .source = -1, .target = -1, .evidence = TRUE };
    answer(ng_query_edges(q, &eo, &err), err, "edges");
    err = NULL;
    NgQueryCommunitiesOpts co = { .resolution = 1.0 };
    answer(ng_query_communities(q, &co, &err), err, "communities");
    err = NULL;
    co.leiden = TRUE;
    answer(ng_query_communities(q, &co, &err), err, "communities");
    if (n == 0)
        return;
    err = NULL;
    NgQueryNeighborsOpts nb = { .node = 0, .depth = 2, .evidence = TRUE };
    answer(ng_query_neighbors(q, &nb, &err), err, "neighbors");
    err = NULL;
    NgQueryPathOpts po = { .from = 0, .to = n - 1, .max_paths = 3 };
    answer(ng_query_path(q, &po, &err), err, "path");
    err = NULL;
    NgQueryEgoOpts ego = { .node = n - 1, .depth = 1 };
    answer(ng_query_ego(q, &ego, &err), err, "ego");

    char *message = NULL;
    igraph_integer_t v = ng_query_resolve(q, ng_query_node_label(q, 0), &message);
    FZ_CHECK(v >= 0 || message, "resolve failed without a message");
    g_free(message);
}

static void round_trip(const NgQuery *q)
{
    static char *out;
    if (!out)
        out = fz_path("-out.graphml");
    fz_write(out, "sentinel", 8);

    NgQueryResult all = { .nodes = g_array_new(FALSE, FALSE, sizeof(igraph_integer_t)),
                          .edges = g_array_new(FALSE, FALSE, sizeof(igraph_integer_t)) };
    for (igraph_integer_t v = 0; v < ng_query_n_nodes(q); v++)
        g_array_append_val(all.nodes, v);
    for (igraph_integer_t e = 0; e < ng_query_n_edges(q); e++)
        g_array_append_val(all.edges, e);
    GError *err = NULL;
    gboolean ok = ng_query_write_subgraph(q, &all, out, &err);
    g_array_free(all.nodes, TRUE);
    g_array_free(all.edges, TRUE);
    if (!ok) {
        FZ_CHECK(err->domain == NG_ERROR && err->code == NG_ERROR_USAGE,
                 "writing failed: %s", err->message);
        gsize len;
        char *kept = NULL;
        g_file_get_contents(out, &kept, &len, NULL);
        FZ_CHECK(kept && len == 8 && !memcmp(kept, "sentinel", 8),
                 "a failed write changed the file");
        g_free(kept);
        g_error_free(err);
        return;
    }
    NgQuery *back = ng_query_load(out, &err);
    FZ_CHECK(back, "the GraphML written does not load: %s", err->message);
    FZ_CHECK(ng_query_n_nodes(back) == ng_query_n_nodes(q) &&
             ng_query_n_edges(back) == ng_query_n_edges(q),
             "round trip: %ld nodes %ld edges, then %ld and %ld",
             (long)ng_query_n_nodes(q), (long)ng_query_n_edges(q),
             (long)ng_query_n_nodes(back), (long)ng_query_n_edges(back));
    char **a = sorted_ids(q), **b = sorted_ids(back);
    for (guint i = 0; a[i]; i++)
        FZ_CHECK(!strcmp(a[i], b[i]), "round trip: id '%s' became '%s'",
                 a[i], b[i]);
    g_strfreev(a);
    g_strfreev(b);
    ng_query_free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fz_input_file(".graphml", data, size);
    GError *err = NULL;
    NgQuery *q = ng_query_load(path, &err);
    if (!q) {
        FZ_CHECK(err && err->domain == NG_ERROR &&
                 g_str_has_prefix(err->message, path),
                 "load failed without a proper error");
        g_error_free(err);
        return 0;
    }
    for (igraph_integer_t v = 0; v < ng_query_n_nodes(q); v++)
        FZ_CHECK(ng_query_node_id(q, v) && ng_query_node_label(q, v) &&
                 ng_query_node_type(q, v), "node %ld lacks a string",
                 (long)v);
    for (igraph_integer_t e = 0; e < ng_query_n_edges(q); e++)
        FZ_CHECK(ng_query_edge_relation(q, e), "edge %ld: no relation",
                 (long)e);
    questions(q);
    round_trip(q);
    ng_query_free(q);
    return 0;
}
