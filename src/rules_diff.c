/*
 * rules_diff.c - which documents a change of the rules can affect
 * (rules_diff.h).
 *
 * Each rule is rendered as text: everything the engine reads for it, its
 * relation's settings included, with every word list written out as the
 * folded words. Two rule sets intern words under different ids, so ids
 * are never compared, only the words they stand for.
 */
#include "rules_diff.h"

#include <string.h>

#include "ng.h"
#include "token.h"

struct NgRulesDiff {
    const NgRuleSet *old;
    const NgRuleSet *now;
    NgRuleSet *owned;        /* the old rules, when read back from text */
    /* By word id of each set: TRUE for the first word of a trigger phrase
     * of a changed rule. */
    gboolean *old_probe, *now_probe;
    gboolean any;
    guint n_changed;
};

/* Word ids back to their folded text. */
static const char **word_names(const NgRuleSet *rs)
{
    const char **names = g_new0(const char *, MAX(rs->n_words, 2));
    names[NG_WORD_NONE] = "";
    names[NG_WORD_POSSESSIVE] = "'s";
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, rs->words);
    while (g_hash_table_iter_next(&it, &key, &value))
        names[GPOINTER_TO_UINT(value)] = key;
    return names;
}

typedef struct {
    GString *out;
    const char **names;
} Render;

static void render_set(Render *r, const NgPhraseSet *set)
{
    if (!set) {
        g_string_append(r->out, "-");
        return;
    }
    /* Words hold no whitespace (the tokenizer splits there): a tab
     * between words and a line break between phrases are unambiguous. */
    g_string_append_c(r->out, '[');
    for (guint i = 0; i < set->n; i++) {
        if (i)
            g_string_append_c(r->out, '\n');
        for (guint k = set->offsets[i]; k < set->offsets[i + 1]; k++)
            g_string_append_printf(r->out, "%s%s", k > set->offsets[i] ? "\t" : "",
                                   r->names[set->words[k]]);
    }
    g_string_append_c(r->out, ']');
}

static void render_elements(Render *r, const NgElement *els, guint n)
{
    for (guint i = 0; i < n; i++) {
        const NgElement *e = &els[i];
        g_string_append_printf(r->out, " (%d %d %d %u %d %u %d ", e->kind,
                               e->optional, e->negated, e->max, e->slot,
                               e->types, e->demonyms);
        render_set(r, e->phrases);
        g_string_append_c(r->out, ')');
    }
}

static void render_blockers(Render *r, const GPtrArray *blockers)
{
    for (guint i = 0; blockers && i < blockers->len; i++) {
        const NgBlocker *b = blockers->pdata[i];
        g_string_append_printf(r->out, " blocker %d", b->scope);
        render_elements(r, b->elements, b->n_elements);
    }
}

/* Everything the engine reads for `rule`, as text. */
static char *render_rule(Render *r, const NgRule *rule)
{
    const NgRelation *rel = rule->relation;
    g_string_truncate(r->out, 0);
    g_string_append_printf(r->out, "%s %d %d %u", rel->name, rel->directed,
                           rel->skip_home, rel->blocker_window);
    render_set(r, rel->blocker_stops);
    render_set(r, rel->barriers);
    render_blockers(r, rel->blockers);
    g_string_append_printf(r->out, "; %s %u %d%s", rule->id, rule->anchor,
                           rule->cameo != NULL, rule->cameo ? rule->cameo : "");
    render_set(r, rule->trigger);
    render_set(r, rule->barriers);
    render_elements(r, rule->elements, rule->n_elements);
    render_blockers(r, rule->blockers);
    return g_strdup(r->out->str);
}

static char *render_grouping(Render *r, const NgGrouping *g)
{
    const NgPhraseSet *sets[] = {
        g->conjunctions, g->possessives, g->determiners, g->titles,
        g->prepositions, g->joiners, g->attach, g->tails, g->appositions,
    };
    g_string_truncate(r->out, 0);
    for (guint i = 0; i < G_N_ELEMENTS(sets); i++)
        render_set(r, sets[i]);
    return g_strdup(r->out->str);
}

/* One side of the comparison: each relation's rules, rendered. */
typedef struct {
    const NgRuleSet *rs;
    const char **names;
    char *grouping;
    GHashTable *relations;   /* name -> GPtrArray of rendered rules */
    gboolean *probe;
} Side;

static void side_init(Side *s, const NgRuleSet *rs, GString *buf)
{
    s->rs = rs;
    s->names = word_names(rs);
    Render r = { buf, s->names };
    s->grouping = render_grouping(&r, &rs->grouping);
    s->relations = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify)g_ptr_array_unref);
    for (guint i = 0; i < rs->relations->len; i++) {
        const NgRelation *rel = rs->relations->pdata[i];
        GPtrArray *rendered = g_ptr_array_new_with_free_func(g_free);
        for (guint k = 0; k < rel->rules->len; k++)
            g_ptr_array_add(rendered, render_rule(&r, rel->rules->pdata[k]));
        g_hash_table_insert(s->relations, rel->name, rendered);
    }
    s->probe = g_new0(gboolean, MAX(rs->n_words, 2));
}

static void side_clear(Side *s)
{
    g_free(s->names);
    g_free(s->grouping);
    g_hash_table_destroy(s->relations);
}

/* Rule k of relation `rel` on side s has changed: its trigger words are
 * looked for. */
static void mark(Side *s, const NgRelation *rel, guint k)
{
    const NgPhraseSet *t = ((const NgRule *)rel->rules->pdata[k])->trigger;
    for (guint i = 0; t && i < t->n; i++)
        s->probe[t->words[t->offsets[i]]] = TRUE;
}

static void mark_relation(Side *s, const NgRelation *rel)
{
    for (guint k = 0; k < rel->rules->len; k++)
        mark(s, rel, k);
}

static const NgRelation *find_relation(const NgRuleSet *rs, const char *name,
                                       guint *index)
{
    for (guint i = 0; i < rs->relations->len; i++) {
        const NgRelation *rel = rs->relations->pdata[i];
        if (!strcmp(rel->name, name)) {
            if (index)
                *index = i;
            return rel;
        }
    }
    return NULL;
}

/* Whether the relations both sides have come in the same order. */
static gboolean same_relation_order(const NgRuleSet *a, const NgRuleSet *b)
{
    guint last = 0;
    gboolean first = TRUE;
    for (guint i = 0; i < a->relations->len; i++) {
        guint j;
        if (!find_relation(b, ((const NgRelation *)a->relations->pdata[i])->name,
                           &j))
            continue;
        if (!first && j < last)
            return FALSE;
        last = j;
        first = FALSE;
    }
    return TRUE;
}

static gint rule_index(const NgRelation *rel, const char *id)
{
    for (guint k = 0; k < rel->rules->len; k++)
        if (!strcmp(((const NgRule *)rel->rules->pdata[k])->id, id))
            return (gint)k;
    return -1;
}

/* Compare one relation's rules; both sides have it. Returns the number
 * of changed rules. */
static guint compare_relation(Side *o, Side *n, const NgRelation *ro,
                              const NgRelation *rn)
{
    GPtrArray *so = g_hash_table_lookup(o->relations, ro->name);
    GPtrArray *sn = g_hash_table_lookup(n->relations, rn->name);
    /* The rules both have, in old order, must be in new order too: which
     * rule is tried first at a token decides which one is used there. */
    gint last = -1;
    for (guint k = 0; k < ro->rules->len; k++) {
        gint j = rule_index(rn, ((const NgRule *)ro->rules->pdata[k])->id);
        if (j < 0)
            continue;
        if (j < last) {
            mark_relation(o, ro);
            mark_relation(n, rn);
            return MAX(ro->rules->len, rn->rules->len);
        }
        last = j;
    }
    guint changed = 0;
    for (guint k = 0; k < ro->rules->len; k++) {
        gint j = rule_index(rn, ((const NgRule *)ro->rules->pdata[k])->id);
        if (j < 0 || strcmp(so->pdata[k], sn->pdata[j])) {
            mark(o, ro, k);
            if (j >= 0)
                mark(n, rn, (guint)j);
            changed++;
        }
    }
    for (guint j = 0; j < rn->rules->len; j++)
        if (rule_index(ro, ((const NgRule *)rn->rules->pdata[j])->id) < 0) {
            mark(n, rn, j);
            changed++;
        }
    return changed;
}

NgRulesDiff *ng_rules_diff_new(const NgRuleSet *old, const NgRuleSet *now)
{
    NgRulesDiff *d = g_new0(NgRulesDiff, 1);
    d->old = old;
    d->now = now;
    GString *buf = g_string_new(NULL);
    Side o, n;
    side_init(&o, old, buf);
    side_init(&n, now, buf);
    gboolean all = strcmp(o.grouping, n.grouping) != 0 ||
                   !same_relation_order(old, now);
    for (guint i = 0; i < old->relations->len; i++) {
        const NgRelation *ro = old->relations->pdata[i];
        const NgRelation *rn = find_relation(now, ro->name, NULL);
        if (all || !rn) {
            mark_relation(&o, ro);
            d->n_changed += ro->rules->len;
            if (rn)
                mark_relation(&n, rn);
        } else {
            d->n_changed += compare_relation(&o, &n, ro, rn);
        }
    }
    for (guint i = 0; i < now->relations->len; i++) {
        const NgRelation *rn = now->relations->pdata[i];
        if (!find_relation(old, rn->name, NULL)) {
            mark_relation(&n, rn);
            d->n_changed += rn->rules->len;
        }
    }
    for (guint w = 0; w < MAX(old->n_words, 2); w++)
        d->any |= o.probe[w];
    for (guint w = 0; w < MAX(now->n_words, 2); w++)
        d->any |= n.probe[w];
    d->old_probe = g_steal_pointer(&o.probe);
    d->now_probe = g_steal_pointer(&n.probe);
    side_clear(&o);
    side_clear(&n);
    g_string_free(buf, TRUE);
    return d;
}

void ng_rules_diff_free(NgRulesDiff *d)
{
    if (!d)
        return;
    ng_rules_free(d->owned);
    g_free(d->old_probe);
    g_free(d->now_probe);
    g_free(d);
}

guint ng_rules_diff_n_changed(const NgRulesDiff *d)
{
    return d->n_changed;
}

/* Whether the token is the first word of a probed trigger phrase. The
 * anchor filter is exact for ASCII tokens; a token with other letters
 * may fold to a trigger word all the same (and then is never a title
 * word, whatever the filter says): those are looked up. */
static gboolean probed(const NgRuleSet *rs, const gboolean *probe,
                       const char *text, const NgToken *tok)
{
    if (!(tok->flags & NG_TOK_NONASCII) && !ng_rules_may_anchor(rs, text, tok))
        return FALSE;
    return probe[ng_rules_token_word(rs, text, tok)];
}

gboolean ng_rules_diff_affects(const NgRulesDiff *d, const char *text,
                               gsize len)
{
    if (!d->any)
        return FALSE;
    GArray *toks = g_array_new(FALSE, FALSE, sizeof(NgToken));
    ng_tokenize(text, len, toks);
    gboolean hit = FALSE;
    for (guint i = 0; i < toks->len && !hit; i++) {
        const NgToken *t = &g_array_index(toks, NgToken, i);
        hit = probed(d->old, d->old_probe, text, t) ||
              probed(d->now, d->now_probe, text, t);
    }
    g_array_free(toks, TRUE);
    return hit;
}

/* ------------------------------------------------------------------ */
/* The rule files kept                                                  */

#define SOURCES_TYPE "a(say)"

char *ng_rules_sources_text(const NgRuleSet *rs)
{
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE(SOURCES_TYPE));
    for (guint i = 0; i < rs->sources->len; i++) {
        const NgRuleSource *src = rs->sources->pdata[i];
        gsize len;
        gconstpointer data = g_bytes_get_data(src->data, &len);
        g_variant_builder_add(&b, "(s@ay)", src->path,
                              g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE,
                                                        data, len, 1));
    }
    GVariant *v = g_variant_ref_sink(g_variant_builder_end(&b));
    char *text = g_variant_print(v, FALSE);
    g_variant_unref(v);
    return text;
}

static gboolean same_sources(GVariant *saved, const NgRuleSet *now)
{
    if (g_variant_n_children(saved) != now->sources->len)
        return FALSE;
    gboolean same = TRUE;
    for (guint i = 0; same && i < now->sources->len; i++) {
        const NgRuleSource *src = now->sources->pdata[i];
        GVariant *data;
        g_variant_get_child(saved, i, "(&s@ay)", NULL, &data);
        GBytes *bytes = g_variant_get_data_as_bytes(data);
        same = g_bytes_equal(bytes, src->data);
        g_bytes_unref(bytes);
        g_variant_unref(data);
    }
    return same;
}

NgRulesDiff *ng_rules_diff_from_text(const char *saved, const NgRuleSet *now,
                                     gboolean *same, GError **error)
{
    *same = FALSE;
    GVariant *v = g_variant_parse(G_VARIANT_TYPE(SOURCES_TYPE), saved, NULL,
                                  NULL, NULL);
    if (!v) {
        g_set_error(error, NG_ERROR, NG_ERROR_FORMAT,
                    "the rules kept in the state cannot be read");
        return NULL;
    }
    if (same_sources(v, now)) {
        *same = TRUE;
        g_variant_unref(v);
        return NULL;
    }
    NgRuleSet *old = ng_rules_new();
    gboolean ok = TRUE;
    for (gsize i = 0; ok && i < g_variant_n_children(v); i++) {
        const char *path;
        GVariant *data;
        g_variant_get_child(v, i, "(&s@ay)", &path, &data);
        gsize len;
        const char *bytes = g_variant_get_fixed_array(data, &len, 1);
        ok = ng_rules_add_data(old, path, bytes, len, NULL);
        g_variant_unref(data);
    }
    g_variant_unref(v);
    if (!ok || !ng_rules_compile(old, NULL, NULL)) {
        ng_rules_free(old);
        g_set_error(error, NG_ERROR, NG_ERROR_FORMAT,
                    "the rules kept in the state do not load");
        return NULL;
    }
    NgRulesDiff *d = ng_rules_diff_new(old, now);
    d->owned = old;
    return d;
}
