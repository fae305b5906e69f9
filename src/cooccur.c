/*
 * cooccur.c - co-occurrence edges from one tagged document.
 *
 * Within each window (a sentence, a paragraph or the whole document) the
 * distinct entities are paired; each pair gains weight 1 per window in
 * which it co-occurs. The evidence kept for a pair is the sentence where
 * the later of the two is first named in that window.
 */
#include "cooccur.h"

#include <string.h>

#include "evidence.h"

gboolean ng_window_parse(const char *s, NgWindow *out)
{
    static const char *names[] = { "sentence", "paragraph", "document" };
    for (guint i = 0; i < G_N_ELEMENTS(names); i++)
        if (!strcmp(s, names[i])) {
            *out = (NgWindow)i;
            return TRUE;
        }
    return FALSE;
}

const char *ng_window_name(NgWindow w)
{
    return w == NG_WINDOW_SENTENCE ? "sentence"
         : w == NG_WINDOW_PARAGRAPH ? "paragraph" : "document";
}

/* The window a mention falls in. */
static guint32 window_of(const NgTagged *t, guint i, NgWindow w)
{
    guint32 s = g_array_index(t->sentence_of, guint32, i);
    if (w == NG_WINDOW_SENTENCE)
        return s;
    if (w == NG_WINDOW_PARAGRAPH)
        return g_array_index(t->sentences, NgSentence, s).paragraph;
    return 0;
}

typedef struct {
    guint32 entity;   /* result entity index */
    guint32 sentence; /* sentence of its first mention in the window */
} Member;

static void pair_window(NgDocResult *r, const NgTagged *t, GArray *members)
{
    for (guint a = 0; a < members->len; a++)
        for (guint b = a + 1; b < members->len; b++) {
            const Member *x = &g_array_index(members, Member, a);
            const Member *y = &g_array_index(members, Member, b);
            char *ev = ng_evidence_sentence(t, MAX(x->sentence, y->sentence));
            ng_docresult_edge(r, NG_COOCCURS, FALSE, x->entity, y->entity,
                              1.0, ev, NULL, NULL);
            g_free(ev);
        }
}

void ng_cooccur_add(NgDocResult *r, const NgTagged *t, const guint32 *ents,
                    NgWindow window)
{
    guint n = t->mentions->len;
    /* Mentions are in text order, so each window is a contiguous run. */
    GArray *members = g_array_new(FALSE, FALSE, sizeof(Member));
    GHashTable *in_window = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < n;) {
        guint32 w = window_of(t, i, window);
        guint j = i;
        for (; j < n && window_of(t, j, window) == w; j++) {
            if (!g_hash_table_add(in_window, GUINT_TO_POINTER(ents[j] + 1)))
                continue;
            Member mb = { ents[j], g_array_index(t->sentence_of, guint32, j) };
            g_array_append_val(members, mb);
        }
        pair_window(r, t, members);
        g_array_set_size(members, 0);
        g_hash_table_remove_all(in_window);
        i = j;
    }
    g_hash_table_destroy(in_window);
    g_array_free(members, TRUE);
}
