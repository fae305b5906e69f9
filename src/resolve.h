/*
 * resolve.h - deciding what the names in one document refer to.
 *
 * The matcher finds gazetteer aliases; resolution decides which of those
 * hits count and finds the names no gazetteer lists. It works on one
 * tagged document at a time (NgTagged) and uses name patterns loaded from
 * YAML files in gazetteers/patterns/ (format in README.md, "Name patterns"):
 *
 *  - context: an ambiguous alias (Chad, Jordan) needs a firm mention of
 *    its entity; a one-word name must be capitalised and must not be a
 *    stop word (September, The); a capital standing for a government
 *    (Washington) is a place in a dateline or after "in"; a demonym
 *    (Russian) is never a country; a title-case or ALL-CAPS headline
 *    counts only entities that the body of the document also names;
 *  - names no list has: people introduced by a title ("Finance Minister
 *    Kiichi Miyazawa", "its CEO, Matthias Warnig", "William Bywater,
 *    president of ...") and organizations known by their form ("Chrysler
 *    Corp", "Bank of Tokyo", "American Soybean Association") become
 *    entities found in the text (NgTagged.found);
 *  - document-scoped names: a surname after a full name (Lavrov), a
 *    company's short form (Chrysler after Chrysler Corp) and an acronym
 *    defined in the text ("European Community (EC)") refer, in this
 *    document only, to the entity they abbreviate; a bare surname with no
 *    full name in the document refers to a gazetteer person only when the
 *    surname belongs to exactly one head of state or government there and
 *    is not a common word.
 *
 * Every rule is described where it is implemented: resolve.c (the order of
 * the passes, gazetteer hits, headlines, the final mention list),
 * resolve_people.c, resolve_orgs.c, resolve_doc.c (short forms, surnames,
 * acronyms); names_load.c and names_index.c build NgNames.
 */
#ifndef NG_RESOLVE_H
#define NG_RESOLVE_H

#include <glib.h>
#include "gazetteer.h"
#include "tagging.h"

/* NgMention.alias of a mention that no gazetteer alias produced (a name
 * found by a pattern, a short form, an acronym). */
#define NG_MENTION_NO_ALIAS G_MAXUINT32

/* NgNames (declared in tagging.h): the name patterns and the indexes
 * derived from a gazetteer (surnames of the people it lists). */

/*
 * Load the name patterns of every *.yaml / *.yml file directly in
 * `patterns_dir`, in name order, for use with gazetteer `gz`, which must
 * not change afterwards and must outlive the result. `patterns_dir` may be
 * NULL: then no pattern is known and only the rules that need none apply
 * (ambiguity, headlines, document-scoped surnames and acronyms). Errors
 * are NG_ERROR_CONFIG with "FILE:LINE:COLUMN: " messages (all the files'
 * problems, one per line); a missing folder is an error too.
 */
NgNames *ng_names_new(const NgGazetteer *gz, const char *patterns_dir,
                      GError **error);
void ng_names_free(NgNames *names);

/* Number of words and phrases loaded from the pattern files. */
guint ng_names_n_patterns(const NgNames *names);

/* The loose key under which the name indexes file the word p[0..len)
 * (a token with flags tok_flags): folded, then German transliterations
 * and doubled letters reduced. Two tokens the matcher takes for the same
 * word have the same key. Into `key`, with `scratch` for the folding. */
void ng_names_word_key(GString *key, GString *scratch, const char *p,
                       gsize len, guint32 tok_flags);

/*
 * Resolve t's gazetteer matches (t->mentions as the matcher left them, in
 * text order) in place: drop the unsupported ones, add the names found by
 * patterns and the document-scoped forms, and fill t->found. The result
 * is in text order without overlaps. When opt->names is NULL only the
 * gazetteer's own flags are applied (an ambiguous alias needs a firm
 * mention of its entity; metonyms follow opt->metonyms).
 */
void ng_resolve(const NgTagOptions *opt, NgTagged *t);

/* Free the buffers ng_resolve keeps in NgTagged.resolve_state (NULL is
 * fine); ng_tagged_free calls it. */
void ng_resolve_state_free(NgResolveState *s);

#endif
