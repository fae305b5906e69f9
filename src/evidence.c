/*
 * evidence.c - sentence text for edge evidence, bounded in size so that a
 * run-on "sentence" (a table, a list) cannot bloat the graph file.
 */
#include "evidence.h"

#include <string.h>

char *ng_evidence_sentence(const NgTagged *t, guint32 s)
{
    const NgSentence *sn = &g_array_index(t->sentences, NgSentence, s);
    char *text = ng_sentence_text(t->doc->text,
                                  (const NgToken *)(void *)t->tokens->data, sn);
    gsize len = strlen(text);
    if (len <= NG_EVIDENCE_MAX)
        return text;
    /* Back up to the start of a UTF-8 character, then add "…". */
    gsize cut = NG_EVIDENCE_MAX - 3;
    while (cut > 0 && ((guchar)text[cut] & 0xC0) == 0x80)
        cut--;
    memcpy(text + cut, "\xE2\x80\xA6", 4);
    return text;
}
