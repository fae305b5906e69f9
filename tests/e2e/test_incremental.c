/*
 * test_incremental.c - end-to-end tests of scheduled rebuilds: `build
 * --state` gives byte for byte the graph of a build from scratch, after
 * edits, additions, deletions, a gazetteer change, kill -9 at any moment
 * and concurrent builds; `--jobs N` does not change the output; `extract`
 * and `merge` under GNU parallel give the graph `build` gives; dates give
 * first_seen/last_seen and --since/--until windows.
 */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

static char *gazdir;   /* tests/fixtures/e2e/gazetteers */

static const char *SENTENCES[] = {
    "Antony Blinken met Sergey Lavrov in Moscow on Monday.",
    "The United States and Russia discussed Nord Stream 2 at length.",
    "Japan and the U.S. signed a trade deal in Tokyo.",
    "AT&T said Washington would decide on the merger.",
    "Fran\xc3\xa7ois Mitterrand visited Japan in the spring.",
    "Sergei Lavrov said Russia would not comment.",
    "Nothing of note happened on Tuesday.",
};

/* Article i in version v: a few sentences chosen by i (and v). */
static char *article_text(guint i, guint v)
{
    GString *s = g_string_new(NULL);
    guint n = 2 + (i + v) % 4;
    for (guint k = 0; k < n; k++)
        g_string_append_printf(s, "%s ", SENTENCES[(i * 5 + k * 3 + v) % 7]);
    g_string_append_printf(s, "Story %u, version %u.", i, v);
    return g_string_free(s, FALSE);
}

/* A JSON Lines record of article i in version v under `id` (the text
 * needs no escaping). */
static void append_record_as(GString *out, const char *id, guint i, guint v)
{
    char *text = article_text(i, v);
    g_string_append_printf(out, "{\"id\":\"%s\",\"date\":\"1987-%02u-%02u\","
                           "\"title\":\"Story %u\",\"text\":\"%s\"}\n", id,
                           1 + i % 6, 1 + i % 28, i, text);
    g_free(text);
}

/* The same under the id n-I. */
static void append_record(GString *out, guint i, guint v)
{
    char *id = g_strdup_printf("n-%u", i);
    append_record_as(out, id, i, v);
    g_free(id);
}

/* Files were replayed only if older than the build by a second. */
static void age(void)
{
    g_usleep(1100 * 1000);
}

/* negraph build --gazetteers G -o OUT [args...] */
static TlRun build(const char *gaz, const char *out, ...) G_GNUC_NULL_TERMINATED;
static TlRun build(const char *gaz, const char *out, ...)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (char *)tl_negraph());
    g_ptr_array_add(argv, "build");
    g_ptr_array_add(argv, "--gazetteers");
    g_ptr_array_add(argv, (char *)(gaz ? gaz : gazdir));
    g_ptr_array_add(argv, "-o");
    g_ptr_array_add(argv, (char *)out);
    va_list ap;
    va_start(ap, out);
    for (const char *a = va_arg(ap, const char *); a; a = va_arg(ap, const char *))
        g_ptr_array_add(argv, (char *)a);
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    TlRun r = tl_run_argv((char **)argv->pdata, NULL);
    g_ptr_array_free(argv, TRUE);
    if (r.exit_code != 0)
        g_test_message("build %s: exit %d: %s", out, r.exit_code, r.err);
    return r;
}

/* A build that must succeed. */
#define build_ok(...) do { \
        TlRun r_ = build(__VA_ARGS__, NULL); \
        g_assert_cmpint(r_.exit_code, ==, 0); \
        tl_run_clear(&r_); \
    } while (0)

static void assert_same_file(const char *a, const char *b)
{
    gsize la, lb;
    char *x = tl_read(a, &la), *y = tl_read(b, &lb);
    if (la != lb || memcmp(x, y, la))
        g_test_message("%s and %s differ", a, b);
    g_assert_cmpmem(x, la, y, lb);
    g_free(x);
    g_free(y);
}

static gboolean file_has(const char *path, const char *needle)
{
    char *x = tl_read(path, NULL);
    gboolean has = strstr(x, needle) != NULL;
    g_free(x);
    return has;
}

/* A member of the --summary-json file (free with json_node_unref). */
static JsonNode *summary_member(const char *path, const char *name)
{
    JsonParser *p = json_parser_new();
    GError *error = NULL;
    json_parser_load_from_file(p, path, &error);
    g_assert_no_error(error);
    JsonObject *o = json_node_get_object(json_parser_get_root(p));
    g_assert_true(json_object_has_member(o, name));
    JsonNode *n = json_node_copy(json_object_get_member(o, name));
    g_object_unref(p);
    return n;
}

static gint64 summary_int(const char *path, const char *name)
{
    JsonNode *n = summary_member(path, name);
    gint64 v = json_node_get_int(n);
    json_node_unref(n);
    return v;
}

static gboolean summary_bool(const char *path, const char *name)
{
    JsonNode *n = summary_member(path, name);
    gboolean v = json_node_get_boolean(n);
    json_node_unref(n);
    return v;
}

/* Run a shell command line; its exit code. */
static int sh(const char *cmd)
{
    char *argv[] = { "/bin/sh", "-c", (char *)cmd, NULL };
    TlRun r = tl_run_argv(argv, NULL);
    if (r.exit_code != 0)
        g_test_message("%s: exit %d: %s%s", cmd, r.exit_code, r.out, r.err);
    int rc = r.exit_code;
    tl_run_clear(&r);
    return rc;
}

/* The corpus of the first tests: 20 .txt articles and a .jsonl of 40. */
static void write_corpus(const char *in)
{
    for (guint i = 0; i < 20; i++) {
        char *name = g_strdup_printf("a%02u.txt", i);
        char *text = article_text(i, 0);
        char *body = g_strdup_printf("Title %u\n\n%s\n", i, text);
        tl_put(in, name, body, -1);
        g_free(body);
        g_free(text);
        g_free(name);
    }
    GString *j = g_string_new(NULL);
    for (guint i = 100; i < 140; i++)
        append_record(j, i, 0);
    tl_put(in, "feed.jsonl", j->str, -1);
    g_string_free(j, TRUE);
}

static void test_same_as_scratch(void)
{
    char *dir = tl_tmpdir();
    char *in = g_build_filename(dir, "in", NULL);
    char *state = g_build_filename(dir, "state", NULL);
    char *inc = g_build_filename(dir, "inc.graphml", NULL);
    char *full = g_build_filename(dir, "full.graphml", NULL);
    char *sum = g_build_filename(dir, "summary.json", NULL);
    write_corpus(in);
    age();

    build_ok(NULL, inc, "--state", state, in);
    build_ok(NULL, full, in);
    assert_same_file(inc, full);

    /* Nothing changed: nothing processed, the gazetteers not even loaded. */
    TlRun r = build(NULL, inc, "--state", state, "--summary-json", sum, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.err, "nothing new to process"));
    g_assert_nonnull(strstr(r.err, "0 new, 0 changed, 60 unchanged, 0 deleted"));
    tl_run_clear(&r);
    assert_same_file(inc, full);
    g_assert_cmpint(summary_int(sum, "unchanged"), ==, 60);
    g_assert_cmpint(summary_int(sum, "documents"), ==, 60);
    g_assert_cmpint(summary_int(sum, "nodes"), >, 0);
    g_assert_true(summary_bool(sum, "up_to_date"));

    /* The output is checked, not trusted: spoilt, it is written again;
     * another output name is another output. */
    tl_put(dir, "inc.graphml", "spoilt", -1);
    r = build(NULL, inc, "--state", state, "--summary-json", sum, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    tl_run_clear(&r);
    g_assert_false(summary_bool(sum, "up_to_date"));
    assert_same_file(inc, full);
    char *other = g_build_filename(dir, "other.graphml", NULL);
    build_ok(NULL, other, "--state", state, in);
    assert_same_file(other, full);
    /* ...and a build with other options too. */
    r = build(NULL, inc, "--state", state, "--summary-json", sum,
              "--min-weight", "2", in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    tl_run_clear(&r);
    g_assert_false(summary_bool(sum, "up_to_date"));
    g_assert_true(file_has(inc, "min-weight=2"));
    g_free(other);

    /* Edit, add, delete: .txt files and JSON Lines records. */
    char *text = article_text(3, 1);
    char *body = g_strdup_printf("Title 3\n\n%s\n", text);
    tl_put(in, "a03.txt", body, -1);
    g_free(body);
    g_free(text);
    tl_put(in, "a99.txt", "New\n\nJapan and Russia met in Tokyo.\n", -1);
    char *gone = g_build_filename(in, "a07.txt", NULL);
    g_assert_cmpint(g_unlink(gone), ==, 0);
    g_free(gone);
    GString *j = g_string_new(NULL);
    for (guint i = 100; i < 141; i++)
        if (i != 110)
            append_record(j, i, i == 120 ? 1 : 0);
    tl_put(in, "feed.jsonl", j->str, -1);
    g_string_free(j, TRUE);

    r = build(NULL, inc, "--state", state, "--summary-json", sum, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    tl_run_clear(&r);
    build_ok(NULL, full, in);
    assert_same_file(inc, full);
    g_assert_cmpint(summary_int(sum, "new"), ==, 2);        /* a99, n-140 */
    g_assert_cmpint(summary_int(sum, "changed"), ==, 2);    /* a03, n-120 */
    g_assert_cmpint(summary_int(sum, "deleted"), ==, 2);    /* a07, n-110 */
    g_assert_cmpint(summary_int(sum, "unchanged"), ==, 56);
    g_assert_cmpint(summary_int(sum, "documents"), ==, 60);
    g_assert_cmpint(summary_int(sum, "exit_code"), ==, 0);

    g_free(in);
    g_free(state);
    g_free(inc);
    g_free(full);
    g_free(sum);
    g_free(dir);
}

static void test_deleted_edges_disappear(void)
{
    char *dir = tl_tmpdir();
    char *in = g_build_filename(dir, "in", NULL);
    char *state = g_build_filename(dir, "state", NULL);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    char *full = g_build_filename(dir, "full.graphml", NULL);
    tl_put(in, "a.txt", "A\n\nJapan and Russia talked.\n", -1);
    tl_put(in, "b.txt", "B\n\nFran\xc3\xa7ois Mitterrand met Antony Blinken.\n", -1);
    static const char *edge =
        "source=\"person.antony-blinken\" target=\"person.francois-mitterrand\"";
    build_ok(NULL, out, "--state", state, in);
    g_assert_true(file_has(out, edge));
    g_assert_true(file_has(out, "<node id=\"person.francois-mitterrand\">"));

    char *b = g_build_filename(in, "b.txt", NULL);
    g_unlink(b);
    g_free(b);
    build_ok(NULL, out, "--state", state, in);
    g_assert_false(file_has(out, edge));
    g_assert_false(file_has(out, "person.francois-mitterrand"));
    build_ok(NULL, full, in);
    assert_same_file(out, full);
    g_free(in);
    g_free(state);
    g_free(out);
    g_free(full);
    g_free(dir);
}

/* s with its one occurrence of `from` replaced by `to`. */
static char *replaced(const char *s, const char *from, const char *to)
{
    const char *at = strstr(s, from);
    g_assert_nonnull(at);
    g_assert_null(strstr(at + 1, from));
    return g_strdup_printf("%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
}

/* The files of a test that changes the configuration between rebuilds
 * on one state: the corpus, the state, the rebuilt graph, the graph built
 * from scratch and the rebuild's summary, in a temporary folder. */
typedef struct {
    char *dir, *in, *state, *out, *full, *sum;
} Files;

static Files files_new(void)
{
    Files f = { .dir = tl_tmpdir() };
    f.in = g_build_filename(f.dir, "in", NULL);
    f.state = g_build_filename(f.dir, "state", NULL);
    f.out = g_build_filename(f.dir, "g.graphml", NULL);
    f.full = g_build_filename(f.dir, "full.graphml", NULL);
    f.sum = g_build_filename(f.dir, "summary.json", NULL);
    return f;
}

static void files_clear(Files *f)
{
    g_free(f->in);
    g_free(f->state);
    g_free(f->out);
    g_free(f->full);
    g_free(f->sum);
    g_free(f->dir);
}

/* After `r`, a rebuild into f->out (summary f->sum) that followed a
 * change of gazetteers or rules: it said so, kept the 60 documents, and
 * its graph is f->full, built from scratch. Returns the number of
 * unchanged documents it processed again. */
static gint64 checked_rebuild(TlRun r, const Files *f)
{
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.err, "the gazetteers or rules changed since "
                                   "the last build"));
    tl_run_clear(&r);
    g_assert_cmpint(summary_int(f->sum, "new"), ==, 0);
    g_assert_cmpint(summary_int(f->sum, "unchanged"), ==, 60);
    g_assert_true(summary_bool(f->sum, "config_changed"));
    assert_same_file(f->out, f->full);
    return summary_int(f->sum, "reprocessed");
}

/* Rebuild on f->state with the gazetteer folder `gaz` holding `yaml`,
 * and check it (checked_rebuild). */
static gint64 rebuild_with(const char *gaz, const char *yaml, const Files *f)
{
    tl_put(gaz, "test.yaml", yaml, -1);
    TlRun r = build(gaz, f->out, "--state", f->state, "--summary-json",
                    f->sum, f->in, NULL);
    build_ok(gaz, f->full, f->in);
    return checked_rebuild(r, f);
}

static void test_gazetteer_change(void)
{
    Files f = files_new();
    char *gaz = g_build_filename(f.dir, "gaz", NULL);
    char *yaml_path = g_build_filename(gazdir, "test.yaml", NULL);
    char *yaml = tl_read(yaml_path, NULL);
    tl_put(gaz, "test.yaml", yaml, -1);
    write_corpus(f.in);
    age();
    build_ok(gaz, f.out, "--state", f.state, f.in);
    g_assert_false(file_has(f.out, "organization.tokyo-electric"));

    /* A new entity whose alias is in every document: every document is
     * processed again. */
    char *more = g_strconcat(yaml, "  - name: Tokyo Electric\n"
                             "    type: organization\n"
                             "    aliases: [Story]\n", NULL);
    g_assert_cmpint(rebuild_with(gaz, more, &f), ==, 60);
    g_assert_true(file_has(f.out, "organization.tokyo-electric"));

    /* One no document names: none; the graph's comment counts it. */
    char *unseen = g_strconcat(more, "  - name: Kiichi Miyazawa\n"
                               "    type: person\n", NULL);
    g_assert_cmpint(rebuild_with(gaz, unseen, &f), ==, 0);
    g_assert_false(file_has(f.out, "person.kiichi-miyazawa"));

    /* An entity some documents name: only those. */
    char *lavrov = replaced(unseen, "  - name: Sergey Lavrov\n"
                              "    type: person\n",
                              "  - name: Sergey Lavrov\n"
                              "    type: person\n"
                              "    attributes: {role: Foreign Minister}\n");
    gint64 n = rebuild_with(gaz, lavrov, &f);
    g_assert_cmpint(n, >, 0);
    g_assert_cmpint(n, <, 60);
    g_assert_true(file_has(f.out, "Foreign Minister"));

    /* A country: countries are read everywhere (capitals, leaders' roles,
     * home countries). */
    char *japan = replaced(lavrov, "attributes: {iso2: JP}",
                             "attributes: {iso2: JP, iso3: JPN}");
    g_assert_cmpint(rebuild_with(gaz, japan, &f), ==, 60);

    /* Options count as rules do: everything again, as new. */
    TlRun r = build(gaz, f.out, "--state", f.state, "--window", "document",
                    "--summary-json", f.sum, f.in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.err, "every document will be processed again"));
    tl_run_clear(&r);
    g_assert_cmpint(summary_int(f.sum, "new"), ==, 60);
    r = build(gaz, f.out, "--state", f.state, "--window", "document",
              "--no-metonyms", "--summary-json", f.sum, f.in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    tl_run_clear(&r);
    g_assert_cmpint(summary_int(f.sum, "new"), ==, 60);
    g_free(japan);
    g_free(lavrov);
    g_free(unseen);
    g_free(more);
    g_free(yaml);
    g_free(yaml_path);
    g_free(gaz);
    files_clear(&f);
}

/* Rules for the rule-change test: a meeting, a signing and a visit. */
static const char *TEST_RULES =
    "grouping:\n"
    "  conjunctions: [and]\n"
    "  determiners: [the]\n"
    "relation: meets\n"
    "directed: false\n"
    "types: [person, country, organization]\n"
    "rules:\n"
    "  - id: meets-met\n"
    "    trigger: [met]\n"
    "    pattern: \"{source} @trigger {target}\"\n"
    "  - id: meets-signed\n"
    "    trigger: [signed]\n"
    "    pattern: \"{parties} @trigger\"\n"
    "  - id: meets-visited\n"
    "    trigger: [visited]\n"
    "    pattern: \"{source} @trigger {target}\"\n";

/* Rebuild on f->state with `rules` in rules/meets.yaml (and `extra` in
 * rules/extra.yaml, or none), and check it (checked_rebuild). */
static gint64 rebuild_rules(const char *rules_dir, const char *rules,
                            const char *extra, const Files *f)
{
    tl_put(rules_dir, "meets.yaml", rules, -1);
    char *extra_path = g_build_filename(rules_dir, "extra.yaml", NULL);
    if (extra)
        tl_put(rules_dir, "extra.yaml", extra, -1);
    else
        g_unlink(extra_path);
    g_free(extra_path);
    TlRun r = build(NULL, f->out, "--rules", rules_dir, "--state", f->state,
                    "--summary-json", f->sum, f->in, NULL);
    build_ok(NULL, f->full, "--rules", rules_dir, f->in);
    return checked_rebuild(r, f);
}

/* A change of the rules processes again the documents with a trigger
 * word of a changed rule (old or new), and the graph is the one a build
 * from scratch gives. */
static void test_rules_change(void)
{
    Files f = files_new();
    char *rules_dir = g_build_filename(f.dir, "rules", NULL);
    write_corpus(f.in);
    tl_put(rules_dir, "meets.yaml", TEST_RULES, -1);
    age();
    build_ok(NULL, f.out, "--rules", rules_dir, "--state", f.state, f.in);
    g_assert_true(file_has(f.out, "meets-met"));

    /* A rule whose trigger word no document has: none. */
    char *unseen = g_strconcat(TEST_RULES, "  - id: meets-toured\n"
                               "    trigger: [toured]\n"
                               "    pattern: \"{source} @trigger {target}\"\n",
                               NULL);
    g_assert_cmpint(rebuild_rules(rules_dir, unseen, NULL, &f), ==, 0);
    /* A rule's pattern changed: only the documents with its trigger. */
    g_assert_true(file_has(f.out, "meets-signed"));
    char *signed_ = replaced(unseen, "\"{parties} @trigger\"",
                             "\"{parties} @trigger *3 treaty\"");
    gint64 n = rebuild_rules(rules_dir, signed_, NULL, &f);
    g_assert_cmpint(n, >, 0);
    g_assert_cmpint(n, <, 60);
    g_assert_false(file_has(f.out, "meets-signed"));
    /* The rule removed: the same documents, and its edges go. */
    char *no_signed = replaced(signed_, "  - id: meets-signed\n"
                               "    trigger: [signed]\n"
                               "    pattern: \"{parties} @trigger *3 treaty\"\n",
                               "");
    g_assert_cmpint(rebuild_rules(rules_dir, no_signed, NULL, &f), ==, n);
    /* A rule moved to the end: the order decides which rule is used at
     * a token, so every rule of the relation counts as changed. */
    char *swapped = replaced(no_signed,
                             "  - id: meets-met\n"
                             "    trigger: [met]\n"
                             "    pattern: \"{source} @trigger {target}\"\n",
                             "");
    char *moved = g_strconcat(swapped, "  - id: meets-met\n"
                              "    trigger: [met]\n"
                              "    pattern: \"{source} @trigger {target}\"\n",
                              NULL);
    n = rebuild_rules(rules_dir, moved, NULL, &f);
    g_assert_cmpint(n, >, 0);
    g_assert_cmpint(n, <, 60);
    /* A new relation in a file of its own: the documents with its
     * trigger word; then gone again. */
    static const char *extra =
        "relation: signs\n"
        "directed: false\n"
        "rules:\n"
        "  - id: signs-signed\n"
        "    trigger: [signed]\n"
        "    pattern: \"{parties} @trigger\"\n";
    gint64 with_extra = rebuild_rules(rules_dir, moved, extra, &f);
    g_assert_cmpint(with_extra, >, 0);
    g_assert_cmpint(with_extra, <, 60);
    g_assert_true(file_has(f.out, "signs-signed"));
    g_assert_cmpint(rebuild_rules(rules_dir, moved, NULL, &f), ==, with_extra);
    g_assert_false(file_has(f.out, "signs-signed"));
    /* The grouping vocabulary: every rule counts as changed. */
    char *grouping = replaced(moved, "determiners: [the]",
                              "determiners: [the, a]");
    gint64 all = rebuild_rules(rules_dir, grouping, NULL, &f);
    g_assert_cmpint(all, ==, n);   /* the same rules' trigger words */

    /* Rules that no longer load: the build fails and the state keeps
     * what it had; the rules put back, nothing is processed again. */
    tl_put(rules_dir, "meets.yaml", "relation: [\n", -1);
    TlRun r = build(NULL, f.out, "--rules", rules_dir, "--state", f.state,
                    f.in, NULL);
    g_assert_cmpint(r.exit_code, !=, 0);
    tl_run_clear(&r);
    tl_put(rules_dir, "meets.yaml", grouping, -1);
    build_ok(NULL, f.out, "--rules", rules_dir, "--state", f.state,
             "--summary-json", f.sum, f.in);
    g_assert_cmpint(summary_int(f.sum, "unchanged"), ==, 60);
    g_assert_cmpint(summary_int(f.sum, "reprocessed"), ==, 0);
    assert_same_file(f.out, f.full);
    g_free(grouping);
    g_free(moved);
    g_free(swapped);
    g_free(no_signed);
    g_free(signed_);
    g_free(unseen);
    g_free(rules_dir);
    files_clear(&f);
}

static void test_jobs_same_output(void)
{
    char *dir = tl_tmpdir();
    char *in = g_build_filename(dir, "in", NULL);
    write_corpus(in);
    char *ref = g_build_filename(dir, "j1.graphml", NULL);
    build_ok(NULL, ref, "--jobs", "1", in);
    const char *jobs[] = { "2", "4", "16" };
    for (guint i = 0; i < G_N_ELEMENTS(jobs); i++) {
        char *out = g_strdup_printf("%s/j%s.graphml", dir, jobs[i]);
        char *state = g_strdup_printf("%s/state%s", dir, jobs[i]);
        build_ok(NULL, out, "--jobs", jobs[i], in);
        assert_same_file(out, ref);
        build_ok(NULL, out, "--jobs", jobs[i], "--state", state, in);
        assert_same_file(out, ref);
        g_free(state);
        g_free(out);
    }
    g_free(ref);
    g_free(in);
    g_free(dir);
}

static void test_extract_merge_parallel(void)
{
    char *parallel = g_find_program_in_path("parallel");
    if (!parallel) {
        g_test_skip("GNU parallel not installed");
        return;
    }
    g_free(parallel);
    char *dir = tl_tmpdir();
    char *in = g_build_filename(dir, "in", NULL);
    write_corpus(in);
    char *ref = g_build_filename(dir, "build.graphml", NULL);
    char *out = g_build_filename(dir, "merge.graphml", NULL);
    build_ok(NULL, ref, in);

    /* One extract per file, outputs kept in input order (-k). The files
     * go in the order build reads them: sorted by name. */
    char *cmd = g_strdup_printf(
        "cd '%s' && ls in/* | LC_ALL=C sort | parallel --will-cite -k -j 3 "
        "'%s' extract -q --gazetteers '%s' {} > results.jsonl",
        dir, tl_negraph(), gazdir);
    g_assert_cmpint(sh(cmd), ==, 0);
    g_free(cmd);
    char *results = g_build_filename(dir, "results.jsonl", NULL);
    TlRun r = tl_run_negraph(NULL, "merge", results, "-o", out, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    tl_run_clear(&r);
    /* ids of .txt files are their paths: build the same relative paths. */
    char *rel = g_strdup_printf("cd '%s' && '%s' build -q --gazetteers '%s' "
                                "-o build-rel.graphml in", dir, tl_negraph(),
                                gazdir);
    g_assert_cmpint(sh(rel), ==, 0);
    g_free(rel);
    char *ref_rel = g_build_filename(dir, "build-rel.graphml", NULL);
    assert_same_file(out, ref_rel);

    /* One JSON Lines corpus cut into chunks of 7 records on a pipe, merged
     * from standard input. */
    char *feed = g_build_filename(in, "feed.jsonl", NULL);
    build_ok(NULL, ref, feed);
    cmd = g_strdup_printf("parallel --will-cite --pipe -k -N 7 -j 2 "
                          "'%s' extract -q --jobs 1 --gazetteers '%s' - "
                          "< '%s' > '%s'", tl_negraph(), gazdir, feed, results);
    g_assert_cmpint(sh(cmd), ==, 0);
    g_free(cmd);
    char *data = tl_read(results, NULL);
    r = tl_run_negraph(data, "merge", "-", "-o", out, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    tl_run_clear(&r);
    assert_same_file(out, ref);
    /* GEXF too: timeline, metrics and layout from the same results. */
    char *gexf_ref = g_build_filename(dir, "build.gexf", NULL);
    char *gexf_out = g_build_filename(dir, "merge.gexf", NULL);
    build_ok(NULL, gexf_ref, "--time-bucket", "week", feed);
    r = tl_run_negraph(data, "merge", "--time-bucket", "week", "-", "-o",
                       gexf_out, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    tl_run_clear(&r);
    assert_same_file(gexf_out, gexf_ref);
    g_free(gexf_ref);
    g_free(gexf_out);
    g_free(data);

    /* Results of another configuration are not mixed in. */
    cmd = g_strdup_printf("'%s' extract -q --window document --gazetteers "
                          "'%s' '%s' >> '%s'", tl_negraph(), gazdir, feed,
                          results);
    g_assert_cmpint(sh(cmd), ==, 0);
    g_free(cmd);
    r = tl_run_negraph(NULL, "merge", results, "-o", out, NULL);
    g_assert_cmpint(r.exit_code, ==, 5);
    g_assert_nonnull(strstr(r.err, "another configuration"));
    tl_run_clear(&r);
    assert_same_file(out, ref);   /* left as it was */

    /* A damaged line is an error with its place. */
    tl_put(dir, "bad.jsonl", "{\"negraph\":\"0.1.0\",\"config\":\"c\","
           "\"fingerprint\":\"f\"}\n{\"id\":\"x\"}\n", -1);
    char *bad = g_build_filename(dir, "bad.jsonl", NULL);
    r = tl_run_negraph(NULL, "merge", bad, "-o", out, NULL);
    g_assert_cmpint(r.exit_code, ==, 5);
    g_assert_nonnull(strstr(r.err, "bad.jsonl:2: entities: missing"));
    tl_run_clear(&r);
    g_free(bad);

    g_free(feed);
    g_free(ref_rel);
    g_free(results);
    g_free(ref);
    g_free(out);
    g_free(in);
    g_free(dir);
}

/* A corpus large enough for a build to take a while: `files` JSON Lines
 * files of `per` records, records of version v for files below `changed`
 * (and version 0 for the others). */
static void write_big(const char *in, guint files, guint per, guint changed,
                      guint v)
{
    for (guint f = 0; f < files; f++) {
        GString *j = g_string_new(NULL);
        for (guint i = 0; i < per; i++)
            append_record(j, f * per + i, f < changed ? v : 0);
        char *name = g_strdup_printf("part-%03u.jsonl", f);
        tl_put(in, name, j->str, -1);
        g_free(name);
        g_string_free(j, TRUE);
    }
}

/* Start a build (gazetteers `gaz`, NULL: the fixture's) and kill -9 it
 * after `delay` seconds; TRUE if it was killed (FALSE: it had finished). */
static gboolean build_and_kill(const char *gaz, const char *out,
                               const char *state, const char *in, double delay)
{
    char *argv[] = { (char *)tl_negraph(), "build", "-q", "--gazetteers",
                     (char *)(gaz ? gaz : gazdir), "--state", (char *)state, "-o", (char *)out,
                     (char *)in, NULL };
    GPid pid;
    GError *error = NULL;
    g_spawn_async(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
                  G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, &pid, &error);
    g_assert_no_error(error);
    g_usleep((gulong)(delay * G_USEC_PER_SEC));
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    g_spawn_close_pid(pid);
    return WIFSIGNALED(status);
}

static void assert_state_intact(const char *state)
{
    char *db_path = g_build_filename(state, "state.sqlite", NULL);
    sqlite3 *db;
    g_assert_cmpint(sqlite3_open(db_path, &db), ==, SQLITE_OK);
    sqlite3_stmt *st;
    g_assert_cmpint(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st,
                                       NULL), ==, SQLITE_OK);
    g_assert_cmpint(sqlite3_step(st), ==, SQLITE_ROW);
    g_assert_cmpstr((const char *)sqlite3_column_text(st, 0), ==, "ok");
    sqlite3_finalize(st);
    sqlite3_close(db);
    g_free(db_path);
}

static guint count_temporaries(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    guint n = 0;
    const char *name;
    while ((name = g_dir_read_name(d)))
        n += strstr(name, ".graphml.tmp-") != NULL;
    g_dir_close(d);
    return n;
}

static void test_kill_9(void)
{
    char *dir = tl_tmpdir();
    char *in = g_build_filename(dir, "in", NULL);
    char *state = g_build_filename(dir, "state", NULL);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    char *ref = g_build_filename(dir, "ref.graphml", NULL);
    char *timing = g_build_filename(dir, "timing", NULL);
    write_big(in, 40, 150, 0, 0);

    /* How long a first build takes here (a sanitizer build is slower). */
    gint64 t0 = g_get_monotonic_time();
    build_ok(NULL, ref, "--state", timing, in);
    double T = (g_get_monotonic_time() - t0) / 1e6;
    g_test_message("a first build takes %.2f s", T);

    /* Killed during the first build ever: no graph at all, or (killed
     * between the rename and the exit) the complete one, never half. */
    for (int i = 0; i < 2; i++) {
        if (build_and_kill(NULL, out, state, in,
                           T * g_test_rand_double_range(0.05, 0.9)) &&
            g_file_test(out, G_FILE_TEST_EXISTS)) {
            assert_same_file(out, ref);
            g_unlink(out);
        }
    }
    build_ok(NULL, out, "--state", state, in);
    assert_same_file(out, ref);
    gsize old_len;
    char *old = tl_read(out, &old_len);

    /* Half the files change; rebuilds killed early, midway and late leave
     * the previous graph as it was. */
    age();
    write_big(in, 40, 150, 20, 1);
    build_ok(NULL, ref, in);
    gboolean finished = FALSE;
    double at[] = { 0.02, 0.2, 0.4, 0.6, 0.8 };
    for (guint i = 0; i < G_N_ELEMENTS(at); i++) {
        double delay = T * (at[i] + g_test_rand_double_range(0, 0.15));
        gboolean killed = build_and_kill(NULL, out, state, in, delay);
        g_test_message("rebuild %s after %.2f s", killed ? "killed" : "done",
                       delay);
        /* The old graph, or - once a build got as far as the rename - the
         * new one, complete; never anything else. */
        gsize len;
        char *now = tl_read(out, &len);
        if (!finished && len == old_len && !memcmp(now, old, len)) {
            g_assert_true(killed);
        } else {
            finished = TRUE;
            assert_same_file(out, ref);
        }
        g_free(now);
        assert_state_intact(state);
    }
    build_ok(NULL, out, "--state", state, in);
    assert_same_file(out, ref);
    assert_state_intact(state);
    /* A state build removes what killed ones left beside the output. */
    g_assert_cmpuint(count_temporaries(dir), ==, 0);

    g_free(old);
    g_free(in);
    g_free(state);
    g_free(out);
    g_free(ref);
    g_free(timing);
    g_free(dir);
}

/* Rebuilds after gazetteer changes, killed while they check the stored
 * results: the results still to check stay suspect, and whatever the
 * gazetteers are next, the rebuild gives the graph of a build from
 * scratch. */
static void test_kill_9_gazetteer_change(void)
{
    char *dir = tl_tmpdir();
    char *in = g_build_filename(dir, "in", NULL);
    char *gaz = g_build_filename(dir, "gaz", NULL);
    char *state = g_build_filename(dir, "state", NULL);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    char *ref = g_build_filename(dir, "ref.graphml", NULL);
    char *yaml_path = g_build_filename(gazdir, "test.yaml", NULL);
    char *yaml = tl_read(yaml_path, NULL);
    /* Each names people some documents name (Lavrov, Blinken). */
    char *versions[] = {
        yaml,
        replaced(yaml, "aliases: [Sergei Lavrov]",
                 "aliases: [Sergei Lavrov, Lavrov]"),
        replaced(yaml, "  - name: Antony Blinken\n    type: person\n",
                 "  - name: Antony Blinken\n    type: person\n"
                 "    attributes: {role: Secretary of State}\n"),
    };
    write_big(in, 40, 150, 0, 0);
    tl_put(gaz, "test.yaml", yaml, -1);
    age();
    gint64 t0 = g_get_monotonic_time();
    build_ok(gaz, out, "--state", state, in);
    double T = (g_get_monotonic_time() - t0) / 1e6;

    for (guint round = 1; round <= 4; round++) {
        tl_put(gaz, "test.yaml", versions[round % 3], -1);
        double delay = T * g_test_rand_double_range(0.1, 0.8);
        gboolean killed = build_and_kill(gaz, out, state, in, delay);
        g_test_message("round %u: %s after %.2f s", round,
                       killed ? "killed" : "done", delay);
        assert_state_intact(state);
    }
    /* The last version again (whatever the killed builds left), then
     * another. */
    for (guint v = 1; v <= 2; v++) {
        tl_put(gaz, "test.yaml", versions[v], -1);
        build_ok(gaz, ref, in);
        build_ok(gaz, out, "--state", state, in);
        assert_same_file(out, ref);
    }
    g_free(versions[1]);
    g_free(versions[2]);
    g_free(yaml);
    g_free(yaml_path);
    g_free(in);
    g_free(gaz);
    g_free(state);
    g_free(out);
    g_free(ref);
    g_free(dir);
}

static void test_concurrent_builds(void)
{
    char *dir = tl_tmpdir();
    char *in = g_build_filename(dir, "in", NULL);
    char *state = g_build_filename(dir, "state", NULL);
    char *ref = g_build_filename(dir, "ref.graphml", NULL);
    write_big(in, 10, 100, 0, 0);
    build_ok(NULL, ref, in);

    /* While another process holds the lock, a build waits, says so, and
     * goes on when the lock is released. */
    g_mkdir_with_parents(state, 0755);
    char *lock_path = g_build_filename(state, "lock", NULL);
    int fd = open(lock_path, O_RDWR | O_CREAT, 0644);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(flock(fd, LOCK_EX), ==, 0);
    g_assert_cmpint(write(fd, "pid 1\n", 6), ==, 6);
    char *cmd = g_strdup_printf("'%s' build --gazetteers '%s' --state '%s' "
                                "-o '%s/w.graphml' '%s' 2> '%s/w.err'",
                                tl_negraph(), gazdir, state, dir, in, dir);
    char *argv[] = { "/bin/sh", "-c", cmd, NULL };
    GPid pid;
    g_spawn_async(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                  &pid, NULL);
    char *w_out = g_strdup_printf("%s/w.graphml", dir);
    char *w_err = g_strdup_printf("%s/w.err", dir);
    /* Until it says it waits: however slow its start (make memcheck runs
     * it under valgrind), it cannot get further while the lock is held. */
    const char *waiting = "held by another build (pid 1); waiting";
    for (int i = 0; i < 6000; i++) {   /* 5 minutes at most */
        if (g_file_test(w_err, G_FILE_TEST_EXISTS) && file_has(w_err, waiting))
            break;
        g_usleep(50 * 1000);
    }
    g_assert_true(file_has(w_err, waiting));
    g_assert_false(g_file_test(w_out, G_FILE_TEST_EXISTS));
    close(fd);   /* releases the lock */
    int status;
    waitpid(pid, &status, 0);
    g_spawn_close_pid(pid);
    g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_same_file(w_out, ref);

    /* Two builds at once on one state: both finish, both right. */
    char *pair = g_strdup_printf(
        "N='%s'; $N build -q --gazetteers '%s' --state '%s' -o '%s/1.graphml' "
        "'%s' & p1=$!; $N build -q --gazetteers '%s' --state '%s' "
        "-o '%s/2.graphml' '%s' & p2=$!; wait $p1 && wait $p2",
        tl_negraph(), gazdir, state, dir, in, gazdir, state, dir, in);
    g_assert_cmpint(sh(pair), ==, 0);
    char *o1 = g_strdup_printf("%s/1.graphml", dir);
    char *o2 = g_strdup_printf("%s/2.graphml", dir);
    assert_same_file(o1, ref);
    assert_same_file(o2, ref);
    assert_state_intact(state);

    g_free(o1);
    g_free(o2);
    g_free(pair);
    g_free(w_out);
    g_free(w_err);
    g_free(cmd);
    g_free(lock_path);
    g_free(in);
    g_free(state);
    g_free(ref);
    g_free(dir);
}

static void test_dates_and_window(void)
{
    char *dir = tl_tmpdir();
    char *state = g_build_filename(dir, "state", NULL);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    char *ref = g_build_filename(dir, "ref.graphml", NULL);
    char *sum = g_build_filename(dir, "summary.json", NULL);
    GString *all = g_string_new(NULL), *march = g_string_new(NULL);
    for (guint i = 0; i < 60; i++) {
        append_record(all, i, 0);
        if (1 + i % 6 == 3 || 1 + i % 6 == 4)   /* March and April */
            append_record(march, i, 0);
    }
    char *all_path = tl_write(dir, "all.jsonl", all->str, -1);
    char *march_path = tl_write(dir, "spring.jsonl", march->str, -1);

    /* Dated documents date the nodes and edges they touch. */
    build_ok(NULL, out, all_path);
    g_assert_true(file_has(out, "<data key=\"v_first_seen\">1987-01-01</data>"));
    g_assert_true(file_has(out, "<data key=\"v_last_seen\">1987-06-"));
    g_assert_true(file_has(out, "<data key=\"e_first_seen\">"));

    /* The window keeps exactly the documents a corpus of them would. */
    TlRun r = build(NULL, out, "--since", "1987-03", "--until", "1987-04",
                    all_path, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.err, "40 documents outside --since/--until"));
    tl_run_clear(&r);
    build_ok(NULL, ref, "--since", "1987-03", "--until", "1987-04", march_path);
    assert_same_file(out, ref);
    g_assert_false(file_has(out, ">1987-02-"));
    g_assert_false(file_has(out, ">1987-05-"));

    /* With a state: the window, then everything, both from the state;
     * the documents outside the first window were stored all the same. */
    build_ok(NULL, out, "--state", state, "--since", "1987-03",
             "--until", "1987-04", all_path);
    assert_same_file(out, ref);
    r = build(NULL, out, "--state", state, "--summary-json", sum, all_path,
              NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    tl_run_clear(&r);
    g_assert_cmpint(summary_int(sum, "new"), ==, 0);
    build_ok(NULL, ref, all_path);
    assert_same_file(out, ref);

    r = build(NULL, out, "--since", "March", all_path, NULL);
    g_assert_cmpint(r.exit_code, ==, 2);
    g_assert_nonnull(strstr(r.err, "--since must be a date"));
    tl_run_clear(&r);

    g_string_free(all, TRUE);
    g_string_free(march, TRUE);
    g_free(all_path);
    g_free(march_path);
    g_free(state);
    g_free(out);
    g_free(ref);
    g_free(sum);
    g_free(dir);
}

static void test_summary_and_quiet(void)
{
    char *dir = tl_tmpdir();
    char *in = tl_write(dir, "a.txt", "A\n\nJapan and Russia talked.\n", -1);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    char *sum = g_build_filename(dir, "summary.json", NULL);
    char *state = g_build_filename(dir, "state", NULL);

    /* --quiet: not a word, not even a progress line. */
    TlRun r = build(NULL, out, "-q", "--state", state, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_cmpstr(r.err, ==, "");
    tl_run_clear(&r);

    /* A failed build still writes its summary, for monitoring. */
    char *nowhere = g_build_filename(dir, "no/such/dir/g.graphml", NULL);
    r = build(NULL, nowhere, "--summary-json", sum, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 4);
    tl_run_clear(&r);
    g_assert_cmpint(summary_int(sum, "exit_code"), ==, 4);
    g_assert_true(file_has(sum, "\"ok\" : false"));
    g_assert_true(file_has(sum, "\"error\" : "));

    /* A leftover of a killed build beside the output goes away. */
    char *tmp = tl_write(dir, "g.graphml.tmp-AbC123", "<half", -1);
    build_ok(NULL, out, "--state", state, in);
    g_assert_false(g_file_test(tmp, G_FILE_TEST_EXISTS));

    /* A folder that is not a state is refused, not overwritten. */
    char *bogus = g_build_filename(dir, "bogus", NULL);
    tl_put(bogus, "state.sqlite", "not a database, not at all, no, not one "
           "bit of it; just words enough to fill a database header", -1);
    r = build(NULL, out, "--state", bogus, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 4);
    g_assert_nonnull(strstr(r.err, "state.sqlite"));
    tl_run_clear(&r);

    g_free(bogus);
    g_free(tmp);
    g_free(nowhere);
    g_free(in);
    g_free(out);
    g_free(sum);
    g_free(state);
    g_free(dir);
}

/* A feed file of records first..last-1, version v. */
static void put_feed(const char *in, const char *name, guint first,
                     guint last, guint v)
{
    GString *j = g_string_new(NULL);
    for (guint i = first; i < last; i++)
        append_record(j, i, v);
    tl_put(in, name, j->str, -1);
    g_string_free(j, TRUE);
}

/* An incremental build into `out`, then a full one into `full`: the same
 * bytes. Returns how many files the build took with the last graph. */
static gint64 rebuild_same(const char *state, const char *out,
                           const char *full, const char *sum,
                           const char *in, const char *opt, const char *arg)
{
    TlRun r = build(NULL, out, "--state", state, "--summary-json", sum,
                    opt ? opt : in, opt ? arg : NULL, opt ? in : NULL, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    tl_run_clear(&r);
    r = build(NULL, full, opt ? opt : in, opt ? arg : NULL, opt ? in : NULL,
              NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    tl_run_clear(&r);
    assert_same_file(out, full);
    return summary_int(sum, "snapshot_files");
}

/* A feed that grows by files added after the others: the rebuild starts
 * from the last build's graph (the snapshot) and reads only the new
 * files - the same graph as from scratch, also for nodes and edges the
 * new documents share with old ones (document counts, evidence, dates,
 * CAMEO codes). Anything else - a file before the others, an edit, a
 * damaged snapshot, another window, GEXF - replays the stored results. */
static void test_snapshot_append(void)
{
    char *dir = tl_tmpdir();
    char *in = g_build_filename(dir, "in", NULL);
    char *state = g_build_filename(dir, "state", NULL);
    char *out = g_build_filename(dir, "inc.graphml", NULL);
    char *full = g_build_filename(dir, "full.graphml", NULL);
    char *sum = g_build_filename(dir, "summary.json", NULL);
    char *snap = g_build_filename(state, "graph.snapshot", NULL);
    put_feed(in, "2021-05-01.jsonl", 0, 30, 0);
    put_feed(in, "2021-05-02.jsonl", 30, 60, 0);
    age();
    g_assert_cmpint(rebuild_same(state, out, full, sum, in, NULL, NULL), ==, 0);
    g_assert_true(g_file_test(snap, G_FILE_TEST_EXISTS));

    /* The next day's file: the two old ones come with the graph. */
    put_feed(in, "2021-05-03.jsonl", 60, 90, 1);
    age();
    g_assert_cmpint(rebuild_same(state, out, full, sum, in, NULL, NULL), ==, 2);
    g_assert_cmpint(summary_int(sum, "new"), ==, 30);
    g_assert_cmpint(summary_int(sum, "unchanged"), ==, 60);
    g_assert_cmpint(summary_int(sum, "documents"), ==, 90);
    put_feed(in, "2021-05-04.jsonl", 0, 30, 2);  /* old ids, new texts */
    age();
    g_assert_cmpint(rebuild_same(state, out, full, sum, in, NULL, NULL), ==, 3);
    g_assert_cmpint(summary_int(sum, "changed"), ==, 30);
    /* Another output file, nothing read: the graph as it was. */
    char *other = g_build_filename(dir, "other.graphml", NULL);
    g_assert_cmpint(rebuild_same(state, other, full, sum, in, NULL, NULL), ==, 4);
    g_free(other);

    /* A file that sorts before the others, then an edit of an old file:
     * the snapshot does not fit, the stored results are replayed. */
    put_feed(in, "2021-04-30.jsonl", 90, 95, 0);
    age();
    g_assert_cmpint(rebuild_same(state, out, full, sum, in, NULL, NULL), ==, 0);
    put_feed(in, "2021-05-02.jsonl", 30, 60, 3);
    age();
    g_assert_cmpint(rebuild_same(state, out, full, sum, in, NULL, NULL), ==, 0);

    /* A damaged snapshot is set aside (and replaced) with no harm done. */
    tl_put(state, "graph.snapshot", "negraph graph snapshot 1, or not", -1);
    put_feed(in, "2021-05-05.jsonl", 95, 100, 0);
    age();
    g_assert_cmpint(rebuild_same(state, out, full, sum, in, NULL, NULL), ==, 0);
    /* Little after the snapshot (5 documents on 100): it is kept as it
     * is, not written again; the next build starts from it again and
     * replays the file after it from the state. */
    gsize before_len, after_len;
    char *before = tl_read(snap, &before_len);
    put_feed(in, "2021-05-06.jsonl", 100, 105, 0);
    age();
    g_assert_cmpint(rebuild_same(state, out, full, sum, in, NULL, NULL), ==, 6);
    char *after = tl_read(snap, &after_len);
    g_assert_cmpmem(before, before_len, after, after_len);
    g_free(after);
    g_free(before);
    /* 12 more on 100: a new snapshot, for all nine files. */
    put_feed(in, "2021-05-06b.jsonl", 200, 212, 0);
    age();
    g_assert_cmpint(rebuild_same(state, out, full, sum, in, NULL, NULL), ==, 6);
    put_feed(in, "2021-05-06c.jsonl", 212, 213, 0);
    age();
    g_assert_cmpint(rebuild_same(state, out, full, sum, in, NULL, NULL), ==, 8);

    /* A date window is part of what the graph depends on; --min-weight
     * prunes after the snapshot is taken. */
    g_assert_cmpint(rebuild_same(state, out, full, sum, in, "--since",
                                 "1987-03"), ==, 0);
    put_feed(in, "2021-05-07.jsonl", 105, 110, 0);
    age();
    g_assert_cmpint(rebuild_same(state, out, full, sum, in, "--since",
                                 "1987-03"), ==, 9);
    put_feed(in, "2021-05-08.jsonl", 110, 115, 0);
    age();
    g_assert_cmpint(rebuild_same(state, out, full, sum, in, NULL, NULL), ==, 0);
    put_feed(in, "2021-05-09.jsonl", 115, 120, 0);
    age();
    g_assert_cmpint(rebuild_same(state, out, full, sum, in, "--min-weight",
                                 "2"), ==, 11);
    g_assert_true(file_has(out, "min-weight=2"));

    /* GEXF keeps a timeline the snapshot has not: it replays, and its
     * build leaves no snapshot behind. */
    char *gexf = g_build_filename(dir, "g.gexf", NULL);
    char *gexf_full = g_build_filename(dir, "full.gexf", NULL);
    put_feed(in, "2021-05-10.jsonl", 120, 125, 0);
    age();
    g_assert_cmpint(rebuild_same(state, gexf, gexf_full, sum, in, NULL, NULL),
                    ==, 0);
    g_assert_false(g_file_test(snap, G_FILE_TEST_EXISTS));
    g_free(gexf);
    g_free(gexf_full);

    g_free(snap);
    g_free(in);
    g_free(state);
    g_free(out);
    g_free(full);
    g_free(sum);
    g_free(dir);
}

/* The corpus of test_random_changes: files of JSON lines, by name. */
typedef struct {
    GHashTable *files;   /* name -> GPtrArray of lines (char *) */
    GHashTable *dirty;   /* names to write (or delete) */
    guint next_id;
} Feed;

static void feed_put(Feed *f, const char *name, GPtrArray *lines)
{
    g_hash_table_replace(f->files, g_strdup(name), lines);
    g_hash_table_add(f->dirty, g_strdup(name));
}

static GPtrArray *feed_lines(void)
{
    return g_ptr_array_new_with_free_func(g_free);
}

/* A record of article i in version v, under an id of its own. */
static char *feed_record(Feed *f, guint i, guint v)
{
    GString *j = g_string_new(NULL);
    char *id = g_strdup_printf("r-%u", f->next_id++);
    append_record_as(j, id, i, v);
    g_free(id);
    return g_string_free(j, FALSE);
}

/* Write the files changed since the last call; delete the ones gone. */
static void feed_write(Feed *f, const char *in)
{
    GHashTableIter it;
    gpointer name;
    g_hash_table_iter_init(&it, f->dirty);
    while (g_hash_table_iter_next(&it, &name, NULL)) {
        GPtrArray *lines = g_hash_table_lookup(f->files, name);
        char *path = g_build_filename(in, name, NULL);
        if (!lines) {
            g_unlink(path);
        } else {
            GString *text = g_string_new(NULL);
            for (guint k = 0; k < lines->len; k++)
                g_string_append(text, lines->pdata[k]);
            tl_put(in, name, text->str, (gssize)text->len);
            g_string_free(text, TRUE);
        }
        g_free(path);
    }
    g_hash_table_remove_all(f->dirty);
}

/* A file of the feed picked at random (sorted names, so that the seed
 * decides). */
static char *feed_pick(Feed *f, GRand *rnd)
{
    GList *names = g_list_sort(g_hash_table_get_keys(f->files),
                               (GCompareFunc)strcmp);
    char *name = g_strdup(g_list_nth_data(
        names, (guint)g_rand_int_range(rnd, 0, (gint32)g_list_length(names))));
    g_list_free(names);
    return name;
}

/* One random change, as tools/corpus-change-check makes them. */
static void feed_change(Feed *f, GRand *rnd)
{
    char *name = feed_pick(f, rnd);
    GPtrArray *lines = g_hash_table_lookup(f->files, name);
    guint n = lines->len, i = n ? (guint)g_rand_int_range(rnd, 0, (gint32)n) : 0;
    switch (g_rand_int_range(rnd, 0, n ? 9 : 2)) {
    case 0: {  /* a new file of one article: first, between or last */
        static const char *const at[] = { "a-00.jsonl", "m-new.jsonl",
                                          "z-99.jsonl" };
        const char *to = at[g_rand_int_range(rnd, 0, 3)];
        if (!g_hash_table_contains(f->files, to)) {
            GPtrArray *one = feed_lines();
            g_ptr_array_add(one, feed_record(f, (guint)g_rand_int_range(rnd, 0, 40), 0));
            feed_put(f, to, one);
        }
        break;
    }
    case 1:   /* an article inserted */
        g_ptr_array_insert(lines, (gint)i,
                           feed_record(f, (guint)g_rand_int_range(rnd, 0, 40),
                                       0));
        g_hash_table_add(f->dirty, g_strdup(name));
        break;
    case 2:   /* an article edited: another version of its story */
        g_free(lines->pdata[i]);
        lines->pdata[i] = feed_record(f, (guint)g_rand_int_range(rnd, 0, 40),
                                      (guint)g_rand_int_range(rnd, 1, 4));
        g_hash_table_add(f->dirty, g_strdup(name));
        break;
    case 3:   /* an article deleted */
        g_ptr_array_remove_index(lines, i);
        g_hash_table_add(f->dirty, g_strdup(name));
        break;
    case 4: {  /* two articles swapped */
        guint j = (guint)g_rand_int_range(rnd, 0, (gint32)n);
        gpointer t = lines->pdata[i];
        lines->pdata[i] = lines->pdata[j];
        lines->pdata[j] = t;
        g_hash_table_add(f->dirty, g_strdup(name));
        break;
    }
    case 5: {  /* a file renamed */
        char *to = g_strdup_printf("r-%u.jsonl", f->next_id++);
        gpointer key;
        g_hash_table_steal_extended(f->files, name, &key, NULL);
        g_free(key);
        feed_put(f, to, lines);
        g_hash_table_add(f->dirty, g_strdup(name));
        g_free(to);
        break;
    }
    case 6:   /* a file deleted (one stays) */
        if (g_hash_table_size(f->files) > 1) {
            g_hash_table_remove(f->files, name);
            g_hash_table_add(f->dirty, g_strdup(name));
        }
        break;
    default:  /* touched: the same bytes written again */
        g_hash_table_add(f->dirty, g_strdup(name));
        break;
    }
    g_free(name);
}

/* Random changes to a feed (articles edited, inserted, deleted, swapped;
 * files new, renamed, deleted or touched), a rebuild after each round -
 * with other --jobs or a date window at times, some files too fresh to
 * be trusted by their looks - always the graph of a build from scratch.
 * tools/corpus-change-check does the same at length on real articles. */
static void test_random_changes(void)
{
    char *dir = tl_tmpdir();
    char *in = g_build_filename(dir, "in", NULL);
    char *state = g_build_filename(dir, "state", NULL);
    char *out = g_build_filename(dir, "inc.graphml", NULL);
    char *full = g_build_filename(dir, "full.graphml", NULL);
    char *sum = g_build_filename(dir, "summary.json", NULL);
    Feed f = { g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify)g_ptr_array_unref),
               g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
               0 };
    for (guint k = 0; k < 4; k++) {
        GPtrArray *lines = feed_lines();
        for (guint i = 0; i < 12; i++)
            g_ptr_array_add(lines, feed_record(&f, k * 12 + i, 0));
        char *name = g_strdup_printf("f-%u.jsonl", k);
        feed_put(&f, name, lines);
        g_free(name);
    }
    feed_write(&f, in);
    age();
    rebuild_same(state, out, full, sum, in, NULL, NULL);
    GRand *rnd = g_rand_new_with_seed(8);
    static const char *opts[][2] = {
        { NULL, NULL }, { NULL, NULL }, { "--jobs", "1" },
        { "--since", "1987-03-01" }, { "--until", "1987-04-15" },
    };
    for (guint round = 0; round < 16; round++) {
        for (gint c = g_rand_int_range(rnd, 1, 4); c > 0; c--)
            feed_change(&f, rnd);
        feed_write(&f, in);
        if (g_rand_int_range(rnd, 0, 3))
            age();
        guint o = (guint)g_rand_int_range(rnd, 0, G_N_ELEMENTS(opts));
        rebuild_same(state, out, full, sum, in, opts[o][0], opts[o][1]);
    }
    g_rand_free(rnd);
    g_hash_table_destroy(f.files);
    g_hash_table_destroy(f.dirty);
    g_free(in);
    g_free(state);
    g_free(out);
    g_free(full);
    g_free(sum);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    gazdir = tl_src_path("tests/fixtures/e2e/gazetteers");
    g_test_add_func("/incremental/same-as-scratch", test_same_as_scratch);
    g_test_add_func("/incremental/deleted-edges-disappear",
                    test_deleted_edges_disappear);
    g_test_add_func("/incremental/gazetteer-change", test_gazetteer_change);
    g_test_add_func("/incremental/rules-change", test_rules_change);
    g_test_add_func("/incremental/jobs-same-output", test_jobs_same_output);
    g_test_add_func("/incremental/extract-merge-parallel",
                    test_extract_merge_parallel);
    g_test_add_func("/incremental/kill-9", test_kill_9);
    g_test_add_func("/incremental/kill-9-gazetteer-change",
                    test_kill_9_gazetteer_change);
    g_test_add_func("/incremental/concurrent-builds", test_concurrent_builds);
    g_test_add_func("/incremental/dates-and-window", test_dates_and_window);
    g_test_add_func("/incremental/summary-and-quiet", test_summary_and_quiet);
    g_test_add_func("/incremental/snapshot-append", test_snapshot_append);
    g_test_add_func("/incremental/random-changes", test_random_changes);
    int rc = g_test_run();
    g_free(gazdir);
    return rc;
}
