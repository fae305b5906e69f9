/*
 * cmd_build.c - `negraph build`: news text in, GraphML (or GEXF) out.
 *
 * Documents are read in input order and processed on a thread pool
 * (runner.h) whose results come back in input order into the graph, so
 * the output does not depend on --jobs. With --state DIR the files and
 * documents unchanged since the last build are not processed again: their
 * stored results are used (state.h), and the graph is exactly what a
 * build from scratch would give. The file is written to a temporary file
 * renamed into place only when complete, so a failed or killed build
 * leaves the previous graph as it was.
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_output.h"
#include "cmd_pipeline.h"
#include "commands.h"
#include "config_cache.h"
#include "config_change.h"
#include "doc.h"
#include "docresult.h"
#include "graph.h"
#include "ng.h"
#include "pipeline.h"
#include "progress.h"
#include "runner.h"
#include "snapshot.h"
#include "state.h"

typedef struct {
    NgCliPipeline *cp;
    NgCliOutput *out;
    NgRunner *runner;
    NgState *state;          /* NULL without --state */
    NgProgress *progress;    /* NULL unless stderr is a terminal */
    NgReadStats *stats;
    guint64 status[NG_STATE_N_STATUS];
    guint64 deleted;
    double documents_seconds;  /* until the last document was in the graph */
    gboolean config_changed;
    /* After a change of the gazetteers or rules alone the stored results
     * are suspects (state.h), checked against the change rather than all
     * processed again: */
    char *last_fingerprint;  /* what the last build's results and its
                                config.cache were made under; NULL if
                                they are not kept */
    char *last_config;       /* the state's record of that configuration
                                (config_change.h), or NULL */
    NgConfigChange change;   /* once loaded: the change since then */
    guint64 reprocessed;     /* suspects processed again */
    gboolean config_failed;  /* the gazetteers or rules would not load */
    GThread *loader;         /* loading them ahead, or NULL */
    int ahead_rc;            /* what that thread returned; -1: no thread */
    gboolean loaded;         /* need_config has run */
    gboolean up_to_date;     /* nothing to do: the output is current */
    guint64 nodes, edges;    /* of the graph written (or found current) */
    GError *error;           /* a state error while the reader skips */
    NgSnapshot *snapshot;    /* the graph started from, or NULL */
    guint64 snapshot_docs;   /* the documents that came with it */
    guint n_files;           /* input files seen so far */
    GThread *saver;          /* writing the graph for the next build */
    const char *state_dir;   /* for save_snapshot from the output's hook */
    GPtrArray *paths;
} Build;

static void show_progress(Build *b, guint64 bytes)
{
    const char *line = b->progress ? ng_progress_add(b->progress, bytes, FALSE)
                                   : NULL;
    if (line)
        fprintf(stderr, "\r\033[Knegraph: %s", line);
}

/* The state's description of the configuration, and its record (meta
 * "config", config_change.h) for the next build to tell what changed -
 * unless an earlier build of this configuration kept it already. */
static gboolean keep_config(Build *b, GError **error)
{
    char *kept = b->config_changed ? NULL
                                   : ng_state_get_meta(b->state, "config");
    char *gazetteers = NULL;
    const char *rules;
    gboolean current = ng_config_record_read(kept, b->cp->fingerprint,
                                             &gazetteers, &rules);
    g_free(gazetteers);
    g_free(kept);
    if (current)
        return TRUE;
    char *record = ng_config_record(b->cp->fingerprint,
                                    b->cp->gazetteer_fingerprint,
                                    b->cp->config->rules);
    gboolean ok =
        ng_state_set_meta(b->state, "describe", b->cp->describe, error) &&
        ng_state_set_meta(b->state, "config", record, error);
    g_free(record);
    return ok;
}

/* The rules kept against the new ones: b->change.rules, or rules_same,
 * or neither (every suspect is then processed again). */
static void compare_rules(Build *b, const char *kept)
{
    GError *error = NULL;
    NgConfigChange *c = &b->change;
    c->rules = ng_rules_diff_from_text(kept, b->cp->config->rules,
                                       &c->rules_same, &error);
    if (c->rules)
        ng_cli_info("rules: %u added, removed or changed",
                    ng_rules_diff_n_changed(c->rules));
    else if (!c->rules_same)
        ng_cli_info("the last build's rules cannot be compared with the new "
                    "ones (%s): every document will be processed again",
                    error->message);
    g_clear_error(&error);
}

/* The configuration is loaded when the first document needs processing:
 * a rebuild with nothing new never loads it. A rebuild that lists a file
 * to read starts loading it at once on a thread of its own (load_ahead),
 * while the stored results are replayed; the first document to process
 * then waits for that thread only as long as it still runs.
 *
 * When the stored results are suspects, the gazetteers they were made
 * with, if others, are read first from config.cache (which loading the
 * new ones writes over), then compared with the new ones; so are the
 * rules, kept in the state. */
static int load_config(Build *b)
{
    NgCachedConfig old = { 0 };
    gboolean have_old = FALSE;
    char *old_gazetteers = NULL;
    const char *old_rules = NULL;
    gboolean known = b->last_fingerprint &&
                     ng_config_record_read(b->last_config, b->last_fingerprint,
                                           &old_gazetteers, &old_rules);
    if (known && !strcmp(old_gazetteers, b->cp->gazetteer_fingerprint)) {
        b->change.gazetteers_same = TRUE;
    } else if (known) {
        char *patterns = ng_config_patterns_dir(b->cp->gazetteer_dir);
        GError *error = NULL;
        have_old = ng_config_cache_read(b->cp->cache, old_gazetteers,
                                        patterns, &old, &error);
        if (!have_old) {
            ng_cli_info("the last build's gazetteers cannot be compared with "
                        "the new ones (%s): every document will be processed "
                        "again", error->message);
            g_error_free(error);
        }
        g_free(patterns);
    } else if (b->last_fingerprint) {
        ng_cli_info("the last build's configuration is not known: every "
                    "document will be processed again");
    }
    g_free(old_gazetteers);
    int rc = ng_cli_pipeline_load(b->cp);
    if (rc == NG_EXIT_OK && known)
        compare_rules(b, old_rules);
    if (rc == NG_EXIT_OK && have_old) {
        NgGazetteerDiff *d = b->change.gazetteers =
            ng_gazetteer_diff_new(old.gazetteer, b->cp->config->gazetteer);
        const char *why = ng_gazetteer_diff_everything(d);
        ng_cli_info("gazetteers: %u entities added, removed or changed%s%s%s",
                    ng_gazetteer_diff_n_changed(d), why ? "; " : "",
                    why ? why : "", why ? ": every document will be processed "
                                          "again" : "");
    }
    ng_cached_config_clear(&old);
    return rc;
}

static gpointer load_thread(gpointer b)
{
    return GINT_TO_POINTER(load_config(b));
}

static void load_ahead(Build *b)
{
    b->loader = g_thread_new("load", load_thread, b);
}

/* Wait for the thread started by load_ahead; its exit code, or -1 if
 * there was none. */
static int loaded_ahead(Build *b)
{
    if (b->loader)
        b->ahead_rc = GPOINTER_TO_INT(g_thread_join(g_steal_pointer(&b->loader)));
    return b->ahead_rc;
}

static gboolean need_config(Build *b, GError **error)
{
    if (!b->loaded) {
        b->loaded = TRUE;
        int rc = loaded_ahead(b);
        if (rc < 0)
            rc = load_config(b);
        b->config_failed = rc != NG_EXIT_OK;
        if (!b->config_failed && b->state && !keep_config(b, error))
            return FALSE;
    }
    if (b->config_failed)
        g_set_error(error, NG_ERROR, NG_ERROR_CONFIG,
                    "the gazetteers or rules could not be loaded");
    return !b->config_failed;
}

/* A document of a file unchanged since the last build, from the state. */
static gboolean replay_document(const char *date, const void *result, gsize len,
                                gpointer user, GError **error)
{
    Build *b = user;
    b->status[NG_STATE_UNCHANGED]++;
    show_progress(b, 0);
    if (!ng_cli_output_wants(b->out, date))
        return TRUE;
    return ng_runner_decode_bin(b->runner, g_memdup2(result, len), len, NULL,
                                error);
}

static void on_warning(const char *message, gboolean skipped, gpointer user)
{
    Build *b = user;
    if (b->progress)
        fprintf(stderr, "\r\033[K");
    ng_cli_warn("%s", message);
    if (b->state)
        ng_state_note_warning(b->state, message, skipped);
}

/* Before each file: with a state, a file unchanged since the last build
 * is not read; its documents come from the state. */
static gboolean want_file(const char *path, const GStatBuf *st, gpointer user)
{
    Build *b = user;
    gboolean replayed = FALSE;
    guint i = b->n_files++;
    if (b->error)
        return FALSE;
    if (b->snapshot && i < b->snapshot->files->len) {
        /* Its documents are in the snapshot's graph: counts and warnings
         * only. It was current when the build began; if it changed since,
         * the graph has the old one, and the build must start again. */
        guint64 before = b->stats->documents;
        char *looks = ng_file_looks(st);
        gboolean same = !strcmp(path, b->snapshot->files->pdata[i]) &&
                        !strcmp(looks, b->snapshot->looks->pdata[i]);
        g_free(looks);
        if (same)
            ng_state_replay_file(b->state, path, st, NULL, on_warning, b,
                                 b->stats, &replayed, &b->error);
        if (!b->error && !replayed)
            g_set_error(&b->error, NG_ERROR, NG_ERROR_IO,
                        "%s changed during the build; run it again", path);
        b->status[NG_STATE_UNCHANGED] += b->stats->documents - before;
        b->snapshot_docs += b->stats->documents - before;
        return FALSE;
    }
    ng_state_replay_file(b->state, path, st, replay_document, on_warning,
                         b, b->stats, &replayed, &b->error);
    return !replayed && !b->error;
}

/* Each document read: decide what to do with it and submit it. */
static gboolean add_document(const NgDoc *doc, gpointer user, GError **error)
{
    Build *b = user;
    if (b->error) {
        g_propagate_error(error, g_steal_pointer(&b->error));
        return FALSE;
    }
    show_progress(b, doc->len);
    gboolean wanted = ng_cli_output_wants(b->out, doc->date);
    if (!b->state)
        return !wanted || ng_runner_process(b->runner, doc, NULL, error);

    /* With a state every document is kept, in the window or not, so that
     * a build with another window finds them. */
    NgStateStatus status;
    char *result;
    gsize len;
    NgStateDoc *d = ng_state_check(b->state, doc, &status, &result, &len,
                                   error);
    if (!d)
        return FALSE;
    b->status[status]++;
    if (status == NG_STATE_SUSPECT) {
        if (!need_config(b, error)) {
            g_free(result);
            ng_state_doc_free(d);
            return FALSE;
        }
        if (ng_config_change_checkable(&b->change))
            return ng_runner_recheck(b->runner, doc, result, len, d, error);
        g_free(result);
        b->reprocessed++;
        return ng_runner_process(b->runner, doc, d, error);
    }
    if (status == NG_STATE_UNCHANGED) {
        ng_state_doc_free(d);
        if (!wanted) {
            g_free(result);
            return TRUE;
        }
        return ng_runner_decode_bin(b->runner, result, len, NULL, error);
    }
    if (!need_config(b, error)) {
        ng_state_doc_free(d);
        return FALSE;
    }
    return ng_runner_process(b->runner, doc, d, error);
}

/* NgAffectedFunc, on the runner's threads: the diffs were made before
 * the first document was submitted for checking. */
static gboolean affected(const NgDoc *doc, const NgDocResult *stored,
                         gpointer user)
{
    const Build *b = user;
    return ng_config_change_affects(&b->change, doc->text, doc->len, stored);
}

/* Each result, in input order: store it if new, and leave it to
 * add_to_graph. */
static gboolean add_result(NgJob *job, gpointer user, GError **error)
{
    Build *b = user;
    if (job->error) {
        g_set_error(error, NG_ERROR, NG_ERROR_FORMAT,
                    "a stored result is unreadable (%s); remove the --state "
                    "folder to start afresh", job->error->message);
        return FALSE;
    }
    if (job->processed && b->state &&
        !ng_state_put(b->state, job->data,
                      g_bytes_get_data(job->bin, NULL),
                      g_bytes_get_size(job->bin), error))
        return FALSE;
    if (job->rechecked && job->processed)
        b->reprocessed++;
    else if (job->rechecked && !ng_state_confirm(b->state, job->data, error))
        return FALSE;
    /* Outside the window: processed or checked only to be stored. */
    if ((job->processed || job->rechecked) && b->state &&
        !ng_date_in_window(job->result->date, b->out->since, b->out->until))
        g_clear_pointer(&job->result, ng_docresult_free);
    return TRUE;
}

/* Each result add_result left, in input order, on the runner's consumer
 * thread: the graph grows while the next documents are read. */
static void add_to_graph(const NgDocResult *result, gpointer user)
{
    ng_cli_output_add(((Build *)user)->out, result);
}

/* Start the build on the state. When only the gazetteers or the rules
 * changed since the last build (the fingerprint without them is the
 * same) and the gazetteers of that build are still in config.cache, its
 * results are kept as suspects, to be checked against the change; the
 * fingerprint without the gazetteers and rules is kept for the next
 * build to compare. */
static gboolean begin_state(Build *b, GError **error)
{
    char *last = ng_state_get_meta(b->state, "fingerprint");
    char *base = ng_state_get_meta(b->state, "base");
    gboolean keep = last && base && strcmp(last, b->cp->fingerprint) != 0 &&
                    !strcmp(base, b->cp->base_fingerprint) &&
                    g_file_test(b->cp->cache, G_FILE_TEST_IS_REGULAR);
    g_free(base);
    gboolean ok = ng_state_begin(b->state, b->cp->fingerprint, keep,
                                 &b->config_changed, error) &&
                  ng_state_set_meta(b->state, "base", b->cp->base_fingerprint,
                                    error);
    if (ok && b->config_changed && ng_state_has_suspects(b->state)) {
        b->last_fingerprint = g_steal_pointer(&last);
        b->last_config = ng_state_get_meta(b->state, "config");
    }
    g_free(last);
    return ok;
}

static void on_lock_wait(const char *lock, const char *holder, gpointer user)
{
    ng_cli_warn("%s is held by another build%s%s%s; waiting for it to finish",
                lock, *holder ? " (" : "", holder, *holder ? ")" : "");
}

static gboolean append_count(gpointer key, gpointer value, gpointer data)
{
    GString *s = data;
    g_string_append_printf(s, "%s%u %s", s->len ? ", " : "",
                           GPOINTER_TO_UINT(value), (char *)key);
    return FALSE;
}

/* "45 nodes (10 person, 20 country, 15 organization)" and the like. */
static char *count_summary(const NgGraph *g)
{
    guint by_type[NG_N_TYPES] = { 0 };
    for (guint i = 0; i < ng_graph_n_nodes(g); i++)
        by_type[ng_graph_get_node(g, i)->type]++;
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "%u nodes (", ng_graph_n_nodes(g));
    for (int t = 0; t < NG_N_TYPES; t++)
        g_string_append_printf(s, "%s%u %s", t ? ", " : "", by_type[t],
                               ng_entity_type_name((NgEntityType)t));
    g_string_append_printf(s, "), %u edges", ng_graph_n_edges(g));

    /* Edges by relation, in name order. */
    GTree *rel = g_tree_new((GCompareFunc)strcmp);
    for (guint i = 0; i < ng_graph_n_edges(g); i++) {
        const char *r = ng_graph_get_edge(g, i)->relation;
        g_tree_insert(rel, (gpointer)r,
                      GUINT_TO_POINTER(GPOINTER_TO_UINT(g_tree_lookup(rel, r)) + 1));
    }
    GString *parts = g_string_new(NULL);
    g_tree_foreach(rel, append_count, parts);
    if (parts->len)
        g_string_append_printf(s, " (%s)", parts->str);
    g_string_free(parts, TRUE);
    g_tree_destroy(rel);
    return g_string_free(s, FALSE);
}

/* A build killed while writing leaves OUTPUT.tmp-XXXXXX beside the output
 * (graphml.c's temporary file). Under the state's lock no other scheduled
 * build can be writing it: remove those leftovers. */
static void remove_stale_temporaries(const char *output)
{
    char *dir = g_path_get_dirname(output);
    char *base = g_path_get_basename(output);
    char *stem = g_strconcat(base, ".tmp-", NULL);
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        if (g_str_has_prefix(name, stem) && strlen(name) == strlen(stem) + 6) {
            char *path = g_build_filename(dir, name, NULL);
            if (g_unlink(path) == 0)
                ng_cli_info("removed %s, left by an interrupted build", path);
            g_free(path);
        }
    }
    if (d)
        g_dir_close(d);
    g_free(stem);
    g_free(base);
    g_free(dir);
}

/* ------------------------------------------------------------------ */
/* Starting from the last graph                                        */

/* What the graph depends on besides the documents: the configuration and
 * the date window. */
static char *snapshot_key(const Build *b)
{
    return g_strdup_printf("%s since=%s until=%s", b->cp->fingerprint,
                           b->out->since ? b->out->since : "",
                           b->out->until ? b->out->until : "");
}

/* When this build's input files start with the ones the last build's
 * graph was made of, each as the state and the snapshot know it, start
 * from that graph: those files are not replayed (want_file). `looks`:
 * Scan's. GEXF's timeline is not in the snapshot: GEXF replays. */
static void start_from_snapshot(Build *b, const char *dir, GPtrArray *paths,
                                GPtrArray *looks)
{
    if (b->out->gexf)
        return;
    /* A first file changed since (no looks): no snapshot can apply, and
     * loading one only to find that costs more than replaying a file. */
    if (!paths->len || !looks->pdata[0])
        return;
    GError *error = NULL;
    NgSnapshot *sn = ng_snapshot_load(dir, &error);
    if (error) {
        ng_cli_info("%s; replaying the stored results instead",
                    error->message);
        g_error_free(error);
    }
    if (!sn)
        return;
    char *key = snapshot_key(b);
    gboolean usable = !strcmp(sn->key, key) && sn->files->len <= paths->len;
    for (guint i = 0; usable && i < sn->files->len; i++)
        usable = looks->pdata[i] &&
                 !strcmp(sn->files->pdata[i], paths->pdata[i]) &&
                 !strcmp(sn->looks->pdata[i], looks->pdata[i]);
    g_free(key);
    if (!usable) {
        ng_snapshot_free(sn);
        return;
    }
    ng_graph_free(b->out->graph);
    b->out->graph = g_steal_pointer(&sn->graph);
    b->out->serial = sn->serial;
    b->out->mentions = sn->mentions;
    b->out->outside = sn->outside;
    b->snapshot = sn;
}

/* The thread that encodes and writes the snapshot while the metrics and
 * layout are computed: they only read the graph, and so does it. It
 * returns its GError, or NULL. */
typedef struct {
    char *dir;
    NgSnapshot sn;        /* files borrowed; looks, key owned */
} Saving;

static gpointer write_snapshot(gpointer data)
{
    Saving *sv = data;
    GError *error = NULL;
    GBytes *bytes = ng_snapshot_encode(&sv->sn);
    if (!ng_snapshot_write(sv->dir, bytes, &error))
        ng_snapshot_remove(sv->dir);
    g_bytes_unref(bytes);
    g_ptr_array_free(sv->sn.looks, TRUE);
    g_free(sv->sn.key);
    g_free(sv->dir);
    g_free(sv);
    return error;
}

/* A snapshot this build started from is kept, not written again, while
 * the documents after it number at most 1/SNAPSHOT_SLACK of those in it:
 * the next build starts from it again and replays those few from the
 * state. On Reuters-21578, encoding and writing the snapshot took about
 * 0.04 s of CPU beside the metrics, and replaying all 20,841 stored
 * results 0.14 s: the snapshot costs as much as replaying some 6,000
 * documents. A feed that grows 1% a night writes one every seventh night
 * instead of every night. */
#define SNAPSHOT_SLACK 16

/* After the documents: the graph for the next build, if every input file
 * is one the state has as it is now (a file changed while or just before
 * it was read is read again next time, so no snapshot may claim it).
 * Otherwise the old snapshot goes: it is only a shortcut. Pruning
 * (--min-weight) changes the graph: wait for the snapshot first
 * (snapshot_saved). */
static void save_snapshot(Build *b, const char *dir, GPtrArray *paths)
{
    /* The snapshot started from is still right (its files were checked as
     * they were read); keep it if little came after it. */
    if (b->snapshot && paths &&
        (b->stats->documents - b->snapshot_docs) * SNAPSHOT_SLACK <=
            b->snapshot_docs)
        return;
    gboolean ok = paths && !b->out->gexf;
    GPtrArray *looks = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; ok && i < paths->len; i++) {
        GStatBuf st;
        ok = g_stat(paths->pdata[i], &st) == 0 &&
             ng_state_file_current(b->state, paths->pdata[i], &st);
        if (ok)
            g_ptr_array_add(looks, ng_file_looks(&st));
    }
    if (!ok) {
        g_ptr_array_free(looks, TRUE);
        ng_snapshot_remove(dir);
        return;
    }
    Saving *sv = g_new(Saving, 1);
    sv->dir = g_strdup(dir);
    sv->sn = (NgSnapshot){
        .key = snapshot_key(b),
        .files = paths,
        .looks = looks,
        .mentions = b->out->mentions,
        .outside = b->out->outside,
        .serial = b->out->serial,
        .graph = b->out->graph,
    };
    b->saver = g_thread_new("snapshot", write_snapshot, sv);
}

/* NgCliOutput.threads_may_start: the layout's thread has started; the
 * snapshot's thread (unless --min-weight had it written before) and the
 * state's checkpoint start - in this order: save_snapshot asks the state
 * about the files first. */
static void start_threads(gpointer user)
{
    Build *b = user;
    if (b->out->min_weight <= 0)
        save_snapshot(b, b->state_dir, b->paths);
    ng_state_checkpoint_start(b->state);
}

/* Wait for the snapshot to be written (before the lock goes). */
static void snapshot_saved(Build *b)
{
    GError *error = b->saver ? g_thread_join(g_steal_pointer(&b->saver))
                             : NULL;
    if (error) {
        ng_cli_warn("the graph could not be kept for the next build: %s",
                    error->message);
        g_error_free(error);
    }
}

/* ------------------------------------------------------------------ */
/* Nothing to do                                                       */

/* A build with the same configuration, options and input files as the
 * last one, whose output is still the file that build wrote, would write
 * the same bytes again: it only checks that and says so. Before reading,
 * the inputs are listed (stat only) into a key; the last build's key, the
 * output file's looks after writing it and the summary's counts are kept
 * in the state's meta table ("output", "output_counts"), which any build
 * that changes the results clears (ng_state_finish). */

typedef struct {
    NgState *state;
    GChecksum *key;
    GPtrArray *paths;     /* the input files, in reading order */
    GPtrArray *looks;     /* each one's looks if the state has it as it
                             is, else NULL */
    gboolean current;     /* all of them as the state knows them */
    gboolean warned;      /* a missing input, a folder loop... */
} Scan;

static gboolean scan_file(const char *path, const GStatBuf *st, gpointer user)
{
    Scan *sc = user;
    gboolean current = ng_state_file_current(sc->state, path, st);
    sc->current = sc->current && current;
    char *looks = ng_file_looks(st);
    char *line = g_strdup_printf("%s\n%s\n", path, looks);
    g_checksum_update(sc->key, (const guchar *)line, -1);
    g_free(line);
    g_ptr_array_add(sc->paths, g_strdup(path));
    g_ptr_array_add(sc->looks, current ? looks : NULL);
    if (!current)
        g_free(looks);
    return FALSE;   /* listed, not read */
}

static gboolean scan_document(const NgDoc *doc, gpointer user, GError **error)
{
    return TRUE;   /* never called: no file is read */
}

static void scan_warning(const char *message, gboolean skipped, gpointer user)
{
    ((Scan *)user)->warned = TRUE;
}

/* The output file's looks: "SIZE MTIME CTIME INODE DEVICE", or NULL. */
static char *output_looks(const char *path)
{
    GStatBuf st;
    return g_stat(path, &st) == 0 ? ng_file_looks(&st) : NULL;
}

/* The key of this build: configuration, output options and input files;
 * NULL when it cannot be known before reading (standard input, an input
 * that gives a warning). *paths: the files; *looks: their looks where the
 * state has them as they are (Scan); *current: whether the state holds
 * every one of them as it is now (else there is reading to do). */
static char *build_key(Build *b, char **inputs, GPtrArray **paths,
                       GPtrArray **looks, gboolean *current)
{
    *paths = *looks = NULL;
    *current = FALSE;
    for (guint i = 0; inputs[i]; i++)
        if (!strcmp(inputs[i], "-"))
            return NULL;
    if (!strcmp(b->out->output, "-"))
        return NULL;
    char *output = ng_cli_output_fingerprint(b->out);
    if (!output)
        return NULL;
    Scan sc = { b->state, g_checksum_new(G_CHECKSUM_SHA256),
                g_ptr_array_new_with_free_func(g_free),
                g_ptr_array_new_with_free_func(g_free), TRUE, FALSE };
    g_checksum_update(sc.key, (const guchar *)b->cp->fingerprint, -1);
    g_checksum_update(sc.key, (const guchar *)output, -1);
    NgReadStats ignored = { 0 };
    ng_read_inputs_filtered(inputs, g_strv_length(inputs), scan_file,
                            scan_document, scan_warning, &sc, &ignored, NULL);
    char *key = sc.warned ? NULL : g_strdup(g_checksum_get_string(sc.key));
    g_checksum_free(sc.key);
    g_free(output);
    *current = sc.current;
    if (key) {
        *paths = sc.paths;
        *looks = sc.looks;
    } else {
        g_ptr_array_free(sc.paths, TRUE);
        g_ptr_array_free(sc.looks, TRUE);
    }
    return key;
}

/* Whether the last build had this key and its output is untouched; if
 * so, its counts are restored and its files' warnings given again. */
static gboolean up_to_date(Build *b, const char *key, GPtrArray *paths)
{
    char *was = ng_state_get_meta(b->state, "output");
    char *counts = ng_state_get_meta(b->state, "output_counts");
    char *looks = output_looks(b->out->output);
    char *now = looks ? g_strconcat(key, " ", looks, NULL) : NULL;
    guint64 v[7];
    gboolean same = was && counts && now && !strcmp(was, now) &&
        sscanf(counts, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %"
               G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
               " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &v[0], &v[1],
               &v[2], &v[3], &v[4], &v[5], &v[6]) == 7;
    /* v[6]: the inputs skipped then, which the stored warnings tell. */
    guint64 skipped = 0;
    for (guint i = 0; same && i < paths->len; i++)
        skipped += ng_state_file_warnings(b->state, paths->pdata[i], NULL,
                                          NULL);
    if (same && skipped == v[6]) {
        b->stats->documents = b->status[NG_STATE_UNCHANGED] = v[0];
        b->stats->bytes = v[1];
        b->out->outside = v[2];
        b->out->mentions = v[3];
        b->nodes = v[4];
        b->edges = v[5];
        b->stats->skipped = skipped;
        for (guint i = 0; i < paths->len; i++)
            ng_state_file_warnings(b->state, paths->pdata[i], on_warning, b);
    } else {
        same = FALSE;
    }
    g_free(now);
    g_free(looks);
    g_free(counts);
    g_free(was);
    return same;
}

/* After writing the output: what a later build compares with. A failure
 * here costs that build its shortcut, nothing else. */
static void note_output(Build *b, const char *key)
{
    char *looks = output_looks(b->out->output);
    if (!looks)
        return;
    char *was = g_strconcat(key, " ", looks, NULL);
    char *counts = g_strdup_printf(
        "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %"
        G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %"
        G_GUINT64_FORMAT, b->stats->documents, b->stats->bytes,
        b->out->outside, b->out->mentions, b->nodes, b->edges,
        b->stats->skipped);
    if (ng_state_set_meta(b->state, "output_counts", counts, NULL))
        ng_state_set_meta(b->state, "output", was, NULL);
    g_free(counts);
    g_free(was);
    g_free(looks);
}

static void add_count(JsonBuilder *j, const char *name, guint64 n)
{
    json_builder_set_member_name(j, name);
    json_builder_add_int_value(j, (gint64)n);
}

/* --summary-json: what monitoring needs, written whatever the outcome. */
static void write_summary(const char *path, const Build *b,
                          const NgReadStats *stats, double secs, int rc,
                          const char *failure)
{
    const NgCliOutput *o = b->out;
    JsonBuilder *j = json_builder_new();
    json_builder_begin_object(j);
    json_builder_set_member_name(j, "ok");
    json_builder_add_boolean_value(j, rc == NG_EXIT_OK || rc == NG_EXIT_WARNINGS);
    add_count(j, "exit_code", (guint64)rc);
    if (failure) {
        json_builder_set_member_name(j, "error");
        json_builder_add_string_value(j, failure);
    }
    add_count(j, "documents", stats->documents);
    add_count(j, "skipped", stats->skipped);
    add_count(j, "outside_window", o->outside);
    add_count(j, "bytes", stats->bytes);
    if (b->state) {
        add_count(j, "new", b->status[NG_STATE_NEW]);
        add_count(j, "changed", b->status[NG_STATE_CHANGED]);
        add_count(j, "unchanged", b->status[NG_STATE_UNCHANGED] +
                                  b->status[NG_STATE_SUSPECT]);
        /* Unchanged documents processed again for new gazetteers or
         * rules. */
        add_count(j, "reprocessed", b->reprocessed);
        add_count(j, "deleted", b->deleted);
        json_builder_set_member_name(j, "config_changed");
        json_builder_add_boolean_value(j, b->config_changed);
        /* Files whose documents came with the last build's graph. */
        add_count(j, "snapshot_files",
                  b->snapshot ? b->snapshot->files->len : 0);
    }
    add_count(j, "mentions", o->mentions);
    add_count(j, "nodes", b->nodes);
    add_count(j, "edges", b->edges);
    if (b->state) {
        json_builder_set_member_name(j, "up_to_date");
        json_builder_add_boolean_value(j, b->up_to_date);
    }
    json_builder_set_member_name(j, "seconds");
    json_builder_add_double_value(j, secs);
    /* The documents' part of it: reading, processing or replaying, up to
     * the graph; the rest is metrics, layout and writing. */
    json_builder_set_member_name(j, "documents_seconds");
    json_builder_add_double_value(j, b->documents_seconds);
    json_builder_end_object(j);
    JsonNode *root = json_builder_get_root(j);
    char *text = json_to_string(root, TRUE);
    char *full = g_strconcat(text, "\n", NULL);
    GError *error = NULL;
    if (!g_file_set_contents(path, full, -1, &error)) {
        ng_cli_error("build: --summary-json: %s", error->message);
        g_error_free(error);
    }
    g_free(full);
    g_free(text);
    json_node_unref(root);
    g_object_unref(j);
}

/* The state's line of the summary. */
static void print_state_line(const Build *b, const char *state_dir)
{
    fprintf(stderr, "negraph: state %s: %" G_GUINT64_FORMAT " new, %"
            G_GUINT64_FORMAT " changed, %" G_GUINT64_FORMAT " unchanged, %"
            G_GUINT64_FORMAT " deleted documents%s", state_dir,
            b->status[NG_STATE_NEW], b->status[NG_STATE_CHANGED],
            b->status[NG_STATE_UNCHANGED] + b->status[NG_STATE_SUSPECT],
            b->deleted, !b->config_changed ? ""
            : b->status[NG_STATE_SUSPECT] ? " (new gazetteers or rules"
            : " (new configuration: all processed again)");
    if (b->config_changed && b->status[NG_STATE_SUSPECT])
        fprintf(stderr, ": %" G_GUINT64_FORMAT " unchanged documents "
                "processed again)", b->reprocessed);
    if (b->snapshot)
        fprintf(stderr, "; the last graph taken as it was for the first %u "
                "files", b->snapshot->files->len);
    fputc('\n', stderr);
}

/* The summary when nothing was to be done. */
static void print_up_to_date(const Build *b, const char *state_dir,
                             double secs)
{
    fprintf(stderr, "negraph: nothing new to process and %s is as the last "
            "build wrote it: not written again; %" G_GUINT64_FORMAT
            " documents, %" G_GUINT64_FORMAT " skipped, %" G_GUINT64_FORMAT
            " mentions; %" G_GUINT64_FORMAT " nodes, %" G_GUINT64_FORMAT
            " edges; %.2f s\n", b->out->output, b->stats->documents,
            b->stats->skipped, b->out->mentions, b->nodes, b->edges, secs);
    print_state_line(b, state_dir);
}

/* The summary on stderr, after a good build. */
static void print_summary(const Build *b, const NgReadStats *stats,
                          const char *state_dir, double secs)
{
    const NgCliOutput *o = b->out;
    const NgConfig *c = b->cp->config;
    char *counts = count_summary(o->graph);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    if (c)
        fprintf(stderr, "negraph: gazetteers loaded in %.2f s (%u entities, "
                "%u aliases); ", c->load_seconds, c->gazetteer->entities->len,
                c->gazetteer->aliases->len);
    else
        fprintf(stderr, "negraph: nothing new to process; ");
    GString *rate = g_string_new(NULL);
    ng_progress_rate(rate, stats->bytes, secs);
    fprintf(stderr, "%" G_GUINT64_FORMAT " documents read, %" G_GUINT64_FORMAT
            " skipped, %" G_GUINT64_FORMAT " mentions; %s; %.2f s%s%s; "
            "%s; peak memory %ld MB\n", stats->documents, stats->skipped,
            o->mentions, counts, secs, rate->len ? ", " : "", rate->str,
            o->phases, ru.ru_maxrss / 1024);
    g_string_free(rate, TRUE);
    if (o->outside)
        fprintf(stderr, "negraph: %" G_GUINT64_FORMAT " documents outside "
                "--since/--until left out\n", o->outside);
    if (b->state)
        print_state_line(b, state_dir);
    g_free(counts);
}

int cmd_build(int argc, char **argv)
{
    NgCliPipeline cp = { 0 };
    NgCliRun run = { 0 };
    NgCliOutput out = { 0 };
    char *state_dir = NULL, *summary_json = NULL;
    char **inputs = NULL;
    GOptionEntry entries[] = {
        { "state", 0, 0, G_OPTION_ARG_FILENAME, &state_dir,
          "keep per-document results in DIR and process only new and "
          "changed documents", "DIR" },
        { "summary-json", 0, 0, G_OPTION_ARG_FILENAME, &summary_json,
          "also write the summary to FILE as JSON (for monitoring)", "FILE" },
        { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *ctx = g_option_context_new("INPUT... -o GRAPH.graphml");
    g_option_context_set_summary(ctx,
        "Tag people, countries and organizations in news text (.txt files, one\n"
        "article each; .jsonl files, one article per line; folders; - for stdin)\n"
        "and write their co-occurrence graph as GraphML.");
    g_option_context_add_main_entries(ctx, ng_cli_output_entries(&out), NULL);
    g_option_context_add_main_entries(ctx, ng_cli_pipeline_entries(&cp), NULL);
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_add_main_entries(ctx, ng_cli_run_entries(&run), NULL);
    int rc = NG_EXIT_USAGE;
    Build b = { .cp = &cp, .out = &out, .ahead_rc = -1 };
    NgReadStats stats = { 0 };
    GError *error = NULL;
    char *failure = NULL, *describe = NULL, *key = NULL;
    GPtrArray *paths = NULL;   /* with --state: the input files */
    gint64 t0 = g_get_monotonic_time();

    if (!ng_cli_parse(ctx, &argc, &argv))
        goto out;
    guint jobs = ng_cli_run_setup(&run, "build");
    if (!jobs)
        goto out;
    if (!inputs || !inputs[0]) {
        ng_cli_error("build: no INPUT given (see --help)");
        goto out;
    }
    out.jobs = jobs;
    if (!ng_cli_output_start(&out, "build"))
        goto out;
    b.stats = &stats;
    char *memo = state_dir ? g_build_filename(state_dir, "fingerprints", NULL)
                           : NULL;
    if (memo)
        cp.memo = ng_fingerprint_memo_load(memo);
    g_free(memo);
    cp.state = state_dir != NULL;
    if ((rc = ng_cli_pipeline_prepare(&cp, "build")) != NG_EXIT_OK)
        goto out;

    if (state_dir) {
        /* The lock first: a build that had to wait fingerprints the
         * configuration as the other one left it. */
        b.state = ng_state_open(state_dir, on_lock_wait, NULL, &error);
        cp.cache = g_build_filename(state_dir, "config.cache", NULL);
        if (!b.state || !begin_state(&b, &error)) {
            rc = NG_EXIT_OUTPUT;
            goto fail;
        }
        /* Under the lock, which the memo's writing needs. Not kept, it
         * only costs the next build the hashing. */
        if (!ng_fingerprint_memo_save(cp.memo, &error)) {
            if (ng_cli_verbosity > 0)
                fprintf(stderr, "negraph: %s\n", error->message);
            g_clear_error(&error);
        }
        if (b.config_changed && ng_cli_verbosity >= 0)
            fprintf(stderr, b.last_fingerprint
                    ? "negraph: the gazetteers or rules changed since the "
                      "last build: "
                      "the documents the change can affect will be processed "
                      "again\n"
                    : "negraph: gazetteers, rules, options or negraph "
                      "itself changed since the last build: every document "
                      "will be processed again\n");
        if (strcmp(out.output, "-"))
            remove_stale_temporaries(out.output);
        GPtrArray *looks;
        gboolean current;
        key = build_key(&b, inputs, &paths, &looks, &current);
        b.up_to_date = key && current && up_to_date(&b, key, paths);
        if (!b.up_to_date && !current)
            load_ahead(&b);
        if (key && !b.up_to_date)
            start_from_snapshot(&b, state_dir, paths, looks);
        if (looks)
            g_ptr_array_free(looks, TRUE);
        if (b.up_to_date) {
            double secs = (g_get_monotonic_time() - t0) / 1e6;
            b.documents_seconds = secs;
            if (ng_cli_verbosity >= 0)
                print_up_to_date(&b, state_dir, secs);
            rc = stats.skipped ? NG_EXIT_WARNINGS : NG_EXIT_OK;
            goto out;
        }
    } else if ((rc = ng_cli_pipeline_load(&cp)) != NG_EXIT_OK) {
        failure = g_strdup("the gazetteers or rules could not be loaded");
        goto out;
    }

    if (ng_cli_verbosity >= 0 && isatty(STDERR_FILENO))
        b.progress = ng_progress_new(ng_progress_count(inputs,
                                                       g_strv_length(inputs)));
    b.runner = ng_runner_new(&cp.pipeline, jobs,
                             b.state ? NG_ENCODE_BIN : NG_ENCODE_NONE,
                             add_result, &b, ng_state_doc_free);
    ng_runner_set_consumer(b.runner, add_to_graph, &b);
    if (b.last_fingerprint)
        ng_runner_set_recheck(b.runner, affected, &b);
    gboolean read = ng_read_inputs_filtered(inputs, g_strv_length(inputs),
                                            b.state ? want_file : NULL,
                                            add_document, on_warning, &b,
                                            &stats, &error);
    if (b.progress)
        fprintf(stderr, "\r\033[K");
    if (read && b.error)
        g_propagate_error(&error, g_steal_pointer(&b.error));
    if (b.config_failed) {
        rc = NG_EXIT_CONFIG;
        goto fail;
    }
    if (error || !ng_runner_finish(b.runner, &error)) {
        rc = NG_EXIT_OUTPUT;
        goto fail;
    }
    /* Its threads end here, before the output's. */
    g_clear_pointer(&b.runner, ng_runner_free);
    b.documents_seconds = (g_get_monotonic_time() - t0) / 1e6;
    /* Loaded ahead but not needed: no thread may outlive the reading. */
    loaded_ahead(&b);
    if (stats.documents == 0) {
        ng_cli_error("build: no documents read; %s not written", out.output);
        failure = g_strdup("no documents read");
        rc = NG_EXIT_WARNINGS;
        goto out;
    }
    /* The configuration's description for the comment: stored by the
     * build that last loaded it, when this one did not need to. */
    describe = cp.describe ? g_strdup(cp.describe)
                           : ng_state_get_meta(b.state, "describe");
    if (!describe) {
        if (!need_config(&b, &error)) {
            rc = NG_EXIT_CONFIG;
            goto fail;
        }
        describe = g_strdup(cp.describe);
    }
    if (b.state && !ng_state_finish(b.state, &b.deleted, &error)) {
        rc = NG_EXIT_OUTPUT;
        goto fail;
    }
    /* The snapshot is of the graph before --min-weight prunes it: then
     * written first; otherwise beside the metrics, once the layout's
     * thread has started, as is the state's checkpoint in any case. */
    if (b.state && out.min_weight > 0) {
        save_snapshot(&b, state_dir, paths);
        snapshot_saved(&b);
    }
    if (b.state) {
        b.state_dir = state_dir;
        b.paths = paths;
        out.threads_may_start = start_threads;
        out.threads_user = &b;
    }
    rc = ng_cli_output_write(&out, describe, "build");
    b.nodes = ng_graph_n_nodes(out.graph);
    b.edges = ng_graph_n_edges(out.graph);
    if (rc != NG_EXIT_OK) {
        failure = g_strdup("the output could not be written");
        goto out;
    }
    if (key)
        note_output(&b, key);
    if (ng_cli_verbosity >= 0)
        print_summary(&b, &stats, state_dir,
                      (g_get_monotonic_time() - t0) / 1e6);
    rc = stats.skipped ? NG_EXIT_WARNINGS : NG_EXIT_OK;
    goto out;
fail:
    ng_cli_error("build: %s", error->message);
    failure = g_strdup(error->message);
    g_error_free(error);
out:
    /* First: after a failure its consumer may still be adding to the
     * graph, whose counts the summary gives. */
    ng_runner_free(b.runner);
    if (summary_json && rc != NG_EXIT_USAGE)
        write_summary(summary_json, &b, &stats,
                      (g_get_monotonic_time() - t0) / 1e6, rc, failure);
    loaded_ahead(&b);
    snapshot_saved(&b);
    ng_config_cache_wait(cp.config);   /* under the state's lock */
    ng_state_close(b.state);
    g_clear_error(&b.error);
    ng_progress_free(b.progress);
    ng_cli_output_clear(&out);
    ng_cli_pipeline_clear(&cp);
    g_option_context_free(ctx);
    g_free(state_dir);
    g_free(summary_json);
    g_free(failure);
    g_free(describe);
    g_free(key);
    if (paths)
        g_ptr_array_free(paths, TRUE);
    ng_snapshot_free(b.snapshot);
    ng_config_change_clear(&b.change);
    g_free(b.last_fingerprint);
    g_free(b.last_config);
    g_strfreev(inputs);
    return rc;
}
