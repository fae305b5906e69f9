/*
 * test_config_change.c - the state's record of a configuration and the
 * change since it (config_change.h).
 */
#include <string.h>

#include "config_change.h"
#include "testlib.h"

static NgRuleSet *rules_of(const char *yaml)
{
    NgRuleSet *rs = ng_rules_new();
    g_assert_true(ng_rules_add_data(rs, "r.yaml", yaml, strlen(yaml), NULL));
    g_assert_true(ng_rules_compile(rs, NULL, NULL));
    return rs;
}

static const char *RULES =
    "relation: visits\n"
    "directed: true\n"
    "types: [person, country]\n"
    "rules:\n"
    "  - id: visits-met\n"
    "    trigger: [met]\n"
    "    pattern: \"{source} @trigger *2 {target}\"\n";

/* A record reads back under its own fingerprint only, and its rules are
 * the rules it was made of. */
static void test_record(void)
{
    NgRuleSet *rs = rules_of(RULES);
    char *record = ng_config_record("f1", "g1", rs);
    char *gaz = NULL;
    const char *rules = NULL;
    g_assert_true(ng_config_record_read(record, "f1", &gaz, &rules));
    g_assert_cmpstr(gaz, ==, "g1");
    gboolean same = FALSE;
    GError *error = NULL;
    g_assert_null(ng_rules_diff_from_text(rules, rs, &same, &error));
    g_assert_no_error(error);
    g_assert_true(same);
    g_free(gaz);
    g_assert_false(ng_config_record_read(record, "f", &gaz, &rules));
    g_assert_false(ng_config_record_read(record, "f2", &gaz, &rules));
    g_assert_false(ng_config_record_read(NULL, "f1", &gaz, &rules));
    g_assert_false(ng_config_record_read("f1\ng1", "f1", &gaz, &rules));
    g_free(record);
    ng_rules_free(rs);
}

/* Checkable only when both sides are known; affected by either diff. */
static void test_checkable(void)
{
    NgRuleSet *old = rules_of(RULES);
    char *more = g_strconcat(RULES, "  - id: visits-talked\n"
                             "    trigger: [talked]\n"
                             "    pattern: \"{source} @trigger {target}\"\n",
                             NULL);
    NgRuleSet *now = rules_of(more);
    NgConfigChange c = { 0 };
    g_assert_false(ng_config_change_checkable(&c));
    c.gazetteers_same = TRUE;
    g_assert_false(ng_config_change_checkable(&c));   /* rules unknown */
    c.rules_same = TRUE;
    g_assert_true(ng_config_change_checkable(&c));
    const char *text = "Japan talked with Russia.";
    g_assert_false(ng_config_change_affects(&c, text, strlen(text), NULL));
    c.rules_same = FALSE;
    c.rules = ng_rules_diff_new(old, now);
    g_assert_true(ng_config_change_checkable(&c));
    g_assert_true(ng_config_change_affects(&c, text, strlen(text), NULL));
    g_assert_false(ng_config_change_affects(&c, "Japan met Russia.", 17, NULL));
    ng_config_change_clear(&c);
    g_assert_null(c.rules);
    g_assert_false(c.gazetteers_same);
    ng_rules_free(now);
    ng_rules_free(old);
    g_free(more);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/config-change/record", test_record);
    g_test_add_func("/config-change/checkable", test_checkable);
    return g_test_run();
}
