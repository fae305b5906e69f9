/*
 * names_index.c - what the resolver needs to know about the gazetteer's
 * names, indexed once when the patterns are loaded:
 *
 *  - surnames: every person under the loose key of the last word of each
 *    of its names (canonical name and aliases; a generational suffix such
 *    as Jr or III is skipped), with the loose key of the first word and
 *    whether the person's `role` attribute starts with a leader-roles
 *    phrase (a head of state or government). Surnames resolve titles
 *    ("President Reagan"), bare surnames and found names that the
 *    gazetteer spells a little differently;
 *  - one_word: the folded one-word aliases of countries and organizations
 *    and every one-word ambiguous alias: such a word (Ford, Jordan) is
 *    never read as a bare surname or short form.
 */
#include <stdlib.h>
#include <string.h>

#include "names_tables.h"
#include "resolve_impl.h"
#include "token.h"

void names_loose(GString *buf, const char *folded, gsize len)
{
    g_string_truncate(buf, 0);
    for (const char *p = folded; p < folded + len; p++) {
        char c = (char)names_lower((guchar)*p);
        /* ae oe ue: the German spelling of ä ö ü (ng_fold_append makes
         * those a o u). */
        if (c == 'e' && buf->len && strchr("aou", buf->str[buf->len - 1]))
            continue;
        if (buf->len && buf->str[buf->len - 1] == c && g_ascii_isalpha(c))
            continue;
        g_string_append_c(buf, c);
    }
}

void ng_names_word_key(GString *key, GString *scratch, const char *p,
                       gsize len, guint32 tok_flags)
{
    names_fold(scratch, p, len, tok_flags);
    names_loose(key, scratch->str, scratch->len);
}

const GArray *names_people(const NgNames *nm, const char *loose)
{
    return g_hash_table_lookup(nm->surnames, loose);
}

static void array_free(gpointer p)
{
    g_array_free(p, TRUE);
}

/* The year an ISO date ("1853-03-04", "2011") starts with, 0 if none. */
static guint16 year_of(const char *date)
{
    return date && g_ascii_isdigit(date[0]) ? (guint16)atoi(date) : 0;
}

/* The folded form of s, in buf. */
static const char *fold(GString *buf, const char *s)
{
    g_string_truncate(buf, 0);
    ng_fold_append(buf, s, -1, TRUE);
    return buf->str;
}

/* The word class of token t of role. */
static guint32 role_word_class(NgNames *nm, const char *role, const NgToken *t,
                               GString *buf)
{
    names_fold(buf, role + t->start, t->end - t->start, t->flags);
    return names_word_class(nm, names_word(nm, buf->str, buf->len));
}

/* Is the role of e a leader's: a leader-roles phrase, alone or followed
 * by "of" [the] and a country's name ("President of the United States",
 * not "President of the Senate" or "Premier of Nova Scotia")? */
static gboolean is_leader(NgNames *nm, const NgEntity *e, GHashTable *countries,
                          GArray *toks, GString *buf)
{
    const char *role = ng_entity_attr(e, "role");
    if (!role)
        return FALSE;
    g_array_set_size(toks, 0);
    ng_tokenize(role, strlen(role), toks);
    if (!toks->len)
        return FALSE;
    const NgToken *t = (const NgToken *)(void *)toks->data;
    guint n = toks->len;
    names_fold(buf, role + t[0].start, t[0].end - t[0].start, t[0].flags);
    GPtrArray *list = g_hash_table_lookup(nm->phrases[P_LEADER],
                                          GUINT_TO_POINTER(names_word(nm, buf->str, buf->len)));
    for (guint k = 0; list && k < list->len; k++) {
        const guint32 *p = list->pdata[k];
        guint j = 1;
        for (; j < p[0] && j < n; j++) {
            names_fold(buf, role + t[j].start, t[j].end - t[j].start, t[j].flags);
            if (names_word(nm, buf->str, buf->len) != p[1 + j])
                break;
        }
        if (j < p[0])
            continue;
        if (j == n)
            return TRUE;
        if (!(role_word_class(nm, role, &t[j], buf) & W_PREP))
            return FALSE;
        if (++j < n && (role_word_class(nm, role, &t[j], buf) & W_DETERMINER))
            j++;
        return j < n && g_hash_table_contains(countries, fold(buf, role + t[j].start));
    }
    return FALSE;
}

/* File the person alias `text` of entity e under its surname. */
static void add_person_name(NgNames *nm, const PersonRef *who,
                            const char *text, GArray *toks, GString *buf,
                            GString *loose)
{
    g_array_set_size(toks, 0);
    ng_tokenize(text, strlen(text), toks);
    const NgToken *t = (const NgToken *)(void *)toks->data;
    int first = -1, last = -1;
    for (guint i = 0; i < toks->len; i++) {
        if (!(t[i].flags & NG_TOK_WORD))
            continue;
        names_fold(buf, text + t[i].start, t[i].end - t[i].start, t[i].flags);
        if (first < 0)
            first = (int)i;
        if (!(names_word_class(nm, names_word(nm, buf->str, buf->len)) & W_NAME_SUFFIX) ||
            last < 0)
            last = (int)i;
    }
    if (last < 0)
        return;
    const char *first_key = NULL;
    if (first != last) {
        ng_names_word_key(loose, buf, text + t[first].start,
                          t[first].end - t[first].start, t[first].flags);
        first_key = g_string_chunk_insert_const(nm->strings, loose->str);
    }
    guint32 e = who->entity;
    ng_names_word_key(loose, buf, text + t[last].start,
                      t[last].end - t[last].start, t[last].flags);
    GArray *list = g_hash_table_lookup(nm->surnames, loose->str);
    if (!list) {
        list = g_array_sized_new(FALSE, FALSE, sizeof(PersonRef), 1);
        g_hash_table_insert(nm->surnames,
                            g_string_chunk_insert_const(nm->strings, loose->str),
                            list);
    }
    for (guint i = 0; i < list->len; i++) {
        const PersonRef *r = &g_array_index(list, PersonRef, i);
        if (r->entity == e && r->first == first_key)
            return;
    }
    PersonRef r = *who;
    r.first = first_key;
    g_array_append_val(list, r);
    if (first_key)
        g_hash_table_insert(nm->first_names, (gpointer)first_key,
                            GUINT_TO_POINTER(GPOINTER_TO_UINT(
                                g_hash_table_lookup(nm->first_names, first_key)) + 1));
}

void names_index_gazetteer(NgNames *nm)
{
    const NgGazetteer *gz = nm->gz;
    nm->surnames = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                         array_free);
    nm->first_names = g_hash_table_new(g_str_hash, g_str_equal);
    nm->one_word = names_word_table_new();
    GArray *toks = g_array_new(FALSE, FALSE, sizeof(NgToken));
    GString *buf = g_string_new(NULL), *loose = g_string_new(NULL);

    /* The type of each entity, read in one pass: the loops over the
     * aliases below would otherwise fetch an entity struct, scattered in
     * memory, for each alias. */
    guint n_ent = gz->entities->len;
    guint8 *type = g_new(guint8, MAX(n_ent, 1));
    for (guint e = 0; e < n_ent; e++)
        type[e] = (guint8)((const NgEntity *)gz->entities->pdata[e])->type;

    /* The names of the countries, for leaders' roles. */
    GHashTable *countries = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint a = 0; a < gz->aliases->len; a++) {
        const NgAlias *al = &g_array_index(gz->aliases, NgAlias, a);
        if (type[al->entity] == NG_TYPE_COUNTRY)
            g_hash_table_add(countries, g_strdup(fold(buf, al->text)));
    }
    /* What the surname index says about each person. */
    PersonRef *who = g_new0(PersonRef, MAX(n_ent, 1));
    for (guint e = 0; e < n_ent; e++) {
        if (type[e] != NG_TYPE_PERSON)
            continue;
        const NgEntity *ent = gz->entities->pdata[e];
        who[e].entity = e;
        who[e].leader = is_leader(nm, ent, countries, toks, buf);
        who[e].from = year_of(ng_entity_attr(ent, "term_start"));
        who[e].to = year_of(ng_entity_attr(ent, "term_end"));
    }
    g_hash_table_destroy(countries);

    for (guint a = 0; a < gz->aliases->len; a++) {
        const NgAlias *al = &g_array_index(gz->aliases, NgAlias, a);
        gboolean person = type[al->entity] == NG_TYPE_PERSON;
        if (person)
            add_person_name(nm, &who[al->entity], al->text, toks, buf, loose);
        if (person && !(al->flags & NG_ALIAS_AMBIGUOUS))
            continue;
        /* A space means two tokens at least: no need to tokenize. */
        if (strchr(al->text, ' '))
            continue;
        g_array_set_size(toks, 0);
        ng_tokenize(al->text, strlen(al->text), toks);
        if (toks->len != 1)
            continue;
        const NgToken *t = (const NgToken *)(void *)toks->data;
        names_fold(buf, al->text + t->start, t->end - t->start, t->flags);
        if (!names_word_table_get(nm->one_word, buf->str, buf->len))
            names_word_table_add(nm, nm->one_word, buf->str, GUINT_TO_POINTER(1));
    }
    g_free(who);
    g_free(type);
    g_array_free(toks, TRUE);
    g_string_free(buf, TRUE);
    g_string_free(loose, TRUE);
}

/* ------------------------------------------------------------------------
 * The indexes as flat tables (names_tables.h)
 * ------------------------------------------------------------------------ */

static int by_bytes(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of h, sorted: the tables do not depend on hashing order. */
static const char **sorted_keys(GHashTable *h, guint32 *n)
{
    guint len;
    const char **keys = (const char **)g_hash_table_get_keys_as_array(h, &len);
    qsort(keys, len, sizeof *keys, by_bytes);
    *n = len;
    return keys;
}

static void add_word(const char *word, gpointer value, gpointer words)
{
    g_ptr_array_add(words, (gpointer)word);
}

NgNamesTables *ng_names_tables(const NgNames *nm)
{
    NgNamesTables *t = g_new0(NgNamesTables, 1);
    t->surname = sorted_keys(nm->surnames, &t->n_surnames);
    t->n_refs = g_new(guint32, t->n_surnames + 1);
    for (guint32 i = 0; i < t->n_surnames; i++) {
        t->n_refs[i] = ((GArray *)g_hash_table_lookup(nm->surnames, t->surname[i]))->len;
        t->n_refs_total += t->n_refs[i];
    }
    t->ref_entity = g_new(guint32, t->n_refs_total + 1);
    t->ref_first = g_new(const char *, t->n_refs_total + 1);
    t->ref_years = g_new(guint32, t->n_refs_total + 1);
    t->ref_leader = g_new(guint8, t->n_refs_total + 1);
    guint32 k = 0;
    for (guint32 i = 0; i < t->n_surnames; i++) {
        const GArray *list = g_hash_table_lookup(nm->surnames, t->surname[i]);
        for (guint j = 0; j < list->len; j++, k++) {
            const PersonRef *r = &g_array_index(list, PersonRef, j);
            t->ref_entity[k] = r->entity;
            t->ref_first[k] = r->first;
            t->ref_years[k] = (guint32)r->from << 16 | r->to;
            t->ref_leader[k] = r->leader ? 1 : 0;
        }
    }
    t->first_name = sorted_keys(nm->first_names, &t->n_first_names);
    t->first_count = g_new(guint32, t->n_first_names + 1);
    for (guint32 i = 0; i < t->n_first_names; i++)
        t->first_count[i] = GPOINTER_TO_UINT(g_hash_table_lookup(nm->first_names,
                                                                 t->first_name[i]));
    GPtrArray *words = g_ptr_array_new();
    names_word_table_each(nm->one_word, add_word, words);
    g_ptr_array_sort(words, by_bytes);
    t->n_one_word = words->len;
    t->one_word = (const char **)g_ptr_array_free(words, FALSE);
    return t;
}

void ng_names_tables_free(NgNamesTables *t)
{
    if (!t)
        return;
    g_free(t->surname);
    g_free(t->n_refs);
    g_free(t->ref_entity);
    g_free(t->ref_first);
    g_free(t->ref_years);
    g_free(t->ref_leader);
    g_free(t->first_name);
    g_free(t->first_count);
    g_free(t->one_word);
    g_free(t);
}

void names_index_predecessors(NgNames *nm)
{
    const GPtrArray *ents = nm->gz->entities;
    GHashTable *by_code = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint e = 0; e < ents->len; e++) {
        const NgEntity *x = ents->pdata[e];
        const char *code = x->type == NG_TYPE_COUNTRY ? ng_entity_attr(x, "iso2") : NULL;
        if (code && !ng_entity_attr(x, "historical"))
            g_hash_table_insert(by_code, (gpointer)code, GUINT_TO_POINTER(e + 1));
    }
    nm->predecessors = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                             array_free);
    for (guint32 e = 0; e < ents->len; e++) {
        const NgEntity *x = ents->pdata[e];
        const char *next = x->type == NG_TYPE_COUNTRY && ng_entity_attr(x, "historical")
                               ? ng_entity_attr(x, "successor") : NULL;
        gpointer to = next ? g_hash_table_lookup(by_code, next) : NULL;
        if (!to)
            continue;
        GArray *list = g_hash_table_lookup(nm->predecessors, to);
        if (!list) {
            list = g_array_new(FALSE, FALSE, sizeof(guint32));
            g_hash_table_insert(nm->predecessors, to, list);
        }
        g_array_append_val(list, e);
    }
    g_hash_table_destroy(by_code);
}

gboolean names_index_tables(NgNames *nm, const NgNamesTables *t)
{
    guint64 total = 0;
    for (guint32 i = 0; i < t->n_surnames; i++)
        total += t->n_refs[i];
    if (total != t->n_refs_total)
        return FALSE;
    for (guint32 k = 0; k < t->n_refs_total; k++)
        if (t->ref_entity[k] >= nm->gz->entities->len || t->ref_leader[k] > 1)
            return FALSE;
    nm->surnames = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                         array_free);
    nm->first_names = g_hash_table_new(g_str_hash, g_str_equal);
    nm->one_word = names_word_table_new();
    guint32 k = 0;
    for (guint32 i = 0; i < t->n_surnames; i++) {
        GArray *list = g_array_sized_new(FALSE, FALSE, sizeof(PersonRef), t->n_refs[i]);
        for (guint32 j = 0; j < t->n_refs[i]; j++, k++) {
            PersonRef r = { .entity = t->ref_entity[k], .first = t->ref_first[k],
                            .leader = t->ref_leader[k],
                            .from = (guint16)(t->ref_years[k] >> 16),
                            .to = (guint16)t->ref_years[k] };
            g_array_append_val(list, r);
        }
        g_hash_table_insert(nm->surnames, (gpointer)t->surname[i], list);
    }
    for (guint32 i = 0; i < t->n_first_names; i++)
        g_hash_table_insert(nm->first_names, (gpointer)t->first_name[i],
                            GUINT_TO_POINTER(t->first_count[i]));
    for (guint32 i = 0; i < t->n_one_word; i++)
        names_word_table_add(nm, nm->one_word, t->one_word[i], GUINT_TO_POINTER(1));
    return TRUE;
}
