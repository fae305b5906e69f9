/*
 * test_gazetteer.c - the gazetteer YAML loader: a good file, every error
 * with its position, warnings, atomic loading, folders, and entity ids.
 */
#include <string.h>

#include "gazetteer.h"
#include "matcher.h"
#include "ng.h"
#include "testlib.h"

static char *fixture(const char *name)
{
    char *rel = g_build_filename("tests/fixtures/gazetteers", name, NULL);
    char *path = tl_src_path(rel);
    g_free(rel);
    return path;
}

static const NgEntity *entity(const NgGazetteer *gz, const char *id)
{
    gint64 i = ng_gazetteer_lookup_id(gz, id);
    g_assert_cmpint(i, >=, 0);
    return gz->entities->pdata[i];
}

static const char *attr(const NgEntity *e, const char *key)
{
    for (guint i = 0; i < e->n_attrs; i++)
        if (!strcmp(e->attrs[i].key, key))
            return e->attrs[i].value;
    return NULL;
}

/* The aliases of entity `id` as "text/flags" joined with '|', in order;
 * flags are letters: i (NOCASE), m (METONYM), a (AMBIGUOUS). */
static char *aliases_of(const NgGazetteer *gz, const char *id)
{
    gint64 e = ng_gazetteer_lookup_id(gz, id);
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < gz->aliases->len; i++) {
        const NgAlias *a = &g_array_index(gz->aliases, NgAlias, i);
        if (a->entity != e)
            continue;
        g_string_append_printf(s, "%s%s/%s%s%s", s->len ? "|" : "", a->text,
                               a->flags & NG_ALIAS_NOCASE ? "i" : "",
                               a->flags & NG_ALIAS_METONYM ? "m" : "",
                               a->flags & NG_ALIAS_AMBIGUOUS ? "a" : "");
    }
    return g_string_free(s, FALSE);
}

static void assert_aliases(const NgGazetteer *gz, const char *id, const char *want)
{
    char *have = aliases_of(gz, id);
    g_assert_cmpstr(have, ==, want);
    g_free(have);
}

static void test_good_file(void)
{
    NgGazetteer *gz = ng_gazetteer_new();
    GPtrArray *w = g_ptr_array_new_with_free_func(g_free);
    GError *error = NULL;
    char *path = fixture("good.yaml");
    g_assert_true(ng_gazetteer_load_file(gz, path, w, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(w->len, ==, 0);
    g_assert_cmpuint(gz->entities->len, ==, 4);

    /* An explicit id; attributes sorted by name, numbers as written. */
    const NgEntity *us = entity(gz, "country.usa");
    g_assert_cmpstr(us->name, ==, "United States");
    g_assert_cmpint(us->type, ==, NG_TYPE_COUNTRY);
    g_assert_cmpuint(us->n_attrs, ==, 2);
    g_assert_cmpstr(us->attrs[0].key, ==, "iso2");
    g_assert_cmpstr(us->attrs[0].value, ==, "US");
    g_assert_cmpstr(us->attrs[1].key, ==, "population");
    g_assert_cmpstr(us->attrs[1].value, ==, "331000000");
    char *origin = g_strdup_printf("%s:6:5", path);
    g_assert_cmpstr(us->origin, ==, origin);
    g_free(origin);
    /* The name is an alias with the file's default (insensitive); options
     * given on an alias win over the default. */
    assert_aliases(gz, "country.usa", "United States/i|U.S./i|US/|Washington/m");

    /* Made ids; the name listed as an alias takes that entry's options;
     * a repeated alias is stored once. */
    const NgEntity *tr = entity(gz, "country.turkey");
    g_assert_cmpstr(attr(tr, "capital"), ==, "Ankara");
    g_assert_cmpstr(tr->attrs[0].key, ==, "capital");
    assert_aliases(gz, "country.turkey", "Turkey/a|Republic of Turkey/i");
    g_assert_cmpint(entity(gz, "person.francois-mitterrand")->type, ==, NG_TYPE_PERSON);
    assert_aliases(gz, "organization.nord-stream-2-ag",
                   "Nord Stream 2 AG/i|Nord Stream 2/i");
    g_assert_null(attr(entity(gz, "organization.nord-stream-2-ag"), "iso2"));

    g_free(path);
    g_ptr_array_free(w, TRUE);
    ng_gazetteer_free(gz);
}

/* Every error: the file, and the message after "PATH:". */
static const struct {
    const char *yaml;
    const char *want;
} errors[] = {
    /* YAML syntax, with libyaml's position and wording */
    { "entities:\n  - name: A\n    type: person\n   bad: x\n",
      "4:4: YAML syntax error: did not find expected '-' indicator, while parsing a block collection at line 2" },
    { "entities: [\n  {name: A, type: person}\n",
      "3:1: YAML syntax error: did not find expected ',' or ']', while parsing a flow sequence at line 1" },
    { "entities:\n  - name: \"A\xff\"\n", "2:13: YAML syntax error: invalid leading UTF-8 octet" },
    { "entities:\n  - &a {name: A, type: person}\n  - *a\n",
      "3:5: YAML aliases (*a) are not supported" },
    { "", "1:1: empty file (expected a mapping with 'entities')" },
    { "# only a comment\n", "1:1: empty file (expected a mapping with 'entities')" },
    { "entities: []\n---\nentities: []\n", "2:1: a gazetteer file holds one YAML document" },
    /* structure */
    { "- name: A\n  type: person\n", "1:1: the top level must be a mapping with 'entities'" },
    { "source: nothing\n", "1:1: no 'entities' list" },
    { "entities: {name: A}\n", "1:11: entities must be a list" },
    { "entities:\n  - just a string\n", "2:5: an entity must be a mapping with name and type" },
    { "entities:\n  - type: person\n", "2:5: an entity needs a name" },
    { "entities:\n  - name: \"  \"\n    type: person\n", "2:11: empty name" },
    { "entities:\n  - name:\n    type: person\n", "2:10: empty name" },
    { "entities:\n  - name: [A]\n    type: person\n", "2:11: name must be a string" },
    { "entities:\n  - name: A\n    name: B\n    type: person\n",
      "3:5: duplicate key 'name' in an entity" },
    { "entities:\n  - name: Alpha\n", "2:5: entity 'Alpha' needs a type (person, country or organization)" },
    { "entities:\n  - name: A\n    type: persn\n",
      "3:11: unknown type 'persn' (the types are person, country or organization)" },
    /* A line break in a value is written \n: one problem, one line. */
    { "entities:\n  - name: A\n    type: \"per\\nsn\"\n",
      "3:11: unknown type 'per\\nsn' (the types are person, country or organization)" },
    { "entities:\n  - {name: A, type: [person]}\n",
      "2:21: type must be one of person, country or organization" },
    { "entities:\n  - {name: A, type: person, id: Person.A}\n",
      "2:33: id 'Person.A' may only use a-z 0-9 . _ -" },
    { "entities:\n  - {name: A, type: person, id: \"person.\xc3\xa9\"}\n",
      "2:33: id 'person.\xc3\xa9' may only use a-z 0-9 . _ -" },
    /* aliases */
    { "entities:\n  - {name: A, type: person, aliases: B}\n", "2:38: aliases must be a list" },
    { "entities:\n  - {name: A, type: person, aliases: [[B]]}\n",
      "2:39: an alias must be a string or a mapping with 'text'" },
    { "entities:\n  - {name: A, type: person, aliases: [\" \\t\"]}\n", "2:39: empty alias" },
    { "entities:\n  - {name: A, type: person, aliases: [{text: \"\"}]}\n", "2:46: empty alias" },
    { "entities:\n  - {name: A, type: person, aliases: [{case: sensitive}]}\n",
      "2:39: an alias mapping needs 'text'" },
    { "entities:\n  - {name: A, type: person, aliases: [{text: B, case: upper}]}\n",
      "2:55: case must be 'sensitive' or 'insensitive', not 'upper'" },
    { "entities:\n  - {name: A, type: person, aliases: [{text: B, metonym: maybe}]}\n",
      "2:58: 'metonym' must be true or false, not 'maybe'" },
    { "entities:\n  - {name: A, type: person, aliases: [{text: B, ambiguous: 1}]}\n",
      "2:60: 'ambiguous' must be true or false, not '1'" },
    { "defaults: {case: lower}\nentities: []\n",
      "1:18: case must be 'sensitive' or 'insensitive', not 'lower'" },
    { "defaults: insensitive\nentities: []\n", "1:11: defaults must be a mapping (case: ...)" },
    /* attributes */
    { "entities:\n  - {name: A, type: person, attributes: [x]}\n",
      "2:41: attributes must be a mapping of name: value" },
    { "entities:\n  - {name: A, type: person, attributes: {Iso2: US}}\n",
      "2:42: attribute name 'Iso2' must match [a-z_][a-z0-9_]*" },
    { "entities:\n  - {name: A, type: person, attributes: {iso-2: US}}\n",
      "2:42: attribute name 'iso-2' must match [a-z_][a-z0-9_]*" },
    { "entities:\n  - {name: A, type: person, attributes: {label: X}}\n",
      "2:42: attribute name 'label' is reserved for data negraph computes" },
    { "entities:\n  - {name: A, type: person, attributes: {pagerank: 1}}\n",
      "2:42: attribute name 'pagerank' is reserved for data negraph computes" },
    { "entities:\n  - {name: A, type: person, attributes: {iso2: [US]}}\n",
      "2:48: attribute 'iso2' must be a single value, not a list or mapping" },
    { "entities:\n  - name: A\n    type: person\n    attributes:\n      role: x\n      role: y\n",
      "6:7: duplicate attribute 'role'" },
    /* ids */
    { "entities:\n  - {name: A, type: person, id: x.a}\n  - {name: B, type: country, id: x.a}\n",
      "3:5: id 'x.a' of country 'B' is the id of person 'A' at line 2" },
};

static void test_errors(void)
{
    char *dir = tl_tmpdir();
    for (guint i = 0; i < G_N_ELEMENTS(errors); i++) {
        char *path = tl_write(dir, "bad.yaml", errors[i].yaml, -1);
        NgGazetteer *gz = ng_gazetteer_new();
        GError *error = NULL;
        g_assert_false(ng_gazetteer_load_file(gz, path, NULL, &error));
        g_assert_error(error, NG_ERROR, NG_ERROR_CONFIG);
        char *want = g_strdup_printf("%s:%s", path, errors[i].want);
        if (strcmp(error->message, want))
            g_test_message("case %u: %s", i, errors[i].yaml);
        g_assert_cmpstr(error->message, ==, want);
        g_assert_cmpuint(gz->entities->len, ==, 0);
        g_assert_cmpuint(gz->aliases->len, ==, 0);
        g_free(want);
        g_error_free(error);
        ng_gazetteer_free(gz);
        g_free(path);
    }
    g_free(dir);
}

/* Semantic errors do not stop the parse: all of them are reported. */
static void test_errors_all_reported(void)
{
    char *dir = tl_tmpdir();
    char *path = tl_write(dir, "bad.yaml",
                          "entities:\n"
                          "  - {name: A, type: persn}\n"
                          "  - {name: B, type: person, attributes: {Bad: 1}}\n"
                          "  - {name: C, type: person}\n"
                          "  - {type: country}\n", -1);
    NgGazetteer *gz = ng_gazetteer_new();
    GError *error = NULL;
    g_assert_false(ng_gazetteer_load_file(gz, path, NULL, &error));
    char **lines = g_strsplit(error->message, "\n", -1);
    g_assert_cmpuint(g_strv_length(lines), ==, 3);
    g_assert_true(g_str_has_suffix(lines[0], ".yaml:2:21: unknown type 'persn' "
                                   "(the types are person, country or organization)"));
    g_assert_true(g_str_has_suffix(lines[1], ".yaml:3:42: attribute name 'Bad' "
                                   "must match [a-z_][a-z0-9_]*"));
    g_assert_true(g_str_has_suffix(lines[2], ".yaml:5:5: an entity needs a name"));
    g_strfreev(lines);
    g_error_free(error);
    ng_gazetteer_free(gz);
    g_free(path);
    g_free(dir);
}

/* Deep nesting is refused early (libyaml's cost grows with the depth);
 * an alias with more tokens than the matcher takes is left out. */
static void test_limits(void)
{
    GString *y = g_string_new("entities: []\nx: ");
    for (int i = 0; i < 5000; i++)
        g_string_append_c(y, '[');
    char *dir = tl_tmpdir();
    char *path = tl_write(dir, "deep.yaml", y->str, -1);
    NgGazetteer *gz = ng_gazetteer_new();
    GError *error = NULL;
    g_assert_false(ng_gazetteer_load_file(gz, path, NULL, &error));
    char *want = g_strdup_printf("%s:2:104: lists or mappings nested more than "
                                 "100 deep", path);
    g_assert_cmpstr(error->message, ==, want);
    g_clear_error(&error);
    g_free(want);
    g_free(path);

    g_string_assign(y, "entities:\n  - name: A\n    type: person\n    aliases:\n"
                       "      - \"");
    for (int i = 0; i < NG_MATCHER_MAX_TOKENS; i++)
        g_string_append(y, i ? " w" : "w");
    g_string_append(y, "\"\n      - {text: \"");
    for (int i = 0; i <= NG_MATCHER_MAX_TOKENS; i++)
        g_string_append(y, i ? ",w" : "w");
    g_string_append(y, "\"}\n");
    path = tl_write(dir, "long.yaml", y->str, -1);
    GPtrArray *w = g_ptr_array_new_with_free_func(g_free);
    g_assert_true(ng_gazetteer_load_file(gz, path, w, &error));
    g_assert_cmpuint(w->len, ==, 1);
    want = g_strdup_printf("%s:6:16: alias of 65 tokens, more than the 32 a name "
                           "may have; ignored", path);
    g_assert_cmpstr(w->pdata[0], ==, want);
    g_free(want);
    g_assert_cmpuint(gz->aliases->len, ==, 2); /* the name and 32 tokens */
    g_ptr_array_free(w, TRUE);
    ng_gazetteer_free(gz);
    g_free(path);
    g_free(dir);
    g_string_free(y, TRUE);
}

static void test_unreadable(void)
{
    NgGazetteer *gz = ng_gazetteer_new();
    GError *error = NULL;
    g_assert_false(ng_gazetteer_load_file(gz, "/nonexistent/g.yaml", NULL, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_IO);
    g_assert_true(g_str_has_prefix(error->message, "/nonexistent/g.yaml: "));
    g_error_free(error);
    ng_gazetteer_free(gz);
}

static void test_warnings(void)
{
    NgGazetteer *gz = ng_gazetteer_new();
    GPtrArray *w = g_ptr_array_new_with_free_func(g_free);
    GError *error = NULL;
    char *path = fixture("warnings.yaml");
    g_assert_true(ng_gazetteer_load_file(gz, path, w, &error));
    g_assert_no_error(error);
    const char *want[] = {
        "1:1: unknown key 'colour' in the top level (known: source, defaults, entities); ignored",
        "2:29: unknown key 'style' in defaults (known: case); ignored",
        "6:5: unknown key 'capital' in an entity (known: name, type, id, attributes, aliases); ignored",
        "8:50: unknown key 'note' in an alias (known: text, case, metonym, ambiguous); ignored",
        "18:24: attribute 'iso2' has no value; ignored",
        "9:5: id 'country.georgia' is also the id of the entry at PATH:4:5; the entries are merged",
        "11:18: attribute 'iso2' of 'Georgia' is 'GG' here but 'GE' at PATH:4:5; keeping 'GE'",
        "15:15: alias 'Georgia' of person 'Georgia Smith' is also an alias of country "
        "'Georgia' at PATH:4:5; both are kept",
    };
    g_assert_cmpuint(w->len, ==, G_N_ELEMENTS(want));
    for (guint i = 0; i < w->len; i++) {
        char **parts = g_strsplit(want[i], "PATH", -1);
        char *body = g_strjoinv(path, parts);
        char *full = g_strdup_printf("%s:%s", path, body);
        g_assert_cmpstr(w->pdata[i], ==, full);
        g_free(full);
        g_free(body);
        g_strfreev(parts);
    }
    /* The two Georgia entries are one entity: aliases united, attributes
     * first-wins plus the new ones; the person keeps its own alias. */
    g_assert_cmpuint(gz->entities->len, ==, 3);
    const NgEntity *ge = entity(gz, "country.georgia");
    g_assert_cmpstr(attr(ge, "iso2"), ==, "GE");
    g_assert_cmpstr(attr(ge, "region"), ==, "Caucasus");
    g_assert_cmpstr(ge->attrs[0].key, ==, "iso2");
    assert_aliases(gz, "country.georgia", "Georgia/|Sakartvelo/|Republic of Georgia/");
    assert_aliases(gz, "person.georgia-smith", "Georgia Smith/|Georgia/");
    g_assert_null(attr(entity(gz, "country.chad"), "iso2"));
    g_free(path);
    g_ptr_array_free(w, TRUE);
    ng_gazetteer_free(gz);
}

/* The same id in another file is how sources combine: merged without a
 * warning, the first file's attribute values winning. */
static void test_merge_across_files(void)
{
    NgGazetteer *gz = ng_gazetteer_new();
    char *good = fixture("good.yaml");
    g_assert_true(ng_gazetteer_load_file(gz, good, NULL, NULL));
    char *dir = tl_tmpdir();
    char *path = tl_write(dir, "more.yaml",
                          "entities:\n  - {name: America, type: country, id: country.usa,"
                          " aliases: [USA], attributes: {iso2: XX, capital: Washington}}\n", -1);
    GPtrArray *w = g_ptr_array_new_with_free_func(g_free);
    g_assert_true(ng_gazetteer_load_file(gz, path, w, NULL));
    g_assert_cmpuint(w->len, ==, 0);
    const NgEntity *us = entity(gz, "country.usa");
    g_assert_cmpstr(us->name, ==, "United States");
    g_assert_cmpstr(attr(us, "iso2"), ==, "US");
    g_assert_cmpstr(attr(us, "capital"), ==, "Washington");
    assert_aliases(gz, "country.usa",
                   "United States/i|U.S./i|US/|Washington/m|America/|USA/");
    g_ptr_array_free(w, TRUE);
    g_free(path);
    g_free(dir);
    g_free(good);
    ng_gazetteer_free(gz);
}

static void test_warnings_bounded(void)
{
    GString *y = g_string_new("entities:\n");
    for (int i = 0; i < 50; i++)
        g_string_append_printf(y, "  - {name: N%d, type: person, colour: red}\n", i);
    g_string_append(y, "  - {name: N0, type: person}\n");
    char *dir = tl_tmpdir();
    char *path = tl_write(dir, "many.yaml", y->str, -1);
    NgGazetteer *gz = ng_gazetteer_new();
    GPtrArray *w = g_ptr_array_new_with_free_func(g_free);
    g_assert_true(ng_gazetteer_load_file(gz, path, w, NULL));
    /* 20 unknown keys, 1 duplicate id, and the count of the others. */
    g_assert_cmpuint(w->len, ==, 22);
    g_assert_true(g_str_has_suffix(w->pdata[19], ":21:31: unknown key 'colour' in an "
                                   "entity (known: name, type, id, attributes, aliases); ignored"));
    char *summary = g_strdup_printf("%s: 30 more warnings of this kind not shown: "
                                    "unknown key", path);
    g_assert_cmpstr(w->pdata[21], ==, summary);
    g_free(summary);
    g_assert_cmpuint(gz->entities->len, ==, 50);
    g_ptr_array_free(w, TRUE);
    ng_gazetteer_free(gz);
    g_free(path);
    g_free(dir);
    g_string_free(y, TRUE);
}

static void test_empty_entities(void)
{
    char *dir = tl_tmpdir();
    const char *files[][2] = { { "entities: []\n", ".yaml:1:11: no entities" },
                               { "entities:\n", ".yaml:1:10: no entities" } };
    for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
        char *path = tl_write(dir, "empty.yaml", files[i][0], -1);
        NgGazetteer *gz = ng_gazetteer_new();
        GPtrArray *w = g_ptr_array_new_with_free_func(g_free);
        g_assert_true(ng_gazetteer_load_file(gz, path, w, NULL));
        g_assert_cmpuint(w->len, ==, 1);
        g_assert_true(g_str_has_suffix(w->pdata[0], files[i][1]));
        g_ptr_array_free(w, TRUE);
        ng_gazetteer_free(gz);
        g_free(path);
    }
    g_free(dir);
}

/* A type clash with an entity from an earlier file is an error, and a file
 * that fails adds nothing: not its good entries, not its aliases for
 * entities already there. */
static void test_failed_file_changes_nothing(void)
{
    NgGazetteer *gz = ng_gazetteer_new();
    char *good = fixture("good.yaml");
    g_assert_true(ng_gazetteer_load_file(gz, good, NULL, NULL));
    char *before = aliases_of(gz, "country.usa");
    guint n_entities = gz->entities->len, n_aliases = gz->aliases->len;

    char *dir = tl_tmpdir();
    const char *bad[] = {
        /* merges into country.usa, then a syntax error */
        "entities:\n  - {name: America, type: country, id: country.usa, "
        "aliases: [USA], attributes: {capital: Washington}}\n"
        "  - {name: New, type: person}\n  - {name: X\n",
        /* merges into country.usa, then a clash of types */
        "entities:\n  - {name: America, type: country, id: country.usa, aliases: [USA]}\n"
        "  - {name: New, type: person}\n"
        "  - {name: Turkey, type: person, id: country.turkey}\n",
    };
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        char *path = tl_write(dir, "bad.yaml", bad[i], -1);
        GError *error = NULL;
        g_assert_false(ng_gazetteer_load_file(gz, path, NULL, &error));
        if (i == 1) {
            char *want = g_strdup_printf("%s:4:5: id 'country.turkey' of person 'Turkey' "
                                         "is the id of country 'Turkey' at %s:19:5",
                                         path, good);
            g_assert_cmpstr(error->message, ==, want);
            g_free(want);
        }
        g_error_free(error);
        g_assert_cmpuint(gz->entities->len, ==, n_entities);
        g_assert_cmpuint(gz->aliases->len, ==, n_aliases);
        g_assert_cmpint(ng_gazetteer_lookup_id(gz, "person.new"), ==, -1);
        char *after = aliases_of(gz, "country.usa");
        g_assert_cmpstr(after, ==, before);
        g_free(after);
        g_assert_null(attr(entity(gz, "country.usa"), "capital"));
        g_free(path);
    }
    g_free(before);
    g_free(good);
    g_free(dir);
    ng_gazetteer_free(gz);
}

static void test_load_dir(void)
{
    NgGazetteer *gz = ng_gazetteer_new();
    char *dir = fixture("dir");
    GError *error = NULL;
    g_assert_true(ng_gazetteer_load_dir(gz, dir, NULL, &error));
    g_assert_no_error(error);
    /* byte order of the names: 10.yaml, a.yml, b.yaml; notes.txt ignored */
    g_assert_cmpuint(gz->entities->len, ==, 3);
    g_assert_cmpstr(((NgEntity *)gz->entities->pdata[0])->name, ==, "Ten");
    g_assert_cmpstr(((NgEntity *)gz->entities->pdata[1])->name, ==, "Alpha");
    g_assert_cmpstr(((NgEntity *)gz->entities->pdata[2])->name, ==, "Bravo");
    ng_gazetteer_free(gz);
    g_free(dir);

    /* A missing folder and a folder without gazetteers are errors; a
     * hidden file is not a gazetteer (the fingerprint leaves it out). */
    char *empty = tl_tmpdir();
    g_free(tl_write(empty, "readme.txt", "nothing", -1));
    g_free(tl_write(empty, ".hidden.yaml", "entities:\n  - {name: H, type: person}\n", -1));
    gz = ng_gazetteer_new();
    g_assert_false(ng_gazetteer_load_dir(gz, empty, NULL, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_CONFIG);
    char *want = g_strdup_printf("%s: no gazetteer files (*.yaml, *.yml)", empty);
    g_assert_cmpstr(error->message, ==, want);
    g_clear_error(&error);
    g_free(want);
    char *missing = g_build_filename(empty, "nope", NULL);
    g_assert_false(ng_gazetteer_load_dir(gz, missing, NULL, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_CONFIG);
    g_assert_true(g_str_has_prefix(error->message, missing));
    g_clear_error(&error);

    /* Every bad file is reported; the good ones are loaded. */
    g_free(tl_write(empty, "a.yaml", "entities:\n  - {name: A, type: persn}\n", -1));
    g_free(tl_write(empty, "b.yaml", "entities:\n  - {name: B, type: person}\n", -1));
    g_free(tl_write(empty, "c.yaml", "entities: {}\n", -1));
    g_assert_false(ng_gazetteer_load_dir(gz, empty, NULL, &error));
    char **lines = g_strsplit(error->message, "\n", -1);
    g_assert_cmpuint(g_strv_length(lines), ==, 2);
    g_assert_true(g_str_has_suffix(lines[0], "a.yaml:2:21: unknown type 'persn' (the "
                                   "types are person, country or organization)"));
    g_assert_true(g_str_has_suffix(lines[1], "c.yaml:1:11: entities must be a list"));
    g_assert_cmpint(ng_gazetteer_lookup_id(gz, "person.b"), ==, 0);
    g_strfreev(lines);
    g_clear_error(&error);
    g_free(missing);
    g_free(empty);
    ng_gazetteer_free(gz);
}

static void test_programmatic(void)
{
    NgGazetteer *gz = ng_gazetteer_new();
    guint32 a = ng_gazetteer_add_entity(gz, "Nord Stream", NG_TYPE_ORGANIZATION, NULL);
    guint32 b = ng_gazetteer_add_entity(gz, "Other", NG_TYPE_PERSON, "organization.nord-stream");
    g_assert_cmpuint(a, ==, 0);
    g_assert_cmpuint(b, ==, 0); /* same id: the existing entity */
    g_assert_null(((NgEntity *)gz->entities->pdata[a])->origin);
    g_assert_cmpuint(gz->aliases->len, ==, 0); /* the name is not an alias */
    ng_gazetteer_add_alias(gz, a, "Nord Stream", 0);
    ng_gazetteer_add_alias(gz, a, "Nord Stream", NG_ALIAS_NOCASE);
    ng_gazetteer_add_alias(gz, a, "Nord Stream", NG_ALIAS_AMBIGUOUS);
    ng_gazetteer_add_alias(gz, a, "NS", 0);
    assert_aliases(gz, "organization.nord-stream", "Nord Stream/ia|NS/");
    /* Many aliases and entities: the duplicate index keeps up. */
    for (int i = 0; i < 5000; i++) {
        char name[32];
        g_snprintf(name, sizeof name, "E%d", i);
        guint32 e = ng_gazetteer_add_entity(gz, name, NG_TYPE_PERSON, NULL);
        ng_gazetteer_add_alias(gz, e, name, 0);
        ng_gazetteer_add_alias(gz, e, "shared", 0);
        ng_gazetteer_add_alias(gz, e, name, 0);
    }
    g_assert_cmpuint(gz->aliases->len, ==, 2 + 2 * 5000);
    ng_gazetteer_free(gz);
}

static void test_make_id(void)
{
    const struct {
        NgEntityType type;
        const char *name, *id;
    } cases[] = {
        { NG_TYPE_PERSON, "François Mitterrand", "person.francois-mitterrand" },
        { NG_TYPE_PERSON, "Antony Blinken", "person.antony-blinken" },
        { NG_TYPE_ORGANIZATION, "AT&T", "organization.at-t" },
        { NG_TYPE_ORGANIZATION, "AT&T <Corp>", "organization.at-t-corp" },
        { NG_TYPE_ORGANIZATION, "  --Nord Stream 2 AG!!  ", "organization.nord-stream-2-ag" },
        { NG_TYPE_PERSON, "O'Neill", "person.o-neill" },
        { NG_TYPE_PERSON, "O\xe2\x80\x99Neill", "person.o-neill" },
        { NG_TYPE_COUNTRY, "Côte d’Ivoire", "country.cote-d-ivoire" },
        { NG_TYPE_COUNTRY, "U.S.", "country.u-s" },
        { NG_TYPE_PERSON, "Lech Wałęsa", "person.lech-walesa" },
        { NG_TYPE_PERSON, "Søren Straße", "person.soren-strasse" },
        { NG_TYPE_ORGANIZATION, "ﬁnance Ⅳ", "organization.finance-iv" },
        { NG_TYPE_PERSON, "Ле́в", "person.u043bu0435u0432" },
        { NG_TYPE_PERSON, "Путин Владимир", "person.u043fu0443u0442u0438u043d-"
          "u0432u043bu0430u0434u0438u043cu0438u0440" },
        { NG_TYPE_PERSON, "习近平", "person.u4e60u8fd1u5e73" },
        { NG_TYPE_COUNTRY, "", "country." },
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *id = ng_entity_make_id(cases[i].type, cases[i].name);
        g_assert_cmpstr(id, ==, cases[i].id);
        g_free(id);
    }
}

static void test_fold(void)
{
    const struct {
        const char *in, *plain, *folded;
    } cases[] = {
        { "François", "Francois", "francois" },
        { "Russia\xe2\x80\x99s", "Russia's", "russia's" },
        { "STRAẞE", "STRAẞE", "strasse" },
        { "Øresund", "Oresund", "oresund" },
        { "İstanbul", "Istanbul", "istanbul" },
        { "Москва́", "Москва", "москва" },
        { "ＮＡＴＯ", "NATO", "nato" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        GString *s = g_string_new("x");
        ng_fold_append(s, cases[i].in, -1, FALSE);
        g_assert_cmpstr(s->str + 1, ==, cases[i].plain);
        g_string_assign(s, "x");
        ng_fold_append(s, cases[i].in, (gssize)strlen(cases[i].in), TRUE);
        g_assert_cmpstr(s->str + 1, ==, cases[i].folded);
        g_string_free(s, TRUE);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/gazetteer/good-file", test_good_file);
    g_test_add_func("/gazetteer/errors", test_errors);
    g_test_add_func("/gazetteer/errors-all-reported", test_errors_all_reported);
    g_test_add_func("/gazetteer/limits", test_limits);
    g_test_add_func("/gazetteer/unreadable", test_unreadable);
    g_test_add_func("/gazetteer/warnings", test_warnings);
    g_test_add_func("/gazetteer/merge-across-files", test_merge_across_files);
    g_test_add_func("/gazetteer/warnings-bounded", test_warnings_bounded);
    g_test_add_func("/gazetteer/empty-entities", test_empty_entities);
    g_test_add_func("/gazetteer/failed-file-changes-nothing", test_failed_file_changes_nothing);
    g_test_add_func("/gazetteer/load-dir", test_load_dir);
    g_test_add_func("/gazetteer/programmatic", test_programmatic);
    g_test_add_func("/gazetteer/make-id", test_make_id);
    g_test_add_func("/gazetteer/fold", test_fold);
    return g_test_run();
}
