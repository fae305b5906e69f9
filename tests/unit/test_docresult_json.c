/*
 * test_docresult_json.c - per-document results as JSON Lines
 * (docresult_json.h) and in the binary form of the state
 * (docresult_bin.h): lossless, deterministic, strict about bad input.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "docresult_bin.h"
#include "docresult_json.h"
#include "graph.h"
#include "ng.h"
#include "testlib.h"

/* A result with every kind of member: gazetteer and found entities,
 * attributes, mentions with odd characters, edges with and without the
 * optional strings, awkward weights. */
static NgDocResult *sample(void)
{
    NgDocResult *r = ng_docresult_new("doc-1 \"quoted\"", "1987-02-26");
    NgAttr attrs[] = { { "iso2", "US" }, { "wikidata", "Q30" } };
    NgEntity us = { .id = "country.united-states", .name = "United States",
                    .type = NG_TYPE_COUNTRY, .attrs = attrs, .n_attrs = 2 };
    NgEntity fm = { .id = "person.francois-mitterrand",
                    .name = "François Mitterrand", .type = NG_TYPE_PERSON };
    NgEntity att = { .id = "organization.at-t", .name = "AT&T <Corp>",
                     .type = NG_TYPE_ORGANIZATION };
    guint32 a = ng_docresult_entity(r, &us);
    guint32 b = ng_docresult_entity(r, &fm);
    guint32 c = ng_docresult_entity(r, &att);
    ng_docresult_mention(r, a, "U.S.");
    ng_docresult_mention(r, b, "Fran\xc3\xa7ois\tMitterrand \\ \"x\"\n");
    ng_docresult_mention(r, c, "AT&T");
    ng_docresult_mention(r, a, "Washington");
    ng_docresult_edge(r, "co-occurs", FALSE, a, b, 1.0,
                      "The U.S. and Fran\xc3\xa7ois Mitterrand \xe2\x80\x94 met.",
                      NULL, NULL);
    ng_docresult_edge(r, "meets", TRUE, b, c, 0.1, NULL, "meet-1", "040");
    ng_docresult_edge(r, "co-occurs", FALSE, c, a, 2.5e-7, "", NULL, NULL);
    return r;
}

static void assert_same(const NgDocResult *x, const NgDocResult *y)
{
    g_assert_cmpstr(x->doc_id, ==, y->doc_id);
    g_assert_cmpstr(x->date, ==, y->date);
    g_assert_cmpuint(x->entities->len, ==, y->entities->len);
    for (guint i = 0; i < x->entities->len; i++) {
        const NgEntity *a = x->entities->pdata[i], *b = y->entities->pdata[i];
        g_assert_cmpstr(a->id, ==, b->id);
        g_assert_cmpstr(a->name, ==, b->name);
        g_assert_cmpint(a->type, ==, b->type);
        g_assert_cmpuint(a->n_attrs, ==, b->n_attrs);
        for (guint k = 0; k < a->n_attrs; k++) {
            g_assert_cmpstr(a->attrs[k].key, ==, b->attrs[k].key);
            g_assert_cmpstr(a->attrs[k].value, ==, b->attrs[k].value);
        }
    }
    g_assert_cmpuint(x->mentions->len, ==, y->mentions->len);
    for (guint i = 0; i < x->mentions->len; i++) {
        const NgResultMention *a = &g_array_index(x->mentions, NgResultMention, i);
        const NgResultMention *b = &g_array_index(y->mentions, NgResultMention, i);
        g_assert_cmpuint(a->entity, ==, b->entity);
        g_assert_cmpstr(a->surface, ==, b->surface);
    }
    g_assert_cmpuint(x->edges->len, ==, y->edges->len);
    for (guint i = 0; i < x->edges->len; i++) {
        const NgResultEdge *a = &g_array_index(x->edges, NgResultEdge, i);
        const NgResultEdge *b = &g_array_index(y->edges, NgResultEdge, i);
        g_assert_cmpstr(a->relation, ==, b->relation);
        g_assert_cmpint(a->directed, ==, b->directed);
        g_assert_cmpuint(a->source, ==, b->source);
        g_assert_cmpuint(a->target, ==, b->target);
        g_assert_true(a->weight == b->weight);   /* bit for bit */
        g_assert_cmpstr(a->evidence, ==, b->evidence);
        g_assert_cmpstr(a->rule, ==, b->rule);
        g_assert_cmpstr(a->cameo, ==, b->cameo);
    }
}

static void test_roundtrip(void)
{
    NgDocResult *r = sample();
    char *line = ng_docresult_to_json(r);
    g_assert_null(strchr(line, '\n'));   /* one line, whatever the text */
    GError *error = NULL;
    NgDocResult *back = ng_docresult_from_json(line, strlen(line), &error);
    g_assert_no_error(error);
    assert_same(r, back);
    /* Deterministic: the decoded result encodes to the same bytes. */
    char *again = ng_docresult_to_json(back);
    g_assert_cmpstr(line, ==, again);
    /* Absent optional members stay absent. */
    g_assert_null(strstr(line, "\"rule\":null"));
    g_free(again);
    g_free(line);
    ng_docresult_free(back);
    ng_docresult_free(r);
}

static void test_undated_and_empty(void)
{
    NgDocResult *r = ng_docresult_new("empty", NULL);
    char *line = ng_docresult_to_json(r);
    g_assert_cmpstr(line, ==,
                    "{\"id\":\"empty\",\"entities\":[],\"mentions\":[],\"edges\":[]}");
    NgDocResult *back = ng_docresult_from_json(line, strlen(line), NULL);
    g_assert_nonnull(back);
    assert_same(r, back);
    g_free(line);
    ng_docresult_free(back);
    ng_docresult_free(r);
}

/* The binary form: lossless and deterministic, with and without a date
 * and optional strings. */
static void test_bin_roundtrip(void)
{
    NgDocResult *rs[] = { sample(), ng_docresult_new("empty", NULL) };
    for (guint k = 0; k < G_N_ELEMENTS(rs); k++) {
        GBytes *bin = ng_docresult_to_bin(rs[k]);
        gsize len;
        const void *data = g_bytes_get_data(bin, &len);
        GError *error = NULL;
        NgDocResult *back = ng_docresult_from_bin(data, len, &error);
        g_assert_no_error(error);
        assert_same(rs[k], back);
        GBytes *again = ng_docresult_to_bin(back);
        g_assert_true(g_bytes_equal(bin, again));
        g_bytes_unref(again);
        g_bytes_unref(bin);
        ng_docresult_free(back);
        ng_docresult_free(rs[k]);
    }
}

/* The pairs of a sentence's names share its evidence and relation: the
 * binary form writes a repeat once, and gives it back to each edge. A
 * repeat flag with nothing before it to repeat is refused. */
static void test_bin_repeats(void)
{
    const char *sentence = "Japan, China and Exxon Corp met in Paris.";
    NgDocResult *r = ng_docresult_new("doc-2", NULL);
    NgEntity ents[] = {
        { .id = "country.japan", .name = "Japan", .type = NG_TYPE_COUNTRY },
        { .id = "country.china", .name = "China", .type = NG_TYPE_COUNTRY },
        { .id = "org.exxon", .name = "Exxon", .type = NG_TYPE_ORGANIZATION },
    };
    guint32 e[3];
    for (guint i = 0; i < 3; i++)
        e[i] = ng_docresult_entity(r, &ents[i]);
    ng_docresult_edge(r, "co-occurs", FALSE, e[0], e[1], 1, sentence, NULL,
                      NULL);
    ng_docresult_edge(r, "co-occurs", FALSE, e[0], e[2], 1, sentence, NULL,
                      NULL);
    ng_docresult_edge(r, "meets", TRUE, e[1], e[2], 1, sentence, "meets-1",
                      "040");
    ng_docresult_edge(r, "meets", TRUE, e[2], e[1], 1, NULL, NULL, NULL);
    ng_docresult_edge(r, "co-occurs", FALSE, e[1], e[2], 1, sentence, NULL,
                      NULL);
    GBytes *bin = ng_docresult_to_bin(r);
    gsize len;
    const guint8 *data = g_bytes_get_data(bin, &len);
    /* The sentence is written twice: after the edge without evidence, the
     * last edge's is no repeat. */
    gsize found = 0, n = strlen(sentence);
    for (gsize i = 0; i + n <= len; i++)
        found += !memcmp(data + i, sentence, n);
    g_assert_cmpuint(found, ==, 2);
    NgDocResult *back = ng_docresult_from_bin(data, len, NULL);
    g_assert_nonnull(back);
    assert_same(r, back);
    GBytes *again = ng_docresult_to_bin(back);
    g_assert_true(g_bytes_equal(bin, again));
    g_bytes_unref(again);
    ng_docresult_free(back);
    g_bytes_unref(bin);
    ng_docresult_free(r);

    /* A first edge that says it repeats: refused. */
    r = ng_docresult_new("doc-3", NULL);
    e[0] = ng_docresult_entity(r, &ents[0]);
    e[1] = ng_docresult_entity(r, &ents[1]);
    ng_docresult_edge(r, "co-occurs", FALSE, e[0], e[1], 1, sentence, NULL,
                      NULL);
    bin = ng_docresult_to_bin(r);
    data = g_bytes_get_data(bin, &len);
    guint8 *copy = g_memdup2(data, len);
    /* The flags byte of the only edge, in the byte column: after the date
     * flag, the two types and its direction. */
    GVariant *v = g_variant_ref_sink(g_variant_new_from_bytes(
        G_VARIANT_TYPE("(auayad)"), bin, FALSE));
    GVariant *bytes = g_variant_get_child_value(v, 1);
    gsize at = (gsize)((const guint8 *)g_variant_get_data(bytes) -
                       (const guint8 *)g_variant_get_data(v)) + 1 + 2 + 1;
    g_variant_unref(bytes);
    g_variant_unref(v);
    g_assert_cmpuint(copy[at], ==, 1);
    for (guint flag = 8; flag <= 16; flag *= 2) {
        copy[at] = (guint8)(1 | flag);
        GError *error = NULL;
        g_assert_null(ng_docresult_from_bin(copy, len, &error));
        g_assert_error(error, NG_ERROR, NG_ERROR_FORMAT);
        g_error_free(error);
    }
    g_free(copy);
    g_bytes_unref(bin);
    ng_docresult_free(r);
}

/* Damaged bytes (every truncation, every byte changed) decode to an
 * error or to some result, never to a crash or a leak (ASan checks). */
static void test_bin_damaged(void)
{
    NgDocResult *r = sample();
    GBytes *bin = ng_docresult_to_bin(r);
    gsize len;
    const guint8 *data = g_bytes_get_data(bin, &len);
    guint refused = 0;
    for (gsize cut = 0; cut < len; cut++) {
        GError *error = NULL;
        guint8 *copy = g_memdup2(data, cut ? cut : 1);
        NgDocResult *back = ng_docresult_from_bin(copy, cut, &error);
        g_assert_true(back || g_error_matches(error, NG_ERROR,
                                              NG_ERROR_FORMAT));
        refused += back == NULL;
        g_clear_error(&error);
        ng_docresult_free(back);
        g_free(copy);
    }
    g_assert_cmpuint(refused, >, 0);
    for (gsize i = 0; i < len; i++)
        for (guint v = 0; v < 256; v += 51) {
            guint8 *copy = g_memdup2(data, len);
            copy[i] ^= (guint8)(v | 1);
            NgDocResult *back = ng_docresult_from_bin(copy, len, NULL);
            ng_docresult_free(back);
            g_free(copy);
        }
    g_bytes_unref(bin);
    ng_docresult_free(r);
}

/* A graph from decoded results (JSON: pass 1; binary, pooled: pass 2) is
 * the graph from the originals (pass 0). */
static void test_same_graph(void)
{
    char *dir = tl_tmpdir();
    char *paths[3];
    for (int pass = 0; pass < 3; pass++) {
        NgGraph *g = ng_graph_new();
        for (guint32 serial = 0; serial < 3; serial++) {
            NgDocResult *r = sample();
            if (pass == 1) {
                char *line = ng_docresult_to_json(r);
                ng_docresult_free(r);
                r = ng_docresult_from_json(line, strlen(line), NULL);
                g_free(line);
            } else if (pass == 2) {
                GBytes *bin = ng_docresult_to_bin(r);
                ng_docresult_free(r);
                gsize len;
                const void *data = g_bytes_get_data(bin, &len);
                r = ng_docresult_from_bin(data, len, NULL);
                g_bytes_unref(bin);   /* the result has its own copy */
                g_assert_nonnull(r->pool);
            }
            ng_graph_add_docresult(g, r, serial);
            ng_docresult_free(r);
        }
        paths[pass] = g_strdup_printf("%s/%d.graphml", dir, pass);
        g_assert_true(ng_graph_write_graphml(g, paths[pass], NULL, FALSE, NULL));
        ng_graph_free(g);
    }
    gsize l0;
    char *a = tl_read(paths[0], &l0);
    for (int pass = 1; pass < 3; pass++) {
        gsize l;
        char *b = tl_read(paths[pass], &l);
        g_assert_cmpmem(a, l0, b, l);
        g_free(b);
        g_free(paths[pass]);
    }
    g_free(a);
    g_free(paths[0]);
    g_free(dir);
}

static void test_header(void)
{
    NgResultsHeader h = { "0.1.0", "--window sentence; gazetteers: 1 entities",
                          "abc123" };
    char *line = ng_results_header_to_json(&h);
    NgDocResult *r;
    NgResultsHeader *back;
    GError *error = NULL;
    g_assert_true(ng_results_line_parse(line, strlen(line), &r, &back, &error));
    g_assert_no_error(error);
    g_assert_null(r);
    g_assert_cmpstr(back->version, ==, "0.1.0");
    g_assert_cmpstr(back->config, ==, h.config);
    g_assert_cmpstr(back->fingerprint, ==, "abc123");
    /* Where a result must be, a header is an error. */
    g_assert_null(ng_docresult_from_json(line, strlen(line), &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_FORMAT);
    g_clear_error(&error);
    ng_results_header_free(back);
    g_free(line);
}

static void test_bad_lines(void)
{
    static const char *bad[] = {
        "",
        "not json",
        "[1, 2]",
        "{\"id\":\"x\",\"entities\":[],\"mentions\":[]}",                 /* no edges */
        "{\"id\":7,\"entities\":[],\"mentions\":[],\"edges\":[]}",        /* id type */
        "{\"id\":\"x\",\"entities\":[{\"id\":\"a\",\"name\":\"A\",\"type\":\"planet\"}],"
            "\"mentions\":[],\"edges\":[]}",
        "{\"id\":\"x\",\"entities\":[{\"id\":\"a\",\"name\":\"A\",\"type\":\"person\"},"
            "{\"id\":\"a\",\"name\":\"A\",\"type\":\"person\"}],\"mentions\":[],\"edges\":[]}",
        "{\"id\":\"x\",\"entities\":[],\"mentions\":[[0,\"A\"]],\"edges\":[]}",
        "{\"id\":\"x\",\"entities\":[{\"id\":\"a\",\"name\":\"A\",\"type\":\"person\"}],"
            "\"mentions\":[[0]],\"edges\":[]}",
        "{\"id\":\"x\",\"entities\":[{\"id\":\"a\",\"name\":\"A\",\"type\":\"person\"},"
            "{\"id\":\"b\",\"name\":\"B\",\"type\":\"person\"}],\"mentions\":[],"
            "\"edges\":[{\"relation\":\"r\",\"directed\":false,\"source\":0,"
            "\"target\":1,\"weight\":-1}]}",
        "{\"id\":\"x\",\"entities\":[{\"id\":\"a\",\"name\":\"A\",\"type\":\"person\"}],"
            "\"mentions\":[],\"edges\":[{\"relation\":\"r\",\"directed\":false,"
            "\"source\":0,\"target\":0,\"weight\":1}]}",
        "{\"id\":\"x\",\"entities\":[{\"id\":\"a\",\"name\":\"A\",\"type\":\"person\"},"
            "{\"id\":\"b\",\"name\":\"B\",\"type\":\"person\"}],\"mentions\":[],"
            "\"edges\":[{\"relation\":\"r\",\"directed\":\"no\",\"source\":0,"
            "\"target\":1,\"weight\":1}]}",
        "{\"negraph\":\"0.1.0\",\"config\":\"c\"}",                       /* header */
    };
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        NgDocResult *r;
        NgResultsHeader *h;
        GError *error = NULL;
        g_test_message("line %u: %s", i, bad[i]);
        g_assert_false(ng_results_line_parse(bad[i], strlen(bad[i]), &r, &h,
                                             &error));
        g_assert_error(error, NG_ERROR, NG_ERROR_FORMAT);
        g_assert_null(r);
        g_assert_null(h);
        g_error_free(error);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/docresult-json/roundtrip", test_roundtrip);
    g_test_add_func("/docresult-json/undated-and-empty", test_undated_and_empty);
    g_test_add_func("/docresult-json/same-graph", test_same_graph);
    g_test_add_func("/docresult-json/header", test_header);
    g_test_add_func("/docresult-json/bad-lines", test_bad_lines);
    g_test_add_func("/docresult-bin/roundtrip", test_bin_roundtrip);
    g_test_add_func("/docresult-bin/repeats", test_bin_repeats);
    g_test_add_func("/docresult-bin/damaged", test_bin_damaged);
    return g_test_run();
}
