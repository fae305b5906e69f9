/*
 * query_load.c - loading a negraph GraphML file for `negraph query`.
 *
 * Two passes over the file:
 *  1. a quick look at its head with GLib's GMarkup parser, up to the
 *     <graph> element: is it GraphML at all, which <key>s does it declare
 *     (names and types, which igraph does not keep and --subgraph must
 *     write back), does it have the attributes of negraph's contract;
 *  2. igraph_read_graph_graphml, with the C attribute handler, for the
 *     graph itself. igraph reads every edge as directed; the direction of
 *     each edge comes from its is_directed attribute.
 * The graph and its attributes are then turned into an image (see
 * query_snapshot.h) and the query works from that: the same image, saved
 * as a snapshot, loads in a fraction of the time the next time (or, with
 * ng_query_load, is not saved). The columns every question needs (ids,
 * labels, types, relations, direction, weights) are pulled out of the
 * attributes once, so that loops over a million edges do not look
 * attributes up by name.
 *
 * igraph's default error handler aborts the program; loading installs one
 * that records igraph's reason, so that a broken file becomes a GError.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ng.h"
#include "query_int.h"
#include "query_snapshot.h"

/* ---- igraph setup and errors ---- */

/* igraph's last error message. igraph calls the handler from the thread
 * that failed, so a thread-local buffer is enough. */
static __thread char igraph_reason[512];

static void record_error(const char *reason, const char *file, int line,
                         igraph_error_t igraph_errno)
{
    g_strlcpy(igraph_reason, reason ? reason : "", sizeof igraph_reason);
    g_strchomp(igraph_reason);
    /* Free what igraph allocated for the failed call, as the default
     * handlers do, and return: the caller checks the error code. */
    IGRAPH_FINALLY_FREE();
}

static void igraph_setup(void)
{
    static gsize done = 0;
    if (g_once_init_enter(&done)) {
        igraph_set_error_handler(record_error);
        igraph_set_warning_handler(igraph_warning_handler_ignore);
        igraph_set_attribute_table(&igraph_cattribute_table);
        g_once_init_leave(&done, 1);
    }
}

gboolean ng_query_igraph_ok(igraph_error_t rc, const char *what,
                            GError **error)
{
    if (rc == IGRAPH_SUCCESS)
        return TRUE;
    g_set_error(error, NG_ERROR, NG_ERROR_INPUT, "%s failed: %s (%s)", what,
                igraph_reason, igraph_strerror(rc));
    return FALSE;
}

/* ---- pass 1: the head of the file ---- */

typedef struct {
    GPtrArray *keys;        /* NgQueryKey */
    gboolean root_seen;
    gboolean graph_seen;    /* reached <graph>: the scan stops there */
} Head;

void ng_query_key_free(gpointer p)
{
    NgQueryKey *k = p;
    g_free(k->name);
    g_free(k);
}

static gboolean type_parse(const char *s, NgGraphmlType *out)
{
    static const char *const names[] = {
        [NG_GML_STRING] = "string", [NG_GML_INT] = "int",
        [NG_GML_LONG] = "long",     [NG_GML_FLOAT] = "float",
        [NG_GML_DOUBLE] = "double", [NG_GML_BOOLEAN] = "boolean",
    };
    for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
        if (!strcmp(s, names[i])) {
            *out = (NgGraphmlType)i;
            return TRUE;
        }
    }
    return FALSE;
}

static const char *attr_value(const char **names, const char **values,
                              const char *name)
{
    for (guint i = 0; names[i]; i++)
        if (!strcmp(names[i], name))
            return values[i];
    return NULL;
}

static void head_key(Head *h, const char **names, const char **values)
{
    const char *name = attr_value(names, values, "attr.name");
    const char *domain = attr_value(names, values, "for");
    const char *type = attr_value(names, values, "attr.type");
    NgGraphmlType t = NG_GML_STRING;
    if (!name || !domain || (type && !type_parse(type, &t)))
        return;   /* igraph will not make an attribute of it either */
    gboolean all = !strcmp(domain, "all");
    for (int edge = 0; edge <= 1; edge++) {
        if (all || !strcmp(domain, edge ? "edge" : "node")) {
            NgQueryKey *k = g_new0(NgQueryKey, 1);
            k->name = g_strdup(name);
            k->type = t;
            k->for_edge = edge;
            g_ptr_array_add(h->keys, k);
        }
    }
}

static void head_start(GMarkupParseContext *ctx, const char *element,
                       const char **names, const char **values,
                       gpointer data, GError **error)
{
    Head *h = data;
    /* Ignore a namespace prefix ("gml:graphml"). */
    const char *local = strrchr(element, ':');
    local = local ? local + 1 : element;
    if (!h->root_seen) {
        h->root_seen = TRUE;
        if (strcmp(local, "graphml")) {
            g_set_error(error, NG_ERROR, NG_ERROR_FORMAT,
                        "the document is <%s>, not <graphml>", element);
            return;
        }
    }
    if (!strcmp(local, "key")) {
        head_key(h, names, values);
    } else if (!strcmp(local, "graph")) {
        h->graph_seen = TRUE;
        /* Keys come before the graph: nothing more to learn here. */
        g_set_error_literal(error, NG_ERROR, NG_ERROR_FORMAT, "stop");
    }
}

/* Read the head of `f` into h. */
static gboolean read_head(FILE *f, Head *h, GError **error)
{
    static const GMarkupParser parser = { head_start, NULL, NULL, NULL,
                                          NULL };
    GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, h,
                                                          NULL);
    char buf[65536];
    size_t got;
    GError *err = NULL;
    gboolean ok = TRUE;
    while (ok && (got = fread(buf, 1, sizeof buf, f)) > 0)
        ok = g_markup_parse_context_parse(ctx, buf, (gssize)got, &err);
    if (ok && ferror(f)) {
        g_set_error(error, NG_ERROR, NG_ERROR_IO, "%s", g_strerror(errno));
        g_markup_parse_context_free(ctx);
        return FALSE;
    }
    /* Every byte parsed, but elements still open: the file was cut. */
    gboolean cut = ok && h->root_seen;
    if (ok)
        ok = g_markup_parse_context_end_parse(ctx, &err);
    g_markup_parse_context_free(ctx);
    if (h->graph_seen) {
        g_clear_error(&err);
        return TRUE;
    }
    if (ok)
        g_set_error_literal(error, NG_ERROR, NG_ERROR_FORMAT,
                            "not a GraphML file (no <graph> element)");
    else
        g_set_error(error, NG_ERROR, NG_ERROR_FORMAT, "%s (%s)",
                    cut ? "truncated GraphML file" : "not a GraphML file",
                    err->message);
    g_clear_error(&err);
    return FALSE;
}

/* Does the file end with a closing </graphml> (and white space)? igraph's
 * reason for a file cut short ("Extra content at the end of the
 * document") does not say so. */
static gboolean ends_closed(FILE *f)
{
    char buf[256];
    long at = fseek(f, -(long)sizeof buf, SEEK_END) == 0 ? 0 : -1;
    if (at < 0)
        rewind(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    while (n > 0 && g_ascii_isspace(buf[n - 1]))
        n--;
    buf[n] = '\0';
    const char *tag = strrchr(buf, '<');
    return tag && tag[1] == '/' && g_str_has_suffix(tag, "graphml>");
}

const NgQueryKey *ng_query_key(const NgQuery *q, gboolean for_edge,
                               const char *name)
{
    for (guint i = 0; i < q->keys->len; i++) {
        const NgQueryKey *k = q->keys->pdata[i];
        if (k->for_edge == for_edge && !strcmp(k->name, name))
            return k;
    }
    return NULL;
}

/* The contract's attributes without which a question cannot be answered. */
static gboolean check_contract(const NgQuery *q, GError **error)
{
    static const struct { gboolean edge; const char *name; } required[] = {
        { FALSE, "label" }, { FALSE, "type" },
        { TRUE, "relation" }, { TRUE, "is_directed" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(required); i++) {
        if (!ng_query_key(q, required[i].edge, required[i].name)) {
            g_set_error(error, NG_ERROR, NG_ERROR_FORMAT,
                        "not a negraph graph (missing %s attribute '%s')",
                        required[i].edge ? "edge" : "node", required[i].name);
            return FALSE;
        }
    }
    const NgQueryKey *k = ng_query_key(q, TRUE, "is_directed");
    if (k->type != NG_GML_BOOLEAN) {
        g_set_error_literal(error, NG_ERROR, NG_ERROR_FORMAT,
                            "not a negraph graph (edge attribute "
                            "'is_directed' is not boolean)");
        return FALSE;
    }
    return TRUE;
}

/* negraph build --portable writes edgedefault="undirected" when no edge is
 * directed, and igraph then makes an undirected graph. The rest of this
 * module expects a directed one with each edge's direction in
 * is_directed, so turn it into that, keeping edge order and attributes.
 * In such a file no edge may claim a direction: its source and target are
 * not kept apart by igraph. Called before the columns are read: the
 * conversion makes a new graph, with new attribute storage. */
static gboolean make_directed(NgQuery *q, GError **error)
{
    if (igraph_is_directed(&q->graph))
        return TRUE;
    for (igraph_integer_t e = 0; e < igraph_ecount(&q->graph); e++) {
        if (EAB(&q->graph, "is_directed", e)) {
            g_set_error_literal(error, NG_ERROR, NG_ERROR_FORMAT,
                                "not a negraph graph (a directed edge in a "
                                "graph whose edgedefault is "
                                "\"undirected\")");
            return FALSE;
        }
    }
    return ng_query_igraph_ok(
        igraph_to_directed(&q->graph, IGRAPH_TO_DIRECTED_ARBITRARY),
        "reading an undirected graph", error);
}

/* ---- attribute access ---- */

/* The values of the key `name`, if it has them as `type`. */
static const NgQueryAttr *key_attr(const NgQuery *q, gboolean for_edge,
                                 const char *name, NgQueryAttrType type)
{
    const NgQueryKey *k = ng_query_key(q, for_edge, name);
    return k && k->attr && k->attr->type == type ? k->attr : NULL;
}

const char *ng_query_vstr(const NgQuery *q, igraph_integer_t v,
                          const char *name)
{
    const NgQueryAttr *c = key_attr(q, FALSE, name, NG_QUERY_ATTR_STRING);
    return c ? ng_query_attr_str(c, v) : "";
}

const char *ng_query_estr(const NgQuery *q, igraph_integer_t e,
                          const char *name)
{
    const NgQueryAttr *c = key_attr(q, TRUE, name, NG_QUERY_ATTR_STRING);
    return c ? ng_query_attr_str(c, e) : "";
}

double ng_query_vnum(const NgQuery *q, igraph_integer_t v, const char *name)
{
    const NgQueryAttr *c = key_attr(q, FALSE, name, NG_QUERY_ATTR_NUMBER);
    return c ? c->numbers[v] : NAN;
}

double ng_query_enum(const NgQuery *q, igraph_integer_t e, const char *name)
{
    const NgQueryAttr *c = key_attr(q, TRUE, name, NG_QUERY_ATTR_NUMBER);
    return c ? c->numbers[e] : NAN;
}

igraph_integer_t ng_query_n_nodes(const NgQuery *q)
{
    return q->n;
}

igraph_integer_t ng_query_n_edges(const NgQuery *q)
{
    return q->m;
}

const char *ng_query_node_id(const NgQuery *q, igraph_integer_t v)
{
    return q->id[v];
}

const char *ng_query_node_label(const NgQuery *q, igraph_integer_t v)
{
    return q->label[v];
}

const char *ng_query_node_type(const NgQuery *q, igraph_integer_t v)
{
    return q->type[v];
}

const char *ng_query_edge_relation(const NgQuery *q, igraph_integer_t e)
{
    return q->relations->pdata[q->rel[e]];
}

int ng_query_cmp_rank(const NgQuery *q, igraph_integer_t a,
                      igraph_integer_t b)
{
    return q->rank[a] < q->rank[b] ? -1 : q->rank[a] > q->rank[b];
}

/* ---- the columns ---- */

static gint cmp_id(gconstpointer a, gconstpointer b, gpointer data)
{
    const NgQuery *q = data;
    return strcmp(q->id[*(const igraph_integer_t *)a],
                  q->id[*(const igraph_integer_t *)b]);
}

/* FALSE (error set) if two nodes have one id: a GraphML reader refuses
 * that, but a snapshot is only a file. */
static gboolean read_node_columns(NgQuery *q, GError **error)
{
    q->id = g_new(const char *, q->n);
    q->label = g_new(const char *, q->n);
    q->type = g_new(const char *, q->n);
    /* igraph names every node; a snapshot without ids is refused. */
    const NgQueryAttr *ids = ng_query_attr(q, FALSE, "id");
    for (igraph_integer_t v = 0; v < q->n; v++) {
        q->id[v] = ng_query_attr_str(ids, v);
        q->label[v] = ng_query_vstr(q, v, "label");
        q->type[v] = ng_query_vstr(q, v, "type");
        if (!*q->label[v])
            q->label[v] = q->id[v];
    }
    igraph_integer_t *order = g_new(igraph_integer_t, q->n);
    for (igraph_integer_t v = 0; v < q->n; v++)
        order[v] = v;
    g_qsort_with_data(order, (gint)q->n, sizeof *order, cmp_id, q);
    q->rank = g_new(guint32, q->n);
    gboolean ok = TRUE;
    for (igraph_integer_t i = 0; i < q->n; i++) {
        q->rank[order[i]] = (guint32)i;
        if (ok && i > 0 && !strcmp(q->id[order[i]], q->id[order[i - 1]])) {
            g_set_error(error, NG_ERROR, NG_ERROR_FORMAT, "node id '%s' twice",
                        q->id[order[i]]);
            ok = FALSE;
        }
    }
    g_free(order);
    return ok;
}

static gint cmp_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static gboolean read_edge_columns(NgQuery *q, GError **error)
{
    /* Relations are numbered in order of appearance, then renumbered in
     * name order so that listings by relation are sorted. */
    GHashTable *numbers = g_hash_table_new(g_str_hash, g_str_equal);
    GPtrArray *names = g_ptr_array_new();
    q->rel = g_new(guint16, q->m);
    const char *prev = NULL;
    guint prev_number = 0;
    gboolean too_many = FALSE;
    const NgQueryAttr *relation = key_attr(q, TRUE, "relation",
                                         NG_QUERY_ATTR_STRING);
    for (igraph_integer_t e = 0; e < q->m; e++) {
        const char *r = relation ? ng_query_attr_str(relation, e) : "";
        if (!prev || strcmp(r, prev)) {
            gpointer found;
            if (g_hash_table_lookup_extended(numbers, r, NULL, &found)) {
                prev_number = GPOINTER_TO_UINT(found);
            } else if (names->len == G_MAXUINT16) {
                too_many = TRUE;
                break;
            } else {
                prev_number = names->len;
                g_ptr_array_add(names, (gpointer)r);
                g_hash_table_insert(numbers, (gpointer)r,
                                    GUINT_TO_POINTER(prev_number));
            }
            prev = r;
        }
        q->rel[e] = (guint16)prev_number;
    }
    g_hash_table_destroy(numbers);
    if (too_many) {
        g_set_error(error, NG_ERROR, NG_ERROR_FORMAT,
                    "more than %u relations", G_MAXUINT16);
        g_ptr_array_free(names, TRUE);
        return FALSE;
    }
    q->relations = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < names->len; i++)
        g_ptr_array_add(q->relations, g_strdup(names->pdata[i]));
    g_ptr_array_sort(q->relations, cmp_name);
    guint16 *renumber = g_new(guint16, names->len + 1);
    for (guint i = 0; i < names->len; i++)
        for (guint j = 0; j < q->relations->len; j++)
            if (!strcmp(names->pdata[i], q->relations->pdata[j]))
                renumber[i] = (guint16)j;
    for (igraph_integer_t e = 0; e < q->m; e++)
        q->rel[e] = renumber[q->rel[e]];
    g_free(renumber);
    g_ptr_array_free(names, TRUE);

    q->directed = g_new(guint8, q->m);
    q->weight = g_new(double, q->m);
    const NgQueryAttr *dir = key_attr(q, TRUE, "is_directed",
                                    NG_QUERY_ATTR_BOOLEAN);
    const NgQueryAttr *weight = key_attr(q, TRUE, "weight",
                                         NG_QUERY_ATTR_NUMBER);
    for (igraph_integer_t e = 0; e < q->m; e++) {
        q->directed[e] = dir ? dir->booleans[e] : 0;
        double w = weight ? weight->numbers[e] : NAN;
        q->weight[e] = isfinite(w) ? w : 1.0;
    }
    return TRUE;
}

/* ---- loading ---- */

void ng_query_free(NgQuery *q)
{
    if (!q)
        return;
    if (q->keys)
        g_ptr_array_free(q->keys, TRUE);
    if (q->attrs)
        g_ptr_array_free(q->attrs, TRUE);
    if (q->image)
        g_bytes_unref(q->image);
    if (q->relations)
        g_ptr_array_free(q->relations, TRUE);
    if (q->have_graph)
        igraph_destroy(&q->graph);
    g_free(q->id);
    g_free(q->label);
    g_free(q->type);
    g_free(q->rank);
    g_free(q->rel);
    g_free(q->directed);
    g_free(q->weight);
    g_free(q->path);
    g_free(q);
}

/* Prefix the message of a loading error with the file name. */
static void name_file(GError **error, const char *path)
{
    if (error && *error)
        g_prefix_error(error, "%s: ", path);
}

static NgQuery *query_new(const char *path)
{
    NgQuery *q = g_new0(NgQuery, 1);
    q->path = g_filename_display_name(path);
    q->keys = g_ptr_array_new_with_free_func(ng_query_key_free);
    return q;
}

/* Read the GraphML at `path` into q: igraph parses it, its image
 * (stamped with `stamp`, may be NULL) is made and q then works from that,
 * as from a snapshot. The image is returned in *image for saving. */
static gboolean read_graphml(NgQuery *q, const char *path,
                             const NgQueryStamp *stamp, GBytes **image,
                             GError **error)
{
    FILE *f = g_fopen(path, "rb");
    if (!f) {
        g_set_error(error, NG_ERROR, NG_ERROR_IO, "%s", g_strerror(errno));
        return FALSE;
    }
    Head head = { .keys = q->keys };
    gboolean ok = read_head(f, &head, error) &&
                  check_contract(q, error);
    if (ok) {
        rewind(f);
        igraph_error_t rc = igraph_read_graph_graphml(&q->graph, f, 0);
        q->have_graph = rc == IGRAPH_SUCCESS;
        if (rc != IGRAPH_SUCCESS) {
            g_set_error(error, NG_ERROR, NG_ERROR_FORMAT, "%s (%s)",
                        ends_closed(f) ? "not valid GraphML"
                                       : "truncated GraphML file",
                        igraph_reason);
            ok = FALSE;
        }
    }
    fclose(f);
    ok = ok && make_directed(q, error) &&
         (*image = ng_query_snapshot_encode(&q->graph, q->keys, stamp,
                                            error)) != NULL;
    /* igraph's attributes are in the image now: free them before the
     * graph is built again from it. */
    if (q->have_graph) {
        igraph_destroy(&q->graph);
        q->have_graph = FALSE;
    }
    return ok && ng_query_snapshot_decode(q, *image, error);
}

/* The graph from the snapshot of `path` stamped `stamp`, if there is a
 * sound one. Its keys must still meet the contract: nothing in a file is
 * taken on trust. */
static NgQuery *read_snapshot(const char *path, const NgQueryStamp *stamp)
{
    GBytes *image = ng_query_snapshot_find(path, stamp);
    if (!image)
        return NULL;
    NgQuery *q = query_new(path);
    if (ng_query_snapshot_decode(q, image, NULL) && check_contract(q, NULL) &&
        read_node_columns(q, NULL) && read_edge_columns(q, NULL)) {
        q->from_snapshot = TRUE;
    } else {
        ng_query_free(q);
        q = NULL;
    }
    g_bytes_unref(image);
    return q;
}

static NgQuery *load(const char *path, gboolean use_snapshot, GError **error)
{
    igraph_setup();
    /* The stamp is taken before reading, so that a file changed meanwhile
     * does not get a snapshot of its old content under its new stamp. A
     * file that cannot be stamped has no snapshot; reading it says why. */
    NgQueryStamp stamp;
    use_snapshot = use_snapshot && ng_query_stamp(path, &stamp);
    NgQuery *q = use_snapshot ? read_snapshot(path, &stamp) : NULL;
    GBytes *image = NULL;
    gboolean ok = TRUE;
    if (!q) {
        q = query_new(path);
        ok = read_graphml(q, path, use_snapshot ? &stamp : NULL, &image,
                          error) &&
             read_node_columns(q, error) && read_edge_columns(q, error);
    }
    if (ok && image && use_snapshot)
        ng_query_snapshot_save(path, image);
    if (image)
        g_bytes_unref(image);
    if (!ok) {
        name_file(error, q->path);
        ng_query_free(q);
        return NULL;
    }
    return q;
}

NgQuery *ng_query_load(const char *path, GError **error)
{
    return load(path, FALSE, error);
}

NgQuery *ng_query_load_cached(const char *path, GError **error)
{
    return load(path, TRUE, error);
}

gboolean ng_query_from_snapshot(const NgQuery *q)
{
    return q->from_snapshot;
}

/* ---- results ---- */

NgQueryResult *ng_query_result_new(NgQueryTable *table)
{
    NgQueryResult *r = g_new0(NgQueryResult, 1);
    r->table = table;
    r->nodes = g_array_new(FALSE, FALSE, sizeof(igraph_integer_t));
    r->edges = g_array_new(FALSE, FALSE, sizeof(igraph_integer_t));
    return r;
}

void ng_query_result_add_node(NgQueryResult *r, igraph_integer_t v)
{
    g_array_append_val(r->nodes, v);
}

void ng_query_result_add_edge(NgQueryResult *r, igraph_integer_t e)
{
    g_array_append_val(r->edges, e);
}

void ng_query_result_free(NgQueryResult *r)
{
    if (!r)
        return;
    ng_query_table_free(r->table);
    g_array_free(r->nodes, TRUE);
    g_array_free(r->edges, TRUE);
    g_free(r->note);
    g_free(r);
}
