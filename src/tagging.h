/*
 * tagging.h - one document from text to resolved entity mentions:
 * tokenize, split sentences, match the gazetteer, then resolve (resolve.h:
 * drop mentions that the context does not support, find the names no
 * gazetteer lists).
 *
 * The NgTagged buffers are reused from document to document, so a build
 * allocates per document only what grows past the largest document so far.
 */
#ifndef NG_TAGGING_H
#define NG_TAGGING_H

#include <glib.h>
#include "doc.h"
#include "gazetteer.h"
#include "matcher.h"
#include "sentence.h"
#include "token.h"

/* Name patterns and gazetteer indexes for resolution, and the buffers
 * resolution keeps from one document to the next (resolve.h). */
typedef struct NgNames NgNames;
typedef struct NgResolveState NgResolveState;

typedef struct {
    gboolean metonyms;    /* accept capitals standing for governments */
    const NgNames *names; /* name patterns (resolve.h); NULL: only the
                             gazetteer's ambiguity and metonym flags */
} NgTagOptions;

typedef struct {
    const NgDoc *doc;
    GArray *tokens;       /* NgToken */
    GArray *sentences;    /* NgSentence */
    GArray *mentions;     /* NgMention, in text order, after resolution */
    GArray *sentence_of;  /* guint32 per mention: index of its sentence */
    const NgGazetteer *gazetteer;
    GPtrArray *found;     /* NgEntity*, owned: entities found in this
                             document that no gazetteer lists (names
                             introduced by a title, organizations known by
                             their form). A mention's entity index i >=
                             gazetteer size refers to found[i - size]. */
    NgResolveState *resolve_state; /* owned, reused between documents */
} NgTagged;

NgTagged *ng_tagged_new(void);
void ng_tagged_free(NgTagged *t);

/* Tag `doc` into t (previous contents are discarded). doc must outlive
 * the use of t. */
void ng_tag_document(const NgMatcher *m, const NgGazetteer *gz,
                     const NgTagOptions *opt, const NgDoc *doc, NgTagged *t);

/* An entity found in text (see NgTagged.found): it owns its strings. */
NgEntity *ng_found_entity_new(const char *name, NgEntityType type);
void ng_found_entity_free(gpointer e);

/* The entity a mention refers to: from the gazetteer or found in text. */
const NgEntity *ng_tagged_entity(const NgTagged *t, guint32 entity);

/* The text of a mention as it appears, whitespace runs folded to one
 * space (a name may wrap across lines). Newly allocated. */
char *ng_mention_surface(const NgTagged *t, const NgMention *m);

#endif
