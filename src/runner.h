/*
 * runner.h - per-document work on a thread pool, results in input order.
 *
 * The caller submits jobs from one thread, in input order: documents to
 * process (ng_process_document), result lines to decode (merge input),
 * binary results to decode (the stored state) or to check against their
 * documents (after a change of gazetteers). Up to `jobs` of them run at
 * once on a GThreadPool, each worker with its own NgScratch; the finished
 * jobs wait in a reorder buffer and are handed to the caller's `done`
 * callback, on the caller's thread, strictly in submission order. So whatever the number of threads
 * and however they are scheduled, the graph sees the same sequence and
 * the output is the same: `--jobs N` changes the speed, never the bytes.
 *
 * At most a few hundred jobs are in flight; submitting blocks while the
 * oldest is unfinished, so memory stays bounded on any corpus. With
 * jobs == 1 no thread is started: jobs run as they are submitted.
 */
#ifndef NG_RUNNER_H
#define NG_RUNNER_H

#include <glib.h>
#include "doc.h"
#include "docresult.h"
#include "docresult_bin.h"
#include "docresult_json.h"
#include "pipeline.h"

typedef struct {
    gpointer data;             /* the caller's, as submitted */
    gboolean processed;        /* TRUE: a document was processed;
                                  FALSE: a line was decoded */
    gboolean rechecked;        /* a stored result was checked against its
                                  document (ng_runner_recheck): kept if
                                  not `processed` */
    /* The outcome; `done` may take any of these (set it to NULL). */
    NgDocResult *result;       /* the document's result, or NULL for a
                                  header line or an error */
    NgResultsHeader *header;   /* a decoded header line */
    char *json;                /* processed with NG_ENCODE_JSON: the
                                  result as one line of JSON */
    GBytes *bin;               /* processed with NG_ENCODE_BIN: the result
                                  in binary form (docresult_bin.h) */
    GError *error;             /* a line that could not be decoded */
    gpointer output;           /* what a custom NgDocWork returned */
} NgJob;

/* Called in submission order on the submitting thread. Returning FALSE
 * (with error set) stops the runner: later submissions fail with it. */
typedef gboolean (*NgJobDone)(NgJob *job, gpointer user, GError **error);

typedef struct NgRunner NgRunner;

/* What a processed document's result is also serialized as. */
typedef enum {
    NG_ENCODE_NONE,
    NG_ENCODE_JSON,     /* NgJob.json */
    NG_ENCODE_BIN,      /* NgJob.bin */
} NgEncode;

/* `p` must outlive the runner; its gazetteer and rules need be loaded only
 * when the first document is submitted (NULL for a runner that only
 * decodes). `encode`: how to also serialize processed results.
 * `data_free` (may be NULL) frees each job's data. */
NgRunner *ng_runner_new(const NgPipeline *p, guint jobs, NgEncode encode,
                        NgJobDone done, gpointer user,
                        GDestroyNotify data_free);

/* A worker's job on a document in place of ng_process_document (and
 * encoding): `negraph tag` prints mentions rather than build a graph.
 * Runs on any thread with that thread's scratch; `user` is the runner's,
 * shared by every worker, so it must only be read. The return value goes
 * to NgJob.output. */
typedef gpointer (*NgDocWork)(const NgPipeline *p, const NgDoc *doc,
                              NgScratch *scratch, gpointer user);

/* Use `work` for the documents submitted from now on; `output_free`
 * frees an output that `done` left in its job. */
void ng_runner_set_work(NgRunner *r, NgDocWork work,
                        GDestroyNotify output_free);

/* After `done`, hand each job's result (if `done` left it there) on to
 * `consume`, in the same order, on a thread of the runner's own, which
 * then frees it: for work that needs nothing of the submitting thread,
 * like adding to a graph, so that the submitting thread can go on
 * reading meanwhile. `consume` may not touch what the submitting thread
 * uses until ng_runner_finish returns; results wait for it in a bounded
 * queue. With jobs == 1 there is no thread: it runs right after `done`. */
typedef void (*NgResultConsume)(const NgDocResult *result, gpointer user);
void ng_runner_set_consumer(NgRunner *r, NgResultConsume consume,
                            gpointer user);

/* Submit a document (copied: id, date, text, path) to be processed. */
gboolean ng_runner_process(NgRunner *r, const NgDoc *doc, gpointer data,
                           GError **error);
/* Submit a line of results JSON to be decoded; takes `line`. */
gboolean ng_runner_decode(NgRunner *r, char *line, gsize len, gpointer data,
                          GError **error);
/* Submit a binary result (docresult_bin.h) to be decoded; takes `bin`
 * (g_malloc'ed). Its NgJob has no header. */
gboolean ng_runner_decode_bin(NgRunner *r, void *bin, gsize len,
                              gpointer data, GError **error);

/* Whether the document's stored result may no longer be what processing
 * it gives (gazetteer_diff.h). Called on any thread; `user` is shared by
 * every worker, so it must only be read. */
typedef gboolean (*NgAffectedFunc)(const NgDoc *doc, const NgDocResult *stored,
                                   gpointer user);
void ng_runner_set_recheck(NgRunner *r, NgAffectedFunc affected,
                           gpointer user);
/* Submit a document (copied) with its stored result (binary, taken):
 * the result is decoded and kept if `affected` says the document is not
 * affected, otherwise the document is processed (NgJob.processed) and
 * the result dropped. */
gboolean ng_runner_recheck(NgRunner *r, const NgDoc *doc, void *bin,
                           gsize len, gpointer data, GError **error);
/* Wait for every job and hand over the rest (and, with a consumer, for
 * it to take every result). FALSE if `done` failed. */
gboolean ng_runner_finish(NgRunner *r, GError **error);
/* Waits for running jobs; pending ones are dropped. */
void ng_runner_free(NgRunner *r);

#endif
