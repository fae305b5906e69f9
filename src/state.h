/*
 * state.h - the incremental state of `negraph build --state DIR`: the
 * results of the last build, kept in an SQLite database so that a rebuild
 * processes only what is new or changed.
 *
 * DIR/state.sqlite holds
 *  - every document's result (in binary form, docresult_bin.h), keyed by
 *    a SHA-256 of the document's id, date and text: an unchanged document
 *    is found again wherever it now is;
 *  - for every input file read, how it looked (size, times, inode), which
 *    documents it held in which order, and the warnings reading it gave. A
 *    file that still looks the same is not read again: its documents are
 *    replayed from the state (ng_state_replay_file);
 *  - the fingerprint of the configuration (gazetteers, rules, options,
 *    program) the results were made with: when it changes, everything
 *    stored is dropped and every document is processed again - or, when
 *    only the gazetteers changed, the results are kept as suspects and
 *    only the documents the change can affect are processed again.
 * At the end of a build (ng_state_finish) the files not seen and the
 * results no file refers to any more are deleted.
 *
 * Crash safety comes from SQLite: writes are grouped into transactions
 * (write-ahead log) and every row is valid on its own - a result is the
 * result of the bytes its key hashes, and a file is replayed only when
 * every result it lists is there - so a build killed at any moment
 * leaves a state the next build uses as it is. DIR/lock is flock()ed for
 * the whole build: a second build on the same state waits for the first
 * (the kernel releases the lock of a killed process).
 */
#ifndef NG_STATE_H
#define NG_STATE_H

#include <glib.h>
#include "doc.h"

typedef struct NgState NgState;

/* Called once, before waiting, when another process holds DIR/lock;
 * `holder` is what that process wrote there ("pid 1234"), or "". */
typedef void (*NgStateWaitFunc)(const char *lock_path, const char *holder,
                                gpointer user);

/* Open (creating DIR and the database if needed) and lock the state.
 * A state of an older schema is emptied: every document is processed
 * again, as after a change of configuration (ng_state_begin's *changed).
 * Errors: NG_ERROR_IO (DIR, the lock, SQLite, a file that is not an SQLite
 * database), NG_ERROR_FORMAT (a state from a newer negraph). */
NgState *ng_state_open(const char *dir, NgStateWaitFunc on_wait,
                       gpointer user, GError **error);
/* Roll back an unfinished build and release the lock. */
void ng_state_close(NgState *s);

/* Start a build under configuration `fingerprint`; *changed tells whether
 * it differs from the last build's, or the state was of an older schema.
 * Then all stored results are dropped - unless `keep` is set and the
 * schema is current: then they are kept as suspects, each to be checked
 * before it is used (NG_STATE_SUSPECT). The caller keeps them when only
 * the gazetteers changed and it can tell which documents that affects
 * (gazetteer_diff.h). */
gboolean ng_state_begin(NgState *s, const char *fingerprint, gboolean keep,
                        gboolean *changed, GError **error);
/* Whether some stored results are suspects (after ng_state_begin). */
gboolean ng_state_has_suspects(const NgState *s);
/* Small values kept beside the results, in the meta table:
 *  "describe"  the description of the configuration (ng_pipeline_describe)
 *              saved under the current fingerprint: a build that processes
 *              nothing need not load the gazetteers to name them;
 *  "output..." what the last build wrote (cmd_build.c): cleared by
 *              ng_state_finish, so only a build that left the results as
 *              they are may find it set.
 *  "base"      the fingerprint of the configuration without the gazetteers
 *              (cmd_build.c): when only the gazetteers changed, the results
 *              are kept as suspects;
 *  "fingerprint" is ng_state_begin's own (the results' configuration).
 * ng_state_get_meta returns NULL for a key not set (newly allocated). */
char *ng_state_get_meta(NgState *s, const char *key);
gboolean ng_state_set_meta(NgState *s, const char *key, const char *value,
                           GError **error);

/* Whether the file `path` (stat `st`) looks as it did when last read and
 * every result it held is stored: ng_state_replay_file would replay it. */
gboolean ng_state_file_current(NgState *s, const char *path,
                               const GStatBuf *st);
/* Hand the warnings stored with the file `path` to `warn`; returns how
 * many of them skipped input. */
guint64 ng_state_file_warnings(NgState *s, const char *path, NgWarnFunc warn,
                               gpointer user);

/* For each document of a replayed file, in order: its date and result
 * (`len` bytes, valid during the call). */
typedef gboolean (*NgStateReplayFunc)(const char *date, const void *result,
                                      gsize len, gpointer user,
                                      GError **error);

/* Before reading the file `path` (stat `st`): when it looks as it did
 * when last read and every result it held is stored, hand those results
 * to `each` and its warnings to `warn` (with `user`), add its counts to
 * `stats`, and set *replayed: the file need not be read. Otherwise the
 * file is about to be read: its new record starts. `each` may be NULL
 * when the graph already has the file's documents (snapshot.h): the file
 * is then only noted as seen, with its warnings and counts. */
gboolean ng_state_replay_file(NgState *s, const char *path,
                              const GStatBuf *st, NgStateReplayFunc each,
                              NgWarnFunc warn, gpointer user,
                              NgReadStats *stats, gboolean *replayed,
                              GError **error);
/* A warning given while reading; kept with its file to be replayed. */
void ng_state_note_warning(NgState *s, const char *message, gboolean skipped);

typedef enum {
    NG_STATE_NEW,          /* an id not seen before */
    NG_STATE_CHANGED,      /* a known id with another date or text */
    NG_STATE_UNCHANGED,    /* the stored result is good */
    NG_STATE_SUSPECT,      /* the document is unchanged, but its result
                              was made under the gazetteers of an earlier
                              build (ng_state_begin's `keep`): keep it
                              after checking (ng_state_confirm), or
                              process the document again (ng_state_put) */
    NG_STATE_N_STATUS
} NgStateStatus;

/* A document between ng_state_check and ng_state_put. */
typedef struct NgStateDoc NgStateDoc;

/* A document read: note it in its file's record and look it up. For an
 * unchanged or suspect document *result is set to its stored result
 * (newly allocated, *len bytes and a NUL). Returns the document's handle (free
 * with ng_state_doc_free), NULL on a database error. */
NgStateDoc *ng_state_check(NgState *s, const NgDoc *doc,
                           NgStateStatus *status, char **result, gsize *len,
                           GError **error);
/* Store the result (`len` bytes) of a document processed after
 * ng_state_check. */
gboolean ng_state_put(NgState *s, const NgStateDoc *d, const void *result,
                      gsize len, GError **error);
/* A suspect's stored result was checked and is good as it is. */
gboolean ng_state_confirm(NgState *s, const NgStateDoc *d, GError **error);
void ng_state_doc_free(gpointer d);

/* Forget the files this build did not see and the results no file holds
 * any more (*deleted: the documents whose id is gone), clear the "output"
 * meta values, and commit. */
gboolean ng_state_finish(NgState *s, guint64 *deleted, GError **error);

/* After ng_state_finish: copy what the build wrote from SQLite's
 * write-ahead log into the database file (a checkpoint, mostly waiting
 * for the disk to sync) on a thread of its own, while the caller writes
 * its output, instead of in ng_state_close, which waits for it. Start no
 * thread before a fork (see cmd_output.h). */
void ng_state_checkpoint_start(NgState *s);

#endif
