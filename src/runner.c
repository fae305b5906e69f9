/*
 * runner.c - the ordered thread pool (see runner.h).
 *
 * Jobs go to the pool in batches: a stored result decodes in a few
 * microseconds, less than it costs to wake a thread, so each pool task is
 * BATCH jobs. The submitting thread keeps the batches in flight in a
 * queue, oldest first: that queue is the reorder buffer. A worker runs a
 * batch, marks it ready under the lock and signals; the submitting thread
 * hands over batches from the head of the queue as long as they are
 * ready, and waits for the head only when the queue is full or at the
 * end. Only the submitting thread touches the queue, the graph and the
 * caller's state; workers touch only their batch, their own NgScratch and
 * the read-only pipeline. A scratch is made when a thread first processes
 * a document (decoding needs none), so the pipeline need not be loaded
 * before then.
 *
 * A consumer (ng_runner_set_consumer) takes the results handed over on a
 * thread of its own: the submitting thread queues them a batch at a time
 * (one wake-up per batch, not per result), up to as many batches as may
 * be in flight, and goes back to reading.
 */
#include "runner.h"

#include <string.h>

#include "ng.h"

#define BATCH 32
/* Batches in flight per thread: enough to keep every worker busy while
 * the head of the queue holds a long document, few enough to bound
 * memory. */
#define BATCHES_PER_JOB 8
/* Items for documents no larger than this are kept for reuse (doc_item);
 * larger ones are freed. */
#define SPARE_ROOM (64 * 1024)

typedef struct {
    NgJob job;            /* the public part */
    NgDoc doc;            /* to process (text != NULL): copies, stored in
                             the same allocation as the Item (doc_item) */
    gsize room;           /* bytes after the Item for them (doc_item) */
    char *line;           /* to decode: owned */
    gsize len;
    gboolean bin;         /* `line` is a binary result, not JSON */
} Item;

typedef struct {
    Item *items[BATCH];
    guint n;
    gboolean ready;       /* under NgRunner.lock */
} Batch;

/* Results on their way to the consumer. */
typedef struct {
    NgDocResult *results[BATCH];
    guint n;
} Handed;

struct NgRunner {
    const NgPipeline *p;
    NgEncode encode;
    NgJobDone done;
    gpointer user;
    GDestroyNotify data_free;
    NgDocWork work;           /* NULL: ng_process_document */
    NgAffectedFunc affected;  /* for ng_runner_recheck */
    gpointer affected_user;
    GDestroyNotify output_free;

    GThreadPool *pool;        /* NULL with one job: run inline */
    GAsyncQueue *scratch;     /* idle NgScratch, at most one per worker */
    NgScratch *inline_scratch;

    Batch *filling;           /* the batch being filled */
    GQueue pending;           /* Batch*, submission order */
    guint max_pending;
    GMutex lock;
    GCond cond;
    GError *error;            /* why `done` stopped us */
    GPtrArray *spare;         /* Item*: freed document items, for reuse
                                 (doc_item); submitting thread only */

    NgResultConsume consume;  /* NULL: none */
    gpointer consume_user;
    GThread *consumer;        /* NULL: none, or consumed inline */
    Handed *handing;          /* being filled by the submitting thread */
    GMutex consume_lock;      /* guards the three below */
    GCond consume_cond;       /* any of them changed */
    GQueue handed;            /* Handed*, oldest first */
    guint consuming;          /* Handed taken and not consumed yet */
    gboolean closing;         /* the consumer is to stop */
};

static void item_free(NgRunner *r, Item *it)
{
    if (it->job.data && r->data_free)
        r->data_free(it->job.data);
    ng_docresult_free(it->job.result);
    ng_results_header_free(it->job.header);
    g_free(it->job.json);
    if (it->job.bin)
        g_bytes_unref(it->job.bin);
    if (it->job.output && r->output_free)
        r->output_free(it->job.output);
    g_clear_error(&it->job.error);
    g_free(it->line);
    if (it->room && it->room <= SPARE_ROOM && r->spare->len < r->max_pending * BATCH)
        g_ptr_array_add(r->spare, it);
    else
        g_free(it);   /* and the document's copies with it */
}

/* Copy s (may be NULL) to *at, advancing it; returns the copy. */
static char *put_string(char **at, const char *s, gsize n)
{
    if (!s)
        return NULL;
    char *copy = memcpy(*at, s, n);
    *at += n;
    return copy;
}

/* An Item holding copies of doc's id, date, text and path, all in the
 * allocation of the Item, after it. The submitting thread, which also
 * reads and parses the input and so holds up every worker when it falls
 * behind, makes no malloc or free for most documents: the items of the
 * documents handed over are reused (at most as many as can be in flight),
 * their memory already mapped and warm in the cache. */
static Item *doc_item(NgRunner *r, const NgDoc *doc)
{
    gsize id_n = doc->id ? strlen(doc->id) + 1 : 0;
    gsize date_n = doc->date ? strlen(doc->date) + 1 : 0;
    gsize path_n = doc->path ? strlen(doc->path) + 1 : 0;
    gsize need = doc->len + 1 + id_n + date_n + path_n;
    Item *it = r->spare->len ? g_ptr_array_steal_index_fast(r->spare, r->spare->len - 1)
                             : NULL;
    gsize room = it ? it->room : 0;
    if (room < need) {   /* its contents need not be kept: no realloc */
        g_free(it);
        room = MAX(need, MIN(2 * room, SPARE_ROOM));
        it = g_malloc(sizeof(Item) + room);
    }
    memset(it, 0, sizeof *it);
    it->room = room;
    char *at = (char *)(it + 1);
    it->doc.text = put_string(&at, doc->text, doc->len + 1);
    it->doc.len = doc->len;
    it->doc.id = put_string(&at, doc->id, id_n);
    it->doc.date = put_string(&at, doc->date, date_n);
    it->doc.path = put_string(&at, doc->path, path_n);
    return it;
}

/* The work itself, on whatever thread: decode the line (a result to
 * check against `doc`, if given), or process `doc` (with *scratch, made
 * on first use). */
static void run(NgRunner *r, Item *it, const NgDoc *doc, NgScratch **scratch)
{
    NgJob *j = &it->job;
    if (it->line) {
        if (it->bin)
            j->result = ng_docresult_from_bin(it->line, it->len, &j->error);
        else
            ng_results_line_parse(it->line, it->len, &j->result, &j->header,
                                  &j->error);
        g_clear_pointer(&it->line, g_free);
        if (!doc || !j->result)
            return;
        j->rechecked = TRUE;
        if (!r->affected(doc, j->result, r->affected_user))
            return;
        g_clear_pointer(&j->result, ng_docresult_free);
    }
    j->processed = TRUE;
    if (!*scratch)
        *scratch = ng_scratch_new(r->p);
    if (r->work) {
        j->output = r->work(r->p, doc, *scratch, r->user);
        return;
    }
    j->result = ng_process_document(r->p, doc, *scratch);
    if (r->encode == NG_ENCODE_JSON)
        j->json = ng_docresult_to_json(j->result);
    else if (r->encode == NG_ENCODE_BIN)
        j->bin = ng_docresult_to_bin(j->result);
}

static void work(gpointer data, gpointer user)
{
    NgRunner *r = user;
    Batch *b = data;
    NgScratch *s = g_async_queue_try_pop(r->scratch);
    for (guint i = 0; i < b->n; i++) {
        Item *it = b->items[i];
        run(r, it, it->doc.text ? &it->doc : NULL, &s);
    }
    if (s)
        g_async_queue_push(r->scratch, s);
    g_mutex_lock(&r->lock);
    b->ready = TRUE;
    g_cond_signal(&r->cond);
    g_mutex_unlock(&r->lock);
}

/* The consumer's thread: results in the order handed over. */
static gpointer consume_loop(gpointer data)
{
    NgRunner *r = data;
    g_mutex_lock(&r->consume_lock);
    for (;;) {
        Handed *h;
        while (!(h = g_queue_pop_head(&r->handed)) && !r->closing)
            g_cond_wait(&r->consume_cond, &r->consume_lock);
        if (!h)
            break;
        r->consuming++;
        g_cond_broadcast(&r->consume_cond);   /* room in the queue */
        g_mutex_unlock(&r->consume_lock);
        for (guint i = 0; i < h->n; i++) {
            r->consume(h->results[i], r->consume_user);
            ng_docresult_free(h->results[i]);
        }
        g_free(h);
        g_mutex_lock(&r->consume_lock);
        r->consuming--;
        g_cond_broadcast(&r->consume_cond);   /* perhaps all consumed */
    }
    g_mutex_unlock(&r->consume_lock);
    return NULL;
}

/* Queue the results gathered for the consumer, waiting while the queue
 * is full. */
static void send_handing(NgRunner *r)
{
    if (!r->handing)
        return;
    g_mutex_lock(&r->consume_lock);
    while (r->handed.length >= r->max_pending)
        g_cond_wait(&r->consume_cond, &r->consume_lock);
    g_queue_push_tail(&r->handed, g_steal_pointer(&r->handing));
    g_cond_broadcast(&r->consume_cond);
    g_mutex_unlock(&r->consume_lock);
}

/* Wait until the consumer has taken every result queued. */
static void consumed(NgRunner *r)
{
    if (!r->consumer)
        return;
    send_handing(r);
    g_mutex_lock(&r->consume_lock);
    while (r->handed.length || r->consuming)
        g_cond_wait(&r->consume_cond, &r->consume_lock);
    g_mutex_unlock(&r->consume_lock);
}

/* A result for the consumer: on its thread, or here without one. */
static void pass_on(NgRunner *r, NgDocResult *result)
{
    if (!r->consumer) {
        r->consume(result, r->consume_user);
        ng_docresult_free(result);
        return;
    }
    if (!r->handing)
        r->handing = g_new0(Handed, 1);
    r->handing->results[r->handing->n++] = result;
    if (r->handing->n == BATCH)
        send_handing(r);
}

NgRunner *ng_runner_new(const NgPipeline *p, guint jobs, NgEncode encode,
                        NgJobDone done, gpointer user,
                        GDestroyNotify data_free)
{
    NgRunner *r = g_new0(NgRunner, 1);
    r->p = p;
    r->encode = encode;
    r->done = done;
    r->user = user;
    r->data_free = data_free;
    r->max_pending = MAX(jobs, 1) * BATCHES_PER_JOB;
    g_queue_init(&r->pending);
    r->spare = g_ptr_array_new_with_free_func(g_free);
    g_mutex_init(&r->lock);
    g_cond_init(&r->cond);
    g_queue_init(&r->handed);
    g_mutex_init(&r->consume_lock);
    g_cond_init(&r->consume_cond);
    /* Exclusive threads: started now, ours alone. If the system will not
     * give them, the jobs run on the caller's thread instead. */
    if (jobs > 1)
        r->pool = g_thread_pool_new(work, r, (gint)jobs, TRUE, NULL);
    if (r->pool)
        r->scratch = g_async_queue_new_full((GDestroyNotify)ng_scratch_free);
    return r;
}

void ng_runner_set_consumer(NgRunner *r, NgResultConsume consume,
                            gpointer user)
{
    r->consume = consume;
    r->consume_user = user;
    if (r->pool && !r->consumer)
        r->consumer = g_thread_new("consume", consume_loop, r);
}

void ng_runner_set_work(NgRunner *r, NgDocWork work,
                        GDestroyNotify output_free)
{
    r->work = work;
    r->output_free = output_free;
}

void ng_runner_set_recheck(NgRunner *r, NgAffectedFunc affected,
                           gpointer user)
{
    r->affected = affected;
    r->affected_user = user;
}

/* Give a finished job to the caller, then free it. */
static void hand_over(NgRunner *r, Item *it)
{
    if (!r->error && !r->done(&it->job, r->user, &r->error) && !r->error)
        g_set_error(&r->error, NG_ERROR, NG_ERROR_USAGE, "stopped");
    if (r->consume && !r->error && it->job.result)
        pass_on(r, g_steal_pointer(&it->job.result));
    item_free(r, it);
}

/* Hand over the ready batches at the head of the queue; with `all`, wait
 * for every batch, otherwise only while the queue is full. */
static void deliver(NgRunner *r, gboolean all)
{
    Batch *b;
    while ((b = g_queue_peek_head(&r->pending))) {
        gboolean wait = all || r->pending.length >= r->max_pending;
        g_mutex_lock(&r->lock);
        while (wait && !b->ready)
            g_cond_wait(&r->cond, &r->lock);
        gboolean ready = b->ready;
        g_mutex_unlock(&r->lock);
        if (!ready)
            return;
        g_queue_pop_head(&r->pending);
        for (guint i = 0; i < b->n; i++)
            hand_over(r, b->items[i]);
        g_free(b);
        send_handing(r);
    }
}

/* Send the batch being filled to the pool. */
static void flush(NgRunner *r)
{
    if (!r->filling)
        return;
    g_queue_push_tail(&r->pending, r->filling);
    g_thread_pool_push(r->pool, g_steal_pointer(&r->filling), NULL);
}

static gboolean failed(NgRunner *r, GError **error)
{
    if (!r->error)
        return FALSE;
    g_propagate_error(error, g_error_copy(r->error));
    return TRUE;
}

/* Run a new job: inline, or on the pool (then hand over what is ready). */
static gboolean submit(NgRunner *r, Item *it, const NgDoc *doc,
                       GError **error)
{
    if (failed(r, error)) {
        item_free(r, it);
        return FALSE;
    }
    if (!r->pool) {
        run(r, it, doc, &r->inline_scratch);
        hand_over(r, it);
        return !failed(r, error);
    }
    if (!r->filling)
        r->filling = g_new0(Batch, 1);
    r->filling->items[r->filling->n++] = it;
    if (r->filling->n == BATCH) {
        flush(r);
        deliver(r, FALSE);
    }
    return !failed(r, error);
}

gboolean ng_runner_process(NgRunner *r, const NgDoc *doc, gpointer data,
                           GError **error)
{
    /* The caller's document is freed when we return: a pool needs
     * copies. */
    Item *it = r->pool ? doc_item(r, doc) : g_new0(Item, 1);
    it->job.data = data;
    return submit(r, it, doc, error);
}

gboolean ng_runner_decode(NgRunner *r, char *line, gsize len, gpointer data,
                          GError **error)
{
    Item *it = g_new0(Item, 1);
    it->job.data = data;
    it->line = line;
    it->len = len;
    return submit(r, it, NULL, error);
}

gboolean ng_runner_decode_bin(NgRunner *r, void *bin, gsize len,
                              gpointer data, GError **error)
{
    Item *it = g_new0(Item, 1);
    it->job.data = data;
    it->line = bin;
    it->len = len;
    it->bin = TRUE;
    return submit(r, it, NULL, error);
}

gboolean ng_runner_recheck(NgRunner *r, const NgDoc *doc, void *bin,
                           gsize len, gpointer data, GError **error)
{
    g_return_val_if_fail(r->affected, FALSE);
    Item *it = r->pool ? doc_item(r, doc) : g_new0(Item, 1);
    it->job.data = data;
    it->line = bin;
    it->len = len;
    it->bin = TRUE;
    return submit(r, it, doc, error);
}

gboolean ng_runner_finish(NgRunner *r, GError **error)
{
    if (r->pool) {
        flush(r);
        deliver(r, TRUE);
    }
    consumed(r);
    return !failed(r, error);
}

void ng_runner_free(NgRunner *r)
{
    if (!r)
        return;
    if (r->consumer) {
        g_mutex_lock(&r->consume_lock);
        r->closing = TRUE;
        g_cond_broadcast(&r->consume_cond);
        g_mutex_unlock(&r->consume_lock);
        g_thread_join(r->consumer);   /* having consumed what was queued */
        if (r->handing) {             /* never queued */
            for (guint i = 0; i < r->handing->n; i++)
                ng_docresult_free(r->handing->results[i]);
            g_free(r->handing);
        }
    }
    if (r->pool) {
        g_thread_pool_free(r->pool, FALSE, TRUE);
        if (r->filling)   /* never sent */
            g_queue_push_tail(&r->pending, r->filling);
        Batch *b;
        while ((b = g_queue_pop_head(&r->pending))) {
            for (guint i = 0; i < b->n; i++)
                item_free(r, b->items[i]);
            g_free(b);
        }
        g_async_queue_unref(r->scratch);   /* frees the scratches */
    }
    ng_scratch_free(r->inline_scratch);
    g_ptr_array_free(r->spare, TRUE);
    g_mutex_clear(&r->lock);
    g_cond_clear(&r->cond);
    g_mutex_clear(&r->consume_lock);
    g_cond_clear(&r->consume_cond);
    g_clear_error(&r->error);
    g_free(r);
}
