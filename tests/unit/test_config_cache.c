/*
 * test_config_cache.c - the configuration cache: what is read back is what
 * was loaded (entities, aliases, warnings, the matcher's tables, matches),
 * and a cache that is truncated, damaged, of another configuration or
 * inconsistent is refused, never half used.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "config_cache.h"
#include "gazetteer.h"
#include "matcher.h"
#include "matcher_tables.h"
#include "names_tables.h"
#include "ng.h"
#include "testlib.h"

#define FP "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define HEADER 96

/* Everything in gz as text, to compare two gazetteers. */
static char *dump(const NgGazetteer *gz)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < gz->entities->len; i++) {
        const NgEntity *e = gz->entities->pdata[i];
        g_string_append_printf(s, "E %s|%s|%d|%s", e->id, e->name, e->type,
                               e->origin ? e->origin : "(none)");
        for (guint j = 0; j < e->n_attrs; j++)
            g_string_append_printf(s, "|%s=%s", e->attrs[j].key, e->attrs[j].value);
        g_assert_cmpint(ng_gazetteer_lookup_id(gz, e->id), ==, i);
        g_string_append_c(s, '\n');
    }
    for (guint i = 0; i < gz->aliases->len; i++) {
        const NgAlias *a = &g_array_index(gz->aliases, NgAlias, i);
        g_string_append_printf(s, "A %s|%u|%u\n", a->text, a->entity, a->flags);
    }
    return g_string_free(s, FALSE);
}

/* a[0..len) and b[0..len_b) hold the same bytes (either may be NULL
 * when empty). */
static void same_bytes(gconstpointer a, gsize len, gconstpointer b, gsize len_b)
{
    g_assert_cmpuint(len, ==, len_b);
    if (len)
        g_assert_cmpint(memcmp(a, b, len), ==, 0);
}

/* The matchers' tables are the same, byte for byte. */
static void same_tables(const NgMatcher *a, const NgMatcher *b)
{
    NgMatcherTables s, t;
    ng_matcher_tables(a, &s);
    ng_matcher_tables(b, &t);
    same_bytes(s.pool, s.pool_len, t.pool, t.pool_len);
    same_bytes(s.slots, s.n_slots * NG_MATCHER_SLOT_SIZE, t.slots,
               t.n_slots * NG_MATCHER_SLOT_SIZE);
    same_bytes(s.tags, s.n_tags, t.tags, t.n_tags);
    same_bytes(s.edges, s.n_edges * NG_MATCHER_EDGE_SIZE, t.edges,
               t.n_edges * NG_MATCHER_EDGE_SIZE);
    same_bytes(s.children, 8 * s.n_children, t.children, 8 * t.n_children);
    same_bytes(s.term_start, 4 * s.n_term_start, t.term_start, 4 * t.n_term_start);
    same_bytes(s.term, 4 * s.n_term, t.term, 4 * t.n_term);
}

/* The name indexes as text. */
static char *dump_names(const NgNames *nm)
{
    NgNamesTables *t = ng_names_tables(nm);
    GString *s = g_string_new(NULL);
    for (guint32 i = 0, k = 0; i < t->n_surnames; i++) {
        g_string_append_printf(s, "S %s:", t->surname[i]);
        for (guint32 j = 0; j < t->n_refs[i]; j++, k++)
            g_string_append_printf(s, " %u/%s/%x/%u", t->ref_entity[k],
                                   t->ref_first[k] ? t->ref_first[k] : "-",
                                   t->ref_years[k], t->ref_leader[k]);
        g_string_append_c(s, '\n');
    }
    for (guint32 i = 0; i < t->n_first_names; i++)
        g_string_append_printf(s, "F %s %u\n", t->first_name[i], t->first_count[i]);
    for (guint32 i = 0; i < t->n_one_word; i++)
        g_string_append_printf(s, "O %s\n", t->one_word[i]);
    g_string_append_printf(s, "patterns %u\n", ng_names_n_patterns(nm));
    ng_names_tables_free(t);
    return g_string_free(s, FALSE);
}

/* Compile gz as the program does: matcher, name indexes (with the
 * patterns of patterns_dir, may be NULL). */
static NgCachedConfig compiled(NgGazetteer *gz, const char *patterns_dir,
                               GPtrArray *warnings)
{
    NgCachedConfig c = { gz, ng_matcher_new(gz), ng_names_new(gz, patterns_dir, NULL),
                         warnings };
    g_assert_nonnull(c.names);
    return c;
}

/* The mentions of text as "start-end:alias" joined with ' '. */
static char *tag(const NgMatcher *m, const char *text)
{
    GArray *toks = g_array_new(FALSE, FALSE, sizeof(NgToken));
    GArray *out = g_array_new(FALSE, FALSE, sizeof(NgMention));
    ng_tokenize(text, strlen(text), toks);
    ng_matcher_match(m, text, (const NgToken *)(void *)toks->data, toks->len, out);
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < out->len; i++) {
        const NgMention *mn = &g_array_index(out, NgMention, i);
        g_string_append_printf(s, "%u-%u:%u ", mn->start, mn->end, mn->alias);
    }
    g_array_free(toks, TRUE);
    g_array_free(out, TRUE);
    return g_string_free(s, FALSE);
}

/* Decode `bytes`, which must be good, and check that it gives back c. */
static void check_same(GBytes *bytes, const NgCachedConfig *c,
                       const char *patterns_dir, const char *text)
{
    NgCachedConfig d;
    GError *error = NULL;
    g_assert_true(ng_config_cache_decode(bytes, FP, patterns_dir, &d, &error));
    g_assert_no_error(error);
    char *a = dump(c->gazetteer), *b = dump(d.gazetteer);
    g_assert_cmpstr(a, ==, b);
    g_free(a);
    g_free(b);
    same_tables(c->matcher, d.matcher);
    a = dump_names(c->names);
    b = dump_names(d.names);
    g_assert_cmpstr(a, ==, b);
    g_free(a);
    g_free(b);
    g_assert_cmpuint(ng_matcher_n_states(c->matcher), ==, ng_matcher_n_states(d.matcher));
    a = tag(c->matcher, text);
    b = tag(d.matcher, text);
    g_assert_cmpstr(a, ==, b);
    g_free(a);
    g_free(b);
    g_assert_cmpuint(d.warnings->len, ==, c->warnings ? c->warnings->len : 0);
    for (guint i = 0; i < d.warnings->len; i++)
        g_assert_cmpstr(d.warnings->pdata[i], ==, c->warnings->pdata[i]);
    ng_cached_config_clear(&d);
}

static const char *TEXT =
    "Acme Corporation and the United States met in Paris; FRANÇOIS "
    "Mitterrand said the U.S. and acme corp would agree. W17 W2999 B.";

/* The fixture folders, loaded as the program does, round trip. */
static void test_round_trip_fixtures(void)
{
    const char *dirs[] = { "tests/fixtures/gazetteers", "tests/fixtures/e2e/gazetteers",
                           "tests/fixtures/names/gazetteers" };
    for (guint d = 0; d < G_N_ELEMENTS(dirs); d++) {
        char *dir = tl_src_path(dirs[d]);
        NgGazetteer *gz = ng_gazetteer_new();
        GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
        ng_gazetteer_load_dir(gz, dir, warnings, NULL); /* some files are bad */
        g_assert_cmpuint(gz->entities->len, >, 0);
        /* With the shipped name patterns (a few KB): leaders' roles and
         * name suffixes make a difference in the indexes. */
        char *patterns = tl_src_path("gazetteers/patterns");
        NgCachedConfig c = compiled(gz, patterns, warnings);
        GBytes *bytes = ng_config_cache_encode(FP, &c);
        check_same(bytes, &c, patterns, TEXT);
        g_bytes_unref(bytes);
        ng_cached_config_clear(&c);
        g_free(patterns);
        g_free(dir);
    }
}

/* A gazetteer built in code: n one-word aliases (3000: many) before the first
 * longer one (ng_matcher_new once overflowed its children array there),
 * shared alias texts, no attributes, no origins. */
static NgGazetteer *synthetic(int n)
{
    NgGazetteer *gz = ng_gazetteer_new();
    for (int i = 0; i < n; i++) {
        char name[32];
        g_snprintf(name, sizeof name, "W%d", i);
        guint32 e = ng_gazetteer_add_entity(gz, name, (NgEntityType)(i % NG_N_TYPES), NULL);
        ng_gazetteer_add_alias(gz, e, name, i % 3 ? 0 : NG_ALIAS_NOCASE);
    }
    char last[32];
    g_snprintf(last, sizeof last, "W%d B", n - 1);
    guint32 e = ng_gazetteer_add_entity(gz, last, NG_TYPE_PERSON, NULL);
    ng_gazetteer_add_alias(gz, e, last, 0);
    ng_gazetteer_add_alias(gz, e, "W17", NG_ALIAS_AMBIGUOUS);
    return gz;
}

static void test_round_trip_synthetic(void)
{
    NgCachedConfig c = compiled(synthetic(3000), NULL, NULL);
    g_autofree char *found = tag(c.matcher, "W2999 B and W17");
    g_assert_cmpstr(found, ==, "0-7:3000 12-15:17 ");
    GBytes *bytes = ng_config_cache_encode(FP, &c);
    check_same(bytes, &c, NULL, "W2999 B and W17, w3 W3 w1 W1");
    g_bytes_unref(bytes);
    ng_cached_config_clear(&c);
}

/* Aliases added to a gazetteer read from the cache are merged as they are
 * in the original: the indexes ng_gazetteer_add_alias needs are rebuilt. */
static void test_add_after_decode(void)
{
    NgCachedConfig c = compiled(synthetic(3000), NULL, NULL), d;
    GBytes *bytes = ng_config_cache_encode(FP, &c);
    g_assert_true(ng_config_cache_decode(bytes, FP, NULL, &d, NULL));
    NgGazetteer *gz = c.gazetteer, *gz2 = d.gazetteer;
    NgGazetteer *both[] = { gz, gz2 };
    for (guint i = 0; i < 2; i++) {
        ng_gazetteer_add_alias(both[i], 5, "W5", NG_ALIAS_METONYM); /* merged */
        ng_gazetteer_add_alias(both[i], 6, "W5", 0);                /* new */
        guint32 e = ng_gazetteer_add_entity(both[i], "New One", NG_TYPE_COUNTRY, NULL);
        ng_gazetteer_add_alias(both[i], e, "New One", 0);
        const NgEntity *seventh = both[i]->entities->pdata[7];
        g_assert_cmpint(ng_gazetteer_add_entity(both[i], "x", NG_TYPE_PERSON, seventh->id),
                        ==, 7);
    }
    char *a = dump(gz), *b = dump(gz2);
    g_assert_cmpstr(a, ==, b);
    g_free(a);
    g_free(b);
    g_bytes_unref(bytes);
    ng_cached_config_clear(&d);
    ng_cached_config_clear(&c);
}

static gboolean decodes(GBytes *bytes, const char *fp)
{
    NgCachedConfig d;
    GError *error = NULL;
    gboolean ok = ng_config_cache_decode(bytes, fp, NULL, &d, &error);
    if (ok) {
        g_assert_true(d.gazetteer && d.matcher && d.names && d.warnings);
        ng_cached_config_clear(&d);
    } else {
        g_assert_true(!d.gazetteer && !d.matcher && !d.names && !d.warnings);
        g_assert_error(error, NG_ERROR, NG_ERROR_FORMAT);
        g_error_free(error);
    }
    return ok;
}

/* Truncated, a byte changed, another fingerprint: refused. */
static void test_damage_refused(void)
{
    char *dir = tl_src_path("tests/fixtures/e2e/gazetteers");
    NgGazetteer *gz = ng_gazetteer_new();
    g_assert_true(ng_gazetteer_load_dir(gz, dir, NULL, NULL));
    NgCachedConfig c = compiled(gz, NULL, NULL);
    GBytes *bytes = ng_config_cache_encode(FP, &c);
    gsize len;
    const guint8 *data = g_bytes_get_data(bytes, &len);
    g_assert_true(decodes(bytes, FP));
    g_assert_false(decodes(bytes, "another"));
    g_assert_false(decodes(bytes, ""));
    for (gsize n = 0; n < len; n += 1 + n / 8) {
        GBytes *cut = g_bytes_new(data, n);
        g_assert_false(decodes(cut, FP));
        g_bytes_unref(cut);
    }
    guint8 *copy = g_memdup2(data, len);
    for (gsize i = 0; i < len; i += 1 + i / 16) {
        copy[i] ^= 0x20;
        GBytes *flipped = g_bytes_new_static(copy, len);
        g_assert_false(decodes(flipped, FP));
        g_bytes_unref(flipped);
        copy[i] ^= 0x20;
    }
    g_free(copy);
    g_bytes_unref(bytes);
    ng_cached_config_clear(&c);
    g_free(dir);
}

/* A payload changed and given a good checksum (what a stray edit that
 * also fixed the header would give): the structural checks refuse it or
 * it reads as a whole gazetteer and matcher. Each byte of the payload is
 * set to values that break offsets, counts and indexes. */
static void test_reframed_damage(void)
{
    NgGazetteer *gz = synthetic(100);
    ng_gazetteer_add_alias(gz, 3, "W3 W4 W5", 0);
    ng_gazetteer_add_alias(gz, 0, "Jan W0", 0);
    NgCachedConfig c = compiled(gz, NULL, NULL);
    GBytes *bytes = ng_config_cache_encode(FP, &c);
    gsize len;
    const guint8 *data = g_bytes_get_data(bytes, &len);
    guint8 *payload = g_memdup2(data + HEADER, len - HEADER);
    gsize n = len - HEADER;
    guint refused = 0;
    const guint8 values[] = { 0x00, 0xFF, 0x80, 0x07 };
    for (gsize i = 0; i < n; i += 1 + i / 64) {
        guint8 was = payload[i];
        for (guint v = 0; v < G_N_ELEMENTS(values); v++) {
            if (values[v] == was)
                continue;
            payload[i] = values[v];
            GBytes *framed = ng_config_cache_frame(FP, payload, n);
            refused += !decodes(framed, FP);
            g_bytes_unref(framed);
        }
        payload[i] = was;
    }
    g_assert_cmpuint(refused, >, 0);
    GBytes *framed = ng_config_cache_frame(FP, payload, n);
    g_assert_true(decodes(framed, FP));
    g_bytes_unref(framed);
    g_free(payload);
    g_bytes_unref(bytes);
    ng_cached_config_clear(&c);
}

/* The file: written through a temporary file, read back; a missing file
 * is NG_ERROR_IO. */
static void test_file(void)
{
    GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(warnings, g_strdup("f.yaml:1:2: a warning"));
    NgCachedConfig c = compiled(synthetic(3000), NULL, warnings), d;
    char *tmp = tl_tmpdir();
    char *path = g_build_filename(tmp, "config.cache", NULL);
    GError *error = NULL;
    g_assert_false(ng_config_cache_read(path, FP, NULL, &d, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_IO);
    g_clear_error(&error);
    g_assert_true(ng_config_cache_write(path, FP, &c, &error));
    g_assert_no_error(error);
    g_assert_true(ng_config_cache_read(path, FP, NULL, &d, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(d.warnings->len, ==, 1);
    g_assert_cmpstr(d.warnings->pdata[0], ==, "f.yaml:1:2: a warning");
    char *a = dump(c.gazetteer), *b = dump(d.gazetteer);
    g_assert_cmpstr(a, ==, b);
    g_free(a);
    g_free(b);
    /* The matcher uses its tables where the file is mapped, read-only. */
    same_tables(c.matcher, d.matcher);
    a = tag(c.matcher, "W2999 B and W17, w3 W3 w1 W1");
    b = tag(d.matcher, "W2999 B and W17, w3 W3 w1 W1");
    g_assert_cmpstr(a, ==, b);
    g_assert_cmpstr(a, ==, "0-7:3000 12-15:17 17-19:3 20-22:3 26-28:1 ");
    g_free(a);
    g_free(b);
    /* Only the cache is left in the folder. */
    GDir *dir = g_dir_open(tmp, 0, NULL);
    g_assert_cmpstr(g_dir_read_name(dir), ==, "config.cache");
    g_assert_null(g_dir_read_name(dir));
    g_dir_close(dir);
    ng_cached_config_clear(&d);
    ng_cached_config_clear(&c);
    g_unlink(path);
    g_rmdir(tmp);
    g_free(path);
    g_free(tmp);
}

/* The shipped gazetteers round trip (a second under ASan too slow to
 * matter elsewhere: skipped there). */
static void test_round_trip_shipped(void)
{
#ifdef __SANITIZE_ADDRESS__
    g_test_skip("slow under AddressSanitizer");
#else
    char *dir = tl_src_path("gazetteers");
    char *patterns = g_build_filename(dir, "patterns", NULL);
    NgGazetteer *gz = ng_gazetteer_new();
    GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
    g_assert_true(ng_gazetteer_load_dir(gz, dir, warnings, NULL));
    NgCachedConfig c = compiled(gz, patterns, warnings);
    GBytes *bytes = ng_config_cache_encode(FP, &c);
    check_same(bytes, &c, patterns,
               "President Reagan told the Bank of Japan and Exxon Corp in "
               "Moscow that Mikhail Gorbachev and the European Community agreed.");
    g_bytes_unref(bytes);
    ng_cached_config_clear(&c);
    g_free(patterns);
    g_free(dir);
#endif
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/config_cache/round_trip_fixtures", test_round_trip_fixtures);
    g_test_add_func("/config_cache/round_trip_synthetic", test_round_trip_synthetic);
    g_test_add_func("/config_cache/add_after_decode", test_add_after_decode);
    g_test_add_func("/config_cache/damage_refused", test_damage_refused);
    g_test_add_func("/config_cache/reframed_damage", test_reframed_damage);
    g_test_add_func("/config_cache/file", test_file);
    g_test_add_func("/config_cache/round_trip_shipped", test_round_trip_shipped);
    return g_test_run();
}
