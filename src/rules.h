/*
 * rules.h - relation rules: loading them from YAML and their compiled form.
 *
 * A rule set is read from YAML files (format in docs/rules.md). Each file
 * may define shared word `lists`, the `grouping` vocabulary (how names are
 * coordinated: "A, B and its CEO, C") and one `relation` with its rules.
 * Lists may be used before the file that defines them is read, so loading
 * is two steps: add files (YAML is parsed and kept), then compile (lists
 * are resolved, patterns parsed, everything checked and indexed).
 *
 * Problems are GErrors in NG_ERROR / NG_ERROR_CONFIG. Compiling reports
 * every problem it finds, not only the first: the message holds one
 * "FILE:LINE:COLUMN: text" line per problem. Suspicious but usable things
 * are appended to `warnings` in the same form.
 *
 * Words are compared case-insensitively, token by token: every word of a
 * rule is tokenized with the document tokenizer, case-folded and interned
 * as a small integer, and the engine (relations.h) folds document tokens
 * the same way (ng_rules_token_word).
 */
#ifndef NG_RULES_H
#define NG_RULES_H

#include <glib.h>
#include "gazetteer.h"
#include "token.h"

/* Word id 0 is "not a word any rule uses"; 1 is the possessive 's. */
#define NG_WORD_NONE 0
#define NG_WORD_POSSESSIVE 1

/* A set of phrases, each a sequence of word ids. */
typedef struct {
    guint32 *words;     /* all phrases' word ids, one after the other */
    guint *offsets;     /* phrase i is words[offsets[i] .. offsets[i + 1]) */
    guint n;            /* number of phrases */
    guint64 first;      /* bit (w % 64) for each phrase's first word w, */
    guint64 last;       /* and for its last: quick "cannot be here" tests */
} NgPhraseSet;

typedef enum {
    NG_SLOT_SOURCE,
    NG_SLOT_TARGET,
    NG_SLOT_PARTIES,    /* a coordinated group whose members pair up */
} NgSlotKind;

typedef enum {
    NG_EL_WORDS,        /* one of a set of phrases */
    NG_EL_TRIGGER,      /* the rule's trigger phrases: where matching starts */
    NG_EL_GAP,          /* up to `max` tokens of anything */
    NG_EL_SLOT,         /* an argument: a name or a group of names */
} NgElementKind;

typedef struct {
    NgElementKind kind;
    gboolean optional;          /* WORDS: may be absent ("with?") */
    gboolean negated;           /* WORDS: must not be here ("!'s") */
    guint max;                  /* GAP: most tokens skipped */
    NgSlotKind slot;            /* SLOT */
    guint types;                /* SLOT: bit (1 << NgEntityType) per type */
    gboolean demonyms;          /* SLOT: "Japanese" may stand for Japan */
    const char *types_origin;   /* SLOT: where its types were written */
    const NgPhraseSet *phrases; /* WORDS, TRIGGER (owned by the rule set) */
} NgElement;

/* Where a blocker is looked for, around a match. */
typedef enum {
    NG_SCOPE_NEAR,        /* blocker_window tokens before it, and inside */
    NG_SCOPE_SENTENCE,    /* from the sentence start to its end */
    NG_SCOPE_AFTER,       /* blocker_window tokens after it */
} NgBlockerScope;

typedef struct {
    NgElement *elements;  /* WORDS and GAP elements only */
    guint n_elements;
    NgBlockerScope scope;
    guint index;          /* 0 .. NgRuleSet.n_blockers - 1 */
    char *text;           /* as written, for explanations */
    char *origin;         /* "FILE:LINE:COLUMN" */
} NgBlocker;

typedef struct NgRelation NgRelation;

typedef struct {
    char *id;
    char *cameo;               /* the rule's or the relation's code, or NULL */
    const NgRelation *relation;
    NgElement *elements;
    guint n_elements;
    guint anchor;              /* index of the TRIGGER element */
    const NgPhraseSet *trigger;
    GPtrArray *blockers;       /* NgBlocker*: the relation's or the rule's own */
    const NgPhraseSet *barriers; /* the relation's or the rule's own, or NULL */
    char *pattern;             /* as written */
    char *origin;
} NgRule;

struct NgRelation {
    char *name;                /* the edge's relation and label */
    gboolean directed;
    gboolean skip_home;        /* no pair of a country and its own people */
    char *cameo;               /* default for its rules, or NULL */
    guint blocker_window;      /* tokens before a match searched for blockers */
    GPtrArray *blockers;       /* NgBlocker*, owned */
    const NgPhraseSet *blocker_stops; /* end the window before a match, or NULL */
    const NgPhraseSet *barriers; /* no gap crosses the start of one, or NULL */
    GPtrArray *rules;          /* NgRule*, owned, in file order */
    char *origin;
    char *types_origin[2];     /* where source and target types were written */
};

/* The vocabulary of name groups (see relations.c); each may be NULL. */
typedef struct {
    const NgPhraseSet *conjunctions;  /* and, as well as */
    const NgPhraseSet *possessives;   /* its, his: "A and its CEO, B" */
    const NgPhraseSet *determiners;   /* the */
    const NgPhraseSet *titles;        /* lowercase title words: minister */
    const NgPhraseSet *prepositions;  /* repeated after a conjunction: "and by" */
    const NgPhraseSet *joiners;       /* unspaced links: US-Russia, U.S./Japan */
    const NgPhraseSet *attach;        /* "Kohl of West Germany" */
    const NgPhraseSet *tails;         /* "the US government" */
    const NgPhraseSet *appositions;   /* open a description: "A, the
                                         company building ..., and B" */
} NgGrouping;

/* Where a trigger word leads: rule `rule` of relation `relation`. */
typedef struct {
    guint relation;
    guint rule;
} NgAnchor;

typedef struct NgRuleSet NgRuleSet;

/* A rule file as it was read: a rebuild compares the rules of the last
 * build with the new ones (rules_diff.h), so the state keeps these. */
typedef struct {
    char *path;
    GBytes *data;
} NgRuleSource;

struct NgRuleSet {
    GPtrArray *relations;      /* NgRelation*, owned, in load order */
    NgGrouping grouping;
    /* Word interning: folded word -> id (>= 2). */
    GHashTable *words;
    guint32 n_words;           /* ids in use, including the two reserved */
    guint n_blockers;
    gsize max_word_bytes;      /* longer tokens cannot be rule words */
    /* anchors[w] lists the rules whose trigger has a phrase starting with
     * word w (an NgAnchor GArray), or NULL; n_words entries. */
    GArray **anchors;
    /* A bit per (first two letters, length) of an ASCII word that starts a
     * trigger phrase (see ng_rules_may_anchor); TRUE: some is not ASCII. */
    guint8 *anchor_filter;
    gboolean nonascii_anchor;
    GPtrArray *sources;        /* NgRuleSource*, in the order added */
    /* Internal: parsed files waiting for compilation, phrase sets, lists. */
    GPtrArray *pending;
    GPtrArray *sets;
    GHashTable *lists;
    gboolean compiled;
};

NgRuleSet *ng_rules_new(void);
void ng_rules_free(NgRuleSet *rs);

/* Parse one YAML file and keep it for ng_rules_compile. A YAML syntax
 * error or a file that is not a mapping is an error. */
gboolean ng_rules_add_file(NgRuleSet *rs, const char *path, GError **error);
/* The same with the file's bytes given: `path` names it in messages. */
gboolean ng_rules_add_data(NgRuleSet *rs, const char *path, const char *data,
                           gsize len, GError **error);
/* Add every *.yaml / *.yml file directly in `dir`, in byte order of their
 * names; after a bad file the others are still read, and the error lists
 * every bad one. An empty folder is fine (no relations); a missing one is
 * not. */
gboolean ng_rules_add_dir(NgRuleSet *rs, const char *dir, GError **error);
/* Resolve and check everything added; see the top of this file. Call
 * once, after the last add. */
gboolean ng_rules_compile(NgRuleSet *rs, GPtrArray *warnings, GError **error);
/* new + add_dir + compile; NULL on error, whose message lists the
 * problems of both steps, one per line. */
NgRuleSet *ng_rules_load_dir(const char *dir, GPtrArray *warnings,
                             GError **error);

guint ng_rules_n_rules(const NgRuleSet *rs);

/* Append "FILE:LINE:COLUMN: ..." to `problems` for every slot whose entity
 * type no entity of `gz` has (such a slot can never be filled). Returns
 * the number of problems added. */
guint ng_rules_check_types(const NgRuleSet *rs, const NgGazetteer *gz,
                           GPtrArray *problems);

/* The word id of a document token (NG_WORD_NONE if no rule uses it). */
guint32 ng_rules_token_word(const NgRuleSet *rs, const char *text,
                            const NgToken *tok);

/* FALSE if no trigger phrase starts with this token; TRUE if one may. A
 * bit test on its first two letters and length, so that most sentences
 * are passed over without looking their words up. */
gboolean ng_rules_may_anchor(const NgRuleSet *rs, const char *text,
                             const NgToken *tok);

#endif
