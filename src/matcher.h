/*
 * matcher.h - finding gazetteer aliases in tokenized text.
 *
 * The aliases are tokenized with the document tokenizer and compiled into
 * a trie over token keys (case- and accent-folded token strings, interned
 * as integers), in the spirit of GNU grep's kwset: the work per text token
 * is one hash lookup plus one trie step, whatever the number of aliases.
 *
 * Matching is over whole tokens, leftmost-longest, without overlap. A
 * case-sensitive alias (the default) must also agree with the text in its
 * unfolded form; NG_ALIAS_NOCASE aliases need only the folded form. A
 * match never spans a paragraph break.
 */
#ifndef NG_MATCHER_H
#define NG_MATCHER_H

#include <glib.h>
#include "gazetteer.h"
#include "token.h"

typedef struct NgMatcher NgMatcher;

/* The most tokens an alias may have. Longer ones are skipped (the loader
 * warns about them): matching does at most this many trie steps from each
 * text token, so its time stays linear in the text whatever the aliases. */
#define NG_MATCHER_MAX_TOKENS 32

typedef struct {
    guint32 first_token;  /* index of the first token of the match */
    guint32 n_tokens;
    guint32 start;        /* byte range in the text */
    guint32 end;
    guint32 entity;       /* index into the gazetteer's entities */
    guint32 alias;        /* index into the gazetteer's aliases */
} NgMention;

/* Compile the gazetteer's aliases. The matcher keeps a pointer to gz, which
 * must outlive it and not change. Aliases that tokenize to nothing or to
 * more than NG_MATCHER_MAX_TOKENS tokens are skipped. Several threads may
 * match with one matcher. */
NgMatcher *ng_matcher_new(const NgGazetteer *gz);
void ng_matcher_free(NgMatcher *m);

/* Number of distinct trie states, for statistics. */
guint ng_matcher_n_states(const NgMatcher *m);

/* Append the mentions found in tokens[0..n) of text to `out` (GArray of
 * NgMention), in text order. */
void ng_matcher_match(const NgMatcher *m, const char *text,
                      const NgToken *tokens, guint n, GArray *out);

#endif
