/*
 * cmd_extract.c - `negraph extract`: the map half of a distributed build.
 *
 * Reads documents like `build` and writes each one's result as a line of
 * JSON (docresult_json.h) to standard output, in input order, after a
 * header line naming the configuration. `negraph merge` turns any number
 * of such streams into the graph `build` would have written: run extract
 * on chunks of a corpus under GNU parallel, Hadoop Streaming or Spark, and
 * merge the outputs in chunk order.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_pipeline.h"
#include "commands.h"
#include "docresult_json.h"
#include "ng.h"
#include "runner.h"

typedef struct {
    NgRunner *runner;
} Extract;

static gboolean put_line(const char *line, GError **error)
{
    if (fputs(line, stdout) == EOF || putchar('\n') == EOF) {
        g_set_error(error, NG_ERROR, NG_ERROR_IO, "standard output: %s",
                    g_strerror(errno));
        return FALSE;
    }
    return TRUE;
}

static gboolean write_result(NgJob *job, gpointer user, GError **error)
{
    return put_line(job->json, error);
}

static gboolean submit_document(const NgDoc *doc, gpointer user,
                                GError **error)
{
    Extract *x = user;
    return ng_runner_process(x->runner, doc, NULL, error);
}

int cmd_extract(int argc, char **argv)
{
    NgCliPipeline cp = { 0 };
    NgCliRun run = { 0 };
    char **inputs = NULL;
    GOptionEntry entries[] = {
        { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *ctx = g_option_context_new("INPUT...");
    g_option_context_set_summary(ctx,
        "Write each document's result (mentions, co-occurrences, evidence,\n"
        "date) as JSON Lines on standard output, in input order, for\n"
        "'negraph merge'. Inputs as for 'negraph build'.");
    g_option_context_add_main_entries(ctx, ng_cli_pipeline_entries(&cp), NULL);
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_add_main_entries(ctx, ng_cli_run_entries(&run), NULL);
    int rc = NG_EXIT_USAGE;
    Extract x = { 0 };
    GError *error = NULL;

    if (!ng_cli_parse(ctx, &argc, &argv))
        goto out;
    guint jobs = ng_cli_run_setup(&run, "extract");
    if (!jobs)
        goto out;
    if (!inputs || !inputs[0]) {
        ng_cli_error("extract: no INPUT given (see --help)");
        goto out;
    }
    if ((rc = ng_cli_pipeline_prepare(&cp, "extract")) != NG_EXIT_OK ||
        (rc = ng_cli_pipeline_load(&cp)) != NG_EXIT_OK)
        goto out;

    NgResultsHeader header = { NG_VERSION, cp.describe, cp.config_fingerprint };
    char *line = ng_results_header_to_json(&header);
    gboolean ok = put_line(line, &error);
    g_free(line);
    NgReadStats stats = { 0 };
    x.runner = ng_runner_new(&cp.pipeline, jobs, NG_ENCODE_JSON,
                             write_result, NULL, NULL);
    ok = ok && ng_read_inputs(inputs, g_strv_length(inputs), submit_document,
                              ng_cli_reader_warning, &x, &stats, &error) &&
         ng_runner_finish(x.runner, &error);
    if (ok && fflush(stdout) != 0)
        g_set_error(&error, NG_ERROR, NG_ERROR_IO, "standard output: %s",
                    g_strerror(errno));
    if (error) {
        ng_cli_error("extract: %s", error->message);
        g_error_free(error);
        rc = NG_EXIT_OUTPUT;
        goto out;
    }
    ng_cli_info("extract: %" G_GUINT64_FORMAT " documents, %" G_GUINT64_FORMAT
                " skipped", stats.documents, stats.skipped);
    rc = stats.skipped ? NG_EXIT_WARNINGS : NG_EXIT_OK;
out:
    ng_runner_free(x.runner);
    ng_cli_pipeline_clear(&cp);
    g_option_context_free(ctx);
    g_strfreev(inputs);
    return rc;
}
