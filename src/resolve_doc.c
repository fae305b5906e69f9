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
 *  - surnames: the last word (generational suffixes aside) of each
 *    person's mention, and for a one-word mention that of the person's
 *    canonical name too (Sheikh Ali: al-Sabah); with several people of one
 *    surname, the nearest one named before wins, else the first after;
 *  - short forms of companies: a name with legal forms (Corp, Inc) gives
 *    the name without them (Valero Energy for Valero Energy Corp) and, if
 *    that is two words at most or its first word has a possessive
 *    (Moody's Investors Service), the first word (Valero, Moody's),
 *    unless that word is a stop, common, portfolio or demonym word, a
 *    one-word alias of another entity, or used in lower case in the
 *    document; the first part of a hyphenated name (Borg of Borg-Warner)
 *    gives way to any other form of the word (L_PART). A short form also
 *    overrides a gazetteer organization with the same tokens (Moody's) in
 *    this document;
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
 * Bare surnames: a capitalised word of four letters or more in the body
 * that the lexicon does not know names a gazetteer person when exactly
 * one head of state or government in office within twenty years of the
 * document's date has that surname (people_in_gazetteer), unless it is:
 * ALL CAPS, first in its sentence, a stop, common, portfolio or demonym
 * word, a one-word alias of anything, the first name of three gazetteer
 * people or more (Michael), a word of an organization named in the
 * document (Hutton of E.F. Hutton), after a capitalised word other than a
 * title or stop word (U.S. Lines) or a locative or preposition (of
 * Houston), glued to what comes before (Bank-Houston), or followed by a
 * capitalised word (House Appropriations) or something glued to it other
 * than a possessive, comma or full stop (Baa-3). It then joins the
 * lexicon, so that the same surname first in a sentence or in the
 * headline resolves as well.
 */
#include <string.h>

#include "resolve_impl.h"
#include "token.h"

typedef struct {
    Doc *d;
    guint64 initials[4]; /* bit set: first bytes of the first keys */
    GHashTable *lower;   /* words written in lower case somewhere in the
                            document, lowercased; built on first use */
} Lexicon;

static const char *lex_key(const Doc *d, const Lex *x, guint k)
{
    return g_ptr_array_index(d->lex_keys, x->key0 + k);
}

/* Can an entry start at token i? (A first byte seen; loose keys begin
 * with the folded token's first byte.) */
static gboolean lex_may_start(Doc *d, const Lexicon *L, guint i)
{
    guchar c = (guchar)d->text[d->tok[i].start];
    if (d->tok[i].flags & NG_TOK_NONASCII)
        return TRUE;
    c = names_lower(c);
    return (L->initials[c / 64] >> (c % 64)) & 1;
}

static void lex_add(Lexicon *L, const char **keys, guint n,
                    guint32 entity, guint32 pos, LexKind kind)
{
    Doc *d = L->d;
    n = MIN(n, 255);
    if (!n)
        return;
    guchar c0 = (guchar)keys[0][0];
    L->initials[c0 / 64] |= G_GUINT64_CONSTANT(1) << (c0 % 64);
    guint32 head = GPOINTER_TO_UINT(g_hash_table_lookup(d->lexicon, keys[0]));
    for (guint32 i = head; i; i = g_array_index(d->lex, Lex, i - 1).next) {
        Lex *x = &g_array_index(d->lex, Lex, i - 1);
        gboolean same = x->entity == entity && x->n == n;
        for (guint k = 0; same && k < n; k++)
            same = !strcmp(lex_key(d, x, k), keys[k]);
        if (same) {
            x->pos = MIN(x->pos, pos);
            x->kind = MIN(x->kind, kind);
            return;
        }
    }
    Lex x = { .entity = entity, .pos = pos, .key0 = d->lex_keys->len,
              .next = head, .kind = (guint8)kind, .n = (guint8)n };
    for (guint k = 0; k < n; k++)
        g_ptr_array_add(d->lex_keys, (gpointer)keys[k]);
    g_array_append_val(d->lex, x);
    g_hash_table_insert(d->lexicon, (gpointer)keys[0], GUINT_TO_POINTER(d->lex->len));
}

/* Has `entity` an entry whose only key is `key`? */
static gboolean lex_has(Doc *d, const char *key, guint32 entity)
{
    guint32 k = GPOINTER_TO_UINT(g_hash_table_lookup(d->lexicon, key));
    for (; k; k = g_array_index(d->lex, Lex, k - 1).next) {
        const Lex *x = &g_array_index(d->lex, Lex, k - 1);
        if (x->entity == entity && x->n == 1)
            return TRUE;
    }
    return FALSE;
}

/* File tokens [first, first + n) as a form of `entity`. */
static void lex_add_tokens(Doc *d, Lexicon *L, guint first, guint n,
                           guint32 entity, guint32 pos, LexKind kind)
{
    const char *keys[16];
    n = MIN(n, G_N_ELEMENTS(keys));
    for (guint i = 0; i < n; i++)
        keys[i] = doc_loose(d, first + i);
    lex_add(L, keys, n, entity, pos, kind);
}

/* File one loose key. */
static void lex_add_key(Doc *d, Lexicon *L, const char *key, guint32 entity,
                        guint32 pos, LexKind kind)
{
    const char *k = g_string_chunk_insert_const(d->chunk, key);
    lex_add(L, &k, 1, entity, pos, kind);
}

/* ------------------------------------------------------------------------
 * Acronyms
 * ------------------------------------------------------------------------ */

static inline gboolean acronym_token(const Doc *d, guint i)
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
            g_string_append_c(ini, (char)names_lower((guchar)d->text[d->tok[i].start]));
    gboolean same = !strcmp(ini->str, s);
    g_string_free(ini, TRUE);
    return same;
}

/* Acronym token x stands for candidate c's entity. */
static void define(Doc *d, Lexicon *L, guint x, const Cand *c)
{
    const char *key = doc_loose(d, x);
    lex_add(L, &key, 1, c->entity, x, L_ACRONYM);
}

/* The acronym defined in the document with the loose key of token i, or
 * NULL. */
static const Lex *acronym_at(Doc *d, guint i)
{
    guint32 k = GPOINTER_TO_UINT(g_hash_table_lookup(d->lexicon, doc_loose(d, i)));
    for (; k; k = g_array_index(d->lex, Lex, k - 1).next) {
        const Lex *x = &g_array_index(d->lex, Lex, k - 1);
        if (x->kind == L_ACRONYM && x->n == 1)
            return x;
    }
    return NULL;
}

/* Does acronym token x fit the long form of candidate c? */
static gboolean fits(Doc *d, guint x, const Cand *c)
{
    char *lf = doc_span_text(d, c->first, c->n);
    GString *folded = g_string_new(NULL);
    names_fold(folded, lf, strlen(lf), NG_TOK_NONASCII);
    gboolean ok = acronym_fits(doc_folded(d, x), folded->str);
    g_string_free(folded, TRUE);
    g_free(lf);
    return ok;
}

static void acronyms(Doc *d, Lexicon *L)
{
    for (guint k = 0; k < d->names->len; k++) {
        guint x = g_array_index(d->names, guint32, k);
        const Cand *c, *a;
        if (x == 0 || x + 1 >= d->n || !acronym_token(d, x))
            continue;
        if (tok_punct(d, x - 1, '(') && tok_punct(d, x + 1, ')') && x >= 2 &&
            (c = doc_owner(d, x - 2)) && c->first + c->n == x - 1 &&
            cand_type(d, c) != NG_TYPE_PERSON) {
            /* Long Form (LF) */
            if (fits(d, x, c))
                define(d, L, x, c);
        } else if (tok_punct(d, x + 1, '(') && (c = doc_owner(d, x + 2)) &&
                   c->first == x + 2 && tok_punct(d, c->first + c->n, ')') &&
                   cand_type(d, c) != NG_TYPE_PERSON &&
                   (!(a = doc_owner(d, x)) || a->entity != c->entity)) {
            /* LF (Long Form) */
            if (fits(d, x, c))
                define(d, L, x, c);
        } else if (!doc_owner(d, x) && (c = doc_owner(d, x - 1)) &&
                   c->first + c->n == x && cand_type(d, c) == NG_TYPE_ORGANIZATION &&
                   initials_are(d, c->first, c->n, doc_folded(d, x))) {
            /* Organization LF */
            define(d, L, x, c);
        }
    }
    if (!d->lex->len)
        return;
    /* A definition overrides the gazetteer's other entities with that
     * text in this document. */
    for (guint k = 0; k < d->names->len; k++) {
        guint i = g_array_index(d->names, guint32, k);
        Cand *o = doc_owner(d, i);
        const Lex *x;
        if (o && o->n == 1 && o->kind == K_GAZETTEER && cand_type(d, o) != NG_TYPE_PERSON &&
            (x = acronym_at(d, i)) && x->entity != o->entity) {
            guint32 entity = x->entity;
            doc_drop(d, o);
            doc_add(d, i, 1, entity, NG_MENTION_NO_ALIAS, K_SHORT);
        }
    }
}

/* ------------------------------------------------------------------------
 * Surnames and short forms
 * ------------------------------------------------------------------------ */

/* Is the word at token i, in lower case, used in the document? */
static char *lowered(const Doc *d, guint i)
{
    guint32 len = tok_len(d, i);
    char *w = g_malloc(len + 1);
    for (guint32 k = 0; k < len; k++)
        w[k] = (char)names_lower((guchar)d->text[d->tok[i].start + k]);
    w[len] = '\0';
    return w;
}

/* One pass over the document, not one per name: a corpus pasted into one
 * document names thousands of companies. */
static gboolean used_in_lower_case(Doc *d, Lexicon *L, guint i)
{
    if (!L->lower) {
        L->lower = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        for (guint j = 0; j < d->n; j++)
            if (tok_is(d, j, NG_TOK_WORD) && !tok_is(d, j, NG_TOK_UPPER))
                g_hash_table_add(L->lower, lowered(d, j));
    }
    char *w = lowered(d, i);
    gboolean found = g_hash_table_contains(L->lower, w);
    g_free(w);
    return found;
}

/* A word that may stand alone for an entity of this document. */
static gboolean distinctive(Doc *d, guint i)
{
    return tok_cap(d, i) &&
           !doc_class(d, i, W_STOP | W_COMMON | W_PORTFOLIO | W_DEMONYM) &&
           !doc_one_word(d, i);
}

/* The surname of a person's mention (the last word that is not a
 * generational suffix), and if the mention is one word, the surname of the
 * person's canonical name too (Sheikh Ali: Ali al-Sabah). */
static void person_forms(Doc *d, Lexicon *L, const Cand *c)
{
    guint words = 0, last = c->first;
    for (guint i = c->first; i < c->first + c->n; i++)
        if (tok_is(d, i, NG_TOK_WORD)) {
            words++;
            if (words == 1 || !doc_class(d, i, W_NAME_SUFFIX))
                last = i;
        }
    lex_add_key(d, L, doc_loose(d, last), c->entity, c->first, L_SURNAME);
    if (words > 1)
        return;
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    int s = name_words(d, doc_entity(d, c->entity)->name, keys);
    if (s >= 0 && keys->len >= 2)
        lex_add_key(d, L, keys->pdata[s], c->entity, c->first, L_SURNAME);
    g_ptr_array_free(keys, TRUE);
}

static void company_forms(Doc *d, Lexicon *L, const Cand *c)
{
    guint end = c->first + c->n;
    for (guint i = c->first + 1; i < end; i++)
        if (tok_cap(d, i) && doc_phrase(d, P_ORG_SUFFIX, i)) {
            end = i;
            break;
        }
    if (end == c->first + c->n)
        return;
    end = doc_trim_joiners(d, c->first, end); /* not "Jefferies and" */
    lex_add_tokens(d, L, c->first, end - c->first, c->entity, c->first, L_SHORT);
    guint words = 0;
    for (guint i = c->first; i < end; i++)
        words += tok_is(d, i, NG_TOK_WORD);
    gboolean possessive = tok_is(d, c->first + 1, NG_TOK_POSSESSIVE);
    if ((words <= 2 || possessive) && distinctive(d, c->first) &&
        !tok_is(d, c->first, NG_TOK_ABBREV) && /* C. of C. Itoh */
        !lex_has(d, doc_loose(d, c->first), c->entity) &&
        !used_in_lower_case(d, L, c->first))
        lex_add_tokens(d, L, c->first, possessive ? 2 : 1, c->entity, c->first,
                       glued_hyphen(d, c->first + 1) ? L_PART : L_SHORT);
}

/* The entry that matches at token i, longest first, then the one named
 * nearest before i (else first after); its length in *len. Headline
 * forms only if `headline`. */
static const Lex *lex_match(Doc *d, Lexicon *L, guint i, gboolean headline,
                            guint *len)
{
    *len = 0;
    if (!lex_may_start(d, L, i))
        return NULL;
    guint32 head = GPOINTER_TO_UINT(g_hash_table_lookup(d->lexicon, doc_loose(d, i)));
    const Lex *best = NULL;
    for (guint32 k = head; k; k = g_array_index(d->lex, Lex, k - 1).next) {
        const Lex *x = &g_array_index(d->lex, Lex, k - 1);
        if (x->kind == L_HEADLINE && !headline)
            continue;
        guint j = 1;
        while (j < x->n && i + j < d->n &&
               !(d->tok[i + j].flags & NG_TOK_PARA_BEFORE) &&
               !strcmp(doc_loose(d, i + j), lex_key(d, x, j)))
            j++;
        if (j < x->n || (best && x->n < best->n))
            continue;
        gboolean part = x->kind == L_PART, best_part = best && best->kind == L_PART;
        if (!best || x->n > best->n || (best_part && !part) ||
            (part == best_part &&
             (best->pos > i ? x->pos < best->pos || x->pos < i
                            : x->pos < i && x->pos > best->pos)))
            best = x;
    }
    *len = best ? best->n : 0;
    return best;
}

/* Does token i continue a capitalised name that no mention covers? */
static gboolean continues_name(Doc *d, guint i)
{
    return i > 0 && !doc_owner(d, i - 1) && tok_cap(d, i - 1) &&
           !tok_is(d, i - 1, NG_TOK_ALLCAPS) && !(d->info[i - 1] & T_TITLE) &&
           !doc_class(d, i - 1, W_STOP | W_DEMONYM) && d->sent[i - 1] == d->sent[i];
}

/* Is token i, for a bare surname, part of a longer name or a place:
 * after any capitalised word but a title or stop word (U.S. Lines), glued
 * to what precedes it (Bank-Houston), or after a locative or preposition
 * (of Houston)? */
static gboolean inside_name_or_place(Doc *d, guint i)
{
    if (i == 0 || d->sent[i - 1] != d->sent[i])
        return FALSE;
    if (!(d->tok[i].flags & NG_TOK_SPACE_BEFORE))
        return TRUE;
    if (tok_cap(d, i - 1))
        return !(d->info[i - 1] & T_TITLE) && !doc_class(d, i - 1, W_STOP);
    return !tok_cap(d, i - 1) && doc_class(d, i - 1, W_LOCATIVE | W_PREP);
}

/* May the lexicon be tried at token i? */
static gboolean lexicon_at(Doc *d, guint i)
{
    if (d->info[i] & T_CODE)
        return FALSE;
    if (d->info[i] & T_HEADLINE)
        return tok_is(d, i, NG_TOK_WORD);
    return tok_cap(d, i) && !continues_name(d, i);
}

/* Is token i followed, in its sentence, by a capitalised word or by
 * something glued to it other than a possessive, comma or full stop? */
static gboolean joined_to_next(Doc *d, guint i)
{
    guint j = i + 1;
    if (j >= d->n || d->sent[j] != d->sent[i] || tok_is(d, j, NG_TOK_POSSESSIVE) ||
        tok_punct(d, j, ',') || tok_punct(d, j, '.'))
        return FALSE;
    return tok_cap(d, j) || !(d->tok[j].flags & NG_TOK_SPACE_BEFORE);
}

/* Is `key` the loose key of a word of an organization or country named
 * in the document? (Hutton in "E.F. Hutton Group Inc" names no person.)
 * The set is made on the first question. */
static gboolean in_org_name(Doc *d, const char *key)
{
    if (!d->org_words_made) {
        for (guint k = 0; k < d->cands->len; k++) {
            const Cand *c = &g_array_index(d->cands, Cand, k);
            if (c->dropped || cand_type(d, c) == NG_TYPE_PERSON)
                continue;
            for (guint i = c->first; i < c->first + c->n; i++)
                if (tok_cap(d, i))
                    g_hash_table_add(d->org_words, (gpointer)doc_loose(d, i));
        }
        d->org_words_made = TRUE;
    }
    return g_hash_table_contains(d->org_words, key);
}

/* Gazetteer people for bare surnames (see the file comment). */
static void bare_surnames(Doc *d, Lexicon *L)
{
    /* A gazetteer that lists no person (a list of companies) files no
     * surname: names_people fails for every word, so no word is looked
     * at (the tests before it only read the document). */
    if (!g_hash_table_size(d->nm->surnames))
        return;
    guint len;
    for (guint k = 0; k < d->names->len; k++) {
        guint i = g_array_index(d->names, guint32, k);
        if (doc_owner(d, i) || (d->info[i] & (T_HEADLINE | T_INITIAL)) ||
            !tok_cap(d, i) || tok_is(d, i, NG_TOK_ALLCAPS) || tok_len(d, i) < 4 ||
            joined_to_next(d, i) || inside_name_or_place(d, i) || !distinctive(d, i) ||
            !names_people(d->nm, doc_loose(d, i)) || lex_match(d, L, i, FALSE, &len) ||
            in_org_name(d, doc_loose(d, i)))
            continue;
        guint32 e = people_in_gazetteer(d, i, i, 0);
        if (e != G_MAXUINT32)
            lex_add_key(d, L, doc_loose(d, i), e, i, L_SURNAME);
    }
}

void resolve_forms(Doc *d)
{
    Lexicon L = { .d = d };
    acronyms(d, &L);
    /* Headline forms are needed only for the first letters of headline
     * words left over. */
    guint64 headline[4] = { 0 };
    for (guint k = 0; k < d->names->len; k++) {
        guint i = g_array_index(d->names, guint32, k);
        if ((d->info[i] & T_HEADLINE) && !doc_owner(d, i)) {
            guchar c0 = names_lower((guchar)d->text[d->tok[i].start]);
            if (d->tok[i].flags & NG_TOK_NONASCII)
                memset(headline, 0xff, sizeof headline); /* folds: any letter */
            headline[c0 / 64] |= G_GUINT64_CONSTANT(1) << (c0 % 64);
        }
    }
    for (guint k = 0; k < d->cands->len; k++) {
        const Cand *c = &g_array_index(d->cands, Cand, k);
        if (c->dropped)
            continue;
        NgEntityType type = cand_type(d, c);
        if (type == NG_TYPE_PERSON)
            person_forms(d, &L, c);
        else if (type == NG_TYPE_ORGANIZATION)
            company_forms(d, &L, c);
        guchar c0 = names_lower((guchar)d->text[d->tok[c->first].start]);
        if (!(d->info[c->first] & T_HEADLINE) &&
            ((headline[c0 / 64] >> (c0 % 64)) & 1 ||
             (d->tok[c->first].flags & NG_TOK_NONASCII)))
            lex_add_tokens(d, &L, c->first, c->n, c->entity, c->first, L_HEADLINE);
    }
    bare_surnames(d, &L);
    guint next = 0; /* the first token after the last form added */
    for (guint k = 0; k < d->names->len; k++) {
        guint i = g_array_index(d->names, guint32, k);
        if (i < next)
            continue;
        Cand *o = doc_owner(d, i);
        if (o && !(o->first == i && o->kind == K_GAZETTEER &&
                   cand_type(d, o) == NG_TYPE_ORGANIZATION))
            continue;
        guint len;
        const Lex *x;
        if (!tok_is(d, i, NG_TOK_WORD) || (d->info[i] & T_PLACE) ||
            !lex_may_start(d, &L, i) || !lexicon_at(d, i) ||
            !(x = lex_match(d, &L, i, (d->info[i] & T_HEADLINE) != 0, &len)))
            continue;
        if (o) {
            /* Over a gazetteer organization, only a short form or acronym
             * with exactly its tokens. */
            if (o->n != len || x->entity == o->entity ||
                (x->kind != L_SHORT && x->kind != L_ACRONYM))
                continue;
        } else {
            for (guint j = i + 1; j < i + len; j++)
                if (doc_owner(d, j))
                    len = 0;
            if (!len)
                continue;
        }
        doc_add(d, i, len, x->entity, NG_MENTION_NO_ALIAS, K_SHORT);
        next = i + len;
    }
    if (L.lower)
        g_hash_table_destroy(L.lower);
}
