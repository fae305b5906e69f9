/*
 * palette.h - the colours and node sizes negraph gives a graph for Gephi
 * and `negraph render`, read from a small YAML file.
 *
 * The default palette ships as share/gephi-palette.yaml (found like the
 * gazetteers: $NEGRAPH_HOME/share, share/ beside the binary, ./share);
 * `negraph build --palette FILE` replaces it. The format (docs/gephi.md):
 *
 *   node:                  # colour by entity type
 *     person: "#e15759"
 *     country: "#4e79a7"
 *     organization: "#59a14f"
 *   edge:                  # colour by relation
 *     co-occurs: "#c8c8c8"
 *     meets: "#f28e2b"
 *     other: "#9c755f"     # relations not listed
 *   size:                  # node size, scaled by the square root of `by`
 *     by: mentions         # mentions | weighted_degree | pagerank | degree
 *     min: 4
 *     max: 40
 *
 * Every section and entry is optional. What a file leaves out keeps the
 * built-in value: grey (#888888) for colours, size by mentions from 4 to
 * 40. Colours are "#rrggbb" (or "#rgb"). Errors are NG_ERROR_CONFIG with a
 * "FILE:LINE:COLUMN: " prefix.
 */
#ifndef NG_PALETTE_H
#define NG_PALETTE_H

#include <glib.h>
#include "gazetteer.h"

#define NG_PALETTE_FILE "gephi-palette.yaml"   /* in the share/ folder */
#define NG_PALETTE_GREY 0x888888u

typedef enum {
    NG_SIZE_BY_MENTIONS,
    NG_SIZE_BY_WEIGHTED_DEGREE,
    NG_SIZE_BY_PAGERANK,
    NG_SIZE_BY_DEGREE,
} NgSizeBy;

typedef struct {
    guint32 node[NG_N_TYPES];   /* 0xRRGGBB by entity type */
    GHashTable *edge;           /* relation -> GUINT_TO_POINTER(0xRRGGBB) */
    guint32 edge_other;         /* relations not in `edge` */
    NgSizeBy size_by;
    double size_min, size_max;
} NgPalette;

/* The built-in palette (all grey, size by mentions 4..40). */
NgPalette *ng_palette_new(void);
/* Read a palette file over the built-in values. */
NgPalette *ng_palette_load(const char *path, GError **error);
void ng_palette_free(NgPalette *p);

guint32 ng_palette_edge_color(const NgPalette *p, const char *relation);
const char *ng_size_by_name(NgSizeBy by);

/* "#rrggbb" into buf (at least 8 bytes); returns buf. */
char *ng_color_format(guint32 rgb, char *buf);
/* Parse "#rrggbb" or "#rgb". */
gboolean ng_color_parse(const char *s, guint32 *rgb);

#endif
