/*
 * test_query.c - the query core on a hand-written graph in the contract
 * (tests/fixtures/query/news.graphml: the EFE story of the Blinken-Lavrov
 * talks and the Nord Stream 2 waiver, plus a few invented links), and on
 * broken input.
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ng.h"
#include "query.h"
#include "testlib.h"

static NgQuery *news;   /* the fixture, loaded once */

static char *fixture(const char *name)
{
    char *rel = g_build_filename("tests", "fixtures", "query", name, NULL);
    char *path = tl_src_path(rel);
    g_free(rel);
    return path;
}

static NgQuery *load_fixture(const char *name)
{
    GError *error = NULL;
    char *path = fixture(name);
    NgQuery *q = ng_query_load(path, &error);
    g_assert_no_error(error);
    g_assert_nonnull(q);
    g_free(path);
    return q;
}

static igraph_integer_t node(const char *name)
{
    char *message = NULL;
    igraph_integer_t v = ng_query_resolve(news, name, &message);
    if (v < 0)
        g_error("%s", message);
    return v;
}

static void assert_cell(const NgQueryResult *r, guint row,
                        const char *column, const char *want)
{
    char *got = ng_query_table_get(r->table, row, column);
    g_assert_cmpstr(got, ==, want);
    g_free(got);
}

static guint rows(const NgQueryResult *r)
{
    return ng_query_table_n_rows(r->table);
}

static gboolean relations(NgQueryFilter *f, const char *names)
{
    char *message = NULL;
    char *list[] = { (char *)names, NULL };
    gboolean ok = ng_query_filter_relations(news, f, list, &message);
    g_free(message);
    return ok;
}

/* ---- loading ---- */

static void test_load(void)
{
    g_assert_cmpint(ng_query_n_nodes(news), ==, 15);
    g_assert_cmpint(ng_query_n_edges(news), ==, 27);
    igraph_integer_t us = node("country.united-states");
    g_assert_cmpstr(ng_query_node_label(news, us), ==, "United States");
    g_assert_cmpstr(ng_query_node_type(news, us), ==, "country");
    g_assert_cmpstr(ng_query_edge_relation(news, 0), ==, "co-occurs");
    g_assert_cmpstr(ng_query_edge_relation(news, 26), ==, "sanctions");
}

static void expect_load_error(const char *path, int code, const char *part)
{
    GError *error = NULL;
    NgQuery *q = ng_query_load(path, &error);
    g_assert_null(q);
    g_assert_error(error, NG_ERROR, code);
    if (!strstr(error->message, part))
        g_error("message \"%s\" lacks \"%s\"", error->message, part);
    g_error_free(error);
}

static void test_bad_input(void)
{
    char *path = fixture("not-graphml.graphml");
    expect_load_error(path, NG_ERROR_FORMAT, "not a GraphML file");
    g_free(path);
    path = fixture("truncated.graphml");
    expect_load_error(path, NG_ERROR_FORMAT, "truncated.graphml: truncated "
                                             "GraphML file (");
    g_free(path);
    path = fixture("networkx.graphml");
    expect_load_error(path, NG_ERROR_FORMAT,
                      "not a negraph graph (missing node attribute "
                      "'label')");
    g_free(path);
    path = fixture("no-such-file.graphml");
    expect_load_error(path, NG_ERROR_IO, "no-such-file.graphml: ");
    g_free(path);

    char *dir = tl_tmpdir();
    path = tl_write(dir, "empty.graphml", "", 0);
    expect_load_error(path, NG_ERROR_FORMAT, "not a GraphML file");
    g_free(path);
    path = tl_write(dir, "html.graphml",
                    "<html><body><graph/></body></html>", -1);
    expect_load_error(path, NG_ERROR_FORMAT, "<html>, not <graphml>");
    g_free(path);
    path = tl_write(dir, "nograph.graphml",
                    "<graphml><key id='a' for='node' attr.name='label'/>"
                    "</graphml>", -1);
    expect_load_error(path, NG_ERROR_FORMAT, "no <graph> element");
    g_free(path);
    /* Our keys but for the node type. */
    path = tl_write(dir, "notype.graphml",
                    "<graphml>"
                    "<key id='v_label' for='node' attr.name='label' "
                    "attr.type='string'/>"
                    "<key id='e_relation' for='edge' attr.name='relation' "
                    "attr.type='string'/>"
                    "<key id='e_is_directed' for='edge' "
                    "attr.name='is_directed' attr.type='boolean'/>"
                    "<graph edgedefault='directed'/></graphml>", -1);
    expect_load_error(path, NG_ERROR_FORMAT,
                      "notype.graphml: not a negraph graph (missing node "
                      "attribute 'type')");
    g_free(path);
    /* Binary garbage. */
    path = tl_write(dir, "binary.graphml", "\x89PNG\r\n\x1a\n\0\0\0", 11);
    expect_load_error(path, NG_ERROR_FORMAT, "not a GraphML file");
    g_free(path);
    g_free(dir);
}

/* The keys a GraphML file needs to be a negraph graph. */
#define NEGRAPH_KEYS                                                        \
    "<?xml version='1.0'?><graphml>"                                        \
    "<key id='v_label' for='node' attr.name='label' attr.type='string'/>"   \
    "<key id='v_type' for='node' attr.name='type' attr.type='string'/>"     \
    "<key id='e_relation' for='edge' attr.name='relation' "                 \
    "attr.type='string'/>"                                                  \
    "<key id='e_is_directed' for='edge' attr.name='is_directed' "           \
    "attr.type='boolean'/>"

/* A graph with our keys and nothing in it is a graph, just empty. */
static void test_empty_graph(void)
{
    char *dir = tl_tmpdir();
    char *path = tl_write(dir, "empty.graphml",
                          NEGRAPH_KEYS
                          "<graph id='G' edgedefault='directed'/></graphml>",
                          -1);
    GError *error = NULL;
    NgQuery *q = ng_query_load(path, &error);
    g_assert_no_error(error);
    NgQueryResult *r = ng_query_stats(q, &error);
    g_assert_no_error(error);
    assert_cell(r, 0, "value", "0");
    ng_query_result_free(r);
    NgQueryCommunitiesOpts co = { .resolution = 1, .min_size = 2 };
    r = ng_query_communities(q, &co, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(rows(r), ==, 0);
    ng_query_result_free(r);
    NgQueryNodesOpts no = { .by = NG_QUERY_BY_PAGERANK };
    r = ng_query_nodes(q, &no, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(rows(r), ==, 0);
    ng_query_result_free(r);
    ng_query_free(q);
    g_free(path);
    g_free(dir);
}

/* Nodes without links: each is a group of one, with either algorithm.
 * Leiden "until stable" in igraph 0.10 never returned on such a graph. */
static void test_communities_without_links(void)
{
    char *dir = tl_tmpdir();
    char *path = tl_write(dir, "lone.graphml",
                          NEGRAPH_KEYS
                          "<graph id='G' edgedefault='undirected'>"
                          "<node id='a'><data key='v_label'>A</data>"
                          "<data key='v_type'>person</data></node>"
                          "<node id='b'><data key='v_label'>B</data>"
                          "<data key='v_type'>person</data></node>"
                          "</graph></graphml>",
                          -1);
    GError *error = NULL;
    NgQuery *q = ng_query_load(path, &error);
    g_assert_no_error(error);
    for (int leiden = 0; leiden <= 1; leiden++) {
        NgQueryCommunitiesOpts o = { .leiden = leiden, .resolution = 1,
                                     .min_size = 1 };
        NgQueryResult *r = ng_query_communities(q, &o, &error);
        g_assert_no_error(error);
        g_assert_cmpuint(rows(r), ==, 2);
        assert_cell(r, 0, "size", "1");
        ng_query_result_free(r);
    }
    ng_query_free(q);
    g_free(path);
    g_free(dir);
}

/* negraph build --portable: no per-edge directed=, and edgedefault
 * "undirected" when no edge is directed. */
static void test_portable(void)
{
    GError *error = NULL;
    char *path = fixture("news.graphml");
    char *text = tl_read(path, NULL);
    g_free(path);
    GString *portable = g_string_new(text);
    g_string_replace(portable, " directed=\"false\"", "", 0);
    g_string_replace(portable, " directed=\"true\"", "", 0);
    char *dir = tl_tmpdir();
    path = tl_write(dir, "portable.graphml", portable->str, -1);
    NgQuery *q = ng_query_load(path, &error);
    g_assert_no_error(error);
    char *message = NULL;
    NgQueryNeighborsOpts o = { .depth = 1 };
    o.node = ng_query_resolve(q, "US", &message);
    char *sanctions[] = { "sanctions", NULL };
    g_assert_true(ng_query_filter_relations(q, &o.filter, sanctions,
                                            &message));
    o.filter.direction = NG_QUERY_DIR_OUT;
    NgQueryResult *r = ng_query_neighbors(q, &o, &error);
    g_assert_cmpuint(rows(r), ==, 1);
    assert_cell(r, 0, "direction", "out");
    ng_query_result_free(r);
    ng_query_filter_clear(&o.filter);
    ng_query_free(q);
    g_free(path);

    const char *head =
        "<graphml><key id='v_label' for='node' attr.name='label' "
        "attr.type='string'/><key id='v_type' for='node' attr.name='type' "
        "attr.type='string'/><key id='e_relation' for='edge' "
        "attr.name='relation' attr.type='string'/><key id='e_is_directed' "
        "for='edge' attr.name='is_directed' attr.type='boolean'/>"
        "<graph id='G' edgedefault='undirected'>"
        "<node id='a'/><node id='b'/><node id='c'/>"
        "<edge source='b' target='a'><data key='e_relation'>co-occurs</data>"
        "<data key='e_is_directed'>false</data></edge>"
        "<edge source='b' target='c'><data key='e_relation'>meets</data>"
        "<data key='e_is_directed'>%s</data></edge></graph></graphml>";
    char *xml = g_strdup_printf(head, "false");
    path = tl_write(dir, "undirected.graphml", xml, -1);
    q = ng_query_load(path, &error);
    g_assert_no_error(error);
    NgQueryPathOpts po = { .max_paths = 1 };
    po.from = ng_query_resolve(q, "a", &message);
    po.to = ng_query_resolve(q, "c", &message);
    r = ng_query_path(q, &po, &error);
    g_assert_cmpuint(rows(r), ==, 2);
    assert_cell(r, 1, "direction", "both");
    ng_query_result_free(r);
    ng_query_free(q);
    g_free(path);
    g_free(xml);

    xml = g_strdup_printf(head, "true");
    path = tl_write(dir, "mixed.graphml", xml, -1);
    g_assert_null(ng_query_load(path, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_FORMAT);
    g_assert_nonnull(strstr(error->message, "a directed edge in a graph "
                                            "whose edgedefault is"));
    g_clear_error(&error);
    g_free(path);
    g_free(xml);
    g_free(dir);
    g_string_free(portable, TRUE);
    g_free(text);
}

/* ---- names ---- */

static void expect_name(const char *name, const char *id)
{
    char *message = NULL;
    igraph_integer_t v = ng_query_resolve(news, name, &message);
    if (v < 0)
        g_error("%s: %s", name, message);
    g_assert_cmpstr(ng_query_node_id(news, v), ==, id);
}

static void expect_no_name(const char *name, const char *message_want)
{
    char *message = NULL;
    g_assert_cmpint(ng_query_resolve(news, name, &message), ==, -1);
    g_assert_cmpstr(message, ==, message_want);
    g_free(message);
}

static void test_resolve(void)
{
    expect_name("United States", "country.united-states");
    expect_name("united states", "country.united-states");
    expect_name("U.S.", "country.united-states");
    expect_name("us", "country.united-states");
    expect_name("  WASHINGTON ", "country.united-states");
    expect_name("country.united-states", "country.united-states");
    expect_name("Country.United-States", "country.united-states");
    expect_name("Blinken", "person.antony-blinken");
    expect_name("President  Biden", "person.joe-biden");
    expect_name("Nord Stream 2", "organization.nord-stream-2-ag");

    expect_no_name("Biden",
                   "\"Biden\" is ambiguous: Joe Biden (person.joe-biden), "
                   "Hunter Biden (person.hunter-biden); give the id");
    expect_no_name("Matias Warnig",
                   "no entity named \"Matias Warnig\"; did you mean: "
                   "Matthias Warnig (person.matthias-warnig)?");
    expect_no_name("Lavrof",
                   "no entity named \"Lavrof\"; did you mean: "
                   "Sergey Lavrov (person.sergey-lavrov)?");
    /* A surname typed for a name that has no such alias. */
    expect_no_name("Navalnyy",
                   "no entity named \"Navalnyy\"; did you mean: "
                   "Alexei Navalny (person.alexei-navalny)?");
    expect_no_name("Zyzzyva Quux", "no entity named \"Zyzzyva Quux\"");
    expect_no_name("", "no entity named \"\"");
}

static void test_filter_relations(void)
{
    NgQueryFilter f = { 0 };
    char *message = NULL;
    char *ok[] = { "sanctions, Exempts", "meets", NULL };
    g_assert_true(ng_query_filter_relations(news, &f, ok, &message));
    g_assert_null(message);
    ng_query_filter_clear(&f);
    char *bad[] = { "bribes", NULL };
    g_assert_false(ng_query_filter_relations(news, &f, bad, &message));
    g_assert_cmpstr(message, ==, "no relation 'bribes' in the graph; it has: "
                                 "co-occurs, exempts, meets, sanctions");
    g_free(message);
    ng_query_filter_clear(&f);

    NgQueryDirection d;
    g_assert_true(ng_query_direction_parse("OUT", &d));
    g_assert_cmpint(d, ==, NG_QUERY_DIR_OUT);
    g_assert_true(ng_query_direction_parse("both", &d));
    g_assert_cmpint(d, ==, NG_QUERY_DIR_ANY);
    g_assert_false(ng_query_direction_parse("up", &d));
}

/* ---- neighbors ---- */

static void test_neighbors(void)
{
    GError *error = NULL;
    NgQueryNeighborsOpts o = { .node = node("United States"), .depth = 1 };
    g_assert_true(relations(&o.filter, "exempts"));
    o.evidence = TRUE;
    NgQueryResult *r = ng_query_neighbors(news, &o, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(rows(r), ==, 2);
    assert_cell(r, 0, "neighbor", "Nord Stream 2 AG");
    assert_cell(r, 1, "neighbor", "Matthias Warnig");
    assert_cell(r, 0, "relation", "exempts");
    assert_cell(r, 0, "direction", "out");
    assert_cell(r, 0, "weight", "1");
    assert_cell(r, 1, "neighbor_id", "person.matthias-warnig");
    char *ev = ng_query_table_get(r->table, 0, "evidence");
    g_assert_true(g_str_has_prefix(ev, "[efe-blinken-lavrov] In a nod to "
                                       "Putin"));
    g_free(ev);
    g_assert_null(r->note);
    ng_query_result_free(r);
    ng_query_filter_clear(&o.filter);

    /* Who has the United States sanctioned, and who sanctioned it? */
    g_assert_true(relations(&o.filter, "sanctions"));
    o.filter.direction = NG_QUERY_DIR_OUT;
    r = ng_query_neighbors(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 1);
    assert_cell(r, 0, "neighbor", "Russia");
    assert_cell(r, 0, "direction", "out");
    assert_cell(r, 0, "weight", "2");
    ng_query_result_free(r);
    o.filter.direction = NG_QUERY_DIR_IN;
    r = ng_query_neighbors(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 1);
    assert_cell(r, 0, "neighbor", "Russia");
    assert_cell(r, 0, "direction", "in");
    assert_cell(r, 0, "weight", "1");
    ng_query_result_free(r);
    ng_query_filter_clear(&o.filter);

    /* Undirected links pass any direction: every link of Warnig's. */
    o.node = node("Warnig");
    o.filter.direction = NG_QUERY_DIR_OUT;
    o.evidence = FALSE;
    r = ng_query_neighbors(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 3);   /* co-occurs x3, not the exempts */
    g_assert_null(ng_query_table_get(r->table, 0, "evidence"));
    ng_query_result_free(r);
    o.filter.direction = NG_QUERY_DIR_IN;
    r = ng_query_neighbors(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 4);
    ng_query_result_free(r);
}

static void test_neighbors_depth(void)
{
    GError *error = NULL;
    NgQueryNeighborsOpts o = { .node = node("Hunter Biden"), .depth = 3 };
    NgQueryResult *r = ng_query_neighbors(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 1);   /* a component of two */
    assert_cell(r, 0, "neighbor", "Burisma");
    ng_query_result_free(r);

    o.node = node("Matthias Warnig");
    o.depth = 2;
    g_assert_true(relations(&o.filter, "exempts"));
    r = ng_query_neighbors(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 2);
    assert_cell(r, 0, "depth", "1");
    assert_cell(r, 0, "neighbor", "United States");
    assert_cell(r, 0, "direction", "in");
    assert_cell(r, 1, "depth", "2");
    assert_cell(r, 1, "from", "United States");
    assert_cell(r, 1, "neighbor", "Nord Stream 2 AG");
    assert_cell(r, 1, "direction", "out");
    /* The selection: Warnig, the US, Nord Stream 2 AG and two links. */
    g_assert_cmpuint(r->edges->len, ==, 2);
    ng_query_result_free(r);

    /* --top keeps the heaviest. */
    ng_query_filter_clear(&o.filter);
    o.node = node("Lavrov");
    o.depth = 1;
    o.top = 2;
    r = ng_query_neighbors(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 2);
    assert_cell(r, 0, "neighbor", "Antony Blinken");
    assert_cell(r, 0, "weight", "4");
    assert_cell(r, 1, "neighbor", "Afghanistan");   /* then by relation, id */
    ng_query_result_free(r);

    /* Nothing left: an empty table and a note. */
    o.top = 0;
    g_assert_true(relations(&o.filter, "exempts"));
    r = ng_query_neighbors(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 0);
    g_assert_cmpstr(r->note, ==, "Sergey Lavrov has no links that match");
    ng_query_result_free(r);
    ng_query_filter_clear(&o.filter);
}

/* ---- path ---- */

static void test_path(void)
{
    GError *error = NULL;
    NgQueryPathOpts o = { .from = node("Antony Blinken"),
                          .to = node("Matthias Warnig"), .max_paths = 10 };
    NgQueryResult *r = ng_query_path(news, &o, &error);
    g_assert_no_error(error);
    /* Two hops through the United States; the second hop is two links. */
    g_assert_cmpuint(rows(r), ==, 3);
    assert_cell(r, 0, "path", "1");
    assert_cell(r, 0, "hop", "1");
    assert_cell(r, 0, "from", "Antony Blinken");
    assert_cell(r, 0, "to", "United States");
    assert_cell(r, 1, "hop", "2");
    assert_cell(r, 1, "relation", "co-occurs");
    assert_cell(r, 1, "to", "Matthias Warnig");
    assert_cell(r, 2, "relation", "exempts");
    assert_cell(r, 2, "direction", "out");
    char *ev = ng_query_table_get(r->table, 2, "evidence");
    g_assert_nonnull(strstr(ev, "exempted Nord Stream 2 AG"));
    g_free(ev);
    ng_query_result_free(r);

    /* Lavrov to Warnig: several shortest paths, in a fixed order. */
    o.from = node("Lavrov");
    r = ng_query_path(news, &o, &error);
    g_assert_cmpuint(rows(r), >, 3);
    assert_cell(r, 0, "to", "Afghanistan");
    ng_query_result_free(r);
    o.max_paths = 1;
    r = ng_query_path(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 4);   /* the last hop is two links */
    assert_cell(r, 3, "path", "1");
    ng_query_result_free(r);

    /* Direction: the US exempts Warnig, not the other way. */
    g_assert_true(relations(&o.filter, "exempts"));
    o.filter.direction = NG_QUERY_DIR_OUT;
    o.from = node("Warnig");
    o.to = node("US");
    r = ng_query_path(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 0);
    g_assert_cmpstr(r->note, ==, "no path from Matthias Warnig to United "
                                 "States");
    ng_query_result_free(r);
    o.from = node("US");
    o.to = node("Warnig");
    r = ng_query_path(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 1);
    ng_query_result_free(r);
    ng_query_filter_clear(&o.filter);

    /* Another component; the same entity. */
    o.filter.direction = NG_QUERY_DIR_ANY;
    o.to = node("Burisma");
    r = ng_query_path(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 0);
    g_assert_nonnull(r->note);
    ng_query_result_free(r);
    o.to = o.from;
    r = ng_query_path(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 0);
    g_assert_cmpstr(r->note, ==, "United States and United States are the "
                                 "same entity");
    ng_query_result_free(r);
}

/* ---- edges ---- */

static void test_edges(void)
{
    GError *error = NULL;
    NgQueryEdgesOpts o = { .source = -1, .target = -1 };
    g_assert_true(relations(&o.filter, "sanctions"));
    NgQueryResult *r = ng_query_edges(news, &o, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(rows(r), ==, 2);
    assert_cell(r, 0, "source", "United States");
    assert_cell(r, 0, "target", "Russia");
    assert_cell(r, 0, "weight", "2");
    assert_cell(r, 0, "directed", "true");
    assert_cell(r, 0, "first_seen", "2021-05-20");
    assert_cell(r, 1, "source", "Russia");
    g_assert_null(ng_query_table_get(r->table, 0, "evidence"));
    ng_query_result_free(r);
    ng_query_filter_clear(&o.filter);

    /* An undirected link is shown with the asked-for source first. */
    o.source = node("Russia");
    g_assert_true(relations(&o.filter, "co-occurs"));
    r = ng_query_edges(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 4);
    for (guint i = 0; i < rows(r); i++)
        assert_cell(r, i, "source", "Russia");
    assert_cell(r, 0, "target", "United States");   /* weight 3 */
    ng_query_result_free(r);
    ng_query_filter_clear(&o.filter);

    /* Types of the ends. */
    o.source = -1;
    char *people[] = { "person", NULL }, *orgs[] = { "organization", NULL };
    o.source_types = people;
    o.target_types = orgs;
    r = ng_query_edges(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 5);
    for (guint i = 0; i < rows(r); i++) {
        char *s = ng_query_table_get(r->table, i, "source_id");
        g_assert_true(g_str_has_prefix(s, "person."));
        g_free(s);
    }
    ng_query_result_free(r);
    o.source_types = o.target_types = NULL;

    /* Dates and weight. */
    o.since = "2021-05-20";
    r = ng_query_edges(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 2);
    ng_query_result_free(r);
    o.since = NULL;
    o.until = "2020";
    r = ng_query_edges(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 1);
    assert_cell(r, 0, "source", "Burisma");
    ng_query_result_free(r);
    o.until = "2021-05";
    o.filter.min_weight = 3;
    o.top = 1;
    r = ng_query_edges(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 1);
    assert_cell(r, 0, "weight", "4");
    ng_query_result_free(r);

    g_assert_true(ng_query_date_valid("2021"));
    g_assert_true(ng_query_date_valid("2021-05"));
    g_assert_true(ng_query_date_valid("2021-05-19"));
    g_assert_false(ng_query_date_valid("21-05-19"));
    g_assert_false(ng_query_date_valid("2021/05/19"));
    g_assert_false(ng_query_date_valid("yesterday"));
}

/* ---- nodes ---- */

static void test_nodes(void)
{
    GError *error = NULL;
    char *people[] = { "person", NULL };
    NgQueryNodesOpts o = { .types = people, .by = NG_QUERY_BY_MENTIONS,
                           .top = 3 };
    NgQueryResult *r = ng_query_nodes(news, &o, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(rows(r), ==, 3);
    assert_cell(r, 0, "label", "Sergey Lavrov");
    assert_cell(r, 0, "mentions", "7");
    assert_cell(r, 1, "label", "Antony Blinken");
    assert_cell(r, 2, "label", "Joe Biden");   /* tie with Putin: by id */
    assert_cell(r, 2, "rank", "3");
    g_assert_null(ng_query_table_get(r->table, 0, "pagerank"));
    ng_query_result_free(r);

    o.types = NULL;
    o.top = 0;
    o.name = "BIDEN";
    r = ng_query_nodes(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 2);
    ng_query_result_free(r);
    o.name = "*stream*";
    r = ng_query_nodes(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 1);
    ng_query_result_free(r);
    o.name = "no such thing";
    r = ng_query_nodes(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 0);
    g_assert_nonnull(r->note);
    ng_query_result_free(r);
    o.name = NULL;

    o.by = NG_QUERY_BY_DEGREE;
    o.top = 1;
    r = ng_query_nodes(news, &o, &error);
    assert_cell(r, 0, "label", "United States");
    assert_cell(r, 0, "degree", "11");
    ng_query_result_free(r);

    o.by = NG_QUERY_BY_PAGERANK;
    o.top = 0;
    r = ng_query_nodes(news, &o, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(rows(r), ==, 15);
    assert_cell(r, 0, "label", "United States");
    double sum = 0;
    for (guint i = 0; i < rows(r); i++) {
        char *s = ng_query_table_get(r->table, i, "pagerank");
        sum += g_ascii_strtod(s, NULL);
        g_free(s);
    }
    g_assert_cmpfloat_with_epsilon(sum, 1.0, 1e-4);
    ng_query_result_free(r);

    o.by = NG_QUERY_BY_BETWEENNESS;
    o.top = 2;
    r = ng_query_nodes(news, &o, &error);
    g_assert_no_error(error);
    assert_cell(r, 0, "label", "United States");
    ng_query_result_free(r);

    o.by = NG_QUERY_BY_NAME;
    o.top = 1;
    r = ng_query_nodes(news, &o, &error);
    assert_cell(r, 0, "label", "Afghanistan");
    ng_query_result_free(r);

    NgQueryRankBy by;
    g_assert_true(ng_query_rank_by_parse("weighted-degree", &by));
    g_assert_cmpint(by, ==, NG_QUERY_BY_WEIGHTED_DEGREE);
    g_assert_false(ng_query_rank_by_parse("fame", &by));
}

/* ---- stats and communities ---- */

static void test_stats(void)
{
    GError *error = NULL;
    NgQueryResult *r = ng_query_stats(news, &error);
    g_assert_no_error(error);
    const char *want[][2] = {
        { "nodes", "15" }, { "nodes.country", "4" },
        { "nodes.organization", "4" }, { "nodes.person", "7" },
        { "edges", "27" }, { "edges.co-occurs", "21" },
        { "edges.exempts", "2" }, { "edges.meets", "2" },
        { "edges.sanctions", "2" }, { "edges.directed", "4" },
        { "edges.undirected", "23" }, { "components", "3" },
        { "largest_component", "12" }, { "isolated_nodes", "1" },
        { "density", NULL }, { "first_seen", "2019-09-25" },
        { "last_seen", "2021-05-20" },
    };
    g_assert_cmpuint(rows(r), ==, G_N_ELEMENTS(want));
    for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
        assert_cell(r, i, "measure", want[i][0]);
        if (want[i][1])
            assert_cell(r, i, "value", want[i][1]);
    }
    /* 21 distinct linked pairs among 15 nodes. */
    char *d = ng_query_table_get(r->table, 14, "value");
    g_assert_cmpfloat_with_epsilon(g_ascii_strtod(d, NULL), 21.0 / 105,
                                   1e-6);
    g_free(d);
    ng_query_result_free(r);
}

static void test_communities(void)
{
    GError *error = NULL;
    for (int leiden = 0; leiden <= 1; leiden++) {
        NgQueryCommunitiesOpts o = { .leiden = leiden, .resolution = 1,
                                     .min_size = 1 };
        NgQueryResult *r = ng_query_communities(news, &o, &error);
        g_assert_no_error(error);
        /* Every node in exactly one group, largest group first. */
        guint total = 0, prev = G_MAXUINT;
        for (guint i = 0; i < rows(r); i++) {
            char *s = ng_query_table_get(r->table, i, "size");
            guint size = (guint)atoi(s);
            g_free(s);
            g_assert_cmpuint(size, <=, prev);
            prev = size;
            total += size;
        }
        g_assert_cmpuint(total, ==, 15);
        g_assert_cmpuint(r->nodes->len, ==, 15);
        /* Burisma and Hunter Biden are a group of their own; EFE alone. */
        gboolean pair = FALSE;
        for (guint i = 0; i < rows(r); i++) {
            char *m = ng_query_table_get(r->table, i, "members");
            pair |= !strcmp(m, "Burisma | Hunter Biden") ||
                    !strcmp(m, "Hunter Biden | Burisma");
            g_free(m);
        }
        g_assert_true(pair);
        assert_cell(r, rows(r) - 1, "members", "EFE");

        /* The same answer twice (seeded). */
        NgQueryResult *again = ng_query_communities(news, &o, &error);
        for (guint i = 0; i < rows(r); i++) {
            char *a = ng_query_table_get(r->table, i, "member_ids");
            assert_cell(again, i, "member_ids", a);
            g_free(a);
        }
        ng_query_result_free(again);
        ng_query_result_free(r);
    }

    NgQueryCommunitiesOpts o = { .resolution = 1, .min_size = 3,
                                 .members = 2, .top = 1 };
    NgQueryResult *r = ng_query_communities(news, &o, &error);
    g_assert_cmpuint(rows(r), ==, 1);
    char *m = ng_query_table_get(r->table, 0, "members");
    char **names = g_strsplit(m, " | ", -1);
    g_assert_cmpuint(g_strv_length(names), ==, 2);
    g_strfreev(names);
    g_free(m);
    ng_query_result_free(r);
}

/* ---- ego and subgraphs ---- */

static void test_ego_subgraph(void)
{
    GError *error = NULL;
    NgQueryEgoOpts o = { .node = node("Matthias Warnig"), .depth = 1 };
    NgQueryResult *r = ng_query_ego(news, &o, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(rows(r), ==, 4);
    assert_cell(r, 0, "depth", "0");
    assert_cell(r, 0, "id", "person.matthias-warnig");
    assert_cell(r, 1, "label", "United States");   /* most mentioned */

    char *dir = tl_tmpdir();
    char *path = g_build_filename(dir, "ego.graphml", NULL);
    g_assert_true(ng_query_write_subgraph(news, r, path, &error));
    g_assert_no_error(error);
    ng_query_result_free(r);

    /* It reads back as a negraph graph with the same attributes. */
    NgQuery *sub = ng_query_load(path, &error);
    g_assert_no_error(error);
    g_assert_cmpint(ng_query_n_nodes(sub), ==, 4);
    /* The links among Warnig, the US, Nord Stream 2 AG and Putin: six
     * co-occurs (every pair) and two exempts. */
    g_assert_cmpint(ng_query_n_edges(sub), ==, 8);
    gsize len;
    char *text = tl_read(path, &len);
    g_assert_nonnull(strstr(text, "<key id=\"v_mentions\" for=\"node\" "
                                  "attr.name=\"mentions\" "
                                  "attr.type=\"int\"/>"));
    g_assert_nonnull(strstr(text, "<data key=\"v_wikidata\">Q30</data>"));
    g_assert_nonnull(strstr(text, "<data key=\"e_rule\">"
                                  "exempt-from-sanctions</data>"));
    g_assert_nonnull(strstr(text, "directed=\"true\" label=\"exempts\""));
    g_assert_nonnull(strstr(text, "<data key=\"e_is_directed\">false"));
    g_assert_nonnull(strstr(text, "<data key=\"e_weight\">1</data>"));
    g_assert_nonnull(strstr(text, "id=\"e21\""));   /* the input's edge ids */
    g_free(text);

    /* The subgraph answers the same question the same way. */
    NgQueryNeighborsOpts no = { .depth = 1 };
    char *message = NULL;
    no.node = ng_query_resolve(sub, "US", &message);
    g_assert_cmpint(no.node, >=, 0);
    char *exempts[] = { "exempts", NULL };
    g_assert_true(ng_query_filter_relations(sub, &no.filter, exempts,
                                            &message));
    r = ng_query_neighbors(sub, &no, &error);
    g_assert_cmpuint(rows(r), ==, 2);
    assert_cell(r, 1, "neighbor", "Matthias Warnig");
    ng_query_result_free(r);
    ng_query_filter_clear(&no.filter);
    ng_query_free(sub);

    /* A path's subgraph: its nodes and hops only. */
    NgQueryPathOpts po = { .from = node("Blinken"), .to = node("Warnig"),
                           .max_paths = 1 };
    r = ng_query_path(news, &po, &error);
    g_assert_true(ng_query_write_subgraph(news, r, path, &error));
    ng_query_result_free(r);
    sub = ng_query_load(path, &error);
    g_assert_no_error(error);
    g_assert_cmpint(ng_query_n_nodes(sub), ==, 3);
    g_assert_cmpint(ng_query_n_edges(sub), ==, 3);
    ng_query_free(sub);

    /* An unwritable place. */
    char *bad = g_build_filename(dir, "missing", "sub.graphml", NULL);
    r = ng_query_ego(news, &o, &error);
    g_assert_false(ng_query_write_subgraph(news, r, bad, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_IO);
    g_clear_error(&error);
    ng_query_result_free(r);
    g_free(bad);
    g_free(path);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    news = load_fixture("news.graphml");
    g_test_add_func("/query/load", test_load);
    g_test_add_func("/query/bad-input", test_bad_input);
    g_test_add_func("/query/empty-graph", test_empty_graph);
    g_test_add_func("/query/portable", test_portable);
    g_test_add_func("/query/resolve", test_resolve);
    g_test_add_func("/query/filter-relations", test_filter_relations);
    g_test_add_func("/query/neighbors", test_neighbors);
    g_test_add_func("/query/neighbors-depth", test_neighbors_depth);
    g_test_add_func("/query/path", test_path);
    g_test_add_func("/query/edges", test_edges);
    g_test_add_func("/query/nodes", test_nodes);
    g_test_add_func("/query/stats", test_stats);
    g_test_add_func("/query/communities", test_communities);
    g_test_add_func("/query/communities-without-links",
                    test_communities_without_links);
    g_test_add_func("/query/ego-subgraph", test_ego_subgraph);
    int rc = g_test_run();
    ng_query_free(news);
    return rc;
}
