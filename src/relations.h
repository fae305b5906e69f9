/*
 * relations.h - applying relation rules (rules.h) to a tagged document.
 *
 * Within each sentence, every trigger word starts a match of the rules
 * anchored on it: the pattern is matched outwards from the trigger, its
 * slots taking the names found there - a name with its titles ("US
 * Secretary of State Antony Blinken"), or a coordinated group ("A, B and
 * C", "A and its CEO, B"). A match that a blocker (negation, modality...)
 * stops gives no relation. How names are grouped is described in
 * relations.c; the pattern language in docs/rules.md.
 *
 * The cost is linear in the text: one hash lookup per token of the
 * sentences that name something, and matching only where a trigger word
 * occurs, with bounded gaps and memoised backtracking.
 */
#ifndef NG_RELATIONS_H
#define NG_RELATIONS_H

#include <glib.h>
#include "docresult.h"
#include "gazetteer.h"
#include "rules.h"
#include "tagging.h"

/* One side of a relation found in the text. */
typedef struct {
    guint32 entity;       /* entity index as in NgMention (ng_tagged_entity) */
    gint32 mention;       /* index into NgTagged.mentions, or -1 when a
                             demonym stood for the entity ("Japanese") */
    guint32 first_token;  /* the name in the text: document token range */
    guint32 n_tokens;
} NgArgument;

typedef struct {
    const NgRelation *relation;  /* name, directed */
    const NgRule *rule;          /* id, cameo, pattern */
    guint32 sentence;            /* index into NgTagged.sentences */
    NgArgument source;           /* for symmetric relations: the first named */
    NgArgument target;
    const NgBlocker *blocker;    /* non-NULL: the match was blocked (only
                                    reported when asked for) */
    guint32 blocker_token;       /* document token where the blocker begins */
} NgRelationMatch;

typedef struct NgRelationEngine NgRelationEngine;

/* An engine for one rule set and gazetteer (both must outlive it). Entity
 * attributes named "demonym" ("Japanese", or several separated by '|' or
 * ',') let {slot:demonym} take the adjective for the entity, when the
 * document also names the entity itself. Scratch buffers are reused from
 * document to document. */
NgRelationEngine *ng_relations_new(const NgRuleSet *rs, const NgGazetteer *gz);
void ng_relations_free(NgRelationEngine *e);

/* Append the relations found in t to `out` (GArray of NgRelationMatch), in
 * text order. A pair is reported once per sentence and relation. With
 * keep_blocked, blocked matches are appended too (blocker set). */
void ng_relations_find(NgRelationEngine *e, const NgTagged *t,
                       gboolean keep_blocked, GArray *out);

/* Add the unblocked matches of t to its document result as edges of their
 * relation, with the sentence as evidence, the rule id and CAMEO code. */
void ng_relations_add(NgDocResult *r, const NgTagged *t, const GArray *matches);

#endif
