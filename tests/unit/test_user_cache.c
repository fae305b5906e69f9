/*
 * test_user_cache.c - where runs without --state keep their
 * configuration cache (user_cache.h): one folder per gazetteer folder
 * (and binary), made on demand; a key that follows the gazetteer files;
 * a lock that one holder has at a time.
 *
 * $XDG_CACHE_HOME is a temporary folder, set before GLib first reads it.
 */
#include <string.h>
#include <unistd.h>
#include <utime.h>

#include <glib/gstdio.h>

#include "testlib.h"
#include "user_cache.h"

static char *xdg;

static void test_folder_per_gazetteer_folder(void)
{
    char *tmp = tl_tmpdir();
    tl_put(tmp, "a/x.yaml", "entities: []\n", -1);
    tl_put(tmp, "b/x.yaml", "entities: []\n", -1);
    char *a = g_build_filename(tmp, "a", NULL);
    char *b = g_build_filename(tmp, "b", NULL);
    GError *error = NULL;
    NgUserCache *ca = ng_user_cache_open(a, &error);
    g_assert_no_error(error);
    NgUserCache *ca2 = ng_user_cache_open(a, &error);
    NgUserCache *cb = ng_user_cache_open(b, &error);
    g_assert_no_error(error);
    g_assert_true(g_str_has_prefix(ca->dir, xdg));
    g_assert_true(g_file_test(ca->dir, G_FILE_TEST_IS_DIR));
    g_assert_cmpstr(ca->dir, ==, ca2->dir);
    g_assert_cmpstr(ca->fingerprint, ==, ca2->fingerprint);
    g_assert_cmpstr(ca->dir, !=, cb->dir);
    /* Same files, other folder: the same key, in another cache. */
    g_assert_cmpstr(ca->fingerprint, ==, cb->fingerprint);
    char *cache = g_build_filename(ca->dir, "config.cache", NULL);
    g_assert_cmpstr(ca->cache, ==, cache);

    /* The key follows the files. */
    tl_put(tmp, "a/x.yaml", "entities: [] \n", -1);
    NgUserCache *ca3 = ng_user_cache_open(a, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(ca3->dir, ==, ca->dir);
    g_assert_cmpstr(ca3->fingerprint, !=, ca->fingerprint);
    char *key = ng_config_cache_key(a, NULL, &error);
    g_assert_cmpstr(key, ==, ca3->fingerprint);

    /* A missing gazetteer folder is a missing path, not an error: the
     * YAML loader says what is wrong. */
    char *none = g_build_filename(tmp, "none", NULL);
    NgUserCache *cn = ng_user_cache_open(none, &error);
    g_assert_no_error(error);
    ng_user_cache_free(cn);
    g_free(none);
    g_free(key);
    g_free(cache);
    ng_user_cache_free(ca);
    ng_user_cache_free(ca2);
    ng_user_cache_free(ca3);
    ng_user_cache_free(cb);
    g_free(a);
    g_free(b);
    g_free(tmp);
}

static void test_lock_has_one_holder(void)
{
    char *tmp = tl_tmpdir();
    char *path = g_build_filename(tmp, "lock", NULL);
    int fd = ng_user_cache_try_lock(path);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(ng_user_cache_try_lock(path), ==, -1);
    close(fd);
    fd = ng_user_cache_try_lock(path);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    char *bad = g_build_filename(tmp, "no", "such", "lock", NULL);
    g_assert_cmpint(ng_user_cache_try_lock(bad), ==, -1);
    g_free(bad);
    g_free(path);
    g_free(tmp);
}

/* A cache folder that cannot be made: an error, no cache. */
static void test_folder_cannot_be_made(void)
{
    char *tmp = tl_tmpdir();
    char *top = g_build_filename(xdg, "negraph", NULL);
    g_assert_cmpint(g_mkdir_with_parents(top, 0700), ==, 0);
    /* A file where the folder would go (a read-only parent would not
     * do: root writes anyway). */
    tl_put(tmp, "g/x.yaml", "entities: []\n", -1);
    char *g = g_build_filename(tmp, "g", NULL);
    GError *error = NULL;
    NgUserCache *c = ng_user_cache_open(g, &error);
    g_assert_no_error(error);
    char *name = g_path_get_basename(c->dir);
    ng_user_cache_free(c);
    char *argv[] = { "rm", "-rf", top, NULL };
    g_assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL,
                               NULL, NULL, NULL, NULL, NULL));
    tl_put(top, name, "in the way", -1);
    c = ng_user_cache_open(g, &error);
    g_assert_null(c);
    g_assert_nonnull(error);
    g_error_free(error);
    char *stray = g_build_filename(top, name, NULL);
    g_unlink(stray);
    g_free(stray);
    g_free(name);
    g_free(g);
    g_free(top);
    g_free(tmp);
}

/* Folders beyond the most recently used go, but for the one in use and
 * one whose lock another holder has; what is not a cache folder stays. */
static void test_evict_least_recently_used(void)
{
    char *top = tl_tmpdir();
    enum { N = 10 };
    char *dirs[N];
    gint64 now = g_get_real_time() / G_USEC_PER_SEC;
    for (int i = 0; i < N; i++) {
        char *name = g_strdup_printf("config-%d", i);
        dirs[i] = g_build_filename(top, name, NULL);
        tl_put(dirs[i], "config.cache", "cache", -1);
        tl_put(dirs[i], "fingerprints", "memo", -1);
        tl_put(dirs[i], "lock", "", 0);
        char *lock = g_build_filename(dirs[i], "lock", NULL);
        struct utimbuf t = { now - 100 * i, now - 100 * i };   /* 0 newest */
        g_assert_cmpint(g_utime(lock, &t), ==, 0);
        g_free(lock);
        g_free(name);
    }
    tl_put(top, "other/file", "not a cache", -1);
    tl_put(dirs[5], "stranger", "someone else's", -1);
    char *held_lock = g_build_filename(dirs[9], "lock", NULL);
    int held = ng_user_cache_try_lock(held_lock);
    g_assert_cmpint(held, >=, 0);

    /* In use: 7; kept: 0, 1, 2 (with 7, four); 9 is held; 5 holds a file
     * of someone else's. */
    ng_user_cache_evict(dirs[7], 4);
    gboolean stays[N] = { TRUE, TRUE, TRUE, FALSE, FALSE, TRUE, FALSE, TRUE,
                          FALSE, TRUE };
    for (int i = 0; i < N; i++) {
        char *cache = g_build_filename(dirs[i], "config.cache", NULL);
        g_assert_cmpint(g_file_test(cache, G_FILE_TEST_EXISTS), ==,
                        stays[i] && i != 5);
        g_assert_cmpint(g_file_test(dirs[i], G_FILE_TEST_IS_DIR), ==, stays[i]);
        g_free(cache);
        g_free(dirs[i]);
    }
    char *other = g_build_filename(top, "other", "file", NULL);
    g_assert_true(g_file_test(other, G_FILE_TEST_EXISTS));
    close(held);
    g_free(other);
    g_free(held_lock);
    g_free(top);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    xdg = tl_tmpdir();
    g_setenv("XDG_CACHE_HOME", xdg, TRUE);
    g_test_add_func("/user_cache/folder_per_gazetteer_folder",
                    test_folder_per_gazetteer_folder);
    g_test_add_func("/user_cache/lock_has_one_holder", test_lock_has_one_holder);
    g_test_add_func("/user_cache/folder_cannot_be_made",
                    test_folder_cannot_be_made);
    g_test_add_func("/user_cache/evict_least_recently_used",
                    test_evict_least_recently_used);
    int rc = g_test_run();
    g_free(xdg);
    return rc;
}
