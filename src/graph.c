/*
 * graph.c - accumulating nodes and edges as mentions and relation
 * observations stream past (the model is described in graph.h).
 *
 * Nodes and edges are indexed by hash tables: the node table maps an id
 * to its index, the edge table uses the edge itself as key (hashed on
 * relation, ends and direction), so no separate key structs are needed.
 * Strings that repeat across nodes and edges live once in a GStringChunk,
 * evidence sentences in the same chunk (not interned: they rarely
 * repeat). Nodes, edges and attribute arrays are carved from an arena of
 * a few large blocks: a graph of 15,000 nodes and 30,000 edges is then
 * made and freed with a few dozen allocations instead of 100,000, and
 * freeing it does not touch every node. What remains per node is its
 * GTree of aliases (graph.h gives it to the writers).
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "graph.h"
#include "graph_int.h"

int ng_graph_cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(a, b);
}

char *ng_graph_intern(NgGraph *g, const char *s)
{
    return g_string_chunk_insert_const(g->strings, s);
}

static guint edge_hash(gconstpointer p)
{
    const NgEdge *e = p;
    guint h = g_str_hash(e->relation);
    h = h * 31 + e->source;
    h = h * 31 + e->target;
    return h * 2 + (e->directed ? 1 : 0);
}

static gboolean edge_equal(gconstpointer a, gconstpointer b)
{
    const NgEdge *x = a, *y = b;
    return x->source == y->source && x->target == y->target &&
           !x->directed == !y->directed && !strcmp(x->relation, y->relation);
}

/* What a node or edge owns outside the arena and the string chunk. */
static void node_free(gpointer p)
{
    NgNode *n = p;
    g_tree_destroy(n->aliases);
}

static void edge_free(gpointer p)
{
    NgEdge *e = p;
    if (e->rules)
        g_tree_destroy(e->rules);
}

/* Arena blocks double from 16 KB to 1 MB: a small graph stays small, a
 * large one takes few blocks (the large ones are mapped by malloc and
 * given back whole). */
#define ARENA_FIRST (16 * 1024)
#define ARENA_DOUBLINGS 6u
#define ARENA_ALIGN _Alignof(max_align_t)

gpointer ng_graph_alloc(NgGraph *g, gsize size)
{
    size = (MAX(size, 1) + ARENA_ALIGN - 1) & ~(gsize)(ARENA_ALIGN - 1);
    if (g->arena_left < size) {
        gsize block = (gsize)ARENA_FIRST << MIN(g->blocks->len, ARENA_DOUBLINGS);
        block = MAX(block, size);
        g->arena_next = g_malloc(block);
        g->arena_left = block;
        g_ptr_array_add(g->blocks, g->arena_next);
    }
    gpointer p = g->arena_next;
    g->arena_next += size;
    g->arena_left -= size;
    return memset(p, 0, size);
}

NgNode *ng_graph_push_node(NgGraph *g, const char *id)
{
    NgNode *n = ng_graph_alloc(g, sizeof *n);
    n->id = (char *)id;
    n->aliases = g_tree_new(ng_graph_cmp_str);
    g_ptr_array_add(g->nodes, n);
    g_hash_table_insert(g->node_index, n->id, GUINT_TO_POINTER(g->nodes->len));
    return n;
}

NgEdge *ng_graph_push_edge(NgGraph *g, const NgEdge *key)
{
    NgEdge *e = ng_graph_alloc(g, sizeof *e);
    e->relation = key->relation;
    e->directed = !!key->directed;
    e->source = key->source;
    e->target = key->target;
    g_ptr_array_add(g->edges, e);
    g_hash_table_insert(g->edge_index, e, GUINT_TO_POINTER(g->edges->len));
    return e;
}

NgGraph *ng_graph_new(void)
{
    NgGraph *g = g_new0(NgGraph, 1);
    g->nodes = g_ptr_array_new_with_free_func(node_free);
    g->node_index = g_hash_table_new(g_str_hash, g_str_equal);
    g->edges = g_ptr_array_new_with_free_func(edge_free);
    g->edge_index = g_hash_table_new(edge_hash, edge_equal);
    g->strings = g_string_chunk_new(64 * 1024);
    g->blocks = g_ptr_array_new_with_free_func(g_free);
    g->scratch = g_string_new(NULL);
    g->sentence = g_string_new(NULL);
    g->squeezed = g_string_new(NULL);
    return g;
}

void ng_graph_free(NgGraph *g)
{
    if (!g)
        return;
    g_hash_table_destroy(g->node_index);
    g_hash_table_destroy(g->edge_index);
    g_ptr_array_free(g->nodes, TRUE);
    g_ptr_array_free(g->edges, TRUE);
    g_string_chunk_free(g->strings);
    g_ptr_array_free(g->blocks, TRUE);
    if (g->borrowed)
        g_variant_unref(g->borrowed);
    g_string_free(g->scratch, TRUE);
    g_string_free(g->sentence, TRUE);
    g_string_free(g->squeezed, TRUE);
    g_free(g);
}

/* Whether the character at p (not the NUL) is white space; *len: its
 * length in bytes (1 for a byte that is not valid UTF-8). */
static inline gboolean space_at(const char *p, gsize *len)
{
    guchar b = (guchar)*p;
    *len = 1;
    if (b < 0x80)
        return g_ascii_isspace(b);
    gunichar c = g_utf8_get_char_validated(p, -1);
    if (c == (gunichar)-1 || c == (gunichar)-2)
        return FALSE;
    *len = (gsize)g_utf8_skip[b];
    return g_unichar_isspace(c);
}

/* Append the text from run to p, after a space if there was white space
 * before it and something before that. */
static void append_run(GString *out, gsize start, gboolean gap,
                       const char *run, const char *p)
{
    if (p == run)
        return;
    if (gap && out->len > start)
        g_string_append_c(out, ' ');
    g_string_append_len(out, run, p - run);
}

/* Append `s` to `out` with every run of white space (Unicode white space,
 * line breaks included) turned into one space and none at either end.
 * Bytes that are not valid UTF-8 are copied as they are: the GraphML
 * writer repairs them. Every evidence sentence and surface form passes
 * here on the thread that feeds the graph: text that needs no change (one
 * plain space between words) is copied whole, not word by word. */
static void append_squeezed(GString *out, const char *s)
{
    gsize start = out->len, len;
    gboolean gap = FALSE;     /* white space before `run` */
    const char *run = s;      /* text to copy as it is, up to p */
    const char *p = s;

    while (*p) {
        /* Printable ASCII but the space: most of the text. */
        while ((guchar)(*p - 0x21) < 0x5e)
            p++;
        if (!*p)
            break;
        if (!space_at(p, &len)) {
            p += len;
            continue;
        }
        const char *q = p + len;   /* past the white space */
        while (*q && space_at(q, &len))
            q += len;
        if (q == p + 1 && *p == ' ' && p > run && *q) {
            p = q;   /* one space between words: kept as it is */
            continue;
        }
        append_run(out, start, gap, run, p);
        gap = TRUE;
        run = p = q;
    }
    append_run(out, start, gap, run, p);
}

/* Widen [*first, *last] to include `date` (ISO dates order lexically). */
static void see_date(NgGraph *g, char **first, char **last, const char *date)
{
    if (!date || !*date)
        return;
    if (!*first || strcmp(date, *first) < 0)
        *first = ng_graph_intern(g, date);
    if (!*last || strcmp(date, *last) > 0)
        *last = ng_graph_intern(g, date);
}

guint ng_graph_node(NgGraph *g, const NgEntity *e)
{
    gpointer v = g_hash_table_lookup(g->node_index, e->id);
    if (v)
        return GPOINTER_TO_UINT(v) - 1;

    NgNode *n = ng_graph_push_node(g, ng_graph_intern(g, e->id));
    n->label = ng_graph_intern(g, e->name);
    n->type = e->type;
    n->n_attrs = e->n_attrs;
    n->attrs = ng_graph_alloc(g, e->n_attrs * sizeof *n->attrs);
    for (guint i = 0; i < e->n_attrs; i++) {
        n->attrs[i].key = ng_graph_intern(g, e->attrs[i].key);
        n->attrs[i].value = ng_graph_intern(g, e->attrs[i].value);
    }
    return g->nodes->len - 1;
}

void ng_graph_add_mention(NgGraph *g, guint node, const char *surface,
                          guint32 doc_serial, const char *date)
{
    g_return_if_fail(node < g->nodes->len);
    NgNode *n = g->nodes->pdata[node];

    n->mentions++;
    if (n->last_doc != doc_serial + 1) {
        n->documents++;
        n->last_doc = doc_serial + 1;
    }
    if (surface) {
        g_string_truncate(g->scratch, 0);
        append_squeezed(g->scratch, surface);
        /* A name is mostly written as it was the last time. */
        const char *alias = g->scratch->str;
        if (g->scratch->len > 0 &&
            (!n->last_alias || strcmp(alias, n->last_alias))) {
            gpointer key;
            if (!g_tree_lookup_extended(n->aliases, alias, &key, NULL)) {
                key = ng_graph_intern(g, alias);
                g_tree_insert(n->aliases, key, NULL);
            }
            n->last_alias = key;
        }
    }
    see_date(g, &n->first_seen, &n->last_seen, date);
}

/* Keep the first NG_GRAPH_MAX_EVIDENCE distinct "[doc-id] sentence". */
static void add_evidence(NgGraph *g, NgEdge *e, const char *doc_id,
                         const char *sentence)
{
    GString *item = g->scratch;

    if (e->n_evidence == NG_GRAPH_MAX_EVIDENCE)
        return;
    /* The pairs of a sentence's entities come one after the other, each
     * with that sentence: it is squeezed once. */
    if (strcmp(g->sentence->str, sentence)) {
        g_string_assign(g->sentence, sentence);
        g_string_truncate(g->squeezed, 0);
        append_squeezed(g->squeezed, sentence);
    }
    if (!g->squeezed->len)
        return;
    g_string_truncate(item, 0);
    if (doc_id) {
        g_string_append_c(item, '[');
        g_string_append(item, doc_id);
        g_string_append(item, "] ");
    }
    g_string_append_len(item, g->squeezed->str, (gssize)g->squeezed->len);
    for (guint i = 0; i < e->n_evidence; i++)
        if (!strcmp(e->evidence[i], item->str))
            return;
    e->evidence[e->n_evidence++] = g_string_chunk_insert_len(
        g->strings, item->str, (gssize)item->len);
}

void ng_graph_add_edge(NgGraph *g, const NgEdgeEvent *ev)
{
    g_return_if_fail(ev->relation != NULL);
    g_return_if_fail(ev->source < g->nodes->len && ev->target < g->nodes->len);
    g_return_if_fail(isfinite(ev->weight) && ev->weight > 0);
    if (ev->source == ev->target)
        return;

    NgEdge key = {
        .relation = (char *)ev->relation,
        .directed = ev->directed,
        .source = ev->source,
        .target = ev->target,
    };
    if (!key.directed) {
        const NgNode *s = g->nodes->pdata[key.source];
        const NgNode *t = g->nodes->pdata[key.target];
        if (strcmp(s->id, t->id) > 0) {
            key.source = ev->target;
            key.target = ev->source;
        }
    }

    NgEdge *e;
    gpointer v = g_hash_table_lookup(g->edge_index, &key);
    if (v) {
        e = g->edges->pdata[GPOINTER_TO_UINT(v) - 1];
    } else {
        key.relation = ng_graph_intern(g, ev->relation);
        e = ng_graph_push_edge(g, &key);
    }

    e->weight += ev->weight;
    if (e->last_doc != ev->doc_serial + 1) {
        e->documents++;
        e->last_doc = ev->doc_serial + 1;
    }
    if (ev->evidence)
        add_evidence(g, e, ev->doc_id, ev->evidence);
    if (ev->rule && *ev->rule) {
        /* Most edges (co-occurrences) have no rule: no tree for them. */
        if (!e->rules)
            e->rules = g_tree_new(ng_graph_cmp_str);
        if (!g_tree_lookup_extended(e->rules, ev->rule, NULL, NULL))
            g_tree_insert(e->rules, ng_graph_intern(g, ev->rule), NULL);
    }
    if (!e->cameo && ev->cameo && *ev->cameo)
        e->cameo = ng_graph_intern(g, ev->cameo);
    see_date(g, &e->first_seen, &e->last_seen, ev->date);
}

guint ng_graph_n_nodes(const NgGraph *g)
{
    return g->nodes->len;
}

guint ng_graph_n_edges(const NgGraph *g)
{
    return g->edges->len;
}

const NgNode *ng_graph_get_node(const NgGraph *g, guint i)
{
    g_return_val_if_fail(i < g->nodes->len, NULL);
    return g->nodes->pdata[i];
}

const NgEdge *ng_graph_get_edge(const NgGraph *g, guint i)
{
    g_return_val_if_fail(i < g->edges->len, NULL);
    return g->edges->pdata[i];
}

static const char *node_id(const NgGraph *g, guint i)
{
    return ((const NgNode *)g->nodes->pdata[i])->id;
}

static gint cmp_nodes(gconstpointer a, gconstpointer b, gpointer data)
{
    const NgGraph *g = data;
    return strcmp(node_id(g, *(const guint *)a), node_id(g, *(const guint *)b));
}

/* Edges sort by relation, source id, target id, direction. The ids are
 * compared through their nodes' ranks in id order: one sort of the
 * nodes, then no string comparison per edge comparison (they were a
 * fifth of formatting the edges). */
typedef struct {
    const NgGraph *g;
    guint *rank;        /* per node: its place in id order */
} EdgeOrder;

static gint cmp_uint(guint a, guint b)
{
    return (a > b) - (a < b);
}

static gint cmp_edges(gconstpointer a, gconstpointer b, gpointer data)
{
    const EdgeOrder *o = data;
    const NgEdge *x = o->g->edges->pdata[*(const guint *)a];
    const NgEdge *y = o->g->edges->pdata[*(const guint *)b];
    int c = x->relation == y->relation ? 0 : strcmp(x->relation, y->relation);
    if (!c)
        c = cmp_uint(o->rank[x->source], o->rank[y->source]);
    if (!c)
        c = cmp_uint(o->rank[x->target], o->rank[y->target]);
    if (!c)
        c = (int)x->directed - (int)y->directed;
    return c;
}

static guint *identity(guint n)
{
    guint *order = g_new(guint, n);
    for (guint i = 0; i < n; i++)
        order[i] = i;
    return order;
}

guint *ng_graph_sorted_nodes(const NgGraph *g)
{
    guint n = g->nodes->len;
    if (n == 0)
        return NULL;
    guint *order = identity(n);
    g_qsort_with_data(order, (gint)n, sizeof *order, cmp_nodes, (gpointer)g);
    return order;
}

guint *ng_graph_sorted_edges_by(const NgGraph *g, const guint *sorted_nodes)
{
    guint n = g->edges->len;
    if (n == 0)
        return NULL;
    EdgeOrder o = { g, g_new(guint, g->nodes->len) };
    for (guint i = 0; i < g->nodes->len; i++)
        o.rank[sorted_nodes[i]] = i;
    guint *order = identity(n);
    g_qsort_with_data(order, (gint)n, sizeof *order, cmp_edges, &o);
    g_free(o.rank);
    return order;
}

guint *ng_graph_sorted_edges(const NgGraph *g)
{
    guint *nodes = ng_graph_sorted_nodes(g);
    guint *order = ng_graph_sorted_edges_by(g, nodes);
    g_free(nodes);
    return order;
}

guint ng_graph_prune(NgGraph *g, const char *relation, double min_weight)
{
    guint kept = 0, dropped = 0;

    /* Compact the array in place, then re-index what is left. */
    g_hash_table_remove_all(g->edge_index);
    for (guint i = 0; i < g->edges->len; i++) {
        NgEdge *e = g->edges->pdata[i];
        if (!strcmp(e->relation, relation) && e->weight < min_weight) {
            edge_free(e);
            dropped++;
            continue;
        }
        g->edges->pdata[kept++] = e;
        g_hash_table_insert(g->edge_index, e, GUINT_TO_POINTER(kept));
    }
    /* What the dropped edges owned is freed: shrink without the free func. */
    g_ptr_array_set_free_func(g->edges, NULL);
    g_ptr_array_set_size(g->edges, (gint)kept);
    g_ptr_array_set_free_func(g->edges, edge_free);
    return dropped;
}
