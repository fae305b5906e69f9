/*
 * test_token.c - the tokenizer: token boundaries, flags and offsets.
 */
#include <string.h>

#include "testlib.h"
#include "token.h"

/* Tokenize `text` into a fresh array. */
static GArray *tokenize(const char *text)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(NgToken));
    ng_tokenize(text, strlen(text), a);
    return a;
}

/* The tokens of `text` joined with '|'. */
static char *joined(const char *text)
{
    GArray *a = tokenize(text);
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < a->len; i++) {
        NgToken *t = &g_array_index(a, NgToken, i);
        if (i)
            g_string_append_c(s, '|');
        g_string_append_len(s, text + t->start, t->end - t->start);
    }
    g_array_free(a, TRUE);
    return g_string_free(s, FALSE);
}

/* Boundaries: input and the expected tokens joined with '|'. */
static const struct {
    const char *in;
    const char *want;
} cases[] = {
    { "", "" },
    { "   \n\t ", "" },
    { "Hello world", "Hello|world" },
    { "Reagan's plan", "Reagan|'s|plan" },
    { "Reagan\xe2\x80\x99s plan", "Reagan|\xe2\x80\x99s|plan" },
    { "REAGAN'S PLAN", "REAGAN|'S|PLAN" },
    { "the countries' leaders", "the|countries|'|leaders" },
    { "the countries\xe2\x80\x99 leaders", "the|countries|\xe2\x80\x99|leaders" },
    { "O'Neill's view", "O'Neill|'s|view" },
    { "O\xe2\x80\x99Neill don't", "O\xe2\x80\x99Neill|don't" },
    { "the 1980's", "the|1980|'s" },
    { "the U.S.'s deficit", "the|U.S.|'s|deficit" },
    { "the U.S.\xe2\x80\x99s", "the|U.S.|\xe2\x80\x99s" },
    { "rock'n'roll", "rock'n'roll" },
    { "Jones's", "Jones|'s" },
    { "the boss'", "the|boss|'" },
    { "s'", "s|'" },
    { "'quoted'", "'|quoted|'" },
    { "it's", "it|'s" },
    { "Bush' s", "Bush|'|s" },
    { "US-Russia talks", "US|-|Russia|talks" },
    { "mid-1987", "mid|-|1987" },
    { "1987-03-02", "1987|-|03|-|02" },
    { "the U.S. and U.K.", "the|U.S.|and|U.K."},
    { "U.S.A. L.P. e.g. i.e.", "U.S.A.|L.P.|e.g.|i.e." },
    { "U.S.-Soviet", "U.S.|-|Soviet" },
    { "George H. Bush", "George|H.|Bush" },
    { "at 3 p.m., said", "at|3|p.m.|,|said" },
    { "Mr. Smith of Acme Corp.", "Mr|.|Smith|of|Acme|Corp|." },
    { "a. b", "a|.|b" },
    { "155,221 bags at 5.93 mln", "155,221|bags|at|5.93|mln" },
    { "up 3.5%.", "up|3.5|%|." },
    { "1,750, 1,780.", "1,750|,|1,780|." },
    { "$1.5 billion", "$|1.5|billion" },
    { "2.27.", "2.27|." },
    { "Fran\xc3\xa7ois Mitterrand", "Fran\xc3\xa7ois|Mitterrand" },
    { "Franc\xcc\xa7ois", "Franc\xcc\xa7ois" },               /* combining cedilla */
    { "\xe2\x80\x9c" "differences\xe2\x80\x9d", "\xe2\x80\x9c|" "differences|\xe2\x80\x9d" },
    { "\xe2\x80\x98no\xe2\x80\x99 vote", "\xe2\x80\x98|no|\xe2\x80\x99|vote" },
    { "war\xe2\x80\x94peace", "war|\xe2\x80\x94|peace" },
    { "10\xc2\xa0" "000 euros", "10|000|euros" },                  /* NBSP */
    { "a\xe2\x80\x8b" "b\xe3\x80\x80" "c\xe2\x80\xaf" "d\xe2\x80\x83" "e",
      "a|b|c|d|e" },                                            /* ZWSP, U+3000... */
    { "x\x03y", "x|y" },                                        /* control char */
    { "\xef\xbb\xbfTitle", "Title" },                           /* BOM */
    { "(EFE).-", "(|EFE|)|.|-" },
    { "\xe4\xb8\xad\xe5\x9b\xbd\xe3\x80\x82", "\xe4\xb8\xad\xe5\x9b\xbd|\xe3\x80\x82" },
};

static void test_boundaries(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *got = joined(cases[i].in);
        if (strcmp(got, cases[i].want) != 0)
            g_test_message("case %u: \"%s\"", i, cases[i].in);
        g_assert_cmpstr(got, ==, cases[i].want);
        g_free(got);
    }
}

/* Flags of token `i` of `text`. */
static guint32 flags_of(const char *text, guint i)
{
    GArray *a = tokenize(text);
    g_assert_cmpuint(i, <, a->len);
    guint32 f = g_array_index(a, NgToken, i).flags;
    g_array_free(a, TRUE);
    return f;
}

#define HAS(f, bits) (((f) & (bits)) == (bits))

static void test_word_flags(void)
{
    guint32 f = flags_of("Reagan", 0);
    g_assert_true(HAS(f, NG_TOK_WORD | NG_TOK_UPPER));
    g_assert_false(f & (NG_TOK_ALLCAPS | NG_TOK_DIGIT | NG_TOK_PUNCT));

    f = flags_of("the OPEC", 1);
    g_assert_true(HAS(f, NG_TOK_WORD | NG_TOK_UPPER | NG_TOK_ALLCAPS));
    f = flags_of("the G7", 1);
    g_assert_true(HAS(f, NG_TOK_UPPER | NG_TOK_ALLCAPS));
    f = flags_of("iPhone", 0);
    g_assert_false(f & (NG_TOK_UPPER | NG_TOK_ALLCAPS));
    f = flags_of("1987", 0);
    g_assert_true(HAS(f, NG_TOK_WORD | NG_TOK_DIGIT));
    g_assert_false(f & (NG_TOK_UPPER | NG_TOK_ALLCAPS));
    f = flags_of("U.S.", 0);
    g_assert_true(HAS(f, NG_TOK_WORD | NG_TOK_ABBREV | NG_TOK_UPPER |
                         NG_TOK_ALLCAPS));
    f = flags_of("e.g.", 0);
    g_assert_true(HAS(f, NG_TOK_ABBREV));
    g_assert_false(f & (NG_TOK_UPPER | NG_TOK_ALLCAPS));
    f = flags_of("H. Bush", 0);
    g_assert_true(HAS(f, NG_TOK_ABBREV | NG_TOK_UPPER));
    f = flags_of("Mr. Smith", 0);
    g_assert_false(f & NG_TOK_ABBREV);

    f = flags_of("\xc3\x89lys\xc3\xa9" "e", 0);  /* Élysée */
    g_assert_true(HAS(f, NG_TOK_WORD | NG_TOK_UPPER | NG_TOK_NONASCII));
    g_assert_false(f & NG_TOK_ALLCAPS);
    f = flags_of("\xc3\x89TAT", 0);                 /* ÉTAT */
    g_assert_true(HAS(f, NG_TOK_UPPER | NG_TOK_ALLCAPS | NG_TOK_NONASCII));
    f = flags_of("Fran\xc3\xa7ois", 0);
    g_assert_true(HAS(f, NG_TOK_NONASCII));
    f = flags_of("Francois", 0);
    g_assert_false(f & NG_TOK_NONASCII);
    f = flags_of("\xe4\xb8\xad\xe5\x9b\xbd", 0);    /* caseless letters */
    g_assert_true(HAS(f, NG_TOK_WORD | NG_TOK_NONASCII));
    g_assert_false(f & (NG_TOK_UPPER | NG_TOK_ALLCAPS));
}

static void test_punct_flags(void)
{
    guint32 f = flags_of("Reagan's", 1);
    g_assert_cmpuint(f, ==, NG_TOK_PUNCT | NG_TOK_POSSESSIVE);
    f = flags_of("Reagan\xe2\x80\x99s", 1);
    g_assert_cmpuint(f, ==, NG_TOK_PUNCT | NG_TOK_POSSESSIVE | NG_TOK_NONASCII);
    f = flags_of("allies' talks", 1);
    g_assert_cmpuint(f, ==, NG_TOK_PUNCT | NG_TOK_POSSESSIVE);
    f = flags_of("a, b", 1);
    g_assert_cmpuint(f, ==, NG_TOK_PUNCT);
    f = flags_of("a \xe2\x80\x9c" "b", 1);
    g_assert_cmpuint(f, ==, NG_TOK_PUNCT | NG_TOK_NONASCII | NG_TOK_SPACE_BEFORE);
    /* The hyphen and the word after it are glued to what precedes. */
    f = flags_of("US-Russia", 1);
    g_assert_cmpuint(f, ==, NG_TOK_PUNCT);
    f = flags_of("US-Russia", 2);
    g_assert_false(f & NG_TOK_SPACE_BEFORE);
    f = flags_of("US - Russia", 1);
    g_assert_true(f & NG_TOK_SPACE_BEFORE);
}

static void test_space_flags(void)
{
    const guint32 SP = NG_TOK_SPACE_BEFORE, NL = NG_TOK_NEWLINE_BEFORE,
                  PA = NG_TOK_PARA_BEFORE, MASK = SP | NL | PA;
    static const struct {
        const char *in;
        guint index;
        guint32 want; /* the whitespace flags of token `index` */
    } sp[] = {
        { "first", 0, NL | PA },
        { "  first", 0, SP | NL | PA },
        { "a b", 1, SP },
        { "a\tb", 1, SP },
        { "a\nb", 1, SP | NL },
        { "a\r\nb", 1, SP | NL },
        { "a\rb", 1, SP | NL },
        { "a \n b", 1, SP | NL | PA },        /* indented line */
        { "a\n    The", 1, SP | NL | PA },    /* Reuters paragraph */
        { "a\n\nb", 1, SP | NL | PA },
        { "a\r\n\r\nb", 1, SP | NL | PA },
        { "a\n \t\nb", 1, SP | NL | PA },     /* blank line with spaces */
        { "a  \nb", 1, SP | NL },             /* trailing spaces only */
        { "a\xc2\xa0" "b", 1, SP },           /* NBSP */
        { "a\n\xc2\xa0" "b", 1, SP | NL | PA },
        { "a\xe2\x80\xa8" "b", 1, SP | NL },  /* LINE SEPARATOR */
        { "a\xe2\x80\xa9" "b", 1, SP | NL | PA }, /* PARAGRAPH SEPARATOR */
        { "a\xe2\x80\x8b" "b", 1, SP },       /* zero-width space */
        { "a.b", 2, 0 },
    };
    for (guint i = 0; i < G_N_ELEMENTS(sp); i++) {
        guint32 f = flags_of(sp[i].in, sp[i].index) & MASK;
        if (f != sp[i].want)
            g_test_message("case %u: \"%s\"", i, sp[i].in);
        g_assert_cmphex(f, ==, sp[i].want);
    }
}

static void test_offsets(void)
{
    const char *text = "\xe2\x80\x9cRussia\xe2\x80\x99s\xe2\x80\x9d  U.S.\n";
    GArray *a = tokenize(text);
    static const guint32 want[][2] = { { 0, 3 }, { 3, 9 }, { 9, 13 }, { 13, 16 },
                                       { 18, 22 } };
    g_assert_cmpuint(a->len, ==, G_N_ELEMENTS(want));
    for (guint i = 0; i < a->len; i++) {
        g_assert_cmpuint(g_array_index(a, NgToken, i).start, ==, want[i][0]);
        g_assert_cmpuint(g_array_index(a, NgToken, i).end, ==, want[i][1]);
    }
    g_array_free(a, TRUE);
}

/* Tokens are appended after what the array already holds, with offsets
 * relative to the text passed in; only `len` bytes are read. */
static void test_append_and_len(void)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(NgToken));
    ng_tokenize("one two", 7, a);
    ng_tokenize("three four", 5, a);
    g_assert_cmpuint(a->len, ==, 3);
    g_assert_cmpuint(g_array_index(a, NgToken, 2).start, ==, 0);
    g_assert_cmpuint(g_array_index(a, NgToken, 2).end, ==, 5);
    g_assert_true(g_array_index(a, NgToken, 2).flags & NG_TOK_PARA_BEFORE);
    g_array_free(a, TRUE);
}

/* Truncated or invalid UTF-8 (not supposed to arrive) is not read past. */
static void test_invalid_utf8(void)
{
    char *got = joined("ab\xc3");
    g_assert_cmpstr(got, ==, "ab|\xc3");
    g_free(got);
    got = joined("\xff" "a\xe2\x80");
    g_assert_cmpstr(got, ==, "\xff|a|\xe2|\x80");
    g_free(got);
}

/* Every non-whitespace byte is in exactly one token, tokens in order. */
static void test_coverage(void)
{
    const char *text = "  BRUSSELS, March 27 - A scheme (EC), which was due\n"
                       "to expire, U.S.-led; \xe2\x80\x9cit\xe2\x80\x99s\xe2\x80\x9d "
                       "Smith's 1,750.5 dlrs... O'Neill!?\n\n    Next.";
    GArray *a = tokenize(text);
    gsize len = strlen(text), p = 0;
    for (guint i = 0; i < a->len; i++) {
        NgToken *t = &g_array_index(a, NgToken, i);
        g_assert_cmpuint(t->start, >=, p);
        g_assert_cmpuint(t->end, >, t->start);
        for (; p < t->start; p++)
            g_assert_true(g_ascii_isspace(text[p]));
        p = t->end;
    }
    g_assert_cmpuint(p, ==, len);
    g_array_free(a, TRUE);
}

/* The ticker after '<' at token 1 of "X <...> y": the index of its '>'
 * or 0. */
static guint ticker(const char *text)
{
    GArray *t = tokenize(text);
    guint end = ng_ticker_end(text, (const NgToken *)t->data, t->len, 1);
    g_array_free(t, TRUE);
    return end;
}

static void test_ticker(void)
{
    g_assert_cmpuint(ticker("X <GM> y"), ==, 3);
    g_assert_cmpuint(ticker("X <CIGZ.Z> y"), ==, 5);
    g_assert_cmpuint(ticker("X <ERIC ST> y"), ==, 4);
    g_assert_cmpuint(ticker("X <0005.HK> y"), ==, 5);
    /* A name in brackets, a spaced or lower-case code: no ticker. */
    g_assert_cmpuint(ticker("X <Gruppo Ferruzzi> y"), ==, 0);
    g_assert_cmpuint(ticker("X < GM> y"), ==, 0);
    g_assert_cmpuint(ticker("X <Og> y"), ==, 0);
    g_assert_cmpuint(ticker("X <GM"), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/token/boundaries", test_boundaries);
    g_test_add_func("/token/word-flags", test_word_flags);
    g_test_add_func("/token/punct-flags", test_punct_flags);
    g_test_add_func("/token/space-flags", test_space_flags);
    g_test_add_func("/token/offsets", test_offsets);
    g_test_add_func("/token/append-and-len", test_append_and_len);
    g_test_add_func("/token/invalid-utf8", test_invalid_utf8);
    g_test_add_func("/token/coverage", test_coverage);
    g_test_add_func("/token/ticker", test_ticker);
    return g_test_run();
}
