/*
 * test_state_cache.c - `build --state DIR` keeps the loaded gazetteers in
 * DIR/config.cache: a rebuild that reads it gives the graph and the
 * loading warnings a build from the YAML gives, and a cache that is
 * truncated, overwritten or left by another configuration is ignored and
 * made again. DIR/fingerprints, the memo of the configuration files'
 * hashes, is used and never hides a change.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "testlib.h"

typedef struct {
    char *dir, *gaz, *in, *state, *cache;
    guint docs;
} Fixture;

static const char *TEXTS[] = {
    "Antony Blinken met Sergey Lavrov in Moscow on Monday.",
    "Georgia Smith and the Republic of Georgia; Sakartvelo and Chad.",
    "Japan and the U.S. signed a trade deal in Tokyo.",
};

/* A new input file of two documents. */
static void add_docs(Fixture *f)
{
    GString *s = g_string_new(NULL);
    for (guint k = 0; k < 2; k++, f->docs++)
        g_string_append_printf(s, "{\"id\":\"d%u\",\"text\":\"%s\"}\n", f->docs,
                               TEXTS[f->docs % G_N_ELEMENTS(TEXTS)]);
    char *name = g_strdup_printf("part-%03u.jsonl", f->docs);
    tl_put(f->in, name, s->str, -1);
    g_free(name);
    g_string_free(s, TRUE);
    g_usleep(1100 * 1000); /* files are trusted by their looks after 1 s */
}

static void fixture_init(Fixture *f)
{
    f->dir = tl_tmpdir();
    f->gaz = g_build_filename(f->dir, "gaz", NULL);
    f->in = g_build_filename(f->dir, "in", NULL);
    f->state = g_build_filename(f->dir, "state", NULL);
    f->cache = g_build_filename(f->state, "config.cache", NULL);
    f->docs = 0;
    const char *files[] = { "tests/fixtures/e2e/gazetteers/test.yaml",
                            "tests/fixtures/gazetteers/warnings.yaml" };
    for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
        char *src = tl_src_path(files[i]);
        char *data = tl_read(src, NULL);
        tl_put(f->gaz, i ? "b.yaml" : "a.yaml", data, -1);
        g_free(data);
        g_free(src);
    }
    add_docs(f);
}

static void fixture_clear(Fixture *f)
{
    char *argv[] = { "rm", "-rf", f->dir, NULL };
    g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                 NULL, NULL);
    g_free(f->dir);
    g_free(f->gaz);
    g_free(f->in);
    g_free(f->state);
    g_free(f->cache);
}

/* The warnings lines of stderr. */
static char *warnings_of(const char *err)
{
    GString *s = g_string_new(NULL);
    char **lines = g_strsplit(err, "\n", -1);
    for (char **l = lines; *l; l++)
        if (strstr(*l, "warning:"))
            g_string_append_printf(s, "%s\n", *l);
    g_strfreev(lines);
    return g_string_free(s, FALSE);
}

/* Build the input with the state, -v; check the graph against a build
 * without state and the warnings against `warnings` (set on first use).
 * Returns whether the configuration came from the cache. */
static gboolean rebuild(Fixture *f, char **warnings)
{
    char *out = g_build_filename(f->dir, "state.graphml", NULL);
    char *ref = g_build_filename(f->dir, "ref.graphml", NULL);
    TlRun r = tl_run_negraph(NULL, "build", "-v", "--gazetteers", f->gaz,
                             "--state", f->state, "-o", out, f->in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    TlRun full = tl_run_negraph(NULL, "build", "--gazetteers", f->gaz, "-o", ref,
                                f->in, NULL);
    g_assert_cmpint(full.exit_code, ==, 0);
    gsize n1, n2;
    char *a = tl_read(out, &n1), *b = tl_read(ref, &n2);
    g_assert_cmpuint(n1, ==, n2);
    g_assert_true(memcmp(a, b, n1) == 0);
    char *w = warnings_of(r.err);
    g_assert_cmpstr(w, !=, "");
    if (!*warnings)
        *warnings = g_strdup(w);
    g_assert_cmpstr(w, ==, *warnings);
    gboolean cached = strstr(r.err, "(cached)") != NULL;
    g_free(w);
    g_free(a);
    g_free(b);
    tl_run_clear(&r);
    tl_run_clear(&full);
    g_free(out);
    g_free(ref);
    return cached;
}

static void test_cache_used_and_remade(void)
{
    Fixture f;
    fixture_init(&f);
    char *warnings = NULL;
    g_assert_false(rebuild(&f, &warnings));   /* no cache yet: made */
    gsize len;
    char *good = tl_read(f.cache, &len);
    g_assert_cmpuint(len, >, 96);
    add_docs(&f);
    g_assert_true(rebuild(&f, &warnings));    /* read */

    /* Truncated, then overwritten with other bytes: ignored, made again. */
    tl_put(f.state, "config.cache", good, (gssize)len / 2);
    add_docs(&f);
    g_assert_false(rebuild(&f, &warnings));
    gsize len2;
    char *again = tl_read(f.cache, &len2);
    g_assert_cmpuint(len2, ==, len);
    g_assert_true(memcmp(again, good, len) == 0);
    g_free(again);
    char *junk = g_strnfill(len, 'x');
    tl_put(f.state, "config.cache", junk, (gssize)len);
    g_free(junk);
    add_docs(&f);
    g_assert_false(rebuild(&f, &warnings));
    add_docs(&f);
    g_assert_true(rebuild(&f, &warnings));

    /* Another configuration: the cache of the old one is not used. */
    char *extra = g_strdup("entities:\n  - name: Chad Smith\n    type: person\n");
    tl_put(f.gaz, "c.yaml", extra, -1);
    g_free(extra);
    add_docs(&f);
    g_free(warnings);
    warnings = NULL;
    g_assert_false(rebuild(&f, &warnings));
    add_docs(&f);
    g_assert_true(rebuild(&f, &warnings));
    g_free(warnings);
    g_free(good);
    fixture_clear(&f);
}

/* The memo of file hashes: written once the gazetteers are older than a
 * second, and an edit that keeps a file's size still counts (the looks
 * differ); a damaged memo is rewritten. */
static void test_fingerprint_memo(void)
{
    Fixture f;
    fixture_init(&f);
    char *warnings = NULL;
    char *memo = g_build_filename(f.state, "fingerprints", NULL);
    rebuild(&f, &warnings);
    add_docs(&f);
    g_assert_true(rebuild(&f, &warnings));
    char *text = tl_read(memo, NULL);
    g_assert_nonnull(strstr(text, "a.yaml\n"));
    g_assert_nonnull(strstr(text, "b.yaml\n"));
    g_free(text);

    /* Same size, other bytes: processed again, the graph a fresh build
     * gives (rebuild checks), the configuration cache not used. */
    tl_edit_same_size(f.gaz, "a.yaml", "Lavrov", "Lavrav");
    g_free(warnings);
    warnings = NULL;
    add_docs(&f);
    g_assert_false(rebuild(&f, &warnings));

    /* A damaged memo: hashed again and rewritten whole. */
    tl_put(f.state, "fingerprints", "junk\tjunk\tjunk\n", -1);
    add_docs(&f);
    g_assert_true(rebuild(&f, &warnings));
    text = tl_read(memo, NULL);
    g_assert_null(strstr(text, "junk"));
    g_assert_nonnull(strstr(text, "a.yaml\n"));
    g_free(text);
    g_free(memo);
    g_free(warnings);
    fixture_clear(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/state_cache/used_and_remade", test_cache_used_and_remade);
    g_test_add_func("/state_cache/fingerprint_memo", test_fingerprint_memo);
    return g_test_run();
}
