/*
 * fuzz_graph.c - a fuzzed graph written as GraphML (graph.c,
 * graph_graphml.c, graphml.c) and read back by the reader of `negraph
 * query` (igraph).
 *
 * The input is a little script, one command per line (the rest of the
 * line, repaired to valid UTF-8, is the argument):
 *   N name|key=value|...  a node for an entity of that name (type from
 *                          the name's length), id made by ng_entity_make_id
 *   I id                   a node whose id is the argument as given
 *   M surface              a mention of the last node
 *   D date                 the date of the following mentions and edges
 *   V sentence             the evidence of the following edges
 *   E relation             an edge from the node before the last to the
 *                          last (directed when the relation has an odd
 *                          length), with the current evidence and date
 *   S                      the next document
 * Invariants:
 *  - writing either succeeds, or fails with NG_ERROR_USAGE (an id that is
 *    not a GraphML name) or NG_ERROR_CONFIG (a bad attribute name), and
 *    then the file it would have replaced is untouched;
 *  - the same graph written twice gives the same bytes;
 *  - what was written loads with ng_query_load: same numbers of nodes and
 *    edges, every node id found, its type and its label (cleaned as the
 *    writer cleans values; the id when nothing is left), every edge's
 *    relation (cleaned).
 */
#include <string.h>

#include "fuzz.h"
#include "graph.h"
#include "graphml.h"
#include "ng.h"
#include "query.h"

typedef struct {
    NgGraph *g;
    GPtrArray *nodes;      /* guint node index per N/I command, as pointers */
    char *date, *evidence;
    guint32 serial;
} Script;

static int cmp_attr(const void *a, const void *b)
{
    return strcmp(((const NgAttr *)a)->key, ((const NgAttr *)b)->key);
}

static void add_node(Script *s, char *arg, gboolean raw_id)
{
    if (!*arg)
        return;
    char **parts = g_strsplit(arg, "|", 16);
    NgEntity e = { .name = parts[0] };
    e.type = (NgEntityType)(strlen(parts[0]) % NG_N_TYPES);
    e.id = raw_id ? g_strdup(parts[0]) : ng_entity_make_id(e.type, parts[0]);
    guint n = g_strv_length(parts) - 1;
    e.attrs = g_new0(NgAttr, n + 1);
    for (guint i = 0; i < n; i++) {
        char *eq = strchr(parts[i + 1], '=');
        if (!eq || eq == parts[i + 1])
            continue;
        *eq = '\0';
        NgAttr a = { parts[i + 1], eq + 1 };
        gboolean dup = FALSE;
        for (guint k = 0; k < e.n_attrs; k++)
            dup |= !strcmp(e.attrs[k].key, a.key);
        if (!dup)
            e.attrs[e.n_attrs++] = a;
    }
    qsort(e.attrs, e.n_attrs, sizeof(NgAttr), cmp_attr);
    guint idx = ng_graph_node(s->g, &e);
    g_ptr_array_add(s->nodes, GUINT_TO_POINTER(idx));
    g_free(e.attrs);
    g_free(e.id);
    g_strfreev(parts);
}

static void run_line(Script *s, char op, char *arg)
{
    guint n = s->nodes->len;
    switch (op) {
    case 'N':
    case 'I':
        add_node(s, arg, op == 'I');
        break;
    case 'M':
        if (n)
            ng_graph_add_mention(s->g, GPOINTER_TO_UINT(s->nodes->pdata[n - 1]),
                                 arg, s->serial, s->date);
        break;
    case 'D':
        g_free(s->date);
        s->date = *arg ? g_strdup(arg) : NULL;
        break;
    case 'V':
        g_free(s->evidence);
        s->evidence = *arg ? g_strdup(arg) : NULL;
        break;
    case 'E':
        if (n >= 2 && *arg) {
            NgEdgeEvent ev = {
                .relation = arg, .directed = strlen(arg) % 2,
                .source = GPOINTER_TO_UINT(s->nodes->pdata[n - 2]),
                .target = GPOINTER_TO_UINT(s->nodes->pdata[n - 1]),
                .weight = 1.0 + strlen(arg) % 3, .doc_serial = s->serial,
                .doc_id = "doc", .date = s->date, .evidence = s->evidence,
                .rule = strlen(arg) % 2 ? arg : NULL, .cameo = NULL,
            };
            ng_graph_add_edge(s->g, &ev);
        }
        break;
    case 'S':
        s->serial++;
        break;
    }
}

static char *read_all(const char *path, gsize *len)
{
    char *data = NULL;
    FZ_CHECK(g_file_get_contents(path, &data, len, NULL), "cannot read %s", path);
    return data;
}

/* The writer's form of a value: cleaned; absent (NULL) when blank. */
static char *written_form(const char *s)
{
    char *c = ng_graphml_clean_text(s);
    const char *p = c;
    while (*p && g_unichar_isspace(g_utf8_get_char(p)))
        p = g_utf8_next_char(p);
    if (!*p) {
        g_free(c);
        return NULL;
    }
    return c;
}

static void check_read_back(const Script *s, const char *path)
{
    GError *err = NULL;
    NgQuery *q = ng_query_load(path, &err);
    FZ_CHECK(q, "written GraphML does not load: %s", err->message);
    FZ_CHECK(ng_query_n_nodes(q) == ng_graph_n_nodes(s->g) &&
             ng_query_n_edges(q) == ng_graph_n_edges(s->g),
             "%u nodes %u edges written, %ld and %ld read",
             ng_graph_n_nodes(s->g), ng_graph_n_edges(s->g),
             (long)ng_query_n_nodes(q), (long)ng_query_n_edges(q));
    GHashTable *by_id = g_hash_table_new(g_str_hash, g_str_equal);
    for (igraph_integer_t v = 0; v < ng_query_n_nodes(q); v++)
        g_hash_table_insert(by_id, (gpointer)ng_query_node_id(q, v),
                            GINT_TO_POINTER((int)v + 1));
    for (guint i = 0; i < ng_graph_n_nodes(s->g); i++) {
        const NgNode *nd = ng_graph_get_node(s->g, i);
        gpointer found = g_hash_table_lookup(by_id, nd->id);
        FZ_CHECK(found, "node '%s' not read back", nd->id);
        igraph_integer_t v = GPOINTER_TO_INT(found) - 1;
        FZ_CHECK(!strcmp(ng_query_node_type(q, v), ng_entity_type_name(nd->type)),
                 "node '%s': type '%s'", nd->id, ng_query_node_type(q, v));
        char *want = written_form(nd->label);
        FZ_CHECK(!strcmp(ng_query_node_label(q, v), want ? want : nd->id),
                 "node '%s': label '%s', written from '%s'", nd->id,
                 ng_query_node_label(q, v), nd->label);
        g_free(want);
    }
    for (igraph_integer_t e = 0; e < ng_query_n_edges(q); e++) {
        const char *rel = ng_query_edge_relation(q, e);
        gboolean known = FALSE;
        for (guint i = 0; i < ng_graph_n_edges(s->g) && !known; i++) {
            char *want = written_form(ng_graph_get_edge(s->g, i)->relation);
            known = !g_strcmp0(want, *rel ? rel : NULL);
            g_free(want);
        }
        FZ_CHECK(known, "edge %ld: relation '%s' was not written", (long)e, rel);
    }
    g_hash_table_destroy(by_id);
    ng_query_free(q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *path;
    if (!path)
        path = fz_path(".graphml");
    Script s = { .g = ng_graph_new(), .nodes = g_ptr_array_new() };
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *eol = memchr(p, '\n', (gsize)(end - p));
        gsize n = eol ? (gsize)(eol - p) : (gsize)(end - p);
        if (n >= 1) {
            char *raw = g_strndup(p + 1, n - 1);   /* stops at a NUL */
            char *arg = g_utf8_make_valid(raw, -1);
            run_line(&s, p[0], arg);
            g_free(arg);
            g_free(raw);
        }
        p += n + 1;
    }

    fz_write(path, "previous", 8);
    GError *err = NULL;
    if (!ng_graph_write_graphml(s.g, path, "fuzz", size % 2, &err)) {
        FZ_CHECK(err->domain == NG_ERROR && (err->code == NG_ERROR_USAGE ||
                                             err->code == NG_ERROR_CONFIG),
                 "writing failed: %s", err->message);
        gsize len;
        char *kept = read_all(path, &len);
        FZ_CHECK(len == 8 && !memcmp(kept, "previous", 8),
                 "a failed write changed the file");
        g_free(kept);
        g_error_free(err);
    } else {
        gsize l1, l2;
        char *first = read_all(path, &l1);
        FZ_CHECK(ng_graph_write_graphml(s.g, path, "fuzz", size % 2, &err),
                 "second write failed: %s", err->message);
        char *second = read_all(path, &l2);
        FZ_CHECK(l1 == l2 && !memcmp(first, second, l1),
                 "the same graph written twice differs");
        g_free(first);
        g_free(second);
        check_read_back(&s, path);
    }
    g_ptr_array_free(s.nodes, TRUE);
    g_free(s.date);
    g_free(s.evidence);
    ng_graph_free(s.g);
    return 0;
}
