/*
 * cooccur.h - a "co-occurs" edge for every pair of distinct entities that
 * share a window of a tagged document.
 */
#ifndef NG_COOCCUR_H
#define NG_COOCCUR_H

#include "docresult.h"
#include "tagging.h"

typedef enum {
    NG_WINDOW_SENTENCE,
    NG_WINDOW_PARAGRAPH,
    NG_WINDOW_DOCUMENT,
} NgWindow;

#define NG_COOCCURS "co-occurs"

/* Parse "sentence" | "paragraph" | "document". */
gboolean ng_window_parse(const char *s, NgWindow *out);
const char *ng_window_name(NgWindow w);

/* Add the co-occurrence edges of t to r; ents[i] is the result entity of
 * mention i (from ng_docresult_add_mentions). */
void ng_cooccur_add(NgDocResult *r, const NgTagged *t, const guint32 *ents,
                    NgWindow window);

#endif
