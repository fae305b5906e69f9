/*
 * config_change.h - what changed in the configuration since the last
 * build with a state, and which documents the change can affect.
 *
 * When only the gazetteers or the rules changed, `negraph build --state`
 * keeps the stored results as suspects (state.h) and checks each against
 * the change: the gazetteers' diff (gazetteer_diff.h) and the rules'
 * (rules_diff.h) together. To compare, a build needs the configuration
 * the results were made under; the state keeps a record of it: the
 * results' fingerprint, the gazetteers' (the key of the configuration
 * cache, which holds the gazetteers themselves) and the rule files.
 */
#ifndef NG_CONFIG_CHANGE_H
#define NG_CONFIG_CHANGE_H

#include <glib.h>
#include "docresult.h"
#include "gazetteer_diff.h"
#include "rules_diff.h"

typedef struct {
    NgGazetteerDiff *gazetteers;  /* NULL if the same or not comparable */
    gboolean gazetteers_same;
    NgRulesDiff *rules;           /* NULL if the same or not comparable */
    gboolean rules_same;
} NgConfigChange;

/* The record of a configuration: the fingerprint of its results, its
 * gazetteers' fingerprint and its rule files, as text. */
char *ng_config_record(const char *fingerprint,
                       const char *gazetteer_fingerprint,
                       const NgRuleSet *rules);

/* Whether `record` (may be NULL) is of the configuration `fingerprint`;
 * if so, its gazetteers' fingerprint (newly allocated) and its rules
 * (ng_rules_diff_from_text's text, pointing into `record`). */
gboolean ng_config_record_read(const char *record, const char *fingerprint,
                               char **gazetteer_fingerprint,
                               const char **rules);

/* Whether the change is known on both sides, so that each document can
 * be checked against it (ng_config_change_affects); if not, every
 * document must be processed again. */
gboolean ng_config_change_checkable(const NgConfigChange *c);

/* Whether the document with text[0..len), whose result under the old
 * configuration is `stored`, may come out differently now. Any thread. */
gboolean ng_config_change_affects(const NgConfigChange *c, const char *text,
                                  gsize len, const NgDocResult *stored);

/* Free the diffs and clear c. */
void ng_config_change_clear(NgConfigChange *c);

#endif
