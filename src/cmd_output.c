/*
 * cmd_output.c - results to the output file, for build and merge (see
 * cmd_output.h). The Gephi part (format, metrics, layout, palette,
 * timeline: issue 7) moved here from cmd_build.c unchanged in substance.
 */
#include "cmd_output.h"

#include <string.h>

#include "cli.h"
#include "cooccur.h"
#include "fingerprint.h"
#include "gexf.h"
#include "ng.h"
#include "palette.h"
#include "paths.h"
#include "pipeline.h"
#include "procmem.h"
#include "state.h"

/* GOptionContext copies the entries it is given: a static array, refilled
 * on each call, is enough. */
const GOptionEntry *ng_cli_output_entries(NgCliOutput *o)
{
    static GOptionEntry e[10];
    GOptionEntry fill[] = {
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output,
          "write the graph to FILE (GraphML, or GEXF for a name ending in .gexf; - for stdout)", "FILE" },
        { "format", 0, 0, G_OPTION_ARG_STRING, &o->format,
          "graphml or gexf (default: from the -o name)", "F" },
        { "time-bucket", 0, 0, G_OPTION_ARG_STRING, &o->time_bucket,
          "GEXF timeline step: day (default), week or month", "B" },
        { "palette", 0, 0, G_OPTION_ARG_FILENAME, &o->palette,
          "node and edge colours and sizes (default: share/" NG_PALETTE_FILE ")", "FILE" },
        { "no-layout", 0, 0, G_OPTION_ARG_NONE, &o->no_layout,
          "do not compute node positions", NULL },
        { "min-weight", 0, 0, G_OPTION_ARG_DOUBLE, &o->min_weight,
          "drop co-occurrence edges seen in fewer than N windows", "N" },
        { "since", 0, 0, G_OPTION_ARG_STRING, &o->since,
          "only documents dated DATE or later (YYYY[-MM[-DD]])", "DATE" },
        { "until", 0, 0, G_OPTION_ARG_STRING, &o->until,
          "only documents dated DATE or earlier, DATE included", "DATE" },
        { "portable", 0, 0, G_OPTION_ARG_NONE, &o->portable,
          "GraphML for readers that refuse mixed directed and undirected edges "
          "(networkx): no per-edge directed=, direction only in is_directed", NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    G_STATIC_ASSERT(sizeof fill == sizeof e);
    memcpy(e, fill, sizeof e);
    return e;
}

gboolean ng_cli_output_start(NgCliOutput *o, const char *cmd)
{
    if (!o->output) {
        ng_cli_error("%s: no output file: use -o GRAPH.graphml", cmd);
        return FALSE;
    }
    if (o->min_weight < 0) {
        ng_cli_error("%s: --min-weight must not be negative", cmd);
        return FALSE;
    }
    const char *bounds[] = { o->since, o->until };
    for (guint i = 0; i < G_N_ELEMENTS(bounds); i++)
        if (bounds[i] && !ng_date_valid(bounds[i])) {
            ng_cli_error("%s: --%s must be a date: YYYY, YYYY-MM or "
                         "YYYY-MM-DD, not '%s'", cmd, i ? "until" : "since",
                         bounds[i]);
            return FALSE;
        }
    NgTimeBucket bucket = NG_BUCKET_DAY;
    if (o->format && strcmp(o->format, "graphml") && strcmp(o->format, "gexf")) {
        ng_cli_error("%s: --format must be graphml or gexf, not '%s'", cmd,
                     o->format);
        return FALSE;
    }
    if (o->time_bucket && !ng_time_bucket_parse(o->time_bucket, &bucket)) {
        ng_cli_error("%s: --time-bucket must be day, week or month, not '%s'",
                     cmd, o->time_bucket);
        return FALSE;
    }
    o->gexf = o->format ? !strcmp(o->format, "gexf")
                        : g_str_has_suffix(o->output, ".gexf");
    if (o->gexf)
        o->timeline = ng_timeline_new(bucket);
    o->graph = ng_graph_new();
    return TRUE;
}

gboolean ng_cli_output_wants(NgCliOutput *o, const char *date)
{
    if (ng_date_in_window(date, o->since, o->until))
        return TRUE;
    o->outside++;
    return FALSE;
}

void ng_cli_output_add(NgCliOutput *o, const NgDocResult *r)
{
    o->mentions += r->mentions->len;
    ng_graph_add_docresult(o->graph, r, o->serial++);
    /* GEXF: the timeline takes what the document added, by its date (the
     * graph keeps totals only). */
    if (o->timeline)
        ng_timeline_add(o->timeline, r);
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
    /* The kernel brings the peak (VmHWM) up to date lazily: the resident
     * size read now, or at the start, may be above it. */
    if (ng_proc_memory(&rss, &peak)) {
        peak = MAX(peak, rss);
        g_string_append_printf(out, " %s%.1f MB", peak > p.peak0 ? "+" : "<=+",
                               (peak > p.rss0 ? peak - p.rss0 : 0) / 1e6);
    }
}

/* The palette file: --palette FILE, else the shipped
 * share/gephi-palette.yaml. Newly allocated. */
static char *palette_path(const NgCliOutput *o)
{
    if (o->palette)
        return g_strdup(o->palette);
    char *dir = ng_default_dir("share");
    char *path = g_build_filename(dir, NG_PALETTE_FILE, NULL);
    g_free(dir);
    return path;
}

/* The palette: --palette FILE (an error if unreadable), else the shipped
 * one, else the built-in grey one with a warning. */
static NgPalette *load_palette(const NgCliOutput *o, const char *cmd)
{
    GError *error = NULL;
    char *path = palette_path(o);
    NgPalette *p = NULL;
    if (o->palette || g_file_test(path, G_FILE_TEST_EXISTS)) {
        p = ng_palette_load(path, &error);
        if (!p) {
            ng_cli_error("%s: %s", cmd, error->message);
            g_error_free(error);
        }
    } else {
        ng_cli_warn("%s: no palette at %s; nodes and edges will be grey", cmd,
                    path);
        p = ng_palette_new();
    }
    g_free(path);
    return p;
}

char *ng_cli_output_fingerprint(const NgCliOutput *o)
{
    char *options = g_strdup_printf(
        "output=%s format=%s time-bucket=%s no-layout=%d min-weight=%.17g "
        "since=%s until=%s portable=%d", o->output, o->gexf ? "gexf" : "graphml",
        o->time_bucket ? o->time_bucket : "", o->no_layout, o->min_weight,
        o->since ? o->since : "", o->until ? o->until : "", o->portable);
    char *paths[] = { palette_path(o), NULL };
    char *fingerprint = ng_fingerprint(paths, options, NULL, NULL);
    g_free(paths[0]);
    g_free(options);
    return fingerprint;
}

/* The layout runs on a thread of its own while this one computes the
 * metrics, into its own NgMetrics (x, y, kind, components), handed over
 * when the thread is joined. igraph keeps global state (its stack of
 * cleanups, its random generator, its handlers), so ng_igraph_quiet lets
 * one thread at a time use it; the layout needs igraph only for DrL.
 * Each side computes what it would compute alone, so the output is the
 * same as one after the other - only sooner, on a machine with a core to
 * spare. (Until session 6 the layout ran in a forked child, and a child
 * forked while another thread held GLib's slice allocator's lock waited
 * for it forever: a build hung once in hundreds.) */
typedef struct {
    const NgGraph *g;
    NgMetrics m;            /* n_nodes in; x, y, layout_kind, n_components */
    GError *error;
    GThread *thread;
} LayoutJob;

static gpointer layout_thread(gpointer data)
{
    LayoutJob *j = data;
    ng_metrics_layout(&j->m, j->g, NG_LAYOUT_FR_MAX, &j->error);
    return NULL;
}

static LayoutJob *layout_start(const NgCliOutput *o)
{
    LayoutJob *j = g_new0(LayoutJob, 1);
    j->g = o->graph;
    j->m.n_nodes = ng_graph_n_nodes(o->graph);
    j->thread = g_thread_new("layout", layout_thread, j);
    return j;
}

/* Wait for the thread, move its layout into m (m = NULL: only wait), and
 * free the job. */
static void layout_finish(LayoutJob *j, NgMetrics *m, GError **error)
{
    g_thread_join(j->thread);
    if (m && !j->error) {
        m->x = g_steal_pointer(&j->m.x);
        m->y = g_steal_pointer(&j->m.y);
        m->layout_kind = j->m.layout_kind;
        m->n_components = j->m.n_components;
    } else if (m) {
        g_propagate_error(error, g_steal_pointer(&j->error));
        m->layout_kind = NG_LAYOUT_NONE;
    }
    g_clear_error(&j->error);
    g_free(j->m.x);
    g_free(j->m.y);
    g_free(j);
}

/* Metrics, layout (from its thread, if one was started: `layout`) and
 * colours. Returns an exit code (0 when done). */
static int compute_metrics(NgCliOutput *o, const NgPalette *palette,
                           LayoutJob *layout, Phase p, const char *cmd)
{
    GError *error = NULL;
    GString *phases = g_string_new(NULL);
    o->metrics = ng_metrics_compute(o->graph, &error);
    if (layout) {
        layout_finish(layout, o->metrics, error ? NULL : &error);
        phase_end(p, "metrics and layout side by side", phases);
    } else {
        phase_end(p, "metrics", phases);
    }
    if (!layout && o->metrics && !o->no_layout) {
        p = phase_start();
        ng_metrics_layout(o->metrics, o->graph, NG_LAYOUT_FR_MAX, &error);
        phase_end(p, "layout", phases);
    }
    if (o->metrics)
        ng_metrics_appearance(o->metrics, o->graph, palette);
    o->phases = g_string_free(phases, FALSE);
    if (error) {
        ng_cli_error("%s: %s", cmd, error->message);
        g_error_free(error);
        return NG_EXIT_OUTPUT;
    }
    return NG_EXIT_OK;
}

int ng_cli_output_write(NgCliOutput *o, const char *config, const char *cmd)
{
    if (o->min_weight > 0)
        ng_graph_prune(o->graph, NG_COOCCURS, o->min_weight);
    NgPalette *palette = load_palette(o, cmd);
    if (!palette)
        return NG_EXIT_CONFIG;
    Phase p = phase_start();
    LayoutJob *layout = !o->no_layout && o->jobs > 1 ? layout_start(o) : NULL;
    if (o->threads_may_start)
        o->threads_may_start(o->threads_user);
    /* The GraphML edges need none of the metrics: formatted meanwhile,
     * on the core the metrics and the layout leave idle at times. */
    NgGraphmlEdges *edges = NULL;
    if (!o->gexf && o->jobs > 1)
        edges = ng_graph_graphml_edges_start(
            o->graph, ng_metrics_edge_colors(o->graph, palette), o->output,
            o->portable);
    int rc = compute_metrics(o, palette, layout, p, cmd);
    ng_palette_free(palette);
    if (rc != NG_EXIT_OK) {
        ng_graph_graphml_edges_free(edges);
        return rc;
    }

    /* What produced the file, never when: identical inputs must give
     * byte-identical output, from build and from merge alike. */
    GString *comment = g_string_new(NULL);
    g_string_append_printf(comment, "negraph %s: %s; graph: min-weight=%g",
                           NG_VERSION, config, o->min_weight);
    if (o->since)
        g_string_append_printf(comment, " since=%s", o->since);
    if (o->until)
        g_string_append_printf(comment, " until=%s", o->until);
    if (o->portable)
        g_string_append(comment, " portable");
    char *metrics = ng_metrics_describe(o->metrics);
    g_string_append_printf(comment, "; %s", metrics);
    g_free(metrics);

    GError *error = NULL;
    GString *phases = g_string_new(o->phases);
    p = phase_start();
    gboolean written = o->gexf
        ? ng_gexf_write(o->graph, o->metrics, o->timeline, o->output,
                        comment->str, &error)
        : ng_graph_write_graphml_ready(o->graph, o->metrics, edges,
                                       o->output, comment->str, o->portable,
                                       MAX(o->jobs, 1), &error);
    ng_graph_graphml_edges_free(edges);
    g_string_free(comment, TRUE);
    phase_end(p, "writing", phases);
    g_free(o->phases);
    o->phases = g_string_free(phases, FALSE);
    if (!written) {
        ng_cli_error("%s: %s", cmd, error->message);
        g_error_free(error);
        return NG_EXIT_OUTPUT;
    }
    return NG_EXIT_OK;
}

void ng_cli_output_clear(NgCliOutput *o)
{
    ng_graph_free(o->graph);
    ng_timeline_free(o->timeline);
    ng_metrics_free(o->metrics);
    g_free(o->phases);
    g_free(o->output);
    g_free(o->format);
    g_free(o->time_bucket);
    g_free(o->palette);
    g_free(o->since);
    g_free(o->until);
    memset(o, 0, sizeof *o);
}
