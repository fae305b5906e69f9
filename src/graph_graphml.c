/*
 * graph_graphml.c - the NgGraph as GraphML (ng_graph_write_graphml).
 *
 * The file, byte for byte the same for the same graph and comment:
 *
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <!-- comment -->
 *   <graphml xmlns=... xsi:schemaLocation=...>
 *   <key>s: node keys, then edge keys, in the order below
 *   <graph id="G" edgedefault="directed">
 *     nodes in ng_graph_sorted_nodes order, id = entity id
 *     edges in ng_graph_sorted_edges order, id = e0, e1, ...:
 *     <edge id="eN" source=S target=T directed="true|false" label=RELATION>
 *
 * Node keys (id "v_NAME"):
 *   label string, type string ("person", "country", "organization"),
 *   mentions int, documents int (both clamped to 2^31-1),
 *   aliases string (the surface forms seen, sorted, joined by " | "),
 *   first_seen string, last_seen string (declared when some node is dated),
 *   then every gazetteer attribute name found on some node, sorted, string.
 * Edge keys (id "e_NAME"):
 *   label string (= relation, Gephi's edge label), relation string,
 *   is_directed boolean, weight double, documents int,
 *   evidence string ("[doc-id] sentence" items joined by " || "),
 *   rule string (rule ids, sorted, joined by ","; declared when some edge
 *   has one), cameo string (declared when some edge has one),
 *   first_seen string, last_seen string (declared when some edge is dated).
 * A value that is empty or blank is left out (its <data> is not written).
 *
 * With metrics (ng_graph_write_graphml_with, metrics.h), after last_seen:
 *   degree int, weighted_degree double, pagerank double, betweenness
 *   double, community int; x double, y double (when laid out); size
 *   double, color string "#rrggbb" (when coloured) - Gephi reads x, y,
 *   size and color as the node's position, size and colour; and after the
 *   edge keys: color string.
 *
 * The "directed" XML attribute lets Gephi show a mixed graph. networkx
 * (2.8) refuses directed="false" inside an edgedefault="directed" graph,
 * so for it there is the portable mode (see ng_graphml_set_portable);
 * igraph ignores the attribute and reads every edge as directed.
 */
#include <string.h>

#include "format_double.h"
#include "graph.h"
#include "graphml.h"
#include "metrics.h"
#include "ng.h"
#include "palette.h"

/* Node keys the writer itself defines; gazetteer attributes may not use
 * these names. */
static const char *const builtin_node_keys[] = {
    "label", "type", "mentions", "documents", "aliases",
    "first_seen", "last_seen",
    "degree", "weighted_degree", "pagerank", "betweenness", "community",
    "x", "y", "size", "color",
    "id",   /* not a key of ours, but igraph reads it as the node id */
};

static int cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(a, b);
}

/* What the graph uses, so that optional keys are declared only if some
 * element needs them. */
typedef struct {
    GTree *attr_keys;       /* gazetteer attribute names, not owned */
    gboolean nodes_dated;
    gboolean edges_dated;
    gboolean edges_ruled;
    gboolean edges_cameo;
} Usage;

static gboolean check_attr_key(const NgNode *n, const char *key,
                               GError **error)
{
    const char *why = NULL;
    if (!ng_graphml_is_name(key))
        why = "is not a GraphML name (ASCII letters, digits and . - _ : only)";
    for (guint i = 0; !why && i < G_N_ELEMENTS(builtin_node_keys); i++)
        if (!strcmp(key, builtin_node_keys[i]))
            why = "clashes with a built-in node attribute";
    if (why) {
        char *shown = ng_graphml_clean_text(key);
        g_set_error(error, NG_ERROR, NG_ERROR_CONFIG,
                    "attribute '%s' of entity '%s' %s", shown, n->id, why);
        g_free(shown);
    }
    return !why;
}

static gboolean survey(const NgGraph *g, Usage *u, GError **error)
{
    for (guint i = 0; i < ng_graph_n_nodes(g); i++) {
        const NgNode *n = ng_graph_get_node(g, i);
        u->nodes_dated |= n->first_seen != NULL;
        for (guint a = 0; a < n->n_attrs; a++) {
            if (!check_attr_key(n, n->attrs[a].key, error))
                return FALSE;
            g_tree_insert(u->attr_keys, n->attrs[a].key, NULL);
        }
    }
    for (guint i = 0; i < ng_graph_n_edges(g); i++) {
        const NgEdge *e = ng_graph_get_edge(g, i);
        u->edges_dated |= e->first_seen != NULL;
        u->edges_ruled |= e->rules != NULL;
        u->edges_cameo |= e->cameo != NULL;
    }
    return TRUE;
}

static gboolean declare_attr_key(gpointer key, gpointer value, gpointer w)
{
    ng_graphml_key(w, FALSE, key, NG_GML_STRING);
    return FALSE;
}

static void declare_metric_keys(NgGraphmlWriter *w, const NgMetrics *m)
{
    ng_graphml_key(w, FALSE, "degree", NG_GML_INT);
    ng_graphml_key(w, FALSE, "weighted_degree", NG_GML_DOUBLE);
    ng_graphml_key(w, FALSE, "pagerank", NG_GML_DOUBLE);
    ng_graphml_key(w, FALSE, "betweenness", NG_GML_DOUBLE);
    ng_graphml_key(w, FALSE, "community", NG_GML_INT);
    if (m->x) {
        ng_graphml_key(w, FALSE, "x", NG_GML_DOUBLE);
        ng_graphml_key(w, FALSE, "y", NG_GML_DOUBLE);
    }
    if (m->size) {
        ng_graphml_key(w, FALSE, "size", NG_GML_DOUBLE);
        ng_graphml_key(w, FALSE, "color", NG_GML_STRING);
    }
}

static void declare_edge_keys(NgGraphmlWriter *w, const Usage *u,
                              gboolean colored);

static void declare_keys(NgGraphmlWriter *w, const Usage *u,
                         const NgMetrics *m)
{
    ng_graphml_key(w, FALSE, "label", NG_GML_STRING);
    ng_graphml_key(w, FALSE, "type", NG_GML_STRING);
    ng_graphml_key(w, FALSE, "mentions", NG_GML_INT);
    ng_graphml_key(w, FALSE, "documents", NG_GML_INT);
    ng_graphml_key(w, FALSE, "aliases", NG_GML_STRING);
    if (u->nodes_dated) {
        ng_graphml_key(w, FALSE, "first_seen", NG_GML_STRING);
        ng_graphml_key(w, FALSE, "last_seen", NG_GML_STRING);
    }
    if (m)
        declare_metric_keys(w, m);
    g_tree_foreach(u->attr_keys, declare_attr_key, w);

    declare_edge_keys(w, u, m && m->edge_color);
}

/* The edge keys, after the node keys; `colored`: with edge colours. */
static void declare_edge_keys(NgGraphmlWriter *w, const Usage *u,
                              gboolean colored)
{
    ng_graphml_key(w, TRUE, "label", NG_GML_STRING);
    ng_graphml_key(w, TRUE, "relation", NG_GML_STRING);
    ng_graphml_key(w, TRUE, "is_directed", NG_GML_BOOLEAN);
    ng_graphml_key(w, TRUE, "weight", NG_GML_DOUBLE);
    ng_graphml_key(w, TRUE, "documents", NG_GML_INT);
    ng_graphml_key(w, TRUE, "evidence", NG_GML_STRING);
    if (u->edges_ruled)
        ng_graphml_key(w, TRUE, "rule", NG_GML_STRING);
    if (u->edges_cameo)
        ng_graphml_key(w, TRUE, "cameo", NG_GML_STRING);
    if (u->edges_dated) {
        ng_graphml_key(w, TRUE, "first_seen", NG_GML_STRING);
        ng_graphml_key(w, TRUE, "last_seen", NG_GML_STRING);
    }
    if (colored)
        ng_graphml_key(w, TRUE, "color", NG_GML_STRING);
}

typedef struct {
    GString *out;
    const char *sep;
} Join;

static gboolean join_key(gpointer key, gpointer value, gpointer data)
{
    Join *j = data;
    if (j->out->len > 0)
        g_string_append(j->out, j->sep);
    g_string_append(j->out, key);
    return FALSE;
}

/* The keys of a string set joined by `sep`, into `out`. */
static const char *join_tree(GString *out, GTree *set, const char *sep)
{
    Join j = { out, sep };
    g_string_truncate(out, 0);
    g_tree_foreach(set, join_key, &j);
    return out->str;
}

static gint64 clamp_count(guint64 n)
{
    return (gint64)MIN(n, (guint64)G_MAXINT32);
}

static void write_node_metrics(NgGraphmlWriter *w, const NgMetrics *m,
                               guint i)
{
    char color[8];
    ng_graphml_data_int(w, "degree", m->degree[i]);
    ng_graphml_data_double(w, "weighted_degree", m->weighted_degree[i]);
    ng_graphml_data_double(w, "pagerank", m->pagerank[i]);
    ng_graphml_data_double(w, "betweenness", m->betweenness[i]);
    ng_graphml_data_int(w, "community", m->community[i]);
    if (m->x) {
        ng_graphml_data_double(w, "x", m->x[i]);
        ng_graphml_data_double(w, "y", m->y[i]);
    }
    if (m->size) {
        ng_graphml_data_double(w, "size", m->size[i]);
        ng_graphml_data_string(w, "color", ng_color_format(m->node_color[i],
                                                           color));
    }
}

static void write_node(NgGraphmlWriter *w, const NgNode *n,
                       const NgMetrics *m, guint index, GString *tmp)
{
    ng_graphml_node_start(w, n->id);
    ng_graphml_data_string(w, "label", n->label);
    ng_graphml_data_string(w, "type", ng_entity_type_name(n->type));
    ng_graphml_data_int(w, "mentions", clamp_count(n->mentions));
    ng_graphml_data_int(w, "documents", clamp_count(n->documents));
    ng_graphml_data_string(w, "aliases", join_tree(tmp, n->aliases, " | "));
    ng_graphml_data_string(w, "first_seen", n->first_seen);
    ng_graphml_data_string(w, "last_seen", n->last_seen);
    if (m)
        write_node_metrics(w, m, index);
    for (guint a = 0; a < n->n_attrs; a++)
        ng_graphml_data_string(w, n->attrs[a].key, n->attrs[a].value);
    ng_graphml_node_end(w);
}

static void write_edge(NgGraphmlWriter *w, const NgGraph *g, guint number,
                       const NgEdge *e, const guint32 *edge_color, guint index,
                       GString *tmp)
{
    char id[1 + NG_FORMAT_INT_SIZE] = "e";
    ng_format_int(id + 1, number);
    ng_graphml_edge_start(w, id, ng_graph_get_node(g, e->source)->id,
                          ng_graph_get_node(g, e->target)->id, e->directed,
                          e->relation);
    ng_graphml_data_string(w, "label", e->relation);
    ng_graphml_data_string(w, "relation", e->relation);
    ng_graphml_data_bool(w, "is_directed", e->directed);
    ng_graphml_data_double(w, "weight", e->weight);
    ng_graphml_data_int(w, "documents", clamp_count(e->documents));

    g_string_truncate(tmp, 0);
    for (guint i = 0; i < e->n_evidence; i++) {
        if (i)
            g_string_append(tmp, " || ");
        g_string_append(tmp, e->evidence[i]);
    }
    ng_graphml_data_string(w, "evidence", tmp->str);

    if (e->rules)
        ng_graphml_data_string(w, "rule", join_tree(tmp, e->rules, ","));
    ng_graphml_data_string(w, "cameo", e->cameo);
    ng_graphml_data_string(w, "first_seen", e->first_seen);
    ng_graphml_data_string(w, "last_seen", e->last_seen);
    if (edge_color) {
        char color[8];
        ng_graphml_data_string(w, "color", ng_color_format(edge_color[index],
                                                           color));
    }
    ng_graphml_edge_end(w);
}

/* ------------------------------------------------------------------ */
/* Formatting on several threads                                       */

/* Elements per part: about a megabyte of text, so that parts in flight
 * stay small while a thread is worth starting for each. */
#define PART_ELEMENTS 2048

/* A run [from, to) of the nodes (or edges) in output order, formatted
 * into its own part of the writer. */
typedef struct {
    const NgGraph *g;
    const NgMetrics *m;     /* nodes */
    const guint32 *edge_color;   /* edges; may be NULL */
    const guint *order;     /* sorted node or edge indices */
    gboolean edges;
    guint from, to;
    NgGraphmlWriter *part;
} Run;

static gpointer format_run(gpointer data)
{
    Run *r = data;
    GString *tmp = g_string_new(NULL);
    for (guint i = r->from; i < r->to; i++) {
        if (r->edges)
            write_edge(r->part, r->g, i, ng_graph_get_edge(r->g, r->order[i]),
                       r->edge_color, r->order[i], tmp);
        else
            write_node(r->part, ng_graph_get_node(r->g, r->order[i]), r->m,
                       r->order[i], tmp);
    }
    g_string_free(tmp, TRUE);
    return NULL;
}

/* All n nodes (or edges) in `order`: rounds of `jobs` runs, the first on
 * this thread and the others on threads of their own, written in order
 * after each round. The text is the same for any number of jobs. */
static void write_all(NgGraphmlWriter *w, const NgGraph *g,
                      const NgMetrics *m, const guint *order, guint n,
                      gboolean edges, guint jobs)
{
    Run *runs = g_new(Run, jobs);
    GThread **threads = g_new0(GThread *, jobs);
    for (guint start = 0; start < n;) {
        guint k = 0;
        while (k < jobs && start < n) {
            guint end = MIN(n, start + PART_ELEMENTS);
            runs[k] = (Run){ g, m, m ? m->edge_color : NULL, order, edges,
                             start, end, ng_graphml_part_new(w) };
            if (k > 0)
                threads[k] = g_thread_try_new("graphml", format_run,
                                              &runs[k], NULL);
            k++;
            start = end;
        }
        format_run(&runs[0]);
        for (guint i = 0; i < k; i++) {
            if (i > 0 && threads[i])
                g_thread_join(g_steal_pointer(&threads[i]));
            else if (i > 0)        /* no thread to be had: do it here */
                format_run(&runs[i]);
            ng_graphml_part_append(w, runs[i].part);
        }
    }
    g_free(threads);
    g_free(runs);
}

/* ------------------------------------------------------------------ */
/* Edges formatted ahead                                               */

struct NgGraphmlEdges {
    const NgGraph *g;
    guint32 *edge_color;        /* may be NULL */
    gboolean portable;
    NgGraphmlWriter *keys;      /* detached: the keys the parts use */
    GPtrArray *parts;           /* the edges' text, in output order */
    GThread *thread;            /* formatting them; NULL once joined */
    /* The nodes in output order, which the edges' order needs too: sorted
     * once, by the thread, and handed to the writing of the nodes. */
    GMutex lock;
    GCond sorted;
    guint *nodes;
    gboolean nodes_done;
};

/* Whether some edge is directed: the portable file's edgedefault. */
static gboolean any_directed(const NgGraph *g)
{
    for (guint i = 0; i < ng_graph_n_edges(g); i++)
        if (ng_graph_get_edge(g, i)->directed)
            return TRUE;
    return FALSE;
}

static gpointer format_edges(gpointer data)
{
    NgGraphmlEdges *e = data;
    guint n = ng_graph_n_edges(e->g);
    guint *nodes = ng_graph_sorted_nodes(e->g);
    guint *order = ng_graph_sorted_edges_by(e->g, nodes);
    /* Handed over once this thread is done with them: the writer frees
     * them as soon as the nodes are written. */
    g_mutex_lock(&e->lock);
    e->nodes = nodes;
    e->nodes_done = TRUE;
    g_cond_signal(&e->sorted);
    g_mutex_unlock(&e->lock);
    for (guint start = 0; start < n; start += PART_ELEMENTS) {
        Run r = { e->g, NULL, e->edge_color, order, TRUE, start,
                  MIN(n, start + PART_ELEMENTS), ng_graphml_part_new(e->keys) };
        format_run(&r);
        g_ptr_array_add(e->parts, r.part);
    }
    g_free(order);
    return NULL;
}

NgGraphmlEdges *ng_graph_graphml_edges_start(const NgGraph *g,
                                             guint32 *edge_color,
                                             const char *path,
                                             gboolean portable)
{
    Usage u = { .attr_keys = g_tree_new(cmp_str) };
    gboolean ok = survey(g, &u, NULL);
    g_tree_destroy(u.attr_keys);
    if (!ok) {   /* the write will say what is wrong */
        g_free(edge_color);
        return NULL;
    }
    NgGraphmlEdges *e = g_new0(NgGraphmlEdges, 1);
    e->g = g;
    e->edge_color = edge_color;
    e->portable = portable;
    e->keys = ng_graphml_detached(path);
    declare_edge_keys(e->keys, &u, edge_color != NULL);
    if (portable)
        ng_graphml_set_portable(e->keys, any_directed(g));
    ng_graphml_graph_start(e->keys);
    e->parts = g_ptr_array_new();
    g_mutex_init(&e->lock);
    g_cond_init(&e->sorted);
    e->thread = g_thread_try_new("graphml-edges", format_edges, e, NULL);
    if (!e->thread)   /* no thread to be had: the write formats them */
        g_clear_pointer(&e, ng_graph_graphml_edges_free);
    return e;
}

void ng_graph_graphml_edges_free(NgGraphmlEdges *e)
{
    if (!e)
        return;
    if (e->thread)
        g_thread_join(e->thread);
    for (guint i = 0; e->parts && i < e->parts->len; i++)
        ng_graphml_abort(e->parts->pdata[i]);
    if (e->parts)
        g_ptr_array_free(e->parts, TRUE);
    ng_graphml_abort(e->keys);
    g_free(e->edge_color);
    g_free(e->nodes);
    g_mutex_clear(&e->lock);
    g_cond_clear(&e->sorted);
    g_free(e);
}

/* The nodes in output order, as the thread sorted them; the caller owns
 * them. */
static guint *sorted_nodes_of(NgGraphmlEdges *e)
{
    g_mutex_lock(&e->lock);
    while (!e->nodes_done)
        g_cond_wait(&e->sorted, &e->lock);
    guint *nodes = g_steal_pointer(&e->nodes);
    g_mutex_unlock(&e->lock);
    return nodes;
}

/* Whether the edges formatted ahead are the ones this file needs. */
static gboolean edges_fit(const NgGraphmlEdges *e, const NgGraph *g,
                          const NgMetrics *m, gboolean portable)
{
    gboolean colored = m && m->edge_color;
    return e && e->g == g && e->portable == portable &&
           colored == (e->edge_color != NULL) &&
           (!colored || !memcmp(e->edge_color, m->edge_color,
                                ng_graph_n_edges(g) * sizeof(guint32)));
}

/* Append the edges formatted ahead, in order; the parts go to w. */
static void append_edges(NgGraphmlWriter *w, NgGraphmlEdges *e)
{
    g_thread_join(e->thread);
    e->thread = NULL;
    for (guint i = 0; i < e->parts->len; i++)
        ng_graphml_part_append(w, e->parts->pdata[i]);
    g_ptr_array_set_size(e->parts, 0);
}

gboolean ng_graph_write_graphml(const NgGraph *g, const char *path,
                                const char *comment, gboolean portable,
                                GError **error)
{
    return ng_graph_write_graphml_with(g, NULL, path, comment, portable, 1,
                                       error);
}

gboolean ng_graph_write_graphml_with(const NgGraph *g, const NgMetrics *m,
                                     const char *path, const char *comment,
                                     gboolean portable, guint jobs,
                                     GError **error)
{
    return ng_graph_write_graphml_ready(g, m, NULL, path, comment, portable,
                                        jobs, error);
}

gboolean ng_graph_write_graphml_ready(const NgGraph *g, const NgMetrics *m,
                                      NgGraphmlEdges *ready, const char *path,
                                      const char *comment, gboolean portable,
                                      guint jobs, GError **error)
{
    Usage u = { .attr_keys = g_tree_new(cmp_str) };
    NgGraphmlWriter *w = NULL;

    if (survey(g, &u, error))
        w = ng_graphml_begin(path, comment, error);
    if (!w) {
        g_tree_destroy(u.attr_keys);
        return FALSE;
    }

    declare_keys(w, &u, m);
    g_tree_destroy(u.attr_keys);
    if (portable)
        ng_graphml_set_portable(w, any_directed(g));
    ng_graphml_graph_start(w);

    jobs = MAX(jobs, 1);
    gboolean fit = edges_fit(ready, g, m, portable);
    guint *nodes = fit ? sorted_nodes_of(ready) : ng_graph_sorted_nodes(g);
    write_all(w, g, m, nodes, ng_graph_n_nodes(g), FALSE, jobs);
    g_free(nodes);
    if (fit) {
        append_edges(w, ready);
    } else {
        guint *edges = ng_graph_sorted_edges(g);
        write_all(w, g, m, edges, ng_graph_n_edges(g), TRUE, jobs);
        g_free(edges);
    }
    return ng_graphml_finish(w, error);
}
