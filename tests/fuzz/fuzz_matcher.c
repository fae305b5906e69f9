/*
 * fuzz_matcher.c - the gazetteer matcher, tagging and co-occurrence on
 * random text, against a naive matcher.
 *
 * Input: without a NUL byte, all of it is text matched against a small
 * built-in gazetteer. With one, the part before the first NUL adds
 * aliases, one per line: the first byte picks the flags (bits 0-2) and
 * the entity (the rest), the other bytes are the alias; the part after
 * the NUL is the text. Both parts are repaired to valid UTF-8.
 *
 * Invariants:
 *  - mentions are in text order, do not overlap, and their byte range is
 *    exactly that of their tokens (offsets inside the text, on token
 *    boundaries); entity and alias indexes are valid and agree;
 *  - no mention runs over a paragraph break;
 *  - the mentions are exactly those of a naive leftmost-longest matcher
 *    that compares every alias's folded tokens (and, for case-sensitive
 *    aliases, plain tokens) at every position, ties going to the lowest
 *    entity, then alias, aliases of more than NG_MATCHER_MAX_TOKENS
 *    tokens left out: the trie, its hash tables and their growth change
 *    nothing;
 *  - tagging keeps exactly the mentions resolution allows (ambiguous
 *    aliases need a firm mention of the same entity, metonyms need
 *    metonyms on), and each mention's sentence holds its first token;
 *  - surfaces are valid UTF-8 without doubled spaces; co-occurrence edges
 *    join two different entities with evidence of at most
 *    NG_EVIDENCE_MAX bytes of valid UTF-8.
 */
#include <string.h>

#include "cooccur.h"
#include "docresult.h"
#include "evidence.h"
#include "fuzz.h"
#include "matcher.h"
#include "tagging.h"

static NgGazetteer *base_gazetteer(void)
{
    static const struct {
        const char *name;
        NgEntityType type;
        const char *aliases[6];
        guint32 flags[6];
    } ents[] = {
        { "United States", NG_TYPE_COUNTRY,
          { "U.S.", "US", "United States of America", "America", "Washington" },
          { 0, 0, 0, 0, NG_ALIAS_METONYM } },
        { "Russia", NG_TYPE_COUNTRY, { "Russian Federation", "Moscow", "russia" },
          { 0, NG_ALIAS_METONYM, NG_ALIAS_NOCASE } },
        { "Jordan", NG_TYPE_COUNTRY, { "Jordan", "Hashemite Kingdom of Jordan" },
          { NG_ALIAS_AMBIGUOUS, 0 } },
        { "François Mitterrand", NG_TYPE_PERSON, { "Mitterrand", "F. Mitterrand" },
          { 0, 0 } },
        { "Sergey Lavrov", NG_TYPE_PERSON, { "Sergei Lavrov", "Lavrov" },
          { 0, NG_ALIAS_NOCASE } },
        { "AT&T", NG_TYPE_ORGANIZATION, { "AT & T", "A.T.&T." }, { 0, 0 } },
        { "Москва", NG_TYPE_COUNTRY, { "МОСКВА", "北京" }, { NG_ALIAS_NOCASE, 0 } },
        { "O'Neill", NG_TYPE_PERSON, { "O’Neill", "Tip O'Neill" }, { 0, 0 } },
    };
    NgGazetteer *gz = ng_gazetteer_new();
    for (guint i = 0; i < G_N_ELEMENTS(ents); i++) {
        guint32 e = ng_gazetteer_add_entity(gz, ents[i].name, ents[i].type, NULL);
        ng_gazetteer_add_alias(gz, e, ents[i].name, 0);
        for (guint k = 0; k < 6 && ents[i].aliases[k]; k++)
            ng_gazetteer_add_alias(gz, e, ents[i].aliases[k], ents[i].flags[k]);
    }
    return gz;
}

typedef struct {
    guint n;
    char **key;    /* folded form of each token */
    char **plain;  /* plain form */
} Forms;

static Forms forms_of(const char *text, const NgToken *t, guint n)
{
    Forms f = { n, g_new(char *, n + 1), g_new(char *, n + 1) };
    for (guint i = 0; i < n; i++) {
        GString *k = g_string_new(NULL), *p = g_string_new(NULL);
        ng_fold_append(k, text + t[i].start, t[i].end - t[i].start, TRUE);
        ng_fold_append(p, text + t[i].start, t[i].end - t[i].start, FALSE);
        f.key[i] = g_string_free(k, FALSE);
        f.plain[i] = g_string_free(p, FALSE);
    }
    f.key[n] = f.plain[n] = NULL;
    return f;
}

static void forms_clear(Forms *f)
{
    g_strfreev(f->key);
    g_strfreev(f->plain);
}

/* The naive matcher: the same contract, no trie. */
static GArray *naive_match(const NgGazetteer *gz, const char *text,
                           const NgToken *tk, guint n)
{
    guint na = gz->aliases->len;
    Forms *af = g_new(Forms, na);
    GArray *tmp = g_array_new(FALSE, FALSE, sizeof(NgToken));
    for (guint a = 0; a < na; a++) {
        const char *s = g_array_index(gz->aliases, NgAlias, a).text;
        g_array_set_size(tmp, 0);
        ng_tokenize(s, strlen(s), tmp);
        af[a] = forms_of(s, (NgToken *)(void *)tmp->data, tmp->len);
    }
    g_array_free(tmp, TRUE);
    Forms tf = forms_of(text, tk, n);

    GArray *out = g_array_new(FALSE, FALSE, sizeof(NgMention));
    for (guint i = 0; i < n;) {
        guint best_len = 0, best = 0;
        for (guint a = 0; a < na; a++) {
            const NgAlias *al = &g_array_index(gz->aliases, NgAlias, a);
            guint len = af[a].n;
            if (!len || len > NG_MATCHER_MAX_TOKENS || i + len > n ||
                len < best_len)
                continue;
            gboolean ok = TRUE;
            for (guint k = 0; ok && k < len; k++)
                ok = (k == 0 || !(tk[i + k].flags & NG_TOK_PARA_BEFORE)) &&
                     !strcmp(af[a].key[k], tf.key[i + k]) &&
                     ((al->flags & NG_ALIAS_NOCASE) ||
                      !strcmp(af[a].plain[k], tf.plain[i + k]));
            if (!ok)
                continue;
            const NgAlias *b = &g_array_index(gz->aliases, NgAlias, best);
            if (len > best_len || al->entity < b->entity ||
                (al->entity == b->entity && a < best)) {
                best_len = len;
                best = a;
            }
        }
        if (!best_len) {
            i++;
            continue;
        }
        NgMention m = { i, best_len, tk[i].start, tk[i + best_len - 1].end,
                        g_array_index(gz->aliases, NgAlias, best).entity, best };
        g_array_append_val(out, m);
        i += best_len;
    }
    for (guint a = 0; a < na; a++)
        forms_clear(&af[a]);
    g_free(af);
    forms_clear(&tf);
    return out;
}

static void check_mentions(const NgGazetteer *gz, const NgToken *tk, guint n,
                           const GArray *ms)
{
    guint32 next = 0;
    for (guint i = 0; i < ms->len; i++) {
        const NgMention *m = &g_array_index(ms, NgMention, i);
        FZ_CHECK(m->n_tokens >= 1 && m->first_token >= next &&
                 m->first_token + m->n_tokens <= n,
                 "mention %u: tokens %u+%u after %u of %u", i, m->first_token,
                 m->n_tokens, next, n);
        guint32 last = m->first_token + m->n_tokens - 1;
        FZ_CHECK(m->start == tk[m->first_token].start && m->end == tk[last].end,
                 "mention %u: bytes [%u,%u) are not those of its tokens", i,
                 m->start, m->end);
        FZ_CHECK(m->alias < gz->aliases->len && m->entity < gz->entities->len &&
                 g_array_index(gz->aliases, NgAlias, m->alias).entity == m->entity,
                 "mention %u: entity %u, alias %u", i, m->entity, m->alias);
        for (guint32 k = m->first_token + 1; k <= last; k++)
            FZ_CHECK(!(tk[k].flags & NG_TOK_PARA_BEFORE),
                     "mention %u runs over a paragraph break", i);
        next = last + 1;
    }
}

/* What resolution must keep of the matcher's mentions. */
static GArray *resolved(const NgGazetteer *gz, const GArray *ms, gboolean metonyms)
{
    GHashTable *firm = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < ms->len; i++) {
        const NgMention *m = &g_array_index(ms, NgMention, i);
        if (!(g_array_index(gz->aliases, NgAlias, m->alias).flags & NG_ALIAS_AMBIGUOUS))
            g_hash_table_add(firm, GUINT_TO_POINTER(m->entity + 1));
    }
    GArray *out = g_array_new(FALSE, FALSE, sizeof(NgMention));
    for (guint i = 0; i < ms->len; i++) {
        const NgMention *m = &g_array_index(ms, NgMention, i);
        guint32 f = g_array_index(gz->aliases, NgAlias, m->alias).flags;
        if ((f & NG_ALIAS_AMBIGUOUS) &&
            !g_hash_table_contains(firm, GUINT_TO_POINTER(m->entity + 1)))
            continue;
        if ((f & NG_ALIAS_METONYM) && !metonyms)
            continue;
        g_array_append_val(out, *m);
    }
    g_hash_table_destroy(firm);
    return out;
}

static void check_tagging(const NgMatcher *mt, const NgGazetteer *gz,
                          const char *text, gsize len, const GArray *ms,
                          gboolean metonyms)
{
    NgDoc doc = { .id = "fuzz", .text = (char *)text, .len = len, .path = "-" };
    NgTagOptions opt = { .metonyms = metonyms };
    NgTagged *t = ng_tagged_new();
    ng_tag_document(mt, gz, &opt, &doc, t);
    GArray *want = resolved(gz, ms, metonyms);
    FZ_CHECK(want->len == t->mentions->len &&
             fz_same(want->data, t->mentions->data, want->len * sizeof(NgMention)),
             "tagging kept %u mentions, resolution allows %u", t->mentions->len,
             want->len);
    g_array_free(want, TRUE);
    FZ_CHECK(t->sentence_of->len == t->mentions->len, "sentence_of length");
    for (guint i = 0; i < t->mentions->len; i++) {
        const NgMention *m = &g_array_index(t->mentions, NgMention, i);
        guint32 s = g_array_index(t->sentence_of, guint32, i);
        FZ_CHECK(s < t->sentences->len, "mention %u: sentence %u", i, s);
        const NgSentence *sn = &g_array_index(t->sentences, NgSentence, s);
        FZ_CHECK(m->first_token >= sn->first &&
                 m->first_token < sn->first + sn->n_tokens,
                 "mention %u (token %u) is not in its sentence %u", i,
                 m->first_token, s);
        char *surface = ng_mention_surface(t, m);
        FZ_CHECK(*surface && fz_utf8(surface, strlen(surface)) &&
                 !strstr(surface, "  ") && surface[0] != ' ',
                 "mention %u: bad surface", i);
        g_free(surface);
    }

    NgDocResult *r = ng_docresult_new(doc.id, NULL);
    guint32 *ents = ng_docresult_add_mentions(r, t);
    ng_cooccur_add(r, t, ents, len % 3 == 0 ? NG_WINDOW_DOCUMENT
                                            : NG_WINDOW_SENTENCE);
    for (guint i = 0; i < r->edges->len; i++) {
        const NgResultEdge *e = &g_array_index(r->edges, NgResultEdge, i);
        FZ_CHECK(e->source != e->target && e->source < r->entities->len &&
                 e->target < r->entities->len, "edge %u: %u -> %u", i,
                 e->source, e->target);
        FZ_CHECK(e->evidence && strlen(e->evidence) <= NG_EVIDENCE_MAX &&
                 fz_utf8(e->evidence, strlen(e->evidence)),
                 "edge %u: bad evidence", i);
    }
    g_free(ents);
    ng_docresult_free(r);
    ng_tagged_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    const char *nul = size ? memchr(p, '\0', size) : NULL;
    NgGazetteer *gz = base_gazetteer();
    if (nul) {
        for (const char *line = p; line < nul;) {
            const char *eol = memchr(line, '\n', (gsize)(nul - line));
            if (!eol)
                eol = nul;
            if (eol - line >= 2) {
                guchar b = (guchar)line[0];
                char *alias = fz_text(line + 1, (gsize)(eol - line - 1), '\n');
                ng_gazetteer_add_alias(gz, (b >> 3) % gz->entities->len, alias,
                                       b & 7);
                g_free(alias);
            }
            line = eol + 1;
        }
    }
    const char *tp = nul ? nul + 1 : p;
    char *text = fz_text(tp, size - (gsize)(tp - p), '\n');
    gsize len = strlen(text);

    NgMatcher *mt = ng_matcher_new(gz);
    GArray *toks = g_array_new(FALSE, FALSE, sizeof(NgToken));
    ng_tokenize(text, len, toks);
    const NgToken *tk = (const NgToken *)(void *)toks->data;
    GArray *ms = g_array_new(FALSE, FALSE, sizeof(NgMention));
    ng_matcher_match(mt, text, tk, toks->len, ms);
    check_mentions(gz, tk, toks->len, ms);

    GArray *want = naive_match(gz, text, tk, toks->len);
    for (guint i = 0; i < MAX(want->len, ms->len); i++) {
        const NgMention *a = i < ms->len ? &g_array_index(ms, NgMention, i) : NULL;
        const NgMention *b = i < want->len ? &g_array_index(want, NgMention, i) : NULL;
        FZ_CHECK(a && b && !memcmp(a, b, sizeof *a),
                 "mention %u: matcher tokens %d+%d alias %d, naive %d+%d "
                 "alias %d", i, a ? (int)a->first_token : -1,
                 a ? (int)a->n_tokens : -1, a ? (int)a->alias : -1,
                 b ? (int)b->first_token : -1, b ? (int)b->n_tokens : -1,
                 b ? (int)b->alias : -1);
    }
    g_array_free(want, TRUE);

    check_tagging(mt, gz, text, len, ms, TRUE);
    check_tagging(mt, gz, text, len, ms, FALSE);

    g_array_free(ms, TRUE);
    g_array_free(toks, TRUE);
    ng_matcher_free(mt);
    ng_gazetteer_free(gz);
    g_free(text);
    return 0;
}
