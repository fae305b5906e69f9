/*
 * fuzz_token.c - the tokenizer, on repaired text and on raw bytes.
 *
 * Invariants on valid UTF-8 (the input repaired as the reader does):
 *  - tokens are non-empty, in order, do not overlap, lie inside the text
 *    and start and end on character boundaries;
 *  - only whitespace (as the tokenizer defines it, token.c) lies between
 *    tokens: every other character is in a token;
 *  - flags agree with the bytes: exactly one of WORD and PUNCT; a
 *    punctuation token that is not a possessive is one character;
 *    POSSESSIVE implies PUNCT, ABBREV implies WORD, PARA_BEFORE implies
 *    NEWLINE_BEFORE; NONASCII iff a byte >= 0x80; SPACE_BEFORE iff
 *    whitespace precedes; NEWLINE_BEFORE after the first token only when
 *    a line break precedes; DIGIT iff the first character is a digit;
 *  - the first token starts a paragraph;
 *  - appending to a non-empty array gives the same tokens after it.
 * On raw bytes (the contract excludes invalid UTF-8, the code promises to
 * survive it): the same order and coverage checks, bytes instead of
 * characters.
 */
#include <string.h>

#include "fuzz.h"
#include "token.h"

/* The tokenizer's whitespace (token.c: unicode_class and the ASCII table). */
static gboolean is_space(gunichar u)
{
    return u < 0x20 || u == ' ' || u == 0x7F || (u >= 0x80 && u < 0xA0) ||
           u == 0x200B || u == 0xFEFF || u == 0x2028 || u == 0x2029 ||
           g_unichar_isspace(u);
}

static gboolean is_break(gunichar u)
{
    return (u >= '\n' && u <= '\r') || u == 0x85 || u == 0x2028 ||
           u == 0x2029;
}

static gboolean is_boundary(const char *text, gsize len, gsize off)
{
    return off == 0 || off == len || ((guchar)text[off] & 0xC0) != 0x80;
}

static void check_gap(const char *text, gsize from, gsize to, guint32 flags,
                      guint i)
{
    gboolean brk = FALSE;
    for (const char *p = text + from; p < text + to; p = g_utf8_next_char(p)) {
        gunichar u = g_utf8_get_char(p);
        FZ_CHECK(is_space(u), "U+%04X at %zu is between tokens",
                 (unsigned)u, (size_t)(p - text));
        brk |= is_break(u);
    }
    FZ_CHECK(!!(flags & NG_TOK_SPACE_BEFORE) == (to > from),
             "token %u: SPACE_BEFORE %d, gap of %zu bytes", i,
             !!(flags & NG_TOK_SPACE_BEFORE), (size_t)(to - from));
    if (i > 0)
        FZ_CHECK(!!(flags & NG_TOK_NEWLINE_BEFORE) == brk,
                 "token %u: NEWLINE_BEFORE %d, line break before %d", i,
                 !!(flags & NG_TOK_NEWLINE_BEFORE), brk);
}

static void check_valid(const char *text, gsize len)
{
    GArray *toks = g_array_new(FALSE, FALSE, sizeof(NgToken));
    ng_tokenize(text, len, toks);
    gsize prev_end = 0;
    for (guint i = 0; i < toks->len; i++) {
        const NgToken *t = &g_array_index(toks, NgToken, i);
        FZ_CHECK(t->start < t->end && t->end <= len && t->start >= prev_end,
                 "token %u [%u,%u) after %zu in %zu bytes", i, t->start,
                 t->end, (size_t)prev_end, (size_t)len);
        FZ_CHECK(is_boundary(text, len, t->start) &&
                 is_boundary(text, len, t->end),
                 "token %u [%u,%u) splits a character", i, t->start, t->end);
        check_gap(text, prev_end, t->start, t->flags, i);
        prev_end = t->end;

        guint32 f = t->flags;
        FZ_CHECK(!(f & NG_TOK_WORD) != !(f & NG_TOK_PUNCT),
                 "token %u: flags %#x: not exactly one of WORD, PUNCT", i, f);
        FZ_CHECK(!(f & NG_TOK_POSSESSIVE) || (f & NG_TOK_PUNCT),
                 "token %u: possessive not punctuation", i);
        FZ_CHECK(!(f & NG_TOK_ABBREV) || (f & NG_TOK_WORD),
                 "token %u: abbreviation not a word", i);
        FZ_CHECK(!(f & NG_TOK_PARA_BEFORE) || (f & NG_TOK_NEWLINE_BEFORE),
                 "token %u: PARA_BEFORE without NEWLINE_BEFORE", i);
        const char *s = text + t->start;
        gsize n = t->end - t->start;
        if ((f & NG_TOK_PUNCT) && !(f & NG_TOK_POSSESSIVE))
            FZ_CHECK(g_utf8_next_char(s) == text + t->end,
                     "token %u: punctuation of more than one character", i);
        gboolean high = FALSE;
        for (gsize k = 0; k < n; k++)
            high |= (guchar)s[k] >= 0x80;
        FZ_CHECK(!!(f & NG_TOK_NONASCII) == high, "token %u: NONASCII %d",
                 i, !!(f & NG_TOK_NONASCII));
        gunichar first = g_utf8_get_char(s);
        FZ_CHECK(!!(f & NG_TOK_DIGIT) == ((f & NG_TOK_WORD) &&
                                          g_unichar_isdigit(first)),
                 "token %u: DIGIT %d, first U+%04X", i, !!(f & NG_TOK_DIGIT),
                 (unsigned)first);
        if (f & NG_TOK_UPPER)
            FZ_CHECK(g_unichar_isupper(first) || g_unichar_istitle(first),
                     "token %u: UPPER but U+%04X", i, (unsigned)first);
        for (gsize k = 0; k < n; k = (gsize)(g_utf8_next_char(s + k) - s))
            FZ_CHECK(!is_space(g_utf8_get_char(s + k)) ||
                     g_unichar_ismark(g_utf8_get_char(s + k)),
                     "token %u holds whitespace at %zu", i, (size_t)k);
    }
    check_gap(text, prev_end, len, prev_end < len ? NG_TOK_SPACE_BEFORE : 0,
              0);
    if (toks->len)
        FZ_CHECK(g_array_index(toks, NgToken, 0).flags & NG_TOK_PARA_BEFORE,
                 "the first token does not start a paragraph");

    /* Appending after existing tokens changes nothing but the position. */
    GArray *again = g_array_new(FALSE, FALSE, sizeof(NgToken));
    NgToken junk = { 1, 2, NG_TOK_WORD };
    g_array_append_val(again, junk);
    ng_tokenize(text, len, again);
    FZ_CHECK(again->len == toks->len + 1 &&
             fz_same(again->data + sizeof(NgToken), toks->data,
                     toks->len * sizeof(NgToken)),
             "tokenizing after existing tokens differs");
    g_array_free(again, TRUE);
    g_array_free(toks, TRUE);
}

/* Raw bytes: no crash, tokens in order inside the text. */
static void check_raw(const char *data, gsize len)
{
    GArray *toks = g_array_new(FALSE, FALSE, sizeof(NgToken));
    ng_tokenize(data, len, toks);
    gsize prev_end = 0;
    for (guint i = 0; i < toks->len; i++) {
        const NgToken *t = &g_array_index(toks, NgToken, i);
        FZ_CHECK(t->start < t->end && t->end <= len && t->start >= prev_end,
                 "raw token %u [%u,%u) after %zu in %zu bytes", i, t->start,
                 t->end, (size_t)prev_end, (size_t)len);
        prev_end = t->end;
    }
    g_array_free(toks, TRUE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_raw((const char *)data, size);
    char *text = fz_text(data, size, ' ');
    gsize len = strlen(text);
    check_valid(text, len);
    g_free(text);
    return 0;
}
