/*
 * cli.h - what the subcommands share: loading the configuration
 * (gazetteers, later rules) with messages on stderr, and message helpers.
 * Unlike the core library, this part prints.
 */
#ifndef NG_CLI_H
#define NG_CLI_H

#include <glib.h>
#include "gazetteer.h"
#include "matcher.h"
#include "tagging.h"
#include "rules.h"
#include "resolve.h"
#include "user_cache.h"

typedef struct {
    NgGazetteer *gazetteer;
    NgMatcher *matcher;
    NgNames *names;        /* name patterns from <gazetteer_dir>/patterns */
    char *gazetteer_dir;
    double load_seconds;
    guint warnings;        /* problems reported while loading */
    NgRuleSet *rules;      /* after ng_config_load_rules, else NULL */
    char *rules_dir;
    struct NgCacheJob *cache_job;  /* the cache being written, or NULL */
} NgConfig;

/* Verbosity shared by all subcommands: -1 quiet, 0 normal, 1 verbose. */
extern int ng_cli_verbosity;

/* "negraph: warning: ..." on stderr unless quiet. */
void ng_cli_warn(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* The reader's warnings (an NgWarnFunc of doc.h) through ng_cli_warn,
 * for the subcommands that only print them. */
void ng_cli_reader_warning(const char *message, gboolean skipped,
                           gpointer user);
/* "negraph: ..." on stderr, always. */
void ng_cli_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* stderr, verbose mode only. */
void ng_cli_info(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* Parse options; on error print it with the usage hint and return FALSE. */
gboolean ng_cli_parse(GOptionContext *ctx, int *argc, char ***argv);

/* The name patterns' folder of a gazetteer folder, `patterns/` in it;
 * NULL when it has none. Newly allocated. */
char *ng_config_patterns_dir(const char *gazetteer_dir);

/* Load the gazetteers from dir (or the default folder) and compile them,
 * with the name patterns of its patterns/ subfolder if there is one.
 * Prints warnings; on failure prints the error and returns NULL. */
NgConfig *ng_config_load(const char *gazetteer_dir);
/* The same, reading the gazetteers and their matcher from the file
 * `cache` (config_cache.h) when it was made under `fingerprint`, and
 * (re)making it after loading them from YAML otherwise; under the lock
 * file `lock` when other processes may write it too (user_cache.h;
 * NULL: the caller's lock covers it). */
NgConfig *ng_config_load_cached(const char *gazetteer_dir, const char *cache,
                                const char *fingerprint, const char *lock);
/* ng_config_load by way of the cache of runs without --state
 * (user_cache.h), or without any cache when no_cache (the --no-cache
 * option, described by NG_CLI_NO_CACHE_HELP). */
#define NG_CLI_NO_CACHE_HELP \
    "load the gazetteers from their YAML, neither reading nor writing " \
    "the cache in ~/.cache/negraph"
NgConfig *ng_config_load_user(const char *gazetteer_dir, gboolean no_cache);
/* The user cache of gazetteer_dir (ng_user_cache_open), or NULL after
 * saying why (-v) when there is none; and loading by way of it (uc may be
 * NULL: from the YAML). */
NgUserCache *ng_cli_user_cache(const char *gazetteer_dir);
NgConfig *ng_config_load_in(const char *gazetteer_dir, const NgUserCache *uc);
/* A cache made again is written on a thread of its own while the caller
 * goes on with the configuration (writing it only reads it): wait for
 * it. A failure is told (ng_cli_info) and costs only the next run's
 * time. The caller must wait before another process may write the same
 * file (before releasing the state's lock); ng_config_free waits too. */
void ng_config_cache_wait(NgConfig *c);
void ng_config_free(NgConfig *c);

/* The tagging options every subcommand uses: the loaded name patterns,
 * metonyms unless switched off. One place, so tag, explain and build tag
 * a text the same way. */
NgTagOptions ng_config_tag_options(const NgConfig *c, gboolean no_metonyms);

/* Load the relation rules from dir (or the default folder) into c->rules.
 * Prints warnings (counted in c->warnings) and, on failure, every problem;
 * returns FALSE then. A missing default folder only means no rules. */
gboolean ng_config_load_rules(NgConfig *c, const char *rules_dir);

#endif
