/*
 * test_graph.c - accumulating nodes and edges (graph.h).
 */
#include <string.h>

#include "graph.h"
#include "testlib.h"

static NgEntity entity(const char *id, const char *name, NgEntityType type)
{
    return (NgEntity){ .id = (char *)id, .name = (char *)name, .type = type };
}

/* Three nodes whose ids sort a < b < c, added in the order c, a, b. */
static NgGraph *three_nodes(guint *a, guint *b, guint *c)
{
    NgGraph *g = ng_graph_new();
    NgEntity ec = entity("country.c", "C", NG_TYPE_COUNTRY);
    NgEntity ea = entity("country.a", "A", NG_TYPE_COUNTRY);
    NgEntity eb = entity("person.b", "B", NG_TYPE_PERSON);
    *c = ng_graph_node(g, &ec);
    *a = ng_graph_node(g, &ea);
    *b = ng_graph_node(g, &eb);
    return g;
}

static NgEdgeEvent event(const char *relation, gboolean directed, guint s,
                         guint t, guint32 serial)
{
    return (NgEdgeEvent){ .relation = relation, .directed = directed,
                          .source = s, .target = t, .weight = 1,
                          .doc_serial = serial };
}

static void test_node_interning(void)
{
    NgGraph *g = ng_graph_new();
    char id[] = "organization.acme", name[] = "ACME", key[] = "wikidata",
         value[] = "Q1";
    NgAttr attrs[] = { { key, value } };
    NgEntity e = { .id = id, .name = name, .type = NG_TYPE_ORGANIZATION,
                   .attrs = attrs, .n_attrs = 1 };
    NgEntity other = entity("person.x", "X", NG_TYPE_PERSON);

    guint i = ng_graph_node(g, &e);
    g_assert_cmpuint(ng_graph_node(g, &other), !=, i);
    g_assert_cmpuint(ng_graph_node(g, &e), ==, i);
    g_assert_cmpuint(ng_graph_n_nodes(g), ==, 2);

    /* The node keeps copies: changing the entity afterwards is harmless. */
    name[0] = 'X';
    value[0] = 'X';
    const NgNode *n = ng_graph_get_node(g, i);
    g_assert_cmpstr(n->id, ==, "organization.acme");
    g_assert_cmpstr(n->label, ==, "ACME");
    g_assert_cmpint(n->type, ==, NG_TYPE_ORGANIZATION);
    g_assert_cmpuint(n->n_attrs, ==, 1);
    g_assert_cmpstr(n->attrs[0].key, ==, "wikidata");
    g_assert_cmpstr(n->attrs[0].value, ==, "Q1");
    g_assert_cmpuint(n->mentions, ==, 0);
    g_assert_null(n->first_seen);
    ng_graph_free(g);
}

static gboolean collect(gpointer key, gpointer value, gpointer out)
{
    g_ptr_array_add(out, key);
    return FALSE;
}

static void test_mentions(void)
{
    guint a, b, c;
    NgGraph *g = three_nodes(&a, &b, &c);

    ng_graph_add_mention(g, a, "Angela\nMerkel", 0, NULL);
    ng_graph_add_mention(g, a, "  Angela \t\r\n Merkel ", 0, "1987-03-02");
    ng_graph_add_mention(g, a, "Merkel", 2, "1987-01-15");
    ng_graph_add_mention(g, a, "Mrs\xc2\xa0Merkel", 5, "1987-04-01");
    ng_graph_add_mention(g, a, " \n ", 5, NULL);
    ng_graph_add_mention(g, b, NULL, 5, NULL);

    const NgNode *n = ng_graph_get_node(g, a);
    g_assert_cmpuint(n->mentions, ==, 5);
    g_assert_cmpuint(n->documents, ==, 3);
    g_assert_cmpstr(n->first_seen, ==, "1987-01-15");
    g_assert_cmpstr(n->last_seen, ==, "1987-04-01");

    GPtrArray *aliases = g_ptr_array_new();
    g_tree_foreach(n->aliases, collect, aliases);
    g_assert_cmpuint(aliases->len, ==, 3);
    g_assert_cmpstr(aliases->pdata[0], ==, "Angela Merkel");
    g_assert_cmpstr(aliases->pdata[1], ==, "Merkel");
    g_assert_cmpstr(aliases->pdata[2], ==, "Mrs Merkel");
    g_ptr_array_free(aliases, TRUE);

    n = ng_graph_get_node(g, b);
    g_assert_cmpuint(n->mentions, ==, 1);
    g_assert_cmpuint(n->documents, ==, 1);
    g_assert_cmpint(g_tree_nnodes(n->aliases), ==, 0);
    g_assert_null(n->first_seen);
    ng_graph_free(g);
}

/* Squeezing: text with one plain space between words is kept whole;
 * other white space (Unicode spaces, tabs, runs, ends) becomes one space
 * or none; bytes that are not UTF-8 are kept. Aliases stay distinct when
 * a node's surfaces alternate (the last one is remembered). */
static void test_squeeze(void)
{
    guint a, b, c;
    NgGraph *g = three_nodes(&a, &b, &c);
    static const char *const surfaces[] = {
        "Helmut Kohl",                       /* as it is */
        "Helmut\xe3\x80\x80Kohl ",           /* ideographic space, end */
        "Kohl",
        " \tHelmut  Kohl",
        "Kohl",                              /* again: no second alias */
        "Bad\xff byte",                      /* invalid byte kept */
        "H. \xc2\xa0Kohl",                    /* space and no-break space */
        "x y z",
    };
    for (guint i = 0; i < G_N_ELEMENTS(surfaces); i++)
        ng_graph_add_mention(g, a, surfaces[i], i, NULL);
    GPtrArray *aliases = g_ptr_array_new();
    g_tree_foreach(ng_graph_get_node(g, a)->aliases, collect, aliases);
    g_assert_cmpuint(aliases->len, ==, 5);
    g_assert_cmpstr(aliases->pdata[0], ==, "Bad\xff byte");
    g_assert_cmpstr(aliases->pdata[1], ==, "H. Kohl");
    g_assert_cmpstr(aliases->pdata[2], ==, "Helmut Kohl");
    g_assert_cmpstr(aliases->pdata[3], ==, "Kohl");
    g_assert_cmpstr(aliases->pdata[4], ==, "x y z");
    g_ptr_array_free(aliases, TRUE);

    /* Evidence: a sentence squeezed once serves the edges that follow
     * with it; another sentence is squeezed afresh. */
    static const char *const sentences[] = {
        "Kohl  met\nMitterrand.", "Kohl  met\nMitterrand.", " A\tB ",
    };
    for (guint i = 0; i < G_N_ELEMENTS(sentences); i++) {
        NgEdgeEvent ev = event("co-occurs", FALSE, a, i == 1 ? c : b, i);
        ev.evidence = sentences[i];
        ng_graph_add_edge(g, &ev);
    }
    const NgEdge *ab = ng_graph_get_edge(g, 0), *ac = ng_graph_get_edge(g, 1);
    g_assert_cmpuint(ab->n_evidence, ==, 2);
    g_assert_cmpstr(ab->evidence[0], ==, "Kohl met Mitterrand.");
    g_assert_cmpstr(ab->evidence[1], ==, "A B");
    g_assert_cmpstr(ac->evidence[0], ==, "Kohl met Mitterrand.");
    ng_graph_free(g);
}

static void test_undirected(void)
{
    guint a, b, c;
    NgGraph *g = three_nodes(&a, &b, &c);

    NgEdgeEvent ev = event("co-occurs", FALSE, b, a, 0);
    ng_graph_add_edge(g, &ev);
    ev = event("co-occurs", FALSE, a, b, 0);
    ev.weight = 0.5;
    ng_graph_add_edge(g, &ev);
    ev = event("co-occurs", FALSE, b, a, 3);
    ng_graph_add_edge(g, &ev);

    g_assert_cmpuint(ng_graph_n_edges(g), ==, 1);
    const NgEdge *e = ng_graph_get_edge(g, 0);
    g_assert_cmpstr(e->relation, ==, "co-occurs");
    g_assert_false(e->directed);
    g_assert_cmpuint(e->source, ==, a);   /* "country.a" < "person.b" */
    g_assert_cmpuint(e->target, ==, b);
    g_assert_cmpfloat(e->weight, ==, 2.5);
    g_assert_cmpuint(e->documents, ==, 2);
    ng_graph_free(g);
}

static void test_directed(void)
{
    guint a, b, c;
    NgGraph *g = three_nodes(&a, &b, &c);

    NgEdgeEvent ev = event("meets", TRUE, b, a, 0);
    ng_graph_add_edge(g, &ev);
    ev = event("meets", TRUE, a, b, 0);
    ng_graph_add_edge(g, &ev);
    ev = event("meets", TRUE, b, a, 1);
    ng_graph_add_edge(g, &ev);
    /* Same ends, another relation or an undirected one: separate edges. */
    ev = event("sanctions", TRUE, b, a, 1);
    ng_graph_add_edge(g, &ev);
    ev = event("meets", FALSE, b, a, 1);
    ng_graph_add_edge(g, &ev);

    g_assert_cmpuint(ng_graph_n_edges(g), ==, 4);
    const NgEdge *e = ng_graph_get_edge(g, 0);
    g_assert_true(e->directed);
    g_assert_cmpuint(e->source, ==, b);
    g_assert_cmpuint(e->target, ==, a);
    g_assert_cmpfloat(e->weight, ==, 2);
    g_assert_cmpuint(e->documents, ==, 2);
    e = ng_graph_get_edge(g, 1);
    g_assert_cmpuint(e->source, ==, a);
    g_assert_cmpfloat(e->weight, ==, 1);
    ng_graph_free(g);
}

static void test_self_loop(void)
{
    guint a, b, c;
    NgGraph *g = three_nodes(&a, &b, &c);
    NgEdgeEvent ev = event("co-occurs", FALSE, a, a, 0);
    ng_graph_add_edge(g, &ev);
    ev = event("meets", TRUE, c, c, 0);
    ng_graph_add_edge(g, &ev);
    g_assert_cmpuint(ng_graph_n_edges(g), ==, 0);
    ng_graph_free(g);
}

static void test_evidence(void)
{
    guint a, b, c;
    NgGraph *g = three_nodes(&a, &b, &c);
    static const struct { const char *doc, *sentence; } items[] = {
        { "d1", "Iran and\n the U.S.  met." },
        { "d1", "Iran and the U.S. met." },     /* same after squeezing */
        { "d2", NULL },
        { "d2", "  " },                         /* blank */
        { NULL, "No document id." },
        { "d3", "Iran and the U.S. met." },     /* other document: kept */
        { "d4", "Too late." },
    };

    for (guint i = 0; i < G_N_ELEMENTS(items); i++) {
        NgEdgeEvent ev = event("co-occurs", FALSE, a, b, i);
        ev.doc_id = items[i].doc;
        ev.evidence = items[i].sentence;
        ng_graph_add_edge(g, &ev);
    }
    const NgEdge *e = ng_graph_get_edge(g, 0);
    g_assert_cmpuint(e->n_evidence, ==, NG_GRAPH_MAX_EVIDENCE);
    g_assert_cmpstr(e->evidence[0], ==, "[d1] Iran and the U.S. met.");
    g_assert_cmpstr(e->evidence[1], ==, "No document id.");
    g_assert_cmpstr(e->evidence[2], ==, "[d3] Iran and the U.S. met.");
    g_assert_cmpuint(e->documents, ==, G_N_ELEMENTS(items));
    g_assert_null(e->rules);
    g_assert_null(e->cameo);
    ng_graph_free(g);
}

static void test_rules_cameo_dates(void)
{
    guint a, b, c;
    NgGraph *g = three_nodes(&a, &b, &c);
    static const struct { const char *rule, *cameo, *date; } items[] = {
        { "sanctions.impose", NULL, "1987-05-01" },
        { NULL, "163", NULL },
        { "sanctions.embargo", "172", "1987-02-10" },
        { "sanctions.impose", "", "1987-03-01" },
        { "", NULL, "" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(items); i++) {
        NgEdgeEvent ev = event("sanctions", TRUE, c, a, i);
        ev.rule = items[i].rule;
        ev.cameo = items[i].cameo;
        ev.date = items[i].date;
        ng_graph_add_edge(g, &ev);
    }
    const NgEdge *e = ng_graph_get_edge(g, 0);
    GPtrArray *rules = g_ptr_array_new();
    g_tree_foreach(e->rules, collect, rules);
    g_assert_cmpuint(rules->len, ==, 2);
    g_assert_cmpstr(rules->pdata[0], ==, "sanctions.embargo");
    g_assert_cmpstr(rules->pdata[1], ==, "sanctions.impose");
    g_ptr_array_free(rules, TRUE);
    g_assert_cmpstr(e->cameo, ==, "163");
    g_assert_cmpstr(e->first_seen, ==, "1987-02-10");
    g_assert_cmpstr(e->last_seen, ==, "1987-05-01");
    g_assert_cmpuint(e->n_evidence, ==, 0);
    ng_graph_free(g);
}

static void test_prune(void)
{
    guint a, b, c;
    NgGraph *g = three_nodes(&a, &b, &c);
    NgEdgeEvent ev = event("co-occurs", FALSE, a, b, 0);   /* weight 1 */
    ng_graph_add_edge(g, &ev);
    ev = event("co-occurs", FALSE, a, c, 0);               /* weight 2 */
    ng_graph_add_edge(g, &ev);
    ng_graph_add_edge(g, &ev);
    ev = event("meets", TRUE, a, b, 0);                    /* weight 1 */
    ng_graph_add_edge(g, &ev);

    g_assert_cmpuint(ng_graph_prune(g, "co-occurs", 2), ==, 1);
    g_assert_cmpuint(ng_graph_n_edges(g), ==, 2);
    g_assert_cmpuint(ng_graph_n_nodes(g), ==, 3);
    g_assert_cmpuint(ng_graph_get_edge(g, 0)->target, ==, c);
    g_assert_cmpstr(ng_graph_get_edge(g, 1)->relation, ==, "meets");

    /* The index still finds the edges that are left. */
    ev = event("meets", TRUE, a, b, 1);
    ng_graph_add_edge(g, &ev);
    g_assert_cmpuint(ng_graph_n_edges(g), ==, 2);
    g_assert_cmpfloat(ng_graph_get_edge(g, 1)->weight, ==, 2);
    g_assert_cmpuint(ng_graph_prune(g, "no-such-relation", 100), ==, 0);
    ng_graph_free(g);
}

static void test_sorted(void)
{
    guint a, b, c;
    NgGraph *g = three_nodes(&a, &b, &c);
    NgEdgeEvent evs[] = {
        event("meets", TRUE, c, a, 0),
        event("co-occurs", FALSE, c, b, 0),
        event("meets", TRUE, a, c, 0),
        event("co-occurs", FALSE, c, a, 0),
        event("co-occurs", TRUE, a, c, 0),
    };
    for (guint i = 0; i < G_N_ELEMENTS(evs); i++)
        ng_graph_add_edge(g, &evs[i]);

    guint *nodes = ng_graph_sorted_nodes(g);
    g_assert_cmpuint(nodes[0], ==, a);
    g_assert_cmpuint(nodes[1], ==, c);   /* "country.c" < "person.b" */
    g_assert_cmpuint(nodes[2], ==, b);
    g_free(nodes);

    /* (relation, source id, target id, undirected first) */
    static const char *expect[] = {
        "co-occurs country.a country.c -", "co-occurs country.a country.c >",
        "co-occurs country.c person.b -", "meets country.a country.c >",
        "meets country.c country.a >",
    };
    guint *edges = ng_graph_sorted_edges(g);
    g_assert_cmpuint(ng_graph_n_edges(g), ==, G_N_ELEMENTS(expect));
    for (guint i = 0; i < G_N_ELEMENTS(expect); i++) {
        const NgEdge *e = ng_graph_get_edge(g, edges[i]);
        char *got = g_strdup_printf("%s %s %s %s", e->relation,
                                    ng_graph_get_node(g, e->source)->id,
                                    ng_graph_get_node(g, e->target)->id,
                                    e->directed ? ">" : "-");
        g_assert_cmpstr(got, ==, expect[i]);
        g_free(got);
    }
    g_free(edges);
    ng_graph_free(g);

    g = ng_graph_new();
    g_assert_null(ng_graph_sorted_nodes(g));
    g_assert_null(ng_graph_sorted_edges(g));
    ng_graph_free(g);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/graph/node-interning", test_node_interning);
    g_test_add_func("/graph/mentions", test_mentions);
    g_test_add_func("/graph/squeeze", test_squeeze);
    g_test_add_func("/graph/undirected", test_undirected);
    g_test_add_func("/graph/directed", test_directed);
    g_test_add_func("/graph/self-loop", test_self_loop);
    g_test_add_func("/graph/evidence", test_evidence);
    g_test_add_func("/graph/rules-cameo-dates", test_rules_cameo_dates);
    g_test_add_func("/graph/prune", test_prune);
    g_test_add_func("/graph/sorted", test_sorted);
    return g_test_run();
}
