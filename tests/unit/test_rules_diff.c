/*
 * test_rules_diff.c - which documents a change of the relation rules can
 * affect (rules_diff.h).
 *
 * The main test is a property: for each of a dozen changes of the shipped
 * rules (a trigger word, a pattern, a word list, the grouping vocabulary,
 * a relation's settings, a rule moved, renamed, removed or added, a file
 * added or removed), every sentence of a set that the diff calls
 * unaffected must give exactly the result it gave before - mentions,
 * co-occurrences and relations with their rules, CAMEO codes and
 * evidence - through the whole per-document pipeline. The others check
 * the counts, the rules kept as text and a damaged copy of them.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "docresult_json.h"
#include "ng.h"
#include "pipeline.h"
#include "resolve.h"
#include "rules_diff.h"
#include "testlib.h"

/* The end-to-end fixture's gazetteer with the shipped name patterns,
 * loaded once. */
static NgGazetteer *gz;
static NgMatcher *matcher;
static NgNames *names;

/* Sentences naming the fixture's entities, with and without the shipped
 * rules' trigger words. */
static const char *SENTENCES[] = {
    "Antony Blinken met Sergey Lavrov in Moscow on Monday.",
    "Antony Blinken met with Russian Foreign Minister Sergey Lavrov.",
    "Sergey Lavrov was received by Antony Blinken in Washington.",
    "Blinken and Lavrov held talks in Geneva.",
    "Antony Blinken did not meet Sergey Lavrov.",
    "Antony Blinken may meet Sergey Lavrov next week.",
    "The United States imposed sanctions on Russia.",
    "The United States imposed sanctions on Nord Stream 2 AG and its CEO.",
    "Washington lifted sanctions on Russia, officials said.",
    "The U.S. exempted Nord Stream 2 AG from sanctions.",
    "Japan and the U.S. signed a trade deal in Tokyo.",
    "AT&T said Washington would decide on the merger.",
    "Fran\xc3\xa7ois Mitterrand visited Japan in the spring.",
    "Fran\xc3\xa7ois Mitterrand toured Japan and Russia.",
    "Russia threatened sanctions against Japan.",
    "Japan talked with Russia about fishing rights.",
    "Nothing of note happened in Jordan on Tuesday.",
    "The Hashemite Kingdom of Jordan and Japan discussed trade.",
    "Sergei Lavrov telephoned Antony Blinken.",
    "Russia blacklisted AT&T, the U.S. company.",
};

/* The shipped rule files, copied to a new folder and changed by
 * `change` (NULL: none). */
typedef void (*Change)(const char *dir);

static NgRuleSet *rules_load(Change change)
{
    char *src = tl_src_path("rules");
    char *dir = tl_tmpdir();
    tl_copy_files(src, dir);
    if (change)
        change(dir);
    GError *error = NULL;
    NgRuleSet *rs = ng_rules_load_dir(dir, NULL, &error);
    g_assert_no_error(error);
    g_free(dir);
    g_free(src);
    return rs;
}

/* In dir/file, the one occurrence of `from` replaced by `to`. */
static void edit(const char *dir, const char *file, const char *from,
                 const char *to)
{
    char *path = g_build_filename(dir, file, NULL);
    char *text = tl_read(path, NULL);
    const char *at = strstr(text, from);
    g_assert_nonnull(at);
    g_assert_null(strstr(at + 1, from));
    char *out = g_strdup_printf("%.*s%s%s", (int)(at - text), text, to,
                                at + strlen(from));
    tl_put(dir, file, out, -1);
    g_free(out);
    g_free(text);
    g_free(path);
}

static void trigger_word(const char *dir)
{
    edit(dir, "meets.yaml", "trigger: [met, received, hosted, welcomed, visited]",
         "trigger: [met, received, hosted, welcomed, visited, toured]");
}

static void pattern(const char *dir)
{
    edit(dir, "meets.yaml", "pattern: \"{target} @be *2 @trigger by {source}\"",
         "pattern: \"{target} @be *1 @trigger by {source}\"");
}

static void word_list(const char *dir)
{
    edit(dir, "lexicon.yaml", "negation: [not, never,",
         "negation: [not, never, hardly,");
}

static void grouping(const char *dir)
{
    edit(dir, "lexicon.yaml", "conjunctions: [and,", "conjunctions: [and, plus,");
}

static void relation_setting(const char *dir)
{
    edit(dir, "meets.yaml", "blocker_window: 8", "blocker_window: 3");
}

static void cameo(const char *dir)
{
    edit(dir, "meets.yaml",
         "cameo: \"043\"\n    trigger: [met, received, hosted, welcomed",
         "cameo: \"042\"\n    trigger: [met, received, hosted, welcomed");
}

static void rename_rule(const char *dir)
{
    edit(dir, "meets.yaml", "id: meets-passive", "id: meets-received-by");
}

/* The first rule of meets.yaml moved to the end of the file. */
static void move_rule(const char *dir)
{
    char *path = g_build_filename(dir, "meets.yaml", NULL);
    char *text = tl_read(path, NULL);
    char *from = strstr(text, "  - id: meets-passive");
    g_assert_nonnull(from);
    char *to = strstr(from + 1, "  - id: ");
    g_assert_nonnull(to);
    char *rule = g_strndup(from, (gsize)(to - from));
    char *out = g_strdup_printf("%.*s%s\n%s", (int)(from - text), text, to,
                                rule);
    tl_put(dir, "meets.yaml", out, -1);
    g_free(out);
    g_free(rule);
    g_free(text);
    g_free(path);
}

static void remove_rule(const char *dir)
{
    edit(dir, "meets.yaml", "  - id: meets-passive", "  - id: meets-passive-x");
    char *path = g_build_filename(dir, "meets.yaml", NULL);
    char *text = tl_read(path, NULL);
    char *from = strstr(text, "  - id: meets-passive-x");
    char *to = strstr(from + 1, "  - id: ");
    char *out = g_strdup_printf("%.*s%s", (int)(from - text), text, to);
    tl_put(dir, "meets.yaml", out, -1);
    g_free(out);
    g_free(text);
    g_free(path);
}

static void new_relation(const char *dir)
{
    tl_put(dir, "tours.yaml",
           "relation: tours\n"
           "directed: true\n"
           "rules:\n"
           "  - id: tours-toured\n"
           "    trigger: [toured]\n"
           "    pattern: \"{source} @trigger {target}\"\n", -1);
}

static void no_sanctions(const char *dir)
{
    char *path = g_build_filename(dir, "sanctions.yaml", NULL);
    g_unlink(path);
    g_free(path);
}

static void types(const char *dir)
{
    edit(dir, "meets.yaml", "types: [person, country, organization]",
         "types: [person, country]");
}

static const struct {
    const char *name;
    Change change;
} CHANGES[] = {
    { "trigger word", trigger_word },
    { "pattern", pattern },
    { "word list", word_list },
    { "grouping", grouping },
    { "relation setting", relation_setting },
    { "cameo", cameo },
    { "renamed rule", rename_rule },
    { "moved rule", move_rule },
    { "removed rule", remove_rule },
    { "new relation", new_relation },
    { "file removed", no_sanctions },
    { "types", types },
};

/* The whole result of `text` under `rules`, as JSON. */
static char *result_of(const NgRuleSet *rules, const char *text)
{
    NgPipeline p = {
        .gazetteer = gz,
        .matcher = matcher,
        .rules = rules,
        .tag = { .metonyms = TRUE, .names = names },
        .window = NG_WINDOW_SENTENCE,
    };
    NgScratch *s = ng_scratch_new(&p);
    NgDoc doc = { .id = (char *)"doc", .text = (char *)text,
                  .len = strlen(text) };
    NgDocResult *r = ng_process_document(&p, &doc, s);
    char *json = ng_docresult_to_json(r);
    ng_docresult_free(r);
    ng_scratch_free(s);
    return json;
}

/* Every sentence the diff lets through gives the result it gave; some
 * are let through, and (over all changes) some that are not do change. */
static void test_unaffected_unchanged(void)
{
    NgRuleSet *base = rules_load(NULL);
    guint passed = 0, caught = 0;
    for (guint c = 0; c < G_N_ELEMENTS(CHANGES); c++) {
        NgRuleSet *now = rules_load(CHANGES[c].change);
        NgRulesDiff *d = ng_rules_diff_new(base, now);
        g_assert_cmpuint(ng_rules_diff_n_changed(d), >, 0);
        guint affected = 0;
        for (guint i = 0; i < G_N_ELEMENTS(SENTENCES); i++) {
            const char *text = SENTENCES[i];
            char *before = result_of(base, text), *after = result_of(now, text);
            if (!ng_rules_diff_affects(d, text, strlen(text))) {
                if (strcmp(before, after))
                    g_test_message("%s: %s\n%s\n%s", CHANGES[c].name, text,
                                   before, after);
                g_assert_cmpstr(before, ==, after);
                passed++;
            } else {
                affected++;
                caught += strcmp(before, after) != 0;
            }
            g_free(before);
            g_free(after);
        }
        g_test_message("%s: %u of %zu sentences affected", CHANGES[c].name,
                       affected, G_N_ELEMENTS(SENTENCES));
        ng_rules_diff_free(d);
        ng_rules_free(now);
    }
    g_assert_cmpuint(passed, >, 0);
    g_assert_cmpuint(caught, >, 0);
    ng_rules_free(base);
}

/* Only the changed rule's trigger words count: a new rule with a word no
 * sentence has affects none; one that "met" starts, those with "met". */
static void test_trigger_words(void)
{
    NgRuleSet *base = rules_load(NULL);
    NgRuleSet *now = rules_load(new_relation);
    NgRulesDiff *d = ng_rules_diff_new(base, now);
    g_assert_cmpuint(ng_rules_diff_n_changed(d), ==, 1);
    g_assert_true(ng_rules_diff_affects(d, SENTENCES[13], strlen(SENTENCES[13])));
    g_assert_false(ng_rules_diff_affects(d, SENTENCES[0], strlen(SENTENCES[0])));
    /* Case does not matter, as for the engine. */
    g_assert_true(ng_rules_diff_affects(d, "TOURED", 6));
    ng_rules_diff_free(d);
    ng_rules_free(now);

    now = rules_load(cameo);
    d = ng_rules_diff_new(base, now);
    g_assert_cmpuint(ng_rules_diff_n_changed(d), ==, 1);
    g_assert_true(ng_rules_diff_affects(d, SENTENCES[0], strlen(SENTENCES[0])));
    g_assert_false(ng_rules_diff_affects(d, SENTENCES[6], strlen(SENTENCES[6])));
    ng_rules_diff_free(d);
    ng_rules_free(now);
    ng_rules_free(base);
}

/* The rules kept as text: the same files give "same", others a diff,
 * damaged text an error. */
static void test_kept_text(void)
{
    NgRuleSet *base = rules_load(NULL);
    char *text = ng_rules_sources_text(base);
    gboolean same = FALSE;
    GError *error = NULL;
    g_assert_null(ng_rules_diff_from_text(text, base, &same, &error));
    g_assert_no_error(error);
    g_assert_true(same);

    NgRuleSet *now = rules_load(pattern);
    NgRulesDiff *d = ng_rules_diff_from_text(text, now, &same, &error);
    g_assert_no_error(error);
    g_assert_nonnull(d);
    g_assert_false(same);
    g_assert_cmpuint(ng_rules_diff_n_changed(d), ==, 1);
    ng_rules_diff_free(d);

    text[strlen(text) / 2] = '\0';
    g_assert_null(ng_rules_diff_from_text(text, now, &same, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_FORMAT);
    g_assert_false(same);
    g_clear_error(&error);
    g_assert_null(ng_rules_diff_from_text("[('x.yaml', b'relation: [')]", now,
                                          &same, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_FORMAT);
    g_clear_error(&error);
    ng_rules_free(now);
    g_free(text);
    ng_rules_free(base);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    char *dir = tl_src_path("tests/fixtures/e2e/gazetteers");
    char *patterns = tl_src_path("gazetteers/patterns");
    GError *error = NULL;
    gz = ng_gazetteer_new();
    g_assert_true(ng_gazetteer_load_dir(gz, dir, NULL, &error));
    names = ng_names_new(gz, patterns, &error);
    g_assert_no_error(error);
    matcher = ng_matcher_new(gz);
    g_free(patterns);
    g_free(dir);
    g_test_add_func("/rules-diff/unaffected-unchanged", test_unaffected_unchanged);
    g_test_add_func("/rules-diff/trigger-words", test_trigger_words);
    g_test_add_func("/rules-diff/kept-text", test_kept_text);
    int rc = g_test_run();
    ng_matcher_free(matcher);
    ng_names_free(names);
    ng_gazetteer_free(gz);
    return rc;
}
