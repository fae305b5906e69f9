/*
 * rules_diff.h - which documents a change of the relation rules can
 * affect.
 *
 * The rules' counterpart of gazetteer_diff.h: when the rules changed (and
 * maybe the gazetteers, but not the name patterns, options or program),
 * `negraph build --state` keeps the stored results and processes again
 * only the documents the change can affect. The answer may be "yes"
 * needlessly, never "no" wrongly: a rebuild must give the bytes a build
 * from scratch gives.
 *
 * Why looking for trigger words is enough: the engine (relations.c) only
 * tries a rule where a token is the first word of one of its trigger
 * phrases, and whatever else a rule reads (its pattern, blockers,
 * barriers, types, CAMEO code, its relation's settings) it reads from
 * there. The other things one rule can do to another's matches go
 * through such a token too: the first rule of a relation that matches at
 * a trigger token is the only one used there, and a trigger word is never
 * a title word when names are grouped. So a rule counts as changed when
 * anything it reads differs (compared as text: the word lists resolved,
 * each word as folded), when it was added or removed, or when it moved
 * relative to the other rules of its relation; every rule counts as
 * changed when the grouping vocabulary changed or the relations came in
 * another order. A document is affected when one of its tokens is, for
 * the old rules or the new, the first word of a trigger phrase of a
 * changed rule - looked up the way the engine looks it up
 * (ng_rules_token_word), so the two cannot disagree.
 */
#ifndef NG_RULES_DIFF_H
#define NG_RULES_DIFF_H

#include <glib.h>
#include "rules.h"

typedef struct NgRulesDiff NgRulesDiff;

/* Compare the compiled rule sets `old` and `now`, which must outlive the
 * diff. */
NgRulesDiff *ng_rules_diff_new(const NgRuleSet *old, const NgRuleSet *now);
void ng_rules_diff_free(NgRulesDiff *d);

/* The number of rules added, removed or changed, old and new counted
 * once each (a rule changed in place counts once). */
guint ng_rules_diff_n_changed(const NgRulesDiff *d);

/* The rule files `rs` was loaded from (their paths and bytes, in order),
 * as text for the state to keep. */
char *ng_rules_sources_text(const NgRuleSet *rs);

/* The diff from the rules kept as `saved` (ng_rules_sources_text) to
 * `now`. When the files are byte for byte the same, NULL with *same set;
 * when `saved` cannot be read back or its rules do not compile (they did
 * once, under this negraph: a damaged state), NULL with an error
 * (NG_ERROR_FORMAT). */
NgRulesDiff *ng_rules_diff_from_text(const char *saved, const NgRuleSet *now,
                                     gboolean *same, GError **error);

/* Whether the document with text[0..len) (valid UTF-8) may have other
 * relation matches under the new rules than under the old. Any thread;
 * the diff is only read. */
gboolean ng_rules_diff_affects(const NgRulesDiff *d, const char *text,
                               gsize len);

#endif
