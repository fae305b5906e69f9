/*
 * test_gexf.c - time buckets, the timeline and the GEXF writer: spells
 * and dynamic values per bucket, undated documents, mixed edge types,
 * determinism, errors, and three outside readers (the GEXF 1.3 schema,
 * networkx, graphology).
 */
#include <string.h>

#include "gephi_checks.h"
#include "docresult.h"
#include "gexf.h"
#include "graph.h"
#include "metrics.h"
#include "ng.h"
#include "palette.h"
#include "testlib.h"
#include "timeline.h"

static guint32 julian(int y, int m, int d)
{
    GDate *date = g_date_new_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
    guint32 j = g_date_get_julian(date);
    g_date_free(date);
    return j;
}

static void test_buckets(void)
{
    static const struct {
        NgTimeBucket b;
        const char *date;
        int y, m, d;          /* first day of the bucket; y 0: no bucket */
    } cases[] = {
        { NG_BUCKET_DAY, "2021-05-19", 2021, 5, 19 },
        { NG_BUCKET_DAY, "2021-05-19T10:30:00Z", 2021, 5, 19 },
        { NG_BUCKET_DAY, "1987-03-02 11:00", 1987, 3, 2 },
        { NG_BUCKET_WEEK, "2021-05-19", 2021, 5, 17 },    /* a Wednesday */
        { NG_BUCKET_WEEK, "2021-05-17", 2021, 5, 17 },    /* the Monday */
        { NG_BUCKET_WEEK, "2021-05-23", 2021, 5, 17 },    /* the Sunday */
        { NG_BUCKET_WEEK, "2021-01-01", 2020, 12, 28 },
        { NG_BUCKET_MONTH, "1988-02-29", 1988, 2, 1 },
        { NG_BUCKET_DAY, "1987-02-29", 0, 0, 0 },
        { NG_BUCKET_DAY, "1987-3-2", 0, 0, 0 },
        { NG_BUCKET_DAY, "26-FEB-1987", 0, 0, 0 },
        { NG_BUCKET_DAY, "1987-03-02x", 0, 0, 0 },
        { NG_BUCKET_DAY, "", 0, 0, 0 },
        { NG_BUCKET_DAY, NULL, 0, 0, 0 },
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        guint32 first = 0;
        gboolean ok = ng_time_bucket_of(cases[i].b, cases[i].date, &first);
        g_assert_cmpint(ok, ==, cases[i].y != 0);
        if (ok)
            g_assert_cmpuint(first, ==, julian(cases[i].y, cases[i].m, cases[i].d));
    }
    g_assert_cmpuint(ng_time_bucket_last(NG_BUCKET_MONTH, julian(1988, 2, 1)),
                     ==, julian(1988, 2, 29));
    g_assert_cmpuint(ng_time_bucket_last(NG_BUCKET_WEEK, julian(2020, 12, 28)),
                     ==, julian(2021, 1, 3));
    NgTimeBucket b;
    g_assert_true(ng_time_bucket_parse("week", &b) && b == NG_BUCKET_WEEK);
    g_assert_false(ng_time_bucket_parse("year", &b));
}

/* A corpus fed document by document into the graph and the timeline, as
 * the builder does it. */
typedef struct {
    NgGraph *g;
    NgTimeline *t;
    NgDocResult *doc;     /* the current document's result */
    guint32 serial;
} Corpus;

static const NgEntity ents[] = {
    { .id = "person.ann-lee", .name = "Ann Lee", .type = NG_TYPE_PERSON },
    { .id = "country.xland", .name = "Xland", .type = NG_TYPE_COUNTRY },
    { .id = "organization.acme", .name = "Acme & <Co>", .type = NG_TYPE_ORGANIZATION },
    { .id = "country.undated", .name = "Undated", .type = NG_TYPE_COUNTRY },
};
enum { ANN, XLAND, ACME, UNDATED };

static void doc_begin(Corpus *c, const char *date)
{
    c->doc = ng_docresult_new("d", date);
}

static void doc_mention(Corpus *c, int e)
{
    ng_docresult_mention(c->doc, ng_docresult_entity(c->doc, &ents[e]),
                         ents[e].name);
}

static void doc_edge(Corpus *c, const char *rel, gboolean directed, int a,
                     int b, double w)
{
    ng_docresult_edge(c->doc, rel, directed,
                      ng_docresult_entity(c->doc, &ents[a]),
                      ng_docresult_entity(c->doc, &ents[b]), w,
                      "Ann Lee of Xland & Acme.", NULL, NULL);
}

static void doc_end(Corpus *c)
{
    ng_graph_add_docresult(c->g, c->doc, c->serial++);
    ng_timeline_add(c->t, c->doc);
    ng_docresult_free(c->doc);
}

/* Three dated documents (two on consecutive days, one a week later) and
 * one undated; with a directed "meets" edge when `mixed`. */
static Corpus corpus(NgTimeBucket bucket, gboolean mixed)
{
    Corpus c = { ng_graph_new(), ng_timeline_new(bucket), NULL, 0 };
    doc_begin(&c, "1987-03-02");
    doc_mention(&c, ANN);
    doc_mention(&c, XLAND);
    doc_mention(&c, XLAND);
    doc_edge(&c, "co-occurs", FALSE, ANN, XLAND, 2);
    doc_end(&c);
    doc_begin(&c, "1987-03-03T09:00:00");
    doc_mention(&c, ANN);
    doc_mention(&c, ACME);
    doc_edge(&c, "co-occurs", FALSE, ANN, ACME, 1);
    if (mixed)
        doc_edge(&c, "meets", TRUE, ANN, ACME, 1);
    doc_end(&c);
    doc_begin(&c, "1987-03-10");
    doc_mention(&c, XLAND);
    doc_mention(&c, ANN);
    doc_edge(&c, "co-occurs", FALSE, ANN, XLAND, 1);
    doc_end(&c);
    doc_begin(&c, NULL);
    doc_mention(&c, UNDATED);
    doc_mention(&c, XLAND);
    doc_edge(&c, "co-occurs", FALSE, UNDATED, XLAND, 3);
    doc_end(&c);
    return c;
}

static void corpus_free(Corpus *c)
{
    ng_graph_free(c->g);
    ng_timeline_free(c->t);
}

/* Write the corpus as GEXF (with metrics, layout and colours when
 * `metrics`) and return the path. */
static char *write_corpus(const char *dir, const char *name,
                          NgTimeBucket bucket, gboolean metrics,
                          gboolean mixed)
{
    GError *error = NULL;
    Corpus c = corpus(bucket, mixed);
    NgMetrics *m = NULL;
    NgPalette *p = NULL;
    if (metrics) {
        char *pp = tl_src_path("share/" NG_PALETTE_FILE);
        p = ng_palette_load(pp, &error);
        g_assert_no_error(error);
        g_free(pp);
        m = ng_metrics_compute(c.g, &error);
        g_assert_true(ng_metrics_layout(m, c.g, NG_LAYOUT_FR_MAX, &error));
        ng_metrics_appearance(m, c.g, p);
    }
    char *path = g_build_filename(dir, name, NULL);
    g_assert_true(ng_gexf_write(c.g, m, c.t, path, "negraph test -- a & b",
                                &error));
    g_assert_no_error(error);
    ng_metrics_free(m);
    ng_palette_free(p);
    corpus_free(&c);
    return path;
}

/* The text of the element that starts with `start`, up to `end`. */
static char *element(const char *xml, const char *start, const char *end)
{
    const char *s = strstr(xml, start);
    g_assert_nonnull(s);
    const char *e = strstr(s, end);
    g_assert_nonnull(e);
    return g_strndup(s, (gsize)(e - s) + strlen(end));
}

static void test_days(void)
{
    char *dir = tl_tmpdir();
    char *path = write_corpus(dir, "g.gexf", NG_BUCKET_DAY, FALSE, TRUE);
    char *xml = tl_read(path, NULL);

    g_assert_nonnull(strstr(xml, "<graph mode=\"dynamic\" timeformat=\"date\">"));
    g_assert_null(strstr(xml, "defaultedgetype"));
    g_assert_nonnull(strstr(xml, "<description>negraph test -- a &amp; b</description>"));

    /* Ann: 1 mention on each of three days; 03-02 and 03-03 make one
     * spell. */
    char *ann = element(xml, "<node id=\"person.ann-lee\"", "</node>");
    g_assert_nonnull(strstr(ann, "label=\"Ann Lee\""));
    g_assert_nonnull(strstr(ann, "<attvalue for=\"total_mentions\" value=\"3\"/>"));
    g_assert_nonnull(strstr(ann, "<attvalue for=\"mentions\" value=\"1\" start=\"1987-03-02\" end=\"1987-03-02\"/>"));
    g_assert_nonnull(strstr(ann, "<attvalue for=\"mentions\" value=\"1\" start=\"1987-03-10\" end=\"1987-03-10\"/>"));
    g_assert_nonnull(strstr(ann,
        "<spells>\n"
        "          <spell start=\"1987-03-02\" end=\"1987-03-03\"/>\n"
        "          <spell start=\"1987-03-10\" end=\"1987-03-10\"/>\n"
        "        </spells>"));
    g_free(ann);

    /* Xland: the undated mention counts in the total only. */
    char *x = element(xml, "<node id=\"country.xland\"", "</node>");
    g_assert_nonnull(strstr(x, "<attvalue for=\"total_mentions\" value=\"4\"/>"));
    g_assert_nonnull(strstr(x, "<attvalue for=\"mentions\" value=\"2\" start=\"1987-03-02\" end=\"1987-03-02\"/>"));
    g_free(x);

    /* Seen only undated: no spells (always shown), the total as a value
     * without interval. */
    char *u = element(xml, "<node id=\"country.undated\"", "</node>");
    g_assert_null(strstr(u, "<spells>"));
    g_assert_nonnull(strstr(u, "<attvalue for=\"mentions\" value=\"1\"/>"));
    g_free(u);

    g_assert_nonnull(strstr(xml, "label=\"Acme &amp; &lt;Co&gt;\""));

    /* Edges: one per relation and pair, each with its own type. */
    g_assert_nonnull(strstr(xml,
        "<edge id=\"e0\" source=\"country.undated\" target=\"country.xland\" "
        "type=\"undirected\" kind=\"co-occurs\" label=\"co-occurs\" weight=\"3\">"));
    g_assert_nonnull(strstr(xml,
        "<edge id=\"e3\" source=\"person.ann-lee\" target=\"organization.acme\" "
        "type=\"directed\" kind=\"meets\" label=\"meets\" weight=\"1\">"));
    char *ax = element(xml, "source=\"country.xland\" target=\"person.ann-lee\"", "</edge>");
    g_assert_nonnull(strstr(ax, "<attvalue for=\"weight\" value=\"2\" start=\"1987-03-02\" end=\"1987-03-02\"/>"));
    g_assert_nonnull(strstr(ax, "<attvalue for=\"weight\" value=\"1\" start=\"1987-03-10\" end=\"1987-03-10\"/>"));
    g_assert_nonnull(strstr(ax, "<attvalue for=\"total_weight\" value=\"3\"/>"));
    g_assert_nonnull(strstr(ax, "<attvalue for=\"evidence\" value=\"[d] Ann Lee of Xland &amp; Acme.\"/>"));
    g_free(ax);

    /* No metrics: no viz. */
    g_assert_null(strstr(xml, "viz:color"));
    g_assert_null(strstr(xml, "\"pagerank\""));
    g_free(xml);
    g_free(path);
    g_free(dir);
}

static void test_months(void)
{
    char *dir = tl_tmpdir();
    char *path = write_corpus(dir, "g.gexf", NG_BUCKET_MONTH, TRUE, TRUE);
    char *xml = tl_read(path, NULL);
    char *ann = element(xml, "<node id=\"person.ann-lee\"", "</node>");
    g_assert_nonnull(strstr(ann, "<attvalue for=\"mentions\" value=\"3\" start=\"1987-03-01\" end=\"1987-03-31\"/>"));
    g_assert_nonnull(strstr(ann, "<spell start=\"1987-03-01\" end=\"1987-03-31\"/>"));
    g_assert_nonnull(strstr(ann, "<viz:color r=\"225\" g=\"87\" b=\"89\"/>"));
    g_assert_nonnull(strstr(ann, "<viz:position x=\""));
    g_assert_nonnull(strstr(ann, "<viz:size value=\""));
    g_assert_nonnull(strstr(ann, "<attvalue for=\"pagerank\" value=\"0."));
    g_free(ann);
    g_assert_nonnull(strstr(xml, "<attribute id=\"community\" title=\"community\" type=\"integer\"/>"));
    g_free(xml);
    g_free(path);
    g_free(dir);
}

static void test_deterministic(void)
{
    char *dir = tl_tmpdir();
    char *a = write_corpus(dir, "a.gexf", NG_BUCKET_WEEK, TRUE, TRUE);
    char *b = write_corpus(dir, "b.gexf", NG_BUCKET_WEEK, TRUE, TRUE);
    char *xa = tl_read(a, NULL), *xb = tl_read(b, NULL);
    g_assert_cmpstr(xa, ==, xb);
    g_free(xa);
    g_free(xb);
    g_free(a);
    g_free(b);
    g_free(dir);
}

static void test_errors(void)
{
    GError *error = NULL;
    Corpus c = corpus(NG_BUCKET_DAY, TRUE);
    g_assert_false(ng_gexf_write(c.g, NULL, c.t, "/nonexistent/dir/g.gexf",
                                 NULL, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_IO);
    g_clear_error(&error);

    /* A gazetteer attribute named like a built-in one. */
    NgAttr attr = { .key = "pagerank", .value = "1" };
    NgEntity e = { .id = "person.odd", .name = "Odd", .type = NG_TYPE_PERSON,
                   .attrs = &attr, .n_attrs = 1 };
    ng_graph_node(c.g, &e);
    char *dir = tl_tmpdir();
    char *path = g_build_filename(dir, "g.gexf", NULL);
    g_assert_false(ng_gexf_write(c.g, NULL, c.t, path, NULL, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_CONFIG);
    g_assert_nonnull(strstr(error->message, "person.odd"));
    g_clear_error(&error);
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    g_free(path);
    g_free(dir);
    corpus_free(&c);
}

static void test_schema(void)
{
    char *dir = tl_tmpdir();
    char *plain = write_corpus(dir, "plain.gexf", NG_BUCKET_DAY, FALSE, TRUE);
    char *full = write_corpus(dir, "full.gexf", NG_BUCKET_MONTH, TRUE, TRUE);
    if (gc_gexf_schema(plain))
        gc_gexf_schema(full);
    g_free(plain);
    g_free(full);
    g_free(dir);
}

static void test_networkx(void)
{
    char *dir = tl_tmpdir();
    /* networkx has no mixed graphs (it refuses a directed edge in a file
     * whose first edges are undirected): the corpus without "meets". */
    char *path = write_corpus(dir, "g.gexf", NG_BUCKET_DAY, TRUE, FALSE);
    gc_networkx(path,
        "assert g.number_of_nodes() == 4 and g.number_of_edges() == 3\n"
        "assert not g.is_directed()\n"
        "n = g.nodes['person.ann-lee']\n"
        "assert n['label'] == 'Ann Lee' and n['type'] == 'person'\n"
        "assert n['total_mentions'] == 3 and isinstance(n['pagerank'], float)\n"
        "assert n['spells'] == [('1987-03-02', '1987-03-03'), ('1987-03-10', '1987-03-10')]\n"
        "assert n['mentions'] == [(1, '1987-03-02', '1987-03-02'), (1, '1987-03-03', '1987-03-03'), (1, '1987-03-10', '1987-03-10')]\n"
        "assert n['viz']['color'] == {'r': 225, 'g': 87, 'b': 89, 'a': 1.0}\n"
        "assert 'position' in n['viz'] and n['viz']['size'] > 0\n"
        "e = g.edges['country.xland', 'person.ann-lee']\n"
        "assert e['weight'] == 3 and e['relation'] == 'co-occurs'\n");
    g_free(path);
    g_free(dir);
}

static void test_graphology(void)
{
    char *dir = tl_tmpdir();
    char *path = write_corpus(dir, "g.gexf", NG_BUCKET_DAY, TRUE, TRUE);
    gc_graphology(path, 4, 4, "co-occurs=3,meets=1");
    g_free(path);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/gexf/buckets", test_buckets);
    g_test_add_func("/gexf/days", test_days);
    g_test_add_func("/gexf/months", test_months);
    g_test_add_func("/gexf/deterministic", test_deterministic);
    g_test_add_func("/gexf/errors", test_errors);
    g_test_add_func("/gexf/schema", test_schema);
    g_test_add_func("/gexf/networkx", test_networkx);
    g_test_add_func("/gexf/graphology", test_graphology);
    return g_test_run();
}
