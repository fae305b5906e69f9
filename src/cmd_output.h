/*
 * cmd_output.h - from per-document results to the output file, the part
 * `build` and `merge` share so that they write the same bytes: the graph
 * and the GEXF timeline fed in input order, the --since/--until window,
 * pruning, Gephi metrics, layout and colours, the comment, and the
 * GraphML or GEXF writer.
 *
 * Options: -o, --format, --time-bucket, --palette, --no-layout,
 * --min-weight, --since, --until, --portable. Like the rest of the command
 * side, this prints its errors.
 */
#ifndef NG_CMD_OUTPUT_H
#define NG_CMD_OUTPUT_H

#include <glib.h>
#include "docresult.h"
#include "graph.h"
#include "metrics.h"
#include "timeline.h"

typedef struct {
    /* options */
    char *output;
    char *format;          /* --format graphml|gexf */
    char *time_bucket;     /* --time-bucket day|week|month */
    char *palette;         /* --palette FILE */
    gboolean no_layout;
    double min_weight;
    char *since, *until;
    gboolean portable;
    guint jobs;            /* --jobs: above 1 the layout runs on a thread
                              of its own beside the metrics */
    /* what is being built */
    NgGraph *graph;
    guint32 serial;        /* documents added */
    guint64 mentions;
    guint64 outside;       /* documents left out by --since/--until */
    gboolean gexf;
    NgTimeline *timeline;  /* GEXF only: per-bucket mentions and weights */
    NgMetrics *metrics;
    char *phases;          /* "metrics 0.1 s +2 MB, layout ..." */
    /* Called once by ng_cli_output_write after the layout's thread is
     * started (or would have been), for the callers' own threads of the
     * output phase (build: the snapshot, the state's checkpoint). May be
     * NULL. */
    void (*threads_may_start)(gpointer user);
    gpointer threads_user;
} NgCliOutput;

/* Option entries pointing into o, for g_option_context_add_main_entries. */
const GOptionEntry *ng_cli_output_entries(NgCliOutput *o);

/* Check the options and start the graph; FALSE (after printing why) on a
 * usage error. */
gboolean ng_cli_output_start(NgCliOutput *o, const char *cmd);

/* A fingerprint of everything besides the documents and the pipeline
 * that decides the output file's bytes: the options (the output name
 * included) and the palette file's bytes. NULL if the palette cannot be
 * read. Newly allocated. */
char *ng_cli_output_fingerprint(const NgCliOutput *o);

/* Whether a document dated `date` is in the --since/--until window;
 * counts the ones that are not. */
gboolean ng_cli_output_wants(NgCliOutput *o, const char *date);

/* Add a document's result (in input order) to the graph and timeline. */
void ng_cli_output_add(NgCliOutput *o, const NgDocResult *r);

/* Prune, compute the metrics, layout and colours, and write the file,
 * with a comment naming the version, `config` (ng_pipeline_describe) and
 * the options - never a clock time. Returns the exit code. No other
 * thread may be running when it is called (see threads_may_start). */
int ng_cli_output_write(NgCliOutput *o, const char *config, const char *cmd);

void ng_cli_output_clear(NgCliOutput *o);

#endif
