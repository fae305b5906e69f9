/*
 * fuzz_rules.c - the relation rule YAML loader and compiler (rules.c),
 * then the relation engine (relations.c) running the compiled rules.
 *
 * The input is a rule file, added after the shipped rules/lexicon.yaml
 * (its word lists and grouping) and compiled. The engine then runs over
 * a fixed text naming the entities of tests/fixtures/rules/gazetteer and
 * over the input itself read as text.
 * Invariants:
 *  - a failed compile reports NG_ERROR_CONFIG problems, each line that
 *    names a file being "FILE:LINE:COLUMN: ..." (1-based);
 *  - a compiled rule has one trigger element (its anchor) with phrases,
 *    gaps of 1 to 20 tokens, slots with known types, and belongs to its
 *    relation; rule ids are unique; ng_rules_n_rules counts them;
 *  - every match lies in one sentence: its sentence exists and both
 *    arguments' tokens are inside it, their entities exist, a blocked
 *    match is only reported when asked for, and its relation and rule are
 *    the rule set's;
 *  - the edges a document result gets join two different entities with
 *    evidence of at most NG_EVIDENCE_MAX bytes (plus nothing else).
 */
#include <string.h>

#include "docresult.h"
#include "evidence.h"
#include "fuzz.h"
#include "matcher.h"
#include "ng.h"
#include "relations.h"
#include "rules.h"
#include "tagging.h"

static const char TEXT[] =
    "Biden meets Putin\n\n"
    "Joe Biden met Vladimir Putin in Geneva on Wednesday, and Antony Blinken "
    "met with Russian Foreign Minister Sergey Lavrov. Putin and Xi Jinping "
    "met in Beijing; Biden, Emmanuel Macron and Olaf Scholz met on the "
    "sidelines.\n"
    "The European Union imposed sanctions on Rosneft and Gazprom. Rosneft "
    "was sanctioned by the U.S. Treasury, which did not sanction Chevron. "
    "Japan may sanction Huawei if China objects.\n"
    "    The United States exempted Gazprom and its CEO, Alexei Miller, from "
    "sanctions. Reuters said Germany's Scholz had talks with France.\n";

typedef struct {
    const NgGazetteer *gz;
    const NgMatcher *matcher;
    char *lexicon;
} Fixture;

static const Fixture *fixture(void)
{
    static Fixture fx;
    if (fx.gz)
        return &fx;
    fx.gz = fz_gazetteer("tests/fixtures/rules/gazetteer", &fx.matcher);
    fx.lexicon = fz_src_path("rules/lexicon.yaml");
    return &fx;
}

/* A problem's position: in the input or in the lexicon. */
static gboolean has_position(const Fixture *fx, const char *path,
                             const char *msg)
{
    return fz_has_position(msg, path) || fz_has_position(msg, fx->lexicon);
}

static void check_compiled(const NgRuleSet *rs)
{
    guint n = 0;
    GHashTable *ids = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint r = 0; r < rs->relations->len; r++) {
        const NgRelation *rel = rs->relations->pdata[r];
        FZ_CHECK(rel->name && *rel->name && rel->rules, "relation %u", r);
        for (guint k = 0; k < rel->rules->len; k++, n++) {
            const NgRule *rule = rel->rules->pdata[k];
            FZ_CHECK(rule->relation == rel, "rule %s: wrong relation", rule->id);
            FZ_CHECK(g_hash_table_add(ids, rule->id), "rule id %s twice",
                     rule->id);
            FZ_CHECK(rule->anchor < rule->n_elements &&
                     rule->elements[rule->anchor].kind == NG_EL_TRIGGER &&
                     rule->trigger && rule->trigger->n > 0,
                     "rule %s: bad anchor", rule->id);
            guint triggers = 0;
            for (guint i = 0; i < rule->n_elements; i++) {
                const NgElement *el = &rule->elements[i];
                triggers += el->kind == NG_EL_TRIGGER;
                if (el->kind == NG_EL_GAP)
                    FZ_CHECK(el->max >= 1 && el->max <= 20, "rule %s: gap *%u",
                             rule->id, el->max);
                if (el->kind == NG_EL_SLOT)
                    FZ_CHECK(el->types && !(el->types >> NG_N_TYPES),
                             "rule %s: slot types %#x", rule->id, el->types);
                if (el->kind == NG_EL_WORDS)
                    FZ_CHECK(el->phrases, "rule %s: words without phrases",
                             rule->id);
            }
            FZ_CHECK(triggers == 1, "rule %s: %u triggers", rule->id, triggers);
        }
    }
    FZ_CHECK(ng_rules_n_rules(rs) == n, "n_rules %u, counted %u",
             ng_rules_n_rules(rs), n);
    g_hash_table_destroy(ids);
}

static gboolean rule_of(const NgRuleSet *rs, const NgRule *rule)
{
    for (guint r = 0; r < rs->relations->len; r++) {
        const NgRelation *rel = rs->relations->pdata[r];
        for (guint k = 0; k < rel->rules->len; k++)
            if (rel->rules->pdata[k] == rule)
                return rule->relation == rel;
    }
    return FALSE;
}

static void check_argument(const NgTagged *t, const NgSentence *sn,
                           const NgArgument *a)
{
    guint n_ent = t->gazetteer->entities->len + t->found->len;
    FZ_CHECK(a->entity < n_ent, "argument entity %u of %u", a->entity, n_ent);
    FZ_CHECK(a->n_tokens >= 1 && a->first_token >= sn->first &&
             a->first_token + a->n_tokens <= sn->first + sn->n_tokens,
             "argument tokens %u+%u outside the sentence %u+%u",
             a->first_token, a->n_tokens, sn->first, sn->n_tokens);
    FZ_CHECK(a->mention < (gint32)t->mentions->len, "mention %d", a->mention);
}

static void run_engine(const Fixture *fx, const NgRuleSet *rs,
                       const char *text, gsize len)
{
    NgRelationEngine *e = ng_relations_new(rs, fx->gz);
    NgTagged *t = ng_tagged_new();
    NgDoc doc = { .id = "fuzz", .text = (char *)text, .len = len, .path = "-" };
    NgTagOptions opt = { .metonyms = TRUE };
    ng_tag_document(fx->matcher, fx->gz, &opt, &doc, t);
    for (int keep = 0; keep <= 1; keep++) {
        GArray *ms = g_array_new(FALSE, FALSE, sizeof(NgRelationMatch));
        ng_relations_find(e, t, keep, ms);
        for (guint i = 0; i < ms->len; i++) {
            const NgRelationMatch *m = &g_array_index(ms, NgRelationMatch, i);
            FZ_CHECK(m->sentence < t->sentences->len, "match %u: sentence %u",
                     i, m->sentence);
            const NgSentence *sn = &g_array_index(t->sentences, NgSentence,
                                                  m->sentence);
            check_argument(t, sn, &m->source);
            check_argument(t, sn, &m->target);
            FZ_CHECK(keep || !m->blocker, "a blocked match without asking");
            FZ_CHECK(rule_of(rs, m->rule) && m->relation == m->rule->relation,
                     "match %u: foreign rule or relation", i);
        }
        if (!keep) {
            NgDocResult *r = ng_docresult_new(doc.id, NULL);
            g_free(ng_docresult_add_mentions(r, t));
            ng_relations_add(r, t, ms);
            for (guint i = 0; i < r->edges->len; i++) {
                const NgResultEdge *ed = &g_array_index(r->edges, NgResultEdge, i);
                FZ_CHECK(ed->source != ed->target, "edge %u: a self-loop", i);
                FZ_CHECK(!ed->evidence || (strlen(ed->evidence) <= NG_EVIDENCE_MAX
                         && fz_utf8(ed->evidence, strlen(ed->evidence))),
                         "edge %u: bad evidence", i);
            }
            ng_docresult_free(r);
        }
        g_array_free(ms, TRUE);
    }
    ng_tagged_free(t);
    ng_relations_free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Fixture *fx = fixture();
    const char *path = fz_input_file(".yaml", data, size);
    NgRuleSet *rs = ng_rules_new();
    GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
    GError *err = NULL;
    FZ_CHECK(ng_rules_add_file(rs, fx->lexicon, &err), "lexicon: %s",
             err->message);
    gboolean ok = ng_rules_add_file(rs, path, &err) &&
                  ng_rules_compile(rs, warnings, &err);
    if (!ok) {
        FZ_CHECK(err && err->domain == NG_ERROR && err->code == NG_ERROR_CONFIG,
                 "unexpected error kind");
        FZ_CHECK(has_position(fx, path, err->message), "error without a "
                 "position: %s", err->message);
        char **lines = g_strsplit(err->message, "\n", -1);
        for (char **l = lines; *l; l++)
            FZ_CHECK(!g_str_has_prefix(*l, path) || has_position(fx, path, *l),
                     "error line without a position: %s", *l);
        g_strfreev(lines);
        g_error_free(err);
    } else {
        for (guint i = 0; i < warnings->len; i++)
            FZ_CHECK(has_position(fx, path, warnings->pdata[i]), "warning "
                     "without a position: %s", (char *)warnings->pdata[i]);
        check_compiled(rs);
        run_engine(fx, rs, TEXT, sizeof TEXT - 1);
        char *text = fz_text(data, size, '\n');
        run_engine(fx, rs, text, strlen(text));
        g_free(text);
    }
    g_ptr_array_free(warnings, TRUE);
    ng_rules_free(rs);
    return 0;
}
