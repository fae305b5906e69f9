/*
 * resolve_people.c - people introduced by a title or in apposition.
 *
 * A title is: any number of portfolio words, a titles phrase, the dot of
 * an abbreviation (Sen.), and a complement: a preposition, "the" perhaps,
 * then portfolio words ("Secretary of Commerce", "Minister of Foreign
 * Affairs") or a named country or organization ("Governor of the Bank of
 * Japan"). Titles match in any case ("chief executive", "President").
 *
 * The name after it is a run of capitalised words (two letters or more,
 * not ALL CAPS, not stop words, demonyms, titles, generational suffixes
 * or organization form words; a one-word gazetteer organization is read
 * as a surname), a generational suffix after them (Jr), initials (H.),
 * particles (von, al) followed by a capitalised word, and hyphens that
 * join parts of a name with no space (al-Sabah, Chi-cheng); it stops at a
 * possessive, at any other punctuation, at a lower-case word, at a
 * country or organization the gazetteer knows, after six words, at the
 * end of the sentence, and it is no person's name when an organization
 * form follows it (Director John Smith Associates). Four forms introduce
 * a name:
 *
 *   TITLE Name              Finance Minister Kiichi Miyazawa
 *   TITLE, Name Name        its CEO, Matthias Warnig (two words at least)
 *   Name Name, [the] TITLE  William Bywater, president of ... (two words)
 *   Org's Name Name         Apple's Tim Cook (two words, the first a given
 *                           name of gazetteer people)
 *
 * What the name then refers to:
 *  - a gazetteer person already matched there: that person (the title
 *    makes even an ambiguous alias firm);
 *  - two words or more: the gazetteer person with the same first and last
 *    word (loosely spelt: Mitterand, Weizsaecker), if exactly one; else a
 *    person found in the text, named as written;
 *  - one word (President Reagan, Sheikh Ali): a person of this document
 *    whose full name has that word (the nearest one before, else the first
 *    after); else the gazetteer person with that surname if there is one,
 *    or, among several, the one head of state or government when the title
 *    is a leader title (President, Prime Minister), else the one whose role
 *    shares the most words with the title (Treasury Secretary Baker);
 *    else a person found in the text named by that word, unless the title
 *    has a complement (the word may belong to it), or the word is a common
 *    word (King World) or the first name of three gazetteer people or
 *    more (chairman Roger).
 *
 * Full names are resolved before one-word names so that "President Putin"
 * finds "Vladimir Putin" wherever it is in the document. A gazetteer
 * country or organization that starts before a title followed by a name
 * and runs into it ("Saudi Arabian Oil" in "Saudi Arabian Oil Minister
 * Hisham Nazer") is part of the title, not a mention: it is dropped.
 */
#include <stdlib.h>
#include <string.h>

#include "resolve_impl.h"
#include "token.h"

#define MAX_NAME_WORDS 6
#define NO_ENTITY G_MAXUINT32

static gboolean is_person(const Doc *d, const Cand *c)
{
    return cand_type(d, c) == NG_TYPE_PERSON;
}

/* See resolve_impl.h. */
gboolean person_word(Doc *d, guint i)
{
    if (!tok_cap(d, i) || tok_is(d, i, NG_TOK_ALLCAPS) || tok_len(d, i) < 2 ||
        tok_is(d, i, NG_TOK_ABBREV) || tok_is(d, i, NG_TOK_DIGIT) ||
        (d->info[i] & T_PLACE))
        return FALSE;
    if (doc_class(d, i, W_STOP | W_DEMONYM | W_NAME_SUFFIX) ||
        doc_phrase(d, P_ORG_SUFFIX, i) ||
        doc_phrase(d, P_ORG_HEAD, i) || doc_phrase(d, P_TITLE, i))
        return FALSE;
    return TRUE;
}

/* An initial: one capital and its dot (H.). */
static gboolean initial(const Doc *d, guint i)
{
    return tok_is(d, i, NG_TOK_ABBREV | NG_TOK_UPPER) && tok_len(d, i) == 2;
}

static gboolean particle(Doc *d, guint i)
{
    return tok_is(d, i, NG_TOK_WORD) && !tok_is(d, i, NG_TOK_UPPER) &&
           doc_class(d, i, W_PARTICLE);
}

/* Can the name continue at token i? Any mention ends it but an ambiguous
 * country or organization, or a one-word organization (Joseph Kroger is
 * no Kroger Co). */
static gboolean free_token(Doc *d, guint i)
{
    Cand *c = doc_owner(d, i);
    return !c || (!is_person(d, c) &&
                  (!c->firm || (c->n == 1 && cand_type(d, c) == NG_TYPE_ORGANIZATION)));
}

/* The name starting at token p: its length in tokens (0: none); its
 * number of words in *words. */
static guint name_run(Doc *d, guint p, guint *words)
{
    guint j = p, end = p, nw = 0;
    while (j < d->n && nw < MAX_NAME_WORDS && d->sent[j] == d->sent[p] &&
           (j == p || (free_token(d, j) && !(d->tok[j].flags & NG_TOK_PARA_BEFORE)))) {
        if (person_word(d, j)) {
            nw++;
            end = ++j;
            /* A hyphenated given name in lower case after the hyphen
             * (Chang Chi-cheng, Kim Dae-jung). */
            if (glued_hyphen(d, j) && tok_is(d, j + 1, NG_TOK_WORD) &&
                !tok_is(d, j + 1, NG_TOK_UPPER) && !tok_is(d, j + 1, NG_TOK_DIGIT) &&
                !particle(d, j + 1))
                end = j += 2;
        } else if (nw && doc_class(d, j, W_NAME_SUFFIX) && tok_is(d, j, NG_TOK_UPPER)) {
            end = ++j; /* John Pope Jr */
        } else if ((initial(d, j) && person_word(d, j + 1)) ||
                   (particle(d, j) && (person_word(d, j + 1) || glued_hyphen(d, j + 1))) ||
                   (j > p && glued_hyphen(d, j) &&
                    (person_word(d, j + 1) || particle(d, j + 1)))) {
            j++;
        } else {
            break;
        }
    }
    /* "Director John Smith Associates": the run is an organization's. */
    if (end < d->n && tok_cap(d, end) &&
        (doc_phrase(d, P_ORG_SUFFIX, end) || doc_phrase(d, P_ORG_HEAD, end)))
        end = p, nw = 0;
    *words = nw;
    return end - p;
}

/* The last word of a name run that is not a generational suffix. */
static guint last_word(Doc *d, guint p, guint len)
{
    guint last = p;
    for (guint i = p; i < p + len; i++)
        if (tok_is(d, i, NG_TOK_WORD) && (!doc_class(d, i, W_NAME_SUFFIX) || i == p))
            last = i;
    return last;
}

/* A full name (two words or more) at [p, p + len). */
static guint32 full_name(Doc *d, guint p, guint len)
{
    const char *first = doc_loose(d, p);
    const GArray *refs = names_people(d->nm, doc_loose(d, last_word(d, p, len)));
    guint32 entity = NO_ENTITY;
    for (guint k = 0; refs && k < refs->len; k++) {
        const PersonRef *r = &g_array_index(refs, PersonRef, k);
        if (!r->first || strcmp(r->first, first))
            continue;
        if (entity != NO_ENTITY && entity != r->entity) {
            entity = NO_ENTITY; /* two people by that name: neither */
            break;
        }
        entity = r->entity;
    }
    if (entity != NO_ENTITY)
        return entity;
    char *name = doc_span_text(d, p, len);
    entity = doc_found(d, name, NG_TYPE_PERSON);
    g_free(name);
    return entity;
}

int name_words(Doc *d, const char *name, GPtrArray *keys)
{
    GArray *toks = g_array_new(FALSE, FALSE, sizeof(NgToken));
    GString *folded = g_string_new(NULL), *loose = g_string_new(NULL);
    ng_tokenize(name, strlen(name), toks);
    g_ptr_array_set_size(keys, 0);
    int surname = -1;
    for (guint i = 0; i < toks->len; i++) {
        const NgToken *t = &g_array_index(toks, NgToken, i);
        if (!(t->flags & NG_TOK_WORD))
            continue;
        names_fold(folded, name + t->start, t->end - t->start, t->flags);
        if (surname < 0 ||
            !(names_word_class(d->nm, names_word(d->nm, folded->str, folded->len)) &
              W_NAME_SUFFIX))
            surname = (int)keys->len;
        names_loose(loose, folded->str, folded->len);
        g_ptr_array_add(keys, g_strdup(loose->str));
    }
    g_array_free(toks, TRUE);
    g_string_free(folded, TRUE);
    g_string_free(loose, TRUE);
    return surname;
}

/* File key under the person mentioned at [first, end). */
static void index_word(Doc *d, const char *key, guint32 entity, guint32 first,
                       guint32 end)
{
    key = g_string_chunk_insert_const(d->chunk, key);
    PersonWord w = { entity, first, end,
                     GPOINTER_TO_UINT(g_hash_table_lookup(d->person_index, key)) };
    g_array_append_val(d->person_words, w);
    g_hash_table_insert(d->person_index, (gpointer)key,
                        GUINT_TO_POINTER(d->person_words->len));
}

/* Index the words of the full names (two words or more) of the people
 * mentioned in the document, as written and as the entity's name. */
static void index_people(Doc *d)
{
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    for (guint k = 0; k < d->cands->len; k++) {
        const Cand *c = &g_array_index(d->cands, Cand, k);
        if (c->dropped || c->n < 2 || !is_person(d, c))
            continue;
        for (guint i = c->first; i < c->first + c->n; i++)
            if (tok_is(d, i, NG_TOK_WORD))
                index_word(d, doc_loose(d, i), c->entity, c->first, c->first + c->n);
        name_words(d, doc_entity(d, c->entity)->name, keys);
        for (guint j = 0; keys->len >= 2 && j < keys->len; j++)
            index_word(d, keys->pdata[j], c->entity, c->first, c->first + c->n);
    }
    g_ptr_array_free(keys, TRUE);
    d->people_indexed = TRUE;
}

/* A person of this document with a full name that has the word at token
 * i: the nearest named before i, else the first after; NO_ENTITY if
 * none. */
static guint32 doc_person(Doc *d, guint i)
{
    if (!d->people_indexed)
        index_people(d);
    guint32 best = NO_ENTITY, best_pos = 0;
    for (guint32 k = GPOINTER_TO_UINT(g_hash_table_lookup(d->person_index, doc_loose(d, i)));
         k; k = g_array_index(d->person_words, PersonWord, k - 1).next) {
        const PersonWord *w = &g_array_index(d->person_words, PersonWord, k - 1);
        if (i >= w->first && i < w->end)
            continue;
        if (best == NO_ENTITY ||
            (w->first < i ? best_pos > i || w->first > best_pos
                          : best_pos > i && w->first < best_pos)) {
            best = w->entity;
            best_pos = w->first;
        }
    }
    return best;
}

/* How many of the title's words (tokens [tf, tf + tn)) the role of
 * gazetteer person e has. */
static guint role_overlap(Doc *d, guint32 e, guint tf, guint tn)
{
    const NgEntity *ent = d->gz->entities->pdata[e];
    const char *role = NULL;
    for (guint i = 0; i < ent->n_attrs && !role; i++)
        if (!strcmp(ent->attrs[i].key, "role"))
            role = ent->attrs[i].value;
    if (!role)
        return 0;
    GArray *toks = g_array_new(FALSE, FALSE, sizeof(NgToken));
    GString *buf = g_string_new(NULL);
    ng_tokenize(role, strlen(role), toks);
    guint score = 0;
    for (guint i = tf; i < tf + tn; i++) {
        guint32 w = doc_word(d, i);
        if (!w || !tok_is(d, i, NG_TOK_WORD) ||
            (names_word_class(d->nm, w) & (W_PREP | W_DETERMINER)))
            continue;
        for (guint k = 0; k < toks->len; k++) {
            const NgToken *t = &g_array_index(toks, NgToken, k);
            names_fold(buf, role + t->start, t->end - t->start, t->flags);
            if (names_word(d->nm, buf->str, buf->len) == w) {
                score++;
                break;
            }
        }
    }
    g_array_free(toks, TRUE);
    g_string_free(buf, TRUE);
    return score;
}

/* Could person r be in the news on the document's date? Out of office
 * for twenty years, or not yet in office, is no. */
static gboolean in_time(const Doc *d, const PersonRef *r)
{
    const char *date = d->t->doc->date;
    guint year = date && g_ascii_isdigit(date[0]) ? (guint)atoi(date) : 0;
    return !year || ((!r->to || (guint)r->to + 20 >= year) && (!r->from || r->from <= year + 1));
}

guint32 people_in_gazetteer(Doc *d, guint i, guint tf, guint tn)
{
    const char *loose = doc_loose(d, i);
    const GArray *refs = names_people(d->nm, loose);
    /* A word that is the first name of several people is no surname to
     * stand alone (Michael, Douglas). */
    gboolean given = GPOINTER_TO_UINT(g_hash_table_lookup(d->nm->first_names, loose)) >= 3;
    if (!refs || (!tn && given))
        return NO_ENTITY;
    /* The distinct people of the time, and the leaders among them. */
    GArray *cands = g_array_new(FALSE, FALSE, sizeof(PersonRef));
    guint n_leaders = 0;
    guint32 leader = NO_ENTITY;
    for (guint k = 0; k < refs->len; k++) {
        const PersonRef *r = &g_array_index(refs, PersonRef, k);
        gboolean seen = !in_time(d, r);
        for (guint j = 0; j < cands->len && !seen; j++)
            seen = g_array_index(cands, PersonRef, j).entity == r->entity;
        if (seen)
            continue;
        g_array_append_val(cands, *r);
        if (r->leader) {
            n_leaders++;
            leader = r->entity;
        }
    }
    guint32 pick = NO_ENTITY;
    if (!tn || doc_phrase(d, P_LEADER, tf) > 0) {
        /* Bare, or after a leader title: the one leader. */
        if (n_leaders == 1)
            pick = leader;
        else if (tn && cands->len == 1)
            pick = g_array_index(cands, PersonRef, 0).entity;
    } else if (cands->len == 1) {
        pick = g_array_index(cands, PersonRef, 0).entity;
    } else {
        /* The one whose role shares most words with the title. */
        guint best = 0, ties = 0;
        for (guint k = 0; k < cands->len; k++) {
            guint32 e = g_array_index(cands, PersonRef, k).entity;
            guint s = role_overlap(d, e, tf, tn);
            if (s > best) {
                best = s;
                pick = e;
                ties = 0;
            } else if (s == best) {
                ties++;
            }
        }
        if (!best || ties)
            pick = NO_ENTITY;
    }
    g_array_free(cands, TRUE);
    return pick;
}

/* A one-word name at token i after the title [tf, tf + tn): someone
 * named in full in the document, else from the gazetteer. */
static guint32 people_for_surname(Doc *d, guint i, guint tf, guint tn)
{
    guint32 e = doc_person(d, i);
    return e != NO_ENTITY ? e : people_in_gazetteer(d, i, tf, tn);
}

/* The title at token i (see the file comment): its length, 0 if none. */
static guint title_at(Doc *d, guint i)
{
    guint j = i;
    while (j < d->n && j - i < 3 && d->sent[j] == d->sent[i] &&
           doc_class(d, j, W_PORTFOLIO))
        j++;
    guint len = doc_phrase(d, P_TITLE, j);
    if (!len)
        return 0;
    guint end = j + len;
    if (tok_punct(d, end, '.') && !(d->tok[end].flags & NG_TOK_SPACE_BEFORE))
        end++;
    /* The complement: "of [the] Commerce", "of the Bank of Japan"; only
     * after a capitalised title ("chairman of Ford Europe" is no title
     * before a name). */
    if (end < d->n && tok_cap(d, end - 1) && doc_class(d, end, W_PREP) &&
        !tok_cap(d, end)) {
        guint k = end + 1, m;
        if (k < d->n && doc_class(d, k, W_DETERMINER) && !tok_cap(d, k))
            k++;
        for (m = k; m < d->n && m - k < 2 * MAX_NAME_WORDS; m++) {
            if (tok_cap(d, m) && doc_class(d, m, W_PORTFOLIO))
                continue;
            if (m > k && doc_class(d, m, W_JOINER) && tok_cap(d, m + 1) &&
                doc_class(d, m + 1, W_PORTFOLIO))
                continue;
            break;
        }
        const Cand *c = doc_owner(d, k);
        if (m == k && c && c->first == k && !is_person(d, c))
            m = k + c->n;
        if (m > k)
            end = m;
    }
    return end <= d->n && d->sent[end - 1] == d->sent[i] ? end - i : 0;
}

/* A title [ti, ti + tn) is followed by a name: mark it, and drop a
 * gazetteer country or organization that runs into it from before. */
static void title_used(Doc *d, guint ti, guint tn)
{
    for (guint i = ti; i < ti + tn; i++) {
        d->info[i] |= T_TITLE;
        Cand *c = doc_owner(d, i);
        if (c && c->first < ti && !is_person(d, c))
            doc_drop(d, c);
    }
}

/* The name at [p, p + len) with `words` words, introduced by the title
 * [ti, ti + tn): resolve it and add it. One-word names only when
 * `singles`, longer ones only when not. */
static void add_person(Doc *d, guint p, guint len, guint words, guint ti,
                       guint tn, gboolean singles)
{
    if (!words || (words >= 2) == singles)
        return;
    /* A gazetteer person in the run wins. */
    for (guint i = p; i < p + len; i++) {
        Cand *c = doc_owner(d, i);
        if (c && is_person(d, c)) {
            if (c->first == p) {
                c->firm = 1;
                title_used(d, ti, tn);
            }
            return;
        }
    }
    guint32 e;
    if (words >= 2) {
        e = full_name(d, p, len);
    } else {
        guint w = last_word(d, p, len);
        e = people_for_surname(d, w, ti, tn);
        if (e == NO_ENTITY) {
            /* A new one-word person only straight after a title: after a
             * complement the word may end it ("Director of International
             * Commodities"). */
            for (guint k = ti; k < ti + tn; k++)
                if (doc_class(d, k, W_PREP) && !tok_cap(d, k))
                    return;
            if (doc_class(d, w, W_COMMON) ||
                GPOINTER_TO_UINT(g_hash_table_lookup(d->nm->first_names,
                                                     doc_loose(d, w))) >= 3)
                return; /* King World; chairman Roger (Smith) */
            char *name = doc_span_text(d, p, len);
            e = doc_found(d, name, NG_TYPE_PERSON);
            g_free(name);
        }
    }
    title_used(d, ti, tn);
    doc_add(d, p, len, e, NG_MENTION_NO_ALIAS, K_PATTERN);
}

/* Every title outside headlines, in text order. */
static void find_titles(Doc *d, GArray *titles)
{
    guint next = 0; /* the first token after the last title */
    for (guint k = 0; k < d->title_words->len; k++) {
        guint i = g_array_index(d->title_words, guint32, k);
        if (i < next || (d->info[i] & T_HEADLINE) ||
            !(names_word_class(d->nm, doc_word(d, i)) & (W_PORTFOLIO | W_STARTS(P_TITLE))))
            continue;
        Title t = { i, title_at(d, i) };
        if (!t.n)
            continue;
        g_array_append_val(titles, t);
        next = i + t.n;
    }
}

/* TITLE Name and TITLE, Name Name. */
static void after_titles(Doc *d, const GArray *titles, gboolean singles)
{
    for (guint k = 0; k < titles->len; k++) {
        const Title *t = &g_array_index(titles, Title, k);
        guint p = t->first + t->n, words = 0, len;
        gboolean comma = tok_punct(d, p, ',');
        if (comma)
            p++;
        const Cand *c = doc_owner(d, p);
        if (p >= d->n || d->sent[p] != d->sent[t->first] || (c && c->first != p) ||
            (c && !is_person(d, c) && c->firm &&
             !(c->n == 1 && cand_type(d, c) == NG_TYPE_ORGANIZATION)))
            len = 0; /* a country, or an organization the gazetteer knows */
        else if (c && is_person(d, c))
            len = c->n, words = 2;
        else
            len = name_run(d, p, &words);
        if (len && (!comma || words >= 2)) {
            /* An ambiguous alias or one-word organization under a title
             * is the person's name (Secretary Baker). */
            if (c && !is_person(d, c))
                doc_drop(d, (Cand *)c);
            add_person(d, p, len, words, t->first, t->n, singles);
        }
    }
}

/* Name Name, [the] TITLE. */
static void before_titles(Doc *d)
{
    for (guint k = 0; k < d->commas->len; k++) {
        guint j = g_array_index(d->commas, guint32, k);
        if (j == 0 || j + 1 >= d->n || (d->info[j] & T_HEADLINE))
            continue;
        guint k = j + 1;
        while (k < d->n && doc_class(d, k, W_DETERMINER) && !tok_cap(d, k))
            k++;
        if (!title_at(d, k) || d->sent[k] != d->sent[j])
            continue;
        /* Walk back over the name, then read it forward. */
        guint s = j;
        while (s > 0 && j - s < 3 * MAX_NAME_WORDS && d->sent[s - 1] == d->sent[j] &&
               (person_word(d, s - 1) || initial(d, s - 1) || particle(d, s - 1) ||
                glued_hyphen(d, s - 1)))
            s--;
        if (s == j || (s > 0 && tok_cap(d, s - 1) && !(d->info[s] & T_INITIAL)))
            continue;
        guint words, len = name_run(d, s, &words);
        if (len != j - s || words < 2)
            continue;
        gboolean taken = FALSE;
        for (guint i = s; i < j && !taken; i++)
            taken = doc_owner(d, i) && !(doc_owner(d, i)->first == s &&
                                         is_person(d, doc_owner(d, i)));
        if (!taken)
            add_person(d, s, len, words, k, 0, FALSE);
    }
}

/* A given name that several gazetteer people have: evidence enough that
 * the words after a possessive organization are a person's name. */
#define GIVEN_NAME_PEOPLE 2

/* Org's Name Name: "Apple's Tim Cook", "Salomon Brothers' Henry
 * Kaufman". An organization with a possessive stands where a title would,
 * before two name words, the first a given name of the gazetteer (not a
 * particle: "GM's Van Nuys plant"): "Apple's Macintosh SE" names no one,
 * and with no given name known ("Tesla's Elon Musk") the words stay
 * unread. Not after a country or city, whose possessive more often
 * holds its places and parties ("Iran's Sirri Island", "West Germany's
 * Christian Democrats"). */
static void after_possessives(Doc *d)
{
    for (guint k = 0; k < d->cands->len; k++) {
        const Cand *c = &g_array_index(d->cands, Cand, k);
        guint j = c->first + c->n, p = j + 1, words;
        if (c->dropped || cand_type(d, c) != NG_TYPE_ORGANIZATION || p >= d->n ||
            !tok_is(d, j, NG_TOK_POSSESSIVE) || (d->info[p] & T_HEADLINE) ||
            d->sent[p] != d->sent[c->first] || !free_token(d, p) ||
            doc_class(d, p, W_PARTICLE) ||
            GPOINTER_TO_UINT(g_hash_table_lookup(d->nm->first_names,
                                                 doc_loose(d, p))) < GIVEN_NAME_PEOPLE)
            continue;
        guint len = name_run(d, p, &words);
        if (words == 2)
            add_person(d, p, len, words, p, 0, FALSE);
    }
}

void resolve_people(Doc *d)
{
    find_titles(d, d->titles);
    after_titles(d, d->titles, FALSE);
    before_titles(d);
    after_possessives(d);
    after_titles(d, d->titles, TRUE);
}
