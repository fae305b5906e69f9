/* * test_query.c - `negraph query` end to end: every verb in every output
 * format (each must parse), names that do not resolve, bad input files,
 * exit codes, subgraphs that read back; then the same questions on a
 * graph built from the sample corpus (and the seed article, when
 * ../shared is there).
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "testlib.h"

static char *news;   /* tests/fixtures/query/news.graphml */

static char *fixture(const char *name)
{
    char *rel = g_build_filename("tests", "fixtures", "query", name, NULL);
    char *path = tl_src_path(rel);
    g_free(rel);
    return path;
}

static void assert_contains(const char *text, const char *part)
{
    if (!strstr(text, part))
        g_error("\"%s\" not found in:\n%s", part, text);
}

/* ---- parsing the outputs ---- */

/* The records of a CSV text (RFC 4180), each a NULL-terminated array of
 * fields; NULL if it is malformed. */
static GPtrArray *parse_csv(const char *s)
{
    GPtrArray *records = g_ptr_array_new_with_free_func(
        (GDestroyNotify)g_strfreev);
    GPtrArray *fields = g_ptr_array_new();
    GString *field = g_string_new(NULL);
    gboolean quoted = FALSE, ok = TRUE;
    for (const char *p = s; *p && ok; p++) {
        if (quoted) {
            if (*p == '"' && p[1] == '"') {
                g_string_append_c(field, '"');
                p++;
            } else if (*p == '"') {
                quoted = FALSE;
                ok = p[1] == ',' || p[1] == '\r';
            } else {
                g_string_append_c(field, *p);
            }
        } else if (*p == '"' && field->len == 0) {
            quoted = TRUE;
        } else if (*p == ',' || (*p == '\r' && p[1] == '\n')) {
            g_ptr_array_add(fields, g_strdup(field->str));
            g_string_truncate(field, 0);
            if (*p == '\r') {
                p++;
                g_ptr_array_add(fields, NULL);
                g_ptr_array_add(records, g_ptr_array_free(fields, FALSE));
                fields = g_ptr_array_new();
            }
        } else {
            ok = *p != '"' && *p != '\n' && *p != '\r';
            g_string_append_c(field, *p);
        }
    }
    ok = ok && !quoted && fields->len == 0 && field->len == 0;
    g_ptr_array_free(fields, TRUE);
    g_string_free(field, TRUE);
    if (!ok) {
        g_ptr_array_free(records, TRUE);
        return NULL;
    }
    return records;
}

/* Check that `out` is well-formed in `format` with `rows` rows (-1: any)
 * and return the number of rows. */
static int check_format(const char *format, const char *out, int rows)
{
    int n = 0;
    GError *error = NULL;
    if (!strcmp(format, "json")) {
        JsonNode *root = json_from_string(out, &error);
        g_assert_no_error(error);
        g_assert_nonnull(root);
        n = JSON_NODE_HOLDS_ARRAY(root)
                ? (int)json_array_get_length(json_node_get_array(root))
                : 1;
        json_node_unref(root);
    } else if (!strcmp(format, "jsonl")) {
        char **lines = g_strsplit(out, "\n", -1);
        for (char **l = lines; *l && **l; l++, n++) {
            JsonNode *line = json_from_string(*l, &error);
            g_assert_no_error(error);
            g_assert_true(JSON_NODE_HOLDS_OBJECT(line));
            json_node_unref(line);
        }
        g_strfreev(lines);
    } else if (!strcmp(format, "csv")) {
        GPtrArray *records = parse_csv(out);
        g_assert_nonnull(records);
        g_assert_cmpuint(records->len, >=, 1);
        guint width = g_strv_length(records->pdata[0]);
        for (guint i = 1; i < records->len; i++)
            g_assert_cmpuint(g_strv_length(records->pdata[i]), ==, width);
        n = (int)records->len - 1;
        g_ptr_array_free(records, TRUE);
    } else if (!strcmp(format, "tsv")) {
        g_assert_true(g_str_has_suffix(out, "\n"));
        char **lines = g_strsplit(out, "\n", -1);
        guint width = 0;
        for (char **l = lines; *l && **l; l++) {
            char **cells = g_strsplit(*l, "\t", -1);
            if (l == lines)
                width = g_strv_length(cells);
            g_assert_cmpuint(g_strv_length(cells), ==, width);
            g_strfreev(cells);
            n++;
        }
        n--;   /* the header */
        g_strfreev(lines);
    }
    if (rows >= 0)
        g_assert_cmpint(n, ==, rows);
    return n;
}

/* The value of `column` in TSV row `row` (0 is the first after the
 * header); newly allocated. */
static char *tsv_cell(const char *out, int row, const char *column)
{
    char **lines = g_strsplit(out, "\n", -1);
    g_assert_cmpuint(g_strv_length(lines), >, (guint)row + 1);
    char **head = g_strsplit(lines[0], "\t", -1);
    char **cells = g_strsplit(lines[row + 1], "\t", -1);
    char *value = NULL;
    for (guint i = 0; head[i]; i++)
        if (!strcmp(head[i], column))
            value = g_strdup(cells[i]);
    if (!value)
        g_error("no column %s in %s", column, lines[0]);
    g_strfreev(cells);
    g_strfreev(head);
    g_strfreev(lines);
    return value;
}

static void assert_tsv(const char *out, int row, const char *column,
                       const char *want)
{
    char *got = tsv_cell(out, row, column);
    g_assert_cmpstr(got, ==, want);
    g_free(got);
}

/* ---- the fixture ---- */

/* negraph query GRAPH VERB ARGS...; a NULL argument ends the list. */
#define query(...) tl_run_negraph(NULL, "query", __VA_ARGS__, NULL)

/* A count from `stats -f json` (one JSON object). */
static gint64 stats_count(const char *graph, const char *measure)
{
    TlRun r = query(graph, "stats", "-f", "json", NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    JsonNode *root = json_from_string(r.out, NULL);
    g_assert_nonnull(root);
    gint64 n = json_object_get_int_member(json_node_get_object(root),
                                          measure);
    json_node_unref(root);
    tl_run_clear(&r);
    return n;
}

static void test_formats(void)
{
    /* Every verb, every format: the output parses and has the same rows. */
    const char *questions[][4] = {
        { "stats", NULL },
        { "nodes", "--top", "5", NULL },
        { "neighbors", "Lavrov", "--evidence", NULL },
        { "edges", "--evidence", NULL },
        { "path", "Lavrov", "Warnig", NULL },
        { "communities", NULL },
        { "ego", "U.S.", NULL },
    };
    const char *formats[] = { "tsv", "csv", "json", "jsonl" };
    for (guint q = 0; q < G_N_ELEMENTS(questions); q++) {
        int rows = -1;
        for (guint f = 0; f < G_N_ELEMENTS(formats); f++) {
            TlRun r = query(news, questions[q][0], "--format", formats[f],
                            questions[q][1], questions[q][2],
                            questions[q][3]);
            if (r.exit_code != 0)
                g_error("%s %s: exit %d: %s", questions[q][0], formats[f],
                        r.exit_code, r.err);
            g_assert_cmpstr(r.err, ==, "");
            int n = check_format(formats[f], r.out, -1);
            /* stats is one object in JSON, a row per measure elsewhere */
            if (strcmp(questions[q][0], "stats") ||
                !g_str_has_prefix(formats[f], "json")) {
                if (rows >= 0)
                    g_assert_cmpint(n, ==, rows);
                rows = n;
            }
            tl_run_clear(&r);
        }
        g_assert_cmpint(rows, >, 0);
        /* The aligned table too: a header and the rows. */
        TlRun r = query(news, questions[q][0], "--format", "table",
                        questions[q][1], questions[q][2], questions[q][3]);
        g_assert_cmpint(r.exit_code, ==, 0);
        char **lines = g_strsplit(r.out, "\n", -1);
        g_assert_cmpuint(g_strv_length(lines), >=, 3);
        g_strfreev(lines);
        tl_run_clear(&r);
    }
    /* --jsonl is --format jsonl; without --format, not a terminal: TSV. */
    TlRun r = query(news, "nodes", "--jsonl", NULL, NULL, NULL, NULL);
    check_format("jsonl", r.out, 15);
    tl_run_clear(&r);
    r = query(news, "nodes", NULL, NULL, NULL, NULL, NULL);
    check_format("tsv", r.out, 15);
    tl_run_clear(&r);

    g_assert_cmpint(stats_count(news, "nodes"), ==, 15);
    g_assert_cmpint(stats_count(news, "edges.exempts"), ==, 2);
}

static void test_questions(void)
{
    /* Whom did the United States exempt? */
    TlRun r = query(news, "neighbors", "United States", "--relation",
                    "exempts", NULL, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    check_format("tsv", r.out, 2);
    assert_tsv(r.out, 0, "neighbor", "Nord Stream 2 AG");
    assert_tsv(r.out, 1, "neighbor", "Matthias Warnig");
    assert_tsv(r.out, 1, "direction", "out");
    tl_run_clear(&r);

    /* Whom has it sanctioned? */
    r = query(news, "neighbors", "us", "--relation", "sanctions",
              "--direction", "out");
    check_format("tsv", r.out, 1);
    assert_tsv(r.out, 0, "neighbor", "Russia");
    tl_run_clear(&r);

    /* Who links Blinken to Warnig? */
    r = query(news, "path", "Antony Blinken", "Matthias Warnig", NULL, NULL,
              NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    assert_tsv(r.out, 0, "to", "United States");
    assert_tsv(r.out, 1, "to", "Matthias Warnig");
    assert_contains(r.out, "[efe-blinken-lavrov] In a nod to Putin");
    tl_run_clear(&r);

    /* The most central entities. */
    r = query(news, "nodes", "--top", "3", "--by", "pagerank", NULL);
    check_format("tsv", r.out, 3);
    assert_tsv(r.out, 0, "label", "United States");
    tl_run_clear(&r);
    r = query(news, "nodes", "--type", "country", "--by", "betweenness",
              "--top", "1");
    assert_tsv(r.out, 0, "label", "United States");
    tl_run_clear(&r);

    /* Groups, largest first; Leiden unless Louvain is asked for. */
    r = query(news, "communities", "--members", "0", NULL, NULL, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    assert_contains(r.out, "Burisma | Hunter Biden");
    TlRun leiden = query(news, "communities", "--members", "0",
                         "--algorithm", "leiden", NULL);
    g_assert_cmpstr(leiden.out, ==, r.out);
    tl_run_clear(&leiden);
    tl_run_clear(&r);
    r = query(news, "communities", "--algorithm", "Louvain", NULL, NULL,
              NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    assert_contains(r.out, "Burisma | Hunter Biden");
    tl_run_clear(&r);

    /* Edges by type of end and date. */
    r = query(news, "edges", "--source-type", "country", "--target-type",
              "organization,person", "--since", "2021");
    check_format("tsv", r.out, 10);
    tl_run_clear(&r);
}

static void test_names(void)
{
    TlRun r = query(news, "neighbors", "Matias Warnig", NULL, NULL, NULL,
                    NULL);
    g_assert_cmpint(r.exit_code, ==, 1);
    g_assert_cmpstr(r.out, ==, "");
    assert_contains(r.err, "no entity named \"Matias Warnig\"; did you mean: "
                           "Matthias Warnig");
    tl_run_clear(&r);

    r = query(news, "path", "Biden", "Putin", NULL, NULL, NULL);
    g_assert_cmpint(r.exit_code, ==, 1);
    assert_contains(r.err, "\"Biden\" is ambiguous: Joe Biden "
                           "(person.joe-biden), Hunter Biden "
                           "(person.hunter-biden)");
    tl_run_clear(&r);

    /* The id settles it. */
    r = query(news, "path", "person.joe-biden", "Putin", NULL, NULL, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    tl_run_clear(&r);

    r = query(news, "neighbors", "Lavrov", "--relation", "bribes", NULL,
              NULL);
    g_assert_cmpint(r.exit_code, ==, 1);
    assert_contains(r.err, "no relation 'bribes' in the graph");
    tl_run_clear(&r);

    /* An empty answer: exit 1, with a reason on stderr. */
    r = query(news, "path", "Lavrov", "Burisma", NULL, NULL, NULL);
    g_assert_cmpint(r.exit_code, ==, 1);
    check_format("tsv", r.out, 0);
    assert_contains(r.err, "no path from Sergey Lavrov to Burisma");
    tl_run_clear(&r);
}

static void test_bad_input(void)
{
    const struct { const char *file, *message; } cases[] = {
        { "not-graphml.graphml", "not-graphml.graphml: not a GraphML file" },
        { "networkx.graphml", "networkx.graphml: not a negraph graph "
                              "(missing node attribute 'label')" },
        { "truncated.graphml", "truncated.graphml: truncated GraphML file" },
        { "no-such-file.graphml", "no-such-file.graphml: " },
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *path = fixture(cases[i].file);
        TlRun r = query(path, "stats", NULL, NULL, NULL, NULL, NULL);
        g_assert_cmpint(r.exit_code, ==, 5);
        g_assert_cmpstr(r.out, ==, "");
        assert_contains(r.err, cases[i].message);
        tl_run_clear(&r);
        g_free(path);
    }
}

static void test_usage(void)
{
    const char *cases[][4] = {
        { NULL },
        { "stats", "--format", "xml", NULL },
        { "frobnicate", NULL },
        { "neighbors", NULL },
        { "path", "Lavrov", NULL },
        { "nodes", "--by", "fame", NULL },
        { "nodes", "--type", "alien", NULL },
        { "neighbors", "Lavrov", "--depth", "0" },
        { "neighbors", "Lavrov", "--direction", "up" },
        { "edges", "--since", "last week", NULL },
        { "communities", "--algorithm", "magic", NULL },
        { "stats", "--subgraph", "x.graphml", NULL },
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        TlRun r = query(news, cases[i][0], cases[i][1], cases[i][2],
                        cases[i][3], NULL, NULL);
        if (r.exit_code != 2)
            g_error("case %u: exit %d: %s", i, r.exit_code, r.err);
        g_assert_cmpstr(r.out, ==, "");
        g_assert_cmpstr(r.err, !=, "");
        tl_run_clear(&r);
    }
    TlRun r = tl_run_negraph(NULL, "query", "--help", NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    assert_contains(r.out, "neighbors NAME");
    assert_contains(r.out, "Exit codes");
    tl_run_clear(&r);
    r = query(news, "neighbors", "--help", NULL, NULL, NULL, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    assert_contains(r.out, "--relation");
    tl_run_clear(&r);
}

static void test_subgraph(void)
{
    char *dir = tl_tmpdir();
    char *sub = g_build_filename(dir, "warnig.graphml", NULL);
    TlRun r = query(news, "ego", "Warnig", "--depth", "1", "-o", sub);
    g_assert_cmpint(r.exit_code, ==, 0);
    check_format("tsv", r.out, 4);
    tl_run_clear(&r);

    /* The subgraph is a negraph graph: the same questions work on it. */
    g_assert_cmpint(stats_count(sub, "nodes"), ==, 4);
    g_assert_cmpint(stats_count(sub, "edges"), ==, 8);
    r = query(sub, "neighbors", "United States", "--relation", "exempts",
              NULL, NULL);
    check_format("tsv", r.out, 2);
    tl_run_clear(&r);

    /* --subgraph on another verb; "-" is standard output. */
    r = query(news, "path", "Blinken", "Warnig", "--top", "1",
              "--subgraph=-");
    assert_contains(r.out, "<graph id=\"G\" edgedefault=\"directed\">");
    assert_contains(r.out, "label=\"exempts\"");
    tl_run_clear(&r);

    /* Nowhere to write: exit 4. */
    char *bad = g_build_filename(dir, "missing", "x.graphml", NULL);
    r = query(news, "ego", "Warnig", "-o", bad, NULL, NULL);
    g_assert_cmpint(r.exit_code, ==, 4);
    tl_run_clear(&r);
    g_free(bad);
    g_free(sub);
    g_free(dir);
}

/* ---- a graph built from the sample corpus ---- */

/* The graph negraph build makes of sample/ (and of the seed article when
 * ../shared is there), built once; NULL without sample/. */
static char *built;

static const char *built_graph(void)
{
    static gboolean tried;
    if (tried)
        return built;
    tried = TRUE;
    char *sample = tl_src_path("sample");
    if (g_file_test(sample, G_FILE_TEST_IS_DIR)) {
        char *dir = tl_tmpdir();
        char *gazetteers = tl_src_path("gazetteers");
        char *seed = tl_shared_dir()
            ? g_build_filename(tl_shared_dir(), "eval", "dev",
                               "efe-blinken-lavrov.txt", NULL)
            : NULL;
        built = g_build_filename(dir, "sample.graphml", NULL);
        TlRun r = tl_run_negraph(NULL, "build", "--gazetteers", gazetteers,
                                 "-o", built, sample, seed, NULL);
        if (r.exit_code > 1)
            g_error("build: exit %d: %s", r.exit_code, r.err);
        tl_run_clear(&r);
        g_free(seed);
        g_free(gazetteers);
        g_free(dir);
    }
    g_free(sample);
    return built;
}

/* Skip the test (TRUE) when there is no built graph, or when it lacks
 * what the question needs - entities of `type`, relation `relation` -
 * because the repository's gazetteers or rules do not have them yet. */
static gboolean skip_built(const char *type, const char *relation)
{
    if (!built_graph()) {
        g_test_skip("no sample/ corpus in this checkout");
        return TRUE;
    }
    gboolean skip = FALSE;
    if (type) {
        TlRun r = query(built, "nodes", "--type", type, "--top", "1");
        skip = r.exit_code != 0;
        tl_run_clear(&r);
    }
    if (relation && !skip) {
        TlRun r = query(built, "edges", "--relation", relation, "--top",
                        "1");
        skip = r.exit_code != 0;
        tl_run_clear(&r);
    }
    if (skip) {
        char *why = g_strdup_printf("the built graph has no %s %s yet",
                                    type ? type : "relation",
                                    type ? "entities" : relation);
        g_test_skip(why);
        g_free(why);
    }
    return skip;
}

static void test_built_formats(void)
{
    if (skip_built(NULL, NULL))
        return;
    const char *formats[] = { "tsv", "csv", "json", "jsonl" };
    for (guint f = 0; f < G_N_ELEMENTS(formats); f++) {
        TlRun r = query(built, "nodes", "-f", formats[f], NULL);
        g_assert_cmpint(r.exit_code, ==, 0);
        g_assert_cmpint(check_format(formats[f], r.out, -1), >, 0);
        tl_run_clear(&r);
    }
    TlRun r = query(built, "stats", "-f", "json", NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    check_format("json", r.out, 1);
    tl_run_clear(&r);

    r = query(built, "neighbors", "Warnigg", NULL);
    g_assert_cmpint(r.exit_code, ==, 1);
    assert_contains(r.err, "did you mean: Matthias Warnig");
    tl_run_clear(&r);
}

/* Who links Blinken to Warnig (through the United States): every hop is
 * a real link of the graph. */
static void test_built_path(void)
{
    if (skip_built("country", NULL))
        return;
    TlRun r = query(built, "path", "Antony Blinken", "Matthias Warnig",
                    NULL);
    if (r.exit_code != 0)
        g_error("path: exit %d: %s", r.exit_code, r.err);
    int hops = check_format("tsv", r.out, -1);
    g_assert_cmpint(hops, >=, 2);
    for (int i = 0; i < hops; i++) {
        char *from = tsv_cell(r.out, i, "from_id");
        char *to = tsv_cell(r.out, i, "to_id");
        char *rel = tsv_cell(r.out, i, "relation");
        TlRun e = query(built, "edges", "--source", from, "--target", to,
                        "--relation", rel);
        g_assert_cmpint(e.exit_code, ==, 0);
        g_assert_cmpint(check_format("tsv", e.out, -1), >=, 1);
        tl_run_clear(&e);
        g_free(from);
        g_free(to);
        g_free(rel);
    }
    tl_run_clear(&r);
}

/* The waiver of 19 May 2021. */
static void test_built_exempts(void)
{
    if (skip_built("country", "exempts"))
        return;
    TlRun r = query(built, "neighbors", "United States", "--relation",
                    "exempts", NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    assert_contains(r.out, "Nord Stream 2 AG");
    assert_contains(r.out, "Matthias Warnig");
    tl_run_clear(&r);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    news = fixture("news.graphml");
    g_test_add_func("/query-e2e/formats", test_formats);
    g_test_add_func("/query-e2e/questions", test_questions);
    g_test_add_func("/query-e2e/names", test_names);
    g_test_add_func("/query-e2e/bad-input", test_bad_input);
    g_test_add_func("/query-e2e/usage", test_usage);
    g_test_add_func("/query-e2e/subgraph", test_subgraph);
    g_test_add_func("/query-e2e/built/formats", test_built_formats);
    g_test_add_func("/query-e2e/built/path", test_built_path);
    g_test_add_func("/query-e2e/built/exempts", test_built_exempts);
    int rc = g_test_run();
    g_free(news);
    g_free(built);
    return rc;
}
