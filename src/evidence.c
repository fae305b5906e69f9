/*
 * evidence.c - sentence text for edge evidence, bounded in size so that a
 * run-on "sentence" (a table, a list) cannot bloat the graph file.
 */
#include "evidence.h"

#include <string.h>

char *ng_evidence_sentence(const NgTagged *t, guint32 s)
{
    const NgSentence *sn = &g_array_index(t->sentences, NgSentence, s);
    const NgToken *tk = (const NgToken *)(void *)t->tokens->data;
    const char *text = t->doc->text;
    /* The text of the sentence as ng_sentence_text gives it, but copied
     * only up to one byte past the cap: evidence is asked for once per
     * pair of entities, and a run-on sentence can be a 100 MB line. */
    GString *out = g_string_new(NULL);
    for (guint32 k = sn->first;
         k < sn->first + sn->n_tokens && out->len <= NG_EVIDENCE_MAX; k++) {
        if (k > sn->first && tk[k].start > tk[k - 1].end)
            g_string_append_c(out, ' ');   /* only whitespace between */
        gsize room = NG_EVIDENCE_MAX + 1 - MIN(out->len, NG_EVIDENCE_MAX + 1);
        g_string_append_len(out, text + tk[k].start,
                            (gssize)MIN(tk[k].end - tk[k].start, room));
    }
    if (out->len <= NG_EVIDENCE_MAX)
        return g_string_free(out, FALSE);
    /* Back up to the start of a UTF-8 character, then add "…". */
    gsize cut = NG_EVIDENCE_MAX - 3;
    while (cut > 0 && ((guchar)out->str[cut] & 0xC0) == 0x80)
        cut--;
    g_string_truncate(out, cut);
    g_string_append(out, "\xE2\x80\xA6");
    return g_string_free(out, FALSE);
}
