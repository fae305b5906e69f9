/*
 * fuzz_snapshot.c - the binary snapshot reader of `negraph query`
 * (query_snapshot.c), through ng_query_load_cached as a user gets there.
 *
 * A fixed, valid GraphML file is written once; each input becomes the
 * snapshot beside it (GRAPH.graphml.ngq), forged to pass the checks that
 * a random image would always fail and that prove nothing: its size field
 * is set to its length (padded to 8 bytes), its stamp to the GraphML's,
 * its CRC-32 recomputed. (The header layout is query_snapshot.c's: magic
 * 8, version 4, byte order 4, CRC 4, unused 4, size 8 at offset 24, stamp
 * 56 at offset 32.) Magic, version and everything after the header come
 * from the input.
 * Invariants:
 *  - loading never fails: a snapshot that is refused gives way to the
 *    GraphML, and then the graph is the GraphML's (its node and edge
 *    counts);
 *  - a graph taken from a snapshot has an id, label and type for every
 *    node and a relation for every edge; every question answers or fails
 *    cleanly, its JSON parsing; written back as GraphML it loads again
 *    (from the GraphML) with the same numbers of nodes and edges, or the
 *    write is refused with NG_ERROR_USAGE.
 */
#include <json-glib/json-glib.h>
#include <string.h>
#include <zlib.h>

#include "fuzz.h"
#include "ng.h"
#include "query.h"
#include "query_snapshot.h"

#define HEADER_SIZE 104
#define SIZE_AT 24
#define CRC_AT 16
#define STAMP_AT 32

static const char GRAPH[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
    "<key id=\"v_label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
    "<key id=\"v_type\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>\n"
    "<key id=\"e_relation\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>\n"
    "<key id=\"e_is_directed\" for=\"edge\" attr.name=\"is_directed\" attr.type=\"boolean\"/>\n"
    "<key id=\"e_weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
    "<graph id=\"G\" edgedefault=\"directed\">\n"
    "<node id=\"a\"><data key=\"v_label\">Ann</data><data key=\"v_type\">person</data></node>\n"
    "<node id=\"b\"><data key=\"v_label\">B\xC3\xA9la</data><data key=\"v_type\">person</data></node>\n"
    "<node id=\"c\"><data key=\"v_label\">Chad</data><data key=\"v_type\">country</data></node>\n"
    "<edge id=\"e0\" source=\"a\" target=\"b\"><data key=\"e_relation\">meets</data>"
    "<data key=\"e_is_directed\">true</data><data key=\"e_weight\">2</data></edge>\n"
    "<edge id=\"e1\" source=\"b\" target=\"c\"><data key=\"e_relation\">co-occurs</data>"
    "<data key=\"e_is_directed\">false</data></edge>\n"
    "</graph>\n</graphml>\n";

typedef struct {
    char *graphml, *snapshot, *out;
    NgQueryStamp stamp;
} Fixture;

static const Fixture *fixture(void)
{
    static Fixture fx;
    if (fx.graphml)
        return &fx;
    fx.graphml = fz_path(".graphml");
    fx.snapshot = g_strconcat(fx.graphml, ".ngq", NULL);
    fx.out = fz_path("-out.graphml");
    fz_write(fx.graphml, GRAPH, sizeof GRAPH - 1);
    FZ_CHECK(ng_query_stamp(fx.graphml, &fx.stamp), "cannot stamp %s",
             fx.graphml);
    return &fx;
}

static void check_json(const NgQueryResult *r, GError *err, const char *what)
{
    FZ_CHECK(!r != !err, "%s: result and error", what);
    if (!r) {
        g_error_free(err);
        return;
    }
    GString *s = g_string_new(NULL);
    ng_query_table_format(r->table, NG_FORMAT_JSON, s);
    JsonParser *p = json_parser_new();
    GError *perr = NULL;
    FZ_CHECK(json_parser_load_from_data(p, s->str, (gssize)s->len, &perr),
             "%s: JSON output does not parse: %s", what, perr->message);
    g_object_unref(p);
    g_string_free(s, TRUE);
}

static void from_snapshot(const Fixture *fx, NgQuery *q)
{
    igraph_integer_t n = ng_query_n_nodes(q), m = ng_query_n_edges(q);
    for (igraph_integer_t v = 0; v < n; v++)
        FZ_CHECK(ng_query_node_id(q, v) && ng_query_node_label(q, v) &&
                 ng_query_node_type(q, v), "node %ld lacks a string", (long)v);
    for (igraph_integer_t e = 0; e < m; e++)
        FZ_CHECK(ng_query_edge_relation(q, e), "edge %ld: no relation", (long)e);
    GError *err = NULL;
    NgQueryResult *r = ng_query_stats(q, &err);
    check_json(r, err, "stats");
    ng_query_result_free(r);
    err = NULL;
    NgQueryNodesOpts no = { .by = NG_QUERY_BY_BETWEENNESS, .top = 10 };
    r = ng_query_nodes(q, &no, &err);
    check_json(r, err, "nodes");
    ng_query_result_free(r);
    err = NULL;
    NgQueryEdgesOpts eo = { .source = -1, .target = -1, .evidence = TRUE };
    r = ng_query_edges(q, &eo, &err);
    check_json(r, err, "edges");
    ng_query_result_free(r);
    if (n > 0) {
        err = NULL;
        NgQueryEgoOpts ego = { .node = 0, .depth = 2 };
        r = ng_query_ego(q, &ego, &err);
        check_json(r, err, "ego");
        ng_query_result_free(r);
    }

    NgQueryResult all = { .nodes = g_array_new(FALSE, FALSE, sizeof(igraph_integer_t)),
                          .edges = g_array_new(FALSE, FALSE, sizeof(igraph_integer_t)) };
    for (igraph_integer_t v = 0; v < n; v++)
        g_array_append_val(all.nodes, v);
    for (igraph_integer_t e = 0; e < m; e++)
        g_array_append_val(all.edges, e);
    err = NULL;
    gboolean ok = ng_query_write_subgraph(q, &all, fx->out, &err);
    g_array_free(all.nodes, TRUE);
    g_array_free(all.edges, TRUE);
    if (!ok) {
        FZ_CHECK(err->domain == NG_ERROR && err->code == NG_ERROR_USAGE,
                 "writing failed: %s", err->message);
        g_error_free(err);
        return;
    }
    NgQuery *back = ng_query_load(fx->out, &err);
    FZ_CHECK(back, "the GraphML written does not load: %s", err->message);
    FZ_CHECK(ng_query_n_nodes(back) == n && ng_query_n_edges(back) == m,
             "written back: %ld nodes %ld edges became %ld and %ld", (long)n,
             (long)m, (long)ng_query_n_nodes(back), (long)ng_query_n_edges(back));
    ng_query_free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Fixture *fx = fixture();
    gsize len = MAX(size, HEADER_SIZE);
    len = (len + 7) / 8 * 8;
    guint8 *image = g_malloc0(len);
    if (size)
        memcpy(image, data, size);
    guint64 total = len;
    memcpy(image + SIZE_AT, &total, sizeof total);
    memcpy(image + STAMP_AT, &fx->stamp, sizeof fx->stamp);
    guint32 crc = (guint32)crc32_z(0, image + SIZE_AT, len - SIZE_AT);
    memcpy(image + CRC_AT, &crc, sizeof crc);
    fz_write(fx->snapshot, image, len);
    g_free(image);

    GError *err = NULL;
    NgQuery *q = ng_query_load_cached(fx->graphml, &err);
    FZ_CHECK(q, "loading failed: %s", err->message);
    if (ng_query_from_snapshot(q))
        from_snapshot(fx, q);
    else
        FZ_CHECK(ng_query_n_nodes(q) == 3 && ng_query_n_edges(q) == 2,
                 "the GraphML gave %ld nodes, %ld edges",
                 (long)ng_query_n_nodes(q), (long)ng_query_n_edges(q));
    ng_query_free(q);
    return 0;
}
