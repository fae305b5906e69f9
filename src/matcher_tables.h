/*
 * matcher_tables.h - a compiled matcher (matcher.h) as a few flat arrays,
 * so that it can be stored (config_cache.h) and rebuilt without
 * tokenizing and folding every alias again.
 *
 * The arrays replay the compilation: the token keys in the order they
 * were first met, then, for each trie state in the order it was made, the
 * state it leaves and the key it takes, then the (state, alias) pairs
 * that end an alias. Rebuilding from them gives the same tables as
 * ng_matcher_new, and so the same matches.
 */
#ifndef NG_MATCHER_TABLES_H
#define NG_MATCHER_TABLES_H

#include <glib.h>
#include "matcher.h"

typedef struct {
    const char *keys;         /* the token keys, one after the other */
    gsize keys_len;
    const guint32 *key_len;   /* the length of each */
    guint32 n_keys;
    const guint32 *from;      /* state i + 1 is made by the step from state */
    const guint32 *via;       /* from[i] (0: the root) on key via[i] */
    guint32 n_states;
    const guint32 *term_state;/* alias term_alias[i] ends at term_state[i] */
    const guint32 *term_alias;
    guint32 n_terms;
} NgMatcherTables;

/* The tables of m, in arrays owned by the returned struct; free with
 * ng_matcher_tables_free. */
NgMatcherTables *ng_matcher_tables(const NgMatcher *m);
void ng_matcher_tables_free(NgMatcherTables *t);

/* The matcher that the tables describe, for gazetteer gz (which must be
 * the one they were taken from; kept as by ng_matcher_new). The tables
 * may come from a damaged file: anything inconsistent (an index out of
 * range, a key given twice, a step that makes no new state) is an
 * NG_ERROR_FORMAT error, never a crash. */
NgMatcher *ng_matcher_from_tables(const NgGazetteer *gz,
                                  const NgMatcherTables *t, GError **error);

#endif
