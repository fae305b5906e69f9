/*
 * evidence.h - the sentence text kept on edges as evidence.
 */
#ifndef NG_EVIDENCE_H
#define NG_EVIDENCE_H

#include "tagging.h"

/* Longest evidence sentence kept, in bytes; longer ones are cut at a
 * character boundary and end with an ellipsis. */
#define NG_EVIDENCE_MAX 400

/* Sentence number `s` of the tagged document, whitespace folded, capped
 * at NG_EVIDENCE_MAX. Newly allocated. */
char *ng_evidence_sentence(const NgTagged *t, guint32 s);

#endif
