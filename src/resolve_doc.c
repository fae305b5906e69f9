/*
 * resolve_doc.c - names that hold in one document only.
 *
 * After people and organizations are found, the document gets a small
 * lexicon of forms that stand for its entities:
 *
 *  - acronyms defined in the text: "European Community (EC)", "GATT
 *    (General Agreement on Tariffs and Trade)", and an organization
 *    followed directly by its initials ("Saudi Press Agency SPA"). The
 *    acronym is one ALL-CAPS word; in brackets its letters must be found
 *    in order in the long form, the first at the start of a word
 *    (Schwartz and Hearst's test: MOFERT for Ministry of Foreign Economic
 *    Relations and Trade); without brackets they must be exactly the
 *    initials of the name's capitalised words. The definition also
 *    overrides what the gazetteer says the acronym is, in this document;
 *  - surnames: the last word (generational suffixes aside) of each person
 *    named in the document, from the canonical name and from the text;
 *    with several people of one surname, the nearest one named before
 *    wins, else the first named after;
 *  - short forms of companies: a name with legal forms (Corp, Inc) gives
 *    the name without them (Valero Energy for Valero Energy Corp) and, if
 *    that is two words at most or its first word has a possessive
 *    (Moody's Investors Service), the first word (Valero, Moody's),
 *    unless that word is a stop, common, portfolio or demonym word, a
 *    one-word alias of another entity, or used in lower case in the
 *    document. A short form also overrides a gazetteer organization with
 *    the same tokens (Moody's) in this document;
 *  - headline forms: everything named in the body, for headlines, where
 *    case says nothing ("Opec" in "Saudi Arabia Reiterates Commitment To
 *    Opec Pact").
 *
 * The lexicon matches whole tokens, longest first, at tokens that no
 * mention covers: in the body only at a capitalised word that does not
 * continue a capitalised name (Jeb Bush is not George Bush), in headlines
 * in any case. Keys are loose (names_loose), so Weizsaecker finds
 * Weizsäcker.
 *
 * Bare surnames: a capitalised word of four letters or more in the body,
 * not ALL CAPS, not first in its sentence, not a stop, common or demonym
 * word and not a one-word alias of anything, not next to another
 * capitalised word (House Appropriations, Wall Street) nor glued to what
 * follows (Baa-3) except a possessive or punctuation, that the lexicon
 * does not know, names a gazetteer
 * person when exactly one head of state or government has that surname
 * (people_in_gazetteer). It then joins the lexicon, so that the same
 * surname first in a sentence or in the headline resolves as well.
 */
#include <string.h>

#include "resolve_impl.h"
#include "token.h"

typedef enum { L_ACRONYM, L_SHORT, L_SURNAME, L_HEADLINE } LexKind;

typedef struct {
    GPtrArray *keys;   /* loose keys of its tokens */
    guint32 entity;
    guint32 pos;       /* token where the entity was named, for surnames */
    LexKind kind;
} Lex;

static void lex_free(gpointer p)
{
    Lex *x = p;
    g_ptr_array_free(x->keys, TRUE);
    g_free(x);
}

/* The lexicon: first loose key -> GPtrArray of Lex. */
typedef struct {
    GHashTable *by_first;
    GString *a, *b;
} Lexicon;

static void lex_add(Lexicon *L, GPtrArray *keys, guint32 entity, guint32 pos,
                    LexKind kind)
{
    if (!keys->len) {
        g_ptr_array_free(keys, TRUE);
        return;
    }
    GPtrArray *list = g_hash_table_lookup(L->by_first, keys->pdata[0]);
    if (!list) {
        list = g_ptr_array_new_with_free_func(lex_free);
        g_hash_table_insert(L->by_first, g_strdup(keys->pdata[0]), list);
    }
    for (guint i = 0; i < list->len; i++) {
        Lex *x = list->pdata[i];
        gboolean same = x->entity == entity && x->keys->len == keys->len;
        for (guint k = 0; same && k < keys->len; k++)
            same = !strcmp(x->keys->pdata[k], keys->pdata[k]);
        if (same) {
            x->pos = MIN(x->pos, pos);
            if (kind < x->kind)
                x->kind = kind;
            g_ptr_array_free(keys, TRUE);
            return;
        }
    }
    Lex *x = g_new(Lex, 1);
    *x = (Lex){ keys, entity, pos, kind };
    g_ptr_array_add(list, x);
}

/* Loose keys of tokens [first, first + n). */
static GPtrArray *token_keys(Doc *d, guint first, guint n, Lexicon *L)
{
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    for (guint i = first; i < first + n; i++) {
        names_loose(L->a, doc_folded(d, i));
        g_ptr_array_add(keys, g_strdup(L->a->str));
    }
    return keys;
}

static GPtrArray *one_key(const char *key)
{
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(keys, g_strdup(key));
    return keys;
}

/* ------------------------------------------------------------------------
 * Acronyms
 * ------------------------------------------------------------------------ */

static gboolean acronym_token(const Doc *d, guint i)
{
    return tok_is(d, i, NG_TOK_WORD | NG_TOK_ALLCAPS) &&
           !tok_is(d, i, NG_TOK_ABBREV) && !tok_is(d, i, NG_TOK_DIGIT) &&
           tok_len(d, i) >= 2 && tok_len(d, i) <= 10;
}

/* Schwartz and Hearst: are the letters of `s` in `l`, in order, the
 * first at the start of a word? Both lower-case ASCII-folded. */
static gboolean acronym_fits(const char *s, const char *l)
{
    glong si = (glong)strlen(s) - 1, li = (glong)strlen(l) - 1;
    for (; si >= 0; si--) {
        char c = s[si];
        if (!g_ascii_isalnum(c))
            continue;
        while (li >= 0 && (l[li] != c ||
                           (si == 0 && li > 0 && g_ascii_isalnum(l[li - 1]))))
            li--;
        if (li < 0)
            return FALSE;
        li--;
    }
    return TRUE;
}

/* Exactly the initials of the capitalised words of [first, first + n)? */
static gboolean initials_are(Doc *d, guint first, guint n, const char *s)
{
    GString *ini = g_string_new(NULL);
    for (guint i = first; i < first + n; i++)
        if (tok_cap(d, i))
            g_string_append_c(ini, g_ascii_tolower(d->text[d->tok[i].start]));
    gboolean same = !strcmp(ini->str, s);
    g_string_free(ini, TRUE);
    return same;
}

/* Acronym token x stands for candidate c's entity: file it, and point
 * gazetteer mentions of other entities with the same text to it. */
static void define(Doc *d, Lexicon *L, guint x, const Cand *c)
{
    guint32 entity = c->entity;
    names_loose(L->b, doc_folded(d, x));
    char *key = g_strdup(L->b->str);
    lex_add(L, one_key(key), entity, x, L_ACRONYM);
    for (guint i = 0; i < d->n; i++) {
        Cand *o = doc_owner(d, i);
        if (!o || o->n != 1 || o->entity == entity || o->kind != K_GAZETTEER ||
            cand_type(d, o) == NG_TYPE_PERSON)
            continue;
        names_loose(L->b, doc_folded(d, i));
        if (!strcmp(L->b->str, key)) {
            doc_drop(d, o);
            doc_add(d, i, 1, entity, NG_MENTION_NO_ALIAS, K_SHORT);
        }
    }
    g_free(key);
}

static void acronyms(Doc *d, Lexicon *L)
{
    for (guint i = 1; i + 2 < d->n; i++) {
        if (!tok_punct(d, i, '(') || !tok_punct(d, i + 2, ')'))
            continue;
        const Cand *c;
        if (acronym_token(d, i + 1) && (c = doc_owner(d, i - 1)) &&
            c->first + c->n == i && !cand_type(d, c) == NG_TYPE_PERSON) {
            /* Long Form (LF) */
            char *lf = doc_span_text(d, c->first, c->n);
            names_fold(L->a, lf, strlen(lf), NG_TOK_NONASCII);
            g_free(lf);
            char *lfold = g_strdup(L->a->str);
            gboolean fits = acronym_fits(doc_folded(d, i + 1), lfold);
            g_free(lfold);
            if (fits)
                define(d, L, i + 1, c);
        }
    }
    for (guint i = 1; i + 1 < d->n; i++) {
        /* LF (Long Form), or an organization and its initials. */
        const Cand *c;
        if (tok_punct(d, i, '(') && acronym_token(d, i - 1) &&
            (c = doc_owner(d, i + 1)) && c->first == i + 1 &&
            tok_punct(d, c->first + c->n, ')') && !cand_type(d, c) == NG_TYPE_PERSON &&
            (!doc_owner(d, i - 1) || doc_owner(d, i - 1)->entity != c->entity)) {
            char *lf = doc_span_text(d, c->first, c->n);
            names_fold(L->a, lf, strlen(lf), NG_TOK_NONASCII);
            g_free(lf);
            char *lfold = g_strdup(L->a->str);
            gboolean fits = acronym_fits(doc_folded(d, i - 1), lfold);
            g_free(lfold);
            if (fits)
                define(d, L, i - 1, c);
        } else if (acronym_token(d, i) && !doc_owner(d, i) &&
                   (c = doc_owner(d, i - 1)) && c->first + c->n == i &&
                   doc_entity(d, c->entity)->type == NG_TYPE_ORGANIZATION &&
                   initials_are(d, c->first, c->n, doc_folded(d, i))) {
            define(d, L, i, c);
        }
    }
}

/* ------------------------------------------------------------------------
 * Surnames and short forms
 * ------------------------------------------------------------------------ */

/* Is the word at token i, in lower case, used in the document? */
static gboolean used_in_lower_case(Doc *d, guint i)
{
    const char *w = d->text + d->tok[i].start;
    guint32 len = tok_len(d, i);
    for (guint j = 0; j < d->n; j++)
        if (tok_len(d, j) == len && tok_is(d, j, NG_TOK_WORD) &&
            !tok_is(d, j, NG_TOK_UPPER) &&
            !g_ascii_strncasecmp(d->text + d->tok[j].start, w, len))
            return TRUE;
    return FALSE;
}

/* A word that may stand alone for an entity of this document. */
static gboolean distinctive(Doc *d, guint i)
{
    return tok_cap(d, i) &&
           !doc_class(d, i, W_STOP | W_COMMON | W_PORTFOLIO | W_DEMONYM) &&
           !g_hash_table_contains(d->nm->one_word, doc_folded(d, i));
}

static void person_forms(Doc *d, Lexicon *L, const Cand *c)
{
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    char *surface = doc_span_text(d, c->first, c->n);
    const char *names[] = { doc_entity(d, c->entity)->name, surface };
    for (guint k = 0; k < G_N_ELEMENTS(names); k++) {
        int s = name_words(d, names[k], keys);
        if (s >= 0 && (keys->len >= 2 || k == 1))
            lex_add(L, one_key(keys->pdata[s]), c->entity, c->first, L_SURNAME);
    }
    g_free(surface);
    g_ptr_array_free(keys, TRUE);
}

static void company_forms(Doc *d, Lexicon *L, const Cand *c)
{
    guint end = c->first + c->n, f;
    for (guint i = c->first + 1; i < end; i++)
        if ((f = doc_phrase(d, P_ORG_SUFFIX, i)) && tok_cap(d, i)) {
            end = i;
            break;
        }
    if (end == c->first + c->n || end == c->first)
        return;
    lex_add(L, token_keys(d, c->first, end - c->first, L), c->entity, c->first,
            L_SHORT);
    guint words = 0;
    for (guint i = c->first; i < end; i++)
        words += tok_is(d, i, NG_TOK_WORD);
    gboolean possessive = tok_is(d, c->first + 1, NG_TOK_POSSESSIVE);
    if ((words <= 2 || possessive) && distinctive(d, c->first) &&
        !used_in_lower_case(d, c->first))
        lex_add(L, token_keys(d, c->first, possessive ? 2 : 1, L), c->entity,
                c->first, L_SHORT);
}

/* The entry of `list` that matches at token i, longest first, then (for
 * surnames) the nearest named before i; its length in *len. */
static const Lex *lex_match(Doc *d, Lexicon *L, guint i, gboolean headline,
                            guint *len)
{
    names_loose(L->a, doc_folded(d, i));
    GPtrArray *list = g_hash_table_lookup(L->by_first, L->a->str);
    const Lex *best = NULL;
    guint best_len = 0;
    for (guint k = 0; list && k < list->len; k++) {
        const Lex *x = list->pdata[k];
        if (x->kind == L_HEADLINE && !headline)
            continue;
        guint n = x->keys->len, j = 1;
        for (; j < n; j++) {
            if (i + j >= d->n || (d->tok[i + j].flags & NG_TOK_PARA_BEFORE))
                break;
            names_loose(L->b, doc_folded(d, i + j));
            if (strcmp(L->b->str, x->keys->pdata[j]))
                break;
        }
        if (j < n || n < best_len)
            continue;
        gboolean better = !best || n > best_len ||
            (best->pos > i ? x->pos < best->pos || x->pos < i
                           : x->pos < i && x->pos > best->pos);
        if (better) {
            best = x;
            best_len = n;
        }
    }
    *len = best_len;
    return best;
}

/* Does token i continue a capitalised name that no mention covers? */
static gboolean continues_name(Doc *d, guint i)
{
    return i > 0 && !doc_owner(d, i - 1) && tok_cap(d, i - 1) &&
           !tok_is(d, i - 1, NG_TOK_ALLCAPS) && !(d->info[i - 1] & T_TITLE) &&
           !doc_class(d, i - 1, W_STOP | W_DEMONYM) && d->sent[i - 1] == d->sent[i];
}

/* May the lexicon be tried at token i? */
static gboolean lexicon_at(Doc *d, guint i)
{
    if (d->info[i] & T_HEADLINE)
        return tok_is(d, i, NG_TOK_WORD);
    return tok_cap(d, i) && !continues_name(d, i);
}

/* Gazetteer people for bare surnames (see the file comment). */
static void bare_surnames(Doc *d, Lexicon *L)
{
    guint len;
    for (guint i = 0; i < d->n; i++) {
        if (doc_owner(d, i) || (d->info[i] & (T_HEADLINE | T_INITIAL)) ||
            !tok_cap(d, i) || tok_is(d, i, NG_TOK_ALLCAPS) || tok_len(d, i) < 4 ||
            !distinctive(d, i) || continues_name(d, i) ||
            (i + 1 < d->n && d->sent[i + 1] == d->sent[i] &&
             (tok_cap(d, i + 1) || !(d->tok[i + 1].flags & NG_TOK_SPACE_BEFORE)) &&
             !tok_is(d, i + 1, NG_TOK_POSSESSIVE) && !tok_punct(d, i + 1, ',') &&
             !tok_punct(d, i + 1, '.')) ||
            lex_match(d, L, i, FALSE, &len))
            continue;
        guint32 e = people_in_gazetteer(d, i, i, 0);
        if (e == G_MAXUINT32)
            continue;
        names_loose(L->a, doc_folded(d, i));
        lex_add(L, one_key(L->a->str), e, i, L_SURNAME);
    }
}

void resolve_forms(Doc *d)
{
    Lexicon L = {
        .by_first = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)g_ptr_array_unref),
        .a = g_string_new(NULL), .b = g_string_new(NULL),
    };
    acronyms(d, &L);
    for (guint k = 0; k < d->cands->len; k++) {
        const Cand *c = &g_array_index(d->cands, Cand, k);
        if (c->dropped)
            continue;
        NgEntityType type = cand_type(d, c);
        if (type == NG_TYPE_PERSON)
            person_forms(d, &L, c);
        else if (type == NG_TYPE_ORGANIZATION)
            company_forms(d, &L, c);
        if (!(d->info[c->first] & T_HEADLINE))
            lex_add(&L, token_keys(d, c->first, c->n, &L), c->entity, c->first,
                    L_HEADLINE);
    }
    bare_surnames(d, &L);
    for (guint i = 0; i < d->n; i++) {
        Cand *o = doc_owner(d, i);
        if (o && !(o->first == i && o->kind == K_GAZETTEER &&
                   cand_type(d, o) == NG_TYPE_ORGANIZATION))
            continue;
        guint len;
        const Lex *x;
        if (!lexicon_at(d, i) ||
            !(x = lex_match(d, &L, i, (d->info[i] & T_HEADLINE) != 0, &len)))
            continue;
        /* Over a gazetteer organization, only a short form or acronym with
         * exactly its tokens. */
        if (o && (o->n != len || x->entity == o->entity ||
                  (x->kind != L_SHORT && x->kind != L_ACRONYM)))
            continue;
        for (guint j = i; j < i + len && !o; j++)
            if (doc_owner(d, j))
                len = 0;
        if (!len)
            continue;
        doc_add(d, i, len, x->entity, NG_MENTION_NO_ALIAS, K_SHORT);
        i += len - 1;
    }
    g_hash_table_destroy(L.by_first);
    g_string_free(L.a, TRUE);
    g_string_free(L.b, TRUE);
}
