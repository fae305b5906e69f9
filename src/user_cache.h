/*
 * user_cache.h - where runs without a --state folder keep the compiled
 * gazetteers (config_cache.h): `extract` started once per chunk by GNU
 * parallel, Hadoop or Spark, `tag`, `explain` and a build without --state
 * then read 25 MB of tables (about 0.05 s) instead of parsing 12 MB of
 * YAML and compiling it (0.25-0.8 s) every time they start.
 *
 * One folder per gazetteer folder and negraph binary:
 * $XDG_CACHE_HOME/negraph/config-HASH (~/.cache/negraph/... by default),
 * HASH from the gazetteer folder's absolute path and the binary's,
 * holding
 *   config.cache   the cache, under the fingerprint of the gazetteer
 *                  folder and the negraph binary (a change of either
 *                  makes it again, over the old one: one per folder);
 *   fingerprints   the memo of file hashes (fingerprint.h), so that the
 *                  fingerprint costs a few stat calls, not 26 MB hashed;
 *   lock           taken, without waiting, by the one process writing;
 *                  its modification time is when a run last used the
 *                  folder.
 * The process that writes a cache removes the folders beyond the
 * NG_USER_CACHE_FOLDERS most recently used (a 25 MB cache for the shipped
 * gazetteers, 150 MB for half a million names): gazetteer folders and
 * binaries come and go, their caches should not pile up.
 * Many processes may start at once on one folder: reading needs no lock
 * (files are replaced whole by rename, and a cache is checked when read);
 * a process that finds the lock taken leaves the writing to its holder.
 * Like the state's cache, it changes how fast a run starts, never what
 * it gives.
 */
#ifndef NG_USER_CACHE_H
#define NG_USER_CACHE_H

#include <glib.h>
#include "fingerprint.h"

typedef struct {
    char *dir;            /* the folder described above */
    char *cache;          /* dir/config.cache */
    char *lock;           /* dir/lock */
    char *fingerprint;    /* what the cache must have been made under */
    NgFingerprintMemo *memo;  /* the folder's; other fingerprints the run
                                 takes (extract's) may use it too */
} NgUserCache;

/* The cache of gazetteer_dir: the folder made if need be, its memo
 * loaded and the fingerprint taken. NULL with NG_ERROR_IO when the folder
 * cannot be made or a gazetteer file cannot be read. */
NgUserCache *ng_user_cache_open(const char *gazetteer_dir, GError **error);
/* Keep c->memo in the folder (c may be NULL): under the lock, and not at
 * all when another process holds it - the memo only saves hashing. */
void ng_user_cache_keep_memo(const NgUserCache *c);
void ng_user_cache_free(NgUserCache *c);

/* The key of a configuration cache, whichever folder keeps it: the
 * fingerprint of the gazetteer folder (with its name patterns) and the
 * binary. memo may be NULL. */
char *ng_config_cache_key(const char *gazetteer_dir, NgFingerprintMemo *memo,
                          GError **error);

/* Take the lock file at `path` without waiting: its descriptor (close
 * it to let go), or -1 when another process holds it or it cannot be
 * opened. */
int ng_user_cache_try_lock(const char *path);

/* Remove the cache folders beside `dir` (config-*) but the `keep` most
 * recently used, counting `dir`, which stays; a folder whose lock another
 * process holds stays too. */
#define NG_USER_CACHE_FOLDERS 8
void ng_user_cache_evict(const char *dir, guint keep);

#endif
