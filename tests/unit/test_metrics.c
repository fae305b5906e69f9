/*
 * test_metrics.c - node metrics, layout, palette and the metric keys in
 * the GraphML: values on graphs small enough to know the answers,
 * determinism, the large-graph variants, palette errors, and the GraphML
 * read back by igraph, xmllint and networkx.
 */
#include <math.h>
#include <string.h>
#include <igraph.h>

#include "betweenness.h"
#include "gephi_checks.h"
#include "graph.h"
#include "metrics.h"
#include "ng.h"
#include "palette.h"
#include "testlib.h"

/* Add an entity "type.name" (names here are ASCII words) and return its
 * node. */
static guint node(NgGraph *g, NgEntityType type, const char *name)
{
    char *lower = g_ascii_strdown(name, -1);
    char *id = g_strconcat(ng_entity_type_name(type), ".", lower, NULL);
    g_free(lower);
    NgEntity e = { .id = id, .name = (char *)name, .type = type };
    guint i = ng_graph_node(g, &e);
    g_free(id);
    return i;
}

static guint32 serial;

static void edge(NgGraph *g, const char *relation, gboolean directed,
                 guint a, guint b, double w)
{
    NgEdgeEvent ev = { .relation = relation, .directed = directed,
                       .source = a, .target = b, .weight = w,
                       .doc_serial = serial++ };
    ng_graph_add_edge(g, &ev);
}

static void mention(NgGraph *g, guint n, guint times)
{
    for (guint i = 0; i < times; i++)
        ng_graph_add_mention(g, n, NULL, serial++, NULL);
}

/* Two co-occurrence triangles (persons a b c, countries x y z) joined by
 * one weak edge c - x, plus a directed "meets" a -> b. */
static NgGraph *two_triangles(guint v[6])
{
    static const char *const names[] = { "Ann", "Bob", "Cid", "Xland",
                                         "Yland", "Zland" };
    NgGraph *g = ng_graph_new();
    for (int i = 0; i < 6; i++)
        v[i] = node(g, i < 3 ? NG_TYPE_PERSON : NG_TYPE_COUNTRY, names[i]);
    for (int t = 0; t < 2; t++) {
        edge(g, "co-occurs", FALSE, v[3 * t], v[3 * t + 1], 5);
        edge(g, "co-occurs", FALSE, v[3 * t + 1], v[3 * t + 2], 5);
        edge(g, "co-occurs", FALSE, v[3 * t], v[3 * t + 2], 5);
    }
    edge(g, "co-occurs", FALSE, v[2], v[3], 1);
    edge(g, "meets", TRUE, v[0], v[1], 2);
    for (int i = 0; i < 6; i++)
        mention(g, v[i], (guint)i + 1);
    return g;
}

static void test_values(void)
{
    guint v[6];
    GError *error = NULL;
    NgGraph *g = two_triangles(v);
    NgMetrics *m = ng_metrics_compute(g, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(m->n_nodes, ==, 6);
    g_assert_cmpint(m->betweenness_kind, ==, NG_BETWEENNESS_EXACT);

    /* Ann: co-occurs with Bob and Cid, meets Bob: three edges. */
    g_assert_cmpint(m->degree[v[0]], ==, 3);
    g_assert_cmpfloat(m->weighted_degree[v[0]], ==, 12);
    g_assert_cmpint(m->degree[v[2]], ==, 3);
    g_assert_cmpfloat(m->weighted_degree[v[2]], ==, 11);

    double sum = 0;
    for (int i = 0; i < 6; i++)
        sum += m->pagerank[i];
    g_assert_cmpfloat(fabs(sum - 1), <, 1e-9);

    /* The bridge ends carry every path between the triangles: 3 * 3 pairs
     * minus the one between themselves, less the end itself: Cid is on the
     * paths from Ann and Bob to the three countries = 6. */
    g_assert_cmpfloat(fabs(m->betweenness[v[2]] - 6), <, 1e-9);
    g_assert_cmpfloat(fabs(m->betweenness[v[3]] - 6), <, 1e-9);
    g_assert_cmpfloat(m->betweenness[v[0]], ==, 0);

    /* Two communities of three; the tie goes to the one whose smallest id
     * sorts first: country.xland < person.ann. */
    g_assert_cmpuint(m->n_communities, ==, 2);
    for (int i = 0; i < 3; i++) {
        g_assert_cmpint(m->community[v[i]], ==, 1);
        g_assert_cmpint(m->community[v[3 + i]], ==, 0);
    }
    ng_metrics_free(m);
    ng_graph_free(g);
}

static void test_community_singletons(void)
{
    GError *error = NULL;
    NgGraph *g = ng_graph_new();
    guint a = node(g, NG_TYPE_PERSON, "A"), b = node(g, NG_TYPE_PERSON, "B");
    guint c = node(g, NG_TYPE_PERSON, "C"), d = node(g, NG_TYPE_PERSON, "D");
    edge(g, "co-occurs", FALSE, a, b, 1);
    edge(g, "meets", TRUE, c, d, 1);   /* no co-occurrence: own communities */
    NgMetrics *m = ng_metrics_compute(g, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(m->n_communities, ==, 3);
    g_assert_cmpint(m->community[a], ==, 0);
    g_assert_cmpint(m->community[b], ==, 0);
    g_assert_cmpint(m->community[c], ==, 1);
    g_assert_cmpint(m->community[d], ==, 2);
    g_assert_cmpint(m->degree[c], ==, 1);
    ng_metrics_free(m);
    ng_graph_free(g);
}

/* No co-occurrence at all: every node is a community of its own. Leiden
 * "until stable" in igraph 0.10 never returned on such a graph. */
static void test_community_without_cooccurrence(void)
{
    GError *error = NULL;
    NgGraph *g = ng_graph_new();
    guint a = node(g, NG_TYPE_PERSON, "A"), b = node(g, NG_TYPE_PERSON, "B");
    guint c = node(g, NG_TYPE_COUNTRY, "C");
    edge(g, "meets", TRUE, a, b, 1);
    NgMetrics *m = ng_metrics_compute(g, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(m->n_communities, ==, 3);
    g_assert_cmpint(m->community[c], ==, 0);   /* country.c sorts first */
    g_assert_cmpint(m->community[a], ==, 1);
    g_assert_cmpint(m->community[b], ==, 2);
    ng_metrics_free(m);
    ng_graph_free(g);
}

static void test_empty(void)
{
    GError *error = NULL;
    NgGraph *g = ng_graph_new();
    NgMetrics *m = ng_metrics_compute(g, &error);
    g_assert_no_error(error);
    g_assert_true(ng_metrics_layout(m, g, NG_LAYOUT_FR_MAX, &error));
    NgPalette *p = ng_palette_new();
    ng_metrics_appearance(m, g, p);
    g_assert_cmpuint(m->n_nodes, ==, 0);
    ng_palette_free(p);
    ng_metrics_free(m);
    ng_graph_free(g);
}

/* A path of n nodes, its nodes met in id order or the reverse. */
static NgGraph *path_graph(guint n, gboolean reverse)
{
    NgGraph *g = ng_graph_new();
    guint prev = 0;
    for (guint k = 0; k < n; k++) {
        guint i = reverse ? n - 1 - k : k;
        char name[32];
        g_snprintf(name, sizeof name, "P%05u", i);
        guint cur = node(g, NG_TYPE_PERSON, name);
        if (k > 0)
            edge(g, "co-occurs", FALSE, prev, cur, 1);
        prev = cur;
    }
    return g;
}

/* Above NG_BETWEENNESS_EXACT_MAX nodes betweenness is estimated from
 * NG_BETWEENNESS_PIVOTS sources chosen by id: close to the exact value,
 * and the same whatever order the nodes came in. */
static void test_betweenness_estimated(void)
{
    GError *error = NULL;
    guint n = NG_BETWEENNESS_EXACT_MAX + 1;
    NgGraph *g = path_graph(n, FALSE), *r = path_graph(n, TRUE);
    NgMetrics *m = ng_metrics_compute(g, &error);
    g_assert_no_error(error);
    NgMetrics *mr = ng_metrics_compute(r, &error);
    g_assert_no_error(error);
    g_assert_cmpint(m->betweenness_kind, ==, NG_BETWEENNESS_ESTIMATED);
    /* Node i of the path lies between i * (n - 1 - i) pairs. */
    for (guint i = n / 4; i <= 3 * (n / 4); i += n / 4) {
        double exact = (double)i * (n - 1 - i);
        g_assert_cmpfloat(fabs(m->betweenness[i] - exact), <, 0.2 * exact);
        /* In the reversed graph node P<i> has index n - 1 - i. */
        g_assert_cmpfloat(mr->betweenness[n - 1 - i], ==, m->betweenness[i]);
    }
    g_assert_cmpfloat(m->betweenness[0], ==, 0);
    char *d = ng_metrics_describe(m);
    g_assert_nonnull(strstr(d, "betweenness estimated from 256 pivots"));
    g_free(d);
    ng_metrics_free(mr);
    ng_metrics_free(m);
    ng_graph_free(r);
    ng_graph_free(g);
}

static void layout_of(NgGraph *g, guint fr_max, double **x, double **y,
                      NgLayoutKind *kind)
{
    GError *error = NULL;
    NgMetrics *m = ng_metrics_compute(g, &error);
    g_assert_no_error(error);
    g_assert_true(ng_metrics_layout(m, g, fr_max, &error));
    g_assert_no_error(error);
    *kind = m->layout_kind;
    *x = g_memdup2(m->x, m->n_nodes * sizeof(double));
    *y = g_memdup2(m->y, m->n_nodes * sizeof(double));
    ng_metrics_free(m);
}

static void test_layout_small(void)
{
    guint v[6];
    NgGraph *g = two_triangles(v);
    double *x1, *y1, *x2, *y2;
    NgLayoutKind k;
    layout_of(g, NG_LAYOUT_FR_MAX, &x1, &y1, &k);
    g_assert_cmpint(k, ==, NG_LAYOUT_FR);
    layout_of(g, NG_LAYOUT_FR_MAX, &x2, &y2, &k);
    g_assert_cmpmem(x1, 6 * sizeof(double), x2, 6 * sizeof(double));
    g_assert_cmpmem(y1, 6 * sizeof(double), y2, 6 * sizeof(double));

    /* Centred, within the square of side 100 sqrt(6) + 200, not collapsed;
     * the two triangles lie apart: each node is nearer its own members. */
    double half = (100 * sqrt(6) + 200) / 2 + 1e-6;
    for (int i = 0; i < 6; i++) {
        g_assert_cmpfloat(fabs(x1[i]), <=, half);
        g_assert_cmpfloat(fabs(y1[i]), <=, half);
    }
    double own = hypot(x1[v[0]] - x1[v[1]], y1[v[0]] - y1[v[1]]);
    double other = hypot(x1[v[0]] - x1[v[5]], y1[v[0]] - y1[v[5]]);
    g_assert_cmpfloat(own, >, 1);
    g_assert_cmpfloat(own, <, other);
    g_free(x1);
    g_free(y1);
    g_free(x2);
    g_free(y2);
    ng_graph_free(g);
}

/* Above fr_max nodes (NG_LAYOUT_FR_MAX in a build; 200 here, to keep the
 * test quick) DrL takes over; still deterministic. */
static void test_layout_large(void)
{
    guint n = 201;
    NgGraph *g = ng_graph_new();
    guint *v = g_new(guint, n);
    for (guint i = 0; i < n; i++) {
        char name[32];
        g_snprintf(name, sizeof name, "N%05u", i);
        v[i] = node(g, NG_TYPE_ORGANIZATION, name);
        /* Rings of 50 with a few chords between rings. */
        if (i % 50)
            edge(g, "co-occurs", FALSE, v[i - 1], v[i], 2);
        if (i >= 50 && i % 50 == 0)
            edge(g, "co-occurs", FALSE, v[i - 50], v[i], 1);
    }
    double *x1, *y1, *x2, *y2;
    NgLayoutKind k;
    layout_of(g, 200, &x1, &y1, &k);
    g_assert_cmpint(k, ==, NG_LAYOUT_DRL);
    layout_of(g, 200, &x2, &y2, &k);
    g_assert_cmpmem(x1, n * sizeof(double), x2, n * sizeof(double));
    g_assert_cmpmem(y1, n * sizeof(double), y2, n * sizeof(double));
    g_assert_true(isfinite(x1[0]) && isfinite(y1[n - 1]));
    g_free(x1);
    g_free(y1);
    g_free(x2);
    g_free(y2);
    g_free(v);
    ng_graph_free(g);
}

static void test_palette_file(void)
{
    GError *error = NULL;
    char *path = tl_src_path("share/" NG_PALETTE_FILE);
    NgPalette *p = ng_palette_load(path, &error);
    g_assert_no_error(error);
    g_assert_cmphex(p->node[NG_TYPE_PERSON], ==, 0xe15759);
    g_assert_cmphex(p->node[NG_TYPE_COUNTRY], ==, 0x4e79a7);
    g_assert_cmphex(ng_palette_edge_color(p, "co-occurs"), ==, 0xc8c8c8);
    g_assert_cmphex(ng_palette_edge_color(p, "no-such-relation"), ==,
                    p->edge_other);
    g_assert_cmpint(p->size_by, ==, NG_SIZE_BY_MENTIONS);
    ng_palette_free(p);
    g_free(path);
}

static void test_palette_errors(void)
{
    static const struct { const char *yaml, *error; } cases[] = {
        { "node:\n  person: red\n", ":2:11: a colour must be" },
        { "node:\n  ship: \"#fff\"\n", ":2:3: unknown entity type" },
        { "colours:\n  x: 1\n", ":1:1: unknown section" },
        { "size:\n  by: votes\n", ":2:7: 'by' must be" },
        { "size:\n  min: 50\n  max: 10\n", "size 'min' is larger" },
        { "node: [1, 2]\n", ":1:7: 'node' must be a mapping" },
        { "node:\n  person: \"#12345\"\n", "a colour must be" },
        { "edge: {meets: \"#abc\"\n", ":2:1: " },
    };
    char *dir = tl_tmpdir();
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        GError *error = NULL;
        char *path = tl_write(dir, "p.yaml", cases[i].yaml, -1);
        NgPalette *p = ng_palette_load(path, &error);
        g_assert_null(p);
        g_assert_error(error, NG_ERROR, NG_ERROR_CONFIG);
        g_test_message("%s", error->message);
        g_assert_true(g_str_has_prefix(error->message, path));
        g_assert_nonnull(strstr(error->message, cases[i].error));
        g_error_free(error);
        g_free(path);
    }
    /* A partial file keeps the built-in values for the rest. */
    GError *error = NULL;
    char *path = tl_write(dir, "p.yaml",
                          "edge:\n  meets: \"#abc\"\nsize: {by: pagerank}\n", -1);
    NgPalette *p = ng_palette_load(path, &error);
    g_assert_no_error(error);
    g_assert_cmphex(ng_palette_edge_color(p, "meets"), ==, 0xaabbcc);
    g_assert_cmphex(p->node[NG_TYPE_PERSON], ==, NG_PALETTE_GREY);
    g_assert_cmpint(p->size_by, ==, NG_SIZE_BY_PAGERANK);
    g_assert_cmpfloat(p->size_max, ==, 40);
    ng_palette_free(p);
    g_free(path);
    p = ng_palette_load("/nonexistent/palette.yaml", &error);
    g_assert_null(p);
    g_assert_error(error, NG_ERROR, NG_ERROR_CONFIG);
    g_clear_error(&error);
    g_free(dir);
}

static void test_appearance(void)
{
    guint v[6];
    GError *error = NULL;
    NgGraph *g = two_triangles(v);
    NgMetrics *m = ng_metrics_compute(g, &error);
    char *path = tl_src_path("share/" NG_PALETTE_FILE);
    NgPalette *p = ng_palette_load(path, &error);
    g_assert_no_error(error);
    ng_metrics_appearance(m, g, p);
    g_assert_cmphex(m->node_color[v[0]], ==, 0xe15759);
    g_assert_cmphex(m->node_color[v[5]], ==, 0x4e79a7);
    /* Zland has the most mentions (6): max size; Ann (1): sqrt(1/6). */
    g_assert_cmpfloat(m->size[v[5]], ==, 40);
    g_assert_cmpfloat(fabs(m->size[v[0]] - (4 + 36 * sqrt(1.0 / 6))), <, 1e-9);
    for (guint i = 0; i < m->n_edges; i++) {
        const NgEdge *e = ng_graph_get_edge(g, i);
        g_assert_cmphex(m->edge_color[i], ==,
                        !strcmp(e->relation, "meets") ? 0xf28e2b : 0xc8c8c8);
    }
    ng_palette_free(p);
    g_free(path);
    ng_metrics_free(m);
    ng_graph_free(g);
}

/* The two triangles with metrics, layout and colours written as GraphML;
 * `portable` as for networkx (graph.h). */
static char *write_graphml(const char *dir, gboolean portable)
{
    guint v[6];
    GError *error = NULL;
    NgGraph *g = two_triangles(v);
    NgMetrics *m = ng_metrics_compute(g, &error);
    g_assert_true(ng_metrics_layout(m, g, NG_LAYOUT_FR_MAX, &error));
    NgPalette *p = ng_palette_new();
    ng_metrics_appearance(m, g, p);
    char *path = g_build_filename(dir, portable ? "p.graphml" : "m.graphml",
                                  NULL);
    g_assert_true(ng_graph_write_graphml_with(g, m, path, "test", portable,
                                              1, &error));
    g_assert_no_error(error);
    ng_palette_free(p);
    ng_metrics_free(m);
    ng_graph_free(g);
    return path;
}

static void test_graphml_keys(void)
{
    char *dir = tl_tmpdir();
    char *path = write_graphml(dir, FALSE);
    char *xml = tl_read(path, NULL);
    static const char *const keys[] = {
        "<key id=\"v_degree\" for=\"node\" attr.name=\"degree\" attr.type=\"int\"/>",
        "<key id=\"v_weighted_degree\" for=\"node\" attr.name=\"weighted_degree\" attr.type=\"double\"/>",
        "<key id=\"v_pagerank\" for=\"node\" attr.name=\"pagerank\" attr.type=\"double\"/>",
        "<key id=\"v_betweenness\" for=\"node\" attr.name=\"betweenness\" attr.type=\"double\"/>",
        "<key id=\"v_community\" for=\"node\" attr.name=\"community\" attr.type=\"int\"/>",
        "<key id=\"v_x\" for=\"node\" attr.name=\"x\" attr.type=\"double\"/>",
        "<key id=\"v_y\" for=\"node\" attr.name=\"y\" attr.type=\"double\"/>",
        "<key id=\"v_size\" for=\"node\" attr.name=\"size\" attr.type=\"double\"/>",
        "<key id=\"v_color\" for=\"node\" attr.name=\"color\" attr.type=\"string\"/>",
        "<key id=\"e_color\" for=\"edge\" attr.name=\"color\" attr.type=\"string\"/>",
        "<data key=\"v_betweenness\">6</data>",
        "<data key=\"v_color\">#888888</data>",
    };
    for (guint i = 0; i < G_N_ELEMENTS(keys); i++)
        g_assert_nonnull(strstr(xml, keys[i]));

    /* igraph reads the values back with their types. */
    igraph_set_attribute_table(&igraph_cattribute_table);
    igraph_t ig;
    FILE *f = fopen(path, "r");
    g_assert_cmpint(igraph_read_graph_graphml(&ig, f, 0), ==, IGRAPH_SUCCESS);
    fclose(f);
    g_assert_cmpint(igraph_vcount(&ig), ==, 6);
    double total = 0;
    for (igraph_integer_t i = 0; i < 6; i++)
        total += VAN(&ig, "pagerank", i);
    g_assert_cmpfloat(fabs(total - 1), <, 1e-9);
    g_assert_cmpstr(VAS(&ig, "color", 0), ==, "#888888");
    g_assert_true(isfinite(VAN(&ig, "x", 0)));
    igraph_destroy(&ig);

    char *again = write_graphml(dir, FALSE);
    char *xml2 = tl_read(again, NULL);
    g_assert_cmpstr(xml, ==, xml2);
    g_free(xml2);
    g_free(again);
    g_free(xml);
    g_free(path);
    g_free(dir);
}

static void test_graphml_schema(void)
{
    char *dir = tl_tmpdir();
    char *path = write_graphml(dir, FALSE);
    gc_graphml_schema(path);
    g_free(path);
    g_free(dir);
}

static void test_graphml_networkx(void)
{
    char *dir = tl_tmpdir();
    char *path = write_graphml(dir, TRUE);
    gc_networkx(path,
        "assert g.number_of_nodes() == 6 and g.number_of_edges() == 8\n"
        "n = g.nodes['person.ann']\n"
        "assert isinstance(n['pagerank'], float) and isinstance(n['community'], int)\n"
        "assert n['degree'] == 3 and n['betweenness'] == 0 and n['color'] == '#888888'\n"
        "assert isinstance(n['x'], float) and isinstance(n['size'], float)\n"
        "assert g.nodes['country.zland']['size'] == 40\n"
        "assert all(d['color'] == '#888888' for u, v, d in g.edges(data=True))\n");
    g_free(path);
    g_free(dir);
}

/* ng_betweenness gives igraph's numbers (it replaced igraph_betweenness
 * and igraph_betweenness_subset for speed): random multigraphs with
 * parallel edges, both directions of a relation and several components,
 * from all sources and from some. */
static void test_betweenness_as_igraph(void)
{
    GRand *r = g_rand_new_with_seed(6);
    for (guint round = 0; round < 40; round++) {
        NgGraph *g = ng_graph_new();
        guint n = (guint)g_rand_int_range(r, 1, 40);
        for (guint i = 0; i < n; i++) {
            char name[16];
            g_snprintf(name, sizeof name, "N%u", i);
            node(g, NG_TYPE_PERSON, name);
        }
        guint m = (guint)g_rand_int_range(r, 0, 3 * (gint32)n);
        for (guint i = 0; i < m && n > 1; i++) {
            guint a = (guint)g_rand_int_range(r, 0, (gint32)n);
            guint b = (guint)g_rand_int_range(r, 0, (gint32)n);
            if (a != b)
                edge(g, g_rand_boolean(r) ? "co-occurs" : "meets",
                     g_rand_boolean(r), a, b, 1);
        }
        igraph_vector_int_t ends, sources;
        igraph_vector_int_init(&ends, 0);
        for (guint i = 0; i < ng_graph_n_edges(g); i++) {
            igraph_vector_int_push_back(&ends, ng_graph_get_edge(g, i)->source);
            igraph_vector_int_push_back(&ends, ng_graph_get_edge(g, i)->target);
        }
        igraph_t ig;
        igraph_create(&ig, &ends, n, IGRAPH_UNDIRECTED);
        guint some[8], k = MIN(n, G_N_ELEMENTS(some));
        igraph_vector_int_init(&sources, k);
        for (guint i = 0; i < k; i++)
            VECTOR(sources)[i] = some[i] = (i * 7 + round) % n;
        igraph_vector_t want;
        igraph_vector_init(&want, 0);
        double *got = g_new(double, n);
        for (int subset = 0; subset < 2; subset++) {
            if (subset) {
                igraph_betweenness_subset(&ig, &want, igraph_vss_all(),
                                          IGRAPH_UNDIRECTED,
                                          igraph_vss_vector(&sources),
                                          igraph_vss_all(), NULL);
                ng_betweenness(g, some, k, got);
            } else {
                igraph_betweenness(&ig, &want, igraph_vss_all(),
                                   IGRAPH_UNDIRECTED, NULL);
                ng_betweenness(g, NULL, 0, got);
            }
            for (guint i = 0; i < n; i++)
                g_assert_cmpfloat(fabs(got[i] - VECTOR(want)[i]), <=,
                                  1e-9 * MAX(1, VECTOR(want)[i]));
        }
        g_free(got);
        igraph_vector_destroy(&want);
        igraph_vector_int_destroy(&sources);
        igraph_destroy(&ig);
        igraph_vector_int_destroy(&ends);
        ng_graph_free(g);
    }
    g_rand_free(r);
}

/* Edges formatted ahead (while the metrics run) give the file the plain
 * write gives; edges made for other colours or another `portable` are
 * not used, and the file is still right. */
static void test_graphml_edges_ahead(void)
{
    char *dir = tl_tmpdir();
    guint v[6];
    NgGraph *g = two_triangles(v);
    NgMetrics *m = ng_metrics_compute(g, NULL);
    g_assert_true(ng_metrics_layout(m, g, NG_LAYOUT_FR_MAX, NULL));
    NgPalette *p = ng_palette_new();
    ng_metrics_appearance(m, g, p);
    char *path = g_build_filename(dir, "a.graphml", NULL);
    for (int portable = 0; portable < 2; portable++) {
        g_assert_true(ng_graph_write_graphml_with(g, m, path, "t", portable,
                                                  2, NULL));
        char *want = tl_read(path, NULL);
        for (int variant = 0; variant < 3; variant++) {
            guint32 *colors = ng_metrics_edge_colors(g, p);
            if (variant == 1)   /* other colours */
                colors[0] ^= 0x010101;
            NgGraphmlEdges *e = ng_graph_graphml_edges_start(
                g, colors, path, variant == 2 ? !portable : portable);
            g_assert_nonnull(e);
            g_assert_true(ng_graph_write_graphml_ready(g, m, e, path, "t",
                                                       portable, 2, NULL));
            ng_graph_graphml_edges_free(e);
            char *got = tl_read(path, NULL);
            g_assert_cmpstr(got, ==, want);
            g_free(got);
        }
        g_free(want);
    }
    /* Not written (the folder is gone): the edges are still freed. */
    char *gone = g_build_filename(dir, "no", "a.graphml", NULL);
    NgGraphmlEdges *e = ng_graph_graphml_edges_start(
        g, ng_metrics_edge_colors(g, p), gone, FALSE);
    GError *error = NULL;
    g_assert_false(ng_graph_write_graphml_ready(g, m, e, gone, "t", FALSE, 2,
                                                &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_IO);
    g_clear_error(&error);
    ng_graph_graphml_edges_free(e);
    g_free(gone);
    g_free(path);
    ng_palette_free(p);
    ng_metrics_free(m);
    ng_graph_free(g);
    g_free(dir);
}

/* PageRank is the same to the last bit from run to run: PRPACK on
 * OpenMP threads summed in no fixed order, and its digits wandered (a
 * graph big enough for igraph to share the work). */
static void test_pagerank_repeatable(void)
{
    GRand *r = g_rand_new_with_seed(42);
    NgGraph *g = ng_graph_new();
    guint n = 6000;
    for (guint i = 0; i < n; i++) {
        char name[16];
        g_snprintf(name, sizeof name, "P%u", i);
        node(g, NG_TYPE_PERSON, name);
    }
    for (guint i = 0; i < 4 * n; i++) {
        guint a = (guint)g_rand_int_range(r, 0, (gint32)n);
        guint b = (guint)g_rand_int_range(r, 0, (gint32)n);
        if (a != b)
            edge(g, "co-occurs", FALSE, a, b, g_rand_int_range(r, 1, 9));
    }
    NgMetrics *first = ng_metrics_compute(g, NULL);
    double sum = 0;
    for (guint i = 0; i < n; i++)
        sum += first->pagerank[i];
    g_assert_cmpfloat(fabs(sum - 1), <, 1e-9);
    for (int run = 0; run < 3; run++) {
        NgMetrics *m = ng_metrics_compute(g, NULL);
        g_assert_cmpmem(m->pagerank, n * sizeof(double), first->pagerank,
                        n * sizeof(double));
        ng_metrics_free(m);
    }
    ng_metrics_free(first);
    ng_graph_free(g);
    g_rand_free(r);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/metrics/values", test_values);
    g_test_add_func("/metrics/community-singletons", test_community_singletons);
    g_test_add_func("/metrics/community-without-cooccurrence",
                    test_community_without_cooccurrence);
    g_test_add_func("/metrics/empty", test_empty);
    g_test_add_func("/metrics/betweenness-estimated", test_betweenness_estimated);
    g_test_add_func("/metrics/betweenness-as-igraph", test_betweenness_as_igraph);
    g_test_add_func("/metrics/pagerank-repeatable", test_pagerank_repeatable);
    g_test_add_func("/metrics/layout-small", test_layout_small);
    g_test_add_func("/metrics/layout-large", test_layout_large);
    g_test_add_func("/metrics/palette-file", test_palette_file);
    g_test_add_func("/metrics/palette-errors", test_palette_errors);
    g_test_add_func("/metrics/appearance", test_appearance);
    g_test_add_func("/metrics/graphml-keys", test_graphml_keys);
    g_test_add_func("/metrics/graphml-edges-ahead", test_graphml_edges_ahead);
    g_test_add_func("/metrics/graphml-schema", test_graphml_schema);
    g_test_add_func("/metrics/graphml-networkx", test_graphml_networkx);
    return g_test_run();
}
