/*
 * test_state.c - the incremental state (state.h): what is new, changed,
 * unchanged or deleted; files replayed without being read; warnings kept;
 * the fingerprint; the lock; damaged states.
 */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "ng.h"
#include "state.h"
#include "testlib.h"

/* Files are trusted (replayed) only when older than the build by a
 * second: let the ones just written age. */
static void age(void)
{
    g_usleep(1100 * 1000);
}

typedef struct {
    GPtrArray *replayed;    /* "date|json" of replayed documents */
    GPtrArray *warnings;    /* "S message" / "W message" */
} Seen;

static gboolean on_replay(const char *date, const void *result, gsize len,
                          gpointer user, GError **error)
{
    Seen *s = user;
    g_ptr_array_add(s->replayed, g_strdup_printf("%s|%.*s", date ? date : "",
                                                 (int)len,
                                                 (const char *)result));
    return TRUE;
}

static void on_warn(const char *message, gboolean skipped, gpointer user)
{
    Seen *s = user;
    g_ptr_array_add(s->warnings, g_strdup_printf("%c %s", skipped ? 'S' : 'W',
                                                 message));
}

typedef struct {
    const char *id, *date, *text;
} Doc;

typedef struct {
    guint status[NG_STATE_N_STATUS];
    guint replayed_files;
    guint64 deleted;
    Seen seen;
    NgReadStats stats;
} Outcome;

/* One build over `files` (path -> NULL-terminated Doc list), as
 * cmd_build drives the state: ask before each file, check each document,
 * store the result of every document not unchanged ("R:" + id + text). */
static Outcome build(const char *dir, const char *fingerprint,
                     char **paths, const Doc *const *docs, gboolean store)
{
    Outcome o = { .seen = { g_ptr_array_new_with_free_func(g_free),
                            g_ptr_array_new_with_free_func(g_free) } };
    GError *error = NULL;
    NgState *s = ng_state_open(dir, NULL, NULL, &error);
    g_assert_no_error(error);
    gboolean changed;
    g_assert_true(ng_state_begin(s, fingerprint, FALSE, &changed, &error));
    for (guint f = 0; paths[f]; f++) {
        GStatBuf st;
        g_assert_cmpint(g_stat(paths[f], &st), ==, 0);
        gboolean replayed;
        g_assert_true(ng_state_replay_file(s, paths[f], &st, on_replay,
                                           on_warn, &o.seen, &o.stats,
                                           &replayed, &error));
        if (replayed) {
            o.replayed_files++;
            continue;
        }
        char *msg = g_strdup_printf("%s: a warning", paths[f]);
        ng_state_note_warning(s, msg, f % 2);
        g_free(msg);
        ng_state_note_warning(s, "elsewhere: not this file's", TRUE);
        for (const Doc *d = docs[f]; d->id; d++) {
            NgDoc doc = { .id = (char *)d->id, .date = (char *)d->date,
                          .text = (char *)d->text, .len = strlen(d->text),
                          .path = paths[f] };
            NgStateStatus status;
            char *json;
            gsize len;
            NgStateDoc *h = ng_state_check(s, &doc, &status, &json, &len,
                                           &error);
            g_assert_no_error(error);
            o.status[status]++;
            if (status == NG_STATE_UNCHANGED) {
                char *want = g_strdup_printf("R:%s:%s", d->id, d->text);
                g_assert_cmpstr(json, ==, want);
                g_free(want);
            } else if (store) {
                char *result = g_strdup_printf("R:%s:%s", d->id, d->text);
                g_assert_true(ng_state_put(s, h, result, strlen(result),
                                           &error));
                g_free(result);
            }
            g_free(json);
            ng_state_doc_free(h);
        }
    }
    g_assert_true(ng_state_finish(s, &o.deleted, &error));
    g_assert_no_error(error);
    ng_state_close(s);
    return o;
}

static void outcome_clear(Outcome *o)
{
    g_ptr_array_free(o->seen.replayed, TRUE);
    g_ptr_array_free(o->seen.warnings, TRUE);
}

static void test_new_changed_unchanged_deleted(void)
{
    char *dir = tl_tmpdir();
    char *state = g_build_filename(dir, "state", NULL);
    char *a = tl_write(dir, "a.jsonl", "(a)", -1);
    char *b = tl_write(dir, "b.jsonl", "(b)", -1);
    age();
    Doc da[] = { { "1", "1987-01-01", "one" }, { "2", NULL, "two" }, { 0 } };
    Doc db[] = { { "3", "1987-01-03", "three" }, { 0 } };
    char *paths[] = { a, b, NULL };
    const Doc *docs[] = { da, db };

    Outcome o = build(state, "fp", paths, docs, TRUE);
    g_assert_cmpuint(o.status[NG_STATE_NEW], ==, 3);
    g_assert_cmpuint(o.replayed_files, ==, 0);
    g_assert_cmpuint(o.deleted, ==, 0);
    outcome_clear(&o);

    /* Nothing changed: both files replayed, documents in order, with
     * their warnings (the other file's message is not kept). */
    o = build(state, "fp", paths, docs, TRUE);
    g_assert_cmpuint(o.replayed_files, ==, 2);
    g_assert_cmpuint(o.seen.replayed->len, ==, 3);
    g_assert_cmpstr(o.seen.replayed->pdata[0], ==, "1987-01-01|R:1:one");
    g_assert_cmpstr(o.seen.replayed->pdata[1], ==, "|R:2:two");
    g_assert_cmpstr(o.seen.replayed->pdata[2], ==, "1987-01-03|R:3:three");
    g_assert_cmpuint(o.seen.warnings->len, ==, 2);
    char *w = g_strdup_printf("W %s: a warning", a);
    g_assert_cmpstr(o.seen.warnings->pdata[0], ==, w);
    g_free(w);
    g_assert_cmpuint(o.stats.documents, ==, 3);
    g_assert_cmpuint(o.stats.skipped, ==, 1);
    g_assert_cmpuint(o.stats.bytes, ==, 3 + 3 + 5);
    outcome_clear(&o);

    /* a.jsonl rewritten: 1 changed, 2 gone, 4 new; b.jsonl removed, its
     * document 3 moved into a.jsonl unchanged. */
    tl_put(dir, "a.jsonl", "(a, again)", -1);
    Doc da2[] = { { "1", "1987-01-01", "one, edited" }, { "4", NULL, "four" },
                  { "3", "1987-01-03", "three" }, { 0 } };
    char *paths2[] = { a, NULL };
    const Doc *docs2[] = { da2 };
    o = build(state, "fp", paths2, docs2, TRUE);
    g_assert_cmpuint(o.replayed_files, ==, 0);
    g_assert_cmpuint(o.status[NG_STATE_CHANGED], ==, 1);
    g_assert_cmpuint(o.status[NG_STATE_NEW], ==, 1);
    g_assert_cmpuint(o.status[NG_STATE_UNCHANGED], ==, 1);
    g_assert_cmpuint(o.deleted, ==, 1);   /* document 2 */
    outcome_clear(&o);

    /* Another configuration: everything is processed again. */
    o = build(state, "fp2", paths2, docs2, TRUE);
    g_assert_cmpuint(o.status[NG_STATE_NEW], ==, 3);
    outcome_clear(&o);

    g_free(a);
    g_free(b);
    g_free(state);
    g_free(dir);
}

/* A file edited in place is read again, its stored documents looked up
 * by their hashes (one query for the file): the unchanged ones are found
 * wherever they moved within it, one listed twice both times, one moved
 * in from another file too; a hole (a result lost with a killed build) is
 * processed again. */
static void test_file_read_again(void)
{
    char *dir = tl_tmpdir();
    char *state = g_build_filename(dir, "state", NULL);
    char *a = tl_write(dir, "a.jsonl", "(a)", -1);
    char *b = tl_write(dir, "b.jsonl", "(b)", -1);
    age();
    Doc da[] = { { "1", NULL, "one" }, { "2", NULL, "two" },
                 { "3", "1987-01-03", "three" }, { 0 } };
    Doc dbb[] = { { "9", NULL, "nine" }, { 0 } };
    char *paths[] = { a, b, NULL };
    const Doc *docs[] = { da, dbb };
    Outcome o = build(state, "fp", paths, docs, TRUE);
    g_assert_cmpuint(o.status[NG_STATE_NEW], ==, 4);
    outcome_clear(&o);

    /* Lose the result of "two", as a build killed before storing it would
     * (b.jsonl, not read again, keeps its record). */
    char *path = g_build_filename(state, "state.sqlite", NULL);
    sqlite3 *db;
    g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
    g_assert_cmpint(sqlite3_exec(db, "DELETE FROM documents WHERE id = '2'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close(db);

    /* A document inserted at the top shifts the others; "3" comes twice,
     * "9" moved in from b.jsonl, "1" edited. build() checks each
     * unchanged document's result. */
    tl_put(dir, "a.jsonl", "(a, edited)", -1);
    age();
    Doc da2[] = { { "0", NULL, "zero" }, { "1", NULL, "one, edited" },
                  { "3", "1987-01-03", "three" }, { "2", NULL, "two" },
                  { "3", "1987-01-03", "three" }, { "9", NULL, "nine" },
                  { 0 } };
    const Doc *docs2[] = { da2, dbb };
    o = build(state, "fp", paths, docs2, TRUE);
    g_assert_cmpuint(o.replayed_files, ==, 1);           /* b.jsonl */
    g_assert_cmpuint(o.status[NG_STATE_NEW], ==, 2);      /* 0, and 2 */
    g_assert_cmpuint(o.status[NG_STATE_CHANGED], ==, 1);  /* 1 */
    g_assert_cmpuint(o.status[NG_STATE_UNCHANGED], ==, 3);
    outcome_clear(&o);

    /* The new list was written over the old: all of it is replayed. */
    o = build(state, "fp", paths, docs2, TRUE);
    g_assert_cmpuint(o.replayed_files, ==, 2);
    g_assert_cmpuint(o.seen.replayed->len, ==, 7);
    g_assert_cmpstr(o.seen.replayed->pdata[0], ==, "|R:0:zero");
    g_assert_cmpstr(o.seen.replayed->pdata[3], ==, "|R:2:two");
    g_assert_cmpstr(o.seen.replayed->pdata[4], ==, "1987-01-03|R:3:three");
    g_assert_cmpstr(o.seen.replayed->pdata[5], ==, "|R:9:nine");
    outcome_clear(&o);
    g_free(path);
    g_free(a);
    g_free(b);
    g_free(state);
    g_free(dir);
}

/* A document's key is SHA-256 over id NUL date NUL text (Nettle's, which
 * must give what GChecksum gives: states written before keep their keys),
 * the date empty when there is none. */
static void test_document_key(void)
{
    char *dir = tl_tmpdir();
    char *state = g_build_filename(dir, "state", NULL);
    char *a = tl_write(dir, "a.jsonl", "(a)", -1);
    age();
    Doc da[] = { { "d1", "1987-03-02", "Bonn talks." }, { "d2", NULL, "" },
                 { 0 } };
    char *paths[] = { a, NULL };
    const Doc *docs[] = { da };
    Outcome o = build(state, "fp", paths, docs, TRUE);
    outcome_clear(&o);

    char *path = g_build_filename(state, "state.sqlite", NULL);
    sqlite3 *db;
    g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
    static const struct { const char *id; const char *bytes; gsize len; } want[] = {
        { "d1", "d1\0" "1987-03-02\0" "Bonn talks.", 25 },
        { "d2", "d2\0\0", 4 },
    };
    for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
        sqlite3_stmt *st;
        g_assert_cmpint(sqlite3_prepare_v2(db, "SELECT hash FROM documents "
                                           "WHERE id = ?", -1, &st, NULL),
                        ==, SQLITE_OK);
        sqlite3_bind_text(st, 1, want[i].id, -1, SQLITE_STATIC);
        g_assert_cmpint(sqlite3_step(st), ==, SQLITE_ROW);
        GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
        g_checksum_update(c, (const guchar *)want[i].bytes, (gssize)want[i].len);
        guint8 digest[32];
        gsize len = sizeof digest;
        g_checksum_get_digest(c, digest, &len);
        g_checksum_free(c);
        g_assert_cmpmem(sqlite3_column_blob(st, 0), sqlite3_column_bytes(st, 0),
                        digest, sizeof digest);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    g_free(path);
    g_free(a);
    g_free(state);
    g_free(dir);
}

/* A build killed after a file's record was written but before its
 * results were: the next build must read the file, not replay holes. */
static void test_incomplete_record_not_replayed(void)
{
    char *dir = tl_tmpdir();
    char *state = g_build_filename(dir, "state", NULL);
    char *a = tl_write(dir, "a.txt", "(a)", -1);
    age();
    Doc da[] = { { "1", NULL, "one" }, { 0 } };
    char *paths[] = { a, NULL };
    const Doc *docs[] = { da };
    Outcome o = build(state, "fp", paths, docs, FALSE);
    outcome_clear(&o);
    o = build(state, "fp", paths, docs, TRUE);
    g_assert_cmpuint(o.replayed_files, ==, 0);
    g_assert_cmpuint(o.status[NG_STATE_NEW], ==, 1);
    outcome_clear(&o);
    o = build(state, "fp", paths, docs, TRUE);
    g_assert_cmpuint(o.replayed_files, ==, 1);
    outcome_clear(&o);
    g_free(a);
    g_free(state);
    g_free(dir);
}

/* A result no file refers to (left by a build killed after a commit of
 * results but before its file's record) is collected by a later build,
 * even one that only adds files; a build that changes nothing keeps
 * every result. */
static void test_orphans_collected(void)
{
    char *dir = tl_tmpdir();
    char *state = g_build_filename(dir, "state", NULL);
    char *a = tl_write(dir, "a.txt", "(a)", -1);
    char *b = tl_write(dir, "b.txt", "(b)", -1);
    age();
    Doc da[] = { { "1", NULL, "one" }, { 0 } };
    Doc db_[] = { { "2", NULL, "two" }, { 0 } };
    char *one[] = { a, NULL }, *two[] = { a, b, NULL };
    const Doc *docs[] = { da, db_ };
    Outcome o = build(state, "fp", one, docs, TRUE);
    outcome_clear(&o);
    o = build(state, "fp", one, docs, TRUE);
    g_assert_cmpuint(o.replayed_files, ==, 1);
    g_assert_cmpuint(o.deleted, ==, 0);
    outcome_clear(&o);

    char *path = g_build_filename(state, "state.sqlite", NULL);
    sqlite3 *db;
    g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
    /* What the killed build left: the orphan, and no "whole" mark (its
     * first commit took that away). */
    g_assert_cmpint(sqlite3_exec(db, "INSERT INTO documents VALUES "
                                 "(x'01', 'orphan', NULL, x'00');"
                                 "DELETE FROM meta WHERE key = 'whole'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close(db);
    o = build(state, "fp", two, docs, TRUE);
    g_assert_cmpuint(o.replayed_files, ==, 1);
    g_assert_cmpuint(o.status[NG_STATE_NEW], ==, 1);
    g_assert_cmpuint(o.deleted, ==, 1);   /* the orphan */
    outcome_clear(&o);
    o = build(state, "fp", two, docs, TRUE);
    g_assert_cmpuint(o.replayed_files, ==, 2);
    g_assert_cmpuint(o.deleted, ==, 0);
    outcome_clear(&o);
    g_free(path);
    g_free(a);
    g_free(b);
    g_free(state);
    g_free(dir);
}

/* A file changed just before the build is not trusted: it is read again
 * next time, even if it then looks the same. */
static void test_fresh_file_read_again(void)
{
    char *dir = tl_tmpdir();
    char *state = g_build_filename(dir, "state", NULL);
    char *a = tl_write(dir, "a.txt", "(a)", -1);
    Doc da[] = { { "1", NULL, "one" }, { 0 } };
    char *paths[] = { a, NULL };
    const Doc *docs[] = { da };
    for (int i = 0; i < 2; i++) {
        Outcome o = build(state, "fp", paths, docs, TRUE);
        g_assert_cmpuint(o.replayed_files, ==, 0);
        g_assert_cmpuint(o.status[i ? NG_STATE_UNCHANGED : NG_STATE_NEW], ==, 1);
        outcome_clear(&o);
    }
    g_free(a);
    g_free(state);
    g_free(dir);
}

typedef struct {
    char *dir;
    gboolean waited;
    char *holder;
} Waiter;

static void on_wait(const char *lock, const char *holder, gpointer user)
{
    Waiter *w = user;
    w->waited = TRUE;
    w->holder = g_strdup(holder);
}

static gpointer second_build(gpointer data)
{
    Waiter *w = data;
    NgState *s = ng_state_open(w->dir, on_wait, w, NULL);
    g_assert_nonnull(s);
    ng_state_close(s);
    return NULL;
}

static void test_lock_waits(void)
{
    char *dir = tl_tmpdir();
    GError *error = NULL;
    NgState *first = ng_state_open(dir, NULL, NULL, &error);
    g_assert_no_error(error);
    Waiter w = { dir, FALSE, NULL };
    GThread *t = g_thread_new("second", second_build, &w);
    /* The second one waits as long as the first holds the lock. */
    while (!g_atomic_int_get(&w.waited))
        g_usleep(1000);
    g_usleep(50 * 1000);
    ng_state_close(first);
    g_thread_join(t);
    char *me = g_strdup_printf("pid %ld", (long)getpid());
    g_assert_cmpstr(w.holder, ==, me);
    g_free(me);
    g_free(w.holder);
    g_free(dir);
}

static void test_not_a_database(void)
{
    char *dir = tl_tmpdir();
    tl_put(dir, "state.sqlite", "this is not an SQLite database, just text "
           "long enough to fill a header of one hundred bytes or so, more "
           "or less, and then some", -1);
    GError *error = NULL;
    NgState *s = ng_state_open(dir, NULL, NULL, &error);
    g_assert_null(s);
    g_assert_error(error, NG_ERROR, NG_ERROR_IO);
    g_assert_nonnull(strstr(error->message, "state.sqlite"));
    g_error_free(error);
    g_free(dir);
}

/* A state of schema 1 (results as JSON text) is emptied and taken as a
 * change of configuration, not refused. */
static void test_old_schema(void)
{
    char *dir = tl_tmpdir();
    char *path = g_build_filename(dir, "state.sqlite", NULL);
    sqlite3 *db;
    g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
    g_assert_cmpint(sqlite3_exec(db,
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "INSERT INTO meta VALUES ('fingerprint', 'f');"
        "CREATE TABLE documents(hash BLOB PRIMARY KEY, id TEXT NOT NULL,"
        "  date TEXT, result TEXT NOT NULL);"
        "INSERT INTO documents VALUES (x'00', 'd', NULL, '{}');"
        "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close(db);
    GError *error = NULL;
    NgState *s = ng_state_open(dir, NULL, NULL, &error);
    g_assert_no_error(error);
    gboolean changed = FALSE;
    g_assert_true(ng_state_begin(s, "f", FALSE, &changed, &error));
    g_assert_true(changed);
    NgDoc doc = { .id = "d", .text = "x", .len = 1 };
    NgStateStatus status;
    char *result;
    gsize len;
    NgStateDoc *d = ng_state_check(s, &doc, &status, &result, &len, &error);
    g_assert_no_error(error);
    g_assert_cmpint(status, ==, NG_STATE_NEW);
    ng_state_doc_free(d);
    ng_state_close(s);
    g_free(path);
    g_free(dir);
}

/* The checkpoint on a thread of its own after ng_state_finish: what is
 * written meanwhile (the output's record) and a next build on the same
 * state go on, and closing leaves everything in the database file, no
 * log beside it. */
static void test_checkpoint(void)
{
    char *dir = tl_tmpdir();
    GError *error = NULL;
    NgState *s = ng_state_open(dir, NULL, NULL, &error);
    g_assert_no_error(error);
    for (int round = 0; round < 2; round++) {
        gboolean changed;
        g_assert_true(ng_state_begin(s, "f", FALSE, &changed, &error));
        NgDoc doc = { .id = round ? "b" : "a", .text = "x", .len = 1 };
        NgStateStatus status;
        char *result;
        gsize len;
        NgStateDoc *d = ng_state_check(s, &doc, &status, &result, &len,
                                       &error);
        g_assert_cmpint(status, ==, NG_STATE_NEW);
        g_assert_true(ng_state_put(s, d, "r", 1, &error));
        ng_state_doc_free(d);
        guint64 deleted;
        g_assert_true(ng_state_finish(s, &deleted, &error));
        ng_state_checkpoint_start(s);
        g_assert_true(ng_state_set_meta(s, "output", round ? "o2" : "o1",
                                        &error));
        g_assert_no_error(error);
    }
    ng_state_close(s);

    char *wal = g_build_filename(dir, "state.sqlite-wal", NULL);
    g_assert_false(g_file_test(wal, G_FILE_TEST_EXISTS));
    char *path = g_build_filename(dir, "state.sqlite", NULL);
    sqlite3 *db;
    sqlite3_stmt *st;
    g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
                    ==, SQLITE_OK);
    g_assert_cmpint(sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE "
                                       "key = 'output'", -1, &st, NULL),
                    ==, SQLITE_OK);
    g_assert_cmpint(sqlite3_step(st), ==, SQLITE_ROW);
    g_assert_cmpstr((const char *)sqlite3_column_text(st, 0), ==, "o2");
    sqlite3_finalize(st);
    sqlite3_close(db);
    g_free(path);
    g_free(wal);
    g_free(dir);
}

/* The "whole" mark: set by a finished build whose files have all their
 * results, kept when a build is given up before any commit (rolled back:
 * nothing changed), and not set when a file read lacks results. */
static gboolean marked_whole(const char *state)
{
    char *path = g_build_filename(state, "state.sqlite", NULL);
    sqlite3 *db;
    sqlite3_stmt *st;
    g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
    g_assert_cmpint(sqlite3_prepare_v2(db, "SELECT 1 FROM meta WHERE key = "
                                       "'whole'", -1, &st, NULL), ==, SQLITE_OK);
    gboolean whole = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    sqlite3_close(db);
    g_free(path);
    return whole;
}

static void test_whole_mark(void)
{
    char *dir = tl_tmpdir();
    char *state = g_build_filename(dir, "state", NULL);
    char *a = tl_write(dir, "a.txt", "(a)", -1);
    age();
    Doc da[] = { { "1", NULL, "one" }, { 0 } };
    char *paths[] = { a, NULL };
    const Doc *docs[] = { da };
    Outcome o = build(state, "fp", paths, docs, TRUE);
    outcome_clear(&o);
    g_assert_true(marked_whole(state));

    GError *error = NULL;
    gboolean changed;
    NgState *s = ng_state_open(state, NULL, NULL, &error);
    g_assert_true(ng_state_begin(s, "fp", FALSE, &changed, &error));
    ng_state_close(s);   /* given up: rolled back */
    g_assert_true(marked_whole(state));

    o = build(state, "fp2", paths, docs, FALSE);   /* results not stored */
    outcome_clear(&o);
    g_assert_false(marked_whole(state));
    o = build(state, "fp2", paths, docs, TRUE);    /* read again, stored */
    g_assert_cmpuint(o.replayed_files, ==, 0);
    outcome_clear(&o);
    g_assert_true(marked_whole(state));
    g_free(a);
    g_free(state);
    g_free(dir);
}

/* Check every document of `path` (documents "d<i>", text "t<i>") on an
 * open state in a build that has begun; returns how many were of each
 * status. A suspect's result is confirmed when i is even, else replaced
 * by "N:<i>"; new ones are stored as "R:<i>"; `stop_after` (when
 * nonzero) documents are checked, no more. */
static void check_all(NgState *s, const char *path, guint n, guint stop_after,
                      guint status[NG_STATE_N_STATUS])
{
    GError *error = NULL;
    GStatBuf st;
    g_assert_cmpint(g_stat(path, &st), ==, 0);
    NgReadStats stats = { 0 };
    gboolean replayed;
    g_assert_true(ng_state_replay_file(s, path, &st, NULL, NULL, NULL, &stats,
                                       &replayed, &error));
    g_assert_false(replayed);
    for (guint i = 0; i < n && (!stop_after || i < stop_after); i++) {
        char id[16], text[16], *result;
        g_snprintf(id, sizeof id, "d%u", i);
        g_snprintf(text, sizeof text, "t%u", i);
        NgDoc doc = { .id = id, .text = text, .len = strlen(text),
                      .path = (char *)path };
        NgStateStatus k;
        gsize len;
        NgStateDoc *h = ng_state_check(s, &doc, &k, &result, &len, &error);
        g_assert_no_error(error);
        status[k]++;
        if (k == NG_STATE_SUSPECT || k == NG_STATE_UNCHANGED)
            g_assert_nonnull(result);
        char *put = k == NG_STATE_NEW ? g_strdup_printf("R:%u", i)
                  : k == NG_STATE_SUSPECT && i % 2 ? g_strdup_printf("N:%u", i)
                  : NULL;
        if (k == NG_STATE_SUSPECT && !put)
            g_assert_true(ng_state_confirm(s, h, &error));
        if (put)
            g_assert_true(ng_state_put(s, h, put, strlen(put), &error));
        g_free(put);
        g_free(result);
        ng_state_doc_free(h);
    }
}

/* After a change of gazetteers the results are kept as suspects: each
 * comes back as NG_STATE_SUSPECT until confirmed or replaced, a file
 * holding one is read again, and what a killed build left suspect stays
 * so - and is dropped when the gazetteers change once more. */
static void test_suspects(void)
{
    char *dir = tl_tmpdir();
    char *state = g_build_filename(dir, "state", NULL);
    /* More documents than a transaction holds (4096 rows), so that a
     * build is committed on the way and can be killed after. */
    const guint n = 5000;
    char *path = tl_write(dir, "a.jsonl", "(the documents)", -1);
    age();
    GError *error = NULL;
    gboolean changed;
    guint status[NG_STATE_N_STATUS] = { 0 };
    guint64 deleted;

    NgState *s = ng_state_open(state, NULL, NULL, &error);
    g_assert_true(ng_state_begin(s, "g1", TRUE, &changed, &error));
    g_assert_false(changed);
    g_assert_false(ng_state_has_suspects(s));
    check_all(s, path, n, 0, status);
    g_assert_cmpuint(status[NG_STATE_NEW], ==, n);
    g_assert_true(ng_state_finish(s, &deleted, &error));
    ng_state_close(s);

    /* New gazetteers, results kept: a build killed after a commit. */
    memset(status, 0, sizeof status);
    s = ng_state_open(state, NULL, NULL, &error);
    g_assert_true(ng_state_begin(s, "g2", TRUE, &changed, &error));
    g_assert_true(changed);
    g_assert_true(ng_state_has_suspects(s));
    check_all(s, path, n, 10, status);
    g_assert_cmpuint(status[NG_STATE_SUSPECT], ==, 10);
    ng_state_close(s);   /* killed: what came after the commit is lost */

    /* The same gazetteers: what was checked before the commit is good,
     * the rest still suspect. */
    memset(status, 0, sizeof status);
    s = ng_state_open(state, NULL, NULL, &error);
    g_assert_true(ng_state_begin(s, "g2", TRUE, &changed, &error));
    g_assert_false(changed);
    g_assert_true(ng_state_has_suspects(s));
    check_all(s, path, n, 0, status);
    g_assert_cmpuint(status[NG_STATE_SUSPECT], >, 0);
    g_assert_cmpuint(status[NG_STATE_UNCHANGED], >, 0);
    g_assert_cmpuint(status[NG_STATE_SUSPECT] + status[NG_STATE_UNCHANGED], ==, n);
    g_assert_true(ng_state_finish(s, &deleted, &error));
    g_assert_cmpuint(deleted, ==, 0);
    ng_state_close(s);

    /* All checked: the file is replayed, nothing suspect. */
    s = ng_state_open(state, NULL, NULL, &error);
    g_assert_true(ng_state_begin(s, "g2", TRUE, &changed, &error));
    g_assert_false(ng_state_has_suspects(s));
    GStatBuf st;
    g_assert_cmpint(g_stat(path, &st), ==, 0);
    g_assert_true(ng_state_file_current(s, path, &st));
    ng_state_close(s);

    /* Killed again, then other gazetteers: the results left suspect were
     * made under older ones still and go; the others are suspects now. */
    memset(status, 0, sizeof status);
    s = ng_state_open(state, NULL, NULL, &error);
    g_assert_true(ng_state_begin(s, "g3", TRUE, &changed, &error));
    check_all(s, path, n, 10, status);
    ng_state_close(s);
    memset(status, 0, sizeof status);
    s = ng_state_open(state, NULL, NULL, &error);
    g_assert_true(ng_state_begin(s, "g4", TRUE, &changed, &error));
    g_assert_true(changed);
    check_all(s, path, n, 0, status);
    /* Those checked before the killed build's commit are suspects again;
     * the others are processed as if new. */
    g_assert_cmpuint(status[NG_STATE_SUSPECT], >=, 1);
    g_assert_cmpuint(status[NG_STATE_SUSPECT], <=, 10);
    g_assert_cmpuint(status[NG_STATE_SUSPECT] + status[NG_STATE_CHANGED] +
                     status[NG_STATE_NEW], ==, n);
    g_assert_true(ng_state_finish(s, &deleted, &error));
    ng_state_close(s);

    /* Results not kept: dropped, suspects too. */
    memset(status, 0, sizeof status);
    s = ng_state_open(state, NULL, NULL, &error);
    g_assert_true(ng_state_begin(s, "g5", FALSE, &changed, &error));
    g_assert_false(ng_state_has_suspects(s));
    check_all(s, path, n, 0, status);
    g_assert_cmpuint(status[NG_STATE_NEW], ==, n);
    g_assert_true(ng_state_finish(s, &deleted, &error));
    ng_state_close(s);
    g_assert_no_error(error);
    g_free(path);
    g_free(state);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/state/whole-mark", test_whole_mark);
    g_test_add_func("/state/new-changed-unchanged-deleted",
                    test_new_changed_unchanged_deleted);
    g_test_add_func("/state/file-read-again", test_file_read_again);
    g_test_add_func("/state/document-key", test_document_key);
    g_test_add_func("/state/incomplete-record-not-replayed",
                    test_incomplete_record_not_replayed);
    g_test_add_func("/state/orphans-collected", test_orphans_collected);
    g_test_add_func("/state/fresh-file-read-again", test_fresh_file_read_again);
    g_test_add_func("/state/lock-waits", test_lock_waits);
    g_test_add_func("/state/not-a-database", test_not_a_database);
    g_test_add_func("/state/old-schema", test_old_schema);
    g_test_add_func("/state/checkpoint", test_checkpoint);
    g_test_add_func("/state/suspects", test_suspects);
    return g_test_run();
}
