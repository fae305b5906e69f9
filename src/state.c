/*
 * state.c - the incremental state in SQLite (see state.h).
 *
 * Schema (PRAGMA user_version = 5; version 1 kept results as JSON, 2 had
 * no index on file_docs(hash), 3 results of ten columns, not three, 4 no
 * suspect table):
 *
 *   meta(key PRIMARY KEY, value)    "fingerprint", "describe", "output...",
 *                                   "whole" (see NgState.whole)
 *   documents(hash PRIMARY KEY, id, date, result)
 *       hash: SHA-256 of id NUL date NUL text; result: docresult_bin.h
 *   files(path PRIMARY KEY, size, mtime, ctime, inode, device,
 *         documents, bytes)
 *       a file as last read; the stat columns are NULL when it must be
 *       read again whatever it looks like (standard input, or a file
 *       modified just before it was read: see `racy_after`)
 *   file_docs(path, pos, hash)      the documents of a file, in order;
 *                                   indexed by hash too
 *   file_warnings(path, pos, skipped, message)
 *   suspect(hash)                   results made under the gazetteers of
 *                                   an earlier build, not yet checked
 *                                   against the current ones: never used
 *                                   unchecked (NG_STATE_SUSPECT)
 *   temp.seen(path)                 the files of the current build
 *   temp.dropped(hash)              results file_docs referred to before
 *                                   this build rewrote or dropped rows
 *
 * The database runs in WAL mode with synchronous=NORMAL: a commit is
 * atomic and survives the process being killed (a power cut may lose the
 * last commits, never consistency). Writes are committed every few
 * thousand rows, so a killed build keeps most of its work. The log is
 * copied into the database file (checkpointed) on a thread of its own
 * while the build writes its output (ng_state_checkpoint_start), not when
 * the database is closed: that took 25 ms, mostly syncing the file, at
 * the end of every rebuild. Closing still copies what came after and
 * removes the log, so the folder holds the one file between builds.
 */
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "ng.h"

#define SCHEMA_VERSION 5
#define HASH_LEN 32                /* SHA-256 */
#define ROWS_PER_COMMIT 4096
#define BUSY_TIMEOUT_MS 60000      /* another connection in a transaction */
/* Log pages after which a commit copies the log into the database itself
 * (SQLite's default is 1,000: 4 MB). A rebuild that rewrites a few
 * hundred results goes past 1,000 pages, and its last commit then paid
 * the copy and a sync (15-20 ms) before the output could start; the
 * checkpoint thread does it meanwhile instead. A first build of a big
 * corpus still copies every 64 MB, so the log stays bounded. */
#define WAL_AUTOCHECKPOINT_PAGES 16384
/* The stored results of a file about to be read are loaded up to this
 * many bytes (Record.stored); past it, documents are looked up one by
 * one. */
#define PRELOAD_BYTES (32 << 20)

/* The prepared statements, by job. */
enum {
    Q_SEEN, Q_FILE_GET, Q_FILE_MISSING, Q_FILE_DOCS, Q_FILE_WARNINGS,
    Q_DOC_GET, Q_ID_KNOWN, Q_DOC_PUT, Q_FILE_PUT,
    Q_FILE_WARNINGS_CLEAR, Q_FILE_DOC_PUT, Q_WARNING_PUT, Q_FILE_STORED,
    Q_FILE_DOC_SET, Q_FILE_DOCS_CUT, Q_DROPPED, Q_SUSPECT, Q_SUSPECT_CLEAR,
    N_Q
};

static const char *const queries[N_Q] = {
    [Q_SEEN] = "INSERT OR IGNORE INTO temp.seen(path) VALUES (?1)",
    [Q_FILE_GET] = "SELECT size, mtime, ctime, inode, device, documents, "
                   "bytes FROM files WHERE path = ?1",
    /* Results missing, or there but not to be trusted yet. */
    [Q_FILE_MISSING] = "SELECT count(*) FROM file_docs f WHERE f.path = ?1 "
                       "AND (NOT EXISTS (SELECT 1 FROM documents d "
                       "WHERE d.hash = f.hash) OR EXISTS (SELECT 1 FROM "
                       "suspect s WHERE s.hash = f.hash))",
    [Q_FILE_DOCS] = "SELECT d.date, d.result FROM file_docs f JOIN documents d "
                    "ON d.hash = f.hash WHERE f.path = ?1 ORDER BY f.pos",
    [Q_FILE_WARNINGS] = "SELECT skipped, message FROM file_warnings "
                        "WHERE path = ?1 ORDER BY pos",
    [Q_DOC_GET] = "SELECT result FROM documents WHERE hash = ?1",
    [Q_ID_KNOWN] = "SELECT EXISTS (SELECT 1 FROM documents WHERE id = ?1)",
    [Q_DOC_PUT] = "INSERT OR REPLACE INTO documents(hash, id, date, result) "
                  "VALUES (?1, ?2, ?3, ?4)",
    [Q_FILE_PUT] = "INSERT OR REPLACE INTO files(path, size, mtime, ctime, "
                   "inode, device, documents, bytes) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",

    [Q_FILE_WARNINGS_CLEAR] = "DELETE FROM file_warnings WHERE path = ?1",
    [Q_FILE_DOC_PUT] = "INSERT INTO file_docs(path, pos, hash) "
                       "VALUES (?1, ?2, ?3)",
    [Q_WARNING_PUT] = "INSERT INTO file_warnings(path, pos, skipped, message) "
                      "VALUES (?1, ?2, ?3, ?4)",
    [Q_FILE_STORED] = "SELECT f.hash, d.result FROM file_docs f LEFT JOIN "
                      "documents d ON d.hash = f.hash WHERE f.path = ?1 "
                      "ORDER BY f.pos",
    [Q_FILE_DOC_SET] = "UPDATE file_docs SET hash = ?3 WHERE path = ?1 "
                       "AND pos = ?2",
    [Q_FILE_DOCS_CUT] = "DELETE FROM file_docs WHERE path = ?1 AND pos >= ?2",
    [Q_DROPPED] = "INSERT INTO temp.dropped(hash) VALUES (?1)",
    [Q_SUSPECT] = "SELECT EXISTS (SELECT 1 FROM suspect WHERE hash = ?1)",
    [Q_SUSPECT_CLEAR] = "DELETE FROM suspect WHERE hash = ?1",
};

/* What stat(2) says of a file, as stored. */
typedef struct {
    gint64 size, mtime, ctime, inode, device;   /* times in ns */
} FileStat;

typedef struct {
    gboolean skipped;
    char *message;
} Warning;

/* A stored result, loaded before its file is read again. */
typedef struct {
    char *data;             /* len bytes and a NUL */
    gsize len;
} Stored;

/* The file being read: its record is written when the next one starts.
 * What the state held of it before is loaded with one query when it
 * starts (load_stored): the old list of documents, which the new one is
 * written over, and their results, which ng_state_check finds there
 * rather than asking the database for each document. */
typedef struct {
    char *path;
    gboolean trusted;       /* `st` may decide whether to read it again */
    FileStat st;
    guint64 documents, bytes;
    GByteArray *hashes;     /* HASH_LEN bytes per document, in order */
    GArray *warnings;       /* Warning */
    GByteArray *old;        /* the same, as stored before this build */
    GHashTable *stored;     /* hash (in `old`) -> Stored: the results of
                               those documents not yet checked */
} Record;

struct NgState {
    char *path;             /* DIR/state.sqlite, for messages */
    int lock_fd;
    sqlite3 *db;
    sqlite3_stmt *q[N_Q];
    gboolean in_txn;
    gboolean upgraded;      /* an older schema was dropped */

    gint64 committed;       /* sqlite3_total_changes at the last commit */
    gint64 racy_after;      /* ns: files changed since are not trusted */
    Record *rec;
    GHashTable *complete;   /* paths found with every result they list in
                               this build, records not rewritten since:
                               file_unchanged need not count again */
    gboolean whole;         /* the last build finished (meta "whole", set
                               by ng_state_finish and cleared by the next
                               ng_state_begin in the transaction before
                               anything else it writes): every file has
                               all its results and no result is
                               orphaned, so neither need looking for */
    GPtrArray *rewritten;   /* files whose records this build wrote */
    gboolean suspects;      /* the suspect table had rows when this build
                               began */
    GThread *checkpoint;    /* ng_state_checkpoint_start's, or NULL */
};

struct NgStateDoc {
    guint8 hash[HASH_LEN];
    char *id;
    char *date;
};

static gboolean db_error(NgState *s, GError **error)
{
    g_set_error(error, NG_ERROR, NG_ERROR_IO, "%s: %s", s->path,
                sqlite3_errmsg(s->db));
    return FALSE;
}

static gboolean exec(NgState *s, const char *sql, GError **error)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_error(s, error);
    return TRUE;
}

/* Step a statement that returns no row, then reset it. */
static gboolean run(NgState *s, sqlite3_stmt *st, GError **error)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE || db_error(s, error);
}

/* A statement ready for binding (reset, bindings cleared). */
static sqlite3_stmt *q(NgState *s, int which)
{
    sqlite3_clear_bindings(s->q[which]);
    return s->q[which];
}

/* A query giving one integer, on one text parameter; -1 on error. */
static gint64 count(NgState *s, int which, const char *arg)
{
    sqlite3_stmt *st = q(s, which);
    sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
    gint64 n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

/* A query giving one integer; -1 on error. */
static gint64 query_int(NgState *s, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    gint64 n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
}

/* ------------------------------------------------------------------ */
/* Opening and locking                                                 */

/* Write "pid N" into the lock file: only a courtesy to a build that waits
 * for us (its message names the holder); the lock holds either way. */
static void note_holder(int fd)
{
    char me[32];
    int n = g_snprintf(me, sizeof me, "pid %ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || pwrite(fd, me, (size_t)n, 0) != n)
        return;
}

/* Take DIR/lock, waiting for another build if need be. */
static gboolean take_lock(NgState *s, const char *dir, NgStateWaitFunc on_wait,
                          gpointer user, GError **error)
{
    char *path = g_build_filename(dir, "lock", NULL);
    gboolean ok = FALSE;
    s->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (s->lock_fd < 0) {
        g_set_error(error, NG_ERROR, NG_ERROR_IO, "%s: %s", path,
                    g_strerror(errno));
        goto out;
    }
    if (flock(s->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK) {
            g_set_error(error, NG_ERROR, NG_ERROR_IO, "%s: cannot lock: %s",
                        path, g_strerror(errno));
            goto out;
        }
        if (on_wait) {
            char holder[64] = "";
            ssize_t n = pread(s->lock_fd, holder, sizeof holder - 1, 0);
            holder[n > 0 ? n : 0] = '\0';
            on_wait(path, g_strstrip(holder), user);
        }
        int rc;
        while ((rc = flock(s->lock_fd, LOCK_EX)) != 0 && errno == EINTR)
            ;
        if (rc != 0) {
            g_set_error(error, NG_ERROR, NG_ERROR_IO, "%s: cannot lock: %s",
                        path, g_strerror(errno));
            goto out;
        }
    }
    note_holder(s->lock_fd);
    ok = TRUE;
out:
    g_free(path);
    return ok;
}

static gboolean create_schema(NgState *s, GError **error)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) !=
        SQLITE_OK)
        return db_error(s, error);
    int version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    if (version < 0)
        return db_error(s, error);
    if (version > SCHEMA_VERSION) {
        g_set_error(error, NG_ERROR, NG_ERROR_FORMAT,
                    "%s: written by a newer negraph (schema %d); use that "
                    "version or another --state folder", s->path, version);
        return FALSE;
    }
    if (version == SCHEMA_VERSION)
        return TRUE;
    /* An older schema: start afresh (its results were made by another
     * negraph, whose fingerprint differs anyway). */
    if (version > 0 &&
        !exec(s, "DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS documents;"
                 "DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS file_docs;"
                 "DROP TABLE IF EXISTS file_warnings;"
                 "DROP TABLE IF EXISTS suspect;", error))
        return FALSE;
    s->upgraded = version > 0;
    return exec(s,
        "BEGIN;"
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE documents(hash BLOB PRIMARY KEY, id TEXT NOT NULL,"
        "  date TEXT, result BLOB NOT NULL);"
        "CREATE INDEX documents_id ON documents(id);"
        "CREATE TABLE files(path TEXT PRIMARY KEY, size INTEGER,"
        "  mtime INTEGER, ctime INTEGER, inode INTEGER, device INTEGER,"
        "  documents INTEGER NOT NULL, bytes INTEGER NOT NULL);"
        "CREATE TABLE file_docs(path TEXT NOT NULL, pos INTEGER NOT NULL,"
        "  hash BLOB NOT NULL, PRIMARY KEY (path, pos)) WITHOUT ROWID;"
        "CREATE INDEX file_docs_hash ON file_docs(hash);"
        "CREATE TABLE file_warnings(path TEXT NOT NULL, pos INTEGER NOT NULL,"
        "  skipped INTEGER NOT NULL, message TEXT NOT NULL,"
        "  PRIMARY KEY (path, pos)) WITHOUT ROWID;"
        "CREATE TABLE suspect(hash BLOB PRIMARY KEY) WITHOUT ROWID;"
        "PRAGMA user_version = 5;"
        "COMMIT;", error);
}

NgState *ng_state_open(const char *dir, NgStateWaitFunc on_wait,
                       gpointer user, GError **error)
{
    NgState *s = g_new0(NgState, 1);
    s->lock_fd = -1;
    s->path = g_build_filename(dir, "state.sqlite", NULL);
    s->complete = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s->rewritten = g_ptr_array_new_with_free_func(g_free);
    if (g_mkdir_with_parents(dir, 0755) != 0) {
        g_set_error(error, NG_ERROR, NG_ERROR_IO, "%s: cannot create: %s",
                    dir, g_strerror(errno));
        goto fail;
    }
    if (!take_lock(s, dir, on_wait, user, error))
        goto fail;
    if (sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READWRITE |
                        SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        db_error(s, error);
        goto fail;
    }
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    sqlite3_wal_autocheckpoint(s->db, WAL_AUTOCHECKPOINT_PAGES);
    /* A file that is not a database fails on the first statement. */
    /* Memory-mapped reads: a rebuild reads every stored result, and
     * SQLite's default copies each page through read(2). */
    if (!exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                 "PRAGMA mmap_size = 1073741824;", error) ||
        !create_schema(s, error) ||
        !exec(s, "CREATE TEMP TABLE seen(path TEXT PRIMARY KEY) WITHOUT ROWID;"
                 "CREATE TEMP TABLE dropped(hash BLOB NOT NULL)", error))
        goto fail;
    for (int i = 0; i < N_Q; i++)
        if (sqlite3_prepare_v3(s->db, queries[i], -1,
                               SQLITE_PREPARE_PERSISTENT, &s->q[i],
                               NULL) != SQLITE_OK) {
            db_error(s, error);
            goto fail;
        }
    return s;
fail:
    ng_state_close(s);
    return NULL;
}

static void stored_free(gpointer p)
{
    Stored *v = p;
    g_free(v->data);
    g_free(v);
}

/* SHA-256 hashes are uniform: their first bytes hash them well. */
static guint hash_hash(gconstpointer key)
{
    guint h;
    memcpy(&h, key, sizeof h);
    return h;
}

static gboolean hash_equal(gconstpointer a, gconstpointer b)
{
    return !memcmp(a, b, HASH_LEN);
}

static void record_free(Record *r)
{
    if (!r)
        return;
    g_hash_table_destroy(r->stored);
    g_byte_array_free(r->old, TRUE);
    for (guint i = 0; i < r->warnings->len; i++)
        g_free(g_array_index(r->warnings, Warning, i).message);
    g_array_free(r->warnings, TRUE);
    g_byte_array_free(r->hashes, TRUE);
    g_free(r->path);
    g_free(r);
}

/* The checkpoint thread, on a connection of its own (the build's may be
 * used meanwhile). PASSIVE waits for no one and copies what it can; what
 * it leaves, and anything committed after it, the closing of the last
 * connection copies as before. The pragma, not sqlite3_wal_checkpoint:
 * a new connection knows the database is in WAL mode only once it has
 * read it, which the pragma does first. Errors only leave close the
 * work. */
static gpointer checkpoint(gpointer path)
{
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK)
        sqlite3_exec(db, "PRAGMA wal_checkpoint(PASSIVE)", NULL, NULL, NULL);
    sqlite3_close(db);
    return NULL;
}

void ng_state_checkpoint_start(NgState *s)
{
    g_return_if_fail(!s->in_txn && !s->checkpoint);
    s->checkpoint = g_thread_new("checkpoint", checkpoint, s->path);
}

static void checkpoint_wait(NgState *s)
{
    if (s->checkpoint)
        g_thread_join(g_steal_pointer(&s->checkpoint));
}

void ng_state_close(NgState *s)
{
    if (!s)
        return;
    checkpoint_wait(s);
    if (s->in_txn)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    record_free(s->rec);
    g_hash_table_destroy(s->complete);
    g_ptr_array_free(s->rewritten, TRUE);
    for (int i = 0; i < N_Q; i++)
        sqlite3_finalize(s->q[i]);
    sqlite3_close(s->db);
    if (s->lock_fd >= 0)
        close(s->lock_fd);   /* releases the flock */
    g_free(s->path);
    g_free(s);
}

/* ------------------------------------------------------------------ */
/* A build                                                             */

static char *meta_get(NgState *s, const char *key)
{
    sqlite3_stmt *st;
    char *value = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        value = g_strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return value;
}

static gboolean meta_set(NgState *s, const char *key, const char *value,
                         GError **error)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO meta(key, value) "
                           "VALUES (?1, ?2)", -1, &st, NULL) != SQLITE_OK)
        return db_error(s, error);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE || db_error(s, error);
}

gboolean ng_state_begin(NgState *s, const char *fingerprint, gboolean keep,
                        gboolean *changed, GError **error)
{
    g_return_val_if_fail(!s->in_txn, FALSE);
    checkpoint_wait(s);
    s->racy_after = ng_looks_cutoff();
    if (!exec(s, "BEGIN IMMEDIATE", error))
        return FALSE;
    s->in_txn = TRUE;
    s->committed = sqlite3_total_changes64(s->db);
    g_hash_table_remove_all(s->complete);
    g_ptr_array_set_size(s->rewritten, 0);
    char *last = meta_get(s, "fingerprint");
    *changed = (last && strcmp(last, fingerprint) != 0) || s->upgraded;
    keep = keep && *changed && !s->upgraded;
    char *whole = meta_get(s, "whole");
    /* Emptied (or new): whole too. A build killed from here on has
     * committed the flag's removal with the first of its writes. Kept:
     * the older suspects dropped below may leave holes. */
    s->whole = !keep && (whole || *changed || !last);
    g_free(whole);
    g_free(last);
    if (!exec(s, "DELETE FROM meta WHERE key = 'whole'", error))
        return FALSE;
    /* Kept: every result becomes a suspect, but those still suspect from
     * a build before (killed while checking them) were made under older
     * gazetteers still, which this build cannot check against: they go. */
    if (keep && !exec(s, "DELETE FROM documents WHERE hash IN "
                         "(SELECT hash FROM suspect); DELETE FROM suspect; "
                         "INSERT INTO suspect SELECT hash FROM documents; "
                         "DELETE FROM meta WHERE key = 'describe'", error))
        return FALSE;
    if (*changed && !keep &&
        !exec(s, "DELETE FROM documents; DELETE FROM files; "
                 "DELETE FROM file_docs; DELETE FROM file_warnings; "
                 "DELETE FROM suspect; DELETE FROM meta WHERE key = 'describe'",
              error))
        return FALSE;
    gint64 suspects = query_int(s, "SELECT EXISTS (SELECT 1 FROM suspect)");
    if (suspects < 0)
        return db_error(s, error);
    s->suspects = suspects > 0;
    /* Files holding suspects must be read again: file_unchanged counts. */
    s->whole = s->whole && !s->suspects;
    return meta_set(s, "fingerprint", fingerprint, error);
}

gboolean ng_state_has_suspects(const NgState *s)
{
    return s->suspects;
}

char *ng_state_get_meta(NgState *s, const char *key)
{
    return meta_get(s, key);
}

gboolean ng_state_set_meta(NgState *s, const char *key, const char *value,
                           GError **error)
{
    return meta_set(s, key, value, error);
}

/* Commit now and then, so that a killed build keeps most of its work. */
static gboolean maybe_commit(NgState *s, GError **error)
{
    if (sqlite3_total_changes64(s->db) - s->committed < ROWS_PER_COMMIT)
        return TRUE;
    if (!exec(s, "COMMIT", error))
        return FALSE;
    s->in_txn = exec(s, "BEGIN IMMEDIATE", error);
    s->committed = sqlite3_total_changes64(s->db);
    return s->in_txn;
}

/* ------------------------------------------------------------------ */
/* Files                                                               */

static FileStat file_stat(const GStatBuf *st)
{
    return (FileStat){
        .size = st->st_size,
        .mtime = st->st_mtim.tv_sec * G_GINT64_CONSTANT(1000000000) + st->st_mtim.tv_nsec,
        .ctime = st->st_ctim.tv_sec * G_GINT64_CONSTANT(1000000000) + st->st_ctim.tv_nsec,
        .inode = (gint64)st->st_ino,
        .device = (gint64)st->st_dev,
    };
}

static gboolean mark_seen(NgState *s, const char *path, GError **error)
{
    sqlite3_stmt *st = q(s, Q_SEEN);
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    return run(s, st, error);
}

/* Note that the result `hash` lost a reference: it may be held by none
 * now (ng_state_finish). */
static gboolean drop(NgState *s, const guint8 *hash, GError **error)
{
    sqlite3_stmt *st = q(s, Q_DROPPED);
    sqlite3_bind_blob(st, 1, hash, HASH_LEN, SQLITE_STATIC);
    return run(s, st, error);
}

/* Write the documents of the file just read over its previous list,
 * changing only the positions that differ: a file edited in one place
 * (or read again unchanged) costs a row or none, not a rewrite. */
static gboolean record_docs(NgState *s, const Record *r, GError **error)
{
    const GByteArray *old = r->old;
    sqlite3_stmt *st;
    gboolean ok = TRUE;
    guint n_old = old->len / HASH_LEN, n_new = r->hashes->len / HASH_LEN;
    for (guint i = 0; ok && i < MAX(n_old, n_new); i++) {
        const guint8 *was = i < n_old ? old->data + i * HASH_LEN : NULL;
        const guint8 *now = i < n_new ? r->hashes->data + i * HASH_LEN : NULL;
        if (was && now && !memcmp(was, now, HASH_LEN))
            continue;
        if (was)
            ok = drop(s, was, error);
        if (now && ok) {
            st = q(s, was ? Q_FILE_DOC_SET : Q_FILE_DOC_PUT);
            sqlite3_bind_text(st, 1, r->path, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 2, i);
            sqlite3_bind_blob(st, 3, now, HASH_LEN, SQLITE_STATIC);
            ok = run(s, st, error);
        }
    }
    if (ok && n_old > n_new) {
        st = q(s, Q_FILE_DOCS_CUT);
        sqlite3_bind_text(st, 1, r->path, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, n_new);
        ok = run(s, st, error);
    }
    return ok;
}

/* Write the record of the file just read. */
static gboolean record_end(NgState *s, GError **error)
{
    Record *r = s->rec;
    if (!r)
        return TRUE;
    s->rec = NULL;
    sqlite3_stmt *st = q(s, Q_FILE_WARNINGS_CLEAR);
    sqlite3_bind_text(st, 1, r->path, -1, SQLITE_STATIC);
    gboolean ok = run(s, st, error) && record_docs(s, r, error);
    for (guint i = 0; ok && i < r->warnings->len; i++) {
        const Warning *w = &g_array_index(r->warnings, Warning, i);
        st = q(s, Q_WARNING_PUT);
        sqlite3_bind_text(st, 1, r->path, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, i);
        sqlite3_bind_int(st, 3, w->skipped);
        sqlite3_bind_text(st, 4, w->message, -1, SQLITE_STATIC);
        ok = run(s, st, error);
    }
    if (ok) {
        st = q(s, Q_FILE_PUT);
        sqlite3_bind_text(st, 1, r->path, -1, SQLITE_STATIC);
        if (r->trusted) {   /* otherwise NULLs: read it again next time */
            sqlite3_bind_int64(st, 2, r->st.size);
            sqlite3_bind_int64(st, 3, r->st.mtime);
            sqlite3_bind_int64(st, 4, r->st.ctime);
            sqlite3_bind_int64(st, 5, r->st.inode);
            sqlite3_bind_int64(st, 6, r->st.device);
        }
        sqlite3_bind_int64(st, 7, (gint64)r->documents);
        sqlite3_bind_int64(st, 8, (gint64)r->bytes);
        ok = run(s, st, error);
    }
    if (ok)
        g_ptr_array_add(s->rewritten, g_strdup(r->path));
    record_free(r);
    return ok && maybe_commit(s, error);
}

/* Load what the state holds of r's file: its list of documents into
 * r->old, and their results, up to PRELOAD_BYTES, into r->stored. */
static gboolean load_stored(NgState *s, Record *r, GError **error)
{
    sqlite3_stmt *st = q(s, Q_FILE_STORED);
    sqlite3_bind_text(st, 1, r->path, -1, SQLITE_STATIC);
    GPtrArray *results = g_ptr_array_new();   /* Stored* or NULL, by pos */
    gsize budget = PRELOAD_BYTES;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        /* A hash of another size (a damaged row) differs from any. */
        guint8 h[HASH_LEN] = { 0 };
        gboolean whole = sqlite3_column_bytes(st, 0) == HASH_LEN;
        if (whole)
            memcpy(h, sqlite3_column_blob(st, 0), HASH_LEN);
        g_byte_array_append(r->old, h, HASH_LEN);
        /* NULL: a hole left by a killed build. */
        const void *blob = sqlite3_column_blob(st, 1);
        gsize len = (gsize)sqlite3_column_bytes(st, 1);
        Stored *v = NULL;
        if (whole && blob && len < budget) {
            budget -= len;
            v = g_new(Stored, 1);
            v->len = len;
            v->data = g_malloc(len + 1);
            memcpy(v->data, blob, len);
            v->data[len] = '\0';
        }
        g_ptr_array_add(results, v);
    }
    sqlite3_reset(st);
    /* Keyed by the hashes in r->old, now that it no longer grows; a
     * document listed twice is found once (the second time, by its own
     * query). */
    for (guint i = 0; i < results->len; i++) {
        guint8 *h = r->old->data + (gsize)i * HASH_LEN;
        Stored *v = results->pdata[i];
        if (v && !g_hash_table_contains(r->stored, h))
            g_hash_table_insert(r->stored, h, v);
        else if (v)
            stored_free(v);
    }
    g_ptr_array_free(results, TRUE);
    return rc == SQLITE_DONE || db_error(s, error);
}

/* Start the record of a file about to be read (st NULL: not a file). */
static gboolean record_begin(NgState *s, const char *path,
                             const GStatBuf *st, GError **error)
{
    if (!record_end(s, error) || !mark_seen(s, path, error))
        return FALSE;
    g_hash_table_remove(s->complete, path);
    Record *r = g_new0(Record, 1);
    r->path = g_strdup(path);
    r->hashes = g_byte_array_new();
    r->warnings = g_array_new(FALSE, FALSE, sizeof(Warning));
    r->old = g_byte_array_new();
    r->stored = g_hash_table_new_full(hash_hash, hash_equal, NULL,
                                      stored_free);
    if (st) {
        r->st = file_stat(st);
        r->trusted = ng_looks_settled(st, s->racy_after);
    }
    s->rec = r;
    return load_stored(s, r, error);
}

/* Whether the stored record of `path` matches `st` and is complete. */
static gboolean file_unchanged(NgState *s, const char *path,
                               const GStatBuf *st, gint64 *documents,
                               gint64 *bytes)
{
    FileStat now = file_stat(st);
    sqlite3_stmt *q1 = q(s, Q_FILE_GET);
    sqlite3_bind_text(q1, 1, path, -1, SQLITE_STATIC);
    gboolean same = sqlite3_step(q1) == SQLITE_ROW &&
        sqlite3_column_type(q1, 0) != SQLITE_NULL &&
        sqlite3_column_int64(q1, 0) == now.size &&
        sqlite3_column_int64(q1, 1) == now.mtime &&
        sqlite3_column_int64(q1, 2) == now.ctime &&
        sqlite3_column_int64(q1, 3) == now.inode &&
        sqlite3_column_int64(q1, 4) == now.device;
    if (same) {
        *documents = sqlite3_column_int64(q1, 5);
        *bytes = sqlite3_column_int64(q1, 6);
    }
    sqlite3_reset(q1);
    /* A build killed after writing a file's record but before storing
     * all its results leaves holes: such a file is read again. Results
     * are only added during a build (ng_state_finish deletes none a file
     * lists): a file found whole stays so until its record is rewritten.
     * The build's scan (cmd_build.c) and its reading each ask. */
    if (!same)
        return FALSE;
    if (s->whole || g_hash_table_contains(s->complete, path))
        return TRUE;
    if (count(s, Q_FILE_MISSING, path) != 0)
        return FALSE;
    g_hash_table_add(s->complete, g_strdup(path));
    return TRUE;
}

gboolean ng_state_file_current(NgState *s, const char *path,
                               const GStatBuf *st)
{
    gint64 documents, bytes;
    return file_unchanged(s, path, st, &documents, &bytes);
}

guint64 ng_state_file_warnings(NgState *s, const char *path, NgWarnFunc warn,
                               gpointer user)
{
    guint64 skipped = 0;
    sqlite3_stmt *w = q(s, Q_FILE_WARNINGS);
    sqlite3_bind_text(w, 1, path, -1, SQLITE_STATIC);
    while (sqlite3_step(w) == SQLITE_ROW) {
        gboolean skip = sqlite3_column_int(w, 0);
        skipped += skip;
        if (warn)
            warn((const char *)sqlite3_column_text(w, 1), skip, user);
    }
    sqlite3_reset(w);
    return skipped;
}

gboolean ng_state_replay_file(NgState *s, const char *path,
                              const GStatBuf *st, NgStateReplayFunc each,
                              NgWarnFunc warn, gpointer user,
                              NgReadStats *stats, gboolean *replayed,
                              GError **error)
{
    g_return_val_if_fail(s->in_txn, FALSE);
    gint64 documents, bytes;
    *replayed = FALSE;
    if (!record_end(s, error))
        return FALSE;
    if (!file_unchanged(s, path, st, &documents, &bytes))
        return record_begin(s, path, st, error);
    if (!mark_seen(s, path, error))
        return FALSE;
    *replayed = TRUE;
    gboolean ok = TRUE;
    if (each) {
        sqlite3_stmt *d = q(s, Q_FILE_DOCS);
        sqlite3_bind_text(d, 1, path, -1, SQLITE_STATIC);
        int rc;
        while (ok && (rc = sqlite3_step(d)) == SQLITE_ROW)
            ok = each((const char *)sqlite3_column_text(d, 0),
                      sqlite3_column_blob(d, 1),
                      (gsize)sqlite3_column_bytes(d, 1), user, error);
        sqlite3_reset(d);
        if (ok && rc != SQLITE_DONE)
            return db_error(s, error);
    }
    if (ok)
        stats->skipped += ng_state_file_warnings(s, path, warn, user);
    stats->documents += (guint64)documents;
    stats->bytes += (guint64)bytes;
    return ok;
}

void ng_state_note_warning(NgState *s, const char *message, gboolean skipped)
{
    Record *r = s->rec;
    gsize n = r ? strlen(r->path) : 0;
    /* Messages about a file start with "PATH:"; others (a missing input,
     * a folder loop) come again by themselves on the next build. */
    if (!r || strncmp(message, r->path, n) != 0 || message[n] != ':')
        return;
    Warning w = { skipped, g_strdup(message) };
    g_array_append_val(r->warnings, w);
}

/* ------------------------------------------------------------------ */
/* Documents                                                           */

void ng_state_doc_free(gpointer p)
{
    NgStateDoc *d = p;
    if (!d)
        return;
    g_free(d->id);
    g_free(d->date);
    g_free(d);
}

/* SHA-256 over id NUL date NUL text: everything of the document that its
 * result depends on (the configuration is the fingerprint's business).
 * Nettle's, not GLib's GChecksum: the same digest, four times as fast
 * where the processor has SHA instructions (10 MB of Reuters articles:
 * 15 against 64-72 ms), and a build with a state hashes every document it
 * reads. */
static void doc_hash(const NgDoc *doc, guint8 out[HASH_LEN])
{
    struct sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, strlen(doc->id) + 1, (const guint8 *)doc->id);
    if (doc->date)
        sha256_update(&c, strlen(doc->date), (const guint8 *)doc->date);
    sha256_update(&c, 1, (const guint8 *)"");
    sha256_update(&c, doc->len, (const guint8 *)doc->text);
    sha256_digest(&c, HASH_LEN, out);
}

/* ng_state_check of a document whose stored result is found: is it a
 * suspect? */
static NgStateDoc *suspect_or_not(NgState *s, NgStateDoc *d,
                                  NgStateStatus *status, char **result,
                                  GError **error)
{
    if (!s->suspects)
        return d;
    sqlite3_stmt *st = q(s, Q_SUSPECT);
    sqlite3_bind_blob(st, 1, d->hash, HASH_LEN, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_int(st, 0))
        *status = NG_STATE_SUSPECT;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) {
        db_error(s, error);
        g_clear_pointer(result, g_free);
        ng_state_doc_free(d);
        return NULL;
    }
    return d;
}

/* A result checked or made again under the current gazetteers is no
 * longer suspect. */
static gboolean clear_suspect(NgState *s, const NgStateDoc *d, GError **error)
{
    if (!s->suspects)
        return TRUE;
    sqlite3_stmt *st = q(s, Q_SUSPECT_CLEAR);
    sqlite3_bind_blob(st, 1, d->hash, HASH_LEN, SQLITE_STATIC);
    return run(s, st, error);
}

NgStateDoc *ng_state_check(NgState *s, const NgDoc *doc,
                           NgStateStatus *status, char **result, gsize *len,
                           GError **error)
{
    g_return_val_if_fail(s->in_txn, NULL);
    *result = NULL;
    *len = 0;
    /* Standard input, or a file the reader did not announce. */
    const char *path = doc->path ? doc->path : "-";
    if ((!s->rec || strcmp(s->rec->path, path)) &&
        !record_begin(s, path, NULL, error))
        return NULL;
    NgStateDoc *d = g_new0(NgStateDoc, 1);
    d->id = g_strdup(doc->id);
    d->date = g_strdup(doc->date);
    doc_hash(doc, d->hash);
    g_byte_array_append(s->rec->hashes, d->hash, HASH_LEN);
    s->rec->documents++;
    s->rec->bytes += doc->len;

    /* Most documents of a file read again are as they were. */
    Stored *v = g_hash_table_lookup(s->rec->stored, d->hash);
    if (v) {
        *status = NG_STATE_UNCHANGED;
        *result = g_steal_pointer(&v->data);
        *len = v->len;
        g_hash_table_remove(s->rec->stored, d->hash);
        return suspect_or_not(s, d, status, result, error);
    }
    /* Otherwise it may have been in another file. */
    sqlite3_stmt *st = q(s, Q_DOC_GET);
    sqlite3_bind_blob(st, 1, d->hash, HASH_LEN, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *status = NG_STATE_UNCHANGED;
        const void *blob = sqlite3_column_blob(st, 0);
        *len = (gsize)sqlite3_column_bytes(st, 0);
        *result = g_malloc(*len + 1);
        memcpy(*result, blob, *len);
        (*result)[*len] = '\0';
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) {
        gint64 known = count(s, Q_ID_KNOWN, d->id);
        *status = known > 0 ? NG_STATE_CHANGED : NG_STATE_NEW;
        if (known < 0)
            rc = SQLITE_ERROR;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        db_error(s, error);
        ng_state_doc_free(d);
        return NULL;
    }
    return rc == SQLITE_ROW ? suspect_or_not(s, d, status, result, error) : d;
}

gboolean ng_state_put(NgState *s, const NgStateDoc *d, const void *result,
                      gsize len, GError **error)
{
    g_return_val_if_fail(s->in_txn, FALSE);
    sqlite3_stmt *st = q(s, Q_DOC_PUT);
    sqlite3_bind_blob(st, 1, d->hash, HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, d->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, d->date, -1, SQLITE_STATIC);
    sqlite3_bind_blob64(st, 4, result, len, SQLITE_STATIC);
    return run(s, st, error) && clear_suspect(s, d, error) &&
           maybe_commit(s, error);
}

gboolean ng_state_confirm(NgState *s, const NgStateDoc *d, GError **error)
{
    g_return_val_if_fail(s->in_txn, FALSE);
    return clear_suspect(s, d, error) && maybe_commit(s, error);
}

/* Delete the results in temp.dead; *deleted: the ids among them that
 * have no version staying. */
static gboolean delete_dead(NgState *s, guint64 *deleted, GError **error)
{
    gint64 n = query_int(s,
        "SELECT count(DISTINCT d.id) FROM documents d WHERE d.hash IN "
        "(SELECT hash FROM temp.dead) AND NOT EXISTS (SELECT 1 FROM "
        "documents o WHERE o.id = d.id AND o.hash NOT IN "
        "(SELECT hash FROM temp.dead))");
    if (n < 0)
        return db_error(s, error);
    *deleted = (guint64)n;
    return exec(s, "DELETE FROM documents WHERE hash IN "
                   "(SELECT hash FROM temp.dead); DROP TABLE temp.dead;", error);
}

gboolean ng_state_finish(NgState *s, guint64 *deleted, GError **error)
{
    g_return_val_if_fail(s->in_txn, FALSE);
    *deleted = 0;
    if (!record_end(s, error))
        return FALSE;
    /* The files not seen go. When the last build finished, every row of
     * file_docs and file_warnings belongs to a file of `files`: the ones
     * gone are found there (usually none) and their rows by the primary
     * key, instead of scanning every row of the state. */
    const char *forget = s->whole
        ? "CREATE TEMP TABLE gone AS SELECT path FROM files "
          "  WHERE path NOT IN (SELECT path FROM temp.seen);"
          "INSERT INTO temp.dropped SELECT hash FROM file_docs "
          "  WHERE path IN (SELECT path FROM temp.gone);"
          "DELETE FROM files WHERE path IN (SELECT path FROM temp.gone);"
          "DELETE FROM file_warnings WHERE path IN (SELECT path FROM temp.gone);"
          "DELETE FROM file_docs WHERE path IN (SELECT path FROM temp.gone);"
          "DROP TABLE temp.gone;"
        : "INSERT INTO temp.dropped SELECT hash FROM file_docs "
          "  WHERE path NOT IN (SELECT path FROM temp.seen);"
          "DELETE FROM files WHERE path NOT IN (SELECT path FROM temp.seen);"
          "DELETE FROM file_warnings WHERE path NOT IN "
          "  (SELECT path FROM temp.seen);"
          "DELETE FROM file_docs WHERE path NOT IN (SELECT path FROM temp.seen);";
    if (!exec(s, forget, error))
        return FALSE;
    /* A result dies when no file refers to it any more, which only rows
     * of file_docs that went (temp.dropped) can bring about: only those
     * are looked at. More results than references means some were left
     * by a killed build: then every result is looked at (not needed when
     * the last build finished). */
    gint64 orphans = s->whole ? 0 : query_int(s,
        "SELECT (SELECT count(*) FROM documents) > "
        "(SELECT count(*) FROM file_docs)");
    if (orphans < 0)
        return db_error(s, error);
    const char *dead = orphans
        ? "CREATE TEMP TABLE dead AS SELECT hash FROM documents d WHERE "
          "NOT EXISTS (SELECT 1 FROM file_docs f WHERE f.hash = d.hash)"
        : "CREATE TEMP TABLE dead AS SELECT DISTINCT hash FROM temp.dropped d "
          "WHERE NOT EXISTS (SELECT 1 FROM file_docs f WHERE f.hash = d.hash)";
    /* Whole now, unless a file read in this build lacks some result: the
     * files not read were found whole (file_unchanged) or went. */
    gboolean whole = TRUE;
    for (guint i = 0; whole && i < s->rewritten->len; i++)
        whole = count(s, Q_FILE_MISSING, s->rewritten->pdata[i]) == 0;
    g_ptr_array_set_size(s->rewritten, 0);
    if (!exec(s, dead, error) || !delete_dead(s, deleted, error) ||
        (s->suspects && !exec(s, "DELETE FROM suspect WHERE hash NOT IN "
                                 "(SELECT hash FROM documents)", error)) ||
        (whole && !meta_set(s, "whole", "1", error)) ||
        !exec(s, "DELETE FROM temp.seen; DELETE FROM temp.dropped;"
                 "DELETE FROM meta WHERE key GLOB 'output*'; COMMIT", error))
        return FALSE;
    s->in_txn = FALSE;
    return TRUE;
}
