/*
 * test_relations.c - the relation engine (relations.h) with the shipped
 * rules (rules/) over a small fixture gazetteer of our own
 * (tests/fixtures/rules/gazetteer): sentences written for these tests that
 * must give a named edge, and sentences that must give none.
 */
#include <string.h>

#include "docresult.h"
#include "matcher.h"
#include "ng.h"
#include "relations.h"
#include "rules.h"
#include "tagging.h"
#include "testlib.h"

typedef struct {
    NgGazetteer *gz;
    NgMatcher *matcher;
    NgRuleSet *rules;
    NgRelationEngine *engine;
    NgTagged *tagged;
    NgDoc doc;
    GArray *matches;
} Fx;

static Fx *fx_new(const char *extra_rule_file)
{
    Fx *fx = g_new0(Fx, 1);
    GError *error = NULL;
    char *gzdir = tl_src_path("tests/fixtures/rules/gazetteer");
    fx->gz = ng_gazetteer_new();
    g_assert_true(ng_gazetteer_load_dir(fx->gz, gzdir, NULL, &error));
    g_assert_no_error(error);
    fx->matcher = ng_matcher_new(fx->gz);
    char *rulesdir = tl_src_path("rules");
    fx->rules = ng_rules_new();
    g_assert_true(ng_rules_add_dir(fx->rules, rulesdir, &error));
    if (extra_rule_file) {
        char *extra = tl_src_path(extra_rule_file);
        g_assert_true(ng_rules_add_file(fx->rules, extra, &error));
        g_free(extra);
    }
    g_assert_true(ng_rules_compile(fx->rules, NULL, &error));
    g_assert_no_error(error);
    fx->engine = ng_relations_new(fx->rules, fx->gz);
    fx->tagged = ng_tagged_new();
    fx->matches = g_array_new(FALSE, FALSE, sizeof(NgRelationMatch));
    g_free(gzdir);
    g_free(rulesdir);
    return fx;
}

static void fx_free(Fx *fx)
{
    g_array_free(fx->matches, TRUE);
    ng_tagged_free(fx->tagged);
    ng_relations_free(fx->engine);
    ng_rules_free(fx->rules);
    ng_matcher_free(fx->matcher);
    ng_gazetteer_free(fx->gz);
    g_free(fx->doc.text);
    g_free(fx);
}

/* Tag `text` and find its relations (blocked ones too if asked). */
static void run(Fx *fx, const char *text, gboolean keep_blocked)
{
    g_free(fx->doc.text);
    fx->doc = (NgDoc){ .id = "test", .text = g_strdup(text), .len = strlen(text) };
    NgTagOptions opt = { .metonyms = TRUE };
    ng_tag_document(fx->matcher, fx->gz, &opt, &fx->doc, fx->tagged);
    g_array_set_size(fx->matches, 0);
    ng_relations_find(fx->engine, fx->tagged, keep_blocked, fx->matches);
}

static int cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The relations in `text`, sorted and joined by "; ": "sanctions: A -> B"
 * for a directed relation, "meets: A -- B" (names sorted) otherwise. */
static char *relations_of(Fx *fx, const char *text)
{
    run(fx, text, FALSE);
    GPtrArray *edges = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < fx->matches->len; i++) {
        const NgRelationMatch *m = &g_array_index(fx->matches, NgRelationMatch, i);
        const char *a = ng_tagged_entity(fx->tagged, m->source.entity)->name;
        const char *b = ng_tagged_entity(fx->tagged, m->target.entity)->name;
        if (!m->relation->directed && strcmp(a, b) > 0) {
            const char *x = a;
            a = b, b = x;
        }
        char *e = g_strdup_printf("%s: %s %s %s", m->relation->name, a,
                                  m->relation->directed ? "->" : "--", b);
        gboolean dup = FALSE;
        for (guint k = 0; k < edges->len; k++)
            dup |= !strcmp(edges->pdata[k], e);
        if (dup)
            g_free(e);
        else
            g_ptr_array_add(edges, e);
    }
    g_ptr_array_sort(edges, cmp_str);
    g_ptr_array_add(edges, NULL);
    char *s = g_strjoinv("; ", (char **)edges->pdata);
    g_ptr_array_free(edges, TRUE);
    return s;
}

typedef struct {
    const char *text;
    const char *expected;   /* as relations_of gives it; "" for none */
} Case;

static void check_cases(const Case *cases, guint n)
{
    Fx *fx = fx_new(NULL);
    for (guint i = 0; i < n; i++) {
        char *got = relations_of(fx, cases[i].text);
        g_test_message("%s", cases[i].text);
        g_assert_cmpstr(got, ==, cases[i].expected);
        g_free(got);
    }
    fx_free(fx);
}

/* Sentences written for these tests. Each relation has some that must give
 * an edge (with its direction) and some that must give none: negation,
 * modality, conditions, threats, requests, deliberation, "sanctioned" as
 * approved, a body meeting itself, relations across two sentences. */
static const Case meets_pos[] = {
    { "Joe Biden met Vladimir Putin in Geneva on Wednesday.",
      "meets: Joe Biden -- Vladimir Putin" },
    { "Antony Blinken met with Russian Foreign Minister Sergey Lavrov for two hours.",
      "meets: Antony Blinken -- Sergey Lavrov" },
    { "Putin and Xi Jinping met in Beijing.",
      "meets: Vladimir Putin -- Xi Jinping" },
    { "Biden, Emmanuel Macron and Olaf Scholz met on the sidelines of the summit.",
      "meets: Emmanuel Macron -- Joe Biden; meets: Emmanuel Macron -- Olaf Scholz; meets: Joe Biden -- Olaf Scholz" },
    { "The talks between the United States and China ended without a statement.",
      "meets: China -- United States" },
    { "Lavrov held talks with Blinken in Reykjavik.",
      "meets: Antony Blinken -- Sergey Lavrov" },
    /* "May" is the month here, not the modal that blocks. */
    { "REYKJAVIK, May 19 - Antony Blinken met Sergey Lavrov on Wednesday.",
      "meets: Antony Blinken -- Sergey Lavrov" },
    { "Macron visited China last April.",
      "meets: China -- Emmanuel Macron" },
    { "Scholz's visit to Washington lasted two days.",
      "meets: Olaf Scholz -- United States" },
    { "Putin hosted Xi Jinping at his residence outside Moscow.",
      "meets: Vladimir Putin -- Xi Jinping" },
    { "Biden spoke by phone with Macron on Monday.",
      "meets: Emmanuel Macron -- Joe Biden" },
    { "Xi was received by Putin in the Kremlin.",
      "meets: Vladimir Putin -- Xi Jinping" },
    { "Biden and Putin, in their telephone conversation, discussed Ukraine.",
      "meets: Joe Biden -- Vladimir Putin" },
    { "Blinken told reporters after his meeting with Lavrov that progress was slow.",
      "meets: Antony Blinken -- Sergey Lavrov" },
    { "Macron telephoned Scholz on Sunday.",
      "meets: Emmanuel Macron -- Olaf Scholz" },
    { "The meeting was attended by Biden, his Secretary of State Antony Blinken, and by Chinese President Xi Jinping.",
      "meets: Antony Blinken -- Xi Jinping; meets: Joe Biden -- Xi Jinping" },
    { "Gazprom executives offered a new contract to Rosneft in Tuesday's meeting.",
      "meets: Gazprom -- Rosneft" },
    { "Lavrov, on a three-day visit to China, praised the partnership.",
      "meets: China -- Sergey Lavrov" },
    { "US-Russia talks opened in Geneva on Monday.",
      "meets: Russia -- United States" },
    { "Biden sent Blinken to Moscow for talks with Lavrov.",
      "meets: Antony Blinken -- Sergey Lavrov" },
    { "Biden welcomed the decision in a telephone call with Macron.",
      "meets: Emmanuel Macron -- Joe Biden" },
    { "Biden and Xi agreed to resume military talks, the White House said "
      "after the two leaders met near San Francisco.",
      "meets: Joe Biden -- Xi Jinping" },
    { "Lavrov and Blinken said the two ministers held talks in Geneva.",
      "meets: Antony Blinken -- Sergey Lavrov" },
    { "Lavrov, who flew to Geneva on Monday, held talks with his American "
      "counterpart Antony Blinken.",
      "meets: Antony Blinken -- Sergey Lavrov" },
    { "Scholz, who arrived on Tuesday, met Macron.",
      "meets: Emmanuel Macron -- Olaf Scholz" },
    { "Macron, who addressed the Bundestag, later flew to Beijing for talks "
      "with Xi.",
      "meets: Emmanuel Macron -- Xi Jinping" },
    /* Not across what someone said: the talks are Scholz's, not Macron's. */
    { "Macron, who arrived on Monday, said Scholz's talks with Xi failed.",
      "meets: Olaf Scholz -- Xi Jinping" },
    { "Lavrov told reporters after meeting Blinken that Moscow would respond.",
      "meets: Antony Blinken -- Sergey Lavrov" },
    /* A ticker's letters are no words: NOR is no negation. */
    { "Gazprom <NOR> met Lavrov.",
      "meets: Gazprom -- Sergey Lavrov" },
};

static const Case meets_neg[] = {
    { "Biden did not meet Putin in Geneva.",
      "" },
    { "Blinken may meet Lavrov next week.",
      "" },
    { "Biden will meet Putin in June.",
      "" },
    { "Lavrov and Blinken were expected to talk about a summit.",
      "" },
    { "Macron refused to meet Putin.",
      "" },
    { "If the talks go well, Xi could visit Washington.",
      "" },
    { "Biden called for talks with Putin.",
      "" },
    { "Putin threatened to cancel his meeting with Biden.",
      "" },
    { "The summit between Biden and Putin was cancelled.",
      "" },
    { "Lavrov met Chinese officials in Moscow.",
      "" },
    { "Biden and his Secretary of State Antony Blinken met in the Oval Office.",
      "" },
    { "Biden was in Geneva. The talks with Putin lasted four hours.",
      "" },
    { "Blinken hopes to meet Lavrov soon.",
      "" },
    { "The possibility of a meeting between Biden and Xi was discussed.",
      "" },
    { "Russia and China oppose the talks.",
      "" },
    { "Washington urged Tokyo to hold talks with Beijing.",
      "" },
    { "Scholz's planned visit to China was postponed.",
      "" },
    { "Blinken travels to Geneva for talks with Lavrov next month.",
      "" },
    { "Japan has met EU requirements on emissions.",
      "" },
    { "Scholz welcomed Macron's decision.",
      "" },
    { "Germany welcomed Biden nomination.",
      "" },
    { "He cited progress in talks between banks and Japan, as well as "
      "progress in negotiations with China.",
      "" },
    { "Biden and Xi said the two leaders will meet next year.",
      "" },
    /* Two who attend talks may sit on the same side of the table. */
    { "Biden and Secretary of State Antony Blinken attended the talks.",
      "" },
    { "The deal lets Japan and Canada attend meetings held by the five.",
      "" },
    { "Biden and Xi agreed on a plan after the two leaders met next week.",
      "" },
};

static const Case sanctions_pos[] = {
    { "The United States imposed sanctions on Rosneft on Friday.",
      "sanctions: United States -> Rosneft" },
    { "China protested after Washington slapped new tariffs on Chinese steel.",
      "sanctions: United States -> China" },
    { "Rosneft was sanctioned by the European Union in 2014.",
      "sanctions: European Union -> Rosneft" },
    { "The U.S. Treasury sanctioned Oleg Deripaska.",
      "sanctions: U.S. Treasury -> Oleg Deripaska" },
    { "The European Union's sanctions against Russia remain in force.",
      "sanctions: European Union -> Russia" },
    { "Sanctions on Iran imposed by the United Nations hurt its oil exports.",
      "sanctions: United Nations -> Iran" },
    { "Japan hit Russia with sanctions after the invasion.",
      "sanctions: Japan -> Russia" },
    { "The United States added Huawei to its entity list.",
      "sanctions: United States -> Huawei" },
    { "The EU imposed sanctions on Gazprom and its chief executive, Alexei Miller.",
      "sanctions: European Union -> Alexei Miller; sanctions: European Union -> Gazprom" },
    { "The United States, Canada and Japan imposed sanctions on Rosneft.",
      "sanctions: Canada -> Rosneft; sanctions: Japan -> Rosneft; sanctions: United States -> Rosneft" },
    { "U.S.-sanctioned Rosneft signed a deal with China.",
      "sanctions: United States -> Rosneft" },
    { "The United Nations imposed an arms embargo on Libya.",
      "sanctions: United Nations -> Libya" },
    { "Canada announced sanctions against Deripaska on Monday.",
      "sanctions: Canada -> Oleg Deripaska" },
    { "The EU extended sanctions imposed on Russia in 2014.",
      "sanctions: European Union -> Russia" },
    { "Japan said Washington's tariffs on Japanese cars took effect in April.",
      "sanctions: United States -> Japan" },
    { "Britain sanctioned Deripaska and Gazprom on Thursday.",
      "sanctions: United Kingdom -> Gazprom; sanctions: United Kingdom -> Oleg Deripaska" },
    { "Rosneft and Gazprom were blacklisted by the United States.",
      "sanctions: United States -> Gazprom; sanctions: United States -> Rosneft" },
    { "Washington hopes it can soon lift the sanctions imposed against Iran.",
      "sanctions: United States -> Iran" },
    { "Britain announced sanctions against 370 more people, including "
      "Gazprom chief executive Alexei Miller.",
      "sanctions: United Kingdom -> Alexei Miller" },
    { "The European Union froze the assets of Oleg Deripaska.",
      "sanctions: European Union -> Oleg Deripaska" },
    { "Japan banned exports of luxury goods to Russia.",
      "sanctions: Japan -> Russia" },
    { "The EU imposed asset freezes on Gazprom.",
      "sanctions: European Union -> Gazprom" },
    /* The one who speaks is not the actor of what is said. */
    { "Scholz said Berlin had imposed sanctions on Iran.",
      "sanctions: Germany -> Iran" },
    /* The object of the first verb does not ban: no Deripaska -> Russia. */
    { "The EU froze the assets of Oleg Deripaska and banned exports to Russia.",
      "sanctions: European Union -> Oleg Deripaska" },
};

static const Case sanctions_neg[] = {
    { "The United States threatened to impose sanctions on Russia.",
      "" },
    { "The EU may impose sanctions on Gazprom.",
      "" },
    { "Germany called for sanctions against Russia.",
      "" },
    { "Japan is considering sanctions on Iran.",
      "" },
    { "The European Union sanctioned Gazprom's purchase of the pipeline.",
      "" },
    { "The United States did not impose sanctions on China.",
      "" },
    { "Russia opposed sanctions on Iran.",
      "" },
    { "If talks fail, the EU will sanction Rosneft.",
      "" },
    { "Washington sanctioned the sale of jets to Turkey.",
      "" },
    { "Sanctions were imposed on Russia. The United States led the effort.",
      "" },
    { "Canada urged the United States to sanction Rosneft.",
      "" },
    { "Rosneft could face sanctions from the EU.",
      "" },
    { "The EU debated sanctions against Russia on Monday.",
      "" },
    { "The US will not sanction Gazprom.",
      "" },
    { "A UN-sanctioned peacekeeping force entered Libya.",
      "" },
    { "Blinken warned that the United States could impose tariffs on China.",
      "" },
    { "Washington agreed to hold up imposing duties on Japanese chips. Japan welcomed it.",
      "" },
    { "Britain vetoed a resolution to impose sanctions on Iran.",
      "" },
    { "The United States and Britain bar sanctions against Iran.",
      "" },
    { "Japan drafted sanctions against Iran.",
      "" },
};

static const Case exempts_pos[] = {
    { "The United States exempted Gazprom and its chief executive, Alexei Miller, from the penalties.",
      "exempts: United States -> Alexei Miller; exempts: United States -> Gazprom" },
    { "The EU lifted sanctions on Iran in 2016.",
      "exempts: European Union -> Iran" },
    { "Washington granted a waiver to Turkey for its oil purchases.",
      "exempts: United States -> Turkey" },
    { "Blinken renewed a waiver allowing Turkey to pay Iran for gas.",
      "exempts: Antony Blinken -> Turkey" },
    { "Turkey was given a waiver by the United States for its oil purchases.",
      "exempts: United States -> Turkey" },
    { "The U.S. Treasury granted Chevron a licence to pump oil.",
      "exempts: U.S. Treasury -> Chevron" },
    { "Japan agreed to waive tariffs on American beef, Washington said.",
      "exempts: Japan -> United States" },
    { "Rosneft was exempted from the ban by the European Union.",
      "exempts: European Union -> Rosneft" },
    { "The United States removed Oleg Deripaska from its sanctions list.",
      "exempts: United States -> Oleg Deripaska" },
    { "Canada eased sanctions against Iran last week.",
      "exempts: Canada -> Iran" },
    { "Sanctions on Iran were lifted by the United Nations in January.",
      "exempts: United Nations -> Iran" },
    { "China welcomed the decision after the EU suspended duties on Chinese solar panels.",
      "exempts: European Union -> China" },
    { "The United States and Canada lifted sanctions on Turkey.",
      "exempts: Canada -> Turkey; exempts: United States -> Turkey" },
    { "Washington exempted Japan from the steel quotas.",
      "exempts: United States -> Japan" },
    { "The US spared Gazprom from new sanctions.",
      "exempts: United States -> Gazprom" },
    { "The European Union relaxed its embargo on Iran.",
      "exempts: European Union -> Iran" },
    { "The United States issued a general license to Chevron.",
      "exempts: United States -> Chevron" },
    { "Canada welcomed it after the European Union dropped tariffs on Canadian lumber.",
      "exempts: European Union -> Canada" },
};

static const Case exempts_neg[] = {
    { "Gazprom asked the United States for an exemption from sanctions.",
      "" },
    { "Turkey requested a waiver from Washington.",
      "" },
    { "The EU may lift sanctions on Iran next year.",
      "" },
    { "The United States refused to lift sanctions on Russia.",
      "" },
    { "The US will not exempt Gazprom from sanctions.",
      "" },
    { "Canada is considering easing sanctions on Iran.",
      "" },
    { "If Iran complies, the EU will lift sanctions on Iran.",
      "" },
    { "Rosneft lobbied for a licence from the U.S. Treasury.",
      "" },
    { "Japan urged the United States to waive tariffs on Japanese cars.",
      "" },
    { "Sanctions on Iran were lifted. The EU announced it on Monday.",
      "" },
    { "Washington declined to grant a waiver to Turkey.",
      "" },
    { "Germany hopes the EU will ease sanctions on Russia.",
      "" },
    { "Gazprom and Alexei Miller were not exempted from sanctions by the EU.",
      "" },
    { "The EU plans to lift sanctions on Iran.",
      "" },
    { "Turkey sought an exemption for Gazprom.",
      "" },
    { "Turkey was not granted a waiver by the United States.",
      "" },
    { "The EU took exception to U.S. efforts on trade.",
      "" },
};
static void test_meets(void)
{
    check_cases(meets_pos, G_N_ELEMENTS(meets_pos));
}

static void test_meets_none(void)
{
    check_cases(meets_neg, G_N_ELEMENTS(meets_neg));
}

static void test_sanctions(void)
{
    check_cases(sanctions_pos, G_N_ELEMENTS(sanctions_pos));
}

static void test_sanctions_none(void)
{
    check_cases(sanctions_neg, G_N_ELEMENTS(sanctions_neg));
}

static void test_exempts(void)
{
    check_cases(exempts_pos, G_N_ELEMENTS(exempts_pos));
}

static void test_exempts_none(void)
{
    check_cases(exempts_neg, G_N_ELEMENTS(exempts_neg));
}

/* Grouping: coordination, possessive apposition (same side), titles and
 * qualifiers, attached "of" names, tails, joiners. */
static void test_grouping(void)
{
    static const Case cases[] = {
        /* Every pair of a coordinated group meets... */
        { "Biden, Macron, Scholz and Xi met in Rome.",
          "meets: Emmanuel Macron -- Joe Biden; meets: Emmanuel Macron -- Olaf Scholz; "
          "meets: Emmanuel Macron -- Xi Jinping; meets: Joe Biden -- Olaf Scholz; "
          "meets: Joe Biden -- Xi Jinping; meets: Olaf Scholz -- Xi Jinping" },
        /* ...but a comma list needs its conjunction. */
        { "Biden met Putin, Xi said.", "meets: Joe Biden -- Vladimir Putin" },
        /* "as well as" and a determiner in the link. */
        { "The EU lifted sanctions on Iran as well as the Russian Federation.",
          "exempts: European Union -> Iran" },
        { "Putin met Macron as well as Scholz on Friday.",
          "meets: Emmanuel Macron -- Vladimir Putin; meets: Olaf Scholz -- Vladimir Putin" },
        /* A qualifier and its titles make one unit with the person. */
        { "The US Secretary of State Antony Blinken met Lavrov.",
          "meets: Antony Blinken -- Sergey Lavrov" },
        { "Russia's Lavrov met China's Xi.", "meets: Sergey Lavrov -- Xi Jinping" },
        /* Lowercase title words between a conjunction and a name. */
        { "Putin and central bank president Xi Jinping last week visited Germany.",
          "meets: Germany -- Vladimir Putin; meets: Germany -- Xi Jinping" },
        /* The attached country is not a party. */
        { "Macron met Chancellor Olaf Scholz of Germany.",
          "meets: Emmanuel Macron -- Olaf Scholz" },
        /* A tail word after a country. */
        { "The Japan government exempted Huawei from the rules.",
          "exempts: Japan -> Huawei" },
        /* Unspaced joiners coordinate. */
        { "The China-Russia summit ended.", "meets: China -- Russia" },
        { "The China - Russia summit ended.", "" },
        /* A description set off by commas belongs to the name before it:
         * the names in it are no parties, and the possessive apposition
         * after it links to that name. */
        { "The United States waived sanctions on Gazprom, the company building "
          "the pipeline from Russia to Germany, and on its chief executive, "
          "Alexei Miller.",
          "exempts: United States -> Alexei Miller; exempts: United States -> Gazprom" },
        { "Gazprom, a company that Russia controls, was exempted from sanctions "
          "by the European Union.",
          "exempts: European Union -> Gazprom" },
        /* Not a description: a list whose next name follows "the". */
        { "Putin met Scholz, the French President Emmanuel Macron and Xi.",
          "meets: Emmanuel Macron -- Vladimir Putin; meets: Olaf Scholz -- Vladimir Putin; "
          "meets: Vladimir Putin -- Xi Jinping" },
    };
    check_cases(cases, G_N_ELEMENTS(cases));
}

/* A demonym stands for a country only when the document names it. */
static void test_demonyms(void)
{
    static const Case cases[] = {
        { "Washington slapped tariffs on Chinese steel.", "" },
        { "Washington slapped tariffs on Chinese steel. China protested.",
          "sanctions: United States -> China" },
        /* Before a title and a name, the demonym qualifies the person. */
        { "Russia imposed sanctions on Chinese President Xi Jinping. China protested.",
          "sanctions: Russia -> Xi Jinping" },
        /* Slots that do not accept demonyms ignore them. */
        { "Blinken met Chinese officials. China said so.", "" },
    };
    check_cases(cases, G_N_ELEMENTS(cases));
}

/* A person does not meet their own country (skip_home in meets.yaml):
 * known from the gazetteer (country: CN against iso2: CN) or from the text
 * (a qualifying country or demonym). */
static void test_home_country(void)
{
    static const Case cases[] = {
        { "Xi Jinping visited China.", "" },
        { "Xi Jinping visited Russia.", "meets: Russia -- Xi Jinping" },
        { "Putin met Xi in Beijing. Russian President Vladimir Putin visited Moscow.",
          "meets: Vladimir Putin -- Xi Jinping" },
        { "Russian President Vladimir Putin visited China.", "meets: China -- Vladimir Putin" },
        /* Other relations keep such pairs: a state exempts its own firms. */
        { "China exempted Xi Jinping from the rules.", "exempts: China -> Xi Jinping" },
    };
    check_cases(cases, G_N_ELEMENTS(cases));
}

/* Blocked matches are reported on request, with the blocker and where it
 * begins. */
static void test_blocked_reported(void)
{
    Fx *fx = fx_new(NULL);
    run(fx, "Biden may meet Putin.", FALSE);
    g_assert_cmpuint(fx->matches->len, ==, 0);
    run(fx, "Biden may meet Putin.", TRUE);
    g_assert_cmpuint(fx->matches->len, ==, 1);
    const NgRelationMatch *m = &g_array_index(fx->matches, NgRelationMatch, 0);
    g_assert_nonnull(m->blocker);
    g_assert_cmpstr(m->blocker->text, ==, "@modality");
    g_assert_cmpuint(m->blocker_token, ==, 1);
    g_assert_cmpstr(m->rule->id, ==, "meets-met");
    g_assert_cmpuint(m->source.mention, ==, 0);
    g_assert_cmpuint(m->target.mention, ==, 1);
    /* A blocker after the match only counts for scope: after. */
    run(fx, "Biden met Putin and may meet Xi.", TRUE);
    g_assert_cmpuint(fx->matches->len, ==, 2);
    m = &g_array_index(fx->matches, NgRelationMatch, 0);
    g_assert_null(m->blocker);
    g_assert_nonnull(g_array_index(fx->matches, NgRelationMatch, 1).blocker);
    fx_free(fx);
}

/* What the engine reports: entities, mentions, tokens, rule, sentence; one
 * match per pair and sentence. */
static void test_match_fields(void)
{
    Fx *fx = fx_new(NULL);
    run(fx, "Talks began. Lavrov held talks with Blinken and met Blinken.", FALSE);
    g_assert_cmpuint(fx->matches->len, ==, 1);
    const NgRelationMatch *m = &g_array_index(fx->matches, NgRelationMatch, 0);
    g_assert_cmpuint(m->sentence, ==, 1);
    g_assert_cmpstr(m->relation->name, ==, "meets");
    g_assert_false(m->relation->directed);
    g_assert_cmpstr(m->rule->id, ==, "meets-talks-with");
    g_assert_cmpstr(m->rule->cameo, ==, "040");
    g_assert_cmpstr(ng_tagged_entity(fx->tagged, m->source.entity)->name, ==, "Sergey Lavrov");
    g_assert_cmpuint(m->source.first_token, ==, 3);
    g_assert_cmpuint(m->source.n_tokens, ==, 1);
    g_assert_cmpint(m->target.mention, ==, 1);
    g_assert_null(m->blocker);

    /* A demonym argument has no mention. */
    run(fx, "Japan said Tokyo had cut tariffs on Chinese cars. China agreed.", FALSE);
    g_assert_cmpuint(fx->matches->len, ==, 1);
    m = &g_array_index(fx->matches, NgRelationMatch, 0);
    g_assert_cmpint(m->target.mention, ==, -1);
    g_assert_cmpstr(ng_tagged_entity(fx->tagged, m->target.entity)->name, ==, "China");
    fx_free(fx);
}

/* Edges go into the document result with evidence, rule and CAMEO code. */
static void test_docresult_edges(void)
{
    Fx *fx = fx_new(NULL);
    run(fx, "Gazprom was sanctioned by the European Union. Canada lifted sanctions on Iran.",
        FALSE);
    NgDocResult *r = ng_docresult_new("doc-1", NULL);
    ng_relations_add(r, fx->tagged, fx->matches);
    g_assert_cmpuint(r->edges->len, ==, 2);
    const NgResultEdge *e = &g_array_index(r->edges, NgResultEdge, 0);
    g_assert_cmpstr(e->relation, ==, "sanctions");
    g_assert_true(e->directed);
    g_assert_cmpstr(((NgEntity *)r->entities->pdata[e->source])->name, ==, "European Union");
    g_assert_cmpstr(((NgEntity *)r->entities->pdata[e->target])->name, ==, "Gazprom");
    g_assert_cmpstr(e->rule, ==, "sanctions-passive");
    g_assert_cmpstr(e->cameo, ==, "163");
    g_assert_cmpstr(e->evidence, ==, "Gazprom was sanctioned by the European Union.");
    e = &g_array_index(r->edges, NgResultEdge, 1);
    g_assert_cmpstr(e->relation, ==, "exempts");
    g_assert_cmpstr(e->evidence, ==, "Canada lifted sanctions on Iran.");
    ng_docresult_free(r);
    fx_free(fx);
}

/* A new relation from YAML alone: tests/fixtures/rules/accuses.yaml. */
static void test_new_relation_from_yaml(void)
{
    Fx *fx = fx_new("tests/fixtures/rules/accuses.yaml");
    static const struct { const char *text, *expected; } cases[] = {
        { "Russia accused the United States of meddling in its elections.",
          "accuses: Russia -> United States" },
        { "Gazprom was accused by the European Union of abusing its position.",
          "accuses: European Union -> Gazprom" },
        { "China did not blame Japan for the incident.", "" },
        /* The shipped relations still work beside it. */
        { "Japan blamed Russia for the attack. Tokyo then imposed sanctions on Rosneft.",
          "accuses: Japan -> Russia; sanctions: Japan -> Rosneft" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *got = relations_of(fx, cases[i].text);
        g_test_message("%s", cases[i].text);
        g_assert_cmpstr(got, ==, cases[i].expected);
        g_free(got);
    }
    run(fx, cases[0].text, FALSE);
    const NgRelationMatch *m = &g_array_index(fx->matches, NgRelationMatch, 0);
    g_assert_cmpstr(m->rule->cameo, ==, "112");
    g_assert_true(m->relation->directed);
    fx_free(fx);
}

/* One long sentence full of triggers and names: the work stays bounded,
 * since gaps are bounded and failed (element, token) states memoised. */
static void test_long_sentence(void)
{
    Fx *fx = fx_new(NULL);
    GString *s = g_string_new("Biden");
    for (int i = 0; i < 2000; i++)
        g_string_append(s, " and Putin met with Xi in talks between Macron , Scholz and");
    g_string_append(s, " Lavrov met Blinken.");
    gint64 t0 = g_get_monotonic_time();
    run(fx, s->str, FALSE);
    double secs = (g_get_monotonic_time() - t0) / 1e6;
    g_test_message("%u tokens, %u matches in %.3f s", fx->tagged->tokens->len,
                   fx->matches->len, secs);
    g_assert_cmpuint(fx->tagged->sentences->len, ==, 1);
    g_assert_cmpuint(fx->tagged->tokens->len, >, 20000);
    g_assert_cmpuint(fx->matches->len, >, 0);
    g_assert_cmpfloat(secs, <, 5.0);
    g_string_free(s, TRUE);
    fx_free(fx);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/relations/meets", test_meets);
    g_test_add_func("/relations/meets-none", test_meets_none);
    g_test_add_func("/relations/sanctions", test_sanctions);
    g_test_add_func("/relations/sanctions-none", test_sanctions_none);
    g_test_add_func("/relations/exempts", test_exempts);
    g_test_add_func("/relations/exempts-none", test_exempts_none);
    g_test_add_func("/relations/grouping", test_grouping);
    g_test_add_func("/relations/demonyms", test_demonyms);
    g_test_add_func("/relations/home-country", test_home_country);
    g_test_add_func("/relations/blocked-reported", test_blocked_reported);
    g_test_add_func("/relations/match-fields", test_match_fields);
    g_test_add_func("/relations/docresult-edges", test_docresult_edges);
    g_test_add_func("/relations/new-relation-from-yaml", test_new_relation_from_yaml);
    g_test_add_func("/relations/long-sentence", test_long_sentence);
    return g_test_run();
}
