/*
 * test_sentence.c - the sentence splitter and ng_sentence_text.
 */
#include <string.h>

#include "sentence.h"
#include "testlib.h"

/* Split `text`; check that the sentences cover every token once, in order. */
static void split(const char *text, GArray **tokens, GArray **sentences)
{
    *tokens = g_array_new(FALSE, FALSE, sizeof(NgToken));
    *sentences = g_array_new(FALSE, FALSE, sizeof(NgSentence));
    ng_tokenize(text, strlen(text), *tokens);
    ng_split_sentences(text, (NgToken *) (*tokens)->data, (*tokens)->len,
                       *sentences);
    guint next = 0, para = 0;
    for (guint i = 0; i < (*sentences)->len; i++) {
        NgSentence *s = &g_array_index(*sentences, NgSentence, i);
        g_assert_cmpuint(s->first, ==, next);
        g_assert_cmpuint(s->n_tokens, >=, 1);
        g_assert_cmpuint(s->paragraph, >=, para);
        g_assert_cmpuint(s->paragraph, <=, para + 1);
        next += s->n_tokens;
        para = s->paragraph;
    }
    g_assert_cmpuint(next, ==, (*tokens)->len);
}

/* The sentences of `text` as "[paragraph] text" lines. */
static char *sentences_of(const char *text)
{
    GArray *tokens, *sentences;
    split(text, &tokens, &sentences);
    GString *out = g_string_new(NULL);
    for (guint i = 0; i < sentences->len; i++) {
        NgSentence *s = &g_array_index(sentences, NgSentence, i);
        char *t = ng_sentence_text(text, (NgToken *) tokens->data, s);
        g_string_append_printf(out, "%s[%u] %s", i ? "\n" : "", s->paragraph, t);
        g_free(t);
    }
    g_array_free(tokens, TRUE);
    g_array_free(sentences, TRUE);
    return g_string_free(out, FALSE);
}

static const struct {
    const char *in;
    const char *want;
} cases[] = {
    { "", "" },
    { "One sentence without a stop", "[0] One sentence without a stop" },
    /* titles and reference words never end a sentence */
    { "Mr. Smith went to Washington. He met Dr. Jones.",
      "[0] Mr. Smith went to Washington.\n[0] He met Dr. Jones." },
    { "Gen. Vernon Walters and Sen. Sam Nunn met Mrs. Thatcher in St. Louis.",
      "[0] Gen. Vernon Walters and Sen. Sam Nunn met Mrs. Thatcher in St. Louis." },
    { "See Fig. 3 and No. 2 in the list. It was 5 vs. 6 then.",
      "[0] See Fig. 3 and No. 2 in the list.\n[0] It was 5 vs. 6 then." },
    { "He said no. Then he left.", "[0] He said no.\n[0] Then he left." },
    { "MR. SMITH LEFT.", "[0] MR. SMITH LEFT." },
    /* months */
    { "Effective Jan. 1 the rate rises. Prices fell in Oct. The index rose.",
      "[0] Effective Jan. 1 the rate rises.\n[0] Prices fell in Oct.\n"
      "[0] The index rose." },
    /* initials */
    { "George H. Bush met John F. Kennedy. They talked.",
      "[0] George H. Bush met John F. Kennedy.\n[0] They talked." },
    { "It owns shares of class B. The company said so.",
      "[0] It owns shares of class B.\n[0] The company said so." },
    /* dotted abbreviations */
    { "Exports to the U.S. The ministry said so.",
      "[0] Exports to the U.S.\n[0] The ministry said so." },
    { "The U.S. Treasury said it. The U.K. Government agreed.",
      "[0] The U.S. Treasury said it.\n[0] The U.K. Government agreed." },
    { "Trade between the U.S. And Japan grew.",
      "[0] Trade between the U.S. And Japan grew." },
    { "He came at 3 p.m. Monday. We left at 5 p.m. The rest stayed.",
      "[0] He came at 3 p.m. Monday.\n[0] We left at 5 p.m.\n[0] The rest stayed." },
    { "Ask E.F. Hutton. It knows.", "[0] Ask E.F. Hutton.\n[0] It knows." },
    /* company suffixes */
    { "He runs Acme Corp. The company makes tools.",
      "[0] He runs Acme Corp.\n[0] The company makes tools." },
    { "He runs Acme Corp. Shares rose 5 pct.",
      "[0] He runs Acme Corp.\n[0] Shares rose 5 pct." },
    { "He sold it to Acme Corp. IBM said nothing.",
      "[0] He sold it to Acme Corp.\n[0] IBM said nothing." },
    { "Sens. Alan Cranston and Alex. Brown and Sons met.",
      "[0] Sens. Alan Cranston and Alex. Brown and Sons met." },
    { "General Motors Corp. Chairman Roger Smith said so.",
      "[0] General Motors Corp. Chairman Roger Smith said so." },
    { "Sumitomo Bank Ltd. President Koichi Kubo spoke.",
      "[0] Sumitomo Bank Ltd. President Koichi Kubo spoke." },
    /* Jr., states */
    { "He met John Smith Jr. The two talked. Smith Jr. said no.",
      "[0] He met John Smith Jr.\n[0] The two talked.\n[0] Smith Jr. said no." },
    { "It is based in Pasadena, Calif. The firm said. A Calif. Governor spoke.",
      "[0] It is based in Pasadena, Calif.\n[0] The firm said.\n"
      "[0] A Calif. Governor spoke." },
    /* other terminators, numbers */
    { "He left! Why? Because it rained.",
      "[0] He left!\n[0] Why?\n[0] Because it rained." },
    { "Really?! Yes.", "[0] Really?!\n[0] Yes." },
    { "He paused\xe2\x80\xa6 Then he spoke.",
      "[0] He paused\xe2\x80\xa6\n[0] Then he spoke." },
    { "Output rose 5.93 pct. 1987 was good. It sold 1,750 tonnes.",
      "[0] Output rose 5.93 pct.\n[0] 1987 was good.\n[0] It sold 1,750 tonnes." },
    { "The price was 5. the end", "[0] The price was 5. the end" },
    { "Look at file.Txt now", "[0] Look at file.Txt now" },
    /* quotes and brackets */
    { "\"We will win.\" He left.", "[0] \"We will win.\"\n[0] He left." },
    { "\"Will we?\" he asked.", "[0] \"Will we?\" he asked." },
    { "He said \xe2\x80\x9cno.\xe2\x80\x9d Then he left.",
      "[0] He said \xe2\x80\x9cno.\xe2\x80\x9d\n[0] Then he left." },
    { "He said 'no.' Then left.", "[0] He said 'no.'\n[0] Then left." },
    { "He said so. \"We will win,\" he added.",
      "[0] He said so.\n[0] \"We will win,\" he added." },
    { "He left (for good.) Then he came back.",
      "[0] He left (for good.)\n[0] Then he came back." },
    { "It fell. (Reporting by Jane Doe)",
      "[0] It fell.\n[0] (Reporting by Jane Doe)" },
    /* datelines */
    { "Copenhagen, May 19 (EFE).-  The first talks began.",
      "[0] Copenhagen, May 19 (EFE).-\n[0] The first talks began." },
    { "BRUSSELS, March 27 - A scheme was extended.",
      "[0] BRUSSELS, March 27 -\n[0] A scheme was extended." },
    { "RICHMOND, Va., March 23 - Reynolds Metals Co said it would.",
      "[0] RICHMOND, Va., March 23 -\n[0] Reynolds Metals Co said it would." },
    { "WASHINGTON, Jan. 5 - The talks began.",
      "[0] WASHINGTON, Jan. 5 -\n[0] The talks began." },
    { "The talks - A deal was near.", "[0] The talks - A deal was near." },
    { "Talks, he said, lasted 27 - 28 hours.",
      "[0] Talks, he said, lasted 27 - 28 hours." },
    { "The rate, March 27 - lower than before.",
      "[0] The rate, March 27 - lower than before." },
    /* paragraphs always split, even after titles and abbreviations */
    { "Talks With Mr.\n\nThe text.", "[0] Talks With Mr.\n[1] The text." },
    { "He met Mr.\n    Smith left the U.S.\n    The end",
      "[0] He met Mr.\n[1] Smith left the U.S.\n[2] The end" },
    { "no stop here\n\nnor here", "[0] no stop here\n[1] nor here" },
};

static void test_cases(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *got = sentences_of(cases[i].in);
        if (strcmp(got, cases[i].want) != 0)
            g_test_message("case %u: \"%s\"", i, cases[i].in);
        g_assert_cmpstr(got, ==, cases[i].want);
        g_free(got);
    }
}

/* A .txt article of the Reuters shape: a title, a blank line, a dateline,
 * hard-wrapped lines, paragraphs indented by four spaces. */
static void test_reuters_article(void)
{
    const char *text =
        "Ministers Agree On Grain Plan\n"
        "\n"
        "LONDON, April 2 - Farm ministers from the U.K. and\n"
        "France agreed on Tuesday to extend a grain storage plan, a\n"
        "spokesman for the Ministry of Agriculture said. Mr. Peter\n"
        "Walker, the U.K. Minister, called it \"a fair deal.\"\n"
        "    The plan, worth 1,750 mln dlrs, will run until Oct. 31 and\n"
        "covers wheat shipped to the U.S. It was first proposed by Acme\n"
        "Corp. Chairman J. R. Ewing in 1986.\n"
        "    Talks will resume in Paris.\n";
    char *got = sentences_of(text);
    g_assert_cmpstr(got, ==,
        "[0] Ministers Agree On Grain Plan\n"
        "[1] LONDON, April 2 -\n"
        "[1] Farm ministers from the U.K. and France agreed on Tuesday to "
        "extend a grain storage plan, a spokesman for the Ministry of "
        "Agriculture said.\n"
        "[1] Mr. Peter Walker, the U.K. Minister, called it \"a fair deal.\"\n"
        "[2] The plan, worth 1,750 mln dlrs, will run until Oct. 31 and covers "
        "wheat shipped to the U.S.\n"
        "[2] It was first proposed by Acme Corp. Chairman J. R. Ewing in 1986.\n"
        "[3] Talks will resume in Paris.");
    g_free(got);
}

/* Reuters paragraphs read from SGML keep their indentation with \r\n. */
static void test_crlf_paragraphs(void)
{
    char *got = sentences_of("First line runs\r\non here.\r\n    Second\r\none.\r\n");
    g_assert_cmpstr(got, ==, "[0] First line runs on here.\n[1] Second one.");
    g_free(got);
}

static void test_sentence_text(void)
{
    const char *text = "  A  \nscheme\t\tto\r\ndistribute\xc2\xa0" "food "
                       "(EC)\xe2\x80\x83U.S.-led,\n\n\n";
    GArray *tokens, *sentences;
    split(text, &tokens, &sentences);
    g_assert_cmpuint(sentences->len, ==, 1);
    char *t = ng_sentence_text(text, (NgToken *) tokens->data,
                               &g_array_index(sentences, NgSentence, 0));
    g_assert_cmpstr(t, ==, "A scheme to distribute food (EC) U.S.-led,");
    g_free(t);

    /* A sentence in the middle of the text: only its own tokens. */
    NgSentence mid = { 2, 3, 0 };
    t = ng_sentence_text(text, (NgToken *) tokens->data, &mid);
    g_assert_cmpstr(t, ==, "to distribute food");
    g_free(t);
    g_array_free(tokens, TRUE);
    g_array_free(sentences, TRUE);
}

/* Sentences are appended after what the array already holds. */
static void test_appends(void)
{
    const char *text = "One. Two.";
    GArray *tokens = g_array_new(FALSE, FALSE, sizeof(NgToken));
    GArray *sentences = g_array_new(FALSE, FALSE, sizeof(NgSentence));
    ng_tokenize(text, strlen(text), tokens);
    ng_split_sentences(text, (NgToken *) tokens->data, tokens->len, sentences);
    ng_split_sentences(text, (NgToken *) tokens->data, tokens->len, sentences);
    g_assert_cmpuint(sentences->len, ==, 4);
    g_assert_cmpuint(g_array_index(sentences, NgSentence, 3).first, ==, 2);
    ng_split_sentences(text, (NgToken *) tokens->data, 0, sentences);
    g_assert_cmpuint(sentences->len, ==, 4);
    g_array_free(tokens, TRUE);
    g_array_free(sentences, TRUE);
}

/* The coverage invariant on the real development texts, when present. */
static void test_dev_texts(void)
{
    const char *shared = tl_shared_dir();
    if (!shared) {
        g_test_skip("no ../shared");
        return;
    }
    char *dir = g_build_filename(shared, "eval", "dev", NULL);
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d) {
        g_test_skip("no ../shared/eval/dev");
        g_free(dir);
        return;
    }
    const char *name;
    guint files = 0;
    while ((name = g_dir_read_name(d))) {
        if (!g_str_has_suffix(name, ".txt"))
            continue;
        char *path = g_build_filename(dir, name, NULL);
        char *raw = tl_read(path, NULL);
        char *text = g_utf8_make_valid(raw, -1);
        GArray *tokens, *sentences;
        split(text, &tokens, &sentences);
        g_assert_cmpuint(sentences->len, >, 1);
        g_array_free(tokens, TRUE);
        g_array_free(sentences, TRUE);
        g_free(text);
        g_free(raw);
        g_free(path);
        files++;
    }
    g_dir_close(d);
    g_free(dir);
    g_assert_cmpuint(files, >, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sentence/cases", test_cases);
    g_test_add_func("/sentence/reuters-article", test_reuters_article);
    g_test_add_func("/sentence/crlf-paragraphs", test_crlf_paragraphs);
    g_test_add_func("/sentence/sentence-text", test_sentence_text);
    g_test_add_func("/sentence/appends", test_appends);
    g_test_add_func("/sentence/dev-texts", test_dev_texts);
    return g_test_run();
}
