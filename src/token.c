/*
 * token.c - the tokenizer: UTF-8 text to an array of byte-range tokens.
 *
 * News text is overwhelmingly ASCII, so every byte is first classified
 * through a 256-entry table; only bytes >= 0x80 are decoded as UTF-8 and
 * classified with GLib's Unicode tables. Tokens are written straight into
 * the output array's storage, which grows geometrically.
 *
 * Choices the rules in token.h leave open:
 *  - The possessive token ('s, ’s, or a bare ' after a word ending in s)
 *    is flagged NG_TOK_PUNCT | NG_TOK_POSSESSIVE: it is never a word, so
 *    code that walks words skips it like punctuation. "it's" and "he's"
 *    split the same way - the tokenizer cannot tell is from has from the
 *    possessive.
 *  - A bare ' after an s-word is always taken as possessive, so the closing
 *    quote of 'dogs' is a possessive token too.
 *  - NG_TOK_ALLCAPS needs at least one uppercase letter and no lowercase
 *    one; caseless letters (CJK, Arabic) and digits neither set nor block
 *    it. Abbreviations (U.S.) are NG_TOK_WORD | NG_TOK_ABBREV.
 *  - The first token of the text is at the start of a line and of a
 *    paragraph: it gets NG_TOK_NEWLINE_BEFORE and NG_TOK_PARA_BEFORE.
 *    NG_TOK_PARA_BEFORE always comes with NG_TOK_NEWLINE_BEFORE.
 *  - ASCII control characters, C1 controls, U+200B and U+FEFF count as
 *    whitespace, so every byte that is not whitespace is in some token
 *    (ng_sentence_text relies on that). \n, \r, \r\n, \v, \f, U+0085 and
 *    U+2028 are line breaks; U+2029 is a paragraph break.
 *  - Bytes that are not valid UTF-8 (the contract says there are none)
 *    become one-byte punctuation tokens rather than being read past.
 */
#include "token.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Character classes: bits of the table below and of unicode_class(). */
enum {
    C_SPACE = 1 << 0, /* whitespace; line breaks have C_BREAK as well */
    C_BREAK = 1 << 1,
    C_UPPER = 1 << 2, /* uppercase or titlecase letter */
    C_LOWER = 1 << 3,
    C_DIGIT = 1 << 4, /* decimal digit */
    C_OTHER = 1 << 5, /* caseless letter, or a non-decimal number */
    C_MARK = 1 << 6,  /* combining mark or joiner: continues a word only */
    C_HIGH = 1 << 7,  /* byte >= 0x80: decode the UTF-8 sequence */
    C_JOIN = 1 << 8,  /* . , ' : may continue a word (1,750  O'Neill) */
};
#define C_LETTER (C_UPPER | C_LOWER | C_OTHER)
#define C_ALNUM (C_LETTER | C_DIGIT)
#define C_INWORD (C_ALNUM | C_MARK)

#define S C_SPACE
#define B (C_SPACE | C_BREAK)
#define U C_UPPER
#define L C_LOWER
#define D C_DIGIT
#define H C_HIGH
#define J C_JOIN
static const guint16 ascii_class[256] = {
    S, S, S, S, S, S, S, S, S, S, B, B, B, B, S, S, /* \t=9 \n \v \f \r */
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    S, 0, 0, 0, 0, 0, 0, J, 0, 0, 0, 0, J, 0, J, 0, /* space ! " ... / */
    D, D, D, D, D, D, D, D, D, D, 0, 0, 0, 0, 0, 0, /* 0-9 : ; < = > ? */
    0, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, /* @ A-O */
    U, U, U, U, U, U, U, U, U, U, U, 0, 0, 0, 0, 0, /* P-Z [ \ ] ^ _ */
    0, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, /* ` a-o */
    L, L, L, L, L, L, L, L, L, L, L, 0, 0, 0, 0, S, /* p-z { | } ~ DEL */
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
};
#undef S
#undef B
#undef U
#undef L
#undef D
#undef H
#undef J

/* The class of a non-ASCII character. */
static guint unicode_class(gunichar u)
{
    if (u == 0x85 || u == 0x2028 || u == 0x2029)
        return C_SPACE | C_BREAK;
    if (u == 0x200B || u == 0xFEFF || (u >= 0x80 && u < 0xA0) ||
        g_unichar_isspace(u))
        return C_SPACE;
    if (g_unichar_isupper(u) || g_unichar_istitle(u))
        return C_UPPER;
    if (g_unichar_islower(u))
        return C_LOWER;
    if (g_unichar_isdigit(u))
        return C_DIGIT;
    if (g_unichar_isalnum(u))
        return C_OTHER;
    if (g_unichar_ismark(u) || u == 0x200C || u == 0x200D)
        return C_MARK;
    return 0;
}

/*
 * The class of the character at t[p] (p < len) and its length in bytes.
 * An invalid or truncated sequence is one byte of class 0 (punctuation).
 */
static inline guint char_at(const guchar *t, gsize len, gsize p, gsize *n,
                            gunichar *ch)
{
    guint k = ascii_class[t[p]];
    if (!(k & C_HIGH)) {
        *n = 1;
        if (ch)
            *ch = t[p];
        return k;
    }
    gunichar u = g_utf8_get_char_validated((const char *) t + p,
                                           (gssize) (len - p));
    if (u == (gunichar) -1 || u == (gunichar) -2) {
        *n = 1;
        if (ch)
            *ch = 0xFFFD;
        return 0;
    }
    *n = (gsize) g_utf8_skip[t[p]];
    if (ch)
        *ch = u;
    return unicode_class(u);
}

/* Length of the apostrophe (' or U+2019) at t[p], or 0. */
static inline gsize apostrophe_at(const guchar *t, gsize len, gsize p)
{
    if (t[p] == '\'')
        return 1;
    if (t[p] == 0xE2 && p + 2 < len && t[p + 1] == 0x80 && t[p + 2] == 0x99)
        return 3;
    return 0;
}

/* Output storage: tokens are written in place, the array sized at the end. */
typedef struct {
    GArray *arr;
    NgToken *tok; /* == &g_array_index(arr, NgToken, base) */
    guint base;   /* tokens in arr before this call */
    guint n;      /* tokens written by this call */
    guint cap;    /* room at tok */
} Out;

/* Taken and returned by value: the Out of ng_tokenize never has its
 * address taken, so the compiler can keep it in registers. */
static Out out_grow(Out o)
{
    o.cap = o.cap * 2;
    g_array_set_size(o.arr, o.base + o.cap);
    o.tok = &g_array_index(o.arr, NgToken, o.base);
    return o;
}

static inline void emit(Out *o, gsize start, gsize end, guint32 flags)
{
    if (G_UNLIKELY(o->n == o->cap))
        *o = out_grow(*o);
    NgToken *t = &o->tok[o->n++];
    t->start = (guint32) start;
    t->end = (guint32) end;
    t->flags = flags;
}

/*
 * Skip the whitespace run at t[p] and return the position after it; *before
 * gets the flags it gives the next token. A paragraph starts after two line
 * breaks or after a line break followed by indentation.
 */
static gsize skip_space(const guchar *t, gsize len, gsize p, guint32 *before)
{
    guint breaks = 0;
    gboolean indent = FALSE;
    while (p < len) {
        guchar c = t[p];
        if (c == ' ' || c == '\t') {
            indent = breaks > 0;
            p++;
            continue;
        }
        gsize n;
        gunichar u;
        guint k = char_at(t, len, p, &n, &u);
        if (!(k & C_SPACE))
            break;
        if (k & C_BREAK) {
            indent = FALSE;
            breaks += (u == 0x2029) ? 2 : 1;
            if (c == '\r' && p + 1 < len && t[p + 1] == '\n')
                n = 2;
        } else {
            indent = breaks > 0;
        }
        p += n;
    }
    *before |= NG_TOK_SPACE_BEFORE;
    if (breaks)
        *before |= NG_TOK_NEWLINE_BEFORE;
    if (breaks >= 2 || indent)
        *before |= NG_TOK_NEWLINE_BEFORE | NG_TOK_PARA_BEFORE;
    return p;
}

/*
 * After a one-letter word at t[start..p) followed by '.', extend over further
 * letter-dot pairs. Returns the end of the abbreviation (dots included), or
 * 0 when it is not one: it needs two pairs (U.S., e.g.) or an uppercase
 * letter (the initial H.). *seen collects the classes of the letters.
 */
static gsize scan_abbrev(const guchar *t, gsize len, gsize p, guint first,
                         guint *seen)
{
    guint pairs = 1;
    p++; /* the dot after the first letter */
    while (p < len) {
        gsize n;
        guint k = char_at(t, len, p, &n, NULL);
        if (!(k & C_LETTER) || p + n >= len || t[p + n] != '.')
            break;
        *seen |= k | (n > 1 ? C_HIGH : 0);
        pairs++;
        p += n + 1;
    }
    if (pairs >= 2 || (first & C_UPPER))
        return p;
    return 0;
}

/*
 * The end of the run of ASCII letters and digits starting at t[p]; the
 * classes met are OR'ed into *seen (C_DIGIT perhaps not: no caller needs
 * it). With SSE2, 16 bytes are classified at
 * once: words end at unpredictable places, and a byte-at-a-time loop pays
 * a branch misprediction at the end of nearly every word.
 */
static inline gsize ascii_alnum_run(const guchar *t, gsize len, gsize p,
                                    guint *seen)
{
#ifdef __SSE2__
    /* lo <= v <= hi in one signed comparison: adding 0x80 - lo moves the
     * range to the bottom of the signed bytes, [-128, -128 + hi - lo]. */
#define IN_RANGE(v, lo, hi) \
    _mm_movemask_epi8(_mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - (lo)))), \
                                     _mm_set1_epi8((char)(0x80 + (hi) - (lo) + 1))))
    while (p + 16 <= len) {
        __m128i v = _mm_loadu_si128((const __m128i *) (t + p));
        unsigned up = (unsigned) IN_RANGE(v, 'A', 'Z');
        unsigned lo = (unsigned) IN_RANGE(v, 'a', 'z');
        unsigned dg = (unsigned) IN_RANGE(v, '0', '9');
        unsigned stop = ~(up | lo | dg) & 0xFFFF;
        unsigned taken = (stop & -stop) - 1;   /* all ones when stop is 0 */
        /* Only the cases matter in *seen (for NG_TOK_ALLCAPS). */
        *seen |= ((up & taken) ? C_UPPER : 0) | ((lo & taken) ? C_LOWER : 0);
        if (stop)
            return p + (gsize) __builtin_ctz(stop);
        p += 16;
    }
#undef IN_RANGE
#endif
    for (; p < len && (ascii_class[t[p]] & C_ALNUM); p++)
        *seen |= ascii_class[t[p]];
    return p;
}

/*
 * The length of the possessive ending at the apostrophe t[p] (of `a`
 * bytes) that follows a word: 's / ’s when no letter or digit follows the
 * s, or the bare apostrophe after a word ending in s (countries'). 0 if
 * there is none.
 */
static gsize possessive_at(const guchar *t, gsize len, gsize p, gsize a)
{
    gsize q = p + a, n;
    guint next = q < len ? char_at(t, len, q, &n, NULL) : 0;
    if (next & C_LETTER) {
        if ((t[q] == 's' || t[q] == 'S') &&
            (q + 1 >= len || !(char_at(t, len, q + 1, &n, NULL) & C_INWORD)))
            return a + 1;
        return 0;
    }
    if (!(next & C_DIGIT) && (t[p - 1] == 's' || t[p - 1] == 'S'))
        return a;
    return 0;
}

/*
 * Scan the word starting at t[p] (an alphanumeric character) and return its
 * end; *seen gets the classes of its characters (C_HIGH if any is not
 * ASCII).
 */
static gsize scan_word(const guchar *t, gsize len, gsize p, guint *seen)
{
    guint last = 0; /* class of the last character taken */
    while (p < len) {
        gsize run = ascii_alnum_run(t, len, p, seen);
        if (run > p) {
            last = ascii_class[t[run - 1]];
            p = run;
            if (p >= len)
                break;
        }
        guchar c = t[p];
        if (!(ascii_class[c] & (C_JOIN | C_HIGH)))
            break;   /* most words: a space or punctuation follows */
        if (c == '.' || c == ',') {
            /* A number keeps separators between digits: 1,750  5.93 */
            if ((last & C_DIGIT) && p + 1 < len &&
                (ascii_class[t[p + 1]] & C_DIGIT)) {
                p++;
                continue;
            }
            break;
        }
        gsize a = apostrophe_at(t, len, p), n;
        if (a) {
            /* O'Neill, don't: an apostrophe between letters, unless 's */
            if ((last & C_LETTER) && p + a < len &&
                (char_at(t, len, p + a, &n, NULL) & C_LETTER) &&
                !possessive_at(t, len, p, a)) {
                *seen |= a > 1 ? C_HIGH : 0;
                p += a;
                continue;
            }
            break;
        }
        if (c < 0x80)
            break;
        guint k = char_at(t, len, p, &n, NULL);
        if (!(k & C_INWORD))
            break;
        *seen |= k | C_HIGH;
        last = k;
        p += n;
    }
    return p;
}

/*
 * After a token ending at *p: a single space followed by a token is the
 * most common separator, taken here (what skip_space would do with it) on
 * the path of the kind of token it follows, where a branch predictor
 * guesses it better than at the top of the loop.
 */
static inline void single_space(const guchar *t, gsize len, gsize *p,
                                guint32 *before)
{
    if (*p + 1 < len && t[*p] == ' ' &&
        !(ascii_class[t[*p + 1]] & (C_SPACE | C_HIGH))) {
        *before = NG_TOK_SPACE_BEFORE;
        (*p)++;
    }
}

/* The character classes and the token flags share these bits. */
G_STATIC_ASSERT((int) C_UPPER == (int) NG_TOK_UPPER && (int) C_DIGIT == (int) NG_TOK_DIGIT);

void ng_tokenize(const char *text, gsize len, GArray *out)
{
    const guchar *t = (const guchar *) text;
    Out o = { .arr = out, .base = out->len, .n = 0, .cap = (guint) (len / 4) + 16 };
    g_array_set_size(out, o.base + o.cap);
    o.tok = &g_array_index(out, NgToken, o.base);

    /* The start of the text is the start of a line and of a paragraph. */
    guint32 before = NG_TOK_NEWLINE_BEFORE | NG_TOK_PARA_BEFORE;
    gsize p = 0;
    while (p < len) {
        guchar c = t[p];
        gsize n;
        guint k = char_at(t, len, p, &n, NULL);
        if (k & C_SPACE) {
            p = skip_space(t, len, p, &before);
            continue;
        }
        gsize start = p;
        guint32 flags = before;
        before = 0;
        if (!(k & C_ALNUM)) { /* one punctuation character */
            emit(&o, start, start + n, flags | NG_TOK_PUNCT |
                 (n > 1 || c >= 0x80 ? NG_TOK_NONASCII : 0));
            p += n;
            single_space(t, len, &p, &before);
            continue;
        }

        guint seen = 0;
        gsize end = scan_word(t, len, p, &seen);
        flags |= NG_TOK_WORD;
        if (end == start + n && (k & C_LETTER) && end < len && t[end] == '.') {
            gsize abbr = scan_abbrev(t, len, end, k, &seen);
            if (abbr) {
                end = abbr;
                flags |= NG_TOK_ABBREV;
            }
        }
        flags |= k & (C_UPPER | C_DIGIT);   /* NG_TOK_UPPER, NG_TOK_DIGIT */
        if ((seen & C_UPPER) && !(seen & C_LOWER))
            flags |= NG_TOK_ALLCAPS;
        if (seen & C_HIGH)
            flags |= NG_TOK_NONASCII;
        emit(&o, start, end, flags);
        p = end;
        gsize a = p < len ? apostrophe_at(t, len, p) : 0;
        gsize poss = a ? possessive_at(t, len, p, a) : 0;
        if (poss) {
            emit(&o, p, p + poss, NG_TOK_PUNCT | NG_TOK_POSSESSIVE |
                 (a > 1 ? NG_TOK_NONASCII : 0));
            p += poss;
        }
        single_space(t, len, &p, &before);
    }
    g_array_set_size(out, o.base + o.n);
}

/* Is t the one-character token c? */
static gboolean is_char(const char *text, const NgToken *t, char c)
{
    return t->end == t->start + 1 && text[t->start] == c;
}

/* A word token in capitals (ALL-CAPS or digits when `digits`). */
static gboolean caps_word(const NgToken *t, gboolean digits)
{
    return (t->flags & NG_TOK_WORD) &&
           (t->flags & (NG_TOK_ALLCAPS | (digits ? NG_TOK_DIGIT : 0)));
}

guint ng_ticker_end(const char *text, const NgToken *toks, guint n, guint i)
{
    guint j = i + 1;
    if (j >= n || !is_char(text, &toks[i], '<') || (toks[j].flags & NG_TOK_SPACE_BEFORE) ||
        !caps_word(&toks[j], TRUE))
        return 0;
    j++;
    if (j + 1 < n && is_char(text, &toks[j], '.') &&
        !(toks[j].flags & NG_TOK_SPACE_BEFORE) && caps_word(&toks[j + 1], FALSE) &&
        !(toks[j + 1].flags & NG_TOK_SPACE_BEFORE))
        j += 2;       /* the exchange after a dot: CIGZ.Z */
    else if (j < n && caps_word(&toks[j], FALSE) && toks[j].end - toks[j].start <= 2 &&
             !(toks[j].flags & NG_TOK_NEWLINE_BEFORE))
        j++;          /* or after a space: ERIC ST */
    return j < n && is_char(text, &toks[j], '>') && !(toks[j].flags & NG_TOK_SPACE_BEFORE)
               ? j : 0;
}
