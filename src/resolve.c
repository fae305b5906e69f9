/*
 * resolve.c - the resolution of one document: its passes in order, the
 * rules for gazetteer hits, headlines, and the final mention list.
 *
 * Candidates (Cand) are mentions under consideration; `owner` maps each
 * token to the live candidate covering it, so a later pass can see what an
 * earlier one claimed. The passes:
 *
 *  1. sentences: a headline is a sentence of two words or more that is
 *     all capitals, or in title case (four words in five capitalised) and
 *     title-like: the first paragraph of several, or a paragraph of one
 *     sentence that does not end with . ! or ? (Reuters titles are ALL
 *     CAPS or Title Case); the first word of a sentence, or after a dash,
 *     quote, bracket or colon, is initial;
 *  2. gazetteer hits (context()):
 *     - a name is capitalised: a hit with no capitalised or digit token
 *       ("total" for an alias "Total" matched without case) is dropped;
 *     - a one-word hit that is a stop word (September, The) or a bare
 *       legal form (PLC, Inc) is dropped;
 *     - a country hit that is a demonym (Russian) is dropped;
 *     - a country hit inside another place's name is dropped: a listed
 *       place (North America, Northern Ireland), after a place modifier
 *       (New Mexico, Inner Mongolia), in "Gulf of Mexico", before a place
 *       feature (Taiwan Strait);
 *     - a metonym (Washington) is dropped when metonyms are off, in a
 *       dateline (first on its line and followed by a comma), after a
 *       locative (in, at) or a journey (flew to, left for), and before a
 *       place noun (the London market, Tokyo dealers, London-based):
 *       there it is a place, not a government;
 *     - an ambiguous one-word alias that starts a title (Crown Prince) is
 *       dropped;
 *     - an ambiguous alias counts only if its entity has a firm mention in
 *       the document (decided at the end, once every pass has run);
 *  3. people introduced by a title or in apposition (resolve_people.c);
 *  4. organizations known by their form (resolve_orgs.c), then a one-word
 *     gazetteer organization that a capitalised word nothing explains
 *     follows is dropped: it starts a longer name ("Dana Johnson");
 *  5. document-scoped forms: acronyms, short forms, surnames, headline
 *     forms (resolve_doc.c);
 *  6. the end (finish()): ambiguous hits without a firm mention go; the
 *     live candidates become t->mentions.
 * Headlines count like the body for the gazetteer; patterns do not fire
 * there, and what the body names is also found there in any case
 * (resolve_doc.c).
 */
#include <string.h>

#include "resolve_impl.h"
#include "token.h"

/* ------------------------------------------------------------------------
 * Doc helpers
 * ------------------------------------------------------------------------ */

const char *doc_folded(Doc *d, guint i)
{
    names_fold(d->buf, d->text + d->tok[i].start, tok_len(d, i), d->tok[i].flags);
    return d->buf->str;
}

/* Look token i up in a word table (names_word_table_get). */
static gpointer token_in(Doc *d, const WordTable *table, guint i)
{
    if (!(d->tok[i].flags & NG_TOK_NONASCII))
        return names_word_table_get(table, d->text + d->tok[i].start, tok_len(d, i));
    doc_folded(d, i);
    return names_word_table_get(table, d->buf->str, d->buf->len);
}

const char *doc_loose(Doc *d, guint i)
{
    if (!d->loose[i]) {
        GString *loose = d->buf2;
        if (d->tok[i].flags & NG_TOK_NONASCII)
            names_loose(loose, doc_folded(d, i), d->buf->len);
        else
            names_loose(loose, d->text + d->tok[i].start, tok_len(d, i));
        d->loose[i] = g_string_chunk_insert_len(d->chunk, loose->str, (gssize)loose->len);
    }
    return d->loose[i];
}

guint32 doc_word(Doc *d, guint i)
{
    /* Without name patterns the vocabulary is empty (word_class holds
     * only NO_WORD's entry): no word need be looked up. */
    if (d->wid[i] == WID_UNSET)
        d->wid[i] = d->nm->word_class->len > 1
                        ? GPOINTER_TO_UINT(token_in(d, d->nm->vocab, i))
                        : NO_WORD;
    return d->wid[i];
}

gboolean doc_one_word(Doc *d, guint i)
{
    return token_in(d, d->nm->one_word, i) != NULL;
}

gboolean doc_class(Doc *d, guint i, guint32 cls)
{
    return i < d->n && (names_word_class(d->nm, doc_word(d, i)) & cls) != 0;
}

guint doc_phrase(Doc *d, PhraseSet set, guint i)
{
    if (i >= d->n)
        return 0;
    guint32 w = doc_word(d, i);
    if (!(names_word_class(d->nm, w) & W_STARTS(set)))
        return 0;
    GPtrArray *list = g_hash_table_lookup(d->nm->phrases[set], GUINT_TO_POINTER(w));
    for (guint k = 0; list && k < list->len; k++) {
        const guint32 *p = list->pdata[k];
        guint j = 1;
        for (; j < p[0]; j++)
            if (i + j >= d->n || (d->tok[i + j].flags & NG_TOK_PARA_BEFORE) ||
                doc_word(d, i + j) != p[1 + j])
                break;
        if (j == p[0])
            return p[0];
    }
    return 0;
}

char *doc_span_text(const Doc *d, guint first, guint n)
{
    GString *s = g_string_new(NULL);
    for (guint i = first; i < first + n; i++) {
        if (i > first && (d->tok[i].flags & NG_TOK_SPACE_BEFORE))
            g_string_append_c(s, ' ');
        g_string_append_len(s, d->text + d->tok[i].start, tok_len(d, i));
    }
    return g_string_free(s, FALSE);
}

void doc_drop(Doc *d, Cand *c)
{
    c->dropped = 1;
    gint32 self = (gint32)(c - (Cand *)(void *)d->cands->data);
    for (guint i = c->first; i < c->first + c->n; i++)
        if (d->owner[i] == self)
            d->owner[i] = -1;
}

void doc_add(Doc *d, guint first, guint n, guint32 entity, guint32 alias,
             CandKind kind)
{
    for (guint i = first; i < first + n; i++) {
        Cand *o = doc_owner(d, i);
        if (o)
            doc_drop(d, o);
    }
    Cand c = { .first = first, .n = n, .entity = entity, .alias = alias,
               .kind = (guint8)kind, .firm = 1 };
    g_array_append_val(d->cands, c);
    guint index = d->cands->len - 1;
    for (guint i = first; i < first + n; i++)
        d->owner[i] = (gint32)index;
}

const NgEntity *doc_entity(const Doc *d, guint32 entity)
{
    return ng_tagged_entity(d->t, entity);
}

guint doc_trim_joiners(Doc *d, guint s, guint e)
{
    while (e > s + 1 && doc_class(d, e - 1, W_JOINER) && !tok_cap(d, e - 1))
        e--;
    return e;
}

guint32 doc_found(Doc *d, const char *name, NgEntityType type)
{
    return doc_found_as(d, name, name, FALSE, type);
}

guint32 doc_found_as(Doc *d, const char *name, const char *by,
                     gboolean by_gazetteer, NgEntityType type)
{
    /* found_ix maps "TYPE:KEY" and the id of each key to the entity;
     * the key is tried first since ids take Unicode normalization. The
     * gazetteer is asked for the whole name's id. */
    char *key = g_strdup_printf("%d:%s", (int)type, by);
    gpointer v = g_hash_table_lookup(d->found_ix, key);
    if (v) {
        g_free(key);
        return GPOINTER_TO_UINT(v) - 1;
    }
    NgEntity *e = ng_found_entity_new(name, type);
    gint64 g = ng_gazetteer_lookup_id(d->gz, e->id);
    if (strcmp(by, name)) {
        g_free(e->id);
        e->id = ng_entity_make_id(type, by);
        gint64 k = ng_gazetteer_lookup_id(d->gz, e->id);
        if (g < 0 && by_gazetteer)
            g = k;
        else if (k >= 0) {
            /* Not the id of a gazetteer entity, which the graph would
             * take this one for. */
            g_free(e->id);
            e->id = ng_entity_make_id(type, name);
        }
    }
    guint32 index;
    if (g >= 0 && ((const NgEntity *)d->gz->entities->pdata[g])->type == type) {
        index = (guint32)g;
        ng_found_entity_free(e);
    } else if ((v = g_hash_table_lookup(d->found_ix, e->id))) {
        index = GPOINTER_TO_UINT(v) - 1;
        ng_found_entity_free(e);
    } else {
        index = d->gz->entities->len + d->t->found->len;
        g_hash_table_insert(d->found_ix, g_strdup(e->id), GUINT_TO_POINTER(index + 1));
        g_ptr_array_add(d->t->found, e);
    }
    g_hash_table_insert(d->found_ix, key, GUINT_TO_POINTER(index + 1));
    return index;
}

/* ------------------------------------------------------------------------
 * Pass 1: sentences
 * ------------------------------------------------------------------------ */

/* Is the punctuation token i one after which a word starts afresh: a
 * hyphen, quote, bracket or colon, or a curly quote or em dash? It runs
 * for every punctuation token before a word, so the bytes are compared
 * directly. */
static gboolean opens(const Doc *d, guint i)
{
    if (!(d->tok[i].flags & NG_TOK_PUNCT) || (d->tok[i].flags & NG_TOK_POSSESSIVE))
        return FALSE;
    const guchar *p = (const guchar *)d->text + d->tok[i].start;
    switch (tok_len(d, i)) {
    case 1:
        return *p == '-' || *p == '"' || *p == '(' || *p == ':' || *p == '\'';
    case 3:   /* U+201C, U+2018, U+2014 */
        return p[0] == 0xE2 && p[1] == 0x80 &&
               (p[2] == 0x9C || p[2] == 0x98 || p[2] == 0x94);
    default:
        return FALSE;
    }
}

/* Can sentence s be a title: the first paragraph of several, or a
 * paragraph of one sentence that does not end like one ("Blinken met
 * Lavrov." is a short sentence full of names, not a headline)? */
static gboolean title_like(const Doc *d, const GArray *sents, guint s,
                           guint last_para)
{
    const NgSentence *sn = &g_array_index(sents, NgSentence, s);
    if (sn->paragraph == 0)
        return last_para > 0;
    if ((s > 0 && g_array_index(sents, NgSentence, s - 1).paragraph == sn->paragraph) ||
        (s + 1 < sents->len &&
         g_array_index(sents, NgSentence, s + 1).paragraph == sn->paragraph))
        return FALSE;
    const NgToken *last = &d->tok[sn->first + sn->n_tokens - 1];
    char c = d->text[last->start];
    return !(last->flags & NG_TOK_PUNCT) || (c != '.' && c != '!' && c != '?');
}

/* Append v to the guint32 array `a` sized in advance (see mark_sentences):
 * a store instead of a call to g_array_append_vals. */
#define PUSH(a, v) (((guint32 *)(void *)(a)->data)[(a)->len++] = (v))

/* Per token: its sentence and T_* bits; the lists of names, title words
 * and commas. One pass over the tokens of each sentence; a sentence found
 * to be a headline afterwards (rare) has its names listed again. */
static void mark_sentences(Doc *d)
{
    const GArray *sents = d->t->sentences;
    guint last_para = sents->len ? g_array_index(sents, NgSentence, sents->len - 1).paragraph : 0;
    /* Each list gets at most one entry per token: room for all of them
     * now, the true lengths set as the entries are stored. */
    GArray *lists[] = { d->names, d->title_words, d->commas };
    for (guint k = 0; k < G_N_ELEMENTS(lists); k++) {
        g_array_set_size(lists[k], d->n);
        lists[k]->len = 0;
    }
    const NgToken *tok = d->tok;
    for (guint s = 0; s < sents->len; s++) {
        const NgSentence *sn = &g_array_index(sents, NgSentence, s);
        guint end = sn->first + sn->n_tokens, words = 0, lower = 0, caps = 0;
        guint names0 = d->names->len;
        gboolean first = TRUE;
        for (guint i = sn->first; i < end; i++) {
            d->sent[i] = s;
            guint32 f = tok[i].flags;
            if (!(f & NG_TOK_WORD)) {
                if ((f & NG_TOK_PUNCT) && tok[i].end == tok[i].start + 1 &&
                    d->text[tok[i].start] == ',')
                    PUSH(d->commas, i);
                continue;
            }
            guint may = d->any_shapes ? doc_shapes(d, i)
                        : (f & NG_TOK_NONASCII) ? (1u << N_SHAPES) - 1 : 0;
            if (may & (1u << SHAPE_TITLE))
                PUSH(d->title_words, i);
            if (may & (1u << SHAPE_ORG))
                d->info[i] |= T_MAY_ORG;
            if (first || (i > sn->first && opens(d, i - 1) &&
                          (tok[i - 1].flags & NG_TOK_SPACE_BEFORE ||
                           i - 1 == sn->first)))
                d->info[i] |= T_INITIAL;
            first = FALSE;
            if (f & NG_TOK_UPPER)
                PUSH(d->names, i);
            if (f & NG_TOK_DIGIT)
                continue;
            words++;
            if (!(f & NG_TOK_UPPER))
                lower++;
            else if ((f & NG_TOK_ALLCAPS) && tok[i].end - tok[i].start > 1)
                caps++;
        }
        /* Title case tolerates a few small words in lower case ("Trade
         * Trip to China"); a body sentence has many. Only a title can be a
         * headline in title case (see title_like); any line of capitals
         * is one. Every word of a headline is a name. */
        gboolean headline = words >= 2 &&
            ((lower * 5 <= words && title_like(d, sents, s, last_para)) || caps == words);
        if (!headline)
            continue;
        d->names->len = names0;
        for (guint i = sn->first; i < end; i++) {
            d->info[i] |= T_HEADLINE;
            if (tok[i].flags & NG_TOK_WORD)
                PUSH(d->names, i);
        }
    }
}

/* ------------------------------------------------------------------------
 * Pass 2: gazetteer hits
 * ------------------------------------------------------------------------ */

static gboolean is_dateline(const Doc *d, const Cand *c)
{
    return (d->tok[c->first].flags & NG_TOK_NEWLINE_BEFORE) &&
           tok_punct(d, c->first + c->n, ',');
}

/* A word that names nothing by itself: a stop word, or a legal form
 * (PLC, Inc) standing alone. */
static gboolean empty_word(Doc *d, guint i)
{
    return doc_class(d, i, W_STOP) || doc_phrase(d, P_ORG_SUFFIX, i) == 1;
}

/* How many words of a listed place name (place-names) may come before
 * the country's name inside it: "North America" has one; four is more
 * than such names need. */
#define PLACE_REACH 4

/* Is token i a place modifier whose capital makes it part of a name? At
 * the start of a sentence, after a hyphen or in a headline a capital
 * says nothing, and an adjective may stand there ("New U.S. data",
 * "pro-Western Zaire", "TOYOTA SEES LOWER U.S. SALES"). */
static gboolean modifier(Doc *d, guint i)
{
    return tok_cap(d, i) && !tok_is(d, i, NG_TOK_ALLCAPS) &&
           (i == 0 || (d->tok[i].flags & NG_TOK_SPACE_BEFORE)) &&
           !(d->info[i] & (T_INITIAL | T_HEADLINE)) &&
           doc_class(d, i, W_PLACE_MOD);
}

/* Is token i a place feature that starts a name ("the Gulf of Mexico",
 * not "the Paris Basin of France")? */
static gboolean feature_first(Doc *d, guint i)
{
    return doc_class(d, i, W_PLACE_FEATURE) &&
           (i == 0 || !tok_cap(d, i - 1) || doc_class(d, i - 1, W_STOP));
}

/* Does the country hit c stand inside the name of another place: one of
 * the place names ("North America", "Northern Ireland"), after a place
 * modifier ("New Mexico", "Inner Mongolia", "Lake Chad"), in "Gulf of
 * Mexico" or "Sea of Japan", or before a capitalised place feature
 * ("Taiwan Strait", "Panama Canal")? Names the gazetteer holds whole
 * (South Korea, New Zealand) matched whole and are never asked about. A
 * region of the country itself ("Western Canada", "North China") is not
 * another place: the country stays. The words are next to one another
 * (no punctuation between) in one sentence. If so, that name is tokens
 * [*from, *to). */
static gboolean other_place(Doc *d, const Cand *c, guint *from, guint *to)
{
    guint i = c->first, j = c->first + c->n, s = d->sent[i];
    for (guint k = i > PLACE_REACH ? i - PLACE_REACH : 0; k <= i; k++) {
        guint n = d->sent[k] == s ? doc_phrase(d, P_PLACE, k) : 0;
        if (n && k + n >= j) {
            *from = k, *to = k + n;
            return TRUE;
        }
    }
    *from = i, *to = j;
    if (i > 0 && d->sent[i - 1] == s && modifier(d, i - 1))
        *from = i - 1;
    else if (i > 1 && d->sent[i - 2] == s && is_word(d, i - 1, "of") &&
             feature_first(d, i - 2))
        *from = i - 2;
    else if (j < d->n && d->sent[j] == s && tok_cap(d, j) &&
             doc_class(d, j, W_PLACE_FEATURE))
        *to = j + 1;
    return *from < i || *to > j;
}

/* Tokens [from, to) name a place: no pattern may make a person or a
 * short form of them ("West Berlin, a spokesman said"). */
static void mark_place(Doc *d, guint from, guint to)
{
    for (guint k = from; k < to; k++)
        d->info[k] |= T_PLACE;
}

/* Is the country hit c inside another place's name (marked if so)? */
static gboolean in_other_place(Doc *d, const Cand *c)
{
    guint from, to;
    if (!other_place(d, c, &from, &to))
        return FALSE;
    mark_place(d, from, to);
    return TRUE;
}

/* The government a capital stands for on the document's date: the one
 * historical state that the capital's country succeeded and whose time
 * holds the date ("Moscow said" in 1987 is the Soviet Union, "Kinshasa"
 * Zaire), or the country itself. An undated document, or a date two
 * predecessors share (West and East Germany), keeps the country. Only
 * capitals: the successor's own name then named a part of the older
 * state ("the Ukraine, Byelorussia and Russia", "the Yugoslav republic
 * of Serbia"). Dates are ISO 8601 and compare as text. */
static guint32 dated_government(Doc *d, guint32 entity)
{
    const char *date = d->t->doc->date;
    const GArray *list = date && *date
        ? g_hash_table_lookup(d->nm->predecessors, GUINT_TO_POINTER(entity + 1))
        : NULL;
    guint32 found = entity;
    guint n = 0;
    for (guint k = 0; list && k < list->len; k++) {
        guint32 h = g_array_index(list, guint32, k);
        const NgEntity *x = d->gz->entities->pdata[h];
        const char *start = ng_entity_attr(x, "start"), *end = ng_entity_attr(x, "end");
        if ((!start || strcmp(start, date) <= 0) && (!end || strcmp(date, end) < 0)) {
            found = h;
            n++;
        }
    }
    return n == 1 ? found : entity;
}

/* Is token i a word of class cls in lower case? */
static gboolean lower_word_of(Doc *d, guint i, guint32 cls)
{
    return tok_is(d, i, NG_TOK_WORD) && !tok_is(d, i, NG_TOK_UPPER) &&
           doc_class(d, i, cls);
}

/* Does a journey end or start at token i: "flew to", "returned from",
 * "flew back to", "left for" (in lower case) right before it? "For" only
 * after a departure: "in return for Riyadh giving London" is no journey,
 * nor is "handed back to Peking". */
static gboolean after_journey(Doc *d, guint i)
{
    if (i < 2 || tok_is(d, i - 1, NG_TOK_UPPER))
        return FALSE;
    guint v = i - 2;
    if (is_word(d, v, "back") && v > 0)
        v--;
    if (is_word(d, i - 1, "for"))
        return lower_word_of(d, v, W_DEPART);
    return (is_word(d, i - 1, "to") || is_word(d, i - 1, "from")) &&
           lower_word_of(d, v, W_TRAVEL);
}

/* Does the capital c name the city rather than its government: in a
 * dateline, after a locative ("talks in Tokyo") or a journey ("flew to
 * Tokyo", "returned from London", "leaves for Moscow", "flew back to
 * Bonn"), or before a noun of markets and places in lower case ("the
 * London market", "Tokyo dealers", "Tokyo's stock index", "the Paris
 * accord") or a hyphenated word ("London-based")? In a headline the
 * words' case says nothing. */
static gboolean capital_as_place(Doc *d, const Cand *c)
{
    guint i = c->first, j = c->first + c->n;
    if (is_dateline(d, c) || (i > 0 && lower_word_of(d, i - 1, W_LOCATIVE)) ||
        after_journey(d, i))
        return TRUE;
    if (j < d->n && (d->tok[j].flags & NG_TOK_POSSESSIVE))
        j++;
    if (glued_hyphen(d, j) && tok_is(d, j + 1, NG_TOK_WORD) &&
        !tok_is(d, j + 1, NG_TOK_UPPER))
        return TRUE;
    return j < d->n && d->sent[j] == d->sent[i] && tok_is(d, j, NG_TOK_WORD) &&
           (!tok_is(d, j, NG_TOK_UPPER) || (d->info[j] & T_HEADLINE)) &&
           doc_class(d, j, W_PLACE_NOUN);
}

static void context(Doc *d, Cand *c)
{
    const NgAlias *a = &g_array_index(d->gz->aliases, NgAlias, c->alias);
    const NgEntity *e = doc_entity(d, c->entity);
    gboolean capital = FALSE;
    for (guint i = c->first; i < c->first + c->n; i++)
        if (tok_is(d, i, NG_TOK_UPPER) || tok_is(d, i, NG_TOK_DIGIT))
            capital = TRUE;
    if (!capital ||
        (c->n == 1 && empty_word(d, c->first)) ||
        (c->n == 1 && e->type == NG_TYPE_COUNTRY && doc_class(d, c->first, W_DEMONYM)) ||
        (e->type == NG_TYPE_COUNTRY && in_other_place(d, c)) ||
        (c->n == 1 && (a->flags & NG_ALIAS_AMBIGUOUS) &&
         doc_phrase(d, P_TITLE, c->first) > 1) ||
        ((a->flags & NG_ALIAS_METONYM) && !d->opt->metonyms)) {
        doc_drop(d, c);
        return;
    }
    if ((a->flags & NG_ALIAS_METONYM) && capital_as_place(d, c)) {
        doc_drop(d, c);
        c->place = 1;
        mark_place(d, c->first, c->first + c->n);
        return;
    }
    c->firm = !(a->flags & NG_ALIAS_AMBIGUOUS);
    /* Before the document-scoped forms are made from it: the headline's
     * "MOSCOW" follows the body's "Moscow". Russia's alias "Moscow" is no
     * alias of the Soviet Union: no later pass reads a country's alias. */
    guint32 dated = (a->flags & NG_ALIAS_METONYM) ? dated_government(d, c->entity)
                                                  : c->entity;
    if (dated != c->entity) {
        c->entity = dated;
        c->alias = NG_MENTION_NO_ALIAS;
    }
}

/* After the patterns: a one-word gazetteer organization followed by a
 * capitalised word that nothing explains (not a mention, stop, common,
 * portfolio or demonym word, organization form or title) is the start of
 * a longer name that no list holds: "Dana Johnson" is no Dana Corp. */
static void inside_longer_names(Doc *d)
{
    for (guint k = 0; k < d->cands->len; k++) {
        Cand *c = &g_array_index(d->cands, Cand, k);
        guint j = c->first + c->n;
        if (c->dropped || c->kind != K_GAZETTEER || c->n != 1 ||
            cand_type(d, c) != NG_TYPE_ORGANIZATION || j >= d->n ||
            d->sent[j] != d->sent[c->first] || doc_owner(d, j) ||
            !tok_cap(d, j) || tok_is(d, j, NG_TOK_ALLCAPS) ||
            !(d->tok[j].flags & NG_TOK_SPACE_BEFORE) ||
            doc_class(d, j, W_STOP | W_COMMON | W_PORTFOLIO | W_DEMONYM) ||
            doc_phrase(d, P_ORG_SUFFIX, j) || doc_phrase(d, P_ORG_HEAD, j) ||
            doc_phrase(d, P_TITLE, j))
            continue;
        doc_drop(d, c);
    }
}

/* ------------------------------------------------------------------------
 * Pass 6: the end
 * ------------------------------------------------------------------------ */

static int cmp_cand(const void *a, const void *b)
{
    const Cand *x = a, *y = b;
    return x->first < y->first ? -1 : x->first > y->first;
}

static void finish(Doc *d)
{
    GHashTable *firm = d->firm;
    Cand *cs = (Cand *)(void *)d->cands->data;
    guint n = d->cands->len;
    for (guint i = 0; i < n; i++)
        if ((!cs[i].dropped && cs[i].firm) || cs[i].place)
            g_hash_table_add(firm, GUINT_TO_POINTER(cs[i].entity + 1));
    for (guint i = 0; i < n; i++)
        if (!cs[i].dropped && !cs[i].firm &&
            !g_hash_table_contains(firm, GUINT_TO_POINTER(cs[i].entity + 1)))
            cs[i].dropped = 1;
    GArray *out = d->t->mentions;
    g_array_set_size(out, 0);
    if (n > 1)   /* cs is NULL while no candidate was ever kept */
        qsort(cs, n, sizeof *cs, cmp_cand);
    for (guint i = 0; i < n; i++) {
        const Cand *c = &cs[i];
        if (c->dropped)
            continue;
        NgMention m = {
            .first_token = c->first, .n_tokens = c->n,
            .start = d->tok[c->first].start, .end = d->tok[c->first + c->n - 1].end,
            .entity = c->entity, .alias = c->alias,
        };
        g_array_append_val(out, m);
    }
}

/* Without name patterns: only the gazetteer's own flags. */
static void resolve_flags_only(const NgTagOptions *opt, NgTagged *t)
{
    const NgGazetteer *gz = t->gazetteer;
    GArray *mentions = t->mentions;
    GHashTable *firm = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < mentions->len; i++) {
        const NgMention *m = &g_array_index(mentions, NgMention, i);
        const NgAlias *a = &g_array_index(gz->aliases, NgAlias, m->alias);
        if (!(a->flags & NG_ALIAS_AMBIGUOUS))
            g_hash_table_add(firm, GUINT_TO_POINTER(m->entity + 1));
    }
    guint kept = 0;
    for (guint i = 0; i < mentions->len; i++) {
        const NgMention *m = &g_array_index(mentions, NgMention, i);
        const NgAlias *a = &g_array_index(gz->aliases, NgAlias, m->alias);
        if ((a->flags & NG_ALIAS_AMBIGUOUS) &&
            !g_hash_table_contains(firm, GUINT_TO_POINTER(m->entity + 1)))
            continue;
        if ((a->flags & NG_ALIAS_METONYM) && !opt->metonyms)
            continue;
        g_array_index(mentions, NgMention, kept++) = *m;
    }
    g_array_set_size(mentions, kept);
    g_hash_table_destroy(firm);
}

void ng_resolve_state_free(NgResolveState *d)
{
    if (!d)
        return;
    g_free(d->wid);
    g_free(d->info);
    g_free(d->sent);
    g_free(d->owner);
    g_free(d->loose);
    g_array_free(d->cands, TRUE);
    g_hash_table_destroy(d->found_ix);
    g_string_chunk_free(d->chunk);
    g_string_free(d->buf, TRUE);
    g_string_free(d->buf2, TRUE);
    g_hash_table_destroy(d->lexicon);
    g_array_free(d->lex, TRUE);
    g_ptr_array_free(d->lex_keys, TRUE);
    g_array_free(d->titles, TRUE);
    g_hash_table_destroy(d->org_words);
    g_hash_table_destroy(d->person_index);
    g_array_free(d->person_words, TRUE);
    g_array_free(d->names, TRUE);
    g_array_free(d->title_words, TRUE);
    g_array_free(d->commas, TRUE);
    g_hash_table_destroy(d->firm);
    g_free(d);
}

/* t's resolution state, made or emptied for a document of n tokens. */
static Doc *doc_start(NgTagged *t, guint n)
{
    Doc *d = t->resolve_state;
    if (!d) {
        d = t->resolve_state = g_new0(Doc, 1);
        d->cands = g_array_new(FALSE, FALSE, sizeof(Cand));
        d->found_ix = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        d->chunk = g_string_chunk_new(4096);
        d->buf = g_string_new(NULL);
        d->buf2 = g_string_new(NULL);
        d->lexicon = g_hash_table_new(g_str_hash, g_str_equal);
        d->lex = g_array_new(FALSE, FALSE, sizeof(Lex));
        d->lex_keys = g_ptr_array_new();
        d->titles = g_array_new(FALSE, FALSE, sizeof(Title));
        d->org_words = g_hash_table_new(g_str_hash, g_str_equal);
        d->person_index = g_hash_table_new(g_str_hash, g_str_equal);
        d->person_words = g_array_new(FALSE, FALSE, sizeof(PersonWord));
        d->names = g_array_new(FALSE, FALSE, sizeof(guint32));
        d->title_words = g_array_new(FALSE, FALSE, sizeof(guint32));
        d->commas = g_array_new(FALSE, FALSE, sizeof(guint32));
        d->firm = g_hash_table_new(g_direct_hash, g_direct_equal);
    } else {
        g_array_set_size(d->cands, 0);
        g_hash_table_remove_all(d->found_ix);
        g_string_chunk_clear(d->chunk);
        g_hash_table_remove_all(d->lexicon);
        g_array_set_size(d->lex, 0);
        g_ptr_array_set_size(d->lex_keys, 0);
        g_array_set_size(d->titles, 0);
        g_hash_table_remove_all(d->org_words);
        g_hash_table_remove_all(d->person_index);
        g_array_set_size(d->person_words, 0);
        g_array_set_size(d->names, 0);
        g_array_set_size(d->title_words, 0);
        g_array_set_size(d->commas, 0);
        g_hash_table_remove_all(d->firm);
    }
    if (n >= d->cap) {   /* one spare: never NULL, even for no tokens */
        d->cap = MAX(n + 1, 2 * d->cap);
        d->wid = g_renew(guint32, d->wid, d->cap);
        d->info = g_renew(guint8, d->info, d->cap);
        d->sent = g_renew(guint32, d->sent, d->cap);
        d->owner = g_renew(gint32, d->owner, d->cap);
        d->loose = g_renew(const char *, d->loose, d->cap);
    }
    memset(d->wid, 0xff, n * sizeof *d->wid);
    memset(d->info, 0, n * sizeof *d->info);
    memset(d->owner, 0xff, n * sizeof *d->owner);
    memset(d->loose, 0, n * sizeof *d->loose);
    d->n = n;
    d->people_indexed = FALSE;
    d->org_words_made = FALSE;
    d->t = t;
    d->text = t->doc->text;
    d->tok = (const NgToken *)(void *)t->tokens->data;
    d->gz = t->gazetteer;
    return d;
}

void ng_resolve(const NgTagOptions *opt, NgTagged *t)
{
    if (!opt->names) {
        resolve_flags_only(opt, t);
        return;
    }
    Doc *d = doc_start(t, t->tokens->len);
    d->nm = opt->names;
    d->opt = opt;
    if (d->shapes_of != d->nm) {
        /* Without a word in any shape set (no name patterns), the shape
         * of a word need not be computed: every table bit is clear. */
        d->shapes_of = d->nm;
        d->any_shapes = FALSE;
        for (guint k = 0; k < N_SHAPES; k++)
            for (guint b = 0; b < G_N_ELEMENTS(d->nm->shapes[k]); b++)
                d->any_shapes |= d->nm->shapes[k][b] != 0;
    }
    mark_sentences(d);
    for (guint i = 0; i < t->mentions->len; i++) {
        const NgMention *m = &g_array_index(t->mentions, NgMention, i);
        doc_add(d, m->first_token, m->n_tokens, m->entity, m->alias, K_GAZETTEER);
    }
    for (guint i = 0; i < d->cands->len; i++)
        context(d, &g_array_index(d->cands, Cand, i));
    resolve_people(d);
    resolve_orgs(d);
    inside_longer_names(d);
    resolve_forms(d);
    resolve_unit_names(d);
    finish(d);
}
