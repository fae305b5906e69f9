/*
 * cmd_pipeline.h - the options and set-up that `build`, `extract` and
 * `merge` share, so that they agree on what a document's result is:
 *
 *   pipeline options (build, extract): --gazetteers --rules --window
 *       --no-metonyms --no-cache; loading them gives the NgPipeline, its description
 *       and its fingerprint;
 *   run options (all three): --jobs --quiet --verbose.
 *
 * The output options (build, merge) are in cmd_output.h. Like the rest of
 * the command side, this prints its errors.
 */
#ifndef NG_CMD_PIPELINE_H
#define NG_CMD_PIPELINE_H

#include <glib.h>
#include "cli.h"
#include "fingerprint.h"
#include "pipeline.h"

typedef struct {
    /* options */
    char *gazetteers, *rules, *window;
    gboolean no_metonyms;
    gboolean no_cache;    /* without `state`: no user cache (user_cache.h) */
    NgFingerprintMemo *memo;  /* set by the caller (may stay NULL): the
                                 file hashes the fingerprint may reuse */
    gboolean state;       /* set by the caller: the fingerprints below
                             that only a state needs are taken too */
    /* after ng_cli_pipeline_prepare */
    char *gazetteer_dir;  /* the option, or the default folder */
    char *config_fingerprint;  /* ng_fingerprint of the version,
                                  options, gazetteers and rules */
    /* with `state` only (NULL otherwise): */
    char *fingerprint;    /* the same and the negraph binary itself */
    char *base_fingerprint;  /* the same without the gazetteer files
                                and rules (name patterns, options and
                                binary only): when it is all that stayed,
                                a rebuild can tell which documents the
                                change of gazetteers or rules affects */
    char *gazetteer_fingerprint;  /* of the gazetteer folder and the
                                     binary: what the configuration cache
                                     is made from, its key */
    NgPipeline pipeline;  /* options set; gazetteer and matcher once loaded */
    char *cache;          /* with `state`, set by the caller: the file
                             that keeps the loaded gazetteers under
                             `gazetteer_fingerprint` (config_cache.h) */
    NgUserCache *user_cache;  /* without `state` (and --no-cache): the
                                 user's cache, whose memo the fingerprint
                                 uses too; NULL when there is none */
    /* after ng_cli_pipeline_load */
    NgConfig *config;
    char *describe;       /* ng_pipeline_describe */
} NgCliPipeline;

typedef struct {
    gint jobs;           /* 0: the number of processors */
    gboolean quiet, verbose;
} NgCliRun;

/* Option entries pointing into the structs, for
 * g_option_context_add_main_entries. */
const GOptionEntry *ng_cli_pipeline_entries(NgCliPipeline *p);
const GOptionEntry *ng_cli_run_entries(NgCliRun *r);

/* Check the options and take the configuration's fingerprint, without
 * loading it (a build with nothing new to process does not need to). Both
 * print what is wrong and return the exit code (NG_EXIT_OK when all is
 * well). */
int ng_cli_pipeline_prepare(NgCliPipeline *p, const char *cmd);
/* Load the gazetteers, name patterns and rules (once) and complete
 * p->pipeline. */
int ng_cli_pipeline_load(NgCliPipeline *p);
void ng_cli_pipeline_clear(NgCliPipeline *p);

/* Check the run options and set the verbosity; returns the number of
 * threads, or 0 (after printing why) when --jobs is wrong. */
guint ng_cli_run_setup(const NgCliRun *r, const char *cmd);

#endif
