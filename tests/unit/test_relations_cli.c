/*
 * test_relations_cli.c - relation rules through the binary: `explain`
 * (text, --json, --blocked), relation edges in `build`, `--rules`, and
 * `check` reporting rule problems. Uses the fixture gazetteer of
 * tests/fixtures/rules/gazetteer and the shipped rules.
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "testlib.h"

static char *gazdir;

static const char *TEXT =
    "Sanctions and visits\n"
    "\n"
    "BERLIN, May 3 - The European Union imposed sanctions on Rosneft and\n"
    "its owner Oleg Deripaska on Friday. Lavrov met Blinken in Geneva.\n"
    "Macron may meet Xi next week.\n";

static char *write_text(char **dir)
{
    *dir = tl_tmpdir();
    return tl_write(*dir, "news.txt", TEXT, -1);
}

static void test_explain_text(void)
{
    char *dir, *in = write_text(&dir);
    TlRun r = tl_run_negraph(NULL, "explain", "--gazetteers", gazdir, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    /* The dateline is a sentence of its own. */
    g_assert_nonnull(strstr(r.out, "news.txt:3  sanctions  European Union -> Rosneft  "
                                   "(rule sanctions-impose, cameo 163)\n"
                                   "    The European Union imposed sanctions on Rosneft and "
                                   "its owner Oleg Deripaska on Friday.\n"));
    g_assert_nonnull(strstr(r.out, "sanctions  European Union -> Oleg Deripaska"));
    g_assert_nonnull(strstr(r.out, "news.txt:4  meets  Sergey Lavrov -- Antony Blinken  (rule meets-met, cameo 040)\n"
                                   "    Lavrov met Blinken in Geneva.\n"));
    g_assert_null(strstr(r.out, "Macron"));
    g_assert_nonnull(strstr(r.err, "3 relations in 1 documents"));
    tl_run_clear(&r);

    r = tl_run_negraph(NULL, "explain", "--blocked", "--gazetteers", gazdir, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.out, "meets  Emmanuel Macron -- Xi Jinping  (rule meets-met, "
                                   "cameo 040)  BLOCKED by \"may\" (@modality at "));
    tl_run_clear(&r);
    g_free(in);
    g_free(dir);
}

static void test_explain_json(void)
{
    char *dir, *in = write_text(&dir);
    TlRun r = tl_run_negraph(NULL, "explain", "--json", "--blocked", "--gazetteers",
                             gazdir, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    char **lines = g_strsplit(r.out, "\n", -1);
    guint n = 0, blocked = 0;
    for (char **l = lines; *l && **l; l++, n++) {
        JsonParser *p = json_parser_new();
        GError *error = NULL;
        g_assert_true(json_parser_load_from_data(p, *l, -1, &error));
        g_assert_no_error(error);
        JsonObject *o = json_node_get_object(json_parser_get_root(p));
        const char *rel = json_object_get_string_member(o, "relation");
        JsonObject *src = json_object_get_object_member(o, "source");
        if (!strcmp(json_object_get_string_member(o, "rule"), "sanctions-impose") &&
            !strcmp(json_object_get_string_member(json_object_get_object_member(o, "target"),
                                                  "name"), "Rosneft")) {
            g_assert_cmpstr(rel, ==, "sanctions");
            g_assert_true(json_object_get_boolean_member(o, "directed"));
            g_assert_cmpstr(json_object_get_string_member(src, "name"), ==, "European Union");
            g_assert_cmpstr(json_object_get_string_member(src, "id"), ==, "organization.european-union");
            g_assert_cmpstr(json_object_get_string_member(src, "type"), ==, "organization");
            g_assert_cmpstr(json_object_get_string_member(src, "text"), ==, "European Union");
            g_assert_cmpstr(json_object_get_string_member(o, "cameo"), ==, "163");
            g_assert_cmpint(json_object_get_int_member(o, "sentence"), ==, 3);
            g_assert_true(g_str_has_suffix(json_object_get_string_member(o, "document"), "news.txt"));
            g_assert_nonnull(strstr(json_object_get_string_member(o, "rule_origin"), "sanctions.yaml:"));
            g_assert_nonnull(strstr(json_object_get_string_member(o, "evidence"), "imposed sanctions on Rosneft"));
        }
        if (json_object_has_member(o, "blocked_by")) {
            JsonObject *b = json_object_get_object_member(o, "blocked_by");
            g_assert_cmpstr(json_object_get_string_member(b, "word"), ==, "may");
            blocked++;
        }
        g_object_unref(p);
    }
    g_assert_cmpuint(n, ==, 4);
    g_assert_cmpuint(blocked, ==, 1);
    g_strfreev(lines);
    tl_run_clear(&r);
    g_free(in);
    g_free(dir);
}

/* Build: relation edges beside the co-occurrence ones, with direction,
 * rule, CAMEO code and evidence; none with an empty --rules folder. */
static void test_build_edges(void)
{
    char *dir, *in = write_text(&dir);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    TlRun r = tl_run_negraph(NULL, "build", "--gazetteers", gazdir, "-o", out, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.err, "1 meets"));
    g_assert_nonnull(strstr(r.err, "2 sanctions"));
    char *xml = tl_read(out, NULL);
    const char *e = strstr(xml, "source=\"organization.european-union\" "
                                "target=\"organization.rosneft\" directed=\"true\" "
                                "label=\"sanctions\">");
    g_assert_nonnull(e);
    char *edge = g_strndup(e, strstr(e, "</edge>") - e);
    g_assert_nonnull(strstr(edge, "<data key=\"e_relation\">sanctions</data>"));
    g_assert_nonnull(strstr(edge, "<data key=\"e_is_directed\">true</data>"));
    g_assert_nonnull(strstr(edge, "<data key=\"e_rule\">sanctions-impose</data>"));
    g_assert_nonnull(strstr(edge, "<data key=\"e_cameo\">163</data>"));
    g_assert_nonnull(strstr(edge, "The European Union imposed sanctions on Rosneft and its owner Oleg Deripaska on Friday."));
    g_free(edge);
    /* A symmetric relation: once, directed="false". */
    g_assert_nonnull(strstr(xml, "source=\"person.antony-blinken\" target=\"person.sergey-lavrov\" "
                                 "directed=\"false\" label=\"meets\""));
    g_assert_null(strstr(xml, "xi-jinping\" directed=\"false\" label=\"meets\""));
    g_free(xml);
    tl_run_clear(&r);

    char *empty = g_build_filename(dir, "norules", NULL);
    g_mkdir(empty, 0700);
    r = tl_run_negraph(NULL, "build", "--rules", empty, "--gazetteers", gazdir, "-o",
                       out, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    xml = tl_read(out, NULL);
    g_assert_null(strstr(xml, "label=\"sanctions\""));
    g_assert_null(strstr(xml, "label=\"meets\""));
    g_assert_nonnull(strstr(xml, "label=\"co-occurs\""));
    g_free(xml);
    tl_run_clear(&r);
    g_free(empty);
    g_free(out);
    g_free(in);
    g_free(dir);
}

/* A rules folder of one's own: the shipped files plus a new relation. */
static void test_new_relation_folder(void)
{
    char *dir, *in = write_text(&dir);
    char *rules = g_build_filename(dir, "rules", NULL);
    g_mkdir(rules, 0700);
    const char *files[] = { "rules/lexicon.yaml", "rules/meets.yaml",
                            "tests/fixtures/rules/accuses.yaml" };
    for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
        char *src = tl_src_path(files[i]);
        char *text = tl_read(src, NULL);
        char *base = g_path_get_basename(src);
        g_free(tl_write(rules, base, text, -1));
        g_free(base);
        g_free(text);
        g_free(src);
    }
    char *news = tl_write(dir, "more.txt", "Rosneft accused the European Union of theft.\n", -1);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    TlRun r = tl_run_negraph(NULL, "build", "--rules", rules, "--gazetteers", gazdir,
                             "-o", out, in, news, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    char *xml = tl_read(out, NULL);
    g_assert_nonnull(strstr(xml, "source=\"organization.rosneft\" target=\"organization.european-union\" "
                                 "directed=\"true\" label=\"accuses\""));
    g_assert_nonnull(strstr(xml, "<data key=\"e_cameo\">112</data>"));
    g_assert_null(strstr(xml, "label=\"sanctions\""));   /* not in this folder */
    g_free(xml);
    tl_run_clear(&r);
    g_free(out);
    g_free(news);
    g_free(rules);
    g_free(in);
    g_free(dir);
}

static void test_check_rules(void)
{
    TlRun r = tl_run_negraph(NULL, "check", "--gazetteers", gazdir, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.out, "rules: 3 relations"));
    tl_run_clear(&r);

    /* Every problem of a broken rules folder, one line each. */
    char *dir = tl_tmpdir();
    g_free(tl_write(dir, "bad.yaml",
                    "relation: visits\n"
                    "directed: maybe\n"
                    "types: [person, planet]\n"
                    "rules:\n"
                    "  - id: v1\n"
                    "    trigger: []\n"
                    "    pattern: \"{source} @trigger {target}\"\n", -1));
    r = tl_run_negraph(NULL, "check", "--rules", dir, "--gazetteers", gazdir, NULL);
    g_assert_cmpint(r.exit_code, ==, 3);
    g_assert_nonnull(strstr(r.err, "bad.yaml:2:11: directed must be true or false, not 'maybe'\n"));
    g_assert_nonnull(strstr(r.err, "bad.yaml:3:17: unknown entity type 'planet'"));
    g_assert_nonnull(strstr(r.err, "\nnegraph: "));
    g_assert_nonnull(strstr(r.err, "bad.yaml:6:14: the trigger is empty\n"));
    tl_run_clear(&r);

    /* build refuses the same folder. */
    char *in = tl_write(dir, "a.txt", "Lavrov met Blinken.\n", -1);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    r = tl_run_negraph(NULL, "build", "--rules", dir, "--gazetteers", gazdir, "-o", out,
                       in, NULL);
    g_assert_cmpint(r.exit_code, ==, 3);
    g_assert_false(g_file_test(out, G_FILE_TEST_EXISTS));
    tl_run_clear(&r);

    /* Slot types that no gazetteer entity has. */
    char *gz = g_build_filename(dir, "gz", NULL);
    g_mkdir(gz, 0700);
    g_free(tl_write(gz, "people.yaml", "entities:\n  - name: Ada Lovelace\n    type: person\n", -1));
    r = tl_run_negraph(NULL, "check", "--gazetteers", gz, NULL);
    g_assert_cmpint(r.exit_code, ==, 3);
    g_assert_nonnull(strstr(r.err, "meets.yaml:"));
    g_assert_nonnull(strstr(r.err, ": slot type country (relation meets, rule "));
    g_assert_nonnull(strstr(r.err, ": slot type organization (relation sanctions, rule "));
    tl_run_clear(&r);
    g_free(gz);
    g_free(in);
    g_free(out);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    gazdir = tl_src_path("tests/fixtures/rules/gazetteer");
    g_test_add_func("/relations-cli/explain-text", test_explain_text);
    g_test_add_func("/relations-cli/explain-json", test_explain_json);
    g_test_add_func("/relations-cli/build-edges", test_build_edges);
    g_test_add_func("/relations-cli/new-relation-folder", test_new_relation_folder);
    g_test_add_func("/relations-cli/check-rules", test_check_rules);
    int rc = g_test_run();
    g_free(gazdir);
    return rc;
}
