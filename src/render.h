/*
 * render.h - a quick picture of a built graph without Gephi: PNG, SVG or
 * PDF drawn with cairo from the layout, colours and sizes stored in the
 * GraphML by `negraph build` (metrics.h).
 *
 * What is drawn: co-occurrence edges faint and thin under everything;
 * relation edges in their colour, thicker, with an arrowhead when
 * directed; nodes as discs in their colour and size; labels for the most
 * central nodes (PageRank order) only, each placed beside its node where
 * it overlaps no label and no node drawn so far, and skipped when no
 * place is free; a legend of the entity types and relations present.
 */
#ifndef NG_RENDER_H
#define NG_RENDER_H

#include <glib.h>

typedef struct {
    char *id;
    char *label;
    char *type;
    double x, y;         /* layout coordinates (y up, as in Gephi) */
    double size;         /* Gephi size */
    double pagerank;
    guint32 color;       /* 0xRRGGBB */
} NgRenderNode;

typedef struct {
    guint source, target;   /* indices into nodes */
    char *relation;
    gboolean directed;
    double weight;
    guint32 color;
} NgRenderEdge;

typedef struct {
    GArray *nodes;   /* NgRenderNode */
    GArray *edges;   /* NgRenderEdge */
} NgRenderGraph;

/* Read a GraphML file written by `negraph build` with igraph. Errors:
 * NG_ERROR_IO (unreadable), NG_ERROR_FORMAT (not GraphML, or without the
 * x/y layout - built with --no-layout). */
NgRenderGraph *ng_render_graph_load(const char *path, GError **error);
void ng_render_graph_free(NgRenderGraph *g);

/* Node indices by PageRank, highest first (ties: by id). g_free it. */
guint *ng_render_by_rank(const NgRenderGraph *g);

typedef struct {
    guint top;              /* keep the N nodes of highest PageRank; 0: all */
    const char *relation;   /* keep only edges of this relation (and the
                               nodes they join); NULL: all */
    const char *ego;        /* keep the node with this id or label (case
                               insensitive) and its neighbourhood; NULL */
    guint depth;            /* ... up to this many edges away (ego) */
} NgRenderSelect;

/* Reduce the graph in place as `sel` says: ego first, then relation, then
 * top. Errors: NG_ERROR_USAGE (no node named `ego`). */
gboolean ng_render_select(NgRenderGraph *g, const NgRenderSelect *sel,
                          GError **error);

typedef struct {
    int width, height;      /* pixels (PNG) or points (SVG, PDF) */
    guint labels;           /* at most this many labels */
    const char *title;      /* legend title, or NULL */
} NgRenderOptions;

typedef struct {
    guint node;                 /* index into nodes */
    double x0, y0, x1, y1;      /* the text's box on the page */
    double font;                /* font size */
} NgRenderLabel;

/* The labels ng_render_draw places on a page of opt's size: an array of
 * NgRenderLabel, most central node first. Free with g_array_free. */
GArray *ng_render_place_labels(const NgRenderGraph *g,
                               const NgRenderOptions *opt);

/* Draw to `path`; the format follows its extension (.png, .svg, .pdf).
 * Written to a temporary file and renamed. Errors: NG_ERROR_USAGE
 * (unknown extension), NG_ERROR_IO. */
gboolean ng_render_draw(const NgRenderGraph *g, const NgRenderOptions *opt,
                        const char *path, GError **error);

#endif
