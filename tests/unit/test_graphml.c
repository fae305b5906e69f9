/*
 * test_graphml.c - the GraphML writer (graphml.h) and the graph export
 * (ng_graph_write_graphml): cleaning and escaping, determinism, atomic
 * replacement, and that igraph, xmllint (the schema) and networkx accept
 * the files.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <igraph.h>

#include "graph.h"
#include "graphml.h"
#include "ng.h"
#include "testlib.h"

#define ATT_LABEL "AT&T <Corp> \"Bell\" \xc3\x9cn\xc3\xaf" "c\xc3\xb8" "d\xc3\xa9"

typedef struct {
    const char *id, *name;
    NgEntityType type;
    const char *attr_key, *attr_value;
} Ent;

static const Ent ents[] = {
    { "organization.at-t", ATT_LABEL, NG_TYPE_ORGANIZATION,
      "wikidata", "Q35476" },
    { "country.iran", "Iran", NG_TYPE_COUNTRY, "iso3", "IRN" },
    { "country.united-states", "United States", NG_TYPE_COUNTRY,
      "iso3", "USA" },
    { "person.angela-merkel", "Angela Merkel", NG_TYPE_PERSON, NULL, NULL },
};

/* A small graph. `reverse` adds the nodes in the opposite order, which
 * must not change the output; `mixed` adds an undirected edge. */
static NgGraph *sample_graph(gboolean reverse, gboolean mixed)
{
    NgGraph *g = ng_graph_new();
    guint idx[G_N_ELEMENTS(ents)];
    for (guint k = 0; k < G_N_ELEMENTS(ents); k++) {
        guint i = reverse ? G_N_ELEMENTS(ents) - 1 - k : k;
        NgAttr attr = { (char *)ents[i].attr_key, (char *)ents[i].attr_value };
        NgEntity e = { .id = (char *)ents[i].id, .name = (char *)ents[i].name,
                       .type = ents[i].type, .attrs = &attr,
                       .n_attrs = ents[i].attr_key ? 1 : 0 };
        idx[i] = ng_graph_node(g, &e);
    }
    guint att = idx[0], iran = idx[1], usa = idx[2], merkel = idx[3];

    ng_graph_add_mention(g, iran, "Iran", 0, "1987-03-02");
    ng_graph_add_mention(g, usa, "United\nStates", 0, "1987-03-02");
    ng_graph_add_mention(g, usa, "U.S.", 1, NULL);
    ng_graph_add_mention(g, att, "AT&T", 1, NULL);
    ng_graph_add_mention(g, merkel, "Merkel", 1, NULL);

    NgEdgeEvent ev = {
        .relation = "sanctions", .directed = TRUE, .source = usa,
        .target = iran, .weight = 1, .doc_serial = 0, .doc_id = "doc-1",
        .date = "1987-03-02", .rule = "sanctions.impose", .cameo = "163",
        .evidence = "The U.S. imposed\tsanctions on Iran \x07today.",
    };
    ng_graph_add_edge(g, &ev);
    ev.doc_serial = 1;
    ev.doc_id = "doc-2";
    ev.date = NULL;
    ev.rule = "sanctions.embargo";
    ev.weight = 0.1;
    ev.evidence = "Embargo: \"oil\" & <gas>.";
    ng_graph_add_edge(g, &ev);

    ev = (NgEdgeEvent){ .relation = "meets", .directed = TRUE,
                        .source = merkel, .target = att, .weight = 1,
                        .doc_serial = 1 };
    ng_graph_add_edge(g, &ev);
    if (mixed) {
        ev = (NgEdgeEvent){ .relation = "co-occurs", .source = usa,
                            .target = iran, .weight = 2, .doc_serial = 1,
                            .doc_id = "doc-2", .evidence = "Iran, U.S." };
        ng_graph_add_edge(g, &ev);
    }
    return g;
}

static char *write_sample(const char *dir, const char *name, gboolean mixed)
{
    GError *error = NULL;
    char *path = g_build_filename(dir, name, NULL);
    NgGraph *g = sample_graph(FALSE, mixed);
    g_assert_true(ng_graph_write_graphml(g, path, "negraph test", FALSE, &error));
    g_assert_no_error(error);
    ng_graph_free(g);
    return path;
}

static gint cmp_strp(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in `dir`, sorted and joined by spaces: to see leftover temp files. */
static char *dir_listing(const char *dir)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *n;
    while ((n = g_dir_read_name(d)))
        g_ptr_array_add(names, g_strdup(n));
    g_dir_close(d);
    g_ptr_array_sort(names, cmp_strp);
    g_ptr_array_add(names, NULL);
    char *s = g_strjoinv(" ", (char **)names->pdata);
    g_ptr_array_free(names, TRUE);
    return s;
}

static void test_clean_text(void)
{
    static const struct { const char *in, *out; } cases[] = {
        { "plain", "plain" },
        { "tab\there\r\nnewline", "tab here  newline" },
        { "bell\x07" "esc\x1b" "del\x7f" "nul-less", "bellescdelnul-less" },
        { "c1\xc2\x85" "x", "c1x" },                     /* U+0085 NEL */
        { "nonchar\xef\xbf\xbe" "x", "noncharx" },       /* U+FFFE */
        { "bad\xff" "byte", "bad\xef\xbf\xbd" "byte" },  /* -> U+FFFD */
        { "cut\xc3", "cut\xef\xbf\xbd" },
        { ATT_LABEL, ATT_LABEL },
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *got = ng_graphml_clean_text(cases[i].in);
        g_assert_cmpstr(got, ==, cases[i].out);
        g_assert_true(g_utf8_validate(got, -1, NULL));
        g_free(got);
    }
    g_assert_true(ng_graphml_is_name("country.united-states"));
    g_assert_true(ng_graphml_is_name("e_first_seen:1"));
    g_assert_false(ng_graphml_is_name(""));
    g_assert_false(ng_graphml_is_name("has space"));
    g_assert_false(ng_graphml_is_name("caf\xc3\xa9"));
    g_assert_false(ng_graphml_is_name("a&b"));
}

static void test_escaping(void)
{
    char *dir = tl_tmpdir();
    char *path = write_sample(dir, "g.graphml", TRUE);
    char *xml = tl_read(path, NULL);

    g_assert_nonnull(strstr(xml, "<data key=\"v_label\">AT&amp;T &lt;Corp&gt; "
        "&quot;Bell&quot; \xc3\x9cn\xc3\xaf" "c\xc3\xb8" "d\xc3\xa9</data>"));
    g_assert_nonnull(strstr(xml, "<data key=\"e_evidence\">[doc-1] The U.S. "
        "imposed sanctions on Iran today. || [doc-2] Embargo: &quot;oil&quot; "
        "&amp; &lt;gas&gt;.</data>"));
    g_assert_nonnull(strstr(xml, "<data key=\"v_aliases\">U.S. | United "
                                 "States</data>"));
    g_assert_nonnull(strstr(xml, "<data key=\"e_rule\">sanctions.embargo,"
                                 "sanctions.impose</data>"));
    g_assert_nonnull(strstr(xml, "<data key=\"e_weight\">1.1</data>"));
    g_assert_null(strchr(xml, '\x07'));
    g_assert_true(g_utf8_validate(xml, -1, NULL));
    g_free(xml);
    g_free(path);
    g_free(dir);
}

/* The whole file for the sample graph, written by hand: the contract. */
static void test_exact_output(void)
{
    static const char expect[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!-- negraph test -->\n"
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
        "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
        "  <key id=\"v_label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
        "  <key id=\"v_type\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>\n"
        "  <key id=\"v_mentions\" for=\"node\" attr.name=\"mentions\" attr.type=\"int\"/>\n"
        "  <key id=\"v_documents\" for=\"node\" attr.name=\"documents\" attr.type=\"int\"/>\n"
        "  <key id=\"v_aliases\" for=\"node\" attr.name=\"aliases\" attr.type=\"string\"/>\n"
        "  <key id=\"v_first_seen\" for=\"node\" attr.name=\"first_seen\" attr.type=\"string\"/>\n"
        "  <key id=\"v_last_seen\" for=\"node\" attr.name=\"last_seen\" attr.type=\"string\"/>\n"
        "  <key id=\"v_iso3\" for=\"node\" attr.name=\"iso3\" attr.type=\"string\"/>\n"
        "  <key id=\"v_wikidata\" for=\"node\" attr.name=\"wikidata\" attr.type=\"string\"/>\n"
        "  <key id=\"e_label\" for=\"edge\" attr.name=\"label\" attr.type=\"string\"/>\n"
        "  <key id=\"e_relation\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>\n"
        "  <key id=\"e_is_directed\" for=\"edge\" attr.name=\"is_directed\" attr.type=\"boolean\"/>\n"
        "  <key id=\"e_weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
        "  <key id=\"e_documents\" for=\"edge\" attr.name=\"documents\" attr.type=\"int\"/>\n"
        "  <key id=\"e_evidence\" for=\"edge\" attr.name=\"evidence\" attr.type=\"string\"/>\n"
        "  <key id=\"e_rule\" for=\"edge\" attr.name=\"rule\" attr.type=\"string\"/>\n"
        "  <key id=\"e_cameo\" for=\"edge\" attr.name=\"cameo\" attr.type=\"string\"/>\n"
        "  <key id=\"e_first_seen\" for=\"edge\" attr.name=\"first_seen\" attr.type=\"string\"/>\n"
        "  <key id=\"e_last_seen\" for=\"edge\" attr.name=\"last_seen\" attr.type=\"string\"/>\n"
        "  <graph id=\"G\" edgedefault=\"directed\">\n"
        "    <node id=\"country.iran\">\n"
        "      <data key=\"v_label\">Iran</data>\n"
        "      <data key=\"v_type\">country</data>\n"
        "      <data key=\"v_mentions\">1</data>\n"
        "      <data key=\"v_documents\">1</data>\n"
        "      <data key=\"v_aliases\">Iran</data>\n"
        "      <data key=\"v_first_seen\">1987-03-02</data>\n"
        "      <data key=\"v_last_seen\">1987-03-02</data>\n"
        "      <data key=\"v_iso3\">IRN</data>\n"
        "    </node>\n"
        "    <node id=\"country.united-states\">\n"
        "      <data key=\"v_label\">United States</data>\n"
        "      <data key=\"v_type\">country</data>\n"
        "      <data key=\"v_mentions\">2</data>\n"
        "      <data key=\"v_documents\">2</data>\n"
        "      <data key=\"v_aliases\">U.S. | United States</data>\n"
        "      <data key=\"v_first_seen\">1987-03-02</data>\n"
        "      <data key=\"v_last_seen\">1987-03-02</data>\n"
        "      <data key=\"v_iso3\">USA</data>\n"
        "    </node>\n"
        "    <node id=\"organization.at-t\">\n"
        "      <data key=\"v_label\">AT&amp;T &lt;Corp&gt; &quot;Bell&quot; "
        "\xc3\x9cn\xc3\xaf" "c\xc3\xb8" "d\xc3\xa9</data>\n"
        "      <data key=\"v_type\">organization</data>\n"
        "      <data key=\"v_mentions\">1</data>\n"
        "      <data key=\"v_documents\">1</data>\n"
        "      <data key=\"v_aliases\">AT&amp;T</data>\n"
        "      <data key=\"v_wikidata\">Q35476</data>\n"
        "    </node>\n"
        "    <node id=\"person.angela-merkel\">\n"
        "      <data key=\"v_label\">Angela Merkel</data>\n"
        "      <data key=\"v_type\">person</data>\n"
        "      <data key=\"v_mentions\">1</data>\n"
        "      <data key=\"v_documents\">1</data>\n"
        "      <data key=\"v_aliases\">Merkel</data>\n"
        "    </node>\n"
        "    <edge id=\"e0\" source=\"country.iran\" target=\"country.united-states\" "
        "directed=\"false\" label=\"co-occurs\">\n"
        "      <data key=\"e_label\">co-occurs</data>\n"
        "      <data key=\"e_relation\">co-occurs</data>\n"
        "      <data key=\"e_is_directed\">false</data>\n"
        "      <data key=\"e_weight\">2</data>\n"
        "      <data key=\"e_documents\">1</data>\n"
        "      <data key=\"e_evidence\">[doc-2] Iran, U.S.</data>\n"
        "    </edge>\n"
        "    <edge id=\"e1\" source=\"person.angela-merkel\" target=\"organization.at-t\" "
        "directed=\"true\" label=\"meets\">\n"
        "      <data key=\"e_label\">meets</data>\n"
        "      <data key=\"e_relation\">meets</data>\n"
        "      <data key=\"e_is_directed\">true</data>\n"
        "      <data key=\"e_weight\">1</data>\n"
        "      <data key=\"e_documents\">1</data>\n"
        "    </edge>\n"
        "    <edge id=\"e2\" source=\"country.united-states\" target=\"country.iran\" "
        "directed=\"true\" label=\"sanctions\">\n"
        "      <data key=\"e_label\">sanctions</data>\n"
        "      <data key=\"e_relation\">sanctions</data>\n"
        "      <data key=\"e_is_directed\">true</data>\n"
        "      <data key=\"e_weight\">1.1</data>\n"
        "      <data key=\"e_documents\">2</data>\n"
        "      <data key=\"e_evidence\">[doc-1] The U.S. imposed sanctions on Iran "
        "today. || [doc-2] Embargo: &quot;oil&quot; &amp; &lt;gas&gt;.</data>\n"
        "      <data key=\"e_rule\">sanctions.embargo,sanctions.impose</data>\n"
        "      <data key=\"e_cameo\">163</data>\n"
        "      <data key=\"e_first_seen\">1987-03-02</data>\n"
        "      <data key=\"e_last_seen\">1987-03-02</data>\n"
        "    </edge>\n"
        "  </graph>\n"
        "</graphml>\n";
    char *dir = tl_tmpdir();
    char *path = write_sample(dir, "g.graphml", TRUE);
    char *xml = tl_read(path, NULL);
    g_assert_cmpstr(xml, ==, expect);
    g_free(xml);
    g_free(path);
    g_free(dir);
}

static void test_blank_skipped(void)
{
    GError *error = NULL;
    char *dir = tl_tmpdir();
    char *path = g_build_filename(dir, "w.graphml", NULL);
    NgGraphmlWriter *w = ng_graphml_begin(path, NULL, &error);
    g_assert_no_error(error);
    ng_graphml_key(w, FALSE, "note", NG_GML_STRING);
    ng_graphml_graph_start(w);
    ng_graphml_node_start(w, "n1");
    ng_graphml_data_string(w, "note", " \t\r\n ");
    ng_graphml_data_string(w, "note", "");
    ng_graphml_data_string(w, "note", NULL);
    ng_graphml_data_string(w, "note", "\x01\x02");          /* blank once cleaned */
    ng_graphml_data_string(w, "note", "\xe3\x80\x80");      /* U+3000 space */
    ng_graphml_node_end(w);
    g_assert_true(ng_graphml_finish(w, &error));
    g_assert_no_error(error);

    char *xml = tl_read(path, NULL);
    g_assert_nonnull(strstr(xml, "<node id=\"n1\">\n    </node>\n"));
    g_assert_null(strstr(xml, "<data"));
    g_assert_null(strstr(xml, "<!--"));
    g_free(xml);
    g_free(path);
    g_free(dir);
}

/* Every value is written as the slow path writes it: cleaned, then blank
 * (skipped) or escaped by g_markup_escape_text. Random strings of plain
 * ASCII, the five escaped characters, spaces, control bytes and UTF-8,
 * so that the one-pass path for printable ASCII both finishes and gives
 * up half way (after escaping some of the text). */
static void test_text_as_reference(void)
{
    static const char *const pieces[] = {
        "a", "Z9", " ", "  ", "&", "<", ">", "'", "\"", "\t", "\n", "\x01",
        "\x7f", "\xc3\xa9", "\xe3\x80\x80", "\xff", "[doc-1] ", " || ",
    };
    GRand *r = g_rand_new_with_seed(5);
    GError *error = NULL;
    char *dir = tl_tmpdir();
    char *path = g_build_filename(dir, "t.graphml", NULL);
    NgGraphmlWriter *w = ng_graphml_begin(path, NULL, &error);
    g_assert_no_error(error);
    ng_graphml_key(w, FALSE, "note", NG_GML_STRING);
    ng_graphml_graph_start(w);
    GString *want = g_string_new(NULL);
    for (int i = 0; i < 3000; i++) {
        GString *v = g_string_new(NULL);
        int n = g_rand_int_range(r, 0, 8);
        for (int k = 0; k < n; k++)
            g_string_append(v, pieces[g_rand_int_range(r, 0, G_N_ELEMENTS(pieces))]);
        char id[16];
        g_snprintf(id, sizeof id, "n%d", i);
        ng_graphml_node_start(w, id);
        ng_graphml_data_string(w, "note", v->str);
        ng_graphml_node_end(w);

        g_string_append_printf(want, "    <node id=\"%s\">\n", id);
        char *clean = ng_graphml_clean_text(v->str);
        gboolean blank = TRUE;
        for (const char *p = clean; *p && blank; p = g_utf8_next_char(p))
            blank = g_unichar_isspace(g_utf8_get_char(p));
        if (!blank) {
            char *esc = g_markup_escape_text(clean, -1);
            g_string_append_printf(want, "      <data key=\"v_note\">%s</data>\n",
                                   esc);
            g_free(esc);
        }
        g_free(clean);
        g_string_append(want, "    </node>\n");
        g_string_free(v, TRUE);
    }
    g_assert_true(ng_graphml_finish(w, &error));
    g_assert_no_error(error);
    char *xml = tl_read(path, NULL);
    char *from = strstr(xml, "    <node id=\"n0\">");
    g_assert_nonnull(from);
    char *to = strstr(from, "  </graph>");
    g_assert_nonnull(to);
    *to = '\0';
    g_assert_cmpstr(from, ==, want->str);
    g_free(xml);
    g_string_free(want, TRUE);
    g_free(path);
    g_free(dir);
    g_rand_free(r);
}

static void test_comment(void)
{
    GError *error = NULL;
    char *dir = tl_tmpdir();
    char *path = g_build_filename(dir, "c.graphml", NULL);
    NgGraph *g = ng_graph_new();
    g_assert_true(ng_graph_write_graphml(g, path, "negraph 0.1 --min-weight 2 "
                                         "--> x---y -", FALSE, &error));
    g_assert_no_error(error);
    ng_graph_free(g);
    char *xml = tl_read(path, NULL);
    g_assert_nonnull(strstr(xml, "<!-- negraph 0.1 - -min-weight 2 - -> "
                                 "x- - -y - -->\n"));
    g_free(xml);
    g_free(path);
    g_free(dir);
}

static void test_deterministic(void)
{
    GError *error = NULL;
    char *dir = tl_tmpdir();
    char *p1 = write_sample(dir, "1.graphml", TRUE);
    char *p2 = write_sample(dir, "2.graphml", TRUE);
    char *p3 = g_build_filename(dir, "3.graphml", NULL);
    NgGraph *g = sample_graph(TRUE, TRUE);   /* nodes added in reverse */
    g_assert_true(ng_graph_write_graphml(g, p3, "negraph test", FALSE, &error));
    g_assert_no_error(error);
    ng_graph_free(g);

    gsize n1, n2, n3;
    char *a = tl_read(p1, &n1), *b = tl_read(p2, &n2), *c = tl_read(p3, &n3);
    g_assert_cmpmem(a, n1, b, n2);
    g_assert_cmpmem(a, n1, c, n3);
    g_free(a);
    g_free(b);
    g_free(c);
    g_free(p1);
    g_free(p2);
    g_free(p3);
    g_free(dir);
}

static void test_locale(void)
{
    static const char *const locales[] = {
        "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8",
        "es_ES.UTF-8", "es_ES.utf8",
    };
    const char *found = NULL;
    for (guint i = 0; !found && i < G_N_ELEMENTS(locales); i++)
        if (setlocale(LC_NUMERIC, locales[i]))
            found = locales[i];
    setlocale(LC_NUMERIC, "C");
    if (!found) {
        g_test_skip("no locale with a decimal comma is installed");
        return;
    }

    char *dir = tl_tmpdir();
    char *p1 = write_sample(dir, "c.graphml", FALSE);
    setlocale(LC_NUMERIC, found);
    char *p2 = write_sample(dir, "de.graphml", FALSE);
    setlocale(LC_NUMERIC, "C");
    gsize n1, n2;
    char *a = tl_read(p1, &n1), *b = tl_read(p2, &n2);
    g_assert_cmpmem(a, n1, b, n2);
    g_assert_nonnull(strstr(a, ">1.1<"));
    g_free(a);
    g_free(b);
    g_free(p1);
    g_free(p2);
    g_free(dir);
}

/* A graph of n people in a ring, with evidence; node `bad` (if below n)
 * has an id that is not a GraphML name. */
static NgGraph *ring_graph(guint n, guint bad)
{
    NgGraph *g = ng_graph_new();
    for (guint i = 0; i < n; i++) {
        char id[32], name[32];
        g_snprintf(id, sizeof id, i == bad ? "person.p %05u" : "person.p%05u", i);
        g_snprintf(name, sizeof name, "P & %u", i);
        NgEntity e = { .id = id, .name = name, .type = NG_TYPE_PERSON };
        guint v = ng_graph_node(g, &e);
        ng_graph_add_mention(g, v, name, i, "1987-03-02");
    }
    for (guint i = 0; i < n; i++) {
        char evidence[64];
        g_snprintf(evidence, sizeof evidence, "P %u met <P %u>.", i, (i + 1) % n);
        NgEdgeEvent ev = { .relation = "co-occurs", .source = i,
                           .target = (i + 1) % n, .weight = 1,
                           .doc_serial = i, .doc_id = "d",
                           .evidence = evidence };
        ng_graph_add_edge(g, &ev);
    }
    return g;
}

/* Formatted on several threads, in parts: the same bytes as on one, and
 * a bad id in a later part fails the file as it would on one thread. */
static void test_parts(void)
{
    char *dir = tl_tmpdir();
    NgGraph *g = ring_graph(9000, G_MAXUINT);
    char *one = g_build_filename(dir, "one.graphml", NULL);
    char *three = g_build_filename(dir, "three.graphml", NULL);
    g_assert_true(ng_graph_write_graphml_with(g, NULL, one, "c", FALSE, 1,
                                              NULL));
    g_assert_true(ng_graph_write_graphml_with(g, NULL, three, "c", FALSE, 3,
                                              NULL));
    gsize la, lb;
    char *a = tl_read(one, &la), *b = tl_read(three, &lb);
    g_assert_cmpuint(la, >, 1000000);
    g_assert_cmpmem(a, la, b, lb);
    g_free(a);
    g_free(b);
    ng_graph_free(g);

    g = ring_graph(9000, 7000);
    for (guint jobs = 1; jobs <= 3; jobs += 2) {
        GError *error = NULL;
        g_assert_false(ng_graph_write_graphml_with(g, NULL, one, "c", FALSE,
                                                   jobs, &error));
        g_assert_error(error, NG_ERROR, NG_ERROR_USAGE);
        g_assert_nonnull(strstr(error->message, "'person.p 07000'"));
        g_error_free(error);
    }
    ng_graph_free(g);
    g_free(one);
    g_free(three);
    g_free(dir);
}

static void test_atomic(void)
{
    GError *error = NULL;
    char *dir = tl_tmpdir();
    char *path = tl_write(dir, "out.graphml", "old contents", -1);

    /* A failure half way (a node id that is not a GraphML name). */
    NgGraph *g = ng_graph_new();
    NgEntity e = { .id = (char *)"bad id", .name = (char *)"Bad",
                   .type = NG_TYPE_PERSON };
    ng_graph_node(g, &e);
    g_assert_false(ng_graph_write_graphml(g, path, NULL, FALSE, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_USAGE);
    g_assert_nonnull(strstr(error->message, "out.graphml"));
    g_assert_nonnull(strstr(error->message, "'bad id'"));
    g_clear_error(&error);
    ng_graph_free(g);
    char *data = tl_read(path, NULL);
    g_assert_cmpstr(data, ==, "old contents");
    g_free(data);
    char *ls = dir_listing(dir);
    g_assert_cmpstr(ls, ==, "out.graphml");
    g_free(ls);

    /* A directory that does not exist. */
    char *missing = g_build_filename(dir, "no-such-dir", "out.graphml", NULL);
    g = sample_graph(FALSE, TRUE);
    g_assert_false(ng_graph_write_graphml(g, missing, NULL, FALSE, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_IO);
    g_assert_nonnull(strstr(error->message, missing));
    g_clear_error(&error);

    /* Renaming over a directory fails after everything was written. */
    char *sub = g_build_filename(dir, "sub", NULL);
    g_assert_cmpint(g_mkdir(sub, 0755), ==, 0);
    char *inner = tl_write(sub, "keep", "x", -1);
    g_assert_false(ng_graph_write_graphml(g, sub, NULL, FALSE, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_IO);
    g_clear_error(&error);
    ls = dir_listing(dir);
    g_assert_cmpstr(ls, ==, "out.graphml sub");
    g_free(ls);

    /* And a successful write replaces the old file. */
    g_assert_true(ng_graph_write_graphml(g, path, NULL, FALSE, &error));
    g_assert_no_error(error);
    data = tl_read(path, NULL);
    g_assert_true(g_str_has_prefix(data, "<?xml"));
    g_free(data);
    ls = dir_listing(dir);
    g_assert_cmpstr(ls, ==, "out.graphml sub");
    g_free(ls);

    ng_graph_free(g);
    g_free(inner);
    g_free(sub);
    g_free(missing);
    g_free(path);
    g_free(dir);
}

static void test_writer_errors(void)
{
    static const char *const cases[] = {
        "undeclared", "wrong-type", "int-range", "nan", "inf", "dup-key",
        "bad-key", "bad-edge-end",
    };
    char *dir = tl_tmpdir();
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        GError *error = NULL;
        char *path = g_build_filename(dir, "w.graphml", NULL);
        NgGraphmlWriter *w = ng_graphml_begin(path, NULL, &error);
        g_assert_no_error(error);
        ng_graphml_key(w, FALSE, "n", NG_GML_INT);
        ng_graphml_key(w, TRUE, "x", NG_GML_DOUBLE);
        if (!strcmp(cases[i], "dup-key"))
            ng_graphml_key(w, FALSE, "n", NG_GML_LONG);
        if (!strcmp(cases[i], "bad-key"))
            ng_graphml_key(w, FALSE, "a b", NG_GML_LONG);
        ng_graphml_graph_start(w);
        ng_graphml_node_start(w, "a");
        if (!strcmp(cases[i], "undeclared"))
            ng_graphml_data_string(w, "x", "on a node, x is not declared");
        if (!strcmp(cases[i], "wrong-type"))
            ng_graphml_data_bool(w, "n", TRUE);
        if (!strcmp(cases[i], "int-range"))
            ng_graphml_data_int(w, "n", (gint64)G_MAXINT32 + 1);
        ng_graphml_node_end(w);
        ng_graphml_edge_start(w, "e0", "a",
                              strcmp(cases[i], "bad-edge-end") ? "a" : "b c",
                              TRUE, NULL);
        if (!strcmp(cases[i], "nan"))
            ng_graphml_data_double(w, "x", NAN);
        if (!strcmp(cases[i], "inf"))
            ng_graphml_data_double(w, "x", -INFINITY);
        ng_graphml_edge_end(w);
        g_assert_false(ng_graphml_finish(w, &error));
        g_assert_error(error, NG_ERROR, NG_ERROR_USAGE);
        g_test_message("%s: %s", cases[i], error->message);
        g_clear_error(&error);
        g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
        char *ls = dir_listing(dir);
        g_assert_cmpstr(ls, ==, "");
        g_free(ls);
        g_free(path);
    }
    g_free(dir);
}

/* Numbers as printf writes them ("%" G_GINT64_FORMAT, "%.15g"): the
 * writer formats integers and whole doubles by hand. */
static void test_numbers(void)
{
    static const double doubles[] = {
        0, -0.0, 1, -3, 2.5, 1e14, 999999999999999, 1e15, -1e15 + 1, 1e300,
        123456789012345678.0, 0.1, -7.25e-5, 4503599627370497.0,
        1e19, -1.3585e200,   /* beyond a 64-bit integer: no cast (UBSan) */
    };
    static const gint64 ints[] = { 0, 7, -7, 10, 2147483647, -2147483647 - 1,
                                   G_MAXINT64, G_MININT64 };
    char *dir = tl_tmpdir();
    char *path = g_build_filename(dir, "n.graphml", NULL);
    NgGraphmlWriter *w = ng_graphml_begin(path, NULL, NULL);
    ng_graphml_key(w, FALSE, "d", NG_GML_DOUBLE);
    ng_graphml_key(w, FALSE, "l", NG_GML_LONG);
    ng_graphml_graph_start(w);
    ng_graphml_node_start(w, "a");
    GString *want = g_string_new(NULL);
    for (guint i = 0; i < G_N_ELEMENTS(doubles); i++) {
        ng_graphml_data_double(w, "d", doubles[i]);
        char num[G_ASCII_DTOSTR_BUF_SIZE];
        g_string_append_printf(want, "<data key=\"v_d\">%s</data>\n",
                               g_ascii_formatd(num, sizeof num, "%.15g",
                                               doubles[i]));
    }
    for (guint i = 0; i < G_N_ELEMENTS(ints); i++) {
        ng_graphml_data_int(w, "l", ints[i]);
        g_string_append_printf(want, "<data key=\"v_l\">%" G_GINT64_FORMAT
                               "</data>\n", ints[i]);
    }
    ng_graphml_node_end(w);
    g_assert_true(ng_graphml_finish(w, NULL));
    char *text = tl_read(path, NULL);
    GString *got = g_string_new(NULL);
    for (char *p = text; (p = strstr(p, "<data ")); p = strchr(p, '\n') + 1)
        g_string_append_len(got, p, strchr(p, '\n') + 1 - p);
    g_assert_cmpstr(got->str, ==, want->str);
    g_assert_nonnull(strstr(text, ">-0</data>"));
    g_string_free(got, TRUE);
    g_string_free(want, TRUE);
    g_free(text);
    g_free(path);
    g_free(dir);
}

static void test_attr_key_clash(void)
{
    GError *error = NULL;
    char *dir = tl_tmpdir();
    char *path = g_build_filename(dir, "a.graphml", NULL);
    static const char *const bad[] = { "label", "first_seen", "birth date" };
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        NgGraph *g = ng_graph_new();
        NgAttr attr = { (char *)bad[i], (char *)"v" };
        NgEntity e = { .id = (char *)"person.x", .name = (char *)"X",
                       .type = NG_TYPE_PERSON, .attrs = &attr, .n_attrs = 1 };
        ng_graph_node(g, &e);
        g_assert_false(ng_graph_write_graphml(g, path, NULL, FALSE, &error));
        g_assert_error(error, NG_ERROR, NG_ERROR_CONFIG);
        g_assert_nonnull(strstr(error->message, bad[i]));
        g_assert_nonnull(strstr(error->message, "person.x"));
        g_clear_error(&error);
        ng_graph_free(g);
        g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    }
    g_free(path);
    g_free(dir);
}

static void test_stdout(void)
{
    if (g_test_subprocess()) {
        GError *error = NULL;
        NgGraph *g = sample_graph(FALSE, TRUE);
        g_assert_true(ng_graph_write_graphml(g, "-", "to stdout", FALSE, &error));
        g_assert_no_error(error);
        ng_graph_free(g);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stdout("<?xml *<!-- to stdout -->*"
                              "<node id=\"country.iran\">*</graphml>\n");
}

/* Read `path` with igraph and check counts and a few attributes. */
static void test_igraph(void)
{
    char *dir = tl_tmpdir();
    char *path = write_sample(dir, "g.graphml", TRUE);
    igraph_t gr;
    igraph_set_attribute_table(&igraph_cattribute_table);
    igraph_error_handler_t *old = igraph_set_error_handler(
        igraph_error_handler_printignore);
    igraph_warning_handler_t *oldw = igraph_set_warning_handler(
        igraph_warning_handler_ignore);

    FILE *f = fopen(path, "r");
    g_assert_nonnull(f);
    g_assert_cmpint(igraph_read_graph_graphml(&gr, f, 0), ==, IGRAPH_SUCCESS);
    fclose(f);
    g_assert_cmpint(igraph_vcount(&gr), ==, 4);
    g_assert_cmpint(igraph_ecount(&gr), ==, 3);
    g_assert_cmpstr(VAS(&gr, "id", 0), ==, "country.iran");
    g_assert_cmpstr(VAS(&gr, "label", 2), ==, ATT_LABEL);
    g_assert_cmpstr(VAS(&gr, "type", 3), ==, "person");
    g_assert_cmpfloat(VAN(&gr, "mentions", 1), ==, 2);
    g_assert_cmpstr(VAS(&gr, "aliases", 1), ==, "U.S. | United States");
    g_assert_cmpstr(VAS(&gr, "iso3", 1), ==, "USA");
    g_assert_cmpstr(EAS(&gr, "relation", 2), ==, "sanctions");
    g_assert_cmpfloat(EAN(&gr, "weight", 2), ==, 1.1);
    g_assert_true(EAB(&gr, "is_directed", 2));
    g_assert_false(EAB(&gr, "is_directed", 0));
    g_assert_cmpstr(EAS(&gr, "evidence", 2), ==, "[doc-1] The U.S. imposed "
                    "sanctions on Iran today. || [doc-2] Embargo: \"oil\" & <gas>.");
    igraph_integer_t from, to;
    igraph_edge(&gr, 2, &from, &to);
    g_assert_cmpstr(VAS(&gr, "id", from), ==, "country.united-states");
    g_assert_cmpstr(VAS(&gr, "id", to), ==, "country.iran");
    igraph_destroy(&gr);

    /* An empty graph is a valid file too. */
    char *empty = g_build_filename(dir, "empty.graphml", NULL);
    GError *error = NULL;
    NgGraph *g = ng_graph_new();
    g_assert_true(ng_graph_write_graphml(g, empty, NULL, FALSE, &error));
    g_assert_no_error(error);
    ng_graph_free(g);
    f = fopen(empty, "r");
    g_assert_cmpint(igraph_read_graph_graphml(&gr, f, 0), ==, IGRAPH_SUCCESS);
    fclose(f);
    g_assert_cmpint(igraph_vcount(&gr), ==, 0);
    g_assert_cmpint(igraph_ecount(&gr), ==, 0);
    igraph_destroy(&gr);

    igraph_set_error_handler(old);
    igraph_set_warning_handler(oldw);
    g_free(empty);
    g_free(path);
    g_free(dir);
}

/* Run argv with `env` added; returns the exit status (output to the log). */
static int run(char **argv, const char *env_name, const char *env_value)
{
    GError *error = NULL;
    char **envp = g_get_environ();
    if (env_name)
        envp = g_environ_setenv(envp, env_name, env_value, TRUE);
    char *out = NULL, *err = NULL;
    int status = -1;
    g_spawn_sync(NULL, argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                 &err, &status, &error);
    g_assert_no_error(error);
    g_test_message("%s: %s%s", argv[0], out, err);
    g_free(out);
    g_free(err);
    g_strfreev(envp);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static void test_schema(void)
{
    char *xmllint = g_find_program_in_path("xmllint");
    if (!xmllint || !tl_shared_dir()) {
        g_test_skip(xmllint ? "no ../shared (GraphML schema)" : "no xmllint");
        g_free(xmllint);
        return;
    }
    char *schema_dir = g_build_filename(tl_shared_dir(), "data",
                                        "graphml-schema", NULL);
    char *catalog = g_build_filename(schema_dir, "catalog.xml", NULL);
    char *xsd = g_build_filename(schema_dir, "graphml+gephi.xsd", NULL);
    char *dir = tl_tmpdir();
    char *files[2] = { write_sample(dir, "g.graphml", TRUE),
                       g_build_filename(dir, "empty.graphml", NULL) };
    GError *error = NULL;
    NgGraph *g = ng_graph_new();
    g_assert_true(ng_graph_write_graphml(g, files[1], "empty", FALSE, &error));
    g_assert_no_error(error);
    ng_graph_free(g);

    for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
        char *argv[] = { xmllint, (char *)"--nonet", (char *)"--noout",
                         (char *)"--schema", xsd, files[i], NULL };
        g_assert_cmpint(run(argv, "XML_CATALOG_FILES", catalog), ==, 0);
        g_free(files[i]);
    }
    g_free(dir);
    g_free(xsd);
    g_free(catalog);
    g_free(schema_dir);
    g_free(xmllint);
}

/* networkx refuses directed="false" in an edgedefault="directed" graph
 * (it has no mixed graphs), so only a graph without undirected edges is
 * checked here; see graph_graphml.c. */
static void test_networkx(void)
{
    char *check[] = { (char *)"/usr/bin/python3", (char *)"-c",
                      (char *)"import networkx", NULL };
    if (!g_file_test(check[0], G_FILE_TEST_IS_EXECUTABLE) ||
        run(check, NULL, NULL) != 0) {
        g_test_skip("python3 with networkx not available");
        return;
    }
    char *dir = tl_tmpdir();
    char *path = write_sample(dir, "g.graphml", FALSE);
    char *argv[] = {
        (char *)"/usr/bin/python3", (char *)"-c", (char *)
        "import sys, networkx\n"
        "g = networkx.read_graphml(sys.argv[1])\n"
        "assert g.number_of_nodes() == 4 and g.number_of_edges() == 2\n"
        "n = g.nodes['organization.at-t']\n"
        "assert n['label'] == 'AT&T <Corp> \"Bell\" \\u00dcn\\u00efc\\u00f8d\\u00e9'\n"
        "assert n['mentions'] == 1 and n['wikidata'] == 'Q35476'\n"
        "e = g.edges['country.united-states', 'country.iran']\n"
        "assert e['weight'] == 1.1 and e['is_directed'] is True\n"
        "assert e['rule'] == 'sanctions.embargo,sanctions.impose'\n",
        path, NULL };
    g_assert_cmpint(run(argv, NULL, NULL), ==, 0);
    g_free(path);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/graphml/clean-text", test_clean_text);
    g_test_add_func("/graphml/escaping", test_escaping);
    g_test_add_func("/graphml/exact-output", test_exact_output);
    g_test_add_func("/graphml/blank-skipped", test_blank_skipped);
    g_test_add_func("/graphml/text-as-reference", test_text_as_reference);
    g_test_add_func("/graphml/comment", test_comment);
    g_test_add_func("/graphml/deterministic", test_deterministic);
    g_test_add_func("/graphml/locale", test_locale);
    g_test_add_func("/graphml/parts", test_parts);
    g_test_add_func("/graphml/atomic", test_atomic);
    g_test_add_func("/graphml/writer-errors", test_writer_errors);
    g_test_add_func("/graphml/attr-key-clash", test_attr_key_clash);
    g_test_add_func("/graphml/numbers", test_numbers);
    g_test_add_func("/graphml/stdout", test_stdout);
    g_test_add_func("/graphml/igraph", test_igraph);
    g_test_add_func("/graphml/schema", test_schema);
    g_test_add_func("/graphml/networkx", test_networkx);
    return g_test_run();
}
