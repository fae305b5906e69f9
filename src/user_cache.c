/*
 * user_cache.c - the configuration cache of runs without --state
 * (user_cache.h).
 */
#include "user_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ng.h"

char *ng_config_cache_key(const char *gazetteer_dir, NgFingerprintMemo *memo,
                          GError **error)
{
    /* The binary too: a rebuilt negraph may compile the same YAML into
     * other tables. */
    char *paths[] = { (char *)gazetteer_dir, "/proc/self/exe", NULL };
    return ng_fingerprint(paths, "negraph " NG_VERSION " config.cache", memo,
                          error);
}

int ng_user_cache_try_lock(const char *path)
{
    int fd = g_open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

NgUserCache *ng_user_cache_open(const char *gazetteer_dir, GError **error)
{
    /* Two folders of the same name elsewhere are two caches, and so are
     * two negraph binaries (an installed one and a build tree's, say)
     * reading one folder: otherwise each would make the cache again over
     * the other's, every time. */
    char *abs = g_canonicalize_filename(gazetteer_dir, NULL);
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    char *both = g_strconcat(abs, "\n", exe ? exe : "", NULL);
    char *hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, both, -1);
    char *name = g_strdup_printf("config-%.16s", hash);
    g_free(both);
    g_free(exe);
    NgUserCache *c = g_new0(NgUserCache, 1);
    c->dir = g_build_filename(g_get_user_cache_dir(), "negraph", name, NULL);
    c->cache = g_build_filename(c->dir, "config.cache", NULL);
    c->lock = g_build_filename(c->dir, "lock", NULL);
    g_free(name);
    g_free(hash);
    g_free(abs);
    if (g_mkdir_with_parents(c->dir, 0700) != 0) {
        int err = errno;
        char *shown = g_filename_display_name(c->dir);
        g_set_error(error, NG_ERROR, NG_ERROR_IO, "%s: %s", shown,
                    g_strerror(err));
        g_free(shown);
        ng_user_cache_free(c);
        return NULL;
    }
    char *memo_path = g_build_filename(c->dir, "fingerprints", NULL);
    NgFingerprintMemo *memo = ng_fingerprint_memo_load(memo_path);
    g_free(memo_path);
    c->fingerprint = ng_config_cache_key(gazetteer_dir, memo, error);
    /* The memo is a file of its own writer's: kept only under the lock,
     * and not kept at all when another process holds it. */
    int fd = c->fingerprint ? ng_user_cache_try_lock(c->lock) : -1;
    if (fd >= 0) {
        ng_fingerprint_memo_save(memo, NULL);
        close(fd);
    }
    ng_fingerprint_memo_free(memo);
    if (!c->fingerprint) {
        ng_user_cache_free(c);
        return NULL;
    }
    return c;
}

void ng_user_cache_free(NgUserCache *c)
{
    if (!c)
        return;
    g_free(c->dir);
    g_free(c->cache);
    g_free(c->lock);
    g_free(c->fingerprint);
    g_free(c);
}
