/*
 * relations.c - the rule engine: names grouped into units and groups,
 * patterns matched outwards from their trigger, blockers, edges.
 *
 * Units. Each mention of the sentence (and each demonym standing for an
 * entity the document names) is an item. An item followed by another with
 * only a possessive and title words between ("US Secretary of State
 * Antony Blinken", "Russia's Gazprom") qualifies it: the two make one
 * unit whose head is the last. A unit also takes
 *   - its lead: title words and determiners before it ("the", "Russian
 *     Foreign Minister"), so that a slot may begin anywhere in them;
 *   - a tail word after it ("the US government");
 *   - a description set off by commas after it ("Nord Stream 2 AG, the
 *     company building the pipeline from Russia to Germany, and ..."):
 *     the names in it are no parties, and what follows the closing comma
 *     links to the unit as if the description were not there;
 *   - an attached name ("Chancellor Helmut Kohl of West Germany"), which
 *     is then not a party of its own.
 * Title words are capitalised words and the grouping's `titles`, but never
 * a trigger word, so "Blinken Meets Lavrov" stays two units.
 *
 * Groups. Consecutive units are linked by
 *   - a conjunction, maybe after a comma and before a repeated
 *     preposition, determiner and titles: "A and B", "A, and by Chancellor B";
 *   - a comma, when a conjunction follows later in the list: "A, B and C";
 *   - a possessive apposition: "A and its CEO, B", "A, his Prime Minister
 *     B": B is on A's side (both are sanctioned; they do not meet each
 *     other);
 *   - a joiner without spaces: "US-Russia", "U.S./Japan".
 * A slot takes the whole group from the unit it lands on outwards;
 * {parties} pairs members on different sides.
 *
 * Matching. A rule's pattern is split at its trigger into a right half
 * (matched forwards from the trigger) and a left half (backwards). Gaps
 * are lazy, so the nearest fit wins; backtracking is memoised on
 * (element, token), which bounds the work by elements x tokens per half.
 * The first rule of a relation that matches at a trigger token is the
 * only one used there.
 */
#include "relations.h"

#include <string.h>

#include "evidence.h"
#include "token.h"

typedef struct {
    int start;         /* first token: lead, qualifiers (sentence-local) */
    int head_first;    /* the head mention (or demonym) */
    int head_last;
    int end;           /* last token: tail or attached name included */
    guint32 entity;
    NgEntityType type;
    gint32 mention;    /* document mention index, or -1 for a demonym */
    guint32 qualifier; /* entity of a country qualifying it ("Brazilian
                          President X", "US Secretary Y"), or NONE */
    int group;         /* index of its group */
    int side;          /* same side = apposition of each other */
} Unit;

typedef struct {
    int first, last;   /* unit indices */
} Group;

typedef struct {
    int first, last;   /* units bound to a slot */
} Binding;

typedef enum { LINK_NONE, LINK_COMMA, LINK_COORD, LINK_APPOS } LinkKind;

typedef struct {
    LinkKind kind;
    gboolean conj;     /* a conjunction is part of it */
} Link;

#define NONE G_MAXUINT32

struct NgRelationEngine {
    const NgRuleSet *rs;
    const NgGazetteer *gz;
    guint32 *home;             /* per gazetteer entity: the country entity
                                  whose iso2/iso3 is its "country", or NONE */
    GHashTable *demonyms;      /* folded demonym -> entity + 1 */
    guint32 *named_in;         /* per gazetteer entity: the last document
                                  (doc_stamp) that named it */
    guint32 doc_stamp;
    /* The current sentence, all indexed by sentence-local token. */
    const NgTagged *t;
    const char *text;
    const NgToken *toks;       /* first token of the sentence */
    int n;
    GArray *ids;               /* guint32 word ids */
    GArray *in_name;           /* gboolean: token inside a mention */
    GArray *starts, *ends;     /* int: unit a slot may start/end at, or -1 */
    GArray *units;             /* Unit */
    GArray *groups;            /* Group */
    GArray *links;             /* Link, between unit i and i + 1 */
    GArray *emitted;           /* guint32 triples already reported */
    int *sentence_blocker;     /* per sentence-scope blocker: -2 not yet
                                  searched, -1 absent, else where it is */
    gboolean *done;            /* per relation: matched at this trigger */
    /* Matching. */
    GArray *memo;              /* guint32 stamps, (element, token) */
    guint32 stamp;
    guint max_elements;
    Binding *bind;             /* per pattern element */
};

/* ---- Set-up ----------------------------------------------------------- */

/* Fold a word for the demonym table (as ng_fold_append does); ASCII, the
 * usual case, into buf without allocating, else newly allocated
 * (*to_free). */
static const char *fold_word(const char *s, gsize len, char buf[64],
                             char **to_free)
{
    gboolean ascii = len < 64;
    for (gsize i = 0; ascii && i < len; i++) {
        ascii = !((guchar)s[i] & 0x80);
        buf[i] = g_ascii_tolower(s[i]);
    }
    if (ascii) {
        buf[len] = '\0';
        *to_free = NULL;
        return buf;
    }
    GString *out = g_string_sized_new(len);
    ng_fold_append(out, s, (gssize)len, TRUE);
    return *to_free = g_string_free(out, FALSE);
}

static void add_demonyms(NgRelationEngine *e, guint32 entity, const char *value)
{
    char **parts = g_strsplit_set(value, "|,", -1);
    for (char **p = parts; *p; p++) {
        char *w = g_strstrip(*p);
        /* Single words only: the lookup is per token. */
        if (!*w || strchr(w, ' '))
            continue;
        char buf[64], *to_free;
        const char *f = fold_word(w, strlen(w), buf, &to_free);
        if (!g_hash_table_contains(e->demonyms, f))
            g_hash_table_insert(e->demonyms, g_strdup(f), GUINT_TO_POINTER(entity + 1));
        g_free(to_free);
    }
    g_strfreev(parts);
}

/* Each entity's home country, from the gazetteers' attributes: a person's
 * or organization's "country" code against the countries' "iso2"/"iso3". */
static guint32 *home_countries(const NgGazetteer *gz)
{
    GHashTable *by_code = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < gz->entities->len; i++) {
        const NgEntity *en = gz->entities->pdata[i];
        const char *codes[] = { ng_entity_attr(en, "iso2"), ng_entity_attr(en, "iso3") };
        for (guint k = 0; en->type == NG_TYPE_COUNTRY && k < 2; k++)
            if (codes[k] && !g_hash_table_contains(by_code, codes[k]))
                g_hash_table_insert(by_code, (gpointer)codes[k], GUINT_TO_POINTER(i + 1));
    }
    guint32 *home = g_new(guint32, gz->entities->len + 1);
    for (guint i = 0; i < gz->entities->len; i++) {
        const char *code = ng_entity_attr(gz->entities->pdata[i], "country");
        guint c = code ? GPOINTER_TO_UINT(g_hash_table_lookup(by_code, code)) : 0;
        home[i] = c ? c - 1 : NONE;
    }
    g_hash_table_destroy(by_code);
    return home;
}

NgRelationEngine *ng_relations_new(const NgRuleSet *rs, const NgGazetteer *gz)
{
    NgRelationEngine *e = g_new0(NgRelationEngine, 1);
    e->rs = rs;
    e->gz = gz;
    e->home = home_countries(gz);
    e->demonyms = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < gz->entities->len; i++) {
        const char *d = ng_entity_attr(gz->entities->pdata[i], "demonym");
        if (d)
            add_demonyms(e, i, d);
    }
    e->named_in = g_new0(guint32, gz->entities->len + 1);
    e->ids = g_array_new(FALSE, FALSE, sizeof(guint32));
    e->in_name = g_array_new(FALSE, FALSE, sizeof(gboolean));
    e->starts = g_array_new(FALSE, FALSE, sizeof(int));
    e->ends = g_array_new(FALSE, FALSE, sizeof(int));
    e->units = g_array_new(FALSE, FALSE, sizeof(Unit));
    e->groups = g_array_new(FALSE, FALSE, sizeof(Group));
    e->links = g_array_new(FALSE, FALSE, sizeof(Link));
    e->emitted = g_array_new(FALSE, FALSE, sizeof(guint32));
    e->memo = g_array_new(FALSE, TRUE, sizeof(guint32));
    e->done = g_new0(gboolean, rs->relations->len + 1);
    e->sentence_blocker = g_new(int, rs->n_blockers + 1);
    for (guint r = 0; r < rs->relations->len; r++) {
        const NgRelation *rel = rs->relations->pdata[r];
        for (guint k = 0; k < rel->rules->len; k++)
            e->max_elements = MAX(e->max_elements,
                                  ((NgRule *)rel->rules->pdata[k])->n_elements);
        for (guint k = 0; k < rel->blockers->len; k++)
            e->max_elements = MAX(e->max_elements,
                                  ((NgBlocker *)rel->blockers->pdata[k])->n_elements);
        for (guint k = 0; k < rel->rules->len; k++) {
            const GPtrArray *bl = ((NgRule *)rel->rules->pdata[k])->blockers;
            for (guint b = 0; b < bl->len; b++)
                e->max_elements = MAX(e->max_elements,
                                      ((NgBlocker *)bl->pdata[b])->n_elements);
        }
    }
    e->bind = g_new0(Binding, e->max_elements + 1);
    return e;
}

void ng_relations_free(NgRelationEngine *e)
{
    if (!e)
        return;
    g_hash_table_destroy(e->demonyms);
    g_free(e->named_in);
    g_free(e->home);
    g_array_free(e->ids, TRUE);
    g_array_free(e->in_name, TRUE);
    g_array_free(e->starts, TRUE);
    g_array_free(e->ends, TRUE);
    g_array_free(e->units, TRUE);
    g_array_free(e->groups, TRUE);
    g_array_free(e->links, TRUE);
    g_array_free(e->emitted, TRUE);
    g_array_free(e->memo, TRUE);
    g_free(e->done);
    g_free(e->sentence_blocker);
    g_free(e->bind);
    g_free(e);
}

/* ---- Tokens ----------------------------------------------------------- */

/* Word ids are looked up when first needed: matching only looks near
 * triggers and names, and most tokens of a sentence are never asked for. */
#define UNKNOWN_WORD G_MAXUINT32
#define ID(e, i) word_at((e), (i))

static guint32 word_at(const NgRelationEngine *e, int i)
{
    guint32 *w = &g_array_index(e->ids, guint32, i);
    if (*w == UNKNOWN_WORD)
        *w = ng_rules_token_word(e->rs, e->text, &e->toks[i]);
    return *w;
}
#define IN_NAME(e, i) g_array_index((e)->in_name, gboolean, (i))
#define UNIT(e, i) (&g_array_index((e)->units, Unit, (i)))

static gboolean is_char(const NgRelationEngine *e, int i, char c)
{
    const NgToken *t = &e->toks[i];
    return (t->flags & NG_TOK_PUNCT) && e->text[t->start] == c &&
           t->end == t->start + 1;
}

/* Length of the longest phrase of `set` at token i going in direction
 * dir (for dir < 0 the phrase ends at i), within [lo, hi] and outside
 * names; 0 if none. */
static int phrase_at(const NgRelationEngine *e, const NgPhraseSet *set, int i,
                     int dir, int lo, int hi)
{
    int best = 0;
    if (!set || i < lo || i > hi ||
        !(((dir > 0 ? set->first : set->last) >> (ID(e, i) % 64)) & 1))
        return 0;
    for (guint p = 0; p < set->n; p++) {
        int len = (int)(set->offsets[p + 1] - set->offsets[p]);
        const guint32 *w = set->words + set->offsets[p];
        int first = dir > 0 ? i : i - len + 1;
        if (len <= best || first < lo || first + len - 1 > hi)
            continue;
        int k = 0;
        while (k < len && ID(e, first + k) == w[k] && !IN_NAME(e, first + k))
            k++;
        if (k == len)
            best = len;
    }
    return best;
}

/* Does a trigger phrase of some rule begin at token i? */
static gboolean trigger_at(const NgRelationEngine *e, int i)
{
    const GArray *anchors = e->rs->anchors[ID(e, i)];
    for (guint k = 0; anchors && k < anchors->len; k++) {
        const NgAnchor *an = &g_array_index(anchors, NgAnchor, k);
        const NgRelation *rel = e->rs->relations->pdata[an->relation];
        const NgRule *rule = rel->rules->pdata[an->rule];
        if (phrase_at(e, rule->trigger, i, 1, i, e->n - 1))
            return TRUE;
    }
    return FALSE;
}

/* A word that may be part of a title: capitalised or a listed title word,
 * but never a trigger ("Blinken Meets Lavrov"). */
static gboolean title_word(const NgRelationEngine *e, int i)
{
    if (i < 0 || i >= e->n || IN_NAME(e, i) || trigger_at(e, i))
        return FALSE;
    if ((e->toks[i].flags & (NG_TOK_WORD | NG_TOK_UPPER)) ==
        (NG_TOK_WORD | NG_TOK_UPPER))
        return TRUE;
    return phrase_at(e, e->rs->grouping.titles, i, 1, i, i) == 1;
}

/* ---- Units ------------------------------------------------------------ */

typedef struct {
    int first, last;
    guint32 entity;
    gint32 mention;
} Item;

/* The items of the sentence: its mentions and the demonyms of entities
 * the document names, in text order; the words of a ticker are marked as
 * in a name. */
static GArray *sentence_items(NgRelationEngine *e, guint m0, guint m1,
                              guint32 base)
{
    GArray *items = g_array_new(FALSE, FALSE, sizeof(Item));
    guint m = m0;
    for (int i = 0; i < e->n; i++) {
        if (m < m1) {
            const NgMention *mn = &g_array_index(e->t->mentions, NgMention, m);
            if ((int)(mn->first_token - base) == i) {
                Item it = { i, i + (int)mn->n_tokens - 1, mn->entity, (gint32)m };
                g_array_append_val(items, it);
                for (int k = it.first; k <= it.last; k++)
                    IN_NAME(e, k) = TRUE;
                i = it.last;
                m++;
                continue;
            }
        }
        const NgToken *tk = &e->toks[i];
        /* A ticker is a code, not words: "NORANDA <NOR.TO> IN TALKS WITH
         * ..." has no "nor" to block the talks. */
        for (int k = i + 1, close = (int)ng_ticker_end(e->text, e->toks, (guint)e->n, (guint)i);
             k < close; k++)
            IN_NAME(e, k) = TRUE;
        if (!g_hash_table_size(e->demonyms) || !(tk->flags & NG_TOK_UPPER) ||
            !(tk->flags & NG_TOK_WORD))
            continue;
        char buf[64], *to_free;
        const char *f = fold_word(e->text + tk->start, tk->end - tk->start, buf,
                                  &to_free);
        guint ent = GPOINTER_TO_UINT(g_hash_table_lookup(e->demonyms, f));
        g_free(to_free);
        if (ent && e->named_in[ent - 1] == e->doc_stamp) {
            Item it = { i, i, ent - 1, -1 };
            g_array_append_val(items, it);
            IN_NAME(e, i) = TRUE;
        }
    }
    return items;
}

/* Do the tokens between items a and b let a qualify b: an optional
 * possessive, then title words only? */
static gboolean qualifies(const NgRelationEngine *e, const Item *a, const Item *b)
{
    int i = a->last + 1;
    /* "Kohl of West Germany" is the other way round: see attach. */
    if (b->mention < 0 ||
        phrase_at(e, e->rs->grouping.attach, i, 1, i, b->first - 1))
        return FALSE;
    if (i < b->first && (e->toks[i].flags & NG_TOK_POSSESSIVE))
        i++;
    if (b->first - i > 6)
        return FALSE;
    for (; i < b->first; i++)
        if (!title_word(e, i))
            return FALSE;
    return TRUE;
}

static NgEntityType entity_type(const NgRelationEngine *e, guint32 entity)
{
    return ng_tagged_entity(e->t, entity)->type;
}

/* Descriptions longer than this are taken for clauses, not appositions. */
#define APPOSITION_MAX 15

/* The closing comma of a description set off by commas after token `end`
 * (", the company building ..., "): an apposition word and a lowercase
 * word, then no more than APPOSITION_MAX tokens without a quote, up to a
 * comma that more of the sentence follows. `end` itself when there is
 * none. The unit takes the closing comma, so that a pattern goes on after
 * it ("Gazprom, a Russian company, was exempted"); link_units counts it as
 * the comma of a list. */
static int apposition_end(const NgRelationEngine *e, int end)
{
    const NgGrouping *gr = &e->rs->grouping;
    int i = end + 1;
    if (!gr->appositions || i + 2 >= e->n || !is_char(e, i, ','))
        return end;
    int len = phrase_at(e, gr->appositions, i + 1, 1, i + 1, e->n - 1);
    int w = i + 1 + len;
    if (!len || w >= e->n || !(e->toks[w].flags & NG_TOK_WORD) ||
        (e->toks[w].flags & (NG_TOK_UPPER | NG_TOK_DIGIT)))
        return end;
    for (int j = w + 1; j < e->n - 1 && j - i <= APPOSITION_MAX; j++) {
        if (is_char(e, j, '"') || is_char(e, j, '(') || is_char(e, j, ')'))
            return end;
        if (is_char(e, j, ','))
            return j;
    }
    return end;
}

static void build_units(NgRelationEngine *e, GArray *items)
{
    const NgGrouping *gr = &e->rs->grouping;
    guint n = items->len;
    gboolean *qualifier = g_new0(gboolean, n + 1);
    for (guint k = 0; k + 1 < n; k++)
        qualifier[k] = qualifies(e, &g_array_index(items, Item, k),
                                 &g_array_index(items, Item, k + 1));
    g_array_set_size(e->units, 0);
    int prev_end = -1;
    for (guint k = 0; k < n; k++) {
        if (qualifier[k])
            continue;
        const Item *it = &g_array_index(items, Item, k);
        guint q = k;
        while (q > 0 && qualifier[q - 1] &&
               g_array_index(items, Item, q - 1).first > prev_end)
            q--;   /* not into the unit before, or its description */
        Unit u = { .start = g_array_index(items, Item, q).first,
                   .head_first = it->first, .head_last = it->last,
                   .end = it->last, .entity = it->entity,
                   .type = entity_type(e, it->entity), .mention = it->mention,
                   .qualifier = NONE };
        for (guint j = q; j < k; j++) {
            guint32 qe = g_array_index(items, Item, j).entity;
            if (entity_type(e, qe) == NG_TYPE_COUNTRY)
                u.qualifier = qe;
        }
        /* Tail: "the US government". */
        if (u.type != NG_TYPE_PERSON)
            u.end += phrase_at(e, gr->tails, u.end + 1, 1, 0, e->n - 1);
        /* Attached: "Kohl of West Germany"; that name is no unit. */
        int a = phrase_at(e, gr->attach, u.end + 1, 1, 0, e->n - 1);
        if (a && k + 1 < n) {
            const Item *next = &g_array_index(items, Item, k + 1);
            if (next->first == u.end + 1 + a && next->mention >= 0 &&
                !qualifier[k + 1] &&
                entity_type(e, next->entity) != NG_TYPE_PERSON) {
                u.end = next->last;
                k++;
            }
        }
        /* A description after it, with the names in it. */
        int desc = apposition_end(e, u.end);
        if (desc > u.end) {
            u.end = desc;
            while (k + 1 < n && g_array_index(items, Item, k + 1).first <= desc)
                k++;
        }
        /* Lead: titles and determiners before it. */
        for (int i = u.start - 1; i > prev_end && u.start - i <= 6; i--) {
            if (!title_word(e, i) &&
                !phrase_at(e, gr->determiners, i, 1, i, i))
                break;
            u.start = i;
        }
        prev_end = u.end;
        g_array_append_val(e->units, u);
    }
    g_free(qualifier);
}

/* How units u and u + 1 are linked (see the top of the file). */
static Link link_units(const NgRelationEngine *e, const Unit *u, const Unit *v)
{
    const NgGrouping *gr = &e->rs->grouping;
    Link l = { LINK_NONE, FALSE };
    int i = u->end + 1, end = v->start;   /* connector: [i, end) */
    int hi = end - 1;
    if (i >= end)
        return l;
    if (end - i == 1 && phrase_at(e, gr->joiners, i, 1, i, i) &&
        !(e->toks[i].flags & NG_TOK_SPACE_BEFORE) &&
        !(e->toks[end].flags & NG_TOK_SPACE_BEFORE))
        return (Link){ LINK_COORD, TRUE };
    gboolean comma = is_char(e, i, ',');
    i += comma;
    comma |= is_char(e, u->end, ',');   /* a description's closing comma */
    int len = i < end ? phrase_at(e, gr->conjunctions, i, 1, i, hi) : 0;
    l.conj = len > 0;
    i += len;
    if (l.conj && i < end)
        i += phrase_at(e, gr->prepositions, i, 1, i, hi);
    gboolean poss = FALSE;
    if (i < end && (len = phrase_at(e, gr->possessives, i, 1, i, hi))) {
        poss = TRUE;
        i += len;
    } else if (i < end) {
        i += phrase_at(e, gr->determiners, i, 1, i, hi);
    }
    int titles = 0;
    while (i < end && title_word(e, i) && titles < 6)
        i++, titles++;
    if (i < end && is_char(e, i, ',') && (poss || titles))
        i++;
    if (i != end || !(comma || l.conj))
        return l;
    l.kind = poss ? LINK_APPOS : l.conj ? LINK_COORD : LINK_COMMA;
    return l;
}

static void build_groups(NgRelationEngine *e)
{
    guint n = e->units->len;
    g_array_set_size(e->links, n);
    for (guint k = 0; k + 1 < n; k++)
        g_array_index(e->links, Link, k) = link_units(e, UNIT(e, k), UNIT(e, k + 1));
    if (n)
        g_array_index(e->links, Link, n - 1) = (Link){ LINK_NONE, FALSE };
    /* A comma links only inside a list that a conjunction closes. */
    gboolean conj_later = FALSE;
    for (guint k = n; k-- > 0;) {
        Link *l = &g_array_index(e->links, Link, k);
        if (l->kind == LINK_NONE)
            conj_later = FALSE;
        else if (l->conj)
            conj_later = TRUE;
        else if (l->kind == LINK_COMMA && !conj_later)
            l->kind = LINK_NONE;
    }
    g_array_set_size(e->groups, 0);
    int side = 0;
    for (guint k = 0; k < n; k++) {
        Unit *u = UNIT(e, k);
        Link prev = k ? g_array_index(e->links, Link, k - 1)
                      : (Link){ LINK_NONE, FALSE };
        if (prev.kind == LINK_NONE) {
            Group g = { (int)k, (int)k };
            g_array_append_val(e->groups, g);
        } else {
            g_array_index(e->groups, Group, e->groups->len - 1).last = (int)k;
        }
        if (prev.kind != LINK_APPOS)
            side++;
        u->group = (int)e->groups->len - 1;
        u->side = side;
    }
    /* Where a slot may start (lead to head) and end (head to end). */
    g_array_set_size(e->starts, e->n);
    g_array_set_size(e->ends, e->n);
    for (int i = 0; i < e->n; i++)
        g_array_index(e->starts, int, i) = g_array_index(e->ends, int, i) = -1;
    for (guint k = 0; k < n; k++) {
        const Unit *u = UNIT(e, k);
        for (int i = u->start; i <= u->head_first; i++)
            g_array_index(e->starts, int, i) = (int)k;
        for (int i = u->head_last; i <= u->end; i++)
            g_array_index(e->ends, int, i) = (int)k;
    }
}

/* ---- Matching --------------------------------------------------------- */

typedef struct {
    NgRelationEngine *e;
    const NgElement *els;      /* element 0 of the half */
    int step;                  /* element k is els[k * step] */
    guint n;                   /* elements in the half */
    int dir;                   /* token direction */
    int lo, hi;                /* tokens the half may use */
    const NgPhraseSet *barriers;
    Binding *bind;             /* slot bindings, by element k */
    int end;                   /* on success: position after the last element */
} Half;

/* Does a phrase of `set` (may be NULL) begin at token i? */
static gboolean starts(const NgRelationEngine *e, const NgPhraseSet *set, int i)
{
    return set && phrase_at(e, set, i, 1, 0, e->n - 1) > 0;
}

static gboolean accepts(const NgElement *el, const Unit *u)
{
    return u->mention < 0 ? el->demonyms : (el->types & (1u << u->type)) != 0;
}

/* Bind a slot at token p; sets *next to the position after the group. */
static gboolean bind_slot(Half *h, const NgElement *el, int p, Binding *b,
                          int *next)
{
    NgRelationEngine *e = h->e;
    int u = g_array_index(h->dir > 0 ? e->starts : e->ends, int, p);
    if (u < 0)
        return FALSE;
    const Group *g = &g_array_index(e->groups, Group, UNIT(e, u)->group);
    b->first = h->dir > 0 ? u : g->first;
    b->last = h->dir > 0 ? g->last : u;
    if (UNIT(e, b->first)->start < h->lo || UNIT(e, b->last)->end > h->hi)
        return FALSE;
    int accepted = 0, side = -1;
    gboolean two_sides = FALSE;
    for (int k = b->first; k <= b->last; k++)
        if (accepts(el, UNIT(e, k))) {
            accepted++;
            two_sides |= side >= 0 && UNIT(e, k)->side != side;
            side = UNIT(e, k)->side;
        }
    if (!accepted || (el->slot == NG_SLOT_PARTIES && !two_sides))
        return FALSE;
    *next = h->dir > 0 ? UNIT(e, b->last)->end + 1 : UNIT(e, b->first)->start - 1;
    return TRUE;
}

static guint32 *memo_cell(Half *h, guint k, int p)
{
    return &g_array_index(h->e->memo, guint32, k * (guint)(h->e->n + 2) + (guint)(p + 1));
}

static gboolean match(Half *h, guint k, int p)
{
    if (k == h->n) {
        h->end = p;
        return TRUE;
    }
    guint32 *memo = memo_cell(h, k, p);
    if (*memo == h->e->stamp)
        return FALSE;
    const NgElement *el = &h->els[(int)k * h->step];
    gboolean inside = p >= h->lo && p <= h->hi;
    switch (el->kind) {
    case NG_EL_WORDS:
    case NG_EL_TRIGGER: {
        int len = inside ? phrase_at(h->e, el->phrases, p, h->dir, h->lo, h->hi) : 0;
        if (el->negated) {
            if (!len && match(h, k + 1, p))
                return TRUE;
            break;
        }
        if (len && match(h, k + 1, p + h->dir * len))
            return TRUE;
        if (el->optional && match(h, k + 1, p))
            return TRUE;
        break;
    }
    case NG_EL_GAP:
        for (guint j = 0; j <= el->max; j++) {
            int q = p + h->dir * (int)j;
            if (j > 0) {
                int skipped = q - h->dir;
                if (skipped < h->lo || skipped > h->hi ||
                    starts(h->e, h->barriers, skipped))
                    break;
            }
            if (match(h, k + 1, q))
                return TRUE;
        }
        break;
    case NG_EL_SLOT: {
        int next;
        if (inside && bind_slot(h, el, p, &h->bind[k], &next) &&
            match(h, k + 1, next))
            return TRUE;
        break;
    }
    }
    *memo = h->e->stamp;
    return FALSE;
}

/* Match a half; a fresh stamp invalidates the previous memo entries. */
static gboolean run_half(Half *h, int start)
{
    NgRelationEngine *e = h->e;
    if (++e->stamp == 0) {   /* wrapped: clear for real */
        memset(e->memo->data, 0, e->memo->len * sizeof(guint32));
        e->stamp = 1;
    }
    return match(h, 0, start);
}

/* ---- Blockers --------------------------------------------------------- */

/* A capitalised word inside running text is a name or a date, not the
 * blocker word it spells: "May 19", "said Will Smith". In a headline every
 * word is capitalised ("Baker Cancels Trip"), so there the word still
 * blocks; so does an ALL-CAPS one ("U.S. MAY IMPOSE TARIFFS"). */
static gboolean title_case_inside(const NgRelationEngine *e, int i)
{
    guint32 f = e->toks[i].flags;
    if (i == 0 || !(f & NG_TOK_UPPER) || (f & NG_TOK_ALLCAPS))
        return FALSE;
    if (i + 1 < e->n && (e->toks[i + 1].flags & NG_TOK_DIGIT))
        return TRUE;                          /* a date: May 19 */
    guint32 p = e->toks[i - 1].flags;
    return (p & NG_TOK_WORD) && !(p & (NG_TOK_UPPER | NG_TOK_DIGIT));
}

/* Where blocker b matches first in [from, h->hi], or -1. */
static int search_blocker(Half *h, const NgBlocker *b, int from)
{
    h->els = b->elements;
    h->n = b->n_elements;
    for (int i = from; i <= h->hi; i++) {
        if (!ID(h->e, i) || IN_NAME(h->e, i) || title_case_inside(h->e, i))
            continue;
        h->lo = i;
        if (run_half(h, i))
            return i;
    }
    return -1;
}

/* The first blocker of `rule` found around the match [lo, hi]; its start
 * token in *at. */
static const NgBlocker *find_blocker(NgRelationEngine *e, const NgRule *rule,
                                     int lo, int hi, int *at)
{
    int window = (int)rule->relation->blocker_window;
    /* A blocker phrase's own gaps are not limited by barriers. */
    Half h = { .e = e, .step = 1, .dir = 1, .bind = e->bind };
    /* The windows reach blocker_window tokens out, not across a barrier
     * nor, backwards, across a stop ("expected as a result of X's visit"). */
    int before = lo, after = hi;
    while (after + 1 < e->n && after - hi < window &&
           !starts(e, rule->barriers, after + 1))
        after++;
    while (before > 0 && lo - before < window &&
           !starts(e, rule->barriers, before - 1) &&
           !starts(e, rule->relation->blocker_stops, before - 1))
        before--;
    for (guint b = 0; b < rule->blockers->len; b++) {
        const NgBlocker *bl = rule->blockers->pdata[b];
        int from = bl->scope == NG_SCOPE_NEAR ? before
                 : bl->scope == NG_SCOPE_AFTER ? hi + 1 : 0;
        h.hi = bl->scope == NG_SCOPE_NEAR ? hi
             : bl->scope == NG_SCOPE_AFTER ? after : e->n - 1;
        /* A sentence-wide search is the same for every match: once. */
        int *cached = bl->scope == NG_SCOPE_SENTENCE ? &e->sentence_blocker[bl->index]
                                                     : NULL;
        int found = cached && *cached != -2 ? *cached : search_blocker(&h, bl, from);
        if (cached)
            *cached = found;
        if (found >= 0) {
            *at = found;
            return bl;
        }
    }
    return NULL;
}

/* ---- Rules at a trigger ----------------------------------------------- */

static NgArgument argument(const NgRelationEngine *e, const Unit *u, guint32 base)
{
    return (NgArgument){ u->entity, u->mention, base + (guint32)u->head_first,
                         (guint32)(u->head_last - u->head_first + 1) };
}

/* Is country unit c the home of unit u: its qualifier ("Brazilian
 * President Sarney") or, by the gazetteers, its country? */
static gboolean is_home(const NgRelationEngine *e, const Unit *u, const Unit *c)
{
    if (c->type != NG_TYPE_COUNTRY)
        return FALSE;
    return u->qualifier == c->entity ||
           (u->entity < e->gz->entities->len && e->home[u->entity] == c->entity);
}

/* Report a pair unless this sentence already did (for this relation and
 * blocked state). */
static void emit(NgRelationEngine *e, const NgRule *rule, guint relation,
                 const Unit *s, const Unit *t, const NgBlocker *blocker,
                 int blocker_at, guint32 sentence, guint32 base, GArray *out)
{
    if (s->entity == t->entity)
        return;
    if (rule->relation->skip_home && (is_home(e, s, t) || is_home(e, t, s)))
        return;
    guint32 a = s->entity, b = t->entity;
    if (!rule->relation->directed && a > b)
        a = t->entity, b = s->entity;
    guint32 key[3] = { relation * 2 + (blocker != NULL), a, b };
    for (guint i = 0; i < e->emitted->len; i += 3)
        if (!memcmp(&g_array_index(e->emitted, guint32, i), key, sizeof key))
            return;
    g_array_append_vals(e->emitted, key, 3);
    NgRelationMatch m = { rule->relation, rule, sentence, argument(e, s, base),
                          argument(e, t, base), blocker,
                          blocker ? base + (guint32)blocker_at : 0 };
    g_array_append_val(out, m);
}

/* The slot bindings of a matched rule, and the elements they came from. */
typedef struct {
    const Binding *bind[3];       /* by NgSlotKind, NULL if absent */
    const NgElement *el[3];
} Slots;

/* Try `rule` with its trigger at token i. TRUE if its pattern matched
 * (whether or not a blocker then stopped it). */
static gboolean try_rule(NgRelationEngine *e, const NgRule *rule, guint relation,
                         int i, gboolean keep_blocked, guint32 sentence,
                         guint32 base, GArray *out)
{
    const NgElement *els = rule->elements;
    guint a = rule->anchor;
    int len = phrase_at(e, rule->trigger, i, 1, 0, e->n - 1);
    if (!len)
        return FALSE;
    /* The right half is elements a+1.. forwards, bound into bind[a+1..];
     * the left half is elements a-1..0 backwards: its element k is
     * pattern element a-1-k, bound into bind[k]. */
    Half right = { e, els + a + 1, 1, rule->n_elements - a - 1, 1, 0, e->n - 1,
                   rule->barriers, e->bind + a + 1, 0 };
    Half left = { e, els + a - 1, -1, a, -1, 0, e->n - 1, rule->barriers,
                  e->bind, 0 };
    if (!run_half(&right, i + len) || !run_half(&left, i - 1))
        return FALSE;
    Slots sl;
    memset(&sl, 0, sizeof sl);
    for (guint k = 0; k < rule->n_elements; k++)
        if (els[k].kind == NG_EL_SLOT) {
            sl.bind[els[k].slot] = k < a ? &e->bind[a - 1 - k] : &e->bind[k];
            sl.el[els[k].slot] = &els[k];
        }
    int at = 0;
    const NgBlocker *blocker = find_blocker(e, rule, left.end + 1, right.end - 1, &at);
    if (blocker && !keep_blocked)
        return TRUE;

    const Binding *par = sl.bind[NG_SLOT_PARTIES];
    if (par) {
        const NgElement *el = sl.el[NG_SLOT_PARTIES];
        for (int x = par->first; x <= par->last; x++)
            for (int y = x + 1; y <= par->last; y++) {
                const Unit *ux = UNIT(e, x), *uy = UNIT(e, y);
                if (ux->side != uy->side && accepts(el, ux) && accepts(el, uy))
                    emit(e, rule, relation, ux, uy, blocker, at, sentence, base, out);
            }
        return TRUE;
    }
    const Binding *src = sl.bind[NG_SLOT_SOURCE], *tgt = sl.bind[NG_SLOT_TARGET];
    for (int x = src->first; x <= src->last; x++)
        for (int y = tgt->first; y <= tgt->last; y++)
            if (accepts(sl.el[NG_SLOT_SOURCE], UNIT(e, x)) &&
                accepts(sl.el[NG_SLOT_TARGET], UNIT(e, y)))
                emit(e, rule, relation, UNIT(e, x), UNIT(e, y), blocker, at,
                     sentence, base, out);
    return TRUE;
}

/* ---- Documents -------------------------------------------------------- */

/* Longer "sentences" (a line of 100 MB without a full stop) are not
 * searched for relations: their scratch arrays, the memo above all
 * (elements x tokens, 52 bytes a token), would grow with them - 10 GB for
 * a 1 GB line. Real sentences have a few dozen tokens; co-occurrence
 * still links the names of longer ones. */
#define MAX_SENTENCE_TOKENS 100000

/* Sentence s, whose mentions are m0..m1-1. */
static void find_in_sentence(NgRelationEngine *e, guint32 s, guint m0, guint m1,
                             gboolean keep_blocked, GArray *out)
{
    const NgRuleSet *rs = e->rs;
    const NgSentence *sn = &g_array_index(e->t->sentences, NgSentence, s);
    if (sn->n_tokens > MAX_SENTENCE_TOKENS)
        return;
    guint32 base = sn->first;
    e->toks = &g_array_index(e->t->tokens, NgToken, base);
    e->n = (int)sn->n_tokens;
    /* Most sentences have no trigger word: find that out cheaply. */
    g_array_set_size(e->ids, e->n);
    memset(e->ids->data, 0xFF, e->n * sizeof(guint32));   /* UNKNOWN_WORD */
    int first = 0;
    while (first < e->n && !(ng_rules_may_anchor(rs, e->text, &e->toks[first]) &&
                             rs->anchors[ID(e, first)]))
        first++;
    if (first == e->n)
        return;
    g_array_set_size(e->in_name, e->n);
    memset(e->in_name->data, 0, e->n * sizeof(gboolean));

    GArray *items = sentence_items(e, m0, m1, base);
    if (items->len < 2) {
        g_array_free(items, TRUE);
        return;
    }
    build_units(e, items);
    g_array_free(items, TRUE);
    build_groups(e);
    g_array_set_size(e->memo, (e->max_elements + 1) * (guint)(e->n + 2));
    g_array_set_size(e->emitted, 0);
    for (guint b = 0; b < rs->n_blockers; b++)
        e->sentence_blocker[b] = -2;

    for (int i = first; i < e->n; i++) {
        if (!ng_rules_may_anchor(rs, e->text, &e->toks[i]))
            continue;
        const GArray *anchors = rs->anchors[ID(e, i)];
        if (!anchors || IN_NAME(e, i))
            continue;
        memset(e->done, 0, rs->relations->len * sizeof *e->done);
        for (guint k = 0; k < anchors->len; k++) {
            const NgAnchor *an = &g_array_index(anchors, NgAnchor, k);
            if (e->done[an->relation])
                continue;
            const NgRelation *rel = rs->relations->pdata[an->relation];
            e->done[an->relation] = try_rule(e, rel->rules->pdata[an->rule],
                                             an->relation, i, keep_blocked, s,
                                             base, out);
        }
    }
}

void ng_relations_find(NgRelationEngine *e, const NgTagged *t,
                       gboolean keep_blocked, GArray *out)
{
    if (!e->rs->relations->len || !t->mentions->len)
        return;
    e->t = t;
    e->text = t->doc->text;
    /* Demonyms count for entities this document names. */
    gboolean demonyms = g_hash_table_size(e->demonyms) > 0;
    if (demonyms && ++e->doc_stamp == 0) {
        memset(e->named_in, 0, e->gz->entities->len * sizeof(guint32));
        e->doc_stamp = 1;
    }
    for (guint i = 0; demonyms && i < t->mentions->len; i++) {
        guint32 ent = g_array_index(t->mentions, NgMention, i).entity;
        if (ent < e->gz->entities->len)
            e->named_in[ent] = e->doc_stamp;
    }
    /* Mentions are in text order: each sentence's are a run. A relation
     * needs two names, unless a demonym is the second. */
    for (guint m = 0; m < t->mentions->len;) {
        guint32 s = g_array_index(t->sentence_of, guint32, m);
        guint end = m;
        while (end < t->mentions->len &&
               g_array_index(t->sentence_of, guint32, end) == s)
            end++;
        if (end - m >= 2 || demonyms)
            find_in_sentence(e, s, m, end, keep_blocked, out);
        m = end;
    }
    e->t = NULL;
}

void ng_relations_add(NgDocResult *r, const NgTagged *t, const GArray *matches)
{
    char *evidence = NULL;
    guint32 evidence_of = G_MAXUINT32;
    for (guint i = 0; i < matches->len; i++) {
        const NgRelationMatch *m = &g_array_index(matches, NgRelationMatch, i);
        if (m->blocker)
            continue;
        if (m->sentence != evidence_of) {   /* matches come in text order */
            g_free(evidence);
            evidence = ng_evidence_sentence(t, m->sentence);
            evidence_of = m->sentence;
        }
        ng_docresult_edge(r, m->relation->name, m->relation->directed,
                          ng_docresult_entity(r, ng_tagged_entity(t, m->source.entity)),
                          ng_docresult_entity(r, ng_tagged_entity(t, m->target.entity)),
                          1.0, evidence, m->rule->id, m->rule->cameo);
    }
    g_free(evidence);
}
