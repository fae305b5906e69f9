/*
 * fuzz_gazetteer.c - the gazetteer YAML loader (libyaml events), then the
 * matcher compiled from what it loaded.
 *
 * The input is written to a .yaml file and loaded into a gazetteer that
 * already holds one entity (as when a folder has several files).
 * Invariants:
 *  - on error: a message that starts with "PATH:LINE:COLUMN: " (1-based),
 *    as does every line of it that names the file (one per problem), and
 *    the gazetteer exactly as before (no half-loaded file);
 *  - on success: every entity id is an ASCII GraphML name of the form
 *    "TYPE.slug" or an id the file gave (a-z 0-9 . _ -), found by
 *    ng_gazetteer_lookup_id; names and aliases are valid UTF-8; every
 *    alias points at an entity; attributes are sorted with unique keys;
 *  - every warning is "PATH:LINE:COLUMN: ..." or a "PATH: N more
 *    warnings" summary;
 *  - loading the same file again succeeds and adds no entity or alias;
 *  - the matcher built from the result finds every alias in its own text
 *    (when the alias has 1 to NG_MATCHER_MAX_TOKENS tokens): a mention
 *    starts at the first token.
 */
#include <string.h>

#include "fuzz.h"
#include "gazetteer.h"
#include "graphml.h"
#include "matcher.h"
#include "ng.h"

static void check_warnings(GPtrArray *w, const char *path)
{
    for (guint i = 0; i < w->len; i++) {
        const char *m = w->pdata[i];
        char *summary = g_strdup_printf("%s: ", path);
        FZ_CHECK(fz_has_position(m, path) ||
                 (g_str_has_prefix(m, summary) && strstr(m, " more warnings")),
                 "warning without a position: %s", m);
        g_free(summary);
    }
}

static void check_contents(const NgGazetteer *gz)
{
    for (guint i = 0; i < gz->entities->len; i++) {
        const NgEntity *e = gz->entities->pdata[i];
        FZ_CHECK(ng_graphml_is_name(e->id), "id '%s' is not a GraphML name",
                 e->id);
        for (const char *p = e->id; *p; p++)
            FZ_CHECK((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                     *p == '.' || *p == '_' || *p == '-',
                     "id '%s' has '%c'", e->id, *p);
        FZ_CHECK(ng_gazetteer_lookup_id(gz, e->id) == (gint64)i,
                 "id '%s' does not find entity %u", e->id, i);
        FZ_CHECK(e->name && fz_utf8(e->name, strlen(e->name)),
                 "entity %u: bad name", i);
        FZ_CHECK((guint)e->type < NG_N_TYPES, "entity %u: type %d", i, e->type);
        for (guint k = 0; k < e->n_attrs; k++) {
            FZ_CHECK(fz_utf8(e->attrs[k].value, strlen(e->attrs[k].value)),
                     "attribute value not UTF-8");
            FZ_CHECK(k == 0 || strcmp(e->attrs[k - 1].key, e->attrs[k].key) < 0,
                     "entity %s: attributes not sorted or repeated", e->id);
        }
    }
    for (guint a = 0; a < gz->aliases->len; a++) {
        const NgAlias *al = &g_array_index(gz->aliases, NgAlias, a);
        FZ_CHECK(al->entity < gz->entities->len, "alias %u: entity %u", a,
                 al->entity);
        FZ_CHECK(fz_utf8(al->text, strlen(al->text)), "alias %u not UTF-8", a);
        FZ_CHECK(!(al->flags & ~(guint32)(NG_ALIAS_NOCASE | NG_ALIAS_METONYM |
                                          NG_ALIAS_AMBIGUOUS)),
                 "alias %u: flags %#x", a, al->flags);
    }
}

/* Each alias, matched against its own text, is found at its first token. */
static void check_matcher(const NgGazetteer *gz)
{
    NgMatcher *m = ng_matcher_new(gz);
    GArray *toks = g_array_new(FALSE, FALSE, sizeof(NgToken));
    GArray *ms = g_array_new(FALSE, FALSE, sizeof(NgMention));
    for (guint a = 0; a < gz->aliases->len; a++) {
        const char *text = g_array_index(gz->aliases, NgAlias, a).text;
        g_array_set_size(toks, 0);
        g_array_set_size(ms, 0);
        ng_tokenize(text, strlen(text), toks);
        gboolean para = FALSE;
        for (guint k = 1; k < toks->len; k++)
            para |= (g_array_index(toks, NgToken, k).flags & NG_TOK_PARA_BEFORE) != 0;
        if (!toks->len || toks->len > NG_MATCHER_MAX_TOKENS || para)
            continue;   /* skipped by the matcher, or never one match */
        ng_matcher_match(m, text, (NgToken *)(void *)toks->data, toks->len, ms);
        FZ_CHECK(ms->len >= 1 && g_array_index(ms, NgMention, 0).first_token == 0,
                 "alias %u ('%s') not found in its own text", a, text);
    }
    g_array_free(ms, TRUE);
    g_array_free(toks, TRUE);
    ng_matcher_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fz_input_file(".yaml", data, size);

    NgGazetteer *gz = ng_gazetteer_new();
    guint32 e = ng_gazetteer_add_entity(gz, "Russia", NG_TYPE_COUNTRY, NULL);
    ng_gazetteer_add_alias(gz, e, "Russia", 0);
    GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
    GError *error = NULL;
    if (!ng_gazetteer_load_file(gz, path, warnings, &error)) {
        FZ_CHECK(error && error->domain == NG_ERROR &&
                 error->code == NG_ERROR_CONFIG, "unexpected error kind");
        /* One problem per line; a value quoted in a message may hold a
         * line break, so only lines that name the file are checked. */
        FZ_CHECK(fz_has_position(error->message, path), "error without a "
                 "position: %s", error->message);
        char **lines = g_strsplit(error->message, "\n", -1);
        for (char **l = lines; *l; l++)
            FZ_CHECK(!g_str_has_prefix(*l, path) || fz_has_position(*l, path),
                     "error without a position: %s", *l);
        g_strfreev(lines);
        FZ_CHECK(gz->entities->len == 1 && gz->aliases->len == 1 &&
                 g_hash_table_size(gz->by_id) == 1,
                 "a failed load changed the gazetteer: %u entities, %u aliases",
                 gz->entities->len, gz->aliases->len);
        g_error_free(error);
    } else {
        check_contents(gz);
        guint n_ent = gz->entities->len, n_al = gz->aliases->len;
        FZ_CHECK(ng_gazetteer_load_file(gz, path, warnings, &error),
                 "loading the file again failed: %s", error->message);
        FZ_CHECK(gz->entities->len == n_ent && gz->aliases->len == n_al,
                 "loading again added entities or aliases");
        check_matcher(gz);
    }
    check_warnings(warnings, path);
    g_ptr_array_free(warnings, TRUE);
    ng_gazetteer_free(gz);
    return 0;
}
