/*
 * gazetteer_diff.c - which documents a change of gazetteers can affect
 * (gazetteer_diff.h, where the reasoning is).
 */
#include "gazetteer_diff.h"

#include <string.h>

#include "resolve.h"
#include "token.h"

struct NgGazetteerDiff {
    GHashTable *ids;          /* ids of changed entities (owned) */
    GHashTable *words;        /* loose keys to look for (owned) */
    const char *everything;   /* why every document is affected, or NULL */
    guint n_changed;
    /* What an ASCII token needs to have one of `words` as its key, which
     * is no longer than the token and starts with its first letter in
     * lower case (names_loose drops only letters after the first): most
     * tokens are ruled out before their key is made. */
    gsize shortest;           /* the shortest key's length */
    guint64 first[4];         /* bit c: some key starts with byte c */
};

/* Scratch for tokenizing and keying words. */
typedef struct {
    GArray *toks;
    GString *folded, *loose;
} Keyer;

/* What comparing two gazetteers needs beside the diff. */
typedef struct {
    NgGazetteerDiff *d;
    Keyer k;
    const NgGazetteer *now;
    GHashTable *uses;   /* word key -> aliases of `now` with it; made when
                           first needed */
} Differ;

static void keyer_init(Keyer *k)
{
    k->toks = g_array_new(FALSE, FALSE, sizeof(NgToken));
    k->folded = g_string_new(NULL);
    k->loose = g_string_new(NULL);
}

static void keyer_clear(Keyer *k)
{
    g_array_free(k->toks, TRUE);
    g_string_free(k->folded, TRUE);
    g_string_free(k->loose, TRUE);
}

/* The loose key of token t of text, in k->loose. */
static const char *word_key(Keyer *k, const char *text, const NgToken *t)
{
    ng_names_word_key(k->loose, k->folded, text + t->start, t->end - t->start,
                      t->flags);
    return k->loose->str;
}

static void tokenize(Keyer *k, const char *text, gsize len)
{
    g_array_set_size(k->toks, 0);
    ng_tokenize(text, len, k->toks);
}

/* The aliases of each entity, in order: entity e's are
 * index[first[e] .. first[e + 1]) (alias indexes). */
typedef struct {
    guint32 *first;
    guint32 *index;
} AliasIndex;

static void alias_index_init(AliasIndex *ix, const NgGazetteer *gz)
{
    guint n = gz->entities->len;
    ix->first = g_new0(guint32, n + 1);
    ix->index = g_new(guint32, MAX(gz->aliases->len, 1));
    for (guint a = 0; a < gz->aliases->len; a++)
        ix->first[g_array_index(gz->aliases, NgAlias, a).entity + 1]++;
    for (guint e = 0; e < n; e++)
        ix->first[e + 1] += ix->first[e];
    guint32 *fill = g_memdup2(ix->first, (n + 1) * sizeof(guint32));
    for (guint32 a = 0; a < gz->aliases->len; a++)
        ix->index[fill[g_array_index(gz->aliases, NgAlias, a).entity]++] = a;
    g_free(fill);
}

static void alias_index_clear(AliasIndex *ix)
{
    g_free(ix->first);
    g_free(ix->index);
}

/* Whether entity i of a (aliases ai) and entity j of b (bi) agree in
 * everything processing may read of them: id, name, type, attributes,
 * and their aliases in order with their flags. */
static gboolean same_entity(const NgGazetteer *a, const AliasIndex *ai,
                            guint32 i, const NgGazetteer *b,
                            const AliasIndex *bi, guint32 j)
{
    const NgEntity *x = a->entities->pdata[i], *y = b->entities->pdata[j];
    if (strcmp(x->id, y->id) || strcmp(x->name, y->name) ||
        x->type != y->type || x->n_attrs != y->n_attrs ||
        ai->first[i + 1] - ai->first[i] != bi->first[j + 1] - bi->first[j])
        return FALSE;
    for (guint k = 0; k < x->n_attrs; k++)
        if (strcmp(x->attrs[k].key, y->attrs[k].key) ||
            strcmp(x->attrs[k].value, y->attrs[k].value))
            return FALSE;
    for (guint k = 0; k < ai->first[i + 1] - ai->first[i]; k++) {
        const NgAlias *p = &g_array_index(a->aliases, NgAlias, ai->index[ai->first[i] + k]);
        const NgAlias *q = &g_array_index(b->aliases, NgAlias, bi->index[bi->first[j] + k]);
        if (p->flags != q->flags || strcmp(p->text, q->text))
            return FALSE;
    }
    return TRUE;
}

/* How many aliases of gz have each word (by key). */
static GHashTable *word_uses(const NgGazetteer *gz)
{
    Keyer mine, *k = &mine;
    keyer_init(k);
    GHashTable *uses = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                             NULL);
    for (guint a = 0; a < gz->aliases->len; a++) {
        const char *text = g_array_index(gz->aliases, NgAlias, a).text;
        tokenize(k, text, strlen(text));
        const NgToken *t = (const NgToken *)(void *)k->toks->data;
        for (guint j = 0; j < k->toks->len; j++) {
            const char *key = word_key(k, text, &t[j]);
            guint n = GPOINTER_TO_UINT(g_hash_table_lookup(uses, key));
            g_hash_table_insert(uses, g_strdup(key), GUINT_TO_POINTER(n + 1));
        }
    }
    keyer_clear(k);
    return uses;
}

/* Note entity e of gz (one version of a changed entity): its id, and the
 * words whose presence in a text may let it change the result. */
static void note_changed(Differ *df, const NgGazetteer *gz, guint32 e,
                         const AliasIndex *ix)
{
    NgGazetteerDiff *d = df->d;
    Keyer *k = &df->k;
    const NgEntity *ent = gz->entities->pdata[e];
    g_hash_table_add(d->ids, g_strdup(ent->id));
    if (!d->everything && ent->type == NG_TYPE_COUNTRY)
        d->everything = "a country changed";
    if (!d->everything && ng_entity_attr(ent, "demonym"))
        d->everything = "an entity with a demonym changed";
    gboolean person = ent->type == NG_TYPE_PERSON;
    for (guint i = ix->first[e]; i < ix->first[e + 1]; i++) {
        const NgAlias *al = &g_array_index(gz->aliases, NgAlias, ix->index[i]);
        tokenize(k, al->text, strlen(al->text));
        const NgToken *t = (const NgToken *)(void *)k->toks->data;
        /* A person: every word (the surname indexes take the first and
         * last); a name without a word (".") is an alias like others. */
        gboolean any_word = FALSE;
        for (guint j = 0; person && j < k->toks->len; j++) {
            if (t[j].flags & NG_TOK_WORD) {
                g_hash_table_add(d->words, g_strdup(word_key(k, al->text, &t[j])));
                any_word = TRUE;
            }
        }
        if (any_word)
            continue;
        /* An alias found in a text has all its words there: any one
         * will do. The one fewest aliases have (news text has "Company"
         * or "Bank" as often), then the longest. */
        char *pick = NULL;
        guint pick_uses = 0;
        for (guint j = 0; j < k->toks->len; j++) {
            const char *key = word_key(k, al->text, &t[j]);
            if (k->toks->len > 1 && !df->uses)
                df->uses = word_uses(df->now);
            guint uses = df->uses ? GPOINTER_TO_UINT(g_hash_table_lookup(df->uses, key))
                                  : 0;
            if (!pick || uses < pick_uses ||
                (uses == pick_uses && strlen(key) > strlen(pick))) {
                g_free(pick);
                pick = g_strdup(key);
                pick_uses = uses;
            }
        }
        if (pick)
            g_hash_table_add(d->words, pick);
    }
}

/* Which of v[0..n) (distinct values) are on one longest strictly
 * increasing subsequence: patience sorting, O(n log n). */
static gboolean *in_longest_run(const guint32 *v, guint n)
{
    guint *tail = g_new(guint, n + 1);   /* tail[l]: end of a run of l+1 */
    guint *prev = g_new(guint, n + 1);   /* the element before, in its run */
    guint len = 0;
    for (guint x = 0; x < n; x++) {
        guint lo = 0, hi = len;
        while (lo < hi) {
            guint mid = (lo + hi) / 2;
            if (v[tail[mid]] < v[x])
                lo = mid + 1;
            else
                hi = mid;
        }
        prev[x] = lo ? tail[lo - 1] : G_MAXUINT;
        tail[lo] = x;
        if (lo == len)
            len++;
    }
    gboolean *kept = g_new0(gboolean, n + 1);
    for (guint x = len ? tail[len - 1] : G_MAXUINT; x != G_MAXUINT; x = prev[x])
        kept[x] = TRUE;
    g_free(tail);
    g_free(prev);
    return kept;
}

/* Mark moved[owner[x]] for each value v[x] off a longest increasing run
 * of v. */
static void mark_off_run(const GArray *v, const GArray *owner, gboolean *moved)
{
    gboolean *kept = in_longest_run((const guint32 *)(void *)v->data, v->len);
    for (guint x = 0; x < v->len; x++)
        if (!kept[x])
            moved[g_array_index(owner, guint32, x)] = TRUE;
    g_free(kept);
}

NgGazetteerDiff *ng_gazetteer_diff_new(const NgGazetteer *old,
                                       const NgGazetteer *now)
{
    NgGazetteerDiff *d = g_new0(NgGazetteerDiff, 1);
    d->ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    d->words = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    AliasIndex oi, ni;
    alias_index_init(&oi, old);
    alias_index_init(&ni, now);
    Differ df = { .d = d, .now = now };
    keyer_init(&df.k);
    /* The entities in both and unchanged: old_of[i] is entity i's old
     * index, or -1. */
    gint64 *old_of = g_new(gint64, MAX(now->entities->len, 1));
    for (guint32 i = 0; i < now->entities->len; i++) {
        const NgEntity *e = now->entities->pdata[i];
        gint64 j = ng_gazetteer_lookup_id(old, e->id);
        old_of[i] = j >= 0 && same_entity(old, &oi, (guint32)j, now, &ni, i) ? j : -1;
        if (old_of[i] >= 0)
            continue;
        d->n_changed++;
        note_changed(&df, now, i, &ni);
        if (j >= 0)
            note_changed(&df, old, (guint32)j, &oi);
    }
    for (guint32 j = 0; j < old->entities->len; j++) {
        const NgEntity *e = old->entities->pdata[j];
        if (ng_gazetteer_lookup_id(now, e->id) < 0) {
            d->n_changed++;
            note_changed(&df, old, j, &oi);
        }
    }
    /* Where several entities share an alias or a surname, order decides:
     * the matcher's by entity, the surname index's by alias (an entity
     * of a later file with the same id adds aliases after other
     * entities'). An unchanged entity that moved relative to the others,
     * or one of whose aliases did, counts as changed: the fewest such are
     * those off a longest increasing run of old indexes, of entities in
     * new order and of aliases in new order. */
    gboolean *moved = g_new0(gboolean, MAX(now->entities->len, 1));
    GArray *v = g_array_new(FALSE, FALSE, sizeof(guint32));
    GArray *owner = g_array_new(FALSE, FALSE, sizeof(guint32));
    for (guint32 i = 0; i < now->entities->len; i++) {
        if (old_of[i] < 0)
            continue;
        guint32 j = (guint32)old_of[i];
        g_array_append_val(v, j);
        g_array_append_val(owner, i);
    }
    mark_off_run(v, owner, moved);
    g_array_set_size(v, 0);
    g_array_set_size(owner, 0);
    /* Alias k of entity i was alias k of its old self. */
    guint32 *pos = g_new(guint32, MAX(now->aliases->len, 1));
    for (guint32 i = 0; i < now->entities->len; i++)
        for (guint32 k = 0; k < ni.first[i + 1] - ni.first[i]; k++)
            pos[ni.index[ni.first[i] + k]] = k;
    for (guint32 a = 0; a < now->aliases->len; a++) {
        guint32 i = g_array_index(now->aliases, NgAlias, a).entity;
        if (old_of[i] < 0)
            continue;
        guint32 was = oi.index[oi.first[old_of[i]] + pos[a]];
        g_array_append_val(v, was);
        g_array_append_val(owner, i);
    }
    g_free(pos);
    mark_off_run(v, owner, moved);
    for (guint32 i = 0; i < now->entities->len; i++) {
        if (!moved[i])
            continue;
        d->n_changed++;
        note_changed(&df, now, i, &ni);
        note_changed(&df, old, (guint32)old_of[i], &oi);
    }
    g_array_free(v, TRUE);
    g_array_free(owner, TRUE);
    g_free(moved);
    g_free(old_of);
    keyer_clear(&df.k);
    if (df.uses)
        g_hash_table_destroy(df.uses);
    alias_index_clear(&oi);
    alias_index_clear(&ni);
    GHashTableIter it;
    gpointer key;
    d->shortest = G_MAXSIZE;
    g_hash_table_iter_init(&it, d->words);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        guchar c = *(const guchar *)key;
        d->shortest = MIN(d->shortest, strlen(key));
        d->first[c / 64] |= G_GUINT64_CONSTANT(1) << (c % 64);
    }
    return d;
}

void ng_gazetteer_diff_free(NgGazetteerDiff *d)
{
    if (!d)
        return;
    g_hash_table_destroy(d->ids);
    g_hash_table_destroy(d->words);
    g_free(d);
}

guint ng_gazetteer_diff_n_changed(const NgGazetteerDiff *d)
{
    return d->n_changed;
}

const char *ng_gazetteer_diff_everything(const NgGazetteerDiff *d)
{
    return d->everything;
}

gboolean ng_gazetteer_diff_affects(const NgGazetteerDiff *d, const char *text,
                                   gsize len, const NgDocResult *stored)
{
    if (d->everything)
        return TRUE;
    if (!d->n_changed)
        return FALSE;
    for (guint i = 0; i < stored->entities->len; i++)
        if (g_hash_table_contains(d->ids,
                                  ((const NgEntity *)stored->entities->pdata[i])->id))
            return TRUE;
    Keyer k;
    keyer_init(&k);
    tokenize(&k, text, len);
    const NgToken *t = (const NgToken *)(void *)k.toks->data;
    gboolean hit = FALSE;
    for (guint j = 0; !hit && j < k.toks->len; j++) {
        if (!(t[j].flags & NG_TOK_NONASCII)) {
            guchar c = (guchar)g_ascii_tolower(text[t[j].start]);
            if (t[j].end - t[j].start < d->shortest ||
                !((d->first[c / 64] >> (c % 64)) & 1))
                continue;
        }
        hit = g_hash_table_contains(d->words, word_key(&k, text, &t[j]));
    }
    keyer_clear(&k);
    return hit;
}
