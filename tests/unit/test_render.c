/*
 * test_render.c - `negraph render`'s library side: reading the GraphML
 * back, the selections (--top, --relation, --ego/--depth), label
 * placement that never overlaps, and PNG / SVG / PDF output.
 *
 * NEGRAPH_RENDER_KEEP=DIR keeps the pictures drawn here, to look at.
 */
#include <math.h>
#include <string.h>
#include <cairo.h>

#include "graph.h"
#include "metrics.h"
#include "ng.h"
#include "palette.h"
#include "render.h"
#include "testlib.h"

static guint node(NgGraph *g, NgEntityType type, const char *name,
                  guint mentions)
{
    char *slug = g_ascii_strdown(name, -1);
    g_strdelimit(slug, " ", '-');
    char *id = g_strconcat(ng_entity_type_name(type), ".", slug, NULL);
    NgEntity e = { .id = id, .name = (char *)name, .type = type };
    guint i = ng_graph_node(g, &e);
    for (guint k = 0; k < mentions; k++)
        ng_graph_add_mention(g, i, name, k, NULL);
    g_free(id);
    g_free(slug);
    return i;
}

static void edge(NgGraph *g, const char *rel, gboolean directed, guint a,
                 guint b, double w)
{
    NgEdgeEvent ev = { .relation = rel, .directed = directed, .source = a,
                       .target = b, .weight = w };
    ng_graph_add_edge(g, &ev);
}

/* A small news graph: a few hubs (many mentions) and many minor names,
 * co-occurrence everywhere and some directed relations. */
static NgGraph *news_graph(void)
{
    static const char *const people[] = {
        "Antony Blinken", "Sergey Lavrov", "Joe Biden", "Vladimir Putin",
        "Angela Merkel", "Emmanuel Macron", "Xi Jinping", "Boris Johnson",
        "Jens Stoltenberg", "Ursula von der Leyen", "Mohammad Javad Zarif",
        "Mike Pompeo",
    };
    static const char *const countries[] = {
        "United States", "Russia", "China", "Germany", "France",
        "United Kingdom", "Iran", "Iceland", "Norway", "Denmark", "Canada",
        "Japan", "India", "Turkey", "Ukraine", "Finland", "Sweden",
    };
    static const char *const orgs[] = {
        "NATO", "European Union", "Arctic Council", "United Nations",
        "OPEC", "Nord Stream 2 AG", "World Bank",
    };
    NgGraph *g = ng_graph_new();
    GArray *all = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint i = 0; i < G_N_ELEMENTS(people); i++) {
        guint v = node(g, NG_TYPE_PERSON, people[i], 1 + 12 / (i + 1));
        g_array_append_val(all, v);
    }
    for (guint i = 0; i < G_N_ELEMENTS(countries); i++) {
        guint v = node(g, NG_TYPE_COUNTRY, countries[i], 1 + 40 / (i + 1));
        g_array_append_val(all, v);
    }
    for (guint i = 0; i < G_N_ELEMENTS(orgs); i++) {
        guint v = node(g, NG_TYPE_ORGANIZATION, orgs[i], 1 + 10 / (i + 1));
        g_array_append_val(all, v);
    }
    /* Deterministic pseudo-random co-occurrences, denser among the first
     * (central) entities of each list. */
    guint32 r = 12345;
    for (guint k = 0; k < 110; k++) {
        r = r * 1103515245 + 12345;
        guint a = (r >> 8) % all->len;
        r = r * 1103515245 + 12345;
        guint b = ((r >> 8) % all->len) * ((r >> 20) % 3) / 3;
        if (a != b)
            edge(g, "co-occurs", FALSE, g_array_index(all, guint, a),
                 g_array_index(all, guint, b), 1 + (r >> 24) % 6);
    }
    guint blinken = g_array_index(all, guint, 0), lavrov = g_array_index(all, guint, 1);
    guint usa = g_array_index(all, guint, 12), iran = g_array_index(all, guint, 18);
    guint nord = g_array_index(all, guint, 34);
    edge(g, "co-occurs", FALSE, blinken, lavrov, 9);
    edge(g, "meets", TRUE, blinken, lavrov, 2);
    edge(g, "sanctions", TRUE, usa, iran, 3);
    edge(g, "exempts", TRUE, usa, nord, 1);
    g_array_free(all, TRUE);
    return g;
}

/* news_graph with metrics, layout and the shipped palette, as GraphML. */
static char *write_news(const char *dir, gboolean layout)
{
    GError *error = NULL;
    NgGraph *g = news_graph();
    NgMetrics *m = ng_metrics_compute(g, &error);
    g_assert_no_error(error);
    if (layout)
        g_assert_true(ng_metrics_layout(m, g, NG_LAYOUT_FR_MAX, &error));
    char *pp = tl_src_path("share/gephi-palette.yaml");
    NgPalette *p = ng_palette_load(pp, &error);
    g_assert_no_error(error);
    ng_metrics_appearance(m, g, p);
    char *path = g_build_filename(dir, layout ? "news.graphml" : "flat.graphml", NULL);
    g_assert_true(ng_graph_write_graphml_with(g, m, path, NULL, FALSE, 1,
                                              &error));
    ng_palette_free(p);
    g_free(pp);
    ng_metrics_free(m);
    ng_graph_free(g);
    return path;
}

static NgRenderGraph *load_news(const char *dir)
{
    GError *error = NULL;
    char *path = write_news(dir, TRUE);
    NgRenderGraph *g = ng_render_graph_load(path, &error);
    g_assert_no_error(error);
    g_free(path);
    return g;
}

static const NgRenderNode *find(const NgRenderGraph *g, const char *id)
{
    for (guint i = 0; i < g->nodes->len; i++)
        if (!strcmp(g_array_index(g->nodes, NgRenderNode, i).id, id))
            return &g_array_index(g->nodes, NgRenderNode, i);
    return NULL;
}

static void test_load(void)
{
    char *dir = tl_tmpdir();
    NgRenderGraph *g = load_news(dir);
    g_assert_cmpuint(g->nodes->len, ==, 36);
    const NgRenderNode *b = find(g, "person.antony-blinken");
    g_assert_nonnull(b);
    g_assert_cmpstr(b->label, ==, "Antony Blinken");
    g_assert_cmpstr(b->type, ==, "person");
    g_assert_cmphex(b->color, ==, 0xe15759);
    g_assert_true(isfinite(b->x) && b->size >= 4 && b->pagerank > 0);
    guint directed = 0;
    for (guint i = 0; i < g->edges->len; i++) {
        const NgRenderEdge *e = &g_array_index(g->edges, NgRenderEdge, i);
        g_assert_cmpint(e->directed, ==, strcmp(e->relation, "co-occurs") != 0);
        directed += e->directed;
        if (!strcmp(e->relation, "sanctions"))
            g_assert_cmphex(e->color, ==, 0xb07aa1);
    }
    g_assert_cmpuint(directed, ==, 3);
    ng_render_graph_free(g);

    /* Without a layout there is nothing to draw. */
    GError *error = NULL;
    char *flat = write_news(dir, FALSE);
    g_assert_null(ng_render_graph_load(flat, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_FORMAT);
    g_assert_nonnull(strstr(error->message, "--no-layout"));
    g_clear_error(&error);
    g_free(flat);
    char *junk = tl_write(dir, "junk.graphml", "not xml", -1);
    g_assert_null(ng_render_graph_load(junk, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_FORMAT);
    g_clear_error(&error);
    g_free(junk);
    g_assert_null(ng_render_graph_load("/nonexistent.graphml", &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_IO);
    g_clear_error(&error);
    g_free(dir);
}

static void test_select(void)
{
    char *dir = tl_tmpdir();
    GError *error = NULL;

    NgRenderGraph *g = load_news(dir);
    NgRenderSelect top = { .top = 5 };
    g_assert_true(ng_render_select(g, &top, &error));
    g_assert_cmpuint(g->nodes->len, ==, 5);
    for (guint i = 0; i < g->edges->len; i++) {
        const NgRenderEdge *e = &g_array_index(g->edges, NgRenderEdge, i);
        g_assert_cmpuint(e->source, <, 5);
        g_assert_cmpuint(e->target, <, 5);
    }
    ng_render_graph_free(g);

    g = load_news(dir);
    NgRenderSelect rel = { .relation = "meets" };
    g_assert_true(ng_render_select(g, &rel, &error));
    g_assert_cmpuint(g->nodes->len, ==, 2);
    g_assert_cmpuint(g->edges->len, ==, 1);
    g_assert_nonnull(find(g, "person.sergey-lavrov"));
    ng_render_graph_free(g);

    /* Ego by label, any case; depth 1 keeps the direct neighbours only. */
    g = load_news(dir);
    NgRenderSelect ego = { .ego = "nord stream 2 ag", .depth = 1 };
    g_assert_true(ng_render_select(g, &ego, &error));
    g_assert_nonnull(find(g, "organization.nord-stream-2-ag"));
    g_assert_nonnull(find(g, "country.united-states"));
    guint n1 = g->nodes->len;
    ng_render_graph_free(g);
    g = load_news(dir);
    ego.depth = 2;
    g_assert_true(ng_render_select(g, &ego, &error));
    g_assert_cmpuint(g->nodes->len, >, n1);
    ng_render_graph_free(g);

    g = load_news(dir);
    ego.ego = "Nobody";
    g_assert_false(ng_render_select(g, &ego, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_USAGE);
    g_clear_error(&error);
    ng_render_graph_free(g);
    g_free(dir);
}

/* Where the pictures go: a temporary folder, or NEGRAPH_RENDER_KEEP. */
static char *picture(const char *dir, const char *name)
{
    const char *keep = g_getenv("NEGRAPH_RENDER_KEEP");
    return g_build_filename(keep ? keep : dir, name, NULL);
}

static void test_draw(void)
{
    char *dir = tl_tmpdir();
    GError *error = NULL;
    NgRenderGraph *g = load_news(dir);
    NgRenderOptions opt = { 1200, 800, 25, "test" };
    static const char *const names[] = { "news.png", "news.svg", "news.pdf" };
    static const char *const magic[] = { "\x89PNG", "<?xml", "%PDF" };
    for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
        char *path = picture(dir, names[i]);
        gboolean drawn = ng_render_draw(g, &opt, path, &error);
        g_assert_no_error(error);
        g_assert_true(drawn);
        gsize len;
        char *data = tl_read(path, &len);
        g_assert_cmpuint(len, >, 1000);
        g_assert_true(g_str_has_prefix(data, magic[i]));
        g_free(data);
        g_free(path);
    }
    /* The PNG has the asked size, and the same graph draws the same. */
    char *png = picture(dir, "news.png");
    cairo_surface_t *s = cairo_image_surface_create_from_png(png);
    g_assert_cmpint(cairo_image_surface_get_width(s), ==, 1200);
    g_assert_cmpint(cairo_image_surface_get_height(s), ==, 800);
    cairo_surface_destroy(s);
    char *again = g_build_filename(dir, "again.png", NULL);
    g_assert_true(ng_render_draw(g, &opt, again, &error));
    char *a = tl_read(png, NULL), *b = tl_read(again, NULL);
    g_assert_cmpstr(a, ==, b);
    g_free(a);
    g_free(b);
    g_free(again);
    g_free(png);

    char *bad = g_build_filename(dir, "news.jpg", NULL);
    g_assert_false(ng_render_draw(g, &opt, bad, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_USAGE);
    g_clear_error(&error);
    g_assert_false(ng_render_draw(g, &opt, "/nonexistent/dir/x.png", &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_IO);
    g_clear_error(&error);
    g_free(bad);
    ng_render_graph_free(g);
    g_free(dir);
}

static gboolean overlap(const NgRenderLabel *a, const NgRenderLabel *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static void check_labels(const NgRenderOptions *opt, GArray *labels)
{
    for (guint i = 0; i < labels->len; i++) {
        const NgRenderLabel *a = &g_array_index(labels, NgRenderLabel, i);
        g_assert_cmpfloat(a->x0, >=, 0);
        g_assert_cmpfloat(a->x1, <=, opt->width);
        g_assert_cmpfloat(a->y0, >=, 0);
        g_assert_cmpfloat(a->y1, <=, opt->height);
        for (guint j = 0; j < i; j++)
            g_assert_false(overlap(a, &g_array_index(labels, NgRenderLabel, j)));
    }
}

static void test_labels(void)
{
    char *dir = tl_tmpdir();
    NgRenderGraph *g = load_news(dir);
    NgRenderOptions opt = { 1200, 800, 25, NULL };
    GArray *labels = ng_render_place_labels(g, &opt);
    g_assert_cmpuint(labels->len, >=, 15);
    g_assert_cmpuint(labels->len, <=, 25);
    check_labels(&opt, labels);
    /* Here the most central node has room: it is labelled first. */
    guint *rank = ng_render_by_rank(g);
    g_assert_cmpuint(g_array_index(labels, NgRenderLabel, 0).node, ==, rank[0]);
    g_free(rank);
    g_array_free(labels, TRUE);

    /* Crowded: every node on one of three spots. Labels that do not fit
     * are left out instead of piling up. */
    for (guint i = 0; i < g->nodes->len; i++) {
        NgRenderNode *n = &g_array_index(g->nodes, NgRenderNode, i);
        n->x = (double)(i % 3);
        n->y = 0;
    }
    opt = (NgRenderOptions){ 600, 400, 36, NULL };
    labels = ng_render_place_labels(g, &opt);
    g_assert_cmpuint(labels->len, >=, 1);
    g_assert_cmpuint(labels->len, <, 12);
    check_labels(&opt, labels);
    g_array_free(labels, TRUE);
    char *path = picture(dir, "crowded.png");
    GError *error = NULL;
    g_assert_true(ng_render_draw(g, &opt, path, &error));
    g_free(path);
    ng_render_graph_free(g);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/render/load", test_load);
    g_test_add_func("/render/select", test_select);
    g_test_add_func("/render/draw", test_draw);
    g_test_add_func("/render/labels", test_labels);
    return g_test_run();
}
