/*
 * test_gephi.c - end-to-end: `negraph build` writing Gephi-ready GraphML
 * and GEXF (metrics, layout, colours, timeline), checked by the schemas,
 * networkx and graphology; `negraph render` drawing them; bad options.
 */
#include <string.h>
#include <cairo.h>

#include "gephi_checks.h"
#include "testlib.h"

static char *gazdir;   /* tests/fixtures/e2e/gazetteers */

/* Dated news as JSON Lines (two days in March, one in April) and one
 * undated text: co-occurrence only, no relation verbs. */
static const char *NEWS_JSONL =
    "{\"id\": \"n1\", \"date\": \"2021-03-01\", \"text\": \"Antony Blinken and Sergey Lavrov spoke about Russia and the U.S. on Monday.\"}\n"
    "{\"id\": \"n2\", \"date\": \"2021-03-02T08:00:00Z\", \"text\": \"Sergey Lavrov said Russia and Japan would talk. Antony Blinken was in Tokyo with Sergei Lavrov.\"}\n"
    "{\"id\": \"n3\", \"date\": \"2021-04-15\", \"text\": \"The U.S. and Japan discussed Nord Stream 2 with Russia.\"}\n";
static const char *UNDATED_TXT =
    "Undated note\n\nAT&T and the U.S. regulator. François Mitterrand and Jordan, the Hashemite Kingdom of Jordan.\n";

static char *corpus(const char *dir)
{
    char *in = g_build_filename(dir, "in", NULL);
    g_free(tl_write(in, "news.jsonl", NEWS_JSONL, -1));
    g_free(tl_write(in, "undated.txt", UNDATED_TXT, -1));
    return in;
}

/* negraph build --gazetteers FIXTURE INPUT -o OUT [extra...] */
static TlRun build(const char *in, const char *out, ...)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (char *)tl_negraph());
    g_ptr_array_add(argv, "build");
    g_ptr_array_add(argv, "--gazetteers");
    g_ptr_array_add(argv, gazdir);
    g_ptr_array_add(argv, "-o");
    g_ptr_array_add(argv, (char *)out);
    va_list ap;
    va_start(ap, out);
    for (const char *a = va_arg(ap, const char *); a; a = va_arg(ap, const char *))
        g_ptr_array_add(argv, (char *)a);
    va_end(ap);
    g_ptr_array_add(argv, (char *)in);
    g_ptr_array_add(argv, NULL);
    TlRun r = tl_run_argv((char **)argv->pdata, NULL);
    g_test_message("build: %s", r.err);
    g_ptr_array_free(argv, TRUE);
    return r;
}

static void test_graphml(void)
{
    char *dir = tl_tmpdir(), *in = corpus(dir);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    TlRun r = build(in, out, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.err, "metrics "));
    g_assert_nonnull(strstr(r.err, "layout "));
    char *xml = tl_read(out, NULL);
    g_assert_nonnull(strstr(xml, "layout fruchterman-reingold, seed 42"));
    static const char *const keys[] = {
        "attr.name=\"degree\" attr.type=\"int\"",
        "attr.name=\"weighted_degree\" attr.type=\"double\"",
        "attr.name=\"pagerank\" attr.type=\"double\"",
        "attr.name=\"betweenness\" attr.type=\"double\"",
        "attr.name=\"community\" attr.type=\"int\"",
        "attr.name=\"x\" attr.type=\"double\"",
        "attr.name=\"y\" attr.type=\"double\"",
        "attr.name=\"size\" attr.type=\"double\"",
        "<key id=\"v_color\" for=\"node\" attr.name=\"color\" attr.type=\"string\"/>",
        "<key id=\"e_color\" for=\"edge\" attr.name=\"color\" attr.type=\"string\"/>",
        /* The shipped palette: countries blue, co-occurrence light grey. */
        "<data key=\"v_color\">#4e79a7</data>",
        "<data key=\"e_color\">#c8c8c8</data>",
    };
    for (guint i = 0; i < G_N_ELEMENTS(keys); i++)
        g_assert_nonnull(strstr(xml, keys[i]));
    gc_graphml_schema(out);

    /* Same inputs, same bytes: metrics and layout are deterministic. */
    char *again = g_build_filename(dir, "again.graphml", NULL);
    TlRun r2 = build(in, again, NULL);
    char *xml2 = tl_read(again, NULL);
    g_assert_cmpstr(xml, ==, xml2);
    g_free(xml2);
    tl_run_clear(&r2);
    g_free(again);
    g_free(xml);
    tl_run_clear(&r);
    g_free(out);
    g_free(in);
    g_free(dir);
}

static void test_graphml_networkx(void)
{
    char *dir = tl_tmpdir(), *in = corpus(dir);
    char *out = g_build_filename(dir, "p.graphml", NULL);
    TlRun r = build(in, out, "--portable", NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    gc_networkx(out,
        "n = g.nodes['country.russia']\n"
        "assert n['type'] == 'country' and n['color'] == '#4e79a7'\n"
        "assert isinstance(n['pagerank'], float) and isinstance(n['community'], int)\n"
        "assert isinstance(n['x'], float) and n['degree'] >= 3\n");
    tl_run_clear(&r);
    g_free(out);
    g_free(in);
    g_free(dir);
}

static void test_gexf(void)
{
    char *dir = tl_tmpdir(), *in = corpus(dir);
    char *out = g_build_filename(dir, "g.gexf", NULL);
    TlRun r = build(in, out, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    char *xml = tl_read(out, NULL);
    g_assert_nonnull(strstr(xml, "<gexf xmlns=\"http://gexf.net/1.3\""));
    g_assert_nonnull(strstr(xml, "timeformat=\"date\""));
    g_assert_null(strstr(xml, "defaultedgetype"));
    /* Day buckets: Lavrov on 03-01 and 03-02 is one spell. */
    char *lavrov = strstr(xml, "<node id=\"person.sergey-lavrov\"");
    g_assert_nonnull(lavrov);
    g_assert_true(strstr(lavrov, "<spell start=\"2021-03-01\" end=\"2021-03-02\"/>") <
                  strstr(lavrov, "</node>"));
    /* Undated only: no spells. */
    char *att = strstr(xml, "<node id=\"organization.at-t-corp\"");
    g_assert_nonnull(att);
    char *att_end = strstr(att, "</node>");
    char *spells = strstr(att, "<spells>");
    g_assert_true(!spells || spells > att_end);
    g_assert_nonnull(strstr(xml, "kind=\"co-occurs\""));
    g_assert_nonnull(strstr(xml, "<viz:position"));
    if (gc_gexf_schema(out))
        g_test_message("GEXF schema ok");
    gc_networkx(out,
        "n = g.nodes['person.sergey-lavrov']\n"
        "assert ('2021-03-01', '2021-03-02') in n['spells']\n"
        "assert n['viz']['color'] == {'r': 225, 'g': 87, 'b': 89, 'a': 1.0}\n");
    g_free(xml);
    tl_run_clear(&r);

    /* --format gexf with another name, month buckets. */
    char *month = g_build_filename(dir, "g.xml", NULL);
    r = build(in, month, "--format", "gexf", "--time-bucket", "month", NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    xml = tl_read(month, NULL);
    g_assert_nonnull(strstr(xml, "<spell start=\"2021-03-01\" end=\"2021-04-30\"/>"));
    g_free(xml);
    tl_run_clear(&r);
    g_free(month);
    g_free(out);
    g_free(in);
    g_free(dir);
}

static void test_gexf_graphology(void)
{
    char *dir = tl_tmpdir(), *in = corpus(dir);
    char *out = g_build_filename(dir, "g.gexf", NULL);
    TlRun r = build(in, out, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    /* Count what the file says, then make graphology agree. */
    char *xml = tl_read(out, NULL);
    guint nodes = 0, edges = 0;
    for (const char *p = xml; (p = strstr(p, "<node ")); p++)
        nodes++;
    for (const char *p = xml; (p = strstr(p, "<edge ")); p++)
        edges++;
    g_assert_cmpuint(nodes, >, 5);
    char *kinds = g_strdup_printf("co-occurs=%u", edges);
    gc_graphology(out, nodes, edges, kinds);
    g_free(kinds);
    g_free(xml);
    tl_run_clear(&r);
    g_free(out);
    g_free(in);
    g_free(dir);
}

static TlRun render(const char *graph, const char *out, ...)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (char *)tl_negraph());
    g_ptr_array_add(argv, "render");
    g_ptr_array_add(argv, (char *)graph);
    g_ptr_array_add(argv, "-o");
    g_ptr_array_add(argv, (char *)out);
    va_list ap;
    va_start(ap, out);
    for (const char *a = va_arg(ap, const char *); a; a = va_arg(ap, const char *))
        g_ptr_array_add(argv, (char *)a);
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    TlRun r = tl_run_argv((char **)argv->pdata, NULL);
    g_test_message("render: %s", r.err);
    g_ptr_array_free(argv, TRUE);
    return r;
}

static void test_render(void)
{
    char *dir = tl_tmpdir(), *in = corpus(dir);
    char *graph = g_build_filename(dir, "g.graphml", NULL);
    TlRun r = build(in, graph, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    tl_run_clear(&r);

    char *png = g_build_filename(dir, "g.png", NULL);
    r = render(graph, png, "--width", "800", "--height", "600", NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.err, "drew "));
    cairo_surface_t *s = cairo_image_surface_create_from_png(png);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint(cairo_image_surface_get_width(s), ==, 800);
    cairo_surface_destroy(s);
    tl_run_clear(&r);

    static const char *const pictures[] = { "g.svg", "g.pdf" };
    for (guint i = 0; i < G_N_ELEMENTS(pictures); i++) {
        char *p = g_build_filename(dir, pictures[i], NULL);
        r = render(graph, p, "--top", "4", NULL);
        g_assert_cmpint(r.exit_code, ==, 0);
        g_assert_nonnull(strstr(r.err, "drew 4 nodes"));
        g_assert_true(g_file_test(p, G_FILE_TEST_IS_REGULAR));
        tl_run_clear(&r);
        g_free(p);
    }

    r = render(graph, png, "--ego", "sergey lavrov", "--depth", "1", NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    tl_run_clear(&r);
    r = render(graph, png, "--relation", "co-occurs", NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    tl_run_clear(&r);

    /* Usage errors: 2; a graph without a layout: 3. */
    r = render(graph, png, "--ego", "Nobody", NULL);
    g_assert_cmpint(r.exit_code, ==, 2);
    g_assert_nonnull(strstr(r.err, "no node named 'Nobody'"));
    tl_run_clear(&r);
    char *jpg = g_build_filename(dir, "g.jpg", NULL);
    r = render(graph, jpg, NULL);
    g_assert_cmpint(r.exit_code, ==, 2);
    tl_run_clear(&r);
    char *flat = g_build_filename(dir, "flat.graphml", NULL);
    r = build(in, flat, "--no-layout", NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    tl_run_clear(&r);
    char *xml = tl_read(flat, NULL);
    g_assert_null(strstr(xml, "attr.name=\"x\""));
    g_assert_nonnull(strstr(xml, "attr.name=\"pagerank\""));
    g_free(xml);
    r = render(flat, png, NULL);
    g_assert_cmpint(r.exit_code, ==, 3);
    g_assert_nonnull(strstr(r.err, "--no-layout"));
    tl_run_clear(&r);
    g_free(flat);
    g_free(jpg);
    g_free(png);
    g_free(graph);
    g_free(in);
    g_free(dir);
}

static void test_options(void)
{
    char *dir = tl_tmpdir(), *in = corpus(dir);
    char *out = g_build_filename(dir, "g.graphml", NULL);

    char *pal = tl_write(dir, "p.yaml", "node:\n  country: \"#010203\"\n", -1);
    TlRun r = build(in, out, "--palette", pal, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    char *xml = tl_read(out, NULL);
    g_assert_nonnull(strstr(xml, "<data key=\"v_color\">#010203</data>"));
    g_free(xml);
    tl_run_clear(&r);

    char *bad = tl_write(dir, "bad.yaml", "node:\n  country: blue\n", -1);
    r = build(in, out, "--palette", bad, NULL);
    g_assert_cmpint(r.exit_code, ==, 3);
    g_assert_nonnull(strstr(r.err, "bad.yaml:2:12:"));
    tl_run_clear(&r);

    r = build(in, out, "--format", "dot", NULL);
    g_assert_cmpint(r.exit_code, ==, 2);
    tl_run_clear(&r);
    r = build(in, out, "--time-bucket", "year", NULL);
    g_assert_cmpint(r.exit_code, ==, 2);
    tl_run_clear(&r);
    g_free(bad);
    g_free(pal);
    g_free(out);
    g_free(in);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    gazdir = tl_src_path("tests/fixtures/e2e/gazetteers");
    g_test_add_func("/gephi/graphml", test_graphml);
    g_test_add_func("/gephi/graphml-networkx", test_graphml_networkx);
    g_test_add_func("/gephi/gexf", test_gexf);
    g_test_add_func("/gephi/gexf-graphology", test_gexf_graphology);
    g_test_add_func("/gephi/render", test_render);
    g_test_add_func("/gephi/options", test_options);
    int rc = g_test_run();
    g_free(gazdir);
    return rc;
}
