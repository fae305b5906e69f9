/*
 * test_user_cache.c - runs without --state keep the compiled gazetteers
 * in $XDG_CACHE_HOME/negraph/config-HASH/ (user_cache.h): `extract`,
 * `tag`, `explain` and `build` read it once it is made, and give what
 * they give from the YAML; an edited gazetteer, a damaged cache and
 * processes started together on a cold cache are all safe; --no-cache
 * and a cache folder that cannot be made leave it alone.
 *
 * Each test sets its own $XDG_CACHE_HOME, which the negraph processes it
 * starts inherit.
 */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

typedef struct {
    char *dir, *gaz, *input, *xdg;
} Fixture;

static const char *TEXT =
    "{\"id\":\"d1\",\"text\":\"Antony Blinken met Sergey Lavrov in Moscow on Monday.\"}\n"
    "{\"id\":\"d2\",\"text\":\"Japan and the U.S. signed a trade deal in Tokyo.\"}\n";

static void fixture_init(Fixture *f)
{
    f->dir = tl_tmpdir();
    f->gaz = g_build_filename(f->dir, "gaz", NULL);
    f->xdg = g_build_filename(f->dir, "xdg", NULL);
    char *src = tl_src_path("tests/fixtures/e2e/gazetteers/test.yaml");
    char *data = tl_read(src, NULL);
    tl_put(f->gaz, "a.yaml", data, -1);
    g_free(data);
    g_free(src);
    f->input = tl_write(f->dir, "in.jsonl", TEXT, -1);
    g_setenv("XDG_CACHE_HOME", f->xdg, TRUE);
}

static void fixture_clear(Fixture *f)
{
    g_unsetenv("XDG_CACHE_HOME");
    g_free(f->dir);
    g_free(f->gaz);
    g_free(f->input);
    g_free(f->xdg);
}

/* The cache folders under the fixture's $XDG_CACHE_HOME, and in *last
 * (may be NULL) the last one listed. */
static guint slots(const Fixture *f, char **last)
{
    char *top = g_build_filename(f->xdg, "negraph", NULL);
    GDir *d = g_dir_open(top, 0, NULL);
    guint n = 0;
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        g_assert_true(g_str_has_prefix(name, "config-"));
        if (last) {
            g_free(*last);
            *last = g_build_filename(top, name, NULL);
        }
        n++;
    }
    if (d)
        g_dir_close(d);
    g_free(top);
    return n;
}

/* The one cache folder (one gazetteer folder, one binary). */
static char *slot(const Fixture *f)
{
    char *dir = NULL;
    g_assert_cmpuint(slots(f, &dir), ==, 1);
    return dir;
}

/* Run `cmd` on the input with the fixture's gazetteers (and `extra`,
 * may be NULL); its stdout, and in *cached whether stderr says the
 * gazetteers came from a cache (explain, which has no -v, never says). */
static char *run(const Fixture *f, const char *cmd, const char *extra,
                 gboolean *cached)
{
    const char *v = strcmp(cmd, "explain") ? "-v" : "--json";
    TlRun r = extra ? tl_run_negraph(NULL, cmd, v, "--gazetteers", f->gaz,
                                     extra, f->input, NULL)
                    : tl_run_negraph(NULL, cmd, v, "--gazetteers", f->gaz,
                                     f->input, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    *cached = strstr(r.err, "(cached)") != NULL;
    char *out = g_steal_pointer(&r.out);
    tl_run_clear(&r);
    return out;
}

static void test_used_by_each_command(void)
{
    Fixture f;
    fixture_init(&f);
    g_usleep(1100 * 1000);   /* the memo keeps files older than a second */
    const char *cmds[] = { "extract", "tag", "explain" };
    gboolean cached;
    for (guint i = 0; i < G_N_ELEMENTS(cmds); i++) {
        char *plain = run(&f, cmds[i], "--no-cache", &cached);
        g_assert_false(cached);
        char *first = run(&f, cmds[i], NULL, &cached);
        g_assert_cmpstr(first, ==, plain);
        char *again = run(&f, cmds[i], NULL, &cached);
        /* made by the first run of any command */
        g_assert_true(cached || !strcmp(cmds[i], "explain"));
        g_assert_cmpstr(plain, !=, "");
        g_assert_cmpstr(again, ==, plain);
        g_free(plain);
        g_free(first);
        g_free(again);
    }
    char *dir = slot(&f);
    char *cache = g_build_filename(dir, "config.cache", NULL);
    char *memo = g_build_filename(dir, "fingerprints", NULL);
    g_assert_true(g_file_test(cache, G_FILE_TEST_IS_REGULAR));
    char *text = tl_read(memo, NULL);
    g_assert_nonnull(strstr(text, "a.yaml\n"));
    g_free(text);

    /* build: the same graph from the cache and from the YAML. */
    char *g1 = g_build_filename(f.dir, "cached.graphml", NULL);
    char *g2 = g_build_filename(f.dir, "plain.graphml", NULL);
    TlRun a = tl_run_negraph(NULL, "build", "-v", "--gazetteers", f.gaz, "-o",
                             g1, f.input, NULL);
    TlRun b = tl_run_negraph(NULL, "build", "--no-cache", "--gazetteers", f.gaz,
                             "-o", g2, f.input, NULL);
    g_assert_cmpint(a.exit_code, ==, 0);
    g_assert_cmpint(b.exit_code, ==, 0);
    g_assert_nonnull(strstr(a.err, "(cached)"));
    char *x = tl_read(g1, NULL), *y = tl_read(g2, NULL);
    g_assert_cmpstr(x, ==, y);
    g_free(x);
    g_free(y);
    tl_run_clear(&a);
    tl_run_clear(&b);

    /* Another binary (a copy elsewhere) has a folder of its own: the two
     * do not make the cache again over each other. */
    gsize len;
    char *bin = tl_read(tl_negraph(), &len);
    char *copy = tl_write(f.dir, "negraph-copy", bin, (gssize)len);
    g_assert_cmpint(g_chmod(copy, 0755), ==, 0);
    for (int i = 0; i < 2; i++) {
        TlRun c = tl_run_negraph(NULL, "tag", "-v", "--gazetteers", f.gaz,
                                 f.input, NULL);
        char *argv[] = { copy, "tag", "-v", "--gazetteers", f.gaz, f.input,
                         NULL };
        TlRun d = tl_run_argv(argv, NULL);
        g_assert_cmpint(c.exit_code, ==, 0);
        g_assert_cmpint(d.exit_code, ==, 0);
        g_assert_nonnull(strstr(c.err, "(cached)"));
        g_assert_true((strstr(d.err, "(cached)") != NULL) == (i == 1));
        g_assert_cmpstr(c.out, ==, d.out);
        tl_run_clear(&c);
        tl_run_clear(&d);
    }
    g_assert_cmpuint(slots(&f, NULL), ==, 2);
    g_free(bin);
    g_free(copy);
    g_free(g1);
    g_free(g2);
    g_free(cache);
    g_free(memo);
    g_free(dir);
    fixture_clear(&f);
}

/* An edited gazetteer (same size: only the memo's looks tell) is read
 * from its YAML, and the cache made again; a damaged cache likewise. */
static void test_changes_and_damage(void)
{
    Fixture f;
    fixture_init(&f);
    gboolean cached;
    char *out = run(&f, "tag", NULL, &cached);
    g_assert_false(cached);
    g_assert_nonnull(strstr(out, "\tSergey Lavrov\t"));
    g_free(out);
    g_usleep(1100 * 1000);   /* the memo keeps files older than a second */
    g_free(run(&f, "tag", NULL, &cached));
    g_assert_true(cached);

    tl_edit_same_size(f.gaz, "a.yaml", "Lavrov", "Lavrav");
    out = run(&f, "tag", NULL, &cached);
    g_assert_false(cached);
    g_assert_null(strstr(out, "\tSergey Lavrov\t"));
    g_free(out);
    out = run(&f, "tag", NULL, &cached);
    g_assert_true(cached);
    g_assert_null(strstr(out, "\tSergey Lavrov\t"));
    char *plain = run(&f, "tag", "--no-cache", &cached);
    g_assert_cmpstr(out, ==, plain);

    char *dir = slot(&f);
    tl_put(dir, "config.cache", "NGCACHE junk", -1);
    char *again = run(&f, "tag", NULL, &cached);
    g_assert_false(cached);
    g_assert_cmpstr(again, ==, plain);
    g_free(again);
    again = run(&f, "tag", NULL, &cached);
    g_assert_true(cached);
    g_free(again);

    /* A folder where the cache goes, and one where the lock goes: no
     * cache, the same output. */
    char *cache = g_build_filename(dir, "config.cache", NULL);
    char *lock = g_build_filename(dir, "lock", NULL);
    g_assert_cmpint(g_unlink(cache), ==, 0);
    g_assert_cmpint(g_unlink(lock), ==, 0);
    g_assert_cmpint(g_mkdir(cache, 0700), ==, 0);
    g_assert_cmpint(g_mkdir(lock, 0700), ==, 0);
    for (int i = 0; i < 2; i++) {
        again = run(&f, "tag", NULL, &cached);
        g_assert_false(cached);
        g_assert_cmpstr(again, ==, plain);
        g_free(again);
    }
    g_free(cache);
    g_free(lock);
    g_free(out);
    g_free(plain);
    g_free(dir);
    fixture_clear(&f);
}

/* Eight extracts started together on a cold cache: each gives the
 * output of one run alone, and the cache they leave is good. */
static void test_started_together(void)
{
    Fixture f;
    fixture_init(&f);
    gboolean cached;
    char *plain = run(&f, "extract", "--no-cache", &cached);
    enum { N = 8 };
    GPid pids[N];
    int outs[N];
    char *argv[] = { (char *)tl_negraph(), "extract", "-q", "--gazetteers",
                     f.gaz, f.input, NULL };
    for (int i = 0; i < N; i++)
        g_assert_true(g_spawn_async_with_pipes(NULL, argv, NULL,
                                               G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                               NULL, &pids[i], NULL, &outs[i],
                                               NULL, NULL));
    for (int i = 0; i < N; i++) {
        GString *s = g_string_new(NULL);
        char buf[4096];
        gssize n;
        while ((n = read(outs[i], buf, sizeof buf)) > 0)
            g_string_append_len(s, buf, n);
        close(outs[i]);
        int status;
        g_assert_cmpint(waitpid(pids[i], &status, 0), ==, pids[i]);
        g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        g_spawn_close_pid(pids[i]);
        g_assert_cmpstr(s->str, ==, plain);
        g_string_free(s, TRUE);
    }
    char *out = run(&f, "extract", NULL, &cached);
    g_assert_true(cached);
    g_assert_cmpstr(out, ==, plain);
    g_free(out);
    g_free(plain);
    fixture_clear(&f);
}

/* --no-cache writes nothing; a cache folder that cannot be made (its
 * parent is a file) costs time, not the run. */
static void test_no_cache_and_no_folder(void)
{
    Fixture f;
    fixture_init(&f);
    gboolean cached;
    g_free(run(&f, "extract", "--no-cache", &cached));
    g_assert_false(g_file_test(f.xdg, G_FILE_TEST_EXISTS));

    tl_put(f.dir, "xdg", "a file, not a folder", -1);
    TlRun r = tl_run_negraph(NULL, "tag", "-v", "--gazetteers", f.gaz, f.input,
                             NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.err, "no configuration cache:"));
    g_assert_nonnull(strstr(r.out, "Sergey Lavrov"));
    tl_run_clear(&r);
    fixture_clear(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/user_cache/used_by_each_command", test_used_by_each_command);
    g_test_add_func("/user_cache/changes_and_damage", test_changes_and_damage);
    g_test_add_func("/user_cache/started_together", test_started_together);
    g_test_add_func("/user_cache/no_cache_and_no_folder", test_no_cache_and_no_folder);
    return g_test_run();
}
