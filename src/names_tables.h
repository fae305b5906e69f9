/*
 * names_tables.h - the gazetteer's name indexes (names_index.c: surnames,
 * first names, one-word aliases) as flat arrays, so that they can be
 * stored (config_cache.h) instead of tokenizing and folding every alias
 * again. The name patterns themselves are small and always loaded from
 * their YAML files.
 */
#ifndef NG_NAMES_TABLES_H
#define NG_NAMES_TABLES_H

#include <glib.h>
#include "resolve_impl.h"

typedef struct {
    guint32 n_surnames;
    const char **surname;     /* loose surname keys, in byte order */
    guint32 *n_refs;          /* the people filed under each, in order */
    guint32 n_refs_total;
    guint32 *ref_entity;      /* per person filed: PersonRef's fields */
    const char **ref_first;   /* NULL: none */
    guint32 *ref_years;       /* from << 16 | to */
    guint8 *ref_leader;
    guint32 n_first_names;
    const char **first_name;  /* loose first-name keys, in byte order */
    guint32 *first_count;
    guint32 n_one_word;
    const char **one_word;    /* in byte order */
} NgNamesTables;

/* The indexes of nm, in arrays owned by the result (the strings are
 * nm's); free with ng_names_tables_free, which frees the arrays only. */
NgNamesTables *ng_names_tables(const NgNames *nm);
void ng_names_tables_free(NgNamesTables *t);

/* ng_names_new with the indexes given by t instead of computed; the
 * strings of t must live as long as the result. Anything inconsistent
 * in t (an entity out of range, a missing string) is NG_ERROR_FORMAT;
 * the patterns' problems are errors as in ng_names_new. */
NgNames *ng_names_new_from_tables(const NgGazetteer *gz, const char *patterns_dir,
                                  const NgNamesTables *t, GError **error);

/* Internal to names_load.c and names_index.c. */
gboolean names_index_tables(NgNames *nm, const NgNamesTables *t);
void names_word_table_each(const WordTable *t,
                           void (*f)(const char *word, gpointer value, gpointer user),
                           gpointer user);

#endif
