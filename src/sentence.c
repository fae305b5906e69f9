/*
 * sentence.c - sentence and paragraph boundaries over a token array.
 *
 * One pass over the tokens. A sentence ends at a paragraph break (always),
 * or after a terminator - . ! ? … or a dotted abbreviation such as U.S. -
 * together with what closes it (quotes, brackets, further terminators, the
 * Spanish-agency ".-"), when the next token is separated by whitespace and
 * looks like the start of a sentence: a capitalised word, a number, an
 * opening quote or bracket. Line breaks alone mean nothing, so hard-wrapped
 * text splits like running text.
 *
 * What comes before a full stop changes how much evidence is needed:
 *  - after a title or a reference word (Mr., Gen., No., vs.) a sentence
 *    never ends: a name or a number follows;
 *  - after a "weak" stop - a month (Jan.), Jr./Sr., a US state (Calif.),
 *    an initial (H.) or a dotted abbreviation (U.S.) - it ends only before a
 *    capitalised pronoun or determiner that typically opens a sentence (The,
 *    He, But...): "the U.S. The ministry" splits, "the U.S. Treasury" and
 *    "John F. Kennedy" do not;
 *  - after a company suffix (Corp., Inc., Co., Ltd.) likewise, or before a
 *    capitalised word followed by a lowercase word ("Acme Corp. Shares
 *    rose"), but not before a name or title ("Acme Corp. Chairman John").
 *
 * Datelines get a sentence of their own, so that the place they name does
 * not co-occur with the entities of the first sentence: the ".-" rule cuts
 * "Copenhagen, May 19 (EFE).-", and at the start of a paragraph "BRUSSELS,
 * March 27 -" (a comma, a month, a day and a dash) is cut after the dash.
 */
#include "sentence.h"

#include <string.h>

/* What a word before a full stop does to it (see above). */
enum { STOP_PLAIN, STOP_NEVER, STOP_WEAK, STOP_COMPANY };

/* Entries starting with a capital only match capitalised tokens, so that
 * "said no." still ends a sentence; matching ignores case, for headlines. */
static const struct {
    const char *word;
    guint8 kind;
} stop_words[] = {
    { "Mr", STOP_NEVER }, { "Mrs", STOP_NEVER }, { "Ms", STOP_NEVER },
    { "Dr", STOP_NEVER }, { "Gen", STOP_NEVER }, { "Sen", STOP_NEVER },
    { "Rep", STOP_NEVER }, { "Gov", STOP_NEVER }, { "Lt", STOP_NEVER },
    { "Col", STOP_NEVER }, { "Sgt", STOP_NEVER }, { "Capt", STOP_NEVER },
    { "Adm", STOP_NEVER }, { "Maj", STOP_NEVER }, { "Cmdr", STOP_NEVER },
    { "Prof", STOP_NEVER }, { "Rev", STOP_NEVER }, { "Hon", STOP_NEVER },
    { "Messrs", STOP_NEVER }, { "Mme", STOP_NEVER }, { "St", STOP_NEVER },
    { "Sens", STOP_NEVER }, { "Reps", STOP_NEVER }, { "Gens", STOP_NEVER },
    { "Alex", STOP_NEVER }, /* Alex. Brown and Sons */
    { "Mt", STOP_NEVER }, { "Ft", STOP_NEVER }, { "No", STOP_NEVER },
    { "Nos", STOP_NEVER }, { "Fig", STOP_NEVER }, { "vs", STOP_NEVER },

    { "Jan", STOP_WEAK }, { "Feb", STOP_WEAK }, { "Mar", STOP_WEAK },
    { "Apr", STOP_WEAK }, { "Jun", STOP_WEAK }, { "Jul", STOP_WEAK },
    { "Aug", STOP_WEAK }, { "Sep", STOP_WEAK }, { "Sept", STOP_WEAK },
    { "Oct", STOP_WEAK }, { "Nov", STOP_WEAK }, { "Dec", STOP_WEAK },
    { "Jr", STOP_WEAK }, { "Sr", STOP_WEAK }, { "Ave", STOP_WEAK },
    { "Blvd", STOP_WEAK }, { "Dept", STOP_WEAK }, { "Univ", STOP_WEAK },
    { "Ala", STOP_WEAK }, { "Ariz", STOP_WEAK }, { "Ark", STOP_WEAK },
    { "Calif", STOP_WEAK }, { "Colo", STOP_WEAK }, { "Conn", STOP_WEAK },
    { "Del", STOP_WEAK }, { "Fla", STOP_WEAK }, { "Ga", STOP_WEAK },
    { "Ill", STOP_WEAK }, { "Ind", STOP_WEAK }, { "Kan", STOP_WEAK },
    { "Ky", STOP_WEAK }, { "La", STOP_WEAK }, { "Md", STOP_WEAK },
    { "Mass", STOP_WEAK }, { "Mich", STOP_WEAK }, { "Minn", STOP_WEAK },
    { "Miss", STOP_WEAK }, { "Mo", STOP_WEAK }, { "Mont", STOP_WEAK },
    { "Neb", STOP_WEAK }, { "Nev", STOP_WEAK }, { "Okla", STOP_WEAK },
    { "Ore", STOP_WEAK }, { "Pa", STOP_WEAK }, { "Tenn", STOP_WEAK },
    { "Tex", STOP_WEAK }, { "Va", STOP_WEAK }, { "Vt", STOP_WEAK },
    { "Wash", STOP_WEAK }, { "Wis", STOP_WEAK }, { "Wyo", STOP_WEAK },

    { "Corp", STOP_COMPANY }, { "Inc", STOP_COMPANY }, { "Co", STOP_COMPANY },
    { "Ltd", STOP_COMPANY }, { "Bros", STOP_COMPANY }, { "Cos", STOP_COMPANY },
    { "Plc", STOP_COMPANY }, { "Pty", STOP_COMPANY }, { "Bhd", STOP_COMPANY },
    { "Ltda", STOP_COMPANY },
};

/*
 * Capitalised words that open sentences but rarely continue one after a
 * name. Conjunctions and prepositions are left out: Reuters-21578 often
 * capitalises the word after "U.S." ("the U.S. And Japan", "U.S. In
 * response"), so only pronouns and determiners are trusted.
 */
static const char *const openers[] = {
    "The", "A", "An", "This", "These", "Those", "It", "He", "She", "They",
    "We", "I", "His", "Her", "Its", "Their", "Our", "But", "However",
    "Meanwhile",
};

static const char *const months[] = {
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
    "Nov", "Dec",
};

static inline guint tok_len(const NgToken *t)
{
    return t->end - t->start;
}

/* Is the token exactly `s`? Inline, so that strlen of a literal folds. */
static inline gboolean tok_is(const char *text, const NgToken *t, const char *s)
{
    return strlen(s) == tok_len(t) && memcmp(text + t->start, s, tok_len(t)) == 0;
}

/* Is the token `s`, ignoring ASCII case? */
static gboolean tok_ieq(const char *text, const NgToken *t, const char *s)
{
    return strlen(s) == tok_len(t) &&
           g_ascii_strncasecmp(text + t->start, s, tok_len(t)) == 0;
}

/* Is the token one of the capitalised words in list[0..n)? */
static gboolean tok_in(const char *text, const NgToken *t,
                       const char *const *list, gsize n)
{
    if (!(t->flags & NG_TOK_UPPER))
        return FALSE;
    for (gsize i = 0; i < n; i++)
        if (tok_ieq(text, t, list[i]))
            return TRUE;
    return FALSE;
}

static int stop_kind(const char *text, const NgToken *t)
{
    if (!(t->flags & NG_TOK_WORD) || tok_len(t) > 6)
        return STOP_PLAIN;
    /* The first letters are compared first (in lower case, inline: GLib's
     * g_ascii_tolower is a call): most entries differ there. */
    char c0 = text[t->start] | 0x20;
    for (gsize i = 0; i < G_N_ELEMENTS(stop_words); i++) {
        const char *w = stop_words[i].word;
        if ((w[0] | 0x20) != c0 ||
            (g_ascii_isupper(w[0]) && !(t->flags & NG_TOK_UPPER)))
            continue;
        if (tok_ieq(text, t, w))
            return stop_words[i].kind;
    }
    return STOP_PLAIN;
}

/* . ! ? … or 。 - on every token, so the common case is cut short. */
static inline gboolean is_terminator(const char *text, const NgToken *t)
{
    if (!(t->flags & NG_TOK_PUNCT))
        return FALSE;
    if (tok_len(t) == 1) {
        char c = text[t->start];
        return c == '.' || c == '!' || c == '?';
    }
    return tok_is(text, t, "\xe2\x80\xa6") || tok_is(text, t, "\xe3\x80\x82");
}

static gboolean is_dash(const char *text, const NgToken *t)
{
    return tok_is(text, t, "-") || tok_is(text, t, "\xe2\x80\x93") || /* – */
           tok_is(text, t, "\xe2\x80\x94");                          /* — */
}

/* Quotes and brackets that may open a sentence. */
static gboolean is_opening(const char *text, const NgToken *t)
{
    static const char *const open[] = {
        "\"", "'", "(", "[", "\xe2\x80\x9c", "\xe2\x80\x98", "\xc2\xab",
        "\xc2\xbf", "\xc2\xa1", /* “ ‘ « ¿ ¡ */
    };
    if (!(t->flags & NG_TOK_PUNCT) || (t->flags & NG_TOK_POSSESSIVE))
        return FALSE;
    for (gsize i = 0; i < G_N_ELEMENTS(open); i++)
        if (tok_is(text, t, open[i]))
            return TRUE;
    return FALSE;
}

/* Quotes and brackets that close what a terminator ended: the straight
 * quotes only when attached to it, since spaced they open the next one. */
static gboolean is_closing(const char *text, const NgToken *t)
{
    static const char *const close[] = {
        ")", "]", "\xe2\x80\x9d", "\xe2\x80\x99", "\xc2\xbb", /* ” ’ » */
    };
    if (!(t->flags & NG_TOK_PUNCT))
        return FALSE;
    if (tok_is(text, t, "\"") || tok_is(text, t, "'"))
        return !(t->flags & NG_TOK_SPACE_BEFORE);
    for (gsize i = 0; i < G_N_ELEMENTS(close); i++)
        if (tok_is(text, t, close[i]))
            return TRUE;
    return FALSE;
}

static gboolean starts_sentence(const char *text, const NgToken *t)
{
    return (t->flags & (NG_TOK_UPPER | NG_TOK_DIGIT)) || is_opening(text, t);
}

/*
 * If tokens[i] can end a sentence (a terminator, or an abbreviation with
 * its dot), the index of the last token of that ending: further
 * terminators, closing quotes and brackets and the "-" of ".-" attached to
 * it are part of it. G_MAXUINT when tokens[i] cannot end a sentence.
 */
static guint ending_at(const char *text, const NgToken *tok, guint i, guint n)
{
    if (!is_terminator(text, &tok[i]) && !(tok[i].flags & NG_TOK_ABBREV))
        return G_MAXUINT;
    guint j = i;
    while (j + 1 < n && !(tok[j + 1].flags & NG_TOK_SPACE_BEFORE) &&
           (is_terminator(text, &tok[j + 1]) || is_closing(text, &tok[j + 1]) ||
            (tok_is(text, &tok[j + 1], "-") && tok_is(text, &tok[j], "."))))
        j++;
    return j;
}

/*
 * Does the ending tokens[i..j] close a sentence, given what follows?
 * tokens[j + 1] exists and does not start a paragraph.
 */
static gboolean ends_sentence(const char *text, const NgToken *tok, guint i,
                              guint j, guint n)
{
    const NgToken *next = &tok[j + 1];
    if (!(next->flags & NG_TOK_SPACE_BEFORE) || !starts_sentence(text, next))
        return FALSE;
    int kind = STOP_PLAIN;
    if (tok[i].flags & NG_TOK_ABBREV)
        kind = STOP_WEAK;
    else if (i > 0 && tok_is(text, &tok[i], ".") && tok[i - 1].end == tok[i].start)
        kind = stop_kind(text, &tok[i - 1]);

    gboolean opener = tok_in(text, next, openers, G_N_ELEMENTS(openers));
    switch (kind) {
    case STOP_NEVER:
        return FALSE;
    case STOP_WEAK:
        return opener;
    case STOP_COMPANY:
        /* or "Shares rose": a capitalised word, then a lowercase one */
        return opener ||
               ((next->flags & NG_TOK_UPPER) && j + 2 < n &&
                (tok[j + 2].flags & NG_TOK_WORD) &&
                !(tok[j + 2].flags & (NG_TOK_UPPER | NG_TOK_DIGIT)));
    default:
        return TRUE;
    }
}

/*
 * The dash ending a dateline at the start of a paragraph ("BRUSSELS, March
 * 27 - A scheme..."), or G_MAXUINT: a capitalised first word, a comma, a
 * month, a day number and a dash within the first dozen tokens, followed
 * by the start of a sentence.
 */
static guint dateline_end(const char *text, const NgToken *tok, guint first,
                          guint n)
{
    if (!(tok[first].flags & NG_TOK_UPPER))
        return G_MAXUINT;
    const guint32 spaced_punct = NG_TOK_PUNCT | NG_TOK_SPACE_BEFORE;
    for (guint d = first + 1; d < n && d < first + 12; d++) {
        if (tok[d].flags & NG_TOK_PARA_BEFORE)
            break;
        /* The flags rule out most tokens; the comma is looked for only
         * once there is a dash. */
        if ((tok[d].flags & spaced_punct) != spaced_punct || !is_dash(text, &tok[d]))
            continue;
        gboolean comma = FALSE;
        for (guint c = first + 1; c < d; c++)
            comma |= tok_is(text, &tok[c], ",");
        if (d - first < 3 || !comma || !(tok[d - 1].flags & NG_TOK_DIGIT))
            return G_MAXUINT;
        guint m = d - 2; /* the month, before the day */
        if (tok_is(text, &tok[m], ".") && m > first)
            m--;
        if (!tok_in(text, &tok[m], months, G_N_ELEMENTS(months)))
            return G_MAXUINT;
        if (d + 1 < n && (tok[d + 1].flags & NG_TOK_SPACE_BEFORE) &&
            !(tok[d + 1].flags & NG_TOK_PARA_BEFORE) &&
            starts_sentence(text, &tok[d + 1]))
            return d;
        return G_MAXUINT;
    }
    return G_MAXUINT;
}

static void add(GArray *out, guint first, guint end, guint paragraph)
{
    NgSentence s = { first, end - first, paragraph };
    g_array_append_val(out, s);
}

/* NG_TOK_PUNCT for the first bytes of the terminators (is_terminator):
 * . ! ? and the lead bytes of … and 。. */
static const guint16 may_end[256] = {
    ['.'] = NG_TOK_PUNCT, ['!'] = NG_TOK_PUNCT, ['?'] = NG_TOK_PUNCT,
    [0xE2] = NG_TOK_PUNCT, [0xE3] = NG_TOK_PUNCT,
};

/* The first token from i on that the splitter must look at: one that
 * starts a paragraph, ends the dateline, or may end a sentence. The rest -
 * words, and punctuation that starts no terminator (commas, hyphens,
 * quotes) - are told apart with a mask rather than branches, which the
 * mix of words and punctuation in text would often mispredict, in a loop
 * of its own. */
static inline guint next_stop(const char *text, const NgToken *tokens,
                              guint i, guint n, guint dateline)
{
    for (; i < n && i != dateline; i++)
        if (tokens[i].flags & (NG_TOK_PARA_BEFORE | NG_TOK_ABBREV |
                               may_end[(guchar)text[tokens[i].start]]))
            break;
    return i;
}

void ng_split_sentences(const char *text, const NgToken *tokens, guint n,
                        GArray *out)
{
    guint first = 0, paragraph = 0, dateline = G_MAXUINT;
    for (guint i = 0; i < n; i++) {
        if (i > 0 && (i = next_stop(text, tokens, i, n, dateline)) >= n)
            break;
        guint32 f = tokens[i].flags;
        if (i == 0 || (f & NG_TOK_PARA_BEFORE)) {
            if (i > first) {
                add(out, first, i, paragraph);
                first = i;
            }
            if (i > 0)
                paragraph++;
            dateline = dateline_end(text, tokens, i, n);
        }
        guint j;
        if (i == dateline)
            j = i;
        else if ((j = ending_at(text, tokens, i, n)) == G_MAXUINT)
            continue;
        if (j + 1 < n && !(tokens[j + 1].flags & NG_TOK_PARA_BEFORE) &&
            (i == dateline || ends_sentence(text, tokens, i, j, n))) {
            add(out, first, j + 1, paragraph);
            first = j + 1;
        }
        i = j;
    }
    if (n > first)
        add(out, first, n, paragraph);
}

char *ng_sentence_text(const char *text, const NgToken *tokens,
                       const NgSentence *s)
{
    GString *out = g_string_new(NULL);
    for (guint k = s->first; k < s->first + s->n_tokens; k++) {
        const NgToken *t = &tokens[k];
        /* Only whitespace lies between tokens. */
        if (k > s->first && t->start > tokens[k - 1].end)
            g_string_append_c(out, ' ');
        g_string_append_len(out, text + t->start, tok_len(t));
    }
    return g_string_free(out, FALSE);
}
