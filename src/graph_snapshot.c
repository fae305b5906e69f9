/*
 * graph_snapshot.c - a graph in binary form and back (graph.h,
 * ng_graph_to_snapshot).
 *
 * A rebuild whose inputs are the last build's plus files read after them
 * starts from the last build's graph instead of replaying every stored
 * result: the graph accumulates documents in input order, so the graph of
 * the old inputs followed by the new documents is the graph of all of
 * them. What that needs is everything the graph keeps, exactly: counts,
 * alias and rule sets, the evidence in the order it came, dates, and each
 * node's and edge's last document (so that a later mention of the same
 * node in a new document still counts a new document), with nodes and
 * edges in their order of creation (igraph sees them in that order).
 *
 * The form is a GVariant of columns, like the stored results
 * (docresult_bin.h), so that decoding is a pass over arrays:
 *
 *   (u   the serial the next document gets
 *    ay  the strings, each ending in NUL, in this order: per node its id,
 *        label, key and value of each attribute, aliases, first and last
 *        date ("" for none); per edge its relation, evidence, rules,
 *        CAMEO code, first and last date ("" for none)
 *    ay  node types     au attributes per node   at mentions
 *    at  documents      au aliases per node      au last document + 1
 *    ab  edges directed au sources   au targets  ad weights
 *    at  documents      ay evidence per edge     au rules per edge
 *    au  last document + 1)
 *
 * The bytes come from a file: decoding checks every invariant the graph
 * keeps (graph.h), so that a damaged snapshot is refused rather than
 * turned into a wrong graph.
 *
 * Decoding copies no string: the graph's nodes and edges point into the
 * string column, which the graph keeps (NgGraph.borrowed; for the state's
 * snapshot file, that is the file's mapping). Strings the graph adds later
 * are its own, interned apart from these.
 */
#include <math.h>
#include <string.h>

#include "graph.h"
#include "graph_int.h"
#include "ng.h"

/* The columns, in the order of NG_GRAPH_SNAPSHOT_TYPE. */
enum {
    C_SERIAL, C_STRINGS,
    C_N_TYPE, C_N_NATTRS, C_N_MENTIONS, C_N_DOCS, C_N_NALIASES, C_N_LAST,
    C_E_DIRECTED, C_E_SOURCE, C_E_TARGET, C_E_WEIGHT, C_E_DOCS, C_E_NEVID,
    C_E_NRULES, C_E_LAST, N_COLUMNS
};

/* Element sizes of the array columns (0: not an array). */
static const gsize element_size[N_COLUMNS] = {
    [C_STRINGS] = 1, [C_N_TYPE] = 1, [C_N_NATTRS] = 4, [C_N_MENTIONS] = 8,
    [C_N_DOCS] = 8, [C_N_NALIASES] = 4, [C_N_LAST] = 4, [C_E_DIRECTED] = 1,
    [C_E_SOURCE] = 4, [C_E_TARGET] = 4, [C_E_WEIGHT] = 8, [C_E_DOCS] = 8,
    [C_E_NEVID] = 1, [C_E_NRULES] = 4, [C_E_LAST] = 4,
};

/* ------------------------------------------------------------------ */
/* Encoding                                                            */

static void put(GByteArray *strings, const char *s)
{
    g_byte_array_append(strings, (const guint8 *)(s ? s : ""),
                        (guint)strlen(s ? s : "") + 1);
}

static gboolean put_key(gpointer key, gpointer value, gpointer strings)
{
    put(strings, key);
    return FALSE;
}

/* A column of n elements of `size` bytes, taking `data` (from g_malloc:
 * aligned for any of them) as it is: an array of fixed-size elements is
 * serialised as the elements one after the other, so nothing is copied
 * (the string column alone is about 12 MB on Reuters-21578). */
static GVariant *column(const char *element, gsize size, gpointer data,
                        gsize n)
{
    char *type = g_strconcat("a", element, NULL);
    GBytes *bytes = g_bytes_new_take(data, n * size);
    GVariant *v = g_variant_new_from_bytes(G_VARIANT_TYPE(type), bytes, TRUE);
    g_bytes_unref(bytes);   /* the value holds its own reference */
    g_free(type);
    return v;
}

GVariant *ng_graph_to_snapshot(const NgGraph *g, guint32 next_serial)
{
    guint nn = g->nodes->len, ne = g->edges->len;
    GByteArray *strings = g_byte_array_new();
    guint8 *n_type = g_new(guint8, nn + 1);
    guint32 *n_attrs = g_new(guint32, nn + 1);
    guint64 *n_mentions = g_new(guint64, nn + 1);
    guint64 *n_docs = g_new(guint64, nn + 1);
    guint32 *n_aliases = g_new(guint32, nn + 1);
    guint32 *n_last = g_new(guint32, nn + 1);
    for (guint i = 0; i < nn; i++) {
        const NgNode *n = g->nodes->pdata[i];
        n_type[i] = (guint8)n->type;
        n_attrs[i] = n->n_attrs;
        n_mentions[i] = n->mentions;
        n_docs[i] = n->documents;
        n_aliases[i] = (guint32)g_tree_nnodes(n->aliases);
        n_last[i] = n->last_doc;
        put(strings, n->id);
        put(strings, n->label);
        for (guint a = 0; a < n->n_attrs; a++) {
            put(strings, n->attrs[a].key);
            put(strings, n->attrs[a].value);
        }
        g_tree_foreach(n->aliases, put_key, strings);
        put(strings, n->first_seen);
        put(strings, n->last_seen);
    }

    guint8 *e_directed = g_new(guint8, ne + 1), *e_nevid = g_new(guint8, ne + 1);
    guint32 *e_source = g_new(guint32, ne + 1), *e_target = g_new(guint32, ne + 1);
    guint32 *e_nrules = g_new(guint32, ne + 1), *e_last = g_new(guint32, ne + 1);
    double *e_weight = g_new(double, ne + 1);
    guint64 *e_docs = g_new(guint64, ne + 1);
    for (guint i = 0; i < ne; i++) {
        const NgEdge *e = g->edges->pdata[i];
        e_directed[i] = e->directed ? 1 : 0;
        e_source[i] = e->source;
        e_target[i] = e->target;
        e_weight[i] = e->weight;
        e_docs[i] = e->documents;
        e_nevid[i] = (guint8)e->n_evidence;
        e_nrules[i] = e->rules ? (guint32)g_tree_nnodes(e->rules) : 0;
        e_last[i] = e->last_doc;
        put(strings, e->relation);
        for (guint k = 0; k < e->n_evidence; k++)
            put(strings, e->evidence[k]);
        if (e->rules)
            g_tree_foreach(e->rules, put_key, strings);
        put(strings, e->cameo);
        put(strings, e->first_seen);
        put(strings, e->last_seen);
    }

    gsize ns = strings->len;
    GVariant *c[N_COLUMNS] = {
        [C_SERIAL] = g_variant_new_uint32(next_serial),
        [C_STRINGS] = column("y", 1, g_byte_array_free(strings, FALSE), ns),
        [C_N_TYPE] = column("y", 1, n_type, nn),
        [C_N_NATTRS] = column("u", 4, n_attrs, nn),
        [C_N_MENTIONS] = column("t", 8, n_mentions, nn),
        [C_N_DOCS] = column("t", 8, n_docs, nn),
        [C_N_NALIASES] = column("u", 4, n_aliases, nn),
        [C_N_LAST] = column("u", 4, n_last, nn),
        [C_E_DIRECTED] = column("b", 1, e_directed, ne),
        [C_E_SOURCE] = column("u", 4, e_source, ne),
        [C_E_TARGET] = column("u", 4, e_target, ne),
        [C_E_WEIGHT] = column("d", 8, e_weight, ne),
        [C_E_DOCS] = column("t", 8, e_docs, ne),
        [C_E_NEVID] = column("y", 1, e_nevid, ne),
        [C_E_NRULES] = column("u", 4, e_nrules, ne),
        [C_E_LAST] = column("u", 4, e_last, ne),
    };
    return g_variant_new_tuple(c, N_COLUMNS);
}

/* ------------------------------------------------------------------ */
/* Decoding                                                            */

typedef struct {
    GVariant *col[N_COLUMNS];
    const void *data[N_COLUMNS];
    gsize n[N_COLUMNS];
    const char *next, *end;   /* the string table, read in order */
    guint32 serial;
    NgGraph *g;
} Reader;

static gboolean bad(GError **error, const char *why)
{
    g_set_error(error, NG_ERROR, NG_ERROR_FORMAT, "graph snapshot: %s", why);
    return FALSE;
}

/* The next string of the table, or NULL when it is exhausted. */
static const char *next(Reader *r)
{
    return ng_strtab_next(&r->next, r->end);
}

/* Whether n more strings can be in the table: each takes a byte at least.
 * Checked before allocating for n of them. */
static gboolean room_for(const Reader *r, guint64 n)
{
    return n <= (guint64)(r->end - r->next);
}

/* A set of n strictly increasing, non-empty strings into `set` (may be
 * NULL when n is 0). */
static gboolean read_set(Reader *r, guint32 n, GTree *set, GError **error)
{
    const char *prev = NULL;
    for (guint32 k = 0; k < n; k++) {
        const char *s = next(r);
        if (!s)
            return bad(error, "strings missing");
        if (!*s || (prev && strcmp(prev, s) >= 0))
            return bad(error, "a set of names empty, repeated or out of order");
        g_tree_insert(set, (char *)s, NULL);
        prev = s;
    }
    return TRUE;
}

/* First and last date: both or neither, in order. */
static gboolean read_dates(Reader *r, char **first, char **last,
                           GError **error)
{
    const char *f = next(r), *l = next(r);
    if (!l)
        return bad(error, "strings missing");
    if (!*f != !*l || (*f && strcmp(f, l) > 0))
        return bad(error, "first and last dates that do not agree");
    *first = *f ? (char *)f : NULL;
    *last = *l ? (char *)l : NULL;
    return TRUE;
}

static gboolean read_node(Reader *r, gsize i, GError **error)
{
    NgGraph *g = r->g;
    guint8 type = ((const guint8 *)r->data[C_N_TYPE])[i];
    guint32 n_attrs = ((const guint32 *)r->data[C_N_NATTRS])[i];
    const char *id = next(r), *label = next(r);
    if (!label)
        return bad(error, "strings missing");
    if (type >= NG_N_TYPES)
        return bad(error, "an unknown entity type");
    if (!*id || g_hash_table_contains(g->node_index, id))
        return bad(error, "a node id empty or listed twice");
    if (!room_for(r, 2 * (guint64)n_attrs))
        return bad(error, "attributes missing");

    NgNode *n = ng_graph_push_node(g, id);
    n->label = (char *)label;
    n->type = (NgEntityType)type;
    n->mentions = ((const guint64 *)r->data[C_N_MENTIONS])[i];
    n->documents = ((const guint64 *)r->data[C_N_DOCS])[i];
    n->last_doc = ((const guint32 *)r->data[C_N_LAST])[i];
    n->attrs = ng_graph_alloc(g, n_attrs * sizeof *n->attrs);

    for (; n->n_attrs < n_attrs; n->n_attrs++) {
        const char *key = next(r), *value = next(r);
        if (!value)
            return bad(error, "strings missing");
        if (!*key || (n->n_attrs && strcmp(n->attrs[n->n_attrs - 1].key,
                                           key) >= 0))
            return bad(error, "node attributes empty, repeated or out of order");
        n->attrs[n->n_attrs].key = (char *)key;
        n->attrs[n->n_attrs].value = (char *)value;
    }
    gboolean ok = read_set(r, ((const guint32 *)r->data[C_N_NALIASES])[i],
                           n->aliases, error);
    if (ok && n->last_doc > r->serial)
        ok = bad(error, "a node seen after the last document");
    return ok && read_dates(r, &n->first_seen, &n->last_seen, error);
}

static gboolean read_edge(Reader *r, gsize i, GError **error)
{
    NgGraph *g = r->g;
    guint8 directed = ((const guint8 *)r->data[C_E_DIRECTED])[i];
    guint32 s = ((const guint32 *)r->data[C_E_SOURCE])[i];
    guint32 t = ((const guint32 *)r->data[C_E_TARGET])[i];
    double w = ((const double *)r->data[C_E_WEIGHT])[i];
    guint8 n_evidence = ((const guint8 *)r->data[C_E_NEVID])[i];
    const char *relation = next(r);
    if (!relation)
        return bad(error, "strings missing");
    if (!*relation)
        return bad(error, "an empty relation");
    if (directed > 1)
        return bad(error, "an edge neither directed nor undirected");
    if (s >= g->nodes->len || t >= g->nodes->len || s == t)
        return bad(error, "an edge end out of range or a self-loop");
    if (!directed && strcmp(((NgNode *)g->nodes->pdata[s])->id,
                            ((NgNode *)g->nodes->pdata[t])->id) > 0)
        return bad(error, "an undirected edge with its ends out of order");
    if (!isfinite(w) || w <= 0)
        return bad(error, "a weight that is not a number > 0");
    if (n_evidence > NG_GRAPH_MAX_EVIDENCE)
        return bad(error, "too much evidence");

    NgEdge key = {
        .relation = (char *)relation,
        .directed = directed,
        .source = s,
        .target = t,
    };
    if (g_hash_table_contains(g->edge_index, &key))
        return bad(error, "an edge listed twice");
    NgEdge *e = ng_graph_push_edge(g, &key);
    e->weight = w;
    e->documents = ((const guint64 *)r->data[C_E_DOCS])[i];
    e->last_doc = ((const guint32 *)r->data[C_E_LAST])[i];

    for (; e->n_evidence < n_evidence; e->n_evidence++) {
        const char *item = next(r);
        if (!item)
            return bad(error, "strings missing");
        if (!*item)
            return bad(error, "empty evidence");
        for (guint k = 0; k < e->n_evidence; k++)
            if (!strcmp(e->evidence[k], item))
                return bad(error, "the same evidence twice");
        e->evidence[e->n_evidence] = (char *)item;
    }
    guint32 n_rules = ((const guint32 *)r->data[C_E_NRULES])[i];
    /* Most edges (co-occurrences) have no rule: no tree for them. */
    if (n_rules)
        e->rules = g_tree_new(ng_graph_cmp_str);
    if (!read_set(r, n_rules, e->rules, error))
        return FALSE;
    const char *cameo = next(r);
    if (!cameo)
        return bad(error, "strings missing");
    e->cameo = *cameo ? (char *)cameo : NULL;
    if (e->last_doc > r->serial)
        return bad(error, "an edge seen after the last document");
    return read_dates(r, &e->first_seen, &e->last_seen, error);
}

static gboolean read_graph(Reader *r, GError **error)
{
    gsize nn = r->n[C_N_TYPE], ne = r->n[C_E_DIRECTED];
    for (int c = C_N_TYPE; c <= C_N_LAST; c++)
        if (r->n[c] != nn)
            return bad(error, "node columns of different lengths");
    for (int c = C_E_DIRECTED; c <= C_E_LAST; c++)
        if (r->n[c] != ne)
            return bad(error, "edge columns of different lengths");
    /* Nodes are indexed by guint, and every node and edge has a string. */
    if (!room_for(r, (guint64)nn + ne))
        return bad(error, "strings missing");
    for (gsize i = 0; i < nn; i++)
        if (!read_node(r, i, error))
            return FALSE;
    for (gsize i = 0; i < ne; i++)
        if (!read_edge(r, i, error))
            return FALSE;
    if (r->next != r->end)
        return bad(error, "strings left over");
    return TRUE;
}

NgGraph *ng_graph_from_snapshot(GVariant *v, guint32 *next_serial,
                                GError **error)
{
    if (!g_variant_is_of_type(v, G_VARIANT_TYPE(NG_GRAPH_SNAPSHOT_TYPE))) {
        bad(error, "not a graph snapshot");
        return NULL;
    }
    /* Untrusted bytes: GVariant checks the framing as it reads, and a
     * column it cannot frame reads as empty, which the checks refuse. */
    Reader r = { .g = ng_graph_new() };
    for (int i = 0; i < N_COLUMNS; i++) {
        r.col[i] = g_variant_get_child_value(v, (gsize)i);
        if (element_size[i])
            r.data[i] = g_variant_get_fixed_array(r.col[i], &r.n[i],
                                                  element_size[i]);
    }
    /* What the nodes and edges point into stays as long as the graph. */
    r.g->borrowed = g_variant_ref(r.col[C_STRINGS]);
    r.serial = g_variant_get_uint32(r.col[C_SERIAL]);
    r.next = r.data[C_STRINGS];
    r.end = r.next ? r.next + r.n[C_STRINGS] : NULL; /* NULL + 0 is undefined */
    /* The strings go into GraphML: nothing but UTF-8 (NULs end them). */
    gboolean ok = (!r.next || ng_utf8_valid(r.next, r.n[C_STRINGS], NULL))
                      ? read_graph(&r, error)
                      : bad(error, "a string that is not UTF-8");
    for (int i = 0; i < N_COLUMNS; i++)
        g_variant_unref(r.col[i]);
    if (!ok)
        g_clear_pointer(&r.g, ng_graph_free);
    else
        *next_serial = r.serial;
    return r.g;
}
