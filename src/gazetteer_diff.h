/*
 * gazetteer_diff.h - which documents a change of gazetteers can affect.
 *
 * `negraph build --state` keeps every document's result. When only the
 * gazetteers changed (not the name patterns, rules, options or program),
 * most of those results are still what processing would give: a
 * document's result can change only through the entries that changed.
 * This module compares the gazetteer of the last build with the new one
 * and answers, for a document (its text and its stored result), whether
 * it must be processed again. The answer may be "yes" needlessly, never
 * "no" wrongly: a rebuild must give the bytes a build from scratch gives.
 *
 * An entity has changed when it was added or removed, when its id, name,
 * type, attributes or aliases (texts, flags, order) differ, or when it or
 * one of its aliases moved relative to the others (where several entities
 * share an alias or a surname, order decides which comes first: the
 * entities off a longest run that kept its order count as moved). What a
 * document's processing reads of the gazetteer, and why the test below
 * covers it:
 *  - the matcher finds aliases as token sequences. A changed entity's
 *    alias that occurs in the text has its every token there: the test
 *    looks for one of them (the one with the longest key);
 *  - the surname and first-name indexes file every person under the
 *    first and last words of each of its names: for a person, every
 *    word of every name is looked for;
 *  - the one-word index holds one-word aliases: the word itself;
 *  - resolution and the rules read the entities matched (type,
 *    attributes), and a name found in the text takes a gazetteer entity's
 *    place when its id is that entity's: both leave the entity in the
 *    stored result, whose ids are checked against the changed ones;
 *  - what depends on the whole gazetteer: countries (capitals, leaders'
 *    roles, home countries by code) and demonyms. A change there makes
 *    every document count as affected (ng_gazetteer_diff_everything).
 * Words are compared by the loose key the name indexes use (names_loose
 * of the folded token), which two tokens the matcher takes for the same
 * word always share.
 */
#ifndef NG_GAZETTEER_DIFF_H
#define NG_GAZETTEER_DIFF_H

#include <glib.h>
#include "docresult.h"
#include "gazetteer.h"

typedef struct NgGazetteerDiff NgGazetteerDiff;

/* Compare the gazetteer `old` with `now`; neither need outlive the
 * call. */
NgGazetteerDiff *ng_gazetteer_diff_new(const NgGazetteer *old,
                                       const NgGazetteer *now);
void ng_gazetteer_diff_free(NgGazetteerDiff *d);

/* The number of entities added, removed or changed. */
guint ng_gazetteer_diff_n_changed(const NgGazetteerDiff *d);

/* NULL when documents can be told apart; otherwise why every document
 * counts as affected (a static string). */
const char *ng_gazetteer_diff_everything(const NgGazetteerDiff *d);

/* Whether the document with text[0..len) whose result under the old
 * gazetteer is `stored` may come out differently now. Any thread; the
 * diff is only read. */
gboolean ng_gazetteer_diff_affects(const NgGazetteerDiff *d, const char *text,
                                   gsize len, const NgDocResult *stored);

#endif
