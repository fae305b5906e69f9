/*
 * config_change.c - what changed in the configuration since the last
 * build with a state (config_change.h).
 *
 * The record is one string: the fingerprint and the gazetteers'
 * fingerprint, each ending a line (fingerprints are hex digests, without
 * line breaks), then the rule files as ng_rules_sources_text writes them.
 */
#include "config_change.h"

#include <string.h>

char *ng_config_record(const char *fingerprint,
                       const char *gazetteer_fingerprint,
                       const NgRuleSet *rules)
{
    char *sources = ng_rules_sources_text(rules);
    char *record = g_strconcat(fingerprint, "\n", gazetteer_fingerprint, "\n",
                               sources, NULL);
    g_free(sources);
    return record;
}

gboolean ng_config_record_read(const char *record, const char *fingerprint,
                               char **gazetteer_fingerprint,
                               const char **rules)
{
    gsize n = strlen(fingerprint);
    if (!record || strncmp(record, fingerprint, n) || record[n] != '\n')
        return FALSE;
    const char *g = record + n + 1, *end = strchr(g, '\n');
    if (!end)
        return FALSE;
    *gazetteer_fingerprint = g_strndup(g, (gsize)(end - g));
    *rules = end + 1;
    return TRUE;
}

gboolean ng_config_change_checkable(const NgConfigChange *c)
{
    return (c->gazetteers_same ||
            (c->gazetteers && !ng_gazetteer_diff_everything(c->gazetteers))) &&
           (c->rules_same || c->rules);
}

gboolean ng_config_change_affects(const NgConfigChange *c, const char *text,
                                  gsize len, const NgDocResult *stored)
{
    return (c->gazetteers &&
            ng_gazetteer_diff_affects(c->gazetteers, text, len, stored)) ||
           (c->rules && ng_rules_diff_affects(c->rules, text, len));
}

void ng_config_change_clear(NgConfigChange *c)
{
    ng_gazetteer_diff_free(c->gazetteers);
    ng_rules_diff_free(c->rules);
    memset(c, 0, sizeof *c);
}
