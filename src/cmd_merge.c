/*
 * cmd_merge.c - `negraph merge`: the reduce half of a distributed build.
 *
 * Reads the JSON Lines that `negraph extract` writes, from any number of
 * files (- for standard input), and adds the results to the graph in the
 * order read: files in argument order, lines in file order. Given the
 * extract outputs of a corpus's chunks in chunk order, that is the order
 * `build` reads the corpus in, so the graph is byte for byte the one
 * `build` writes. (Order matters for the first evidence sentences kept on
 * an edge; counts and weights do not depend on it.)
 *
 * Every header line must carry the same configuration fingerprint:
 * results made with different gazetteers are not mixed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_output.h"
#include "cmd_pipeline.h"
#include "commands.h"
#include "docresult_json.h"
#include "ng.h"
#include "runner.h"

typedef struct {
    NgRunner *runner;
    NgCliOutput *out;
    NgResultsHeader *header;   /* the first one read */
    guint64 results;
} Merge;

/* Each line, in order; job->data is "FILE:LINE" for messages. */
static gboolean add_line(NgJob *job, gpointer user, GError **error)
{
    Merge *m = user;
    const char *where = job->data;
    if (job->error) {
        g_set_error(error, NG_ERROR, NG_ERROR_FORMAT, "%s: %s", where,
                    job->error->message);
        return FALSE;
    }
    if (job->header) {
        if (!m->header) {
            m->header = g_steal_pointer(&job->header);
        } else if (strcmp(m->header->fingerprint, job->header->fingerprint)) {
            g_set_error(error, NG_ERROR, NG_ERROR_FORMAT,
                        "%s: results made with another configuration (%s) "
                        "than the first ones (%s); they cannot be merged",
                        where, job->header->config, m->header->config);
            return FALSE;
        }
        return TRUE;
    }
    if (!m->header) {
        g_set_error(error, NG_ERROR, NG_ERROR_FORMAT, "%s: a result before "
                    "any header line: not the output of 'negraph extract'?",
                    where);
        return FALSE;
    }
    m->results++;
    if (ng_cli_output_wants(m->out, job->result->date))
        ng_cli_output_add(m->out, job->result);
    return TRUE;
}

/* Submit every non-blank line of one input. */
static gboolean read_results(Merge *m, const char *path, GError **error)
{
    gboolean is_stdin = !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        g_set_error(error, NG_ERROR, NG_ERROR_IO, "%s: %s", path,
                    g_strerror(errno));
        return FALSE;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    guint64 lineno = 0;
    gboolean ok = TRUE;
    while (ok && (n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && g_ascii_isspace(line[n - 1]))
            n--;
        if (n == 0)
            continue;
        char *where = g_strdup_printf("%s:%" G_GUINT64_FORMAT, path, lineno);
        ok = ng_runner_decode(m->runner, g_strndup(line, (gsize)n), (gsize)n,
                              where, error);
    }
    if (ok && ferror(f)) {
        g_set_error(error, NG_ERROR, NG_ERROR_IO, "%s: %s", path,
                    g_strerror(errno));
        ok = FALSE;
    }
    free(line);
    if (!is_stdin)
        fclose(f);
    return ok;
}

int cmd_merge(int argc, char **argv)
{
    NgCliRun run = { 0 };
    NgCliOutput out = { 0 };
    char **inputs = NULL;
    GOptionEntry entries[] = {
        { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *ctx = g_option_context_new("FILE... -o GRAPH.graphml");
    g_option_context_set_summary(ctx,
        "Build the graph from the JSON Lines written by 'negraph extract'\n"
        "(- for standard input). Results are added in the order read: give\n"
        "the files in input order to get exactly what 'negraph build' writes.");
    g_option_context_add_main_entries(ctx, ng_cli_output_entries(&out), NULL);
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_add_main_entries(ctx, ng_cli_run_entries(&run), NULL);
    int rc = NG_EXIT_USAGE;
    Merge m = { .out = &out };
    GError *error = NULL;
    gint64 t0 = g_get_monotonic_time();

    if (!ng_cli_parse(ctx, &argc, &argv))
        goto out;
    guint jobs = ng_cli_run_setup(&run, "merge");
    if (!jobs)
        goto out;
    if (!inputs || !inputs[0]) {
        ng_cli_error("merge: no FILE given (see --help)");
        goto out;
    }
    out.jobs = jobs;
    if (!ng_cli_output_start(&out, "merge"))
        goto out;
    m.runner = ng_runner_new(NULL, jobs, NG_ENCODE_NONE, add_line, &m,
                             g_free);
    gboolean ok = TRUE;
    for (guint i = 0; ok && inputs[i]; i++)
        ok = read_results(&m, inputs[i], &error);
    if (!ok || !ng_runner_finish(m.runner, &error)) {
        rc = NG_EXIT_INPUT;
        goto fail;
    }
    /* Its threads end here, before the output's. */
    g_clear_pointer(&m.runner, ng_runner_free);
    if (m.results == 0) {
        ng_cli_error("merge: no results read; %s not written", out.output);
        rc = NG_EXIT_WARNINGS;
        goto out;
    }
    if ((rc = ng_cli_output_write(&out, m.header->config, "merge")) != NG_EXIT_OK)
        goto out;
    if (ng_cli_verbosity >= 0)
        fprintf(stderr, "negraph: %" G_GUINT64_FORMAT " results read, %"
                G_GUINT64_FORMAT " outside --since/--until; %u nodes, %u "
                "edges; %s; %.2f s\n", m.results, out.outside,
                ng_graph_n_nodes(out.graph), ng_graph_n_edges(out.graph),
                out.phases, (g_get_monotonic_time() - t0) / 1e6);
    goto out;
fail:
    ng_cli_error("merge: %s", error->message);
    g_error_free(error);
out:
    ng_runner_free(m.runner);
    ng_results_header_free(m.header);
    ng_cli_output_clear(&out);
    g_option_context_free(ctx);
    g_strfreev(inputs);
    return rc;
}
