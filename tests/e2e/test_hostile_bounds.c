/*
 * test_hostile_bounds.c - bounded resources (issue 8), scaled down so that
 * `make test` stays fast under the sanitizers: each input finishes in
 * time proportional to its size, or is refused with a clear message.
 * `make stress` (tests/stress) runs the full sizes; docs/robustness.md
 * states the bounds.
 *
 * The time limits are generous (a hundred times what the release build
 * needs): they catch quadratic behaviour, not slow machines.
 */
#include "hostile.h"

static char *gz;   /* tests/fixtures/e2e/gazetteers */

/* Seconds since `t0` (g_get_monotonic_time). */
static double since(gint64 t0)
{
    return (g_get_monotonic_time() - t0) / 1e6;
}

#define assert_quick(t0, limit)                                             \
    do {                                                                    \
        double s_ = since(t0), l_ = time_limit(limit);                      \
        if (s_ > l_)                                                        \
            g_error("%s:%d: took %.1f s, more than %.0f s", __FILE__,      \
                    __LINE__, s_, l_);                                      \
    } while (0)

/* 1 GB single-line file, at 16 MB: one document, one sentence. */
static void test_1gb_single_line_file(void)
{
    static const char *const words[] = {
        "the", "minister", "said", "talks", "on", "oil", "prices", "Japan",
        "and", "Russia", "U.S.", "market", "of", "trade",
    };
    char *dir = tl_tmpdir();
    GString *line = g_string_sized_new(16 << 20);
    guint32 x = 1;
    while (line->len < 16 << 20) {
        x = x * 1103515245u + 12345u;
        g_string_append(line, words[(x >> 16) % G_N_ELEMENTS(words)]);
        g_string_append_c(line, ' ');
    }
    char *in = tl_write(dir, "line.txt", line->str, (gssize)line->len);
    g_string_free(line, TRUE);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    gint64 t0 = g_get_monotonic_time();
    TlRun r = build_with(gz, out, in, NULL);
    assert_quick(t0, 60);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.err, "1 documents read, 0 skipped"));
    g_assert_nonnull(strstr(r.err, "3 nodes (0 person, 3 country, 0 "
                               "organization), 3 edges (3 co-occurs)"));
    tl_run_clear(&r);
    g_free(out);
    g_free(in);
    g_free(dir);
}

/* A line of 100 MB, at 4 MB: one JSON Lines record whose text names 100
 * entities in one run-on sentence, 4,950 pairs. Evidence was copied whole
 * for each pair (41 s before the fix, 0.3 s after). The text is hard-wrapped
 * with a "\n" escape every 13 bytes: the JSON reader once searched for the
 * closing quote again after each escape (quadratic). */
static void test_100mb_line(void)
{
    char *dir = tl_tmpdir();
    GString *yaml = g_string_new("entities:\n");
    GString *text = g_string_new(NULL);
    GString *filler = g_string_new(NULL);
    while (filler->len < 40000)
        g_string_append(filler, "lorem ipsum\\n");
    for (int i = 0; i < 100; i++) {
        g_string_append_printf(yaml, "  - name: Name%03d\n    type: country\n", i);
        g_string_append_printf(text, "Name%03d %s", i, filler->str);
    }
    tl_put(dir, "gz/many.yaml", yaml->str, -1);
    char *jl = g_strdup_printf("{\"id\": \"long\", \"text\": \"%s\"}\n", text->str);
    char *in = tl_write(dir, "long.jsonl", jl, -1);
    char *many = g_build_filename(dir, "gz", NULL);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    gint64 t0 = g_get_monotonic_time();
    TlRun r = build_with(many, out, in, NULL);
    assert_quick(t0, 10);   /* linear: about 0.2 s here */
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.err, "100 nodes (0 person, 100 country, 0 "
                               "organization), 4950 edges (4950 co-occurs)"));
    /* Evidence is capped: "[long] Name000 lorem ... ipsum…" */
    char *xml = tl_read(out, NULL);
    const char *ev = strstr(xml, "<data key=\"e_evidence\">[long] Name000 lorem");
    g_assert_nonnull(ev);
    g_assert_cmpuint(strcspn(ev + 23, "<"), <=, strlen("[long] ") + 400);
    g_free(xml);
    tl_run_clear(&r);
    g_free(out);
    g_free(many);
    g_free(in);
    g_free(jl);
    g_string_free(filler, TRUE);
    g_string_free(text, TRUE);
    g_string_free(yaml, TRUE);
    g_free(dir);
}

/* 10^6 mentions of the same entity, at 10^5: one node, counted right. */
static void test_million_mentions_of_one_entity(void)
{
    char *dir = tl_tmpdir();
    GString *text = g_string_new("Japan everywhere\n\n");
    for (int i = 0; i < 100000; i++)
        g_string_append(text, i % 10 == 9 ? "Japan.\n" : "Japan, ");
    char *in = tl_write(dir, "japan.txt", text->str, -1);
    g_string_free(text, TRUE);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    gint64 t0 = g_get_monotonic_time();
    TlRun r = build_with(gz, out, in, NULL);
    assert_quick(t0, 30);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.err, "100001 mentions; 1 nodes"));
    char *xml = tl_read(out, NULL);
    g_assert_nonnull(strstr(xml, "<data key=\"v_mentions\">100001</data>"));
    g_free(xml);
    tl_run_clear(&r);
    g_free(out);
    g_free(in);
    g_free(dir);
}

/* An alias of 10,000 tokens: left out with a warning. The matcher walks
 * up to one alias length from every token of a text, so such an alias
 * made matching quadratic; names have at most 32 tokens. */
static void test_alias_of_10000_tokens(void)
{
    char *dir = tl_tmpdir();
    GString *yaml = g_string_new("entities:\n  - name: Long One\n"
                                 "    type: organization\n    aliases: ['");
    for (int i = 0; i < 9999; i++)
        g_string_append(yaml, "w ");
    g_string_append(yaml, "x']\n  - name: Japan\n    type: country\n"
                    "  - name: Russia\n    type: country\n");
    char *path = tl_write(dir, "gz/long.yaml", yaml->str, -1);
    g_string_free(yaml, TRUE);
    char *long_gz = g_build_filename(dir, "gz", NULL);
    GString *text = g_string_new("Japan and Russia met.\n\n");
    for (int i = 0; i < 100000; i++)
        g_string_append(text, "w ");
    char *in = tl_write(dir, "w.txt", text->str, -1);
    g_string_free(text, TRUE);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    gint64 t0 = g_get_monotonic_time();
    TlRun r = build_with(long_gz, out, in, NULL);
    assert_quick(t0, 10);
    g_assert_cmpint(r.exit_code, ==, 0);
    assert_line(r.err, "negraph: warning: %s:4:15: alias of 10000 tokens, more "
                "than the 32 a name may have; ignored", path);
    g_assert_nonnull(strstr(r.err, "1 documents read, 0 skipped, 2 mentions"));
    tl_run_clear(&r);
    g_free(out);
    g_free(in);
    g_free(long_gz);
    g_free(path);
    g_free(dir);
}

/* Deeply nested YAML: 100,000 levels in a value the loader skips. libyaml
 * takes time quadratic in flow nesting (37 s here), so the loader stops
 * at 100 levels. */
static void test_deeply_nested_yaml(void)
{
    char *dir = tl_tmpdir();
    GString *yaml = g_string_new("entities:\n  - name: Deep\n    type: person\n"
                                 "    notes: ");
    for (int i = 0; i < 100000; i++)
        g_string_append_c(yaml, '[');
    for (int i = 0; i < 100000; i++)
        g_string_append_c(yaml, ']');
    g_string_append_c(yaml, '\n');
    char *path = tl_write(dir, "gz/deep.yaml", yaml->str, -1);
    g_string_free(yaml, TRUE);
    char *deep = g_build_filename(dir, "gz", NULL);
    gint64 t0 = g_get_monotonic_time();
    TlRun r = run_args(args_new("check", "--gazetteers", deep, "--rules",
                                no_rules(), NULL));
    assert_quick(t0, 10);
    g_assert_cmpint(r.exit_code, ==, 3);
    assert_line(r.err, "negraph: warning: %s:4:5: unknown key 'notes' in an "
                "entity (known: name, type, id, attributes, aliases); ignored",
                path);
    assert_line(r.err, "negraph: %s:4:112: lists or mappings nested more than "
                "100 deep", path);
    tl_run_clear(&r);
    g_free(deep);
    g_free(path);
    g_free(dir);
}

/* A rule that could backtrack badly: nine gaps of up to 20 tokens with
 * optional words between them, a final word that never comes, and a
 * trigger every other token of a 20,000-token sentence naming entities
 * throughout. Matching is memoised (each element and token tried once per
 * trigger), so this is linear: 0.1 s. */
static void test_backtracking_rule(void)
{
    char *dir = tl_tmpdir();
    tl_put(dir, "rules/bt.yaml",
           "relation: backtracks\n"
           "directed: true\n"
           "rules:\n"
           "  - id: gaps\n"
           "    trigger: [met]\n"
           "    pattern: \"{source} *20 and? *20 and? *20 and? *20 @trigger "
           "*20 and? *20 and? *20 and? *20 {target} zzz\"\n", -1);
    char *rules = g_build_filename(dir, "rules", NULL);
    static const char *const words[] = { "Japan", "met", "Russia", "met",
                                         "and", "met" };
    GString *text = g_string_new("Title\n\n");
    for (int i = 0; i < 20000; i++)
        g_string_append_printf(text, "%s ", words[i % 6]);
    g_string_append(text, ".\n");
    char *in = tl_write(dir, "bt.txt", text->str, -1);
    g_string_free(text, TRUE);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    gint64 t0 = g_get_monotonic_time();
    TlRun r = run_args(args_new("build", "--gazetteers", gz, "--rules", rules,
                                "-o", out, in, NULL));
    assert_quick(t0, 20);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.err, "edges (1 co-occurs)"));   /* none found */
    tl_run_clear(&r);
    g_free(out);
    g_free(in);
    g_free(rules);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    gz = gazetteers();
    g_test_add_func("/hostile/bounds/1gb-single-line-file",
                    test_1gb_single_line_file);
    g_test_add_func("/hostile/bounds/100mb-line", test_100mb_line);
    g_test_add_func("/hostile/bounds/million-mentions-of-one-entity",
                    test_million_mentions_of_one_entity);
    g_test_add_func("/hostile/bounds/alias-of-10000-tokens",
                    test_alias_of_10000_tokens);
    g_test_add_func("/hostile/bounds/deeply-nested-yaml",
                    test_deeply_nested_yaml);
    g_test_add_func("/hostile/bounds/backtracking-rule", test_backtracking_rule);
    int rc = g_test_run();
    g_free(gz);
    return rc;
}
