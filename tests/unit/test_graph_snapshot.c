/*
 * test_graph_snapshot.c - a graph in binary form and back (graph.h,
 * ng_graph_to_snapshot), and the snapshot file of a state (snapshot.h).
 */
#include <string.h>

#include "graph.h"
#include "ng.h"
#include "snapshot.h"
#include "testlib.h"

static NgEntity entity(const char *id, const char *name, NgEntityType type,
                       NgAttr *attrs, guint n_attrs)
{
    return (NgEntity){ .id = (char *)id, .name = (char *)name, .type = type,
                       .attrs = attrs, .n_attrs = n_attrs };
}

/* Document `serial` of a made-up feed: mentions and edges of every kind
 * the graph keeps (attributes, aliases, dates, evidence, rules, CAMEO
 * codes, directed and undirected edges). Nodes come in an order that is
 * not their id order. */
static void feed(NgGraph *g, guint32 serial)
{
    NgAttr attrs[] = { { "iso", "JP" }, { "wikidata", "Q17" } };
    NgEntity es[] = {
        entity("person.lavrov", "Sergey Lavrov", NG_TYPE_PERSON, NULL, 0),
        entity("country.japan", "Japan", NG_TYPE_COUNTRY, attrs, 2),
        entity("person.blinken", "Antony Blinken", NG_TYPE_PERSON, NULL, 0),
        entity("organization.opec", "OPEC", NG_TYPE_ORGANIZATION, NULL, 0),
    };
    guint n[G_N_ELEMENTS(es)];
    /* Later documents bring the later nodes. */
    guint k = MIN(G_N_ELEMENTS(es), 2 + serial);
    for (guint i = 0; i < k; i++)
        n[i] = ng_graph_node(g, &es[i]);
    char doc_id[32], date[16], sentence[64];
    g_snprintf(doc_id, sizeof doc_id, "d-%u", serial);
    g_snprintf(date, sizeof date, "1987-03-%02u", 1 + (serial * 7) % 28);
    g_snprintf(sentence, sizeof sentence, "Sentence\n of  document %u.",
               serial % 5);
    for (guint i = 0; i < k; i++)
        ng_graph_add_mention(g, n[i], serial % 2 ? "Japan's" : "the\nsame",
                             serial, serial % 3 ? date : NULL);
    NgEdgeEvent co = { .relation = "co-occurs", .source = n[k - 1],
                       .target = n[0], .weight = 1, .doc_serial = serial,
                       .doc_id = doc_id, .date = date, .evidence = sentence };
    ng_graph_add_edge(g, &co);
    NgEdgeEvent meets = { .relation = "meets", .directed = TRUE,
                          .source = n[serial % k], .target = n[1],
                          .weight = 0.5, .doc_serial = serial,
                          .doc_id = doc_id, .evidence = sentence,
                          .rule = serial % 2 ? "meets.visit" : "meets.talks",
                          .cameo = serial > 2 ? "036" : NULL };
    ng_graph_add_edge(g, &meets);
}

static char *graphml(const NgGraph *g)
{
    char *dir = tl_tmpdir();
    char *path = g_build_filename(dir, "g.graphml", NULL);
    GError *error = NULL;
    g_assert_true(ng_graph_write_graphml(g, path, NULL, FALSE, &error));
    g_assert_no_error(error);
    char *text = tl_read(path, NULL);
    g_free(path);
    g_free(dir);
    return text;
}

static NgGraph *round_trip(const NgGraph *g, guint32 serial, guint32 *back)
{
    GVariant *v = g_variant_ref_sink(ng_graph_to_snapshot(g, serial));
    /* From the bytes, as from a file: nothing trusted. */
    GBytes *bytes = g_variant_get_data_as_bytes(v);
    GVariant *w = g_variant_ref_sink(g_variant_new_from_bytes(
        G_VARIANT_TYPE(NG_GRAPH_SNAPSHOT_TYPE), bytes, FALSE));
    GError *error = NULL;
    NgGraph *copy = ng_graph_from_snapshot(w, back, &error);
    g_assert_no_error(error);
    g_assert_nonnull(copy);
    g_variant_unref(w);
    g_bytes_unref(bytes);
    g_variant_unref(v);
    return copy;
}

/* The graph back from its snapshot writes the same file, and documents
 * fed to both afterwards keep them the same: counts of documents, the
 * first evidence, first CAMEO code and dates carry on. */
static void test_round_trip(void)
{
    NgGraph *g = ng_graph_new();
    for (guint32 s = 0; s < 3; s++)
        feed(g, s);
    guint32 serial = 0;
    NgGraph *copy = round_trip(g, 3, &serial);
    g_assert_cmpuint(serial, ==, 3);
    g_assert_cmpuint(ng_graph_n_nodes(copy), ==, ng_graph_n_nodes(g));
    g_assert_cmpuint(ng_graph_n_edges(copy), ==, ng_graph_n_edges(g));
    char *a = graphml(g), *b = graphml(copy);
    g_assert_cmpstr(a, ==, b);
    g_free(a);
    g_free(b);

    for (guint32 s = 3; s < 9; s++) {
        feed(g, s);
        feed(copy, s);
    }
    /* Creation order is kept (igraph sees nodes in that order). */
    for (guint i = 0; i < ng_graph_n_nodes(g); i++)
        g_assert_cmpstr(ng_graph_get_node(g, i)->id, ==,
                        ng_graph_get_node(copy, i)->id);
    a = graphml(g);
    b = graphml(copy);
    g_assert_cmpstr(a, ==, b);
    g_assert_nonnull(strstr(a, "036"));
    g_free(a);
    g_free(b);
    ng_graph_free(copy);
    ng_graph_free(g);
}

static void test_empty(void)
{
    NgGraph *g = ng_graph_new();
    guint32 serial = 7;
    NgGraph *copy = round_trip(g, 0, &serial);
    g_assert_cmpuint(serial, ==, 0);
    g_assert_cmpuint(ng_graph_n_nodes(copy), ==, 0);
    ng_graph_free(copy);
    ng_graph_free(g);
}

/* Decode `len` bytes; the error message, or NULL when they decoded
 * (*nodes: how many nodes they gave). */
static char *decode_error(const void *data, gsize len, guint *nodes)
{
    GVariant *v = g_variant_ref_sink(g_variant_new_from_data(
        G_VARIANT_TYPE(NG_GRAPH_SNAPSHOT_TYPE), data, len, FALSE, NULL, NULL));
    GError *error = NULL;
    guint32 serial;
    NgGraph *g = ng_graph_from_snapshot(v, &serial, &error);
    g_variant_unref(v);
    char *message = error ? g_strdup(error->message) : NULL;
    g_assert_true((g == NULL) == (error != NULL));
    g_clear_error(&error);
    *nodes = g ? ng_graph_n_nodes(g) : 0;
    ng_graph_free(g);
    return message;
}

/* Damaged snapshots are refused with a reason, never half-read. */
static void test_damaged(void)
{
    NgGraph *g = ng_graph_new();
    for (guint32 s = 0; s < 5; s++)
        feed(g, s);
    GVariant *v = g_variant_ref_sink(ng_graph_to_snapshot(g, 5));
    gsize len = g_variant_get_size(v);
    guint8 *data = g_memdup2(g_variant_get_data(v), len);

    /* Every truncation and every single-byte change: an error or a graph,
     * never a crash (ASan watches). A truncation loses the framing at the
     * end, and GVariant reads what it cannot frame as empty: nothing but
     * an empty graph may come of it (the file's header, snapshot.c, is
     * then empty too, and refused). */
    guint nodes;
    for (gsize cut = 0; cut < len; cut++) {
        g_free(decode_error(data, cut, &nodes));
        g_assert_cmpuint(nodes, ==, 0);
    }
    for (gsize i = 0; i < len; i++) {
        guint8 was = data[i];
        data[i] ^= 0x5a;
        g_free(decode_error(data, len, &nodes));
        data[i] = was;
    }

    /* The last document serial below a node's last document: a graph
     * that later documents would count wrongly. */
    GVariant *bad = g_variant_ref_sink(ng_graph_to_snapshot(g, 2));
    char *message = decode_error(g_variant_get_data(bad),
                                 g_variant_get_size(bad), &nodes);
    g_assert_nonnull(strstr(message, "after the last document"));
    g_free(message);
    g_variant_unref(bad);

    /* A value of another type altogether. */
    GVariant *other = g_variant_ref_sink(g_variant_new_string("graph"));
    GError *error = NULL;
    guint32 serial;
    g_assert_null(ng_graph_from_snapshot(other, &serial, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_FORMAT);
    g_clear_error(&error);
    g_variant_unref(other);

    g_free(data);
    g_variant_unref(v);
    ng_graph_free(g);
}

/* The state's snapshot file: written atomically, read back whole, absent
 * or damaged reads as none (with a reason for damage). */
static void test_file(void)
{
    char *dir = tl_tmpdir();
    GError *error = NULL;
    g_assert_null(ng_snapshot_load(dir, &error));
    g_assert_no_error(error);

    NgSnapshot sn = {
        .key = "fingerprint since= until=",
        .files = g_ptr_array_new(),
        .looks = g_ptr_array_new(),
        .mentions = 12,
        .outside = 3,
        .serial = 4,
        .graph = ng_graph_new(),
    };
    g_ptr_array_add(sn.files, "in/a.jsonl");
    g_ptr_array_add(sn.looks, "10 1.000000000 1.000000000 5 6");
    for (guint32 s = 0; s < 4; s++)
        feed(sn.graph, s);
    GBytes *v = ng_snapshot_encode(&sn);
    g_assert_true(ng_snapshot_write(dir, v, &error));
    g_assert_no_error(error);
    g_bytes_unref(v);

    NgSnapshot *back = ng_snapshot_load(dir, &error);
    g_assert_no_error(error);
    g_assert_nonnull(back);
    g_assert_cmpstr(back->key, ==, sn.key);
    g_assert_cmpuint(back->files->len, ==, 1);
    g_assert_cmpstr(back->files->pdata[0], ==, "in/a.jsonl");
    g_assert_cmpstr(back->looks->pdata[0], ==, sn.looks->pdata[0]);
    g_assert_cmpuint(back->mentions, ==, 12);
    g_assert_cmpuint(back->outside, ==, 3);
    g_assert_cmpuint(back->serial, ==, 4);
    char *a = graphml(sn.graph), *b = graphml(back->graph);
    g_assert_cmpstr(a, ==, b);
    g_free(a);
    g_free(b);
    ng_snapshot_free(back);

    /* Damaged: refused with the file's name - cut short, one byte
     * changed (the checksum), or changed with a checksum that fits (the
     * graph's own checks). */
    char *path = g_build_filename(dir, "graph.snapshot", NULL);
    gsize len;
    char *bytes = tl_read(path, &len);
    tl_put(dir, "graph.snapshot", bytes, (gssize)(len / 2));
    g_assert_null(ng_snapshot_load(dir, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_FORMAT);
    g_assert_nonnull(strstr(error->message, "graph.snapshot"));
    g_clear_error(&error);
    bytes[len - 40] ^= 1;
    tl_put(dir, "graph.snapshot", bytes, (gssize)len);
    g_assert_null(ng_snapshot_load(dir, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_FORMAT);
    g_clear_error(&error);
    GBytes *framed = ng_snapshot_frame(bytes + 16, len / 2);
    gsize flen;
    const char *fdata = g_bytes_get_data(framed, &flen);
    tl_put(dir, "graph.snapshot", fdata, (gssize)flen);
    g_bytes_unref(framed);
    g_assert_null(ng_snapshot_load(dir, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_FORMAT);
    g_assert_nonnull(strstr(error->message, "graph.snapshot"));
    g_clear_error(&error);
    tl_put(dir, "graph.snapshot", "", 0);
    g_assert_null(ng_snapshot_load(dir, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_FORMAT);
    g_clear_error(&error);

    ng_snapshot_remove(dir);
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    g_assert_null(ng_snapshot_load(dir, &error));
    g_assert_no_error(error);

    g_free(bytes);
    g_free(path);
    ng_graph_free(sn.graph);
    g_ptr_array_free(sn.files, TRUE);
    g_ptr_array_free(sn.looks, TRUE);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/graph-snapshot/round-trip", test_round_trip);
    g_test_add_func("/graph-snapshot/empty", test_empty);
    g_test_add_func("/graph-snapshot/damaged", test_damaged);
    g_test_add_func("/graph-snapshot/file", test_file);
    return g_test_run();
}
