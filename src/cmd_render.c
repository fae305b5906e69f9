/*
 * cmd_render.c - `negraph render`: a picture of a built graph (PNG, SVG,
 * PDF) for people who never open Gephi; see render.h for what it shows.
 *
 * Exit codes: 0 drawn; 2 usage (bad option, unknown picture extension,
 * no node named by --ego); 3 the graph cannot be read, is not GraphML or
 * has no layout; 4 the picture cannot be written.
 */
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "ng.h"
#include "render.h"

int cmd_render(int argc, char **argv)
{
    char *output = NULL, *relation = NULL, *ego = NULL, *title = NULL;
    char **inputs = NULL;
    int top = 0, depth = 1, labels = 30, width = 1600, height = 1100;
    gboolean quiet = FALSE;
    GOptionEntry entries[] = {
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
          "the picture to write: FILE.png, FILE.svg or FILE.pdf", "FILE" },
        { "top", 0, 0, G_OPTION_ARG_INT, &top,
          "draw only the N most central nodes (PageRank)", "N" },
        { "relation", 0, 0, G_OPTION_ARG_STRING, &relation,
          "draw only edges of this relation and the nodes they join", "R" },
        { "ego", 0, 0, G_OPTION_ARG_STRING, &ego,
          "draw only this node (label or id) and its neighbourhood", "NAME" },
        { "depth", 0, 0, G_OPTION_ARG_INT, &depth,
          "with --ego: how many edges away to go (default 1)", "K" },
        { "labels", 0, 0, G_OPTION_ARG_INT, &labels,
          "label at most N nodes, the most central first (default 30)", "N" },
        { "width", 0, 0, G_OPTION_ARG_INT, &width, "picture width (default 1600)", "PX" },
        { "height", 0, 0, G_OPTION_ARG_INT, &height, "picture height (default 1100)", "PX" },
        { "title", 0, 0, G_OPTION_ARG_STRING, &title,
          "legend title (default: the graph file's name)", "TEXT" },
        { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "no summary", NULL },
        { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *ctx = g_option_context_new("GRAPH.graphml -o PICTURE.png|.svg|.pdf");
    g_option_context_set_summary(ctx,
        "Draw a graph built by `negraph build` (with its layout) using the\n"
        "colours and sizes stored in it: a quick look without Gephi.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    int rc = NG_EXIT_USAGE;
    NgRenderGraph *g = NULL;
    GError *error = NULL;

    if (!ng_cli_parse(ctx, &argc, &argv))
        goto out;
    ng_cli_verbosity = quiet ? -1 : 0;
    if (!inputs || !inputs[0] || inputs[1]) {
        ng_cli_error("render: give exactly one GRAPH.graphml (see --help)");
        goto out;
    }
    if (!output) {
        ng_cli_error("render: no output file: use -o PICTURE.png");
        goto out;
    }
    if (top < 0 || depth < 0 || labels < 0 || width < 300 || height < 200 ||
        width > 20000 || height > 20000) {
        ng_cli_error("render: --top, --depth and --labels must not be negative; "
                     "the picture is 300x200 to 20000x20000");
        goto out;
    }

    g = ng_render_graph_load(inputs[0], &error);
    if (!g) {
        rc = NG_EXIT_CONFIG;   /* unreadable, not GraphML, or no layout */
        goto fail;
    }
    NgRenderSelect sel = { (guint)top, relation, ego, (guint)depth };
    if (!ng_render_select(g, &sel, &error))
        goto fail;   /* rc stays NG_EXIT_USAGE: no such node */
    char *base = g_path_get_basename(inputs[0]);
    NgRenderOptions opt = { width, height, (guint)labels, title ? title : base };
    gboolean drawn = ng_render_draw(g, &opt, output, &error);
    g_free(base);
    if (!drawn) {
        rc = error->code == NG_ERROR_USAGE ? NG_EXIT_USAGE : NG_EXIT_OUTPUT;
        goto fail;
    }
    if (ng_cli_verbosity >= 0)
        fprintf(stderr, "negraph: drew %u nodes and %u edges into %s\n",
                g->nodes->len, g->edges->len, output);
    rc = NG_EXIT_OK;
    goto out;
fail:
    ng_cli_error("render: %s", error->message);
    g_error_free(error);
out:
    ng_render_graph_free(g);
    g_option_context_free(ctx);
    g_free(output);
    g_free(relation);
    g_free(ego);
    g_free(title);
    g_strfreev(inputs);
    return rc;
}
