/*
 * token.h - splitting UTF-8 news text into tokens.
 *
 * Tokens are byte ranges into the document text; nothing is copied. The
 * same tokenizer runs over gazetteer aliases and over documents, so that an
 * alias matches exactly where its tokens line up with the text's.
 *
 * Rules (see token.c for the reasons):
 *  - whitespace, including U+00A0 and the other Unicode spaces, separates;
 *  - a word is a run of letters and digits; an apostrophe (' or U+2019)
 *    between letters stays inside it (O'Neill, don't), except the
 *    possessive ending 's / ’s / s' which becomes its own token flagged
 *    NG_TOK_PUNCT | NG_TOK_POSSESSIVE (never NG_TOK_WORD; "it's" splits
 *    the same way);
 *  - dotted abbreviations are one token, final dot included: U.S., U.K.,
 *    U.S.A., L.P.; so is a single capital followed by a dot (an initial,
 *    "H." in "George H. Bush") - both get NG_TOK_WORD | NG_TOK_ABBREV;
 *    other words keep their dot apart: "Mr." is Mr and . (the sentence
 *    splitter decides what the dot means);
 *  - numbers keep a ',' or '.' between digits: 1,750  5.93; but
 *    1987-03-02 is 1987 - 03 - 02 and 3.5% is 3.5 %;
 *  - every other character (hyphen, comma, quote, bracket...) is a
 *    one-character NG_TOK_PUNCT token, so "US-Russia" is US, -, Russia.
 */
#ifndef NG_TOKEN_H
#define NG_TOKEN_H

#include <glib.h>

typedef enum {
    NG_TOK_WORD = 1 << 0,           /* letters and/or digits */
    NG_TOK_PUNCT = 1 << 1,          /* one punctuation character */
    NG_TOK_UPPER = 1 << 2,          /* first character is an uppercase letter */
    NG_TOK_ALLCAPS = 1 << 3,        /* has an uppercase letter and no
                                       lowercase one (caseless scripts: no) */
    NG_TOK_DIGIT = 1 << 4,          /* starts with a digit */
    NG_TOK_SPACE_BEFORE = 1 << 5,   /* whitespace (any) precedes the token */
    NG_TOK_NEWLINE_BEFORE = 1 << 6, /* a line break precedes the token */
    NG_TOK_PARA_BEFORE = 1 << 7,    /* a blank line, or a line break followed by
                                       indentation, precedes: a new paragraph.
                                       The first token of a text has it, and
                                       PARA_BEFORE implies NEWLINE_BEFORE */
    NG_TOK_ABBREV = 1 << 8,         /* U.S., U.K., H. (dots included) */
    NG_TOK_POSSESSIVE = 1 << 9,     /* 's  ’s  ' after a word */
    NG_TOK_NONASCII = 1 << 10,      /* contains bytes >= 0x80 */
} NgTokenFlags;

typedef struct {
    guint32 start;  /* byte offset of the first byte */
    guint32 end;    /* byte offset one past the last byte */
    guint32 flags;  /* NgTokenFlags */
} NgToken;

/*
 * Tokenize text[0..len) (valid UTF-8, len < 4 GiB: offsets are 32-bit) and
 * append the tokens to `out`, a GArray of NgToken. Offsets are relative to
 * `text`, which need not be NUL-terminated. Never fails. Only whitespace
 * lies between consecutive tokens: every other byte is in a token.
 */
void ng_tokenize(const char *text, gsize len, GArray *out);

/*
 * If toks[i] (of n tokens of `text`) is the '<' opening a ticker in the
 * Reuters style - "<CIGZ.Z>", "<GM>", "<ERIC ST>": a word in capitals or
 * digits, perhaps an exchange after a dot or a space, all glued to the
 * brackets - the index of its '>'; else 0. A ticker is a code, not words.
 */
guint ng_ticker_end(const char *text, const NgToken *toks, guint n, guint i);

#endif
