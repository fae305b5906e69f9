/*
 * query_int.h - what the query_*.c files share and nothing else sees: the
 * loaded graph, attribute access, walking with a filter, igraph views.
 */
#ifndef NG_QUERY_INT_H
#define NG_QUERY_INT_H

#include "graphml.h"
#include "query.h"

/* The values of one attribute of every node or of every edge, as igraph
 * read them from the GraphML: strings ("" when absent), numbers (NaN when
 * absent) or booleans (FALSE when absent). The values live in the graph's
 * image (query_snapshot.h), as long as the NgQuery. */
typedef enum {
    NG_QUERY_ATTR_NUMBER,
    NG_QUERY_ATTR_BOOLEAN,
    NG_QUERY_ATTR_STRING,
} NgQueryAttrType;

typedef struct {
    char *name;
    gboolean for_edge;
    NgQueryAttrType type;
    const double *numbers;
    const guint8 *booleans;     /* 0 or 1 */
    const guint64 *offsets;     /* value i is chars + offsets[i] */
    const char *chars;
} NgQueryAttr;

/* A <key> of the input file: written back as is by --subgraph. */
typedef struct {
    char *name;             /* attr.name */
    NgGraphmlType type;
    gboolean for_edge;
    /* Its values, of the type's kind, or NULL when igraph made no such
     * attribute (every value absent). */
    const NgQueryAttr *attr;
} NgQueryKey;

struct NgQuery {
    char *path;             /* for messages (UTF-8) */
    igraph_t graph;         /* directed, in file order; no igraph
                               attributes (they are in `attrs`) */
    gboolean have_graph;    /* igraph_destroy it */
    igraph_integer_t n, m;
    GPtrArray *keys;        /* NgQueryKey, in file order */
    GPtrArray *attrs;       /* NgQueryAttr: every attribute's values */
    GBytes *image;          /* where the attributes' values live */
    gboolean from_snapshot; /* the image was a snapshot file */

    /* Columns read once because every question needs them. Strings point
     * into `image`. */
    const char **id, **label, **type;
    guint32 *rank;          /* a node's position in id order: tie-breaks */
    guint16 *rel;           /* an edge's relation number */
    guint8 *directed;       /* an edge's is_directed */
    double *weight;         /* an edge's weight (1 when absent) */
    GPtrArray *relations;   /* relation names by number, sorted; owned */
};

/* A node or edge attribute as a string ("" when the file has no such
 * string attribute or the element no value); a number (NaN when absent). */
const char *ng_query_vstr(const NgQuery *q, igraph_integer_t v,
                          const char *name);
const char *ng_query_estr(const NgQuery *q, igraph_integer_t e,
                          const char *name);
double ng_query_vnum(const NgQuery *q, igraph_integer_t v, const char *name);
double ng_query_enum(const NgQuery *q, igraph_integer_t e, const char *name);
void ng_query_key_free(gpointer key);
/* The key `name` of nodes or edges, or NULL. */
const NgQueryKey *ng_query_key(const NgQuery *q, gboolean for_edge,
                               const char *name);
/* The attribute `name` of nodes or edges, or NULL. igraph adds "id" (the
 * GraphML ids) to the declared keys. */
const NgQueryAttr *ng_query_attr(const NgQuery *q, gboolean for_edge,
                                     const char *name);

/* The value of node or edge i of a string attribute. */
static inline const char *ng_query_attr_str(const NgQueryAttr *c,
                                              igraph_integer_t i)
{
    return c->chars + c->offsets[i];
}

/* Turn a failed igraph call into a GError naming `what`, with igraph's
 * own reason. Returns TRUE when rc is IGRAPH_SUCCESS. */
gboolean ng_query_igraph_ok(igraph_error_t rc, const char *what,
                            GError **error);

/* Compare nodes by id order (for g_array_sort and friends). */
int ng_query_cmp_rank(const NgQuery *q, igraph_integer_t a,
                      igraph_integer_t b);

/* ---- names ---- */

/* The comparable form of a name (len bytes of s) into `out`: NFKC,
 * case-folded, dots removed, whitespace runs squeezed to one space,
 * trimmed. */
void ng_query_fold(const char *s, gsize len, GString *out);

/* Call fn(name, len, data) on the label and each alias of node v until it
 * returns TRUE; returns whether one did. */
typedef gboolean (*NgQueryNameFn)(const char *name, gsize len,
                                  gpointer data);
gboolean ng_query_each_name(const NgQuery *q, igraph_integer_t v,
                            NgQueryNameFn fn, gpointer data);

/* Compare two igraph_integer_t (for g_array_sort). */
gint ng_query_cmp_integer(gconstpointer a, gconstpointer b);

/* ---- walking ---- */

/* The node edge `e` leads to when walked from `from` under filter `f`,
 * or -1 if the filter does not allow it. */
igraph_integer_t ng_query_step(const NgQuery *q, const NgQueryFilter *f,
                               igraph_integer_t e, igraph_integer_t from);
/* Whether the filter's relations and minimum weight allow edge `e`
 * (direction aside). */
gboolean ng_query_edge_ok(const NgQuery *q, const NgQueryFilter *f,
                          igraph_integer_t e);
/* "out", "in" (edge `e` seen from its end `from`) or "both" (undirected). */
const char *ng_query_edge_dir(const NgQuery *q, igraph_integer_t e,
                              igraph_integer_t from);

/* Breadth-first search from `source` under `f`, at most `max_depth` links
 * (0: unlimited), stopping after the level where `stop` (or -1) is found.
 * Returns each node's distance (-1: not reached); g_free it. */
gint32 *ng_query_bfs(const NgQuery *q, const NgQueryFilter *f,
                     igraph_integer_t source, guint max_depth,
                     igraph_integer_t stop);

/* Append to `edges` the edges among the nodes marked in `in_set` that
 * f's relations and minimum weight allow; `edges` is then sorted. */
void ng_query_induced_edges(const NgQuery *q, const NgQueryFilter *f,
                            const gboolean *in_set, GArray *edges);

/* An igraph graph on the same nodes with the edges `f` allows (direction
 * aside): undirected with each edge once, or - when `mutual` - directed,
 * an undirected edge becoming two arcs. `weights` (initialised by the
 * caller, may be NULL) receives each view edge's weight. */
gboolean ng_query_view(const NgQuery *q, const NgQueryFilter *f,
                       gboolean mutual, igraph_t *view,
                       igraph_vector_t *weights, GError **error);

/* ---- results ---- */

NgQueryResult *ng_query_result_new(NgQueryTable *table);
void ng_query_result_add_node(NgQueryResult *r, igraph_integer_t v);
void ng_query_result_add_edge(NgQueryResult *r, igraph_integer_t e);

#endif
