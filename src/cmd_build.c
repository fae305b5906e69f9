/*
 * cmd_build.c - `negraph build`: news text in, GraphML graph out.
 *
 * Documents stream through tagging into the graph one at a time; the
 * output is written to a temporary file and renamed into place only when
 * complete, so a failed or interrupted build leaves the previous graph.
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "cli.h"
#include "commands.h"
#include "cooccur.h"
#include "doc.h"
#include "docresult.h"
#include "gexf.h"
#include "graph.h"
#include "metrics.h"
#include "ng.h"
#include "palette.h"
#include "paths.h"
#include "procmem.h"
#include "relations.h"
#include "tagging.h"
#include "timeline.h"

/* --- Gephi output (issue 7): format, metrics, layout, palette, timeline.
 * Kept together here so the rest of the build does not change. */
typedef struct {
    char *format;          /* --format graphml|gexf */
    char *time_bucket;     /* --time-bucket day|week|month */
    char *palette;         /* --palette FILE */
    gboolean no_layout;
    gboolean gexf;
    NgTimeline *timeline;  /* GEXF only: per-bucket mentions and weights */
    NgMetrics *metrics;
    char *phases;          /* "metrics 0.1 s +2 MB, layout ..." for the summary */
} Gephi;

/* Check the options; FALSE (message printed) on a usage error. */
static gboolean gephi_setup(Gephi *x, const char *output)
{
    NgTimeBucket bucket = NG_BUCKET_DAY;
    if (x->format && strcmp(x->format, "graphml") && strcmp(x->format, "gexf")) {
        ng_cli_error("build: --format must be graphml or gexf, not '%s'", x->format);
        return FALSE;
    }
    if (x->time_bucket && !ng_time_bucket_parse(x->time_bucket, &bucket)) {
        ng_cli_error("build: --time-bucket must be day, week or month, not '%s'",
                     x->time_bucket);
        return FALSE;
    }
    x->gexf = x->format ? !strcmp(x->format, "gexf")
                        : g_str_has_suffix(output, ".gexf");
    if (x->gexf)
        x->timeline = ng_timeline_new(bucket);
    return TRUE;
}

/* GEXF: the timeline takes what the document added, by its date (the
 * graph keeps totals only). */
static void gephi_add_document(Gephi *x, const NgDocResult *r)
{
    if (x->timeline)
        ng_timeline_add(x->timeline, r);
}

/* Time and memory a phase added over the resident size at its start: the
 * new peak minus that size, or, when the peak did not rise, at most the
 * old peak minus it ("<="). */
typedef struct {
    gint64 t0;
    guint64 rss0, peak0;
} Phase;

static Phase phase_start(void)
{
    Phase p = { g_get_monotonic_time(), 0, 0 };
    ng_proc_memory(&p.rss0, &p.peak0);
    return p;
}

static void phase_end(Phase p, const char *name, GString *out)
{
    guint64 rss, peak;
    g_string_append_printf(out, "%s%s %.2f s", out->len ? ", " : "", name,
                           (g_get_monotonic_time() - p.t0) / 1e6);
    if (ng_proc_memory(&rss, &peak))
        g_string_append_printf(out, " %s%.1f MB", peak > p.peak0 ? "+" : "<=+",
                               (peak - p.rss0) / 1e6);
}

/* The palette: --palette FILE (an error if unreadable), else the shipped
 * share/gephi-palette.yaml, else the built-in grey one with a warning. */
static NgPalette *gephi_palette(const Gephi *x)
{
    GError *error = NULL;
    if (x->palette) {
        NgPalette *p = ng_palette_load(x->palette, &error);
        if (!p) {
            ng_cli_error("build: %s", error->message);
            g_error_free(error);
        }
        return p;
    }
    char *dir = ng_default_dir("share");
    char *path = g_build_filename(dir, NG_PALETTE_FILE, NULL);
    NgPalette *p = NULL;
    if (g_file_test(path, G_FILE_TEST_EXISTS)) {
        p = ng_palette_load(path, &error);
        if (!p) {
            ng_cli_error("build: %s", error->message);
            g_error_free(error);
        }
    } else {
        ng_cli_warn("build: no palette at %s; nodes and edges will be grey", path);
        p = ng_palette_new();
    }
    g_free(path);
    g_free(dir);
    return p;
}

/* Metrics, layout and colours. Returns an exit code (0 when done). */
static int gephi_compute(Gephi *x, const NgGraph *g)
{
    GError *error = NULL;
    NgPalette *palette = gephi_palette(x);
    if (!palette)
        return NG_EXIT_CONFIG;
    GString *phases = g_string_new(NULL);
    Phase p = phase_start();
    x->metrics = ng_metrics_compute(g, &error);
    phase_end(p, "metrics", phases);
    if (x->metrics && !x->no_layout) {
        p = phase_start();
        ng_metrics_layout(x->metrics, g, NG_LAYOUT_FR_MAX, &error);
        phase_end(p, "layout", phases);
    }
    if (x->metrics)
        ng_metrics_appearance(x->metrics, g, palette);
    ng_palette_free(palette);
    x->phases = g_string_free(phases, FALSE);
    if (error) {
        ng_cli_error("build: %s", error->message);
        g_error_free(error);
        return NG_EXIT_OUTPUT;
    }
    return NG_EXIT_OK;
}

static gboolean gephi_write(const Gephi *x, const NgGraph *g,
                            const char *output, const char *comment,
                            gboolean portable, GError **error)
{
    if (x->gexf)
        return ng_gexf_write(g, x->metrics, x->timeline, output, comment, error);
    return ng_graph_write_graphml_with(g, x->metrics, output, comment,
                                       portable, error);
}

static void gephi_free(Gephi *x)
{
    ng_timeline_free(x->timeline);
    ng_metrics_free(x->metrics);
    g_free(x->phases);
    g_free(x->format);
    g_free(x->time_bucket);
    g_free(x->palette);
}
/* --- end of Gephi output */

typedef struct {
    NgConfig *config;
    NgGraph *graph;
    NgTagged *tagged;
    NgRelationEngine *relations;
    GArray *matches;       /* NgRelationMatch, reused per document */
    NgTagOptions tag_options;
    NgWindow window;
    guint32 serial;
    guint64 mentions;
    Gephi gephi;
} Build;

static gboolean add_document(const NgDoc *doc, gpointer user, GError **error)
{
    Build *b = user;
    ng_tag_document(b->config->matcher, b->config->gazetteer,
                    &b->tag_options, doc, b->tagged);
    b->mentions += b->tagged->mentions->len;
    NgDocResult *r = ng_docresult_new(doc->id, doc->date);
    guint32 *ents = ng_docresult_add_mentions(r, b->tagged);
    ng_cooccur_add(r, b->tagged, ents, b->window);
    g_array_set_size(b->matches, 0);
    ng_relations_find(b->relations, b->tagged, FALSE, b->matches);
    ng_relations_add(r, b->tagged, b->matches);
    ng_graph_add_docresult(b->graph, r, b->serial++);
    gephi_add_document(&b->gephi, r);
    g_free(ents);
    ng_docresult_free(r);
    return TRUE;
}

static void on_warning(const char *message, gboolean skipped, gpointer user)
{
    ng_cli_warn("%s", message);
}

static gboolean append_count(gpointer key, gpointer value, gpointer data)
{
    GString *s = data;
    g_string_append_printf(s, "%s%u %s", s->len ? ", " : "",
                           GPOINTER_TO_UINT(value), (char *)key);
    return FALSE;
}

/* "45 nodes (10 person, 20 country, 15 organization)" and the like. */
static char *count_summary(const NgGraph *g)
{
    guint by_type[NG_N_TYPES] = { 0 };
    for (guint i = 0; i < ng_graph_n_nodes(g); i++)
        by_type[ng_graph_get_node(g, i)->type]++;
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "%u nodes (", ng_graph_n_nodes(g));
    for (int t = 0; t < NG_N_TYPES; t++)
        g_string_append_printf(s, "%s%u %s", t ? ", " : "", by_type[t],
                               ng_entity_type_name((NgEntityType)t));
    g_string_append_printf(s, "), %u edges", ng_graph_n_edges(g));

    /* Edges by relation, in name order. */
    GTree *rel = g_tree_new((GCompareFunc)strcmp);
    for (guint i = 0; i < ng_graph_n_edges(g); i++) {
        const char *r = ng_graph_get_edge(g, i)->relation;
        g_tree_insert(rel, (gpointer)r,
                      GUINT_TO_POINTER(GPOINTER_TO_UINT(g_tree_lookup(rel, r)) + 1));
    }
    GString *parts = g_string_new(NULL);
    g_tree_foreach(rel, append_count, parts);
    if (parts->len)
        g_string_append_printf(s, " (%s)", parts->str);
    g_string_free(parts, TRUE);
    g_tree_destroy(rel);
    return g_string_free(s, FALSE);
}

int cmd_build(int argc, char **argv)
{
    char *output = NULL, *gazetteers = NULL, *rules = NULL, *window = NULL;
    double min_weight = 0;
    gboolean quiet = FALSE, verbose = FALSE, no_metonyms = FALSE;
    gboolean portable = FALSE;
    char **inputs = NULL;
    Build b = { 0 };
    GOptionEntry entries[] = {
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
          "write the graph to FILE (GraphML, or GEXF for a name ending in .gexf; - for stdout)", "FILE" },
        { "format", 0, 0, G_OPTION_ARG_STRING, &b.gephi.format,
          "graphml or gexf (default: from the -o name)", "F" },
        { "time-bucket", 0, 0, G_OPTION_ARG_STRING, &b.gephi.time_bucket,
          "GEXF timeline step: day (default), week or month", "B" },
        { "palette", 0, 0, G_OPTION_ARG_FILENAME, &b.gephi.palette,
          "node and edge colours and sizes (default: share/" NG_PALETTE_FILE ")", "FILE" },
        { "no-layout", 0, 0, G_OPTION_ARG_NONE, &b.gephi.no_layout,
          "do not compute node positions", NULL },
        { "gazetteers", 0, 0, G_OPTION_ARG_FILENAME, &gazetteers,
          "gazetteer folder (default: gazetteers/ beside the binary or in $NEGRAPH_HOME)", "DIR" },
        { "rules", 0, 0, G_OPTION_ARG_FILENAME, &rules,
          "relation rule folder (default: rules/ beside the binary or in $NEGRAPH_HOME)", "DIR" },
        { "window", 0, 0, G_OPTION_ARG_STRING, &window,
          "co-occurrence window: sentence (default), paragraph or document", "W" },
        { "min-weight", 0, 0, G_OPTION_ARG_DOUBLE, &min_weight,
          "drop co-occurrence edges seen in fewer than N windows", "N" },
        { "no-metonyms", 0, 0, G_OPTION_ARG_NONE, &no_metonyms,
          "do not read capitals (Washington, Moscow) as their governments", NULL },
        { "portable", 0, 0, G_OPTION_ARG_NONE, &portable,
          "GraphML for readers that refuse mixed directed and undirected edges "
          "(networkx): no per-edge directed=, direction only in is_directed", NULL },
        { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "no warnings or summary", NULL },
        { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "more detail on stderr", NULL },
        { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *ctx = g_option_context_new("INPUT... -o GRAPH.graphml");
    g_option_context_set_summary(ctx,
        "Tag people, countries and organizations in news text (.txt files, one\n"
        "article each; .jsonl files, one article per line; folders; - for stdin)\n"
        "and write their co-occurrence graph as GraphML.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    int rc = NG_EXIT_USAGE;

    if (!ng_cli_parse(ctx, &argc, &argv))
        goto out;
    ng_cli_verbosity = quiet ? -1 : verbose ? 1 : 0;
    if (!inputs || !inputs[0]) {
        ng_cli_error("build: no INPUT given (see --help)");
        goto out;
    }
    if (!output) {
        ng_cli_error("build: no output file: use -o GRAPH.graphml");
        goto out;
    }
    if (window && !ng_window_parse(window, &b.window)) {
        ng_cli_error("build: --window must be sentence, paragraph or document, not '%s'", window);
        goto out;
    }
    if (min_weight < 0) {
        ng_cli_error("build: --min-weight must not be negative");
        goto out;
    }
    if (!gephi_setup(&b.gephi, output))
        goto out;

    b.config = ng_config_load(gazetteers);
    if (!b.config) {
        rc = NG_EXIT_CONFIG;
        goto out;
    }
    b.graph = ng_graph_new();
    if (!ng_config_load_rules(b.config, rules)) {
        rc = NG_EXIT_CONFIG;
        goto out;
    }
    b.tagged = ng_tagged_new();
    b.relations = ng_relations_new(b.config->rules, b.config->gazetteer);
    b.matches = g_array_new(FALSE, FALSE, sizeof(NgRelationMatch));
    b.tag_options = ng_config_tag_options(b.config, no_metonyms);

    gint64 t0 = g_get_monotonic_time();
    NgReadStats stats = { 0 };
    GError *error = NULL;
    if (!ng_read_inputs(inputs, g_strv_length(inputs), add_document,
                        on_warning, &b, &stats, &error)) {
        ng_cli_error("build: %s", error->message);
        g_error_free(error);
        rc = NG_EXIT_OUTPUT;
        goto out;
    }
    if (stats.documents == 0) {
        ng_cli_error("build: no documents read; %s not written", output);
        rc = NG_EXIT_WARNINGS;
        goto out;
    }
    if (min_weight > 0)
        ng_graph_prune(b.graph, NG_COOCCURS, min_weight);
    /* Reading and tagging time: metrics and layout are timed apart. */
    double secs = (g_get_monotonic_time() - t0) / 1e6;
    if ((rc = gephi_compute(&b.gephi, b.graph)) != NG_EXIT_OK)
        goto out;

    /* The comment records what produced the file, never when: identical
     * inputs must give byte-identical output. */
    char *metrics = ng_metrics_describe(b.gephi.metrics);
    char *comment = g_strdup_printf(
        "negraph %s build: window=%s min-weight=%g metonyms=%s%s; gazetteers: %u entities, "
        "%u aliases; rules: %u relations, %u rules; %s",
        NG_VERSION, ng_window_name(b.window), min_weight,
        no_metonyms ? "off" : "on", portable ? " portable" : "", b.config->gazetteer->entities->len,
        b.config->gazetteer->aliases->len, b.config->rules->relations->len,
        ng_rules_n_rules(b.config->rules), metrics);
    g_free(metrics);
    gboolean written = gephi_write(&b.gephi, b.graph, output, comment,
                                   portable, &error);
    g_free(comment);
    if (!written) {
        ng_cli_error("build: %s", error->message);
        g_error_free(error);
        rc = NG_EXIT_OUTPUT;
        goto out;
    }

    if (ng_cli_verbosity >= 0) {
        char *counts = count_summary(b.graph);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        fprintf(stderr,
                "negraph: gazetteers loaded in %.2f s (%u entities, %u aliases); "
                "%" G_GUINT64_FORMAT " documents read, %" G_GUINT64_FORMAT
                " skipped, %" G_GUINT64_FORMAT " mentions; %s; %.2f s, %.1f MB/s; "
                "%s; peak memory %ld MB\n",
                b.config->load_seconds, b.config->gazetteer->entities->len,
                b.config->gazetteer->aliases->len, stats.documents,
                stats.skipped, b.mentions, counts, secs,
                secs > 0 ? stats.bytes / 1e6 / secs : 0.0, b.gephi.phases,
                ru.ru_maxrss / 1024);
        g_free(counts);
    }
    rc = stats.skipped ? NG_EXIT_WARNINGS : NG_EXIT_OK;
out:
    gephi_free(&b.gephi);
    ng_tagged_free(b.tagged);
    ng_relations_free(b.relations);
    if (b.matches)
        g_array_free(b.matches, TRUE);
    ng_graph_free(b.graph);
    ng_config_free(b.config);
    g_option_context_free(ctx);
    g_free(output);
    g_free(gazetteers);
    g_free(rules);
    g_free(window);
    g_strfreev(inputs);
    return rc;
}
