/*
 * test_query_snapshot.c - the binary snapshot of negraph query
 * (query_snapshot.h): every answer is the same from the snapshot as from
 * the GraphML, on the news fixture and on generated graphs with keys of
 * every type; a stale, damaged or forged snapshot is never used blindly
 * and never crashes the reader; a snapshot that cannot be written costs
 * nothing; --no-cache reads and writes none.
 *
 * The cache folder ($XDG_CACHE_HOME) is a temporary one, set before GLib
 * reads it. (G_TEST_OPTION_ISOLATE_DIRS would give one per test, but
 * GLib then leaks the old names, which LeakSanitizer reports.)
 */
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include <glib/gstdio.h>

#include "graphml.h"
#include "ng.h"
#include "query_int.h"
#include "query_snapshot.h"
#include "testlib.h"

/* Where the header's CRC field is and what it covers: after the magic,
 * the version and the byte-order mark, up to the end. */
#define CRC_AT 16
#define CRC_FROM 24

/* ---- graphs ---- */

/* A copy of tests/fixtures/query/news.graphml in a fresh folder. */
static char *news_copy(void)
{
    char *src = tl_src_path("tests/fixtures/query/news.graphml");
    gsize len;
    char *data = tl_read(src, &len);
    char *dir = tl_tmpdir();
    char *path = tl_write(dir, "news.graphml", data, (gssize)len);
    g_free(dir);
    g_free(data);
    g_free(src);
    return path;
}

static const char *const gen_types[] = { "person", "organization",
                                         "country" };
static const char *const gen_relations[] = { "co-occurs", "meets",
                                             "sanctions", "exempts" };
static const char *const gen_words[] = { "Zoë", "Ångström", "Москва", "北京",
                                         "O'Neil", "Smith & Co", "<b>",
                                         "Nord" };

/* What generate() gives node v and edge e, for checking values one by
 * one. Absent values: mentions of every 7th node, score of every 5th,
 * evidence of every 4th edge. */
static char *gen_id(guint v)
{
    return g_strdup_printf("%s.n%04u", gen_types[v % 3], v);
}

static char *gen_label(guint v)
{
    return g_strdup_printf("%s %s %u", gen_words[v % 8],
                           gen_words[(v / 8) % 8], v);
}

static double gen_weight(guint e)
{
    return 0.5 * (1 + e % 5);
}

static char *gen_evidence(guint e)
{
    return e % 4 ? g_strdup_printf("[doc-%u] %s met %s.", e,
                                   gen_words[e % 8], gen_words[(e + 3) % 8])
                 : g_strdup("");
}

/* Write a graph of n nodes and m edges in negraph's contract into dir,
 * with keys of every GraphML type, absent values and non-ASCII text. When
 * `undirected`, no edge is directed and the file's edgedefault is
 * "undirected" (negraph build --portable), which the loader turns into a
 * directed graph. Edge endpoints come from a seeded GRand: a few nodes
 * are hubs, and pairs repeat with other relations. */
static char *generate(const char *dir, guint n, guint m, gboolean undirected)
{
    static const struct {
        gboolean edge;
        const char *name;
        NgGraphmlType type;
    } keys[] = {
        { FALSE, "label", NG_GML_STRING },
        { FALSE, "type", NG_GML_STRING },
        { FALSE, "mentions", NG_GML_INT },
        { FALSE, "documents", NG_GML_LONG },
        { FALSE, "aliases", NG_GML_STRING },
        { FALSE, "first_seen", NG_GML_STRING },
        { FALSE, "last_seen", NG_GML_STRING },
        { FALSE, "score", NG_GML_FLOAT },
        { FALSE, "verified", NG_GML_BOOLEAN },
        { TRUE, "relation", NG_GML_STRING },
        { TRUE, "is_directed", NG_GML_BOOLEAN },
        { TRUE, "weight", NG_GML_DOUBLE },
        { TRUE, "documents", NG_GML_INT },
        { TRUE, "evidence", NG_GML_STRING },
        { TRUE, "first_seen", NG_GML_STRING },
        { TRUE, "last_seen", NG_GML_STRING },
    };
    char *path = g_build_filename(dir, undirected ? "undirected.graphml"
                                                  : "generated.graphml",
                                  NULL);
    GError *error = NULL;
    NgGraphmlWriter *w = ng_graphml_begin(path, "test_query_snapshot",
                                          &error);
    g_assert_no_error(error);
    for (guint i = 0; i < G_N_ELEMENTS(keys); i++)
        ng_graphml_key(w, keys[i].edge, keys[i].name, keys[i].type);
    if (undirected)
        ng_graphml_set_portable(w, FALSE);
    ng_graphml_graph_start(w);

    char **ids = g_new0(char *, n + 1);
    for (guint v = 0; v < n; v++) {
        ids[v] = gen_id(v);
        char *label = gen_label(v);
        char *aliases = g_strdup_printf("%s | %s", label, gen_words[v % 8]);
        char *first = g_strdup_printf("2021-%02u-%02u", 1 + v % 6,
                                      1 + v % 28);
        ng_graphml_node_start(w, ids[v]);
        ng_graphml_data_string(w, "label", label);
        ng_graphml_data_string(w, "type", gen_types[v % 3]);
        if (v % 7)
            ng_graphml_data_int(w, "mentions", 1 + v % 13);
        ng_graphml_data_int(w, "documents", 1 + v % 5);
        ng_graphml_data_string(w, "aliases", aliases);
        ng_graphml_data_string(w, "first_seen", first);
        ng_graphml_data_string(w, "last_seen", "2021-12-31");
        if (v % 5)
            ng_graphml_data_double(w, "score", 0.25 * v);
        ng_graphml_data_bool(w, "verified", v % 3 == 0);
        ng_graphml_node_end(w);
        g_free(first);
        g_free(aliases);
        g_free(label);
    }

    GRand *rng = g_rand_new_with_seed(7);
    for (guint e = 0; e < m; e++) {
        /* Squaring a uniform draw favours low numbers: hubs. */
        double x = g_rand_double(rng);
        guint s = (guint)(n * x * x);
        guint t = g_rand_int_range(rng, 0, (gint32)n);
        if (s == t)
            t = (t + 1) % n;
        guint r = g_rand_int_range(rng, 0, G_N_ELEMENTS(gen_relations));
        gboolean directed = !undirected && r >= 2;
        char *id = g_strdup_printf("e%u", e);
        char *evidence = gen_evidence(e);
        char *day = g_strdup_printf("2021-%02u-%02u", 1 + e % 12,
                                    1 + e % 28);
        ng_graphml_edge_start(w, id, ids[s], ids[t], directed,
                              gen_relations[r]);
        ng_graphml_data_string(w, "relation", gen_relations[r]);
        ng_graphml_data_bool(w, "is_directed", directed);
        ng_graphml_data_double(w, "weight", gen_weight(e));
        ng_graphml_data_int(w, "documents", 1 + e % 3);
        ng_graphml_data_string(w, "evidence", evidence);
        ng_graphml_data_string(w, "first_seen", day);
        ng_graphml_data_string(w, "last_seen", day);
        ng_graphml_edge_end(w);
        g_free(day);
        g_free(evidence);
        g_free(id);
    }
    g_rand_free(rng);
    g_strfreev(ids);
    g_assert_true(ng_graphml_finish(w, &error));
    g_assert_no_error(error);
    return path;
}

/* ---- answers ---- */

typedef struct {
    GString *out;
    NgQuery *q;
    char *sub;          /* where selections are written */
    gboolean strict;    /* every question must be answered */
} Answers;

/* Append one answer: its table as JSON, its note and the GraphML of its
 * selection. Takes r. Unless strict, a question may fail (a forged graph
 * may have negative weights or ids that are not GraphML names): the
 * failure is the answer. */
static void add(Answers *a, const char *what, NgQueryResult *r,
                GError *error)
{
    g_string_append_printf(a->out, "== %s\n", what);
    if (!a->strict && !r) {
        g_string_append_printf(a->out, "error: %s\n", error->message);
        g_error_free(error);
        return;
    }
    g_assert_no_error(error);
    g_assert_nonnull(r);
    ng_query_table_format(r->table, NG_FORMAT_JSON, a->out);
    if (r->note)
        g_string_append_printf(a->out, "note: %s\n", r->note);
    if (ng_query_write_subgraph(a->q, r, a->sub, &error)) {
        gsize len;
        char *sub = tl_read(a->sub, &len);
        g_string_append_len(a->out, sub, (gssize)len);
        g_free(sub);
    } else {
        g_assert_false(a->strict);
        g_string_append_printf(a->out, "error: %s\n", error->message);
        g_error_free(error);
    }
    ng_query_result_free(r);
}

static void restrict_to(Answers *a, NgQueryFilter *f, const char *relations)
{
    char *names[] = { (char *)relations, NULL };
    char *message = NULL;
    if (!ng_query_filter_relations(a->q, f, names, &message)) {
        g_assert_false(a->strict);
        g_free(message);
    }
}

/* Every verb's answers on q with assorted options, as one text. `full`
 * adds the slower ones (every ranking, communities). */
static char *answers(NgQuery *q, gboolean full, gboolean strict)
{
    char *dir = tl_tmpdir();
    Answers a = { g_string_new(NULL), q,
                  g_build_filename(dir, "sub.graphml", NULL), strict };
    g_free(dir);
    GError *error = NULL;
    /* Three nodes: the first, the middle and the last. */
    igraph_integer_t n = ng_query_n_nodes(q);
    g_assert_cmpint(n, >, 0);
    igraph_integer_t v[3] = { 0, (n - 1) / 2, n - 1 };

    add(&a, "stats", ng_query_stats(q, &error), error);

    for (NgQueryRankBy by = NG_QUERY_BY_MENTIONS; by <= NG_QUERY_BY_NAME;
         by++) {
        if (!full && by != NG_QUERY_BY_PAGERANK)
            continue;
        NgQueryNodesOpts o = { .by = by, .top = 10 };
        add(&a, "nodes --by", ng_query_nodes(q, &o, &error), error);
    }
    char *person[] = { "person", NULL };
    NgQueryNodesOpts nodes = { .types = person, .name = "*a*",
                               .by = NG_QUERY_BY_DEGREE };
    restrict_to(&a, &nodes.filter, "co-occurs,meets");
    add(&a, "nodes --type --name", ng_query_nodes(q, &nodes, &error),
        error);
    ng_query_filter_clear(&nodes.filter);

    for (guint depth = 1; depth <= 2; depth++) {
        NgQueryNeighborsOpts o = { .node = v[0], .depth = depth,
                                   .evidence = TRUE };
        add(&a, "neighbors", ng_query_neighbors(q, &o, &error), error);
    }
    NgQueryNeighborsOpts near = { .node = v[1], .depth = 2, .top = 5,
                                  .filter.direction = NG_QUERY_DIR_OUT,
                                  .filter.min_weight = 1 };
    restrict_to(&a, &near.filter, "sanctions,exempts,co-occurs");
    add(&a, "neighbors --relation --direction",
        ng_query_neighbors(q, &near, &error), error);
    ng_query_filter_clear(&near.filter);

    NgQueryEdgesOpts all = { .source = -1, .target = -1, .evidence = TRUE };
    add(&a, "edges", ng_query_edges(q, &all, &error), error);
    NgQueryEdgesOpts from = { .source = v[0], .target = -1 };
    add(&a, "edges --source", ng_query_edges(q, &from, &error), error);
    char *country[] = { "country", NULL };
    NgQueryEdgesOpts dated = { .source = -1, .target = -1,
                               .source_types = person,
                               .target_types = country, .since = "2021-03",
                               .until = "2021-09", .top = 20,
                               .filter.min_weight = 1.5 };
    add(&a, "edges --since --until", ng_query_edges(q, &dated, &error),
        error);

    NgQueryPathOpts path = { .from = v[2], .to = v[0], .max_paths = 3 };
    add(&a, "path", ng_query_path(q, &path, &error), error);
    path.filter.direction = NG_QUERY_DIR_OUT;
    path.from = v[0];
    path.to = v[2];
    add(&a, "path --directed", ng_query_path(q, &path, &error), error);

    for (int leiden = 0; full && leiden <= 1; leiden++) {
        NgQueryCommunitiesOpts o = { .leiden = leiden, .resolution = 1.0,
                                     .min_size = 2 };
        add(&a, "communities", ng_query_communities(q, &o, &error), error);
    }

    NgQueryEgoOpts ego = { .node = v[1], .depth = 2 };
    add(&a, "ego", ng_query_ego(q, &ego, &error), error);

    g_free(a.sub);
    return g_string_free(a.out, FALSE);
}

/* ---- loading ---- */

static NgQuery *load(const char *path, gboolean cached)
{
    GError *error = NULL;
    NgQuery *q = cached ? ng_query_load_cached(path, &error)
                        : ng_query_load(path, &error);
    g_assert_no_error(error);
    g_assert_nonnull(q);
    return q;
}

/* The answers on the GraphML at `path`, read without a snapshot. */
static char *plain_answers(const char *path)
{
    NgQuery *q = load(path, FALSE);
    char *got = answers(q, FALSE, TRUE);
    ng_query_free(q);
    return got;
}

static char *beside(const char *path)
{
    return g_strconcat(path, ".ngq", NULL);
}

/* Load `path` without a snapshot, then through one (written, then read),
 * and compare every answer. Returns the answers. */
static char *same_both_ways(const char *path, gboolean full)
{
    char *snapshot = beside(path);
    NgQuery *plain = load(path, FALSE);
    g_assert_false(ng_query_from_snapshot(plain));
    g_assert_false(g_file_test(snapshot, G_FILE_TEST_EXISTS));
    NgQuery *cold = load(path, TRUE);
    g_assert_false(ng_query_from_snapshot(cold));
    g_assert_true(g_file_test(snapshot, G_FILE_TEST_IS_REGULAR));
    NgQuery *warm = load(path, TRUE);
    g_assert_true(ng_query_from_snapshot(warm));

    char *want = answers(plain, full, TRUE);
    char *got = answers(cold, full, TRUE);
    g_assert_cmpstr(got, ==, want);
    g_free(got);
    got = answers(warm, full, TRUE);
    g_assert_cmpstr(got, ==, want);
    g_free(got);
    ng_query_free(plain);
    ng_query_free(cold);
    ng_query_free(warm);
    g_free(snapshot);
    return want;
}

static void test_news(void)
{
    char *path = news_copy();
    char *got = same_both_ways(path, TRUE);
    /* The answers are real ones. */
    g_assert_nonnull(strstr(got, "Matthias Warnig"));
    g_assert_nonnull(strstr(got, "Nord Stream 2 AG"));
    g_assert_nonnull(strstr(got, "exempts"));
    g_free(got);

    /* Names resolve the same way from the snapshot. */
    NgQuery *q = load(path, TRUE);
    g_assert_true(ng_query_from_snapshot(q));
    char *message = NULL;
    igraph_integer_t v = ng_query_resolve(q, "u.s.", &message);
    g_assert_null(message);
    g_assert_cmpstr(ng_query_node_id(q, v), ==, "country.united-states");
    g_assert_cmpint(ng_query_resolve(q, "Warnigg", &message), ==, -1);
    g_assert_nonnull(strstr(message, "Matthias Warnig"));
    g_free(message);
    ng_query_free(q);
    g_free(path);
}

/* Every value of a generated graph comes back from its snapshot. */
static void check_values(NgQuery *q, guint n, guint m, gboolean undirected)
{
    g_assert_cmpint(ng_query_n_nodes(q), ==, n);
    g_assert_cmpint(ng_query_n_edges(q), ==, m);
    for (guint v = 0; v < n; v++) {
        char *id = gen_id(v), *label = gen_label(v);
        g_assert_cmpstr(ng_query_node_id(q, v), ==, id);
        g_assert_cmpstr(ng_query_node_label(q, v), ==, label);
        g_assert_cmpstr(ng_query_node_type(q, v), ==, gen_types[v % 3]);
        double mentions = ng_query_vnum(q, v, "mentions");
        if (v % 7)
            g_assert_cmpfloat(mentions, ==, 1 + v % 13);
        else
            g_assert_true(isnan(mentions));
        double score = ng_query_vnum(q, v, "score");
        if (v % 5)
            g_assert_cmpfloat(score, ==, 0.25 * v);
        else
            g_assert_true(isnan(score));
        g_free(id);
        g_free(label);
    }
    const NgQueryKey *verified = ng_query_key(q, FALSE, "verified");
    g_assert_nonnull(verified->attr);
    for (guint v = 0; v < n; v++)
        g_assert_cmpint(verified->attr->booleans[v], ==, v % 3 == 0);
    for (guint e = 0; e < m; e++) {
        char *evidence = gen_evidence(e);
        g_assert_cmpstr(ng_query_estr(q, e, "evidence"), ==, evidence);
        g_assert_cmpfloat(ng_query_enum(q, e, "weight"), ==, gen_weight(e));
        g_assert_cmpfloat(q->weight[e], ==, gen_weight(e));
        const char *r = ng_query_edge_relation(q, e);
        g_assert_cmpstr(ng_query_estr(q, e, "relation"), ==, r);
        g_assert_cmpint(q->directed[e], ==,
                        !undirected && (!strcmp(r, "sanctions") ||
                                        !strcmp(r, "exempts")));
        g_free(evidence);
    }
}

static void test_generated(void)
{
    char *dir = tl_tmpdir();
    for (int undirected = 0; undirected <= 1; undirected++) {
        char *path = generate(dir, 400, 2500, undirected);
        g_free(same_both_ways(path, undirected == 0));
        NgQuery *q = load(path, TRUE);
        g_assert_true(ng_query_from_snapshot(q));
        check_values(q, 400, 2500, undirected);
        ng_query_free(q);
        g_free(path);
    }
    g_free(dir);
}

/* ---- damaged, forged, stale ---- */

/* The snapshot bytes of the news graph, as loading writes them. */
static guint8 *news_image(gsize *len)
{
    char *path = news_copy();
    ng_query_free(load(path, TRUE));
    char *snapshot = beside(path);
    guint8 *data = (guint8 *)tl_read(snapshot, len);
    g_free(snapshot);
    g_free(path);
    return data;
}

/* Replace the file at `path`. Removing it first spares the fsync GLib
 * does before replacing a non-empty file (the tests write many). */
static void put_file(const char *path, const char *data, gsize len)
{
    g_unlink(path);
    GError *error = NULL;
    g_assert_true(g_file_set_contents(path, data, (gssize)len, &error));
    g_assert_no_error(error);
}

/* Whether `len` bytes decode. They are copied into a block of exactly
 * that size, so that AddressSanitizer sees any read past it. */
static gboolean decodes(const guint8 *data, gsize len)
{
    NgQuery *q = g_new0(NgQuery, 1);
    q->keys = g_ptr_array_new_with_free_func(ng_query_key_free);
    GBytes *image = g_bytes_new(data, len);
    GError *error = NULL;
    gboolean ok = ng_query_snapshot_decode(q, image, &error);
    g_assert_true(ok == (error == NULL));
    g_clear_error(&error);
    g_bytes_unref(image);
    ng_query_free(q);
    return ok;
}

static void test_damaged(void)
{
    gsize len;
    guint8 *data = news_image(&len);
    g_assert_true(decodes(data, len));

    /* Cut anywhere. */
    for (gsize cut = 0; cut < len; cut++)
        g_assert_false(decodes(data, cut));
    /* Longer. */
    guint8 *longer = g_malloc0(len + 8);
    memcpy(longer, data, len);
    g_assert_false(decodes(longer, len + 8));
    g_free(longer);

    /* Any byte changed, any way: the header checks or the checksum see
     * it. */
    guint8 *copy = g_memdup2(data, len);
    static const guint8 flips[] = { 0x01, 0x80, 0xff };
    for (gsize i = 0; i < len; i++) {
        for (guint f = 0; f < G_N_ELEMENTS(flips); f++) {
            copy[i] ^= flips[f];
            g_assert_false(decodes(copy, len));
            copy[i] = data[i];
        }
    }
    g_free(copy);
    g_free(data);
}

static void fix_crc(guint8 *data, gsize len)
{
    guint32 crc = (guint32)crc32_z(0, data + CRC_FROM, len - CRC_FROM);
    memcpy(data + CRC_AT, &crc, 4);
}

/* Forged snapshots of the graph at `path`: changed and given a valid
 * checksum, so that only the structural checks stand between them and
 * the reader. Any byte changed any way either is refused or decodes into
 * a graph every question can be asked of (run under ASan, this is what
 * shows that nothing reads out of bounds). */
static void forge(const char *path)
{
    ng_query_free(load(path, TRUE));
    char *snapshot = beside(path);
    gsize len;
    guint8 *data = (guint8 *)tl_read(snapshot, &len);
    fix_crc(data, len);
    g_assert_true(decodes(data, len));

    guint8 *copy = g_memdup2(data, len);
    static const guint8 flips[] = { 0x01, 0x02, 0x10, 0x40, 0x80, 0xff };
    guint accepted = 0, refused = 0, asked = 0, used = 0;
    for (gsize i = CRC_FROM; i < len; i++) {
        for (guint f = 0; f < G_N_ELEMENTS(flips); f++) {
            copy[i] ^= flips[f];
            fix_crc(copy, len);
            if (!decodes(copy, len)) {
                refused++;
            } else if (accepted++ % 500 == 0) {
                /* Every 500th accepted forgery goes through the whole
                 * reader and every question. */
                put_file(snapshot, (char *)copy, len);
                NgQuery *q = load(path, TRUE);
                used += ng_query_from_snapshot(q);
                g_free(answers(q, FALSE, FALSE));
                ng_query_free(q);
                asked++;
            }
            memcpy(copy, data, len);
        }
    }
    /* Both kinds occur: the test exercises the checks it claims to. */
    g_assert_cmpuint(refused, >, 0);
    g_assert_cmpuint(used, >, 0);
    g_test_message("%u forgeries refused, %u accepted, %u asked, %u of "
                   "them read", refused, accepted, asked, used);
    g_free(copy);
    g_free(data);
    g_free(snapshot);
}

/* On the news graph and on a small generated one, for its non-ASCII
 * text (offsets moved into the middle of a character). */
static void test_forged(void)
{
    char *path = news_copy();
    forge(path);
    g_free(path);
    char *dir = tl_tmpdir();
    path = generate(dir, 24, 60, FALSE);
    forge(path);
    g_free(path);
    g_free(dir);
}

/* A snapshot that is there but bad is ignored and replaced. */
static void test_bad_file(void)
{
    char *path = news_copy();
    char *snapshot = beside(path);
    char *want = plain_answers(path);
    static const char *const bad[] = { "", "NGQSNAP", "not a snapshot" };
    for (guint i = 0; i <= G_N_ELEMENTS(bad); i++) {
        if (i < G_N_ELEMENTS(bad)) {
            put_file(snapshot, bad[i], strlen(bad[i]));
        } else {
            /* A good one with a byte changed. */
            gsize len;
            char *data = tl_read(snapshot, &len);
            data[len / 2] ^= 0x20;
            put_file(snapshot, data, len);
            g_free(data);
        }
        NgQuery *q = load(path, TRUE);
        g_assert_false(ng_query_from_snapshot(q));
        char *got = answers(q, FALSE, TRUE);
        g_assert_cmpstr(got, ==, want);
        g_free(got);
        ng_query_free(q);
        q = load(path, TRUE);
        g_assert_true(ng_query_from_snapshot(q));
        ng_query_free(q);
    }
    g_free(want);
    g_free(snapshot);
    g_free(path);
}

static void set_mtime(const char *path, const struct timespec *t)
{
    struct timespec times[2] = { *t, *t };
    g_assert_cmpint(utimensat(AT_FDCWD, path, times, 0), ==, 0);
}

/* Whether loading `path` through its snapshot used it; the graph it gives
 * must have an entity named `blinken`. */
static gboolean used_snapshot(const char *path, const char *blinken)
{
    NgQuery *q = load(path, TRUE);
    gboolean used = ng_query_from_snapshot(q);
    char *message = NULL;
    g_assert_cmpint(ng_query_resolve(q, blinken, &message), >=, 0);
    g_assert_null(message);
    ng_query_free(q);
    return used;
}

/* A GraphML changed after its snapshot was written makes it stale: the
 * snapshot is ignored and rewritten. */
static void test_stale(void)
{
    char *path = news_copy();
    g_assert_false(used_snapshot(path, "Antony Blinken"));
    g_assert_true(used_snapshot(path, "Antony Blinken"));

    /* Touched: same bytes, another time. */
    GStatBuf st;
    g_assert_cmpint(g_stat(path, &st), ==, 0);
    struct timespec t = st.st_mtim;
    t.tv_nsec = (t.tv_nsec + 1) % 1000000000;
    set_mtime(path, &t);
    g_assert_false(used_snapshot(path, "Antony Blinken"));
    g_assert_true(used_snapshot(path, "Antony Blinken"));

    /* Edited to the same size, with its time put back: the hash sees it. */
    gsize len;
    char *data = tl_read(path, &len);
    char *at = strstr(data, "Antony Blinken");
    g_assert_nonnull(at);
    memcpy(at, "Antony Blinkex", 14);
    g_assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
    set_mtime(path, &t);
    g_assert_false(used_snapshot(path, "Antony Blinkex"));
    g_assert_true(used_snapshot(path, "Antony Blinkex"));
    g_free(data);
    g_free(path);
}

/* The cache folder's snapshots. */
static guint cached_snapshots(void)
{
    char *dir = g_build_filename(g_get_user_cache_dir(), "negraph", NULL);
    GDir *d = g_dir_open(dir, 0, NULL);
    guint count = 0;
    for (const char *name; d && (name = g_dir_read_name(d));)
        count += g_str_has_suffix(name, ".ngq");
    if (d)
        g_dir_close(d);
    g_free(dir);
    return count;
}

/* Where the snapshot cannot go beside the GraphML, it goes to the cache
 * folder; where it can go nowhere, queries are answered all the same. */
static void test_unwritable(void)
{
    char *path = news_copy();
    char *want = plain_answers(path);
    /* A folder in the way (root may write anywhere, so a read-only folder
     * would prove nothing here). */
    char *snapshot = beside(path);
    g_assert_cmpint(g_mkdir(snapshot, 0755), ==, 0);
    g_assert_false(used_snapshot(path, "Antony Blinken"));
    g_assert_cmpuint(cached_snapshots(), ==, 1);
    NgQuery *q = load(path, TRUE);
    g_assert_true(ng_query_from_snapshot(q));
    char *got = answers(q, FALSE, TRUE);
    g_assert_cmpstr(got, ==, want);
    g_free(got);
    ng_query_free(q);

    /* The cache folder in the way too: a file where it should be. */
    char *cache = g_build_filename(g_get_user_cache_dir(), "negraph", NULL);
    GDir *d = g_dir_open(cache, 0, NULL);
    for (const char *name; (name = g_dir_read_name(d));) {
        char *file = g_build_filename(cache, name, NULL);
        g_unlink(file);
        g_free(file);
    }
    g_dir_close(d);
    g_assert_cmpint(g_rmdir(cache), ==, 0);
    g_assert_true(g_file_set_contents(cache, "", 0, NULL));
    for (int i = 0; i < 2; i++) {
        q = load(path, TRUE);
        g_assert_false(ng_query_from_snapshot(q));
        got = answers(q, FALSE, TRUE);
        g_assert_cmpstr(got, ==, want);
        g_free(got);
        ng_query_free(q);
    }
    g_unlink(cache);
    g_free(cache);
    g_free(want);
    g_free(snapshot);
    g_free(path);
}

/* ---- the command ---- */

/* Every verb through `negraph query`, with --no-cache (which writes no
 * snapshot), then twice without (writing it, then reading it): the same
 * output each time, subgraphs included. */
static void test_cli(void)
{
    char *path = news_copy();
    char *snapshot = beside(path);
    char *dir = g_path_get_dirname(path);
    char *sub = g_build_filename(dir, "sub.graphml", NULL);
    static const char *const verbs[][8] = {
        { "stats" },
        { "nodes", "--top", "5", "--by", "pagerank" },
        { "nodes", "--type", "person", "--by", "betweenness" },
        { "neighbors", "United States", "--relation", "exempts",
          "--evidence" },
        { "neighbors", "Lavrov", "--depth", "2" },
        { "edges", "--relation", "sanctions,exempts", "--evidence" },
        { "path", "Antony Blinken", "Matthias Warnig" },
        { "communities", "--members", "0" },
        { "ego", "Sergey Lavrov", "--depth", "2" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(verbs); i++) {
        char *runs[3], *subs[3];
        for (int run = 0; run < 3; run++) {
            GPtrArray *argv = g_ptr_array_new();
            g_ptr_array_add(argv, (char *)tl_negraph());
            g_ptr_array_add(argv, "query");
            g_ptr_array_add(argv, path);
            for (guint k = 0; k < 8 && verbs[i][k]; k++)
                g_ptr_array_add(argv, (char *)verbs[i][k]);
            g_ptr_array_add(argv, "--format");
            g_ptr_array_add(argv, "json");
            g_ptr_array_add(argv, "-v");
            if (strcmp(verbs[i][0], "stats")) {
                g_ptr_array_add(argv, "-o");
                g_ptr_array_add(argv, sub);
            }
            if (run == 0)
                g_ptr_array_add(argv, "--no-cache");
            g_ptr_array_add(argv, NULL);
            TlRun r = tl_run_argv((char **)argv->pdata, NULL);
            g_ptr_array_free(argv, TRUE);
            g_assert_cmpint(r.exit_code, ==, 0);
            /* --no-cache reads none and writes none; then the first
             * run writes one (stats ran first) and the others read it. */
            gboolean want_snapshot = run > 0 && (run == 2 || i > 0);
            g_assert_nonnull(strstr(r.err, want_snapshot
                                               ? "from its snapshot"
                                               : "from the GraphML"));
            if (i == 0)
                g_assert_true(g_file_test(snapshot, G_FILE_TEST_EXISTS) ==
                              (run > 0));
            runs[run] = r.out;
            subs[run] = strcmp(verbs[i][0], "stats") ? tl_read(sub, NULL)
                                                     : g_strdup("");
            g_free(r.err);
        }
        g_assert_cmpstr(runs[1], ==, runs[0]);
        g_assert_cmpstr(runs[2], ==, runs[0]);
        g_assert_cmpstr(subs[1], ==, subs[0]);
        g_assert_cmpstr(subs[2], ==, subs[0]);
        for (int run = 0; run < 3; run++) {
            g_free(runs[run]);
            g_free(subs[run]);
        }
    }
    g_free(sub);
    g_free(dir);
    g_free(snapshot);
    g_free(path);
}

int main(int argc, char **argv)
{
    char *cache = tl_tmpdir();
    g_setenv("XDG_CACHE_HOME", cache, TRUE);
    g_free(cache);
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/query-snapshot/news", test_news);
    g_test_add_func("/query-snapshot/generated", test_generated);
    g_test_add_func("/query-snapshot/damaged", test_damaged);
    g_test_add_func("/query-snapshot/forged", test_forged);
    g_test_add_func("/query-snapshot/bad-file", test_bad_file);
    g_test_add_func("/query-snapshot/stale", test_stale);
    g_test_add_func("/query-snapshot/unwritable", test_unwritable);
    g_test_add_func("/query-snapshot/cli", test_cli);
    return g_test_run();
}
