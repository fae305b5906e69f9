/*
 * gexf.c - the GEXF 1.3 writer (gexf.h).
 *
 * The document is assembled in memory (it is a few times the size of the
 * graph, never of the corpus) and handed to g_file_set_contents_full,
 * which writes a temporary file, syncs it and renames it over `path`:
 * an interrupted build never leaves half a file. Text values go through
 * the GraphML writer's cleaning (graphml.h) and g_markup_escape_text;
 * numbers are formatted in the C locale.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "format_double.h"
#include "gexf.h"
#include "graphml.h"
#include "ng.h"
#include "palette.h"

typedef struct {
    const char *id;
    const char *type;   /* GEXF attribute type */
} AttrDef;

static const AttrDef node_attrs[] = {
    { "type", "string" },       { "total_mentions", "integer" },
    { "documents", "integer" }, { "aliases", "string" },
    { "first_seen", "string" }, { "last_seen", "string" },
};
static const AttrDef metric_attrs[] = {
    { "degree", "integer" },    { "weighted_degree", "double" },
    { "pagerank", "double" },   { "betweenness", "double" },
    { "community", "integer" },
};
static const AttrDef edge_attrs[] = {
    { "relation", "string" },   { "total_weight", "double" },
    { "documents", "integer" }, { "evidence", "string" },
    { "rule", "string" },       { "cameo", "string" },
    { "first_seen", "string" }, { "last_seen", "string" },
};

/* Append `s` cleaned and escaped; FALSE (nothing appended) when blank. */
static gboolean append_text(GString *o, const char *s)
{
    char *clean = ng_graphml_clean_text(s);
    gboolean blank = TRUE;
    for (const char *p = clean; *p && blank; p = g_utf8_next_char(p))
        blank = g_unichar_isspace(g_utf8_get_char(p));
    if (!blank) {
        char *esc = g_markup_escape_text(clean, -1);
        g_string_append(o, esc);
        g_free(esc);
    }
    g_free(clean);
    return !blank;
}

static const char *fmt_double(char *buf, double v)
{
    return ng_format_g15(buf, v);
}

static gint64 clamp_count(guint64 n)
{
    return (gint64)MIN(n, (guint64)G_MAXINT32);
}

static void fmt_date(char *buf, guint32 julian)
{
    GDate d;
    g_date_clear(&d, 1);
    g_date_set_julian(&d, julian);
    g_snprintf(buf, 11, "%04u-%02u-%02u", g_date_get_year(&d),
               g_date_get_month(&d), g_date_get_day(&d));
}

/* <attvalue for=ID value=.../> for a string; nothing when blank. */
static void attvalue_str(GString *o, const char *id, const char *value)
{
    if (!value)
        return;
    gsize mark = o->len;
    g_string_append_printf(o, "          <attvalue for=\"%s\" value=\"", id);
    if (append_text(o, value))
        g_string_append(o, "\"/>\n");
    else
        g_string_truncate(o, mark);
}

static void attvalue_int(GString *o, const char *id, gint64 v)
{
    g_string_append_printf(o,
        "          <attvalue for=\"%s\" value=\"%" G_GINT64_FORMAT "\"/>\n",
        id, v);
}

static void attvalue_double(GString *o, const char *id, double v)
{
    char num[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append_printf(o, "          <attvalue for=\"%s\" value=\"%s\"/>\n",
                           id, fmt_double(num, v));
}

/* The dynamic attribute `id`: one value per bucket of the series, or the
 * total with no interval when there is no dated support. */
static void attvalue_dynamic(GString *o, const char *id, gboolean integer,
                             const NgTimeline *t, const NgTimePoint *pts,
                             guint n, double total)
{
    char num[G_ASCII_DTOSTR_BUF_SIZE], from[11], to[11];
    if (n == 0) {
        g_string_append_printf(o, "          <attvalue for=\"%s\" value=\"%s\"/>\n",
                               id, fmt_double(num, total));
        return;
    }
    for (guint i = 0; i < n; i++) {
        fmt_date(from, pts[i].first);
        fmt_date(to, ng_time_bucket_last(ng_timeline_bucket(t), pts[i].first));
        g_string_append_printf(o,
            "          <attvalue for=\"%s\" value=\"%s\" start=\"%s\" end=\"%s\"/>\n",
            id, integer ? g_ascii_dtostr(num, sizeof num, (double)(gint64)pts[i].value)
                        : fmt_double(num, pts[i].value),
            from, to);
    }
}

/* <spells>: consecutive buckets merge into one spell. */
static void spells(GString *o, const NgTimeline *t, const NgTimePoint *pts,
                   guint n)
{
    if (n == 0)
        return;
    NgTimeBucket b = ng_timeline_bucket(t);
    char from[11], to[11];
    g_string_append(o, "        <spells>\n");
    for (guint i = 0; i < n;) {
        guint32 start = pts[i].first, end = ng_time_bucket_last(b, start);
        for (i++; i < n && pts[i].first == end + 1; i++)
            end = ng_time_bucket_last(b, pts[i].first);
        fmt_date(from, start);
        fmt_date(to, end);
        g_string_append_printf(o, "          <spell start=\"%s\" end=\"%s\"/>\n",
                               from, to);
    }
    g_string_append(o, "        </spells>\n");
}

static void viz_color(GString *o, guint32 rgb)
{
    g_string_append_printf(o, "        <viz:color r=\"%u\" g=\"%u\" b=\"%u\"/>\n",
                           rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff);
}

static void declare_attr(GString *o, const char *id, const char *type)
{
    g_string_append_printf(o,
        "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n",
        id, id, type);
}

static gboolean declare_string_attr(gpointer key, gpointer value, gpointer o)
{
    declare_attr(o, key, "string");
    return FALSE;
}

/* An <attributes> block: `defs`, then `more` (may be NULL), then the
 * string attributes named by the keys of `extra` (may be NULL). */
static void declare(GString *o, const char *cls, const char *mode,
                    const AttrDef *defs, guint n, const AttrDef *more,
                    guint n_more, GTree *extra)
{
    g_string_append_printf(o, "    <attributes class=\"%s\" mode=\"%s\">\n",
                           cls, mode);
    for (guint i = 0; i < n; i++)
        declare_attr(o, defs[i].id, defs[i].type);
    for (guint i = 0; more && i < n_more; i++)
        declare_attr(o, more[i].id, more[i].type);
    if (extra)
        g_tree_foreach(extra, declare_string_attr, o);
    g_string_append(o, "    </attributes>\n");
}

static gboolean reserved(const char *key)
{
    for (guint i = 0; i < G_N_ELEMENTS(node_attrs); i++)
        if (!strcmp(key, node_attrs[i].id))
            return TRUE;
    for (guint i = 0; i < G_N_ELEMENTS(metric_attrs); i++)
        if (!strcmp(key, metric_attrs[i].id))
            return TRUE;
    return !strcmp(key, "mentions");
}

static int cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(a, b);
}

/* The gazetteer attribute names used by some node, checked. */
static GTree *gazetteer_keys(const NgGraph *g, GError **error)
{
    GTree *keys = g_tree_new(cmp_str);
    for (guint i = 0; i < ng_graph_n_nodes(g); i++) {
        const NgNode *n = ng_graph_get_node(g, i);
        for (guint a = 0; a < n->n_attrs; a++) {
            const char *k = n->attrs[a].key;
            if (!ng_graphml_is_name(k) || reserved(k)) {
                char *shown = ng_graphml_clean_text(k);
                g_set_error(error, NG_ERROR, NG_ERROR_CONFIG,
                            "attribute '%s' of entity '%s' %s", shown, n->id,
                            reserved(k) ? "clashes with a built-in node attribute"
                                        : "is not a valid attribute name");
                g_free(shown);
                g_tree_destroy(keys);
                return NULL;
            }
            g_tree_insert(keys, (gpointer)k, NULL);
        }
    }
    return keys;
}

typedef struct {
    GString *out;
    const char *sep;
} Join;

static gboolean join_key(gpointer key, gpointer value, gpointer data)
{
    Join *j = data;
    g_string_append_printf(j->out, "%s%s", j->out->len ? j->sep : "",
                           (const char *)key);
    return FALSE;
}

/* The keys of a string set joined by `sep`, into `out` (emptied first). */
static const char *join_tree(GString *out, GTree *set, const char *sep)
{
    Join j = { out, sep };
    g_string_truncate(out, 0);
    g_tree_foreach(set, join_key, &j);
    return out->str;
}

static void write_node(GString *o, const NgNode *n, const NgMetrics *m,
                       guint i, const NgTimeline *t)
{
    char num[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append_printf(o, "      <node id=\"%s\" label=\"", n->id);
    append_text(o, n->label);
    g_string_append(o, "\">\n        <attvalues>\n");
    attvalue_str(o, "type", ng_entity_type_name(n->type));
    attvalue_int(o, "total_mentions", clamp_count(n->mentions));
    attvalue_int(o, "documents", clamp_count(n->documents));
    GString *aliases = g_string_new(NULL);
    attvalue_str(o, "aliases", join_tree(aliases, n->aliases, " | "));
    g_string_free(aliases, TRUE);
    attvalue_str(o, "first_seen", n->first_seen);
    attvalue_str(o, "last_seen", n->last_seen);
    if (m) {
        attvalue_int(o, "degree", m->degree[i]);
        attvalue_double(o, "weighted_degree", m->weighted_degree[i]);
        attvalue_double(o, "pagerank", m->pagerank[i]);
        attvalue_double(o, "betweenness", m->betweenness[i]);
        attvalue_int(o, "community", m->community[i]);
    }
    for (guint a = 0; a < n->n_attrs; a++)
        attvalue_str(o, n->attrs[a].key, n->attrs[a].value);
    guint np;
    const NgTimePoint *pts = ng_timeline_node(t, n->id, &np);
    attvalue_dynamic(o, "mentions", TRUE, t, pts, np,
                     (double)clamp_count(n->mentions));
    g_string_append(o, "        </attvalues>\n");
    spells(o, t, pts, np);
    if (m && m->node_color) {
        viz_color(o, m->node_color[i]);
        g_string_append_printf(o, "        <viz:size value=\"%s\"/>\n",
                               fmt_double(num, m->size[i]));
    }
    if (m && m->x) {
        char y[G_ASCII_DTOSTR_BUF_SIZE];
        g_string_append_printf(o,
            "        <viz:position x=\"%s\" y=\"%s\" z=\"0\"/>\n",
            fmt_double(num, m->x[i]), fmt_double(y, m->y[i]));
    }
    g_string_append(o, "      </node>\n");
}

static void write_edge(GString *o, const NgGraph *g, guint number,
                       const NgEdge *e, const NgMetrics *m, guint i,
                       const NgTimeline *t)
{
    char num[G_ASCII_DTOSTR_BUF_SIZE];
    const char *src = ng_graph_get_node(g, e->source)->id;
    const char *dst = ng_graph_get_node(g, e->target)->id;
    g_string_append_printf(o,
        "      <edge id=\"e%u\" source=\"%s\" target=\"%s\" type=\"%s\" kind=\"",
        number, src, dst, e->directed ? "directed" : "undirected");
    append_text(o, e->relation);
    g_string_append(o, "\" label=\"");
    append_text(o, e->relation);
    g_string_append_printf(o, "\" weight=\"%s\">\n        <attvalues>\n",
                           fmt_double(num, e->weight));
    attvalue_str(o, "relation", e->relation);
    attvalue_double(o, "total_weight", e->weight);
    attvalue_int(o, "documents", clamp_count(e->documents));
    GString *list = g_string_new(NULL);
    for (guint k = 0; k < e->n_evidence; k++)
        g_string_append_printf(list, "%s%s", k ? " || " : "", e->evidence[k]);
    attvalue_str(o, "evidence", list->str);
    if (e->rules)
        attvalue_str(o, "rule", join_tree(list, e->rules, ","));
    g_string_free(list, TRUE);
    attvalue_str(o, "cameo", e->cameo);
    attvalue_str(o, "first_seen", e->first_seen);
    attvalue_str(o, "last_seen", e->last_seen);
    guint np;
    const NgTimePoint *pts = ng_timeline_edge(t, e->relation, src, dst,
                                              e->directed, &np);
    attvalue_dynamic(o, "weight", FALSE, t, pts, np, e->weight);
    g_string_append(o, "        </attvalues>\n");
    spells(o, t, pts, np);
    if (m && m->edge_color)
        viz_color(o, m->edge_color[i]);
    g_string_append(o, "      </edge>\n");
}

static gboolean save(const char *path, const GString *o, GError **error)
{
    if (!strcmp(path, "-")) {
        if (fwrite(o->str, 1, o->len, stdout) == o->len && fflush(stdout) == 0)
            return TRUE;
        g_set_error(error, NG_ERROR, NG_ERROR_IO,
                    "standard output: cannot write: %s", g_strerror(errno));
        return FALSE;
    }
    GError *err = NULL;
    if (g_file_set_contents_full(path, o->str, (gssize)o->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT |
                                     G_FILE_SET_CONTENTS_DURABLE,
                                 0666, &err))
        return TRUE;
    g_set_error(error, NG_ERROR, NG_ERROR_IO, "%s", err->message);
    g_error_free(err);
    return FALSE;
}

gboolean ng_gexf_write(const NgGraph *g, const NgMetrics *m,
                       const NgTimeline *t, const char *path,
                       const char *comment, GError **error)
{
    GTree *keys = gazetteer_keys(g, error);
    if (!keys)
        return FALSE;

    GString *o = g_string_sized_new(1 << 16);
    g_string_append(o,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\""
        " version=\"1.3\">\n"
        "  <meta>\n    <creator>negraph " NG_VERSION "</creator>\n");
    if (comment) {
        g_string_append(o, "    <description>");
        append_text(o, comment);
        g_string_append(o, "</description>\n");
    }
    g_string_append(o, "  </meta>\n"
                       "  <graph mode=\"dynamic\" timeformat=\"date\">\n");

    static const AttrDef node_dynamic[] = { { "mentions", "integer" } };
    static const AttrDef edge_dynamic[] = { { "weight", "double" } };
    /* Dynamic blocks first: readers that keep only the last block of a
     * class (graphology-gexf) then still know the types of the many
     * static attributes. */
    declare(o, "node", "dynamic", node_dynamic, 1, NULL, 0, NULL);
    declare(o, "node", "static", node_attrs, G_N_ELEMENTS(node_attrs),
            m ? metric_attrs : NULL, G_N_ELEMENTS(metric_attrs), keys);
    declare(o, "edge", "dynamic", edge_dynamic, 1, NULL, 0, NULL);
    declare(o, "edge", "static", edge_attrs, G_N_ELEMENTS(edge_attrs), NULL,
            0, NULL);
    g_tree_destroy(keys);

    g_string_append_printf(o, "    <nodes count=\"%u\">\n", ng_graph_n_nodes(g));
    guint *nodes = ng_graph_sorted_nodes(g);
    for (guint i = 0; i < ng_graph_n_nodes(g); i++)
        write_node(o, ng_graph_get_node(g, nodes[i]), m, nodes[i], t);
    g_free(nodes);
    g_string_append(o, "    </nodes>\n");

    g_string_append_printf(o, "    <edges count=\"%u\">\n", ng_graph_n_edges(g));
    guint *edges = ng_graph_sorted_edges(g);
    for (guint i = 0; i < ng_graph_n_edges(g); i++)
        write_edge(o, g, i, ng_graph_get_edge(g, edges[i]), m, edges[i], t);
    g_free(edges);
    g_string_append(o, "    </edges>\n  </graph>\n</gexf>\n");

    gboolean ok = save(path, o, error);
    g_string_free(o, TRUE);
    return ok;
}
