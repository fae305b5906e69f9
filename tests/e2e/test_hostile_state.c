/*
 * test_hostile_state.c - the incremental state (`build --state DIR`) after
 * failures (issue 8): a failed build leaves the previous graph and a state
 * the next build uses, whose graph is then the graph a build without state
 * gives, byte for byte.
 */
#include <signal.h>

#include "hostile.h"

static char *gz;   /* tests/fixtures/e2e/gazetteers */

/* negraph build --state STATE -o OUT with the fixture gazetteer and no
 * rules, over `in` (the prefix runs it without root's powers, or NULL). */
static TlRun build_state(GPtrArray *prefix, const char *gzdir,
                         const char *state, const char *out, const char *in)
{
    GPtrArray *a = prefix ? prefix : args_new(NULL);
    const char *rest[] = { "build", "--gazetteers", gzdir, "--rules",
                           no_rules(), "--state", state, "-o", out, in };
    for (guint i = 0; i < G_N_ELEMENTS(rest); i++)
        g_ptr_array_add(a, (char *)rest[i]);
    return run_args(a);
}

/* The graph a build without state makes of `in`. */
static char *fresh_graph(const char *dir, const char *in)
{
    char *out = g_build_filename(dir, "fresh.graphml", NULL);
    TlRun r = build_with(gz, out, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    tl_run_clear(&r);
    char *xml = tl_read(out, NULL);
    g_free(out);
    return xml;
}

static void test_intact_after_failures(void)
{
    char *dir = tl_tmpdir();
    char *sample = tl_src_path("sample");
    char *in = g_build_filename(dir, "in", NULL);
    tl_copy_files(sample, in);
    char *state = g_build_filename(dir, "state", NULL);
    char *out = g_build_filename(dir, "out", "g.graphml", NULL);
    char *outdir = g_path_get_dirname(out);
    g_mkdir(outdir, 0755);

    TlRun r = build_state(NULL, gz, state, out, in);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.err, "7 new, 0 changed, 0 unchanged"));
    tl_run_clear(&r);
    char *first = tl_read(out, NULL);
    /* New input arrives; every build of it below fails. */
    tl_put(in, "new.txt", "Russia and the U.S. met in Reykjavik.\n", -1);

    /* A configuration error. */
    tl_put(dir, "badgz/g.yaml", "entities:\n  - name: X\n    type: planet\n", -1);
    char *badgz = g_build_filename(dir, "badgz", NULL);
    r = build_state(NULL, badgz, state, out, in);
    g_assert_cmpint(r.exit_code, ==, 3);
    tl_run_clear(&r);
    char *now = tl_read(out, NULL);
    g_assert_cmpstr(now, ==, first);
    g_free(now);

    /* An output folder that cannot be written. */
    char *probe = tl_write(dir, "probe.txt", "", 0);
    g_chmod(probe, 0);
    g_chmod(outdir, 0555);
    GPtrArray *prefix = unprivileged_args(probe);
    if (prefix) {
        r = build_state(prefix, gz, state, out, in);
        g_assert_cmpint(r.exit_code, ==, 4);
        assert_line(r.err, "negraph: build: %s: cannot create a temporary "
                    "file beside it: Permission denied", out);
        tl_run_clear(&r);
        now = tl_read(out, NULL);
        g_assert_cmpstr(now, ==, first);
        g_free(now);
    }
    g_chmod(outdir, 0755);

    /* A full device for the graph. */
    char *full = g_strdup_printf("exec '%s' build -q --gazetteers '%s' --rules "
                                 "'%s' --state '%s' -o - '%s' >/dev/full",
                                 tl_negraph(), gz, no_rules(), state, in);
    char *argv[] = { "/bin/sh", "-c", full, NULL };
    r = tl_run_argv(argv, NULL);
    g_assert_cmpint(r.exit_code, ==, 4);
    tl_run_clear(&r);
    g_free(full);

    /* The state is still good: the next build uses it and gives the graph
     * a build without state gives. */
    r = build_state(NULL, gz, state, out, in);
    g_assert_cmpint(r.exit_code, ==, 0);
    /* The new article was stored by a build that then failed to write
     * its graph: it is not processed again. */
    g_assert_nonnull(strstr(r.err, "0 new, 0 changed, 8 unchanged, 0 deleted"));
    tl_run_clear(&r);
    char *fresh = fresh_graph(dir, in);
    now = tl_read(out, NULL);
    g_assert_cmpstr(now, ==, fresh);
    g_free(now);
    g_free(fresh);

    g_free(probe);
    g_free(badgz);
    g_free(first);
    g_free(outdir);
    g_free(out);
    g_free(state);
    g_free(in);
    g_free(sample);
    g_free(dir);
}

static void test_killed_build(void)
{
    char *dir = tl_tmpdir();
    GString *text = g_string_new(NULL);
    for (int i = 0; i < 300; i++) {
        g_string_printf(text, "Article %d\n\nRussia, Japan and the U.S. met; "
                        "Antony Blinken and Sergey Lavrov talked (%d).\n", i, i);
        char *name = g_strdup_printf("in/a%03d.txt", i);
        tl_put(dir, name, text->str, -1);
        g_free(name);
    }
    g_string_free(text, TRUE);
    char *in = g_build_filename(dir, "in", NULL);
    char *state = g_build_filename(dir, "state", NULL);
    char *out = previous_graph(dir, "g.graphml");
    /* Killed at once, then later: wherever it stopped, the state is one
     * the next build can use. */
    for (int delay_ms = 0; delay_ms <= 60; delay_ms += 30) {
        char *script = g_strdup_printf(
            "'%s' build -q -j 1 --gazetteers '%s' --rules '%s' --state '%s' "
            "-o '%s' '%s' & pid=$!; sleep %d.%03d; kill -9 $pid; wait $pid",
            tl_negraph(), gz, no_rules(), state, out, in, delay_ms / 1000,
            delay_ms % 1000);
        char *argv[] = { "/bin/sh", "-c", script, NULL };
        TlRun r = tl_run_argv(argv, NULL);
        tl_run_clear(&r);
        g_free(script);
        char *now = tl_read(out, NULL);
        g_assert_true(!strcmp(now, PREVIOUS) ||
                      g_str_has_prefix(now, "<?xml"));   /* never torn */
        g_free(now);
    }
    TlRun r = build_state(NULL, gz, state, out, in);
    g_assert_cmpint(r.exit_code, ==, 0);
    tl_run_clear(&r);
    char *fresh = fresh_graph(dir, in);
    char *now = tl_read(out, NULL);
    g_assert_cmpstr(now, ==, fresh);
    g_free(now);
    g_free(fresh);
    g_free(out);
    g_free(state);
    g_free(in);
    g_free(dir);
}

static void test_damaged_state(void)
{
    char *dir = tl_tmpdir();
    char *in = tl_write(dir, "a.txt", "Russia and Japan met.\n", -1);
    char *state = g_build_filename(dir, "state", NULL);
    char *db = tl_write(dir, "state/state.sqlite", "not a database, a note\n", -1);
    char *out = previous_graph(dir, "g.graphml");
    TlRun r = build_state(NULL, gz, state, out, in);
    g_assert_cmpint(r.exit_code, ==, 4);
    assert_line(r.err, "negraph: build: %s: file is not a database", db);
    assert_previous_intact(out);
    tl_run_clear(&r);
    g_free(out);
    g_free(db);
    g_free(state);
    g_free(in);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    gz = gazetteers();
    g_test_add_func("/hostile/state/intact-after-failures",
                    test_intact_after_failures);
    g_test_add_func("/hostile/state/killed-build", test_killed_build);
    g_test_add_func("/hostile/state/damaged-state", test_damaged_state);
    int rc = g_test_run();
    g_free(gz);
    return rc;
}
