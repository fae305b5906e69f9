/*
 * force_layout.c - Fruchterman-Reingold for one connected component (see
 * force_layout.h for the model).
 *
 * Where the time goes: the repulsion. The exact variant visits every pair,
 * n^2 / 2 per step, and is only used up to NG_LAYOUT_FR_GRID nodes. The
 * grid variant sorts the nodes into 2-unit cells once, at their random
 * start (a counting sort), and lists the pairs of nodes in the same or
 * touching cells: those pairs, and only those, repel at every step, as
 * in igraph's grid variant, whose grid is filled once. Each pair is
 * listed once, from the cell it starts in towards the cell to its right
 * and the three above. A grid wider than about twice the
 * square root of n cells a side would be mostly empty: nodes beyond it are
 * put in its border cells, which only makes those cells fuller (clamping
 * never moves two points apart, so close pairs stay in touching cells).
 */
#include "force_layout.h"

#include <math.h>
#include <string.h>

#define CELL 2.0   /* the repulsion's reach in the grid variant */
#define JITTER 1e-9

/* splitmix64: small, fast and the same everywhere. */
static guint64 next_random(guint64 *state)
{
    guint64 z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double unit_random(guint64 *state)   /* in [0, 1) */
{
    return (double)(next_random(state) >> 11) * 0x1.0p-53;
}

/* The repulsion between nodes a and b of the arrays x, y into fx, fy;
 * with `reach2`, only when closer than its square root. Coincident nodes
 * have no direction to push in: the jitter of the moves parts them. */
static inline void repel(const double *x, const double *y, double *fx,
                         double *fy, guint a, guint b, double reach2)
{
    double dx = x[a] - x[b], dy = y[a] - y[b];
    double d2 = dx * dx + dy * dy;
    if (d2 >= reach2 || d2 == 0)
        return;
    dx /= d2;
    dy /= d2;
    fx[a] += dx, fy[a] += dy;
    fx[b] -= dx, fy[b] -= dy;
}

static void repel_all(guint n, const double *x, const double *y, double *fx,
                      double *fy)
{
    for (guint a = 0; a < n; a++)
        for (guint b = a + 1; b < n; b++)
            repel(x, y, fx, fy, a, b, INFINITY);
}

static guint side(double lo, double hi, guint max_side)
{
    double cells = floor((hi - lo) / CELL) + 1;
    return cells < max_side ? (guint)cells : max_side;
}

static guint cell_of(double v, double lo, guint cells)
{
    double c = floor((v - lo) / CELL);
    return c < cells - 1 ? (guint)c : cells - 1;
}

/* Add the pairs (a, b) with a in the nodes from[a0 .. a1) and b in
 * from[b0 .. b1), or (same) a before b in one run. */
static void add_pairs(GArray *pairs, const guint *from, guint a0, guint a1,
                      guint b0, guint b1, gboolean same)
{
    for (guint a = a0; a < a1; a++)
        for (guint b = same ? a + 1 : b0; b < b1; b++) {
            guint pair[2] = { from[a], from[b] };
            g_array_append_vals(pairs, pair, 2);
        }
}

GArray *ng_force_near_pairs(guint n, const double *x, const double *y)
{
    GArray *pairs = g_array_new(FALSE, FALSE, sizeof(guint));
    if (n == 0)
        return pairs;
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (guint i = 0; i < n; i++) {
        x0 = MIN(x0, x[i]), x1 = MAX(x1, x[i]);
        y0 = MIN(y0, y[i]), y1 = MAX(y1, y[i]);
    }
    guint max_side = 2 * (guint)ceil(sqrt(n)) + 2;
    guint cols = side(x0, x1, max_side), rows = side(y0, y1, max_side);
    guint cells = cols * rows;

    /* Counting sort of the nodes by cell: cell c's nodes are
     * order[first[c] .. first[c + 1]). */
    guint *cell = g_new(guint, n), *order = g_new(guint, n);
    guint *first = g_new0(guint, cells + 1);
    for (guint i = 0; i < n; i++) {
        cell[i] = cell_of(y[i], y0, rows) * cols + cell_of(x[i], x0, cols);
        first[cell[i] + 1]++;
    }
    for (guint c = 0; c < cells; c++)
        first[c + 1] += first[c];
    for (guint i = 0; i < n; i++)
        order[first[cell[i]]++] = i;
    memmove(first + 1, first, cells * sizeof(guint));   /* back to starts */
    first[0] = 0;

    for (guint r = 0; r < rows; r++)
        for (guint k = 0; k < cols; k++) {
            guint c = r * cols + k;
            add_pairs(pairs, order, first[c], first[c + 1], 0, first[c + 1],
                      TRUE);
            /* The touching cells not yet met: right, and the row above. */
            guint nb[4], m = 0;
            if (k + 1 < cols)
                nb[m++] = c + 1;
            if (r + 1 < rows) {
                if (k > 0)
                    nb[m++] = c + cols - 1;
                nb[m++] = c + cols;
                if (k + 1 < cols)
                    nb[m++] = c + cols + 1;
            }
            for (guint j = 0; j < m; j++)
                add_pairs(pairs, order, first[c], first[c + 1],
                          first[nb[j]], first[nb[j] + 1], FALSE);
        }
    g_free(cell);
    g_free(order);
    g_free(first);
    return pairs;
}

void ng_force_layout(guint n, guint n_edges, const guint *ends,
                     const double *weight, guint steps, gboolean grid,
                     guint64 seed, double *x, double *y)
{
    if (n == 0)
        return;
    guint64 rng = seed;
    double width = sqrt(n);
    for (guint i = 0; i < n; i++) {
        x[i] = (unit_random(&rng) - 0.5) * width;
        y[i] = (unit_random(&rng) - 0.5) * width;
    }
    GArray *near = grid ? ng_force_near_pairs(n, x, y) : NULL;
    const guint *pair = near ? (const guint *)near->data : NULL;
    guint n_pairs = near ? near->len / 2 : 0;
    double *fx = g_new(double, 2 * (gsize)n), *fy = fx + n;
    double temp = width, cool = steps ? width / steps : 0;
    for (guint s = 0; s < steps; s++, temp -= cool) {
        memset(fx, 0, 2 * (gsize)n * sizeof(double));
        if (grid) {
            for (guint p = 0; p < n_pairs; p++)
                repel(x, y, fx, fy, pair[2 * p], pair[2 * p + 1], CELL * CELL);
        } else {
            repel_all(n, x, y, fx, fy);
        }
        for (guint e = 0; e < n_edges; e++) {
            guint a = ends[2 * e], b = ends[2 * e + 1];
            double dx = x[a] - x[b], dy = y[a] - y[b];
            double pull = sqrt(dx * dx + dy * dy) * weight[e];
            fx[a] -= dx * pull, fy[a] -= dy * pull;
            fx[b] += dx * pull, fy[b] += dy * pull;
        }
        /* Along the force, at most temp far. */
        for (guint i = 0; i < n; i++) {
            double dx = fx[i] + (unit_random(&rng) - 0.5) * JITTER;
            double dy = fy[i] + (unit_random(&rng) - 0.5) * JITTER;
            double len = sqrt(dx * dx + dy * dy);
            double scale = len > temp ? temp / len : 1;
            x[i] += dx * scale;
            y[i] += dy * scale;
        }
    }
    if (near)
        g_array_free(near, TRUE);
    g_free(fx);
}
