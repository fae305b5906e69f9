/*
 * render.c - drawing a graph with cairo (render.h).
 *
 * The page: the graph fitted into the left part (y up, as in Gephi), a
 * legend column on the right. Drawing order is what makes it readable:
 * faint co-occurrence edges first, then relation edges, then nodes from
 * the least to the most central (hubs on top), then labels. Only the
 * `labels` most central nodes (PageRank) are candidates, placed greedily
 * in that order: each tries four spots around its node and takes the
 * first that stays on the page and overlaps neither an earlier label nor
 * any other node; failing that, the first that overlaps no earlier label
 * and no more central node (less central ones may then lie under it: in
 * a dense cluster nothing could be labelled otherwise, and this way the
 * most central node always gets its label). A label that fits nowhere is
 * left out rather than piled on the others. The more edges, the
 * fainter co-occurrence is drawn, so a dense graph stays a cloud and not
 * a black blot.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gstdio.h>

#include "ng.h"
#include "render.h"

#define MARGIN 24.0
#define LEGEND_WIDTH 210.0
#define FONT "DejaVu Sans"
#define TEXT_RGB 0.13, 0.13, 0.13

typedef struct {
    double x0, y0, x1, y1;
} Box;

/* Page geometry: layout coordinates to device space. */
typedef struct {
    double scale, ox, oy;       /* px = ox + x * scale, py = oy - y * scale */
    double rmax, size_max;      /* node radius: rmax * size / size_max */
    Box area;                   /* where the graph may be drawn */
} Frame;

static void set_rgb(cairo_t *cr, guint32 rgb, double alpha)
{
    cairo_set_source_rgba(cr, (rgb >> 16 & 0xff) / 255.0,
                          (rgb >> 8 & 0xff) / 255.0, (rgb & 0xff) / 255.0,
                          alpha);
}

static const NgRenderNode *node_at(const NgRenderGraph *g, guint i)
{
    return &g_array_index(g->nodes, NgRenderNode, i);
}

static double radius(const Frame *f, const NgRenderNode *n)
{
    return MAX(2.5, f->rmax * n->size / f->size_max);
}

static void to_page(const Frame *f, const NgRenderNode *n, double *px,
                    double *py)
{
    *px = f->ox + n->x * f->scale;
    *py = f->oy - n->y * f->scale;
}

static Frame make_frame(const NgRenderGraph *g, int width, int height)
{
    Frame f = { 0 };
    f.area = (Box){ MARGIN, MARGIN, width - LEGEND_WIDTH - MARGIN,
                    height - MARGIN };
    double aw = f.area.x1 - f.area.x0, ah = f.area.y1 - f.area.y0;
    f.rmax = MIN(aw, ah) / 40;
    f.size_max = 1e-9;
    double lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY };
    for (guint i = 0; i < g->nodes->len; i++) {
        const NgRenderNode *n = node_at(g, i);
        lo[0] = MIN(lo[0], n->x), hi[0] = MAX(hi[0], n->x);
        lo[1] = MIN(lo[1], n->y), hi[1] = MAX(hi[1], n->y);
        f.size_max = MAX(f.size_max, n->size);
    }
    /* Keep the biggest disc inside the area. */
    double w = hi[0] - lo[0], h = hi[1] - lo[1];
    double pad = 2 * f.rmax;
    f.scale = MIN(w > 0 ? (aw - 2 * pad) / w : INFINITY,
                  h > 0 ? (ah - 2 * pad) / h : INFINITY);
    if (!isfinite(f.scale))
        f.scale = 1;   /* one node, or all on one spot */
    f.ox = (f.area.x0 + f.area.x1) / 2 - (lo[0] + hi[0]) / 2 * f.scale;
    f.oy = (f.area.y0 + f.area.y1) / 2 + (lo[1] + hi[1]) / 2 * f.scale;
    return f;
}

static gboolean is_cooccurrence(const NgRenderEdge *e)
{
    return !strcmp(e->relation, "co-occurs");
}

static void arrowhead(cairo_t *cr, double x, double y, double angle,
                      double len)
{
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x - len * cos(angle - 0.4), y - len * sin(angle - 0.4));
    cairo_line_to(cr, x - len * cos(angle + 0.4), y - len * sin(angle + 0.4));
    cairo_close_path(cr);
    cairo_fill(cr);
}

static void draw_edge(cairo_t *cr, const Frame *f, const NgRenderGraph *g,
                      const NgRenderEdge *e, double max_weight, double faint)
{
    const NgRenderNode *s = node_at(g, e->source), *t = node_at(g, e->target);
    double x0, y0, x1, y1;
    to_page(f, s, &x0, &y0);
    to_page(f, t, &x1, &y1);
    double dx = x1 - x0, dy = y1 - y0, len = hypot(dx, dy);
    if (len < 1)
        return;
    if (is_cooccurrence(e)) {
        set_rgb(cr, e->color, faint);
        cairo_set_line_width(cr, 0.5 + 2.0 * log1p(e->weight) / log1p(max_weight));
        cairo_move_to(cr, x0, y0);
        cairo_line_to(cr, x1, y1);
        cairo_stroke(cr);
        return;
    }
    /* A relation: stop at the target's rim, where the arrow points. */
    double angle = atan2(dy, dx), rt = radius(f, t) + 1;
    double ex = x1 - rt * cos(angle), ey = y1 - rt * sin(angle);
    set_rgb(cr, e->color, 0.9);
    cairo_set_line_width(cr, 2.2);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, e->directed ? ex - 8 * cos(angle) : x1,
                  e->directed ? ey - 8 * sin(angle) : y1);
    cairo_stroke(cr);
    if (e->directed)
        arrowhead(cr, ex, ey, angle, 11);
}

static void draw_node(cairo_t *cr, const Frame *f, const NgRenderNode *n)
{
    double x, y;
    to_page(f, n, &x, &y);
    cairo_arc(cr, x, y, radius(f, n), 0, 2 * G_PI);
    set_rgb(cr, n->color, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
}

static gboolean boxes_overlap(const Box *a, const Box *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static gboolean box_hits_disc(const Box *b, double cx, double cy, double r)
{
    double nx = CLAMP(cx, b->x0, b->x1), ny = CLAMP(cy, b->y0, b->y1);
    return hypot(cx - nx, cy - ny) < r;
}

/* White halo under dark text, so a label stays legible over edges. */
static void draw_text(cairo_t *cr, double x, double y, const char *text)
{
    cairo_move_to(cr, x, y);
    cairo_text_path(cr, text);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
    cairo_set_line_width(cr, 3);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke_preserve(cr);
    cairo_set_source_rgb(cr, TEXT_RGB);
    cairo_fill(cr);
}

/* Place up to `max_labels` labels (see the top of the file), measuring
 * text with `cr`. */
static GArray *place_labels(cairo_t *cr, const Frame *f,
                            const NgRenderGraph *g, const guint *by_rank,
                            guint max_labels)
{
    GArray *placed = g_array_new(FALSE, FALSE, sizeof(NgRenderLabel));
    double top_rank = g->nodes->len ? node_at(g, by_rank[0])->pagerank : 1;
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_BOLD);
    guint candidates = MIN(max_labels, g->nodes->len);
    for (guint k = 0; k < candidates; k++) {
        const NgRenderNode *n = node_at(g, by_rank[k]);
        double x, y, r = radius(f, n);
        to_page(f, n, &x, &y);
        double font = 10 + 6 * sqrt(top_rank > 0 ? MAX(n->pagerank, 0) / top_rank : 0);
        cairo_set_font_size(cr, font);
        cairo_text_extents_t te;
        cairo_text_extents(cr, n->label, &te);
        double w = te.x_advance, h = font * 1.2;
        /* Right, left, above, below: the top-left corner of the box. */
        double spots[4][2] = {
            { x + r + 3, y - h / 2 }, { x - r - 3 - w, y - h / 2 },
            { x - w / 2, y - r - 2 - h }, { x - w / 2, y + r + 2 },
        };
        /* First pass: a spot that covers no other node at all; second:
         * one that covers only less central nodes. */
        for (int s = 0; s < 8; s++) {
            gboolean strict = s < 4;
            NgRenderLabel l = { by_rank[k], spots[s % 4][0], spots[s % 4][1],
                                spots[s % 4][0] + w, spots[s % 4][1] + h, font };
            Box b = { l.x0, l.y0, l.x1, l.y1 };
            gboolean ok = b.x0 >= f->area.x0 - MARGIN / 2 &&
                          b.x1 <= f->area.x1 + MARGIN / 2 &&
                          b.y0 >= f->area.y0 - MARGIN / 2 &&
                          b.y1 <= f->area.y1 + MARGIN / 2;
            for (guint i = 0; ok && i < placed->len; i++) {
                const NgRenderLabel *p = &g_array_index(placed, NgRenderLabel, i);
                Box pb = { p->x0 - 2, p->y0 - 1, p->x1 + 2, p->y1 + 1 };
                ok = !boxes_overlap(&b, &pb);
            }
            for (guint i = 0; ok && i < (strict ? g->nodes->len : k); i++) {
                if (i == k)
                    continue;
                const NgRenderNode *o = node_at(g, by_rank[i]);
                double ox, oy;
                to_page(f, o, &ox, &oy);
                ok = !box_hits_disc(&b, ox, oy, radius(f, o));
            }
            if (ok) {
                g_array_append_val(placed, l);
                break;
            }
        }
    }
    return placed;
}

static void draw_labels(cairo_t *cr, const NgRenderGraph *g,
                        const GArray *labels)
{
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_BOLD);
    for (guint i = 0; i < labels->len; i++) {
        const NgRenderLabel *l = &g_array_index(labels, NgRenderLabel, i);
        const char *text = node_at(g, l->node)->label;
        cairo_text_extents_t te;
        cairo_set_font_size(cr, l->font);
        cairo_text_extents(cr, text, &te);
        /* Baseline: about 0.95 em below the top of the box. */
        draw_text(cr, l->x0 - te.x_bearing, l->y0 + 0.95 * l->font, text);
    }
}

GArray *ng_render_place_labels(const NgRenderGraph *g,
                               const NgRenderOptions *opt)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    cairo_t *cr = cairo_create(s);
    Frame f = make_frame(g, opt->width, opt->height);
    guint *by_rank = ng_render_by_rank(g);
    GArray *labels = place_labels(cr, &f, g, by_rank, opt->labels);
    g_free(by_rank);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return labels;
}

/* One colour per entity type or relation, in name order, for the legend. */
typedef struct {
    char *name;
    guint32 color;
    gboolean directed;
} Key;

static gint cmp_key(gconstpointer a, gconstpointer b)
{
    return strcmp(((const Key *)a)->name, ((const Key *)b)->name);
}

static void add_key(GArray *keys, const char *name, guint32 color,
                    gboolean directed)
{
    for (guint i = 0; i < keys->len; i++) {
        Key *k = &g_array_index(keys, Key, i);
        if (!strcmp(k->name, name)) {
            k->directed |= directed;
            return;
        }
    }
    Key k = { g_strdup(name), color, directed };
    g_array_append_val(keys, k);
}

static void free_keys(GArray *keys)
{
    for (guint i = 0; i < keys->len; i++)
        g_free(g_array_index(keys, Key, i).name);
    g_array_free(keys, TRUE);
}

/* Text at (x, y) in at most `width`: the font shrinks down to 11, then
 * the text is cut with an ellipsis. */
static void show_fitted(cairo_t *cr, double x, double y, const char *text,
                        double size, double width)
{
    cairo_text_extents_t te;
    for (;; size -= 0.5) {
        cairo_set_font_size(cr, size);
        cairo_text_extents(cr, text, &te);
        if (te.x_advance <= width || size <= 11)
            break;
    }
    GString *s = g_string_new(text);
    while (te.x_advance > width && s->len > 0) {
        /* Drop the last character (UTF-8 aware) and add the ellipsis. */
        const char *end = g_utf8_find_prev_char(s->str, s->str + s->len);
        g_string_truncate(s, end ? (gsize)(end - s->str) : 0);
        char *cut = g_strconcat(s->str, "\xe2\x80\xa6", NULL);
        cairo_text_extents(cr, cut, &te);
        if (te.x_advance <= width) {
            g_string_assign(s, cut);
            g_free(cut);
            break;
        }
        g_free(cut);
    }
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, s->str);
    g_string_free(s, TRUE);
}

static void draw_legend(cairo_t *cr, const NgRenderGraph *g,
                        const NgRenderOptions *opt)
{
    GArray *types = g_array_new(FALSE, FALSE, sizeof(Key));
    GArray *rels = g_array_new(FALSE, FALSE, sizeof(Key));
    for (guint i = 0; i < g->nodes->len; i++)
        add_key(types, node_at(g, i)->type, node_at(g, i)->color, FALSE);
    for (guint i = 0; i < g->edges->len; i++) {
        const NgRenderEdge *e = &g_array_index(g->edges, NgRenderEdge, i);
        add_key(rels, e->relation, e->color, e->directed);
    }
    g_array_sort(types, cmp_key);
    g_array_sort(rels, cmp_key);

    double x = opt->width - LEGEND_WIDTH + 8, y = MARGIN + 14;
    cairo_set_source_rgb(cr, 0.96, 0.96, 0.96);
    cairo_rectangle(cr, opt->width - LEGEND_WIDTH, 0, LEGEND_WIDTH, opt->height);
    cairo_fill(cr);

    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_source_rgb(cr, TEXT_RGB);
    show_fitted(cr, x, y, opt->title ? opt->title : "negraph", 15,
                LEGEND_WIDTH - 16);
    char *counts = g_strdup_printf("%u nodes, %u edges", g->nodes->len,
                                   g->edges->len);
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 12);
    cairo_move_to(cr, x, y += 20);
    cairo_show_text(cr, counts);
    g_free(counts);

    const char *heads[2] = { "Entities", "Relations" };
    GArray *lists[2] = { types, rels };
    for (int l = 0; l < 2; l++) {
        if (!lists[l]->len)
            continue;
        cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                               CAIRO_FONT_WEIGHT_BOLD);
        cairo_set_font_size(cr, 13);
        cairo_set_source_rgb(cr, TEXT_RGB);
        cairo_move_to(cr, x, y += 32);
        cairo_show_text(cr, heads[l]);
        cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                               CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(cr, 12);
        for (guint i = 0; i < lists[l]->len; i++) {
            const Key *k = &g_array_index(lists[l], Key, i);
            y += 22;
            if (l == 0) {
                cairo_arc(cr, x + 8, y - 4, 6, 0, 2 * G_PI);
                set_rgb(cr, k->color, 1);
                cairo_fill(cr);
            } else {
                gboolean faint = !strcmp(k->name, "co-occurs");
                set_rgb(cr, k->color, faint ? 0.6 : 0.9);
                cairo_set_line_width(cr, faint ? 1.5 : 2.2);
                cairo_move_to(cr, x, y - 4);
                cairo_line_to(cr, x + (k->directed ? 16 : 24), y - 4);
                cairo_stroke(cr);
                if (k->directed)
                    arrowhead(cr, x + 26, y - 4, 0, 10);
            }
            cairo_set_source_rgb(cr, TEXT_RGB);
            show_fitted(cr, x + 34, y, k->name, 12, LEGEND_WIDTH - 16 - 34);
        }
    }
    cairo_set_font_size(cr, 11);
    cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
    cairo_move_to(cr, x, y += 34);
    cairo_show_text(cr, "Node size: weight;");
    cairo_move_to(cr, x, y += 15);
    cairo_show_text(cr, "labels: most central nodes");
    free_keys(types);
    free_keys(rels);
}

static void draw(cairo_t *cr, const NgRenderGraph *g,
                 const NgRenderOptions *opt)
{
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    Frame f = make_frame(g, opt->width, opt->height);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);

    double max_weight = 1;
    for (guint i = 0; i < g->edges->len; i++)
        max_weight = MAX(max_weight, g_array_index(g->edges, NgRenderEdge, i).weight);
    double faint = CLAMP(0.5 * sqrt(300.0 / MAX(g->edges->len, 1)), 0.06, 0.5);
    for (int pass = 0; pass < 2; pass++)
        for (guint i = 0; i < g->edges->len; i++) {
            const NgRenderEdge *e = &g_array_index(g->edges, NgRenderEdge, i);
            if (is_cooccurrence(e) == (pass == 0))
                draw_edge(cr, &f, g, e, max_weight, faint);
        }

    guint *by_rank = ng_render_by_rank(g);
    for (guint i = g->nodes->len; i-- > 0;)
        draw_node(cr, &f, node_at(g, by_rank[i]));
    GArray *labels = place_labels(cr, &f, g, by_rank, opt->labels);
    draw_labels(cr, g, labels);
    g_array_free(labels, TRUE);
    g_free(by_rank);
    draw_legend(cr, g, opt);
}

typedef enum { OUT_PNG, OUT_SVG, OUT_PDF } OutFormat;

static gboolean out_format(const char *path, OutFormat *out)
{
    char *lower = g_ascii_strdown(path, -1);
    gboolean ok = TRUE;
    if (g_str_has_suffix(lower, ".png"))
        *out = OUT_PNG;
    else if (g_str_has_suffix(lower, ".svg"))
        *out = OUT_SVG;
    else if (g_str_has_suffix(lower, ".pdf"))
        *out = OUT_PDF;
    else
        ok = FALSE;
    g_free(lower);
    return ok;
}

gboolean ng_render_draw(const NgRenderGraph *g, const NgRenderOptions *opt,
                        const char *path, GError **error)
{
    OutFormat fmt;
    if (!out_format(path, &fmt)) {
        g_set_error(error, NG_ERROR, NG_ERROR_USAGE,
                    "%s: the picture must end in .png, .svg or .pdf", path);
        return FALSE;
    }
    /* Draw into a temporary file beside `path`, then rename it over. */
    char *tmp = g_strdup_printf("%s.tmp-XXXXXX", path);
    int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0666);
    if (fd < 0) {
        g_set_error(error, NG_ERROR, NG_ERROR_IO,
                    "%s: cannot create a temporary file beside it: %s", path,
                    g_strerror(errno));
        g_free(tmp);
        return FALSE;
    }
    close(fd);

    cairo_surface_t *s =
        fmt == OUT_PNG ? cairo_image_surface_create(CAIRO_FORMAT_RGB24,
                                                    opt->width, opt->height)
        : fmt == OUT_SVG ? cairo_svg_surface_create(tmp, opt->width, opt->height)
                         : cairo_pdf_surface_create(tmp, opt->width, opt->height);
    cairo_t *cr = cairo_create(s);
    draw(cr, g, opt);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (st == CAIRO_STATUS_SUCCESS && fmt == OUT_PNG)
        st = cairo_surface_write_to_png(s, tmp);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    cairo_surface_destroy(s);

    gboolean ok = st == CAIRO_STATUS_SUCCESS;
    if (!ok)
        g_set_error(error, NG_ERROR, NG_ERROR_IO, "%s: cannot draw: %s", path,
                    cairo_status_to_string(st));
    else if (g_rename(tmp, path) != 0) {
        g_set_error(error, NG_ERROR, NG_ERROR_IO,
                    "%s: cannot rename the temporary file over it: %s", path,
                    g_strerror(errno));
        ok = FALSE;
    }
    if (!ok)
        g_unlink(tmp);
    g_free(tmp);
    return ok;
}
