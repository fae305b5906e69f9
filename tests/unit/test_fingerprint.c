/*
 * test_fingerprint.c - the configuration fingerprint and its memo of file
 * hashes (src/fingerprint.c).
 */
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "fingerprint.h"
#include "ng.h"
#include "testlib.h"

static void test_fingerprint(void)
{
    char *dir = tl_tmpdir();
    char *gaz = g_build_filename(dir, "gaz", NULL);
    char *missing = g_build_filename(dir, "rules", NULL);
    tl_put(gaz, "b.yaml", "b", -1);
    tl_put(gaz, "a.yaml", "a", -1);
    tl_put(gaz, "sub/c.yaml", "c", -1);
    char *paths[] = { gaz, missing, NULL };
    GError *error = NULL;
    char *f1 = ng_fingerprint(paths, "--window sentence", NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(strlen(f1), ==, 64);

    /* Hidden files (editor droppings) do not count; options do. */
    tl_put(gaz, ".a.yaml.swp", "junk", -1);
    char *f2 = ng_fingerprint(paths, "--window sentence", NULL, NULL);
    g_assert_cmpstr(f1, ==, f2);
    char *f3 = ng_fingerprint(paths, "--window document", NULL, NULL);
    g_assert_cmpstr(f1, !=, f3);

    /* Any byte, any name, a new file: another fingerprint. */
    tl_put(gaz, "sub/c.yaml", "C", -1);
    char *f4 = ng_fingerprint(paths, "--window sentence", NULL, NULL);
    g_assert_cmpstr(f1, !=, f4);
    tl_put(gaz, "sub/c.yaml", "c", -1);
    char *f5 = ng_fingerprint(paths, "--window sentence", NULL, NULL);
    g_assert_cmpstr(f1, ==, f5);
    tl_put(missing, "r.yaml", "r", -1);
    char *f6 = ng_fingerprint(paths, "--window sentence", NULL, NULL);
    g_assert_cmpstr(f1, !=, f6);

    /* An unreadable file is an error. */
    char *locked = g_build_filename(gaz, "z.yaml", NULL);
    tl_put(gaz, "z.yaml", "z", -1);
    g_chmod(locked, 0);
    if (access(locked, R_OK) != 0) {   /* not when running as root */
        char *f7 = ng_fingerprint(paths, "x", NULL, &error);
        g_assert_null(f7);
        g_assert_error(error, NG_ERROR, NG_ERROR_IO);
        g_clear_error(&error);
    }
    g_chmod(locked, 0644);

    g_free(locked);
    g_free(f1);
    g_free(f2);
    g_free(f3);
    g_free(f4);
    g_free(f5);
    g_free(f6);
    g_free(gaz);
    g_free(missing);
    g_free(dir);
}

static char *looks_of(const char *path)
{
    GStatBuf st;
    g_assert_cmpint(g_stat(path, &st), ==, 0);
    return ng_file_looks(&st);
}

/* The fingerprint of `paths` with the memo kept in `memo_path`, which is
 * saved afterwards when `save`. */
static char *with_memo(char **paths, const char *memo_path, gboolean save)
{
    NgFingerprintMemo *m = ng_fingerprint_memo_load(memo_path);
    char *f = ng_fingerprint(paths, "x", m, NULL);
    if (save)
        g_assert_true(ng_fingerprint_memo_save(m, NULL));
    ng_fingerprint_memo_free(m);
    return f;
}

/* The memo: remembered files are not read again, and the fingerprint is
 * the same with or without it. */
static void test_memo(void)
{
    char *dir = tl_tmpdir();
    char *gaz = g_build_filename(dir, "gaz", NULL);
    char *memo_path = g_build_filename(dir, "memo", NULL);
    char *a = g_build_filename(gaz, "a.yaml", NULL);
    tl_put(gaz, "a.yaml", "a", -1);
    tl_put(gaz, "b.yaml", "b", -1);
    char *paths[] = { gaz, NULL };
    char *plain = ng_fingerprint(paths, "x", NULL, NULL);

    /* Files changed within the last second are not remembered: nothing
     * to save yet. */
    char *f = with_memo(paths, memo_path, TRUE);
    g_assert_cmpstr(f, ==, plain);
    g_free(f);
    g_assert_false(g_file_test(memo_path, G_FILE_TEST_EXISTS));

    /* Older files are; the memo lists them by path, in order. */
    g_usleep(1100 * 1000);
    f = with_memo(paths, memo_path, TRUE);
    g_assert_cmpstr(f, ==, plain);
    g_free(f);
    char *text = NULL;
    g_assert_true(g_file_get_contents(memo_path, &text, NULL, NULL));
    char **lines = g_strsplit(text, "\n", -1);
    g_assert_cmpuint(g_strv_length(lines), ==, 3);   /* two and "" */
    char *looks = looks_of(a);
    char *want = g_strdup_printf("\t%s\t%s", looks, a);
    g_assert_true(g_str_has_suffix(lines[0], want));
    g_assert_cmpuint(strlen(lines[0]), ==, 64 + strlen(want));
    g_assert_true(g_str_has_suffix(lines[1], "b.yaml"));
    g_free(want);
    g_strfreev(lines);

    /* Used: a hash put under a's true looks is taken as a's. */
    char *fake = g_strdup_printf("%064d\t%s\t%s\n", 0, looks, a);
    g_assert_true(g_file_set_contents(memo_path, fake, -1, NULL));
    f = with_memo(paths, memo_path, FALSE);
    g_assert_cmpstr(f, !=, plain);
    g_free(f);

    /* Under other looks (the file was rewritten) it is not; nor are
     * lines that do not parse. */
    char *stale = g_strdup_printf("%064d\t1 2.3 4.5 6 7\t%s\n"
                                  "zz\t%s\t%s\n\n%064d\n", 0, a, looks, a, 0);
    g_assert_true(g_file_set_contents(memo_path, stale, -1, NULL));
    /* ... and saving puts the true hashes back. */
    f = with_memo(paths, memo_path, TRUE);
    g_assert_cmpstr(f, ==, plain);
    g_free(f);
    g_free(text);
    g_assert_true(g_file_get_contents(memo_path, &text, NULL, NULL));
    g_assert_null(strstr(text, "zz"));
    g_assert_null(strstr(text, "1 2.3 4.5 6 7"));
    f = with_memo(paths, memo_path, FALSE);
    g_assert_cmpstr(f, ==, plain);
    g_free(f);

    g_free(stale);
    g_free(fake);
    g_free(text);
    g_free(looks);
    g_free(plain);
    g_free(a);
    g_free(memo_path);
    g_free(gaz);
    g_free(dir);
}

/* The checksum of the state's shortcut files (configuration cache, graph
 * snapshot) is part of their format: pinned values, so that a rewrite of
 * ng_checksum64 for speed cannot change it unnoticed (the values are
 * those of the first version, session 3). Whole lanes, a tail, an odd
 * start. */
static void test_checksum64(void)
{
    guint8 b[1000];
    for (int i = 0; i < 1000; i++)
        b[i] = (guint8)(i * 7 + (i >> 9));
    g_assert_cmphex(ng_checksum64("", 0), ==,
                    G_GUINT64_CONSTANT(0x0e0050258429007b));
    g_assert_cmphex(ng_checksum64("negraph", 7), ==,
                    G_GUINT64_CONSTANT(0x9334c88d7ea4f481));
    g_assert_cmphex(ng_checksum64(b, 1000), ==,
                    G_GUINT64_CONSTANT(0xfd06ba8c4da9dba6));
    g_assert_cmphex(ng_checksum64(b + 1, 999), ==,
                    G_GUINT64_CONSTANT(0x6d50a2a115b6e312));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/fingerprint/checksum64", test_checksum64);
    g_test_add_func("/fingerprint/files-and-options", test_fingerprint);
    g_test_add_func("/fingerprint/memo", test_memo);
    return g_test_run();
}
