/*
 * cmd_pipeline.c - options and set-up shared by build, extract and merge.
 */
#include "cmd_pipeline.h"

#include <string.h>

#include "ng.h"
#include "paths.h"
#include "state.h"
#include "user_cache.h"

/* GOptionContext copies the entries it is given: static arrays, refilled
 * on each call, are enough. */

const GOptionEntry *ng_cli_pipeline_entries(NgCliPipeline *p)
{
    static GOptionEntry e[6];
    GOptionEntry fill[] = {
        { "gazetteers", 0, 0, G_OPTION_ARG_FILENAME, &p->gazetteers,
          "gazetteer folder (default: gazetteers/ beside the binary or in $NEGRAPH_HOME)", "DIR" },
        { "rules", 0, 0, G_OPTION_ARG_FILENAME, &p->rules,
          "relation rule folder (default: rules/ beside the binary or in $NEGRAPH_HOME)", "DIR" },
        { "window", 0, 0, G_OPTION_ARG_STRING, &p->window,
          "co-occurrence window: sentence (default), paragraph or document", "W" },
        { "no-metonyms", 0, 0, G_OPTION_ARG_NONE, &p->no_metonyms,
          "do not read capitals (Washington, Moscow) as their governments", NULL },
        { "no-cache", 0, 0, G_OPTION_ARG_NONE, &p->no_cache,
          "without --state: " NG_CLI_NO_CACHE_HELP, NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    G_STATIC_ASSERT(sizeof fill == sizeof e);
    memcpy(e, fill, sizeof e);
    return e;
}

const GOptionEntry *ng_cli_run_entries(NgCliRun *r)
{
    static GOptionEntry e[4];
    GOptionEntry fill[] = {
        { "jobs", 'j', 0, G_OPTION_ARG_INT, &r->jobs,
          "threads processing documents (default: the number of processors)", "N" },
        { "quiet", 'q', 0, G_OPTION_ARG_NONE, &r->quiet,
          "no warnings, progress or summary", NULL },
        { "verbose", 'v', 0, G_OPTION_ARG_NONE, &r->verbose,
          "more detail on stderr", NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    G_STATIC_ASSERT(sizeof fill == sizeof e);
    memcpy(e, fill, sizeof e);
    return e;
}

int ng_cli_pipeline_prepare(NgCliPipeline *p, const char *cmd)
{
    NgWindow window = NG_WINDOW_SENTENCE;
    if (p->window && !ng_window_parse(p->window, &window)) {
        ng_cli_error("%s: --window must be sentence, paragraph or document, "
                     "not '%s'", cmd, p->window);
        return NG_EXIT_USAGE;
    }
    /* The options are set now, before loading: the fingerprint below
     * names them (ng_pipeline_options). */
    p->pipeline = (NgPipeline){ .tag = { .metonyms = !p->no_metonyms },
                                .window = window };
    p->gazetteer_dir = p->gazetteers ? g_strdup(p->gazetteers)
                                     : ng_default_dir("gazetteers");

    /* What a result depends on: the version and options and every
     * gazetteer, name pattern and rule file - and, for the state, the
     * program itself: a rebuilt negraph may tag differently. (Machines
     * running extract for one merge need the same files and version, not
     * the same binary.) */
    char *rules = p->rules ? g_strdup(p->rules) : ng_default_dir("rules");
    char *options = ng_pipeline_options(&p->pipeline);
    char *extra = g_strdup_printf("negraph %s %s", NG_VERSION, options);
    char *paths[] = { p->gazetteer_dir, rules, NULL };
    char *program[] = { "/proc/self/exe", NULL };
    GError *error = NULL;
    /* Without a state, the user cache's memo: the gazetteers were just
     * hashed for its key, and extract's header needs them again. */
    if (!p->state && !p->no_cache)
        p->user_cache = ng_cli_user_cache(p->gazetteer_dir);
    NgFingerprintMemo *memo = p->user_cache ? p->user_cache->memo : p->memo;
    p->config_fingerprint = ng_fingerprint(paths, extra, memo, &error);
    ng_user_cache_keep_memo(p->user_cache);
    /* The rest only a state needs: each hashes the binary (14 MB) or the
     * gazetteers again when no memo remembers them. */
    gboolean ok = p->config_fingerprint != NULL;
    if (ok && p->state) {
        p->fingerprint = ng_fingerprint(program, p->config_fingerprint,
                                        p->memo, &error);
        /* The gazetteer folder's files but for the name patterns, and
         * the rules, left out. */
        char *patterns = g_build_filename(p->gazetteer_dir, "patterns", NULL);
        char *base[] = { patterns, program[0], NULL };
        if (p->fingerprint)
            p->base_fingerprint = ng_fingerprint(base, extra, p->memo, &error);
        if (p->base_fingerprint)
            p->gazetteer_fingerprint = ng_config_cache_key(p->gazetteer_dir,
                                                           p->memo, &error);
        ok = p->gazetteer_fingerprint != NULL;
        g_free(patterns);
    }
    g_free(extra);
    g_free(options);
    g_free(rules);
    if (!ok) {
        ng_cli_error("%s: %s", cmd, error->message);
        g_error_free(error);
        return NG_EXIT_CONFIG;
    }
    return NG_EXIT_OK;
}

int ng_cli_pipeline_load(NgCliPipeline *p)
{
    if (p->config)
        return NG_EXIT_OK;
    /* A state keeps its own cache; without one, the user's serves. */
    p->config = p->state ? ng_config_load_cached(p->gazetteer_dir, p->cache,
                                                 p->gazetteer_fingerprint,
                                                 NULL)
                         : ng_config_load_in(p->gazetteer_dir, p->user_cache);
    if (!p->config || !ng_config_load_rules(p->config, p->rules))
        return NG_EXIT_CONFIG;
    p->pipeline.gazetteer = p->config->gazetteer;
    p->pipeline.matcher = p->config->matcher;
    p->pipeline.rules = p->config->rules;
    p->pipeline.tag = ng_config_tag_options(p->config, p->no_metonyms);
    p->describe = ng_pipeline_describe(&p->pipeline);
    return NG_EXIT_OK;
}

void ng_cli_pipeline_clear(NgCliPipeline *p)
{
    ng_config_free(p->config);
    g_free(p->gazetteers);
    g_free(p->rules);
    g_free(p->window);
    g_free(p->gazetteer_dir);
    g_free(p->cache);
    g_free(p->describe);
    g_free(p->fingerprint);
    g_free(p->config_fingerprint);
    g_free(p->base_fingerprint);
    g_free(p->gazetteer_fingerprint);
    ng_fingerprint_memo_free(p->memo);
    ng_user_cache_free(p->user_cache);
    memset(p, 0, sizeof *p);
}

guint ng_cli_run_setup(const NgCliRun *r, const char *cmd)
{
    ng_cli_verbosity = r->quiet ? -1 : r->verbose ? 1 : 0;
    if (r->jobs < 0 || r->jobs > 1024) {
        ng_cli_error("%s: --jobs must be between 1 and 1024 (0: one per "
                     "processor)", cmd);
        return 0;
    }
    return r->jobs ? (guint)r->jobs : g_get_num_processors();
}
