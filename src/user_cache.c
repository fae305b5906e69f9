/*
 * user_cache.c - the configuration cache of runs without --state
 * (user_cache.h).
 */
#include "user_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
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

/* When a run last used the folder whose lock file is `lock`. */
static gint64 last_used(const char *lock)
{
    GStatBuf st;
    return g_stat(lock, &st) == 0 ? (gint64)st.st_mtime : 0;
}

/* A folder of the cache and its last use, for sorting. */
typedef struct {
    char *dir;
    gint64 used;
} Folder;

static gint by_use(gconstpointer a, gconstpointer b)
{
    const Folder *x = a, *y = b;
    if (x->used != y->used)
        return x->used > y->used ? -1 : 1;   /* most recent first */
    return strcmp(x->dir, y->dir);
}

/* Remove a folder of the cache, under its lock; not if another process
 * holds it. Only the files a cache folder holds go: anything else left
 * in it keeps the folder. */
static void remove_folder(const char *dir)
{
    char *lock = g_build_filename(dir, "lock", NULL);
    int fd = ng_user_cache_try_lock(lock);
    if (fd >= 0) {
        static const char *const files[] = { "config.cache", "config.cache.tmp",
                                             "fingerprints", "fingerprints.tmp",
                                             "lock" };
        for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
            char *path = g_build_filename(dir, files[i], NULL);
            g_unlink(path);
            g_free(path);
        }
        g_rmdir(dir);
        close(fd);
    }
    g_free(lock);
}

void ng_user_cache_evict(const char *dir, guint keep)
{
    char *top = g_path_get_dirname(dir);
    GDir *d = g_dir_open(top, 0, NULL);
    GArray *folders = g_array_new(FALSE, FALSE, sizeof(Folder));
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        Folder f = { g_build_filename(top, name, NULL), 0 };
        if (!g_str_has_prefix(name, "config-") ||
            !g_file_test(f.dir, G_FILE_TEST_IS_DIR) || !strcmp(f.dir, dir)) {
            g_free(f.dir);
            continue;
        }
        char *lock = g_build_filename(f.dir, "lock", NULL);
        f.used = last_used(lock);
        g_free(lock);
        g_array_append_val(folders, f);
    }
    if (d)
        g_dir_close(d);
    g_array_sort(folders, by_use);
    /* `dir` is one of the `keep`. */
    for (guint i = 0; i < folders->len; i++) {
        Folder *f = &g_array_index(folders, Folder, i);
        if (i + 1 >= keep)
            remove_folder(f->dir);
        g_free(f->dir);
    }
    g_array_free(folders, TRUE);
    g_free(top);
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
    /* Used now: the lock's times say so (ng_user_cache_evict). */
    int used = g_open(c->lock, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (used >= 0) {
        futimens(used, NULL);
        close(used);
    }
    char *memo_path = g_build_filename(c->dir, "fingerprints", NULL);
    c->memo = ng_fingerprint_memo_load(memo_path);
    g_free(memo_path);
    c->fingerprint = ng_config_cache_key(gazetteer_dir, c->memo, error);
    if (!c->fingerprint) {
        ng_user_cache_free(c);
        return NULL;
    }
    return c;
}

void ng_user_cache_keep_memo(const NgUserCache *c)
{
    int fd = c ? ng_user_cache_try_lock(c->lock) : -1;
    if (fd >= 0) {
        ng_fingerprint_memo_save(c->memo, NULL);
        close(fd);
    }
}

void ng_user_cache_free(NgUserCache *c)
{
    if (!c)
        return;
    ng_fingerprint_memo_free(c->memo);
    g_free(c->dir);
    g_free(c->cache);
    g_free(c->lock);
    g_free(c->fingerprint);
    g_free(c);
}
