/*
 * docresult.h - what one document contributes to the graph.
 *
 * Tagging, co-occurrence and relation rules write into an NgDocResult;
 * the graph takes results in document order (ng_graph_add_docresult).
 * Keeping this step apart from the graph is what lets documents be
 * processed on several threads, stored per document for incremental
 * rebuilds, and shipped between machines as JSON Lines (extract/merge):
 * the graph is the same however the results were produced.
 *
 * A result owns copies of everything it refers to, entities included, so
 * it outlives the document text and the gazetteer.
 */
#ifndef NG_DOCRESULT_H
#define NG_DOCRESULT_H

#include <glib.h>
#include "gazetteer.h"
#include "graph.h"
#include "tagging.h"

typedef struct {
    guint32 entity;    /* index into NgDocResult.entities */
    char *surface;     /* the text as written, whitespace folded */
} NgResultMention;

typedef struct {
    char *relation;
    gboolean directed;
    guint32 source;    /* entity indexes */
    guint32 target;
    double weight;
    char *evidence;    /* sentence, or NULL */
    char *rule;        /* or NULL */
    char *cameo;       /* or NULL */
} NgResultEdge;

typedef struct {
    char *doc_id;
    char *date;             /* ISO date or NULL */
    GPtrArray *entities;    /* NgEntity*, owned copies */
    GArray *mentions;       /* NgResultMention, text order */
    GArray *edges;          /* NgResultEdge, in the order found */
    GHashTable *by_id;      /* entity id -> index + 1; NULL when pooled */
    /* A result decoded from binary form (docresult_bin.h) is pooled: its
     * strings, entities and their attributes all live in this one
     * allocation, and it is read-only (the functions below that add to a
     * result refuse it). Decoding a stored result then costs a handful of
     * mallocs instead of one per string. NULL otherwise. */
    gpointer pool;
} NgDocResult;

NgDocResult *ng_docresult_new(const char *doc_id, const char *date);
/* A pooled result taking `pool` (g_malloc'ed), with room for the given
 * numbers of entities, mentions and edges, all still to be added to its
 * arrays by the caller; doc_id and date are the caller's to set (into
 * the pool). */
NgDocResult *ng_docresult_new_pooled(gpointer pool, guint n_entities,
                                     guint n_mentions, guint n_edges);
void ng_docresult_free(NgDocResult *r);

/* The index of entity e in r, copying it in on first use. */
guint32 ng_docresult_entity(NgDocResult *r, const NgEntity *e);
void ng_docresult_mention(NgDocResult *r, guint32 entity, const char *surface);
/* Self-loops are kept out here already. */
void ng_docresult_edge(NgDocResult *r, const char *relation,
                       gboolean directed, guint32 source, guint32 target,
                       double weight, const char *evidence, const char *rule,
                       const char *cameo);

/* Copy the tagged document's mentions (and their entities) into r.
 * Returns the result entity index of each mention (free with g_free). */
guint32 *ng_docresult_add_mentions(NgDocResult *r, const NgTagged *t);

/* Add a document's result to the graph; serial increases per document. */
void ng_graph_add_docresult(NgGraph *g, const NgDocResult *r, guint32 serial);

#endif
