/*
 * test_pipeline.c - per-document processing and the ordered thread pool
 * (pipeline.h, runner.h): results come back in input order and are the
 * same whatever the number of threads.
 */
#include <string.h>

#include "docresult_json.h"
#include "ng.h"
#include "pipeline.h"
#include "runner.h"
#include "testlib.h"

typedef struct {
    NgGazetteer *gz;
    NgMatcher *m;
    NgRuleSet *rules;
    NgPipeline p;
} Fixture;

static void fixture_init(Fixture *f)
{
    f->gz = ng_gazetteer_new();
    static const struct { const char *name, *alias; NgEntityType type; } e[] = {
        { "United States", "U.S.", NG_TYPE_COUNTRY },
        { "Russia", "Moscow", NG_TYPE_COUNTRY },
        { "Japan", "Tokyo", NG_TYPE_COUNTRY },
        { "Antony Blinken", "Blinken", NG_TYPE_PERSON },
        { "Sergey Lavrov", "Lavrov", NG_TYPE_PERSON },
        { "Nord Stream 2 AG", "Nord Stream", NG_TYPE_ORGANIZATION },
    };
    for (guint i = 0; i < G_N_ELEMENTS(e); i++) {
        guint32 id = ng_gazetteer_add_entity(f->gz, e[i].name, e[i].type, NULL);
        ng_gazetteer_add_alias(f->gz, id, e[i].name, 0);
        ng_gazetteer_add_alias(f->gz, id, e[i].alias, 0);
    }
    f->m = ng_matcher_new(f->gz);
    /* The shipped rules: relation engines run on every thread too. */
    char *rules = tl_src_path("rules");
    GError *error = NULL;
    f->rules = ng_rules_load_dir(rules, NULL, &error);
    g_assert_no_error(error);
    g_free(rules);
    f->p = (NgPipeline){ .gazetteer = f->gz, .matcher = f->m,
                         .rules = f->rules, .tag = { .metonyms = TRUE },
                         .window = NG_WINDOW_SENTENCE };
}

static void fixture_clear(Fixture *f)
{
    ng_rules_free(f->rules);
    ng_matcher_free(f->m);
    ng_gazetteer_free(f->gz);
}

/* Document i: a few sentences naming entities chosen by i, some long. */
static char *doc_text(guint i)
{
    static const char *names[] = { "Blinken", "Lavrov", "Moscow", "the U.S.",
                                   "Japan", "Nord Stream", "nobody" };
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "Story %u\n\n", i);
    guint n = 1 + i % 5 + (i % 97 == 0 ? 300 : 0);   /* now and then long */
    for (guint k = 0; k < n; k++)
        g_string_append_printf(s, "%s met %s in %s. ", names[(i + k) % 7],
                               names[(i * 3 + k) % 7], names[(i + 2 * k) % 7]);
    return g_string_free(s, FALSE);
}

static NgDoc make_doc(guint i, char *text)
{
    char *id = g_strdup_printf("doc-%u", i);
    return (NgDoc){ .id = id, .date = i % 3 ? "1987-03-01" : NULL,
                    .text = text, .len = strlen(text), .path = "test" };
}

#define N_DOCS 400

/* The reference: every document processed in order on this thread. */
static GPtrArray *reference(Fixture *f)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    NgScratch *s = ng_scratch_new(&f->p);
    guint relations = 0;
    for (guint i = 0; i < N_DOCS; i++) {
        char *text = doc_text(i);
        NgDoc doc = make_doc(i, text);
        NgDocResult *r = ng_process_document(&f->p, &doc, s);
        char *line = ng_docresult_to_json(r);
        relations += strstr(line, "\"relation\":\"meets\"") != NULL;
        g_ptr_array_add(lines, line);
        ng_docresult_free(r);
        g_free(doc.id);
        g_free(text);
    }
    ng_scratch_free(s);
    g_assert_cmpuint(relations, >, 0);   /* the rules found meetings */
    return lines;
}

typedef struct {
    GPtrArray *lines;      /* what `done` saw, in order */
    guint next;            /* the data expected next */
    guint fail_at;         /* make `done` fail there (0: never) */
} Collect;

static gboolean collect(NgJob *job, gpointer user, GError **error)
{
    Collect *c = user;
    g_assert_cmpuint(GPOINTER_TO_UINT(job->data), ==, ++c->next);
    if (c->fail_at && c->next == c->fail_at) {
        g_set_error(error, NG_ERROR, NG_ERROR_IO, "stop at %u", c->next);
        return FALSE;
    }
    g_assert_no_error(job->error);
    g_assert_nonnull(job->result);
    g_ptr_array_add(c->lines, job->processed ? g_steal_pointer(&job->json)
                                             : ng_docresult_to_json(job->result));
    return TRUE;
}

static void test_any_jobs_same_order(void)
{
    Fixture f;
    fixture_init(&f);
    GPtrArray *ref = reference(&f);
    guint jobs[] = { 1, 2, 4, 7 };
    for (guint k = 0; k < G_N_ELEMENTS(jobs); k++) {
        Collect c = { g_ptr_array_new_with_free_func(g_free), 0, 0 };
        NgRunner *r = ng_runner_new(&f.p, jobs[k], NG_ENCODE_JSON, collect,
                                    &c, NULL);
        for (guint i = 0; i < N_DOCS; i++) {
            char *text = doc_text(i);
            NgDoc doc = make_doc(i, text);
            /* Every third document comes as a stored result instead. */
            gboolean ok = i % 3 == 2
                ? ng_runner_decode(r, g_strdup(ref->pdata[i]),
                                   strlen(ref->pdata[i]),
                                   GUINT_TO_POINTER(i + 1), NULL)
                : ng_runner_process(r, &doc, GUINT_TO_POINTER(i + 1), NULL);
            g_assert_true(ok);
            g_free(doc.id);
            g_free(text);   /* the runner copied what it needs */
        }
        g_assert_true(ng_runner_finish(r, NULL));
        ng_runner_free(r);
        g_assert_cmpuint(c.lines->len, ==, N_DOCS);
        for (guint i = 0; i < N_DOCS; i++)
            g_assert_cmpstr(c.lines->pdata[i], ==, ref->pdata[i]);
        g_ptr_array_free(c.lines, TRUE);
    }
    g_ptr_array_free(ref, TRUE);
    fixture_clear(&f);
}

/* A consumer: what `done` leaves goes on to it in the same order, on a
 * thread of its own when there is a pool; what `done` takes never gets
 * there; all of it is there when ng_runner_finish returns. */
typedef struct {
    guint next;            /* the data `done` expects next */
    GPtrArray *lines;      /* what the consumer saw, in order */
    GThread *submitter;
    gboolean elsewhere;    /* a result was consumed on another thread */
} Relay;

static gboolean relay_done(NgJob *job, gpointer user, GError **error)
{
    Relay *c = user;
    g_assert_cmpuint(GPOINTER_TO_UINT(job->data), ==, ++c->next);
    if (c->next % 5 == 0)   /* taken here: not for the consumer */
        g_clear_pointer(&job->result, ng_docresult_free);
    return TRUE;
}

static void relay_consume(const NgDocResult *result, gpointer user)
{
    Relay *c = user;
    c->elsewhere |= g_thread_self() != c->submitter;
    g_ptr_array_add(c->lines, ng_docresult_to_json(result));
}

static void test_consumer_same_order(void)
{
    Fixture f;
    fixture_init(&f);
    GPtrArray *ref = reference(&f);
    guint jobs[] = { 1, 2, 4 };
    for (guint k = 0; k < G_N_ELEMENTS(jobs); k++) {
        Relay c = { 0, g_ptr_array_new_with_free_func(g_free),
                    g_thread_self(), FALSE };
        NgRunner *r = ng_runner_new(&f.p, jobs[k], NG_ENCODE_NONE, relay_done,
                                    &c, NULL);
        ng_runner_set_consumer(r, relay_consume, &c);
        for (guint i = 0; i < N_DOCS; i++) {
            char *text = doc_text(i);
            NgDoc doc = make_doc(i, text);
            g_assert_true(i % 2
                ? ng_runner_decode(r, g_strdup(ref->pdata[i]),
                                   strlen(ref->pdata[i]),
                                   GUINT_TO_POINTER(i + 1), NULL)
                : ng_runner_process(r, &doc, GUINT_TO_POINTER(i + 1), NULL));
            g_free(doc.id);
            g_free(text);
        }
        g_assert_true(ng_runner_finish(r, NULL));
        g_assert_cmpuint(c.lines->len, ==, N_DOCS - N_DOCS / 5);
        for (guint i = 0, at = 0; i < N_DOCS; i++)
            if ((i + 1) % 5)
                g_assert_cmpstr(c.lines->pdata[at++], ==, ref->pdata[i]);
        g_assert_true(c.elsewhere == (jobs[k] > 1));
        ng_runner_free(r);
        g_ptr_array_free(c.lines, TRUE);
    }
    g_ptr_array_free(ref, TRUE);
    fixture_clear(&f);
}

static guint freed;

static void count_free(gpointer data)
{
    freed++;
}

static void count_consumed(const NgDocResult *result, gpointer user)
{
    (*(guint *)user)++;
}

/* When `done` fails, later submissions fail with its error and every
 * job's data is freed; the consumer has the results before it. */
static void test_done_failure_stops(void)
{
    Fixture f;
    fixture_init(&f);
    guint jobs[] = { 1, 3 };
    for (guint k = 0; k < G_N_ELEMENTS(jobs); k++) {
        Collect c = { g_ptr_array_new_with_free_func(g_free), 0, 50 };
        NgRunner *r = ng_runner_new(&f.p, jobs[k], NG_ENCODE_NONE, collect, &c,
                                    count_free);
        guint consumed = 0;
        ng_runner_set_consumer(r, count_consumed, &consumed);
        freed = 0;
        guint submitted = 0;
        GError *error = NULL;
        for (guint i = 0; i < N_DOCS && !error; i++) {
            char *text = doc_text(i);
            NgDoc doc = make_doc(i, text);
            submitted++;
            ng_runner_process(r, &doc, GUINT_TO_POINTER(i + 1), &error);
            g_free(doc.id);
            g_free(text);
        }
        if (!error)
            g_assert_false(ng_runner_finish(r, &error));
        g_assert_error(error, NG_ERROR, NG_ERROR_IO);
        g_assert_cmpstr(error->message, ==, "stop at 50");
        g_clear_error(&error);
        ng_runner_free(r);
        g_assert_cmpuint(consumed, ==, 49);
        g_assert_cmpuint(freed, ==, submitted);
        g_assert_cmpuint(c.lines->len, ==, 49);
        g_ptr_array_free(c.lines, TRUE);
    }
    fixture_clear(&f);
}

static gboolean expect_bad(NgJob *job, gpointer user, GError **error)
{
    g_assert_error(job->error, NG_ERROR, NG_ERROR_FORMAT);
    g_assert_null(job->result);
    (*(guint *)user)++;
    return TRUE;
}

static void test_decode_error_reported(void)
{
    guint seen = 0;
    NgRunner *r = ng_runner_new(NULL, 2, NG_ENCODE_NONE, expect_bad, &seen,
                                NULL);
    for (guint i = 0; i < 70; i++)
        g_assert_true(ng_runner_decode(r, g_strdup("{oops"), 5, NULL, NULL));
    g_assert_true(ng_runner_finish(r, NULL));
    ng_runner_free(r);
    g_assert_cmpuint(seen, ==, 70);
}

static void test_date_window(void)
{
    g_assert_true(ng_date_in_window(NULL, NULL, NULL));
    g_assert_true(ng_date_in_window("1987-03-01", NULL, NULL));
    g_assert_false(ng_date_in_window(NULL, "1987", NULL));
    g_assert_true(ng_date_in_window("1987-03-01", "1987-03-01", "1987-03-01"));
    g_assert_true(ng_date_in_window("1987-03-01T23:59:59Z", "1987-03-01",
                                    "1987-03-01"));
    g_assert_true(ng_date_in_window("1987-03-31", "1987-03", "1987-03"));
    g_assert_false(ng_date_in_window("1987-04-01", NULL, "1987-03"));
    g_assert_false(ng_date_in_window("1987-02-28", "1987-03", NULL));
    g_assert_true(ng_date_in_window("1988-01-01", "1987", NULL));

    const char *good[] = { "1987", "1987-03", "1987-03-01", "1987-03-01T10:00" };
    const char *bad[] = { "", "87", "1987-3", "1987-03-1", "1987/03/01",
                          "yesterday", "1987-03-01 10:00", "19870", "1987-" };
    for (guint i = 0; i < G_N_ELEMENTS(good); i++)
        g_assert_true(ng_date_valid(good[i]));
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++)
        g_assert_false(ng_date_valid(bad[i]));
}

static void test_describe(void)
{
    Fixture f;
    fixture_init(&f);
    f.p.tag.metonyms = FALSE;
    f.p.window = NG_WINDOW_PARAGRAPH;
    char *o = ng_pipeline_options(&f.p);
    g_assert_cmpstr(o, ==, "window=paragraph metonyms=off");
    char *d = ng_pipeline_describe(&f.p);
    char *want = g_strdup_printf("window=paragraph metonyms=off; gazetteers: "
                                 "6 entities, 12 aliases; rules: %u relations, "
                                 "%u rules", f.rules->relations->len,
                                 ng_rules_n_rules(f.rules));
    g_assert_cmpstr(d, ==, want);
    g_free(want);
    g_free(d);
    g_free(o);
    fixture_clear(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/runner/any-jobs-same-order", test_any_jobs_same_order);
    g_test_add_func("/runner/consumer-same-order", test_consumer_same_order);
    g_test_add_func("/runner/done-failure-stops", test_done_failure_stops);
    g_test_add_func("/runner/decode-error-reported", test_decode_error_reported);
    g_test_add_func("/pipeline/date-window", test_date_window);
    g_test_add_func("/pipeline/describe", test_describe);
    return g_test_run();
}
