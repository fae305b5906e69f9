/*
 * matcher_tables.h - a compiled matcher's tables (matcher.h) as they are in
 * memory, so that they can be stored (config_cache.h) and matched with
 * where the file is mapped: nothing to compile, copy or rebuild.
 *
 * The tables: the vocabulary of token keys (an open-addressing table of
 * slots with a tag byte each, and the pool of the keys' bytes), the trie's
 * edges (another open-addressing table), each state's summary of its
 * children and the aliases each state ends (term_start, term). Slots and
 * edges are fixed-size records, stored as the GVariant types below (host
 * byte order, as the cache is).
 */
#ifndef NG_MATCHER_TABLES_H
#define NG_MATCHER_TABLES_H

#include <glib.h>
#include "matcher.h"

#define NG_MATCHER_SLOT_TYPE "(tuuuu)"
#define NG_MATCHER_SLOT_SIZE 24
#define NG_MATCHER_EDGE_TYPE "(tuu)"
#define NG_MATCHER_EDGE_SIZE 16

typedef struct {
    const char *pool;            /* the keys' bytes */
    gsize pool_len;
    gconstpointer slots;         /* n_slots records of NG_MATCHER_SLOT_SIZE */
    gsize n_slots;
    const guint8 *tags;          /* one per slot */
    gsize n_tags;
    gconstpointer edges;         /* n_edges records of NG_MATCHER_EDGE_SIZE */
    gsize n_edges;
    const guint64 *children;
    gsize n_children;
    const guint32 *term_start;   /* the number of states + 2 */
    gsize n_term_start;
    const guint32 *term;         /* alias indexes */
    gsize n_term;
} NgMatcherTables;

/* The tables of m: *t points into m, and is good while m is. */
void ng_matcher_tables(const NgMatcher *m, NgMatcherTables *t);

/* A matcher for gazetteer gz (which must be the one the tables were taken
 * from; kept as by ng_matcher_new) that matches with t's arrays where they
 * are: they must stay, unchanged, in `owner`, which the matcher keeps a
 * reference to; it never writes them. The tables may come from a damaged
 * file: unless every offset and index is in range and every lookup is
 * sure to end, they are refused (NG_ERROR_FORMAT). Checking them reads
 * them once. */
NgMatcher *ng_matcher_from_tables(const NgGazetteer *gz, const NgMatcherTables *t,
                                  GBytes *owner, GError **error);

#endif
