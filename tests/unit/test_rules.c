/*
 * test_rules.c - loading relation rules (rules.h): the shipped rules, the
 * problems reported with FILE:LINE:COLUMN, warnings, word folding and the
 * check for slot types that no gazetteer has.
 */
#include <string.h>

#include "ng.h"
#include "rules.h"
#include "testlib.h"

/* A relation file that is fine, for the cases that break one field. */
#define GOOD_HEAD "relation: visits\ndirected: false\n"
#define GOOD_RULE "rules:\n  - id: v1\n    trigger: [visited]\n    pattern: \"{source} @trigger {target}\"\n"

/* Compile `yaml` as the only file "bad.yaml" in a fresh folder; returns
 * the error message (or NULL when it compiled) and the warnings. */
static char *compile_text(const char *yaml, GPtrArray *warnings)
{
    char *dir = tl_tmpdir();
    char *path = tl_write(dir, "bad.yaml", yaml, -1);
    GError *error = NULL;
    NgRuleSet *rs = ng_rules_load_dir(dir, warnings, &error);
    char *msg = NULL;
    if (!rs) {
        g_assert_error(error, NG_ERROR, NG_ERROR_CONFIG);
        msg = g_strdup(error->message);
        g_error_free(error);
    }
    ng_rules_free(rs);
    g_free(path);
    g_free(dir);
    return msg;
}

static void assert_problem(const char *yaml, const char *expected)
{
    char *msg = compile_text(yaml, NULL);
    g_test_message("%s", msg ? msg : "(compiled)");
    g_assert_nonnull(msg);
    g_assert_nonnull(strstr(msg, expected));
    g_free(msg);
}

static void test_shipped_rules(void)
{
    char *dir = tl_src_path("rules");
    GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
    GError *error = NULL;
    NgRuleSet *rs = ng_rules_load_dir(dir, warnings, &error);
    g_assert_no_error(error);
    for (guint i = 0; i < warnings->len; i++)
        g_test_message("%s", (char *)warnings->pdata[i]);
    g_assert_cmpuint(warnings->len, ==, 0);
    g_assert_cmpuint(rs->relations->len, ==, 3);
    const char *names[] = { "exempts", "meets", "sanctions" };
    const gboolean directed[] = { TRUE, FALSE, TRUE };
    for (guint i = 0; i < 3; i++) {
        const NgRelation *r = rs->relations->pdata[i];
        g_assert_cmpstr(r->name, ==, names[i]);
        g_assert_cmpint(r->directed, ==, directed[i]);
        g_assert_cmpuint(r->rules->len, >, 5);
        g_assert_nonnull(r->cameo);
    }
    g_assert_cmpuint(ng_rules_n_rules(rs), >, 20);
    ng_rules_free(rs);
    g_ptr_array_free(warnings, TRUE);
    g_free(dir);
}

static void test_yaml_syntax_error(void)
{
    assert_problem("relation: x\ndirected: [true\n", "bad.yaml:3:");
    assert_problem("- just\n- a list\n", "bad.yaml:1:1: a rule file must be a mapping");
}

static void test_unknown_fields(void)
{
    assert_problem(GOOD_HEAD "colour: red\n" GOOD_RULE,
                   "bad.yaml:3:1: unknown field 'colour'");
    /* A value with a line break is quoted on the problem's one line. */
    assert_problem(GOOD_HEAD "\"col\\nour\": red\n" GOOD_RULE,
                   "bad.yaml:3:1: unknown field 'col\\nour'");
    assert_problem(GOOD_HEAD "rules:\n  - id: v1\n    trigger: [visited]\n"
                   "    pattern: \"{source} @trigger {target}\"\n    weight: 2\n",
                   "bad.yaml:7:5: unknown rule field 'weight'");
    assert_problem(GOOD_HEAD GOOD_RULE "grouping:\n  comma: [',']\n",
                   "bad.yaml:8:3: unknown grouping field 'comma'");
    assert_problem("directed: true\n" GOOD_RULE,
                   "bad.yaml:1:11: relation fields without 'relation: NAME'");
}

static void test_bad_types(void)
{
    assert_problem(GOOD_HEAD "types: [person, planet]\n" GOOD_RULE,
                   "bad.yaml:3:17: unknown entity type 'planet'");
    assert_problem(GOOD_HEAD "rules:\n  - id: v1\n    trigger: [visited]\n"
                   "    pattern: \"{source} @trigger {target:persn}\"\n",
                   "bad.yaml:6:14: '{target:persn}': unknown entity type 'persn'");
}

static void test_bad_rules(void)
{
    /* Empty trigger. */
    assert_problem(GOOD_HEAD "rules:\n  - id: v1\n    trigger: []\n"
                   "    pattern: \"{source} @trigger {target}\"\n",
                   "bad.yaml:5:14: the trigger is empty");
    /* No trigger, no pattern, no id. */
    assert_problem(GOOD_HEAD "rules:\n  - pattern: \"{source} @trigger {target}\"\n",
                   "bad.yaml:4:5: rule without an id");
    assert_problem(GOOD_HEAD "rules:\n  - id: v1\n    pattern: \"{source} @trigger {target}\"\n",
                   "bad.yaml:4:5: rule without a trigger");
    /* Patterns. */
    assert_problem(GOOD_HEAD "rules:\n  - id: v1\n    trigger: [visited]\n"
                   "    pattern: \"{source} visited {target}\"\n",
                   "bad.yaml:6:14: a pattern needs @trigger exactly once");
    assert_problem(GOOD_HEAD "rules:\n  - id: v1\n    trigger: [visited]\n"
                   "    pattern: \"{source} *99 @trigger {target}\"\n",
                   "'*99': a gap is *N with N from 1 to 20");
    assert_problem(GOOD_HEAD "rules:\n  - id: v1\n    trigger: [visited]\n"
                   "    pattern: \"{source} @trigger @nosuchlist {target}\"\n",
                   "bad.yaml:6:14: unknown list @nosuchlist");
    assert_problem(GOOD_HEAD "rules:\n  - id: v1\n    trigger: [visited]\n"
                   "    pattern: \"{source} @trigger\"\n",
                   "needs {source} and {target} once each, or {parties}");
    assert_problem("relation: hits\ndirected: true\nrules:\n  - id: h1\n"
                   "    trigger: [hit]\n    pattern: \"{parties} @trigger\"\n",
                   "bad.yaml:6:14: {parties} is for symmetric relations");
    assert_problem(GOOD_HEAD "rules:\n  - id: v1\n    trigger: [visited]\n"
                   "    pattern: \"*2 @trigger {parties}\"\n",
                   "a pattern cannot begin or end with a gap");
    /* Duplicates. */
    assert_problem(GOOD_HEAD GOOD_RULE "  - id: v1\n    trigger: [toured]\n"
                   "    pattern: \"{source} @trigger {target}\"\n",
                   "bad.yaml:7:9: rule id 'v1' already used at ");
    assert_problem("relation: visits\n" GOOD_RULE,
                   "bad.yaml:1:11: relation 'visits' needs 'directed: true'");
    assert_problem("relation: co-occurs\ndirected: false\n" GOOD_RULE,
                   "'co-occurs' cannot name a relation");
}

static void test_every_problem_reported(void)
{
    char *msg = compile_text(GOOD_HEAD "colour: red\ntypes: [planet]\nrules:\n"
                             "  - id: v1\n    trigger: []\n"
                             "    pattern: \"{source} @trigger @nolist {target}\"\n",
                             NULL);
    g_assert_nonnull(msg);
    char **lines = g_strsplit(msg, "\n", -1);
    g_assert_cmpuint(g_strv_length(lines), ==, 4);
    for (char **l = lines; *l; l++)
        g_assert_true(g_str_has_prefix(*l, "/") || strstr(*l, "bad.yaml:"));
    g_strfreev(lines);
    g_free(msg);
}

/* A YAML error in one file does not hide the problems of the others. */
static void test_problems_of_all_files(void)
{
    char *dir = tl_tmpdir();
    char *a = tl_write(dir, "a.yaml", "relation: a\ndirected: [x\n", -1);
    char *b = tl_write(dir, "b.yaml", "relation: b\ndirected: perhaps\nrules: []\n", -1);
    GError *error = NULL;
    g_assert_null(ng_rules_load_dir(dir, NULL, &error));
    g_assert_nonnull(strstr(error->message, "a.yaml:3:1: "));
    g_assert_nonnull(strstr(error->message, "\n"));
    g_assert_nonnull(strstr(error->message, "b.yaml:2:11: directed must be true or false, not 'perhaps'"));
    g_assert_nonnull(strstr(error->message, "b.yaml:3:8: rules must be a non-empty list of rules"));
    g_error_free(error);
    g_free(a);
    g_free(b);
    g_free(dir);
}

static void test_relation_defined_twice(void)
{
    char *dir = tl_tmpdir();
    char *a = tl_write(dir, "a.yaml", GOOD_HEAD GOOD_RULE, -1);
    char *b = tl_write(dir, "b.yaml", GOOD_HEAD "rules:\n  - id: v2\n"
                       "    trigger: [toured]\n    pattern: \"{source} @trigger {target}\"\n", -1);
    GError *error = NULL;
    NgRuleSet *rs = ng_rules_load_dir(dir, NULL, &error);
    g_assert_null(rs);
    g_assert_nonnull(strstr(error->message, "b.yaml:1:11: relation 'visits' is already defined at "));
    g_assert_nonnull(strstr(error->message, "a.yaml:1:11"));
    g_error_free(error);
    g_free(a);
    g_free(b);
    g_free(dir);
}

/* Lists may be used in a file read before the one defining them. */
static void test_lists_across_files(void)
{
    char *dir = tl_tmpdir();
    char *a = tl_write(dir, "a.yaml", GOOD_HEAD "rules:\n  - id: v1\n"
                       "    trigger: \"@go\"\n    pattern: \"{source} @trigger to? {target}\"\n", -1);
    char *b = tl_write(dir, "z.yaml", "lists:\n  go: [visited, \"went to\"]\n  spare: [x]\n", -1);
    GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
    GError *error = NULL;
    NgRuleSet *rs = ng_rules_load_dir(dir, warnings, &error);
    g_assert_no_error(error);
    const NgRule *r = ((NgRelation *)rs->relations->pdata[0])->rules->pdata[0];
    g_assert_cmpuint(r->trigger->n, ==, 2);
    g_assert_cmpuint(r->trigger->offsets[2] - r->trigger->offsets[1], ==, 2);
    g_assert_cmpuint(warnings->len, ==, 1);
    g_assert_nonnull(strstr(warnings->pdata[0], "z.yaml:3:3: list 'spare' is never used"));
    ng_rules_free(rs);
    g_ptr_array_free(warnings, TRUE);
    g_free(a);
    g_free(b);
    g_free(dir);
}

static void test_warnings(void)
{
    GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
    char *msg = compile_text("relation: visits\ndirected: false\ncameo: 42a\n" GOOD_RULE,
                             warnings);
    g_assert_null(msg);
    g_assert_cmpuint(warnings->len, ==, 1);
    g_assert_nonnull(strstr(warnings->pdata[0], "bad.yaml:3:8: cameo '42a' is not a CAMEO code"));
    g_ptr_array_free(warnings, TRUE);
}

static void test_empty_and_missing_folders(void)
{
    char *dir = tl_tmpdir();
    GError *error = NULL;
    NgRuleSet *rs = ng_rules_load_dir(dir, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(rs->relations->len, ==, 0);
    ng_rules_free(rs);
    char *missing = g_build_filename(dir, "nope", NULL);
    g_assert_null(ng_rules_load_dir(missing, NULL, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_CONFIG);
    g_error_free(error);
    g_free(missing);
    g_free(dir);
}

/* Case and apostrophes do not matter; rule words are interned once. */
static void test_word_folding(void)
{
    char *dir = tl_tmpdir();
    char *a = tl_write(dir, "a.yaml", GOOD_HEAD "rules:\n  - id: v1\n"
                       "    trigger: [\"don't\", Met]\n    pattern: \"{source} @trigger {target}\"\n", -1);
    NgRuleSet *rs = ng_rules_load_dir(dir, NULL, NULL);
    g_assert_nonnull(rs);
    const char *text = "MET met don\xE2\x80\x99t Russia's unknownword";
    GArray *toks = g_array_new(FALSE, FALSE, sizeof(NgToken));
    ng_tokenize(text, strlen(text), toks);
    g_assert_cmpuint(toks->len, ==, 6);
    guint32 w[6];
    for (guint i = 0; i < 6; i++)
        w[i] = ng_rules_token_word(rs, text, &g_array_index(toks, NgToken, i));
    g_assert_cmpuint(w[0], ==, w[1]);
    g_assert_cmpuint(w[0], >=, 2);
    g_assert_cmpuint(w[2], >=, 2);
    g_assert_cmpuint(w[2], !=, w[0]);
    g_assert_cmpuint(w[3], ==, NG_WORD_NONE);         /* Russia */
    g_assert_cmpuint(w[4], ==, NG_WORD_POSSESSIVE);   /* 's */
    g_assert_cmpuint(w[5], ==, NG_WORD_NONE);
    g_array_free(toks, TRUE);
    ng_rules_free(rs);
    g_free(a);
    g_free(dir);
}

static void test_check_types(void)
{
    char *dir = tl_tmpdir();
    char *a = tl_write(dir, "a.yaml", GOOD_HEAD "types: [person, country]\n" GOOD_RULE
                       "  - id: v2\n    trigger: [hosted]\n"
                       "    pattern: \"{source:organization} @trigger {target}\"\n", -1);
    NgRuleSet *rs = ng_rules_load_dir(dir, NULL, NULL);
    g_assert_nonnull(rs);
    NgGazetteer *gz = ng_gazetteer_new();
    ng_gazetteer_add_entity(gz, "Ada Lovelace", NG_TYPE_PERSON, NULL);
    GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
    /* country: written once in types (3:17), used by both slots of v1 and
     * the target of v2; organization: written in v2's pattern. */
    g_assert_cmpuint(ng_rules_check_types(rs, gz, problems), ==, 2);
    g_assert_nonnull(strstr(problems->pdata[0], "a.yaml:3:8: slot type country (relation visits, rule 'v1')"));
    g_assert_nonnull(strstr(problems->pdata[1], "a.yaml:8:5: slot type organization (relation visits, rule 'v2')"));
    ng_gazetteer_add_entity(gz, "Wales", NG_TYPE_COUNTRY, NULL);
    ng_gazetteer_add_entity(gz, "BBC", NG_TYPE_ORGANIZATION, NULL);
    g_assert_cmpuint(ng_rules_check_types(rs, gz, problems), ==, 0);
    g_ptr_array_free(problems, TRUE);
    ng_gazetteer_free(gz);
    ng_rules_free(rs);
    g_free(a);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/rules/shipped", test_shipped_rules);
    g_test_add_func("/rules/yaml-syntax-error", test_yaml_syntax_error);
    g_test_add_func("/rules/unknown-fields", test_unknown_fields);
    g_test_add_func("/rules/bad-types", test_bad_types);
    g_test_add_func("/rules/bad-rules", test_bad_rules);
    g_test_add_func("/rules/every-problem-reported", test_every_problem_reported);
    g_test_add_func("/rules/problems-of-all-files", test_problems_of_all_files);
    g_test_add_func("/rules/relation-defined-twice", test_relation_defined_twice);
    g_test_add_func("/rules/lists-across-files", test_lists_across_files);
    g_test_add_func("/rules/warnings", test_warnings);
    g_test_add_func("/rules/empty-and-missing-folders", test_empty_and_missing_folders);
    g_test_add_func("/rules/word-folding", test_word_folding);
    g_test_add_func("/rules/check-types", test_check_types);
    return g_test_run();
}
