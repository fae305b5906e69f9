/*
 * cli.c - configuration loading and messages for the subcommands.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "config_cache.h"
#include "ng.h"
#include "paths.h"
#include "user_cache.h"

int ng_cli_verbosity = 0;

static void vmessage(const char *prefix, const char *fmt, va_list ap)
{
    char *msg = g_strdup_vprintf(fmt, ap);
    fprintf(stderr, "negraph: %s%s\n", prefix, msg);
    g_free(msg);
}

void ng_cli_warn(const char *fmt, ...)
{
    if (ng_cli_verbosity < 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmessage("warning: ", fmt, ap);
    va_end(ap);
}

void ng_cli_reader_warning(const char *message, gboolean skipped,
                           gpointer user)
{
    ng_cli_warn("%s", message);
}

void ng_cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage("", fmt, ap);
    va_end(ap);
}

void ng_cli_info(const char *fmt, ...)
{
    if (ng_cli_verbosity < 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmessage("", fmt, ap);
    va_end(ap);
}

gboolean ng_cli_parse(GOptionContext *ctx, int *argc, char ***argv)
{
    GError *error = NULL;
    if (g_option_context_parse(ctx, argc, argv, &error))
        return TRUE;
    ng_cli_error("%s (see --help)", error->message);
    g_error_free(error);
    return FALSE;
}

NgConfig *ng_config_load(const char *gazetteer_dir)
{
    return ng_config_load_cached(gazetteer_dir, NULL, NULL, NULL);
}

NgUserCache *ng_cli_user_cache(const char *gazetteer_dir)
{
    GError *error = NULL;
    NgUserCache *uc = ng_user_cache_open(gazetteer_dir, &error);
    if (!uc) {   /* no cache: slower, not wrong */
        ng_cli_info("no configuration cache: %s", error->message);
        g_error_free(error);
    }
    return uc;
}

NgConfig *ng_config_load_in(const char *gazetteer_dir, const NgUserCache *uc)
{
    return uc ? ng_config_load_cached(gazetteer_dir, uc->cache,
                                      uc->fingerprint, uc->lock)
              : ng_config_load(gazetteer_dir);
}

NgConfig *ng_config_load_user(const char *gazetteer_dir, gboolean no_cache)
{
    char *dir = gazetteer_dir ? g_strdup(gazetteer_dir)
                              : ng_default_dir("gazetteers");
    NgUserCache *uc = no_cache ? NULL : ng_cli_user_cache(dir);
    ng_user_cache_keep_memo(uc);
    NgConfig *c = ng_config_load_in(dir, uc);
    ng_user_cache_free(uc);
    g_free(dir);
    return c;
}

typedef struct {
    const NgGazetteer *gazetteer;
    const char *patterns_dir;
    NgNames *names;
    GError *error;
} NamesJob;

static gpointer names_job(gpointer job)
{
    NamesJob *j = job;
    j->names = ng_names_new(j->gazetteer, j->patterns_dir, &j->error);
    return NULL;
}

char *ng_config_patterns_dir(const char *gazetteer_dir)
{
    char *patterns = g_build_filename(gazetteer_dir, "patterns", NULL);
    if (!g_file_test(patterns, G_FILE_TEST_IS_DIR))
        g_clear_pointer(&patterns, g_free);
    return patterns;
}

/* Writing the cache: encoding and writing 25 MB for the shipped
 * gazetteers, 0.2-0.3 s that the first documents need not wait for. */
struct NgCacheJob {
    char *path;
    char *fingerprint;
    char *lock;            /* taken first, if not NULL */
    NgCachedConfig made;   /* borrowed from the config but the warnings */
    GThread *thread;       /* returns the GError of a failure, or NULL */
};

static gpointer cache_job(gpointer data)
{
    struct NgCacheJob *j = data;
    GError *error = NULL;
    /* A lock held elsewhere: that process is writing the same cache. */
    int fd = j->lock ? ng_user_cache_try_lock(j->lock) : -1;
    if (!j->lock || fd >= 0)
        ng_config_cache_write(j->path, j->fingerprint, &j->made, &error);
    if (fd >= 0) {
        /* A new cache: room for it among the user's. */
        char *dir = g_path_get_dirname(j->path);
        ng_user_cache_evict(dir, NG_USER_CACHE_FOLDERS);
        g_free(dir);
        close(fd);
    }
    return error;
}

void ng_config_cache_wait(NgConfig *c)
{
    struct NgCacheJob *j = c ? g_steal_pointer(&c->cache_job) : NULL;
    if (!j)
        return;
    GError *error = g_thread_join(j->thread);
    if (error) {
        ng_cli_info("cannot keep the configuration cache: %s", error->message);
        g_error_free(error);
    }
    g_ptr_array_free(j->made.warnings, TRUE);
    g_free(j->path);
    g_free(j->fingerprint);
    g_free(j->lock);
    g_free(j);
}

NgConfig *ng_config_load_cached(const char *gazetteer_dir, const char *cache,
                                const char *fingerprint, const char *lock)
{
    NgConfig *c = g_new0(NgConfig, 1);
    GError *error = NULL;
    GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
    gint64 t0 = g_get_monotonic_time();

    c->gazetteer_dir = gazetteer_dir ? g_strdup(gazetteer_dir)
                                     : ng_default_dir("gazetteers");
    char *patterns_dir = ng_config_patterns_dir(c->gazetteer_dir);
    /* A cache that is missing or not good is quietly made again. */
    NgCachedConfig cc = { 0 };
    gboolean cached = cache && ng_config_cache_read(cache, fingerprint, patterns_dir,
                                                    &cc, NULL);
    gboolean ok = cached;
    if (cached) {
        c->gazetteer = cc.gazetteer;
        c->matcher = cc.matcher;
        c->names = cc.names;
        g_ptr_array_extend_and_steal(warnings, cc.warnings);
    } else {
        c->gazetteer = ng_gazetteer_new();
        ok = ng_gazetteer_load_dir(c->gazetteer, c->gazetteer_dir, warnings,
                                   &error);
    }
    for (guint i = 0; i < warnings->len; i++)
        ng_cli_warn("%s", (char *)warnings->pdata[i]);
    c->warnings = warnings->len;
    if (ok && !cached) {
        /* The matcher and the name indexes are compiled from the
         * gazetteer independently (both only read it): side by side. */
        NamesJob job = { c->gazetteer, patterns_dir, NULL, NULL };
        GThread *names = g_thread_new("names", names_job, &job);
        c->matcher = ng_matcher_new(c->gazetteer);
        g_thread_join(names);
        c->names = job.names;
        error = job.error;
        ok = c->names != NULL;
    }
    if (ok && !cached && cache) {
        struct NgCacheJob *j = c->cache_job = g_new0(struct NgCacheJob, 1);
        j->path = g_strdup(cache);
        j->fingerprint = g_strdup(fingerprint);
        j->lock = g_strdup(lock);
        j->made = (NgCachedConfig){ c->gazetteer, c->matcher, c->names,
                                    g_steal_pointer(&warnings) };
        j->thread = g_thread_new("config-cache", cache_job, j);
    }
    if (warnings)
        g_ptr_array_free(warnings, TRUE);
    g_free(patterns_dir);
    if (!ok) {
        ng_cli_error("%s", error->message);
        g_error_free(error);
        ng_config_free(c);
        return NULL;
    }
    c->load_seconds = (g_get_monotonic_time() - t0) / 1e6;
    ng_cli_info("gazetteers: %u entities, %u aliases from %s in %.3f s%s",
                c->gazetteer->entities->len, c->gazetteer->aliases->len,
                c->gazetteer_dir, c->load_seconds, cached ? " (cached)" : "");
    ng_cli_info("name patterns: %u", ng_names_n_patterns(c->names));
    return c;
}

gboolean ng_config_load_rules(NgConfig *c, const char *rules_dir)
{
    GError *error = NULL;
    GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
    c->rules_dir = rules_dir ? g_strdup(rules_dir) : ng_default_dir("rules");
    if (!rules_dir && !g_file_test(c->rules_dir, G_FILE_TEST_IS_DIR)) {
        ng_cli_info("rules: no folder %s, no relation rules", c->rules_dir);
        c->rules = ng_rules_new();
        ng_rules_compile(c->rules, NULL, NULL);
        g_ptr_array_free(warnings, TRUE);
        return TRUE;
    }
    c->rules = ng_rules_load_dir(c->rules_dir, warnings, &error);
    for (guint i = 0; i < warnings->len; i++)
        ng_cli_warn("%s", (char *)warnings->pdata[i]);
    c->warnings += warnings->len;
    g_ptr_array_free(warnings, TRUE);
    if (!c->rules) {
        /* One problem per line, each with its FILE:LINE:COLUMN. */
        char **lines = g_strsplit(error->message, "\n", -1);
        for (char **l = lines; *l; l++)
            ng_cli_error("%s", *l);
        g_strfreev(lines);
        g_error_free(error);
        return FALSE;
    }
    ng_cli_info("rules: %u relations, %u rules from %s", c->rules->relations->len,
                ng_rules_n_rules(c->rules), c->rules_dir);
    return TRUE;
}

void ng_config_free(NgConfig *c)
{
    if (!c)
        return;
    ng_config_cache_wait(c);
    ng_rules_free(c->rules);
    g_free(c->rules_dir);
    ng_names_free(c->names);
    ng_matcher_free(c->matcher);
    ng_gazetteer_free(c->gazetteer);
    g_free(c->gazetteer_dir);
    g_free(c);
}

NgTagOptions ng_config_tag_options(const NgConfig *c, gboolean no_metonyms)
{
    NgTagOptions o = { .metonyms = !no_metonyms, .names = c->names };
    return o;
}
