/*
 * test_build.c - end-to-end tests of `negraph build`, `tag` and `check`:
 * the binary run as a user would, good input and bad.
 */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "testlib.h"

static char *gazdir;   /* tests/fixtures/e2e/gazetteers */

static const char *ARTICLE =
    "Blinken meets Lavrov in Reykjavik\n"
    "\n"
    "REYKJAVIK, May 19 - U.S. Secretary of State Antony Blinken met\n"
    "Russian Foreign Minister Sergey\n"
    "Lavrov on Wednesday. Russia's envoy said Washington and Moscow talked.\n"
    "    The United States exempted Nord Stream 2 AG from sanctions.\n";

/* Build `inputs` (NULL-terminated) into dir/out.graphml. */
static TlRun build(const char *out, const char *first, ...)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (char *)tl_negraph());
    g_ptr_array_add(argv, "build");
    g_ptr_array_add(argv, "--gazetteers");
    g_ptr_array_add(argv, gazdir);
    g_ptr_array_add(argv, "-o");
    g_ptr_array_add(argv, (char *)out);
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a; a = va_arg(ap, const char *))
        g_ptr_array_add(argv, (char *)a);
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    TlRun r = tl_run_argv((char **)argv->pdata, NULL);
    g_ptr_array_free(argv, TRUE);
    return r;
}

static void test_build_basic(void)
{
    char *dir = tl_tmpdir();
    char *in = tl_write(dir, "a.txt", ARTICLE, -1);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    TlRun r = build(out, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.err, "1 documents read"));
    char *xml = tl_read(out, NULL);
    g_assert_true(g_str_has_prefix(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    g_assert_nonnull(strstr(xml, "<node id=\"person.antony-blinken\">"));
    g_assert_nonnull(strstr(xml, "<node id=\"person.sergey-lavrov\">"));
    g_assert_nonnull(strstr(xml, "<node id=\"country.russia\">"));
    /* "Sergey\nLavrov" wraps across lines and still matches; the surface
     * form is folded to one space. */
    g_assert_nonnull(strstr(xml, ">Sergey Lavrov<"));
    /* Co-occurrence in the sentence with both names. */
    g_assert_nonnull(strstr(xml, "source=\"person.antony-blinken\" target=\"person.sergey-lavrov\" directed=\"false\" label=\"co-occurs\""));
    /* Russia's (possessive) and Moscow (metonym) count as Russia. */
    g_assert_nonnull(strstr(xml, "Moscow | Russia"));
    /* Exit code 0 and no temporary file left. */
    GDir *d = g_dir_open(dir, 0, NULL);
    int n = 0;
    while (g_dir_read_name(d))
        n++;
    g_dir_close(d);
    g_assert_cmpint(n, ==, 2);
    g_free(xml);
    tl_run_clear(&r);
    g_free(in);
    g_free(out);
    g_free(dir);
}

static void test_build_deterministic(void)
{
    char *dir = tl_tmpdir();
    tl_put(dir, "in/b.txt", ARTICLE, -1);
    tl_put(dir, "in/a.txt", "Title\n\nJapan and Russia. Tokyo and the U.S. met.\n", -1);
    char *in = g_build_filename(dir, "in", NULL);
    char *o1 = g_build_filename(dir, "1.graphml", NULL);
    char *o2 = g_build_filename(dir, "2.graphml", NULL);
    TlRun r1 = build(o1, in, NULL), r2 = build(o2, in, NULL);
    g_assert_cmpint(r1.exit_code, ==, 0);
    g_assert_cmpint(r2.exit_code, ==, 0);
    gsize l1, l2;
    char *a = tl_read(o1, &l1), *b = tl_read(o2, &l2);
    g_assert_cmpmem(a, l1, b, l2);
    g_free(a);
    g_free(b);
    tl_run_clear(&r1);
    tl_run_clear(&r2);
    g_free(in);
    g_free(o1);
    g_free(o2);
    g_free(dir);
}

/* Run a shell command; TRUE when it exits 0. */
static gboolean sh(const char *cmd)
{
    char *argv[] = { "/bin/sh", "-c", (char *)cmd, NULL };
    TlRun r = tl_run_argv(argv, NULL);
    gboolean ok = r.exit_code == 0;
    if (!ok)
        g_test_message("%s: %s%s", cmd, r.out, r.err);
    tl_run_clear(&r);
    return ok;
}

static void test_build_validates(void)
{
    const char *shared = tl_shared_dir();
    char *xmllint = g_find_program_in_path("xmllint");
    g_free(xmllint);
    if (!shared || !xmllint) {
        g_test_skip("../shared or xmllint absent");
        return;
    }
    char *dir = tl_tmpdir();
    char *in = tl_write(dir, "a.txt", ARTICLE, -1);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    TlRun r = build(out, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    char *cmd = g_strdup_printf(
        "XML_CATALOG_FILES=%s/data/graphml-schema/catalog.xml xmllint --nonet --noout "
        "--schema %s/data/graphml-schema/graphml+gephi.xsd '%s'", shared, shared, out);
    g_assert_true(sh(cmd));
    g_free(cmd);
    /* networkx refuses mixed directed/undirected edges: --portable. */
    tl_run_clear(&r);
    r = build(out, "--portable", in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    if (sh("/usr/bin/python3 -c 'import networkx'")) {
        cmd = g_strdup_printf("/usr/bin/python3 -c 'import networkx, sys; "
                              "g = networkx.read_graphml(sys.argv[1]); "
                              "assert g.number_of_nodes() >= 5' '%s'", out);
        g_assert_true(sh(cmd));
        g_free(cmd);
    }
    tl_run_clear(&r);
    g_free(in);
    g_free(out);
    g_free(dir);
}

static void test_tag_tsv_and_json(void)
{
    char *dir = tl_tmpdir();
    char *in = tl_write(dir, "a.txt", "Talks in Moscow.\n\nAntony Blinken and Russia's Lavrov.\n", -1);
    TlRun r = tl_run_negraph(NULL, "tag", "--gazetteers", gazdir, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    char *expect = g_strdup_printf("%s\t9\t15\tMoscow\tRussia\tcountry\n"
                                   "%s\t18\t32\tAntony Blinken\tAntony Blinken\tperson\n"
                                   "%s\t37\t43\tRussia\tRussia\tcountry\n", in, in, in);
    g_assert_cmpstr(r.out, ==, expect);
    g_free(expect);
    tl_run_clear(&r);

    r = tl_run_negraph(NULL, "tag", "--json", "--gazetteers", gazdir, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.out, "\"surface\":\"Antony Blinken\""));
    g_assert_nonnull(strstr(r.out, "\"id\":\"country.russia\""));
    tl_run_clear(&r);

    /* --no-metonyms: Moscow is only a city. */
    r = tl_run_negraph(NULL, "tag", "--no-metonyms", "--gazetteers", gazdir, in, NULL);
    g_assert_null(strstr(r.out, "Moscow"));
    tl_run_clear(&r);
    g_free(in);
    g_free(dir);
}

static void test_ambiguous_alias_needs_support(void)
{
    char *dir = tl_tmpdir();
    char *a = tl_write(dir, "a.txt", "Michael Jordan scored. Jordan won.\n", -1);
    char *b = tl_write(dir, "b.txt", "The Hashemite Kingdom of Jordan said Jordan would talk.\n", -1);
    TlRun r = tl_run_negraph(NULL, "tag", "--gazetteers", gazdir, a, NULL);
    g_assert_cmpstr(r.out, ==, "");
    tl_run_clear(&r);
    r = tl_run_negraph(NULL, "tag", "--gazetteers", gazdir, b, NULL);
    /* Both mentions count once the full name supports the short one. */
    g_assert_nonnull(strstr(r.out, "\t4\t31\tHashemite Kingdom of Jordan\tJordan\tcountry\n"));
    g_assert_nonnull(strstr(r.out, "\t37\t43\tJordan\tJordan\tcountry\n"));
    tl_run_clear(&r);
    g_free(a);
    g_free(b);
    g_free(dir);
}

static void test_stdin_and_jsonl(void)
{
    char *dir = tl_tmpdir();
    char *out = g_build_filename(dir, "g.graphml", NULL);
    char *argv[] = { (char *)tl_negraph(), "build", "--gazetteers", gazdir,
                     "-o", out, "-", NULL };
    TlRun r = tl_run_argv(argv, ARTICLE);
    g_assert_cmpint(r.exit_code, ==, 0);
    tl_run_clear(&r);

    char *jl = tl_write(dir, "w.jsonl",
        "{\"id\": \"d1\", \"date\": \"1987-03-01\", \"title\": \"Japan\", \"text\": \"Russia and Japan.\"}\n"
        "{\"id\": \"d2\", \"text\": broken\n"
        "\n"
        "{\"id\": 3, \"text\": \"Antony Blinken visited Japan.\"}\n", -1);
    r = build(out, jl, NULL);
    g_assert_cmpint(r.exit_code, ==, 1);   /* one line skipped */
    g_assert_nonnull(strstr(r.err, "w.jsonl:2: skipped: bad JSON"));
    g_assert_nonnull(strstr(r.err, "2 documents read, 1 skipped"));
    char *xml = tl_read(out, NULL);
    g_assert_nonnull(strstr(xml, "[3] Antony Blinken visited Japan."));
    g_assert_nonnull(strstr(xml, "[d1] Russia and Japan."));
    g_free(xml);
    tl_run_clear(&r);
    g_free(jl);
    g_free(out);
    g_free(dir);
}

static void test_bad_inputs_are_skipped(void)
{
    char *dir = tl_tmpdir();
    tl_put(dir, "in/good.txt", ARTICLE, -1);
    tl_put(dir, "in/empty.txt", "", 0);
    tl_put(dir, "in/blank.txt", "  \n\n\t\n", -1);
    tl_put(dir, "in/binary.txt", "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16);
    tl_put(dir, "in/latin1.txt", "Fran\xe7ois said Russia and Japan met.\n", -1);
    tl_put(dir, "in/ignored.pdf", "%PDF-1.4", -1);
    char *in = g_build_filename(dir, "in", NULL);
    char *missing = g_build_filename(dir, "no-such-file.txt", NULL);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    TlRun r = build(out, in, missing, NULL);
    g_assert_cmpint(r.exit_code, ==, 1);
    g_assert_nonnull(strstr(r.err, "empty.txt: skipped: empty file"));
    g_assert_nonnull(strstr(r.err, "blank.txt: skipped: empty file"));
    g_assert_nonnull(strstr(r.err, "binary.txt: skipped: binary data"));
    g_assert_nonnull(strstr(r.err, "latin1.txt: invalid UTF-8 at byte 4; replaced with U+FFFD"));
    g_assert_nonnull(strstr(r.err, "no-such-file.txt: skipped: no such file or folder"));
    g_assert_null(strstr(r.err, "ignored.pdf"));
    g_assert_nonnull(strstr(r.err, "2 documents read, 4 skipped"));
    g_assert_true(g_file_test(out, G_FILE_TEST_EXISTS));
    tl_run_clear(&r);
    g_free(in);
    g_free(missing);
    g_free(out);
    g_free(dir);
}

static void test_nothing_read_keeps_old_graph(void)
{
    char *dir = tl_tmpdir();
    char *out = tl_write(dir, "g.graphml", "previous graph", -1);
    char *missing = g_build_filename(dir, "missing.txt", NULL);
    TlRun r = build(out, missing, NULL);
    g_assert_cmpint(r.exit_code, ==, 1);
    g_assert_nonnull(strstr(r.err, "no documents read"));
    char *kept = tl_read(out, NULL);
    g_assert_cmpstr(kept, ==, "previous graph");
    g_free(kept);
    tl_run_clear(&r);
    g_free(out);
    g_free(missing);
    g_free(dir);
}

static void test_unwritable_output(void)
{
    char *dir = tl_tmpdir();
    char *in = tl_write(dir, "a.txt", ARTICLE, -1);
    char *out = g_build_filename(dir, "no-such-dir", "g.graphml", NULL);
    TlRun r = build(out, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 4);
    g_assert_nonnull(strstr(r.err, "no-such-dir"));
    tl_run_clear(&r);
    g_free(in);
    g_free(out);
    g_free(dir);
}

static void test_bad_gazetteer(void)
{
    char *dir = tl_tmpdir();
    char *in = tl_write(dir, "a.txt", ARTICLE, -1);
    tl_put(dir, "gz/bad.yaml", "entities:\n  - name: X\n    type: planet\n", -1);
    char *gz = g_build_filename(dir, "gz", NULL);
    char *out = tl_write(dir, "g.graphml", "previous graph", -1);
    char *argv[] = { (char *)tl_negraph(), "build", "--gazetteers", gz, "-o",
                     out, in, NULL };
    TlRun r = tl_run_argv(argv, NULL);
    g_assert_cmpint(r.exit_code, ==, 3);
    g_assert_nonnull(strstr(r.err, "bad.yaml:3:"));
    char *kept = tl_read(out, NULL);
    g_assert_cmpstr(kept, ==, "previous graph");
    g_free(kept);
    tl_run_clear(&r);

    char *cargv[] = { (char *)tl_negraph(), "check", "--gazetteers", gz, NULL };
    r = tl_run_argv(cargv, NULL);
    g_assert_cmpint(r.exit_code, ==, 3);
    g_assert_nonnull(strstr(r.err, "bad.yaml:3:"));
    tl_run_clear(&r);

    tl_put(dir, "gz/bad.yaml", "entities:\n  - name: X\n    type: [person\n", -1);
    r = tl_run_argv(cargv, NULL);
    g_assert_cmpint(r.exit_code, ==, 3);
    g_assert_nonnull(strstr(r.err, "bad.yaml:"));
    tl_run_clear(&r);

    char *good[] = { (char *)tl_negraph(), "check", "--gazetteers", gazdir, NULL };
    r = tl_run_argv(good, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.out, "entities"));
    tl_run_clear(&r);
    g_free(in);
    g_free(gz);
    g_free(out);
    g_free(dir);
}

static void test_usage_errors(void)
{
    TlRun r = tl_run_negraph(NULL, "build", NULL);
    g_assert_cmpint(r.exit_code, ==, 2);
    tl_run_clear(&r);
    r = tl_run_negraph(NULL, "build", "x.txt", NULL);
    g_assert_cmpint(r.exit_code, ==, 2);
    g_assert_nonnull(strstr(r.err, "-o"));
    tl_run_clear(&r);
    r = tl_run_negraph(NULL, "build", "--window", "chapter", "-o", "x", "y", NULL);
    g_assert_cmpint(r.exit_code, ==, 2);
    tl_run_clear(&r);
    r = tl_run_negraph(NULL, "frobnicate", NULL);
    g_assert_cmpint(r.exit_code, ==, 2);
    tl_run_clear(&r);
    r = tl_run_negraph(NULL, "--version", NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_true(g_str_has_prefix(r.out, "negraph "));
    tl_run_clear(&r);
}

static void test_window_and_min_weight(void)
{
    char *dir = tl_tmpdir();
    char *in = tl_write(dir, "a.txt",
        "Title line\n\nJapan spoke. Russia answered.\n\nThe U.S. and Japan met. "
        "Japan and the U.S. agreed.\n", -1);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    TlRun r = build(out, "--window", "paragraph", in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    char *xml = tl_read(out, NULL);
    g_assert_nonnull(strstr(xml, "source=\"country.japan\" target=\"country.russia\""));
    g_free(xml);
    tl_run_clear(&r);
    r = build(out, "--min-weight", "2", in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    xml = tl_read(out, NULL);
    g_assert_null(strstr(xml, "target=\"country.russia\""));
    g_assert_nonnull(strstr(xml, "source=\"country.japan\" target=\"country.united-states\""));
    g_free(xml);
    tl_run_clear(&r);
    g_free(in);
    g_free(out);
    g_free(dir);
}

/* With the shipped gazetteers and name patterns: a company found in two
 * documents, with and without its legal forms (Group and Corp), is one
 * node, its id made from the name without them, its label as the first
 * document wrote it. */
static void test_found_company_one_node(void)
{
    char *dir = tl_tmpdir();
    tl_put(dir, "in/a.txt", "Dart Group Corp said its sales rose.\n", -1);
    tl_put(dir, "in/b.txt", "Shares of the Dart Group fell sharply.\n", -1);
    char *in = g_build_filename(dir, "in", NULL);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    char *shipped = tl_src_path("gazetteers");
    const char *argv[] = { tl_negraph(), "build", "-q", "--no-cache", "--gazetteers",
                           shipped, "-o", out, in, NULL };
    TlRun r = tl_run_argv((char **)argv, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    char *xml = tl_read(out, NULL);
    const char *node = "<node id=\"organization.dart\">";
    const char *at = strstr(xml, node);
    g_assert_nonnull(at);
    g_assert_null(strstr(at + 1, node));
    g_assert_null(strstr(xml, "organization.dart-group-corp"));
    g_assert_nonnull(strstr(at, ">Dart Group Corp<"));
    g_free(xml);
    tl_run_clear(&r);
    g_free(shipped);
    g_free(out);
    g_free(in);
    g_free(dir);
}

/* A .txt article is dated by its dateline when that has a year, else by
 * the date its file name starts with; --since and --until then select. */
static void test_txt_dates(void)
{
    char *dir = tl_tmpdir();
    char *old = tl_write(dir, "1987-03-27-old.txt",
        "Old\n\nTOKYO, March 27 - Japan and Russia talked.\n", -1);
    char *dated = tl_write(dir, "story.txt",
        "New\n\nLONDON, May 19, 2021 - Japan and the U.S. talked.\n", -1);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    TlRun r = build(out, old, dated, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    char *xml = tl_read(out, NULL);
    g_assert_nonnull(strstr(xml, "<data key=\"e_first_seen\">1987-03-27</data>"));
    g_assert_nonnull(strstr(xml, "<data key=\"e_first_seen\">2021-05-19</data>"));
    g_free(xml);
    tl_run_clear(&r);
    r = build(out, "--since", "2000", old, dated, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    xml = tl_read(out, NULL);
    g_assert_null(strstr(xml, "country.russia"));
    g_assert_nonnull(strstr(xml, "source=\"country.japan\" target=\"country.united-states\""));
    g_free(xml);
    tl_run_clear(&r);
    g_free(old);
    g_free(dated);
    g_free(out);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    gazdir = tl_src_path("tests/fixtures/e2e/gazetteers");
    g_test_add_func("/build/basic", test_build_basic);
    g_test_add_func("/build/deterministic", test_build_deterministic);
    g_test_add_func("/build/validates", test_build_validates);
    g_test_add_func("/build/stdin-and-jsonl", test_stdin_and_jsonl);
    g_test_add_func("/build/bad-inputs-skipped", test_bad_inputs_are_skipped);
    g_test_add_func("/build/nothing-read-keeps-old-graph", test_nothing_read_keeps_old_graph);
    g_test_add_func("/build/unwritable-output", test_unwritable_output);
    g_test_add_func("/build/bad-gazetteer", test_bad_gazetteer);
    g_test_add_func("/build/usage-errors", test_usage_errors);
    g_test_add_func("/build/window-and-min-weight", test_window_and_min_weight);
    g_test_add_func("/build/txt-dates", test_txt_dates);
    g_test_add_func("/build/found-company-one-node", test_found_company_one_node);
    g_test_add_func("/tag/tsv-and-json", test_tag_tsv_and_json);
    g_test_add_func("/tag/ambiguous-alias", test_ambiguous_alias_needs_support);
    int rc = g_test_run();
    g_free(gazdir);
    return rc;
}
