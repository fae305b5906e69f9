/*
 * cooccur.h - adding a tagged document to the graph: its entities as
 * nodes (with mentions and surface forms) and a "co-occurs" edge for every
 * pair of distinct entities that share a window.
 */
#ifndef NG_COOCCUR_H
#define NG_COOCCUR_H

#include "gazetteer.h"
#include "graph.h"
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

/* Add the document's nodes and co-occurrence edges. `serial` numbers the
 * document in input order (see graph.h). */
void ng_cooccur_add(NgGraph *g, const NgGazetteer *gz, const NgTagged *t,
                    guint32 serial, NgWindow window);

#endif
