/*
 * fuzz_config_cache.c - the configuration cache (config_cache.h): what a
 * rebuild maps from DIR/config.cache, which a damaged disk or a stray
 * write may have changed.
 *
 * Input: a payload (what follows the header), framed with a good header
 * and checksum so that the checks behind them are what is fuzzed (the
 * header and checksum are the unit tests' business).
 *
 * Invariants:
 *  - the bytes give a gazetteer, its matcher, name indexes and warnings,
 *    or fail with NG_ERROR_FORMAT and give nothing;
 *  - in the gazetteer every string is valid UTF-8, every type and alias
 *    flag known, every alias's entity one of its entities, every id found
 *    by ng_gazetteer_lookup_id;
 *  - reading is lossless and writing deterministic: what was read, encoded,
 *    decodes, and encoding that again gives the same bytes;
 *  - the matcher (its tables used where they are: matcher_tables.h)
 *    finds, in a text made of the aliases, mentions whose alias and
 *    entity indexes are valid and agree, in text order without overlap;
 *    tagging that text (with the name indexes read) gives mentions of
 *    known or found entities; aliases can be added to the gazetteer;
 *  - a cache as the program writes it (its matcher's tables those that
 *    ng_matcher_new compiles from its gazetteer: the seeds) finds in that
 *    text exactly what the compiled matcher finds.
 */
#include <string.h>

#include "config_cache.h"
#include "fuzz.h"
#include "ng.h"
#include "tagging.h"
#include "token.h"

#define FP "fuzz"

static void check_gazetteer(const NgGazetteer *gz)
{
    const guint32 known = NG_ALIAS_NOCASE | NG_ALIAS_METONYM | NG_ALIAS_AMBIGUOUS;
    for (guint i = 0; i < gz->entities->len; i++) {
        const NgEntity *e = gz->entities->pdata[i];
        fz_check_utf8(e->id, "id");
        fz_check_utf8(e->name, "name");
        fz_check_utf8(e->origin, "origin");
        FZ_CHECK(e->type < NG_N_TYPES, "type %d", e->type);
        for (guint j = 0; j < e->n_attrs; j++) {
            fz_check_utf8(e->attrs[j].key, "attribute key");
            fz_check_utf8(e->attrs[j].value, "attribute value");
        }
        gint64 found = ng_gazetteer_lookup_id(gz, e->id);
        FZ_CHECK(found >= 0 && found < gz->entities->len, "id %s not found", e->id);
    }
    for (guint i = 0; i < gz->aliases->len; i++) {
        const NgAlias *a = &g_array_index(gz->aliases, NgAlias, i);
        fz_check_utf8(a->text, "alias");
        FZ_CHECK(a->entity < gz->entities->len, "alias %u: entity %u", i, a->entity);
        FZ_CHECK(!(a->flags & ~known), "alias %u: flags %u", i, a->flags);
    }
}

/* Tag text with everything read: the resolver uses the name indexes. */
static void check_tagging(const NgCachedConfig *c, const char *text, gsize len)
{
    NgTagged *t = ng_tagged_new();
    NgDoc doc = { .id = "fuzz", .text = (char *)text, .len = len, .path = "-",
                  .date = "1987-03-01" };
    NgTagOptions opt = { .metonyms = TRUE, .names = c->names };
    ng_tag_document(c->matcher, c->gazetteer, &opt, &doc, t);
    for (guint i = 0; i < t->mentions->len; i++) {
        const NgMention *mn = &g_array_index(t->mentions, NgMention, i);
        FZ_CHECK(mn->entity < c->gazetteer->entities->len + t->found->len,
                 "tagged mention of entity %u", mn->entity);
        FZ_CHECK(mn->start < mn->end && mn->end <= len, "tagged mention bytes");
    }
    ng_tagged_free(t);
}

/* The mentions m finds in text. */
static GArray *mentions(const NgMatcher *m, const GString *text, const GArray *toks)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(NgMention));
    ng_matcher_match(m, text->str, (const NgToken *)(void *)toks->data, toks->len, out);
    return out;
}

/* Check c's matcher on a text made of the aliases; `compiled`, if not
 * NULL, is the matcher its gazetteer compiles to, which c's must equal. */
static void check_matches(const NgCachedConfig *c, const NgMatcher *compiled)
{
    const NgGazetteer *gz = c->gazetteer;
    GString *text = g_string_new(NULL);
    for (guint i = 0; i < gz->aliases->len && text->len < 4096; i++)
        g_string_append_printf(text, "%s said %s. ",
                               g_array_index(gz->aliases, NgAlias, i).text,
                               g_array_index(gz->aliases, NgAlias,
                                             gz->aliases->len - 1 - i).text);
    GArray *toks = g_array_new(FALSE, FALSE, sizeof(NgToken));
    ng_tokenize(text->str, text->len, toks);
    GArray *out = mentions(c->matcher, text, toks);
    if (compiled) {
        GArray *want = mentions(compiled, text, toks);
        FZ_CHECK(want->len == out->len &&
                 (!out->len || !memcmp(want->data, out->data, out->len * sizeof(NgMention))),
                 "%u mentions where the compiled matcher finds %u", out->len, want->len);
        g_array_free(want, TRUE);
    }
    guint32 after = 0;
    for (guint i = 0; i < out->len; i++) {
        const NgMention *mn = &g_array_index(out, NgMention, i);
        FZ_CHECK(mn->alias < gz->aliases->len, "mention of alias %u", mn->alias);
        FZ_CHECK(mn->entity == g_array_index(gz->aliases, NgAlias, mn->alias).entity,
                 "mention entity %u", mn->entity);
        FZ_CHECK(mn->first_token >= after && mn->n_tokens > 0 &&
                 mn->first_token + mn->n_tokens <= toks->len, "mention tokens");
        FZ_CHECK(mn->start < mn->end && mn->end <= text->len, "mention bytes");
        after = mn->first_token + mn->n_tokens;
    }
    g_array_free(out, TRUE);
    g_array_free(toks, TRUE);
    check_tagging(c, text->str, text->len);
    g_string_free(text, TRUE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GBytes *framed = ng_config_cache_frame(FP, data, size);
    NgCachedConfig c, d;
    GError *err = NULL;
    gboolean ok = ng_config_cache_decode(framed, FP, NULL, &c, &err);
    g_bytes_unref(framed);
    if (!ok) {
        FZ_CHECK(err && err->domain == NG_ERROR && err->code == NG_ERROR_FORMAT,
                 "failed without an NG_ERROR_FORMAT");
        FZ_CHECK(!c.gazetteer && !c.matcher && !c.names && !c.warnings,
                 "failed but gave something");
        g_error_free(err);
        return 0;
    }
    FZ_CHECK(!err && c.gazetteer && c.matcher && c.names && c.warnings,
             "a result and an error, or half a result");
    for (guint i = 0; i < c.warnings->len; i++)
        fz_check_utf8(c.warnings->pdata[i], "warning");
    check_gazetteer(c.gazetteer);

    GBytes *once = ng_config_cache_encode(FP, &c);
    FZ_CHECK(ng_config_cache_decode(once, FP, NULL, &d, &err),
             "what was written does not decode: %s", err->message);
    GBytes *twice = ng_config_cache_encode(FP, &d);
    FZ_CHECK(g_bytes_equal(once, twice), "written twice differently");
    g_bytes_unref(twice);
    ng_cached_config_clear(&d);

    /* Is the matcher the one the gazetteer compiles to? */
    NgCachedConfig fresh = c;
    fresh.matcher = ng_matcher_new(c.gazetteer);
    GBytes *compiled = ng_config_cache_encode(FP, &fresh);
    gboolean genuine = g_bytes_equal(once, compiled);
    g_bytes_unref(compiled);
    g_bytes_unref(once);
    check_matches(&c, genuine ? fresh.matcher : NULL);
    ng_matcher_free(fresh.matcher);
    NgGazetteer *gz = c.gazetteer;
    if (gz->entities->len) {
        ng_gazetteer_add_alias(gz, 0, "fuzz alias", 0);
        guint32 e = ng_gazetteer_add_entity(gz, "Fuzz", NG_TYPE_PERSON, NULL);
        ng_gazetteer_add_alias(gz, e, "Fuzz", NG_ALIAS_NOCASE);
    }
    check_gazetteer(gz);
    ng_cached_config_clear(&c);
    return 0;
}
