/*
 * resolve_impl.h - what the files of the resolver share: the loaded name
 * patterns (NgNames), the state of one document being resolved (Doc) and
 * the helpers every pass uses. Not an interface for other modules: see
 * resolve.h.
 */
#ifndef NG_RESOLVE_IMPL_H
#define NG_RESOLVE_IMPL_H

#include <glib.h>
#include "resolve.h"

/* ------------------------------------------------------------------------
 * Name patterns (names_load.c) and gazetteer indexes (names_index.c)
 * ------------------------------------------------------------------------ */

/* Words are interned in NgNames.vocab by their folded form (accents
 * dropped, case-folded: ng_fold_append); id 0 is "not a pattern word". */
#define NO_WORD 0u

/* Classes of single words, from the word lists of the pattern files. */
enum {
    W_STOP = 1 << 0,       /* stop-words: never in a name (The, September) */
    W_COMMON = 1 << 1,     /* common-words: never a name on its own */
    W_DEMONYM = 1 << 2,    /* demonyms: Russian, Japanese */
    W_LOCATIVE = 1 << 3,   /* locatives: "in" Washington is a place */
    W_PARTICLE = 1 << 4,   /* particles: von, al, bin inside personal names */
    W_PORTFOLIO = 1 << 5,  /* portfolios: Finance, Foreign, Trade */
    W_JOINER = 1 << 6,     /* org-joiners: and, & */
    W_PREP = 1 << 7,       /* org-prepositions: of, for, on */
    W_NAME_SUFFIX = 1 << 8,/* name-suffixes: Jr, III */
    W_DETERMINER = 1 << 9, /* determiners: the, its, a (before a title) */
    W_PLACE_MOD = 1 << 10, /* place-modifiers: New Mexico, Latin America */
    W_PLACE_FEATURE = 1 << 11, /* place-features: Gulf of Mexico, Taiwan
                                  Strait */
    W_PLACE_NOUN = 1 << 12,/* place-nouns: the London market, Tokyo
                              dealers */
    W_TRAVEL = 1 << 13,    /* travel-verbs: flew (to Tokyo, from London) */
    W_DEPART = 1 << 14,    /* departure-verbs: left (for Moscow) */
    W_ORG_UNIT = 1 << 15,  /* org-units: (its Valero Natural Gas)
                              subsidiary, unit, division */
};
/* More classes, above the phrase-start bits (W_STARTS). */
enum {
    W_ORG_DESCRIPTOR = 1u << 24, /* org-descriptors: Holdings, Industries */
};
/* Word class bit: the word starts a phrase of set s (PhraseSet). */
#define W_STARTS(s) (1u << (16 + (s)))

/* Sets of phrases (token sequences), matched longest first. */
typedef enum {
    P_TITLE,        /* titles: President, Finance Minister, chief executive */
    P_LEADER,       /* leader-roles: a gazetteer role starting with one
                       marks a head of state or government */
    P_ORG_SUFFIX,   /* org-suffixes: Corp, Inc, PLC: end a company name */
    P_ORG_HEAD,     /* org-heads: Bank, Ministry, Association */
    P_ORG_NOT,      /* org-exceptions: West Bank */
    P_ORG_PREFIX,   /* org-prefixes: Air (Air Mauritius) */
    P_PLACE,        /* place-names: North America, Northern Ireland */
    N_PHRASE_SETS
} PhraseSet;
/* The phrase-start bits stay below W_ORG_DESCRIPTOR. */
G_STATIC_ASSERT(16 + N_PHRASE_SETS <= 24);

/* Words that a cheap test (names_shape) rules out before any lookup. */
typedef enum {
    SHAPE_TITLE,    /* portfolio words and first words of titles */
    SHAPE_ORG,      /* first words of org-suffixes, org-heads and
                       org-prefixes */
    N_SHAPES
} ShapeSet;

/* A set of folded words with a value each (names_load.c). */
typedef struct WordTable WordTable;

/* A person the gazetteer lists, filed under a surname. */
typedef struct {
    guint32 entity;
    const char *first;  /* loose key of the first name (interned), or NULL */
    gboolean leader;    /* a head of state or government (names_index.c) */
    guint16 from, to;   /* years of office (term_start, term_end), 0 if
                           unknown */
} PersonRef;

struct NgNames {
    const NgGazetteer *gz;
    GStringChunk *strings;
    WordTable *vocab;       /* folded word -> id */
    GArray *word_class;     /* guint32 per word id: W_* bits */
    GHashTable *phrases[N_PHRASE_SETS]; /* first word id -> GPtrArray of
                                           guint32 arrays {n, w1..wn},
                                           longest first */
    guint n_patterns;
    guint64 shapes[N_SHAPES][1024]; /* bit names_shape(w) set for the
                                       words w of each ShapeSet */
    /* From the gazetteer (names_index.c). */
    GHashTable *surnames;   /* loose surname key -> GArray of PersonRef */
    GHashTable *first_names;/* loose first-name key -> number of people */
    WordTable *one_word;    /* folded one-word aliases of countries and
                               organizations, and ambiguous ones */
    GHashTable *predecessors; /* country entity + 1 -> GArray of guint32:
                                 the historical states it succeeded */
};

/* ASCII lower case, inline (g_ascii_tolower is a call). */
static inline guchar names_lower(guchar c)
{
    return (guchar)(c + (((guint)c - 'A' < 26u) << 5));
}

/* Do p and q agree on len bytes, ASCII case aside? */
static inline gboolean names_same(const char *p, const char *q, gsize len)
{
    for (gsize i = 0; i < len; i++)
        if (names_lower((guchar)p[i]) != names_lower((guchar)q[i]))
            return FALSE;
    return TRUE;
}

/* A 16-bit digest of a word from its length and its first, second and
 * last bytes, ASCII case aside: a cheap first test of membership. */
static inline guint names_shape(const char *p, gsize len)
{
    guint h = (guint)len * 0x9E37u;
    h = (h ^ names_lower((guchar)p[0])) * 0x01000193u;
    h = (h ^ names_lower((guchar)p[len > 1])) * 0x01000193u;
    h = (h ^ names_lower((guchar)p[len - 1])) * 0x01000193u;
    return (h ^ (h >> 16)) & 0xFFFFu;
}

/* The folded form of p[0..len) (token flags tell whether it is ASCII)
 * into buf, replacing its contents. */
void names_fold(GString *buf, const char *p, gsize len, guint32 tok_flags);
/* The loose key of a folded name word (or of an ASCII word, which this
 * lower-cases): German transliterations (ae oe ue) and doubled letters
 * reduced, so that Weizsaecker, Weizsäcker and Weizsacker, or Mitterand
 * and Mitterrand, agree. Replaces buf, which must not hold the input. */
void names_loose(GString *buf, const char *folded, gsize len);
/* Tables keyed by folded words (vocab, one_word): looked up with a folded
 * word or with an ASCII token as it is in the text (they compare without
 * ASCII case). */
WordTable *names_word_table_new(void);
void names_word_table_free(WordTable *t);
void names_word_table_add(NgNames *nm, WordTable *t, const char *folded,
                          gpointer value);
gpointer names_word_table_get(const WordTable *t, const char *p, gsize len);
/* Id of folded word p[0..len), NO_WORD if not in the patterns. */
guint32 names_word(const NgNames *nm, const char *p, gsize len);
guint32 names_word_class(const NgNames *nm, guint32 word);
/* Build the gazetteer indexes (after the patterns are loaded). */
void names_index_gazetteer(NgNames *nm);
/* Build nm->predecessors: the historical countries (attribute
 * `historical`) filed under the country their `successor` code names. */
void names_index_predecessors(NgNames *nm);
/* The people filed under a loose surname key, or NULL. */
const GArray *names_people(const NgNames *nm, const char *loose);

/* ------------------------------------------------------------------------
 * One document (resolve.c)
 * ------------------------------------------------------------------------ */

typedef enum {
    K_GAZETTEER,  /* an alias the matcher found */
    K_PATTERN,    /* a name found by a title or an organization form */
    K_SHORT,      /* a document-scoped form: surname, short form, acronym,
                     headline form, or a bare surname */
} CandKind;

/* A candidate mention. */
typedef struct {
    guint32 first, n;  /* tokens */
    guint32 entity;    /* gazetteer index, or gazetteer size + found index */
    guint32 alias;     /* gazetteer alias, or NG_MENTION_NO_ALIAS */
    guint8 kind;       /* CandKind */
    guint8 dropped;
    guint8 firm;       /* counts as a firm mention of its entity */
    guint8 place;      /* a capital dropped as the city (capital_as_place):
                          no mention, but still a firm sign of its country
                          ("Ankara-based diplomats" and "Turkey's debt") */
} Cand;

/* Kinds of document-scoped forms. L_PART, the first part of a
 * hyphenated company name (Rank of Rank-Xerox), gives way to any other
 * form of the same words, however near. An entry made twice keeps the
 * lower kind. */
typedef enum { L_ACRONYM, L_SHORT, L_SURNAME, L_PART, L_HEADLINE } LexKind;

/* An entry of the document lexicon (resolve_doc.c, Doc.lex); its keys
 * are Doc.lex_keys[key0 .. key0 + n), loose keys in Doc.chunk. Entries
 * with the same first key are chained from Doc.lexicon. */
typedef struct {
    guint32 entity;
    guint32 pos;       /* token where the entity was named, for surnames */
    guint32 key0;
    guint32 next;      /* index + 1 of the next entry of the chain, or 0 */
    guint8 kind;       /* LexKind */
    guint8 n;
} Lex;

/* A word of a person's full name in the document (resolve_people.c,
 * Doc.person_words): chained by loose key from Doc.person_index. */
typedef struct {
    guint32 entity;
    guint32 first, end;  /* the mention's tokens */
    guint32 next;        /* index + 1 of the next of the chain, or 0 */
} PersonWord;

/* A person title found in the text (resolve_people.c). */
typedef struct {
    guint first, n;
} Title;

/* Per-token facts. */
enum {
    T_HEADLINE = 1 << 0,  /* in a title-case or ALL-CAPS sentence */
    T_INITIAL = 1 << 1,   /* first word of a sentence, or after a dash,
                             quote, bracket or colon */
    T_TITLE = 1 << 2,     /* inside a person title ("Oil Minister") */
    T_MAY_ORG = 1 << 3,   /* may start an organization form (SHAPE_ORG) */
    T_PLACE = 1 << 4,     /* in another place's name holding a country's
                             (North America), or a capital standing for
                             its city (the London market): never a
                             person's name or a short form */
    T_CODE = 1 << 5,      /* inside a ticker in angle brackets (<GM>): no
                             name is read there */
};

/* The state of one document being resolved; the buffers are kept in
 * NgTagged.resolve_state for the next document. */
typedef struct NgResolveState {
    const NgNames *nm;       /* may have no patterns, never NULL here */
    const NgGazetteer *gz;
    const NgTagOptions *opt;
    NgTagged *t;
    const char *text;
    const NgToken *tok;
    guint n;                 /* tokens */
    guint32 *wid;            /* per token: pattern word id, computed lazily */
    guint8 *info;            /* per token: T_* bits */
    guint32 *sent;           /* per token: its sentence */
    gint32 *owner;           /* per token: index of the live Cand covering
                                it, or -1 */
    GArray *cands;           /* Cand */
    GHashTable *found_ix;    /* "TYPE:name" and entity ids -> entity index
                                + 1 (doc_found) */
    const char **loose;      /* per token: loose key (names_loose of the
                                folded form), computed lazily, in chunk */
    GStringChunk *chunk;     /* strings that live as long as the Doc */
    GString *buf, *buf2;     /* scratch: doc_folded's, doc_loose's */
    guint cap;               /* tokens the per-token arrays can hold */
    /* Tokens the passes look at, in text order (guint32), so that they do
     * not walk every token (mark_sentences fills them): */
    GArray *names;           /* capitalised words, and every word of a
                                headline */
    GArray *title_words;     /* words that may start a title (doc_may_be) */
    GArray *commas;          /* commas */
    GHashTable *lexicon;     /* resolve_doc.c: first loose key -> index + 1
                                of the last entry in lex with it */
    GArray *lex;             /* resolve_doc.c: the entries (Lex) */
    GPtrArray *lex_keys;     /* resolve_doc.c: their keys */
    GArray *titles;          /* resolve_people.c: titles found */
    GHashTable *org_words;   /* resolve_doc.c: loose keys of the words of
                                the organizations and countries named */
    gboolean org_words_made; /* org_words is filled */
    GHashTable *person_index;/* resolve_people.c: loose key -> index + 1
                                of the last PersonWord with it */
    GArray *person_words;    /* resolve_people.c: PersonWord */
    gboolean people_indexed; /* person_index is built */
    GHashTable *firm;        /* finish(): entities with a firm mention
                                (index + 1) */
    const NgNames *shapes_of;/* the names any_shapes was computed for */
    gboolean any_shapes;     /* some word is in a shape set (doc_shapes) */
} Doc;

#define WID_UNSET G_MAXUINT32

static inline gboolean tok_is(const Doc *d, guint i, guint32 flags)
{
    return i < d->n && (d->tok[i].flags & flags) == flags;
}
/* A word that starts with a capital (ALL-CAPS included). */
static inline gboolean tok_cap(const Doc *d, guint i)
{
    return tok_is(d, i, NG_TOK_WORD | NG_TOK_UPPER);
}
/* One-character punctuation token equal to c. */
static inline gboolean tok_punct(const Doc *d, guint i, char c)
{
    return i < d->n && (d->tok[i].flags & NG_TOK_PUNCT) &&
           d->tok[i].end == d->tok[i].start + 1 && d->text[d->tok[i].start] == c;
}
/* A hyphen glued to the tokens on both sides (Chi-cheng, London-based). */
static inline gboolean glued_hyphen(const Doc *d, guint i)
{
    return tok_punct(d, i, '-') && !(d->tok[i].flags & NG_TOK_SPACE_BEFORE) &&
           i + 1 < d->n && !(d->tok[i + 1].flags & NG_TOK_SPACE_BEFORE);
}
static inline guint32 tok_len(const Doc *d, guint i)
{
    return d->tok[i].end - d->tok[i].start;
}
/* Is token i the word w, in any case? */
static inline gboolean is_word(const Doc *d, guint i, const char *w)
{
    gsize n = strlen(w);
    return i < d->n && tok_len(d, i) == n && names_same(d->text + d->tok[i].start, w, n);
}

/* The pattern word id of token i (NO_WORD if none). */
guint32 doc_word(Doc *d, guint i);
/* The shape sets word token i may be in, bit 1 << set for each
 * (names_shape: a set bit may still be wrong, a clear one is always
 * right). Inline: it runs on every word, once (mark_sentences keeps the
 * answer). */
static inline guint doc_shapes(const Doc *d, guint i)
{
    const NgToken *t = &d->tok[i];
    if (!(t->flags & NG_TOK_WORD))
        return 0;
    if (t->flags & NG_TOK_NONASCII)
        return (1u << N_SHAPES) - 1;
    guint s = names_shape(d->text + t->start, t->end - t->start), may = 0;
    for (guint set = 0; set < N_SHAPES; set++)
        may |= (guint)((d->nm->shapes[set][s / 64] >> (s % 64)) & 1) << set;
    return may;
}
/* Is token i a one-word alias of a country or organization, or an
 * ambiguous one (NgNames.one_word)? */
gboolean doc_one_word(Doc *d, guint i);
/* Does token i belong to word class `cls`? */
gboolean doc_class(Doc *d, guint i, guint32 cls);
/* Length of the longest phrase of `set` at token i (0: none); a phrase
 * never crosses a paragraph break. */
guint doc_phrase(Doc *d, PhraseSet set, guint i);
/* The folded form of token i, in d->buf. */
const char *doc_folded(Doc *d, guint i);
/* The loose key of token i (valid as long as d). */
const char *doc_loose(Doc *d, guint i);
/* Where [s, e) ends without the lower-case joiners at its end (the
 * "and" of "Jefferies and" before Co); one token at least stays. */
guint doc_trim_joiners(Doc *d, guint s, guint e);
/* The text of tokens [first, first + n), whitespace runs folded to one
 * space; newly allocated. */
char *doc_span_text(const Doc *d, guint first, guint n);

/* The live candidate covering token i, or NULL. */
static inline Cand *doc_owner(Doc *d, guint i)
{
    if (i >= d->n || d->owner[i] < 0)
        return NULL;
    return &g_array_index(d->cands, Cand, d->owner[i]);
}
/* Add a candidate over [first, first + n), dropping the live candidates
 * it overlaps. */
void doc_add(Doc *d, guint first, guint n, guint32 entity, guint32 alias,
             CandKind kind);
void doc_drop(Doc *d, Cand *c);
/* The entity of a candidate. */
const NgEntity *doc_entity(const Doc *d, guint32 entity);
static inline NgEntityType cand_type(const Doc *d, const Cand *c)
{
    return doc_entity(d, c->entity)->type;
}
/* Entity index for a name found in the text: the gazetteer entity with
 * the same id if there is one of that type, else a found entity (one per
 * name and type per document). */
guint32 doc_found(Doc *d, const char *name, NgEntityType type);
/* The same, for a name whose entity is known by a shorter `key` (a
 * company without its legal forms: Dart Group Corp is Dart Group): names
 * with one key are one entity, in this document and in the graph: the
 * gazetteer's with the whole name's id, or the key's if `by_gazetteer`
 * (Goldman, Sachs and Co is the Goldman Sachs of the gazetteer), else a
 * found one with the key's id (the whole name's if the key's is a
 * gazetteer entity's). */
guint32 doc_found_as(Doc *d, const char *name, const char *key,
                     gboolean by_gazetteer, NgEntityType type);

/* Passes, in the order resolve.c runs them. */
void resolve_people(Doc *d);   /* resolve_people.c */
void resolve_orgs(Doc *d);     /* resolve_orgs.c */
void resolve_unit_names(Doc *d); /* resolve_orgs.c: after the short forms */
void resolve_forms(Doc *d);    /* resolve_doc.c: acronyms, short forms,
                                  surnames, headline forms */
/* The gazetteer person that the one word at token i names: with a title
 * [tf, tf + tn) (tn > 0), the only person with that surname, or the only
 * head of state or government among them after a leader title, or the
 * one whose role shares most words with the title; without a title
 * (tn == 0), the only head of state or government with that surname.
 * G_MAXUINT32 if none (resolve_people.c). */
guint32 people_in_gazetteer(Doc *d, guint i, guint tf, guint tn);
/* Can token i be a word of a personal name: capitalised, two letters or
 * more, not ALL CAPS, not a stop word, demonym, generational suffix, title
 * or organization form word (resolve_people.c)? */
gboolean person_word(Doc *d, guint i);
/* The loose keys of the words of a personal name, into `keys` (a
 * g_free'ing GPtrArray); returns the index of the surname (the last word
 * that is not a generational suffix), -1 if no word (resolve_people.c). */
int name_words(Doc *d, const char *name, GPtrArray *keys);

#endif
