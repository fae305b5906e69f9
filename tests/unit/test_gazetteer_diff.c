/*
 * test_gazetteer_diff.c - which documents a change of gazetteers can
 * affect (gazetteer_diff.h).
 *
 * The main test is a property: for each of a dozen changes of the fixture
 * gazetteer tests/fixtures/names/gazetteers (with the shipped name
 * patterns), every sentence of a set that the diff calls unaffected must
 * tag exactly as before - same mentions, entities and attributes. The
 * others check the parts: loose word keys, stored entity ids, moved
 * entities, and what makes every document count.
 */
#include <string.h>

#include "docresult.h"
#include "docresult_json.h"
#include "gazetteer.h"
#include "gazetteer_diff.h"
#include "matcher.h"
#include "ng.h"
#include "resolve.h"
#include "tagging.h"
#include "testlib.h"

typedef struct {
    NgGazetteer *gz;
    NgMatcher *matcher;
    NgNames *names;
} Config;

static char *fixture;   /* the fixture's YAML */

/* The configuration of a folder of two files: a.yaml holding `yaml`, and
 * b.yaml holding `more` unless it is NULL. */
static Config *config_load2(const char *yaml, const char *more)
{
    char *dir = tl_tmpdir();
    tl_put(dir, "a.yaml", yaml, -1);
    if (more)
        tl_put(dir, "b.yaml", more, -1);
    char *patterns = tl_src_path("gazetteers/patterns");
    Config *c = g_new0(Config, 1);
    GError *error = NULL;
    c->gz = ng_gazetteer_new();
    g_assert_true(ng_gazetteer_load_dir(c->gz, dir, NULL, &error));
    c->names = ng_names_new(c->gz, patterns, &error);
    g_assert_no_error(error);
    c->matcher = ng_matcher_new(c->gz);
    g_free(patterns);
    g_free(dir);
    return c;
}

static Config *config_load(const char *yaml)
{
    return config_load2(yaml, NULL);
}

static void config_free(Config *c)
{
    ng_matcher_free(c->matcher);
    ng_names_free(c->names);
    ng_gazetteer_free(c->gz);
    g_free(c);
}

/* What tagging `text` contributes: its mentions and their entities. */
static NgDocResult *result_of(const Config *c, const char *text)
{
    NgDoc doc = { .id = (char *)"doc", .text = (char *)text,
                  .len = strlen(text) };
    NgTagOptions opt = { .metonyms = TRUE, .names = c->names };
    NgTagged *t = ng_tagged_new();
    ng_tag_document(c->matcher, c->gz, &opt, &doc, t);
    NgDocResult *r = ng_docresult_new("doc", NULL);
    g_free(ng_docresult_add_mentions(r, t));
    ng_tagged_free(t);
    return r;
}

/* The fixture with `from` (once) replaced by `to`. */
static char *changed(const char *from, const char *to)
{
    const char *at = strstr(fixture, from);
    g_assert_nonnull(at);
    g_assert_null(strstr(at + 1, from));
    return g_strdup_printf("%.*s%s%s", (int)(at - fixture), fixture, to,
                           at + strlen(from));
}

/* The fixture and the fixture changed, compared. */
typedef struct {
    Config *old, *now;
    NgGazetteerDiff *d;
} Pair;

static Pair pair_new(const char *from, const char *to)
{
    char *yaml = changed(from, to);
    Pair p = { config_load(fixture), config_load(yaml), NULL };
    p.d = ng_gazetteer_diff_new(p.old->gz, p.now->gz);
    g_free(yaml);
    return p;
}

static void pair_clear(Pair *p)
{
    ng_gazetteer_diff_free(p->d);
    config_free(p->now);
    config_free(p->old);
}

static gboolean affects(const NgGazetteerDiff *d, const Config *old,
                        const char *text)
{
    NgDocResult *r = result_of(old, text);
    gboolean a = ng_gazetteer_diff_affects(d, text, strlen(text), r);
    ng_docresult_free(r);
    return a;
}

/* ------------------------------------------------------------------------
 * The property
 * ------------------------------------------------------------------------ */

static const char *SENTENCES[] = {
    "President Reagan met Baker in Washington on Monday.",
    "Reagan said the talks would go on.",
    "Baker said the dollar would fall.",
    "James Baker and Howard Baker met at the White House.",
    "Nancy Reagan visited Tokyo.",
    "The Gipper spoke to the nation.",
    "Ford Motor raised its prices, and Ford said sales rose.",
    "Ford said sales rose in March.",
    "In September the September Group said it would sell.",
    "Dana Corp reported a loss; Dana said it would recover.",
    "Michael Lewis and Michael Smith wrote the report.",
    "Lewis said so, and Smith agreed.",
    "Chrysler Corp said Chrysler would cut jobs.",
    "Lavrov met Nakasone in Tokyo.",
    "Japanese officials in Tokyo said the yen was stable.",
    "Finance Minister Kiichi Miyazawa said the yen was stable.",
    "Merrill Lynch and Co said it hired Smith.",
    "Mitterrand said France would not devalue.",
    "The European Community (EC) said the EC would act.",
    "Theresa May said in May that talks would resume.",
    "Moody's Investors Service downgraded the bonds.",
    "Nothing of note happened on Tuesday.",
    "Vice President George Bush met Yasuhiro Nakasone.",
    "Bush said Nakasone would visit.",
    "Pierce spoke in Chad and in Jordan.",
    "GATT talks in Geneva: the General Agreement on Tariffs and Trade.",
};

typedef struct {
    const char *what, *from, *to;
    gboolean everything;
} Change;

static const Change CHANGES[] = {
    { "an alias added",
      "attributes: {role: President of the United States, term_start: "
      "\"1981-01-20\", term_end: \"1989-01-20\"}",
      "attributes: {role: President of the United States, term_start: "
      "\"1981-01-20\", term_end: \"1989-01-20\"}\n    aliases: [The Gipper]",
      FALSE },
    { "a person removed",
      "  - name: Howard Baker\n    type: person\n    attributes: {role: White "
      "House Chief of Staff, term_start: \"1987-02-27\", term_end: "
      "\"1988-07-01\"}\n", "", FALSE },
    { "a person added",
      "  - name: Michael Lewis\n",
      "  - name: Nancy Reagan\n    type: person\n  - name: Michael Lewis\n",
      FALSE },
    { "a role that makes a leader",
      "{role: Secretary of the Treasury,", "{role: President of the United "
      "States,", FALSE },
    { "an alias no longer ambiguous",
      "{text: Ford, ambiguous: true}", "Ford", FALSE },
    { "an alias replaced",
      "aliases: [September]", "aliases: [September Group Inc]", FALSE },
    { "a type changed",
      "  - name: Dana\n    type: organization\n",
      "  - name: Dana\n    type: person\n", FALSE },
    { "two entities swapped",
      "  - name: Michael Lewis\n    type: person\n"
      "  - name: Michael Smith\n    type: person\n",
      "  - name: Michael Smith\n    type: person\n"
      "  - name: Michael Lewis\n    type: person\n", FALSE },
    { "a one-word organization added",
      "  - name: Dana\n",
      "  - name: Baker\n    type: organization\n  - name: Dana\n", FALSE },
    { "a surname shared",
      "  - name: Michael Smith\n    type: person\n",
      "  - name: Michael Smith\n    type: person\n"
      "  - name: Ann Nakasone\n    type: person\n"
      "    attributes: {role: Prime Minister}\n", FALSE },
    { "a country's alias added",
      "aliases: [{text: Tokyo, metonym: true}]",
      "aliases: [Nippon, {text: Tokyo, metonym: true}]", TRUE },
    { "a demonym",
      "  - name: Saudi Press Agency\n    type: organization\n",
      "  - name: Saudi Press Agency\n    type: organization\n"
      "    attributes: {demonym: Saudi}\n", TRUE },
};

static void test_unaffected_tag_the_same(void)
{
    for (guint c = 0; c < G_N_ELEMENTS(CHANGES); c++) {
        Pair p = pair_new(CHANGES[c].from, CHANGES[c].to);
        const Config *old = p.old, *now = p.now;
        const NgGazetteerDiff *d = p.d;
        g_assert_cmpuint(ng_gazetteer_diff_n_changed(d), >, 0);
        g_assert_cmpint(ng_gazetteer_diff_everything(d) != NULL, ==,
                        CHANGES[c].everything);
        guint spared = 0, differ = 0;
        for (guint i = 0; i < G_N_ELEMENTS(SENTENCES); i++) {
            NgDocResult *was = result_of(old, SENTENCES[i]);
            NgDocResult *is = result_of(now, SENTENCES[i]);
            char *a = ng_docresult_to_json(was), *b = ng_docresult_to_json(is);
            gboolean hit = ng_gazetteer_diff_affects(d, SENTENCES[i],
                                                     strlen(SENTENCES[i]), was);
            differ += strcmp(a, b) != 0;
            if (!hit) {
                spared++;
                if (strcmp(a, b))
                    g_test_message("%s: \"%s\" called unaffected", CHANGES[c].what,
                                   SENTENCES[i]);
                g_assert_cmpstr(a, ==, b);
            }
            g_free(a);
            g_free(b);
            ng_docresult_free(was);
            ng_docresult_free(is);
        }
        g_test_message("%s: %u of %zu sentences tag otherwise, %u spared",
                       CHANGES[c].what, differ, G_N_ELEMENTS(SENTENCES), spared);
        /* Not everything counts as affected (nor, but for "everything",
         * nothing). */
        if (!CHANGES[c].everything) {
            g_assert_cmpuint(spared, >, 0);
            g_assert_cmpuint(spared, <, G_N_ELEMENTS(SENTENCES));
        } else {
            g_assert_cmpuint(spared, ==, 0);
        }
        pair_clear(&p);
    }
}

/* ------------------------------------------------------------------------
 * The parts
 * ------------------------------------------------------------------------ */

static void test_same(void)
{
    Pair p = pair_new("entities:", "entities:");
    g_assert_cmpuint(ng_gazetteer_diff_n_changed(p.d), ==, 0);
    g_assert_null(ng_gazetteer_diff_everything(p.d));
    for (guint i = 0; i < G_N_ELEMENTS(SENTENCES); i++)
        g_assert_false(affects(p.d, p.old, SENTENCES[i]));
    pair_clear(&p);
}

/* Words are looked for by their loose keys: case, accents, German
 * transliterations and doubled letters aside. */
static void test_loose_words(void)
{
    Pair p = pair_new("  - name: Michael Smith\n",
                      "  - name: Richard von Weizsäcker\n    type: person\n"
                      "  - name: Michael Smith\n");
    g_assert_cmpuint(ng_gazetteer_diff_n_changed(p.d), ==, 1);
    g_assert_true(affects(p.d, p.old, "Weizsaecker spoke."));
    g_assert_true(affects(p.d, p.old, "WEIZSACKER SPOKE."));
    g_assert_true(affects(p.d, p.old, "Weizsäcker spoke."));
    g_assert_true(affects(p.d, p.old, "Richard spoke."));
    g_assert_false(affects(p.d, p.old, "Weiss spoke."));
    pair_clear(&p);
}

/* An organization's alias is looked for by the word fewest aliases have. */
static void test_rarest_word(void)
{
    Pair p = pair_new("  - name: Dana\n",
                      "  - name: Bank of Tokyo-Mitsubishi\n"
                      "    type: organization\n  - name: Dana\n");
    g_assert_true(affects(p.d, p.old, "Mitsubishi said so."));
    g_assert_false(affects(p.d, p.old, "The Bank of England said so."));
    pair_clear(&p);
}

/* A document whose stored result holds a changed entity is affected,
 * whatever its text. */
static void test_stored_ids(void)
{
    Pair p = pair_new("{role: Deputy Prime Minister}",
                      "{role: Deputy Prime Minister, party: Conservative}");
    g_assert_cmpuint(ng_gazetteer_diff_n_changed(p.d), ==, 1);
    const char *text = "Nothing of note happened on Tuesday.";
    NgDocResult *r = ng_docresult_new("doc", NULL);
    g_assert_false(ng_gazetteer_diff_affects(p.d, text, strlen(text), r));
    gint64 e = ng_gazetteer_lookup_id(p.old->gz, "person.michael-heseltine");
    g_assert_cmpint(e, >=, 0);
    ng_docresult_entity(r, p.old->gz->entities->pdata[e]);
    g_assert_true(ng_gazetteer_diff_affects(p.d, text, strlen(text), r));
    ng_docresult_free(r);
    pair_clear(&p);
}

/* Of two entities that swapped places, one moved: only it counts. */
static void test_moved(void)
{
    Pair p = pair_new(CHANGES[7].from, CHANGES[7].to);
    g_assert_cmpuint(ng_gazetteer_diff_n_changed(p.d), ==, 1);
    g_assert_null(ng_gazetteer_diff_everything(p.d));
    g_assert_false(affects(p.d, p.old, "Reagan met Nakasone."));
    pair_clear(&p);
}

/* An entry of a later file with an id already listed adds its aliases
 * to that entity, after the other entities' aliases: moved into the first
 * file, the same entities have their aliases in another order, which the
 * surname index follows. The entity counts as changed. */
static void test_aliases_moved(void)
{
    const char *a = "entities:\n"
                    "  - {name: Alpha Smith, type: person, id: person.a}\n"
                    "  - {name: Beta Smith, type: person, id: person.b}\n";
    const char *b = "entities:\n"
                    "  - {name: Alpha Smith, type: person, id: person.a,"
                    " aliases: [Al Smith]}\n";
    const char *joined = "entities:\n"
                         "  - {name: Alpha Smith, type: person, id: person.a,"
                         " aliases: [Al Smith]}\n"
                         "  - {name: Beta Smith, type: person, id: person.b}\n";
    Config *old = config_load2(a, b), *now = config_load2(joined, NULL);
    NgGazetteerDiff *d = ng_gazetteer_diff_new(old->gz, now->gz);
    g_assert_cmpuint(ng_gazetteer_diff_n_changed(d), ==, 1);
    g_assert_true(affects(d, old, "Smith spoke."));
    g_assert_false(affects(d, old, "Jones spoke."));
    ng_gazetteer_diff_free(d);
    /* Kept as they were: nothing changed. */
    Config *same = config_load2(a, b);
    d = ng_gazetteer_diff_new(old->gz, same->gz);
    g_assert_cmpuint(ng_gazetteer_diff_n_changed(d), ==, 0);
    ng_gazetteer_diff_free(d);
    config_free(same);
    config_free(now);
    config_free(old);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    char *path = tl_src_path("tests/fixtures/names/gazetteers/test.yaml");
    fixture = tl_read(path, NULL);
    g_free(path);
    g_test_add_func("/gazetteer-diff/unaffected-tag-the-same",
                    test_unaffected_tag_the_same);
    g_test_add_func("/gazetteer-diff/same", test_same);
    g_test_add_func("/gazetteer-diff/loose-words", test_loose_words);
    g_test_add_func("/gazetteer-diff/rarest-word", test_rarest_word);
    g_test_add_func("/gazetteer-diff/stored-ids", test_stored_ids);
    g_test_add_func("/gazetteer-diff/moved", test_moved);
    g_test_add_func("/gazetteer-diff/aliases-moved", test_aliases_moved);
    int rc = g_test_run();
    g_free(fixture);
    return rc;
}
