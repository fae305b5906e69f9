/*
 * sentence.h - sentence and paragraph boundaries over a token array.
 *
 * Survives news text: abbreviations (U.S., Mr., Gen., Jan., Corp.),
 * initials, datelines ("BRUSSELS, March 27 -", "Copenhagen, May 19
 * (EFE).-"), quotes after the full stop, and hard-wrapped lines whose
 * sentences run across line breaks. A paragraph break always ends a
 * sentence; a title line (the first line of a .txt article) is its own
 * sentence because it is followed by a blank line.
 */
#ifndef NG_SENTENCE_H
#define NG_SENTENCE_H

#include <glib.h>
#include "token.h"

typedef struct {
    guint32 first;     /* index of the first token */
    guint32 n_tokens;  /* number of tokens, >= 1 */
    guint32 paragraph; /* 0-based paragraph number within the document */
} NgSentence;

/*
 * Split tokens[0..n) of `text` into sentences, appended in order to `out`
 * (a GArray of NgSentence). The sentences cover every token exactly once,
 * in order.
 */
void ng_split_sentences(const char *text, const NgToken *tokens, guint n,
                        GArray *out);

/*
 * The text of sentence `s` (from its first token to its last), with every
 * run of whitespace, line breaks included, replaced by one space; newly
 * allocated (g_free). Used as the evidence quoted on edges.
 */
char *ng_sentence_text(const char *text, const NgToken *tokens,
                       const NgSentence *s);

#endif
