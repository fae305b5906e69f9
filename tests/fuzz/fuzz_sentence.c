/*
 * fuzz_sentence.c - the sentence splitter over the tokens of fuzzed text.
 *
 * Invariants:
 *  - the sentences cover every token exactly once, in order, each with at
 *    least one token; no tokens, no sentences;
 *  - a paragraph break (a token with NG_TOK_PARA_BEFORE) always starts a
 *    sentence, and paragraph numbers start at 0 and grow by one exactly at
 *    the sentences that start with one;
 *  - ng_sentence_text is the sentence's tokens joined by one space where
 *    whitespace separated them: valid UTF-8, no line break, no leading,
 *    trailing or doubled space that was not in a token;
 *  - splitting is deterministic and appends to a non-empty array.
 */
#include <string.h>

#include "fuzz.h"
#include "sentence.h"

static void check(const char *text, gsize len)
{
    GArray *toks = g_array_new(FALSE, FALSE, sizeof(NgToken));
    ng_tokenize(text, len, toks);
    const NgToken *tk = (const NgToken *)(void *)toks->data;
    guint n = toks->len;
    GArray *sents = g_array_new(FALSE, FALSE, sizeof(NgSentence));
    ng_split_sentences(text, tk, n, sents);

    guint32 next = 0, para = 0;
    for (guint s = 0; s < sents->len; s++) {
        const NgSentence *sn = &g_array_index(sents, NgSentence, s);
        FZ_CHECK(sn->first == next, "sentence %u starts at token %u, not %u",
                 s, sn->first, next);
        FZ_CHECK(sn->n_tokens >= 1 && sn->first + sn->n_tokens <= n,
                 "sentence %u: %u tokens from %u of %u", s, sn->n_tokens,
                 sn->first, n);
        gboolean para_start = s > 0 &&
            (tk[sn->first].flags & NG_TOK_PARA_BEFORE);
        FZ_CHECK(sn->paragraph == para + (para_start ? 1 : 0),
                 "sentence %u: paragraph %u after %u (break: %d)", s,
                 sn->paragraph, para, para_start);
        para = sn->paragraph;
        for (guint32 k = sn->first + 1; k < sn->first + sn->n_tokens; k++)
            FZ_CHECK(!(tk[k].flags & NG_TOK_PARA_BEFORE),
                     "sentence %u runs over the paragraph break at token %u",
                     s, k);

        char *got = ng_sentence_text(text, tk, sn);
        GString *want = g_string_new(NULL);
        for (guint32 k = sn->first; k < sn->first + sn->n_tokens; k++) {
            if (k > sn->first && tk[k].start > tk[k - 1].end)
                g_string_append_c(want, ' ');
            g_string_append_len(want, text + tk[k].start,
                                tk[k].end - tk[k].start);
        }
        FZ_CHECK(!strcmp(got, want->str), "sentence %u text differs", s);
        FZ_CHECK(fz_utf8(got, strlen(got)) && *got, "sentence %u: bad text",
                 s);
        g_string_free(want, TRUE);
        g_free(got);
        next = sn->first + sn->n_tokens;
    }
    FZ_CHECK(next == n, "sentences cover %u of %u tokens", next, n);

    GArray *again = g_array_new(FALSE, FALSE, sizeof(NgSentence));
    NgSentence junk = { 7, 1, 3 };
    g_array_append_val(again, junk);
    ng_split_sentences(text, tk, n, again);
    FZ_CHECK(again->len == sents->len + 1 &&
             fz_same(again->data + sizeof(NgSentence), sents->data,
                     sents->len * sizeof(NgSentence)),
             "a second split differs");
    g_array_free(again, TRUE);
    g_array_free(sents, TRUE);
    g_array_free(toks, TRUE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fz_text(data, size, '\n');
    check(text, strlen(text));
    g_free(text);
    return 0;
}
