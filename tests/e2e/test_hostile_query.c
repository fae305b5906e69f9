/*
 * test_hostile_query.c - `negraph query` on files it did not write (issue
 * 8): not GraphML at all, truncated, from networkx, from Gephi. A file
 * that cannot be read gives exit 5, one clear line and no output; a
 * negraph graph that went through another tool is still read.
 */
#include "hostile.h"

/* `query FILE stats`: exit 5, nothing on stdout, exactly `message` (after
 * "negraph: FILE: ") on stderr. */
static void assert_refused(const char *file, const char *message)
{
    TlRun r = tl_run_negraph(NULL, "query", file, "stats", NULL);
    g_assert_cmpint(r.exit_code, ==, 5);
    g_assert_cmpstr(r.out, ==, "");
    char *want = g_strdup_printf("negraph: %s: %s\n", file, message);
    g_assert_cmpstr(r.err, ==, want);
    g_free(want);
    tl_run_clear(&r);
}

static void test_non_graphml(void)
{
    char *dir = tl_tmpdir();
    char *txt = tl_write(dir, "notes.graphml", "Russia and Japan met.\n", -1);
    assert_refused(txt, "not a GraphML file (Error on line 1 char 1: Document "
                   "must begin with an element (e.g. <book>))");
    char *json = tl_write(dir, "graph.json", "{\"nodes\": [], \"edges\": []}\n", -1);
    assert_refused(json, "not a GraphML file (Error on line 1 char 1: Document "
                   "must begin with an element (e.g. <book>))");
    char *html = tl_write(dir, "page.graphml",
                          "<html><body><graph/></body></html>", -1);
    assert_refused(html, "not a GraphML file (the document is <html>, not "
                   "<graphml>)");
    char *empty = tl_write(dir, "empty.graphml", "", 0);
    assert_refused(empty, "not a GraphML file (Error on line 1 char 1: Document "
                   "was empty or contained only whitespace)");
    char *png = tl_write(dir, "image.graphml",
                         "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01", 20);
    assert_refused(png, "not a GraphML file (Error on line 1 char 1: Document "
                   "must begin with an element (e.g. <book>))");
    assert_refused(dir, "Is a directory");
    g_free(png);
    g_free(empty);
    g_free(html);
    g_free(json);
    g_free(txt);
    g_free(dir);
}

static void test_truncated_graphml(void)
{
    /* A graph cut in the middle of an element. */
    char *cut = tl_src_path("tests/fixtures/query/truncated.graphml");
    assert_refused(cut, "truncated GraphML file (Line 185: Couldn't find end "
                   "of Start Tag data)");
    /* Cut in the header. */
    char *dir = tl_tmpdir();
    char *head = tl_write(dir, "head.graphml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
        "  <key id=\"v_label\" for=\"node\" attr.name=\"label\" "
        "attr.type=\"string\"/>\n  ", -1);
    assert_refused(head, "truncated GraphML file (Error on line 4 char 4: "
                   "Document ended unexpectedly with elements still open \xE2"
                   "\x80\x94 \xE2\x80\x9Cgraphml\xE2\x80\x9D was the last "
                   "element opened)");
    /* A graph of our own cut just after <graph>, and before </graphml>:
     * igraph reports the line where the file ends. */
    char *in = tl_write(dir, "a.txt", "Russia and Japan met. The U.S. did.\n", -1);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    char *gz = gazetteers();
    TlRun b = build_with(gz, out, in, NULL);
    g_assert_cmpint(b.exit_code, ==, 0);
    tl_run_clear(&b);
    char *xml = tl_read(out, NULL);
    gsize cuts[] = { strchr(strstr(xml, "<graph "), '\n') + 1 - xml,
                     strstr(xml, "</graphml>") - xml };
    char *tail = NULL;
    for (guint i = 0; i < G_N_ELEMENTS(cuts); i++) {
        g_free(tail);
        tail = tl_write(dir, "cut.graphml", xml, (gssize)cuts[i]);
        guint line = 0;   /* the last line, complete */
        for (gsize k = 0; k < cuts[i]; k++)
            line += xml[k] == '\n';
        char *want = g_strdup_printf("truncated GraphML file (Line %u: Extra "
                                     "content at the end of the document)", line);
        assert_refused(tail, want);
        g_free(want);
    }
    g_free(tail);
    g_free(head);
    g_free(xml);
    g_free(gz);
    g_free(out);
    g_free(in);
    g_free(dir);
    g_free(cut);
}

/* The `stats` answer for `file` (which must load). */
static char *stats(const char *file)
{
    TlRun r = tl_run_negraph(NULL, "query", file, "stats", NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    char *s = g_strdup(r.out);
    tl_run_clear(&r);
    return s;
}

static void test_networkx_graphml(void)
{
    /* A graph networkx made itself (Zachary's karate club): not one of
     * ours. */
    char *karate = tl_src_path("tests/fixtures/query/networkx.graphml");
    assert_refused(karate, "not a negraph graph (missing node attribute "
                   "'label')");
    /* One of ours after networkx (3.6) read and wrote it: negraph build
     * --portable of sample/2021-05-19-arctic-council-talks.txt with the
     * end-to-end gazetteer and no rules; networkx writes it back as an
     * undirected graph. */
    char *rt = tl_src_path("tests/fixtures/hostile/networkx-roundtrip.graphml");
    char *s = stats(rt);
    g_assert_cmpstr(s, ==,
                    "measure\tvalue\n"
                    "nodes\t5\n"
                    "nodes.country\t2\n"
                    "nodes.organization\t1\n"
                    "nodes.person\t2\n"
                    "edges\t8\n"
                    "edges.co-occurs\t8\n"
                    "edges.directed\t0\n"
                    "edges.undirected\t8\n"
                    "components\t1\n"
                    "largest_component\t5\n"
                    "isolated_nodes\t0\n"
                    "density\t0.8\n");
    g_free(s);
    TlRun r = tl_run_negraph(NULL, "query", rt, "neighbors", "Antony Blinken",
                             NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.out, "Sergey Lavrov"));
    tl_run_clear(&r);

    /* A graph built now (with the shipped rules: directed edges too) goes
     * through networkx live, when it is installed, and answers the same. */
    char *dir = tl_tmpdir();
    char *out = g_build_filename(dir, "g.graphml", NULL);
    char *gz = gazetteers();
    char *sample = tl_src_path("sample/2021-05-19-arctic-council-talks.txt");
    TlRun b = run_args(args_new("build", "--portable", "--gazetteers", gz,
                                "-o", out, sample, NULL));
    g_assert_cmpint(b.exit_code, ==, 0);
    tl_run_clear(&b);
    char *ours, *theirs;
    char *argv[] = { "/usr/bin/python3", "-c",
        "import sys, networkx as nx\n"
        "nx.write_graphml(nx.read_graphml(sys.argv[1]), sys.argv[2])\n",
        out, NULL, NULL };
    char *back = g_build_filename(dir, "back.graphml", NULL);
    argv[4] = back;
    r = tl_run_argv(argv, NULL);
    if (r.exit_code == 0) {
        ours = stats(out);
        theirs = stats(back);
        g_assert_cmpstr(theirs, ==, ours);
        g_free(theirs);
        g_free(ours);
    } else {
        g_test_message("python3 with networkx not available: %s", r.err);
    }
    tl_run_clear(&r);
    g_free(back);
    g_free(sample);
    g_free(gz);
    g_free(out);
    g_free(dir);
    g_free(rt);
    g_free(karate);
}

static void test_gephi_graphml(void)
{
    char *gephi = tl_src_path("tests/fixtures/hostile/gephi-export.graphml");
    char *s = stats(gephi);
    g_assert_cmpstr(s, ==,
                    "measure\tvalue\n"
                    "nodes\t3\n"
                    "nodes.country\t2\n"
                    "nodes.person\t1\n"
                    "edges\t2\n"
                    "edges.co-occurs\t2\n"
                    "edges.directed\t0\n"
                    "edges.undirected\t2\n"
                    "components\t1\n"
                    "largest_component\t3\n"
                    "isolated_nodes\t0\n"
                    "density\t0.666667\n");
    g_free(s);
    TlRun r = tl_run_negraph(NULL, "query", gephi, "neighbors", "Russia",
                             "--evidence", NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.out, "\tUnited States\tcountry\t2\t"));
    g_assert_nonnull(strstr(r.out, "[a.txt] Russia and the U.S. talked."));
    g_assert_nonnull(strstr(r.out, "\tSergey Lavrov\tperson\t1\t"));
    tl_run_clear(&r);
    g_free(gephi);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hostile/query/non-graphml", test_non_graphml);
    g_test_add_func("/hostile/query/truncated-graphml", test_truncated_graphml);
    g_test_add_func("/hostile/query/networkx-graphml", test_networkx_graphml);
    g_test_add_func("/hostile/query/gephi-graphml", test_gephi_graphml);
    return g_test_run();
}
