/*
 * gazetteer.h - the entities negraph knows and the names they go by.
 *
 * A gazetteer is loaded from YAML files (format in README.md, "Gazetteer
 * format") into plain arrays: entities, and aliases pointing at them. The
 * matcher (matcher.h) compiles the aliases into a token trie.
 *
 * Problems found while loading are GErrors (NG_ERROR_CONFIG) whose message
 * starts with "FILE:LINE:COLUMN: " (1-based, from libyaml's marks); things
 * that are suspicious but usable are appended to `warnings` (a GPtrArray of
 * strings the caller frees; may be NULL) in the same form. One file can
 * have several errors: the message then has one line for each (a YAML
 * syntax error, or a 20th error, ends the file's list). Beyond 20
 * warnings of one kind in a file, the rest are counted in a single
 * "FILE: N more warnings of this kind not shown: KIND" line.
 */
#ifndef NG_GAZETTEER_H
#define NG_GAZETTEER_H

#include <glib.h>

typedef enum {
    NG_TYPE_PERSON,
    NG_TYPE_COUNTRY,
    NG_TYPE_ORGANIZATION,
    NG_N_TYPES
} NgEntityType;

/* "person", "country", "organization". */
const char *ng_entity_type_name(NgEntityType type);
/* Parses the names above; FALSE for anything else. */
gboolean ng_entity_type_parse(const char *name, NgEntityType *out);

typedef struct {
    char *key;
    char *value;
} NgAttr;

typedef struct {
    char *id;             /* stable ASCII node id, e.g. "country.united-states" */
    char *name;           /* canonical name, the node label */
    NgEntityType type;
    NgAttr *attrs;        /* extra node attributes, sorted by key */
    guint n_attrs;
    char *origin;         /* "FILE:LINE:COLUMN" of the entry, for messages;
                             NULL for entities added by ng_gazetteer_add_entity */
} NgEntity;

typedef enum {
    NG_ALIAS_NOCASE = 1 << 0,   /* match regardless of letter case */
    NG_ALIAS_METONYM = 1 << 1,  /* a capital standing for a government */
    NG_ALIAS_AMBIGUOUS = 1 << 2 /* also a common word or another thing: needs
                                   support from context before it counts */
} NgAliasFlags;

typedef struct {
    char *text;        /* the alias as written in the YAML */
    guint32 entity;    /* index into NgGazetteer.entities */
    guint32 flags;     /* NgAliasFlags */
} NgAlias;

typedef struct NgGazetteerIndex NgGazetteerIndex;

typedef struct {
    GPtrArray *entities;  /* NgEntity*, owned */
    GArray *aliases;      /* NgAlias, texts owned */
    GHashTable *by_id;    /* id -> GUINT_TO_POINTER(index + 1), not owned keys */
    NgGazetteerIndex *index; /* private: string storage, alias indexes */
} NgGazetteer;

NgGazetteer *ng_gazetteer_new(void);
void ng_gazetteer_free(NgGazetteer *gz);

/* Load one YAML file, adding to gz. On error gz keeps what it had before
 * the file (no half-loaded file). A file that cannot be read is
 * NG_ERROR_IO ("FILE: reason"). */
gboolean ng_gazetteer_load_file(NgGazetteer *gz, const char *path,
                                GPtrArray *warnings, GError **error);

/* Load every *.yaml / *.yml file directly in `dir`, in byte order of their
 * names (so ids and output are deterministic). A missing directory or one
 * without such files is an error. A bad file does not stop the others
 * from loading: the error lists the problems of every bad file, one per
 * line, and gz has the good files. */
gboolean ng_gazetteer_load_dir(NgGazetteer *gz, const char *dir,
                               GPtrArray *warnings, GError **error);

/* Programmatic construction (tests, benchmarks, names found in text).
 * add_entity returns the index of the new entity, or of the existing one
 * with the same id (whatever its type). id may be NULL: then it is
 * ng_entity_make_id(type, name). Unlike a YAML entry, the name is not made
 * an alias: add it with add_alias. add_alias ignores a text the entity
 * already has (exact bytes) except for OR'ing the flags into it. */
guint32 ng_gazetteer_add_entity(NgGazetteer *gz, const char *name,
                                NgEntityType type, const char *id);
void ng_gazetteer_add_alias(NgGazetteer *gz, guint32 entity,
                            const char *text, guint32 flags);

/* The value of e's attribute `key`, or NULL. */
const char *ng_entity_attr(const NgEntity *e, const char *key);

/* Find an entity by id; -1 if none. */
gint64 ng_gazetteer_lookup_id(const NgGazetteer *gz, const char *id);

/* The node id for a type and canonical name: "<type>.<slug>" where the
 * slug is the name with accents removed, lowercased, and every run of other
 * characters turned into one '-'  ("person.francois-mitterrand",
 * "organization.at-t"). Newly allocated. */
char *ng_entity_make_id(NgEntityType type, const char *name);

/*
 * Append to `out` the accent-free form of s[0..len) (len -1: up to NUL),
 * the folding shared by entity ids and the matcher: compatibility
 * decomposition (NFKD), combining marks dropped, the letters NFKD leaves
 * alone that readers see as accented (ø ł đ ð þ ß æ œ ı) spelled in ASCII,
 * and the apostrophes U+2019 U+2018 U+02BC U+02BB turned into '. With
 * `casefold` the result is also case-folded ("FRANÇOIS’" -> "francois'").
 * Invalid UTF-8 is appended unchanged.
 */
void ng_fold_append(GString *out, const char *s, gssize len,
                    gboolean casefold);

#endif
