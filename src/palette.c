/*
 * palette.c - loading the palette file described in palette.h.
 *
 * The file is small, so libyaml's document API (the whole tree in memory)
 * is simpler than its event stream; every node keeps its start mark, which
 * gives the FILE:LINE:COLUMN of each message.
 */
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "ng.h"
#include "palette.h"

static const char *const size_by_names[] = {
    [NG_SIZE_BY_MENTIONS] = "mentions",
    [NG_SIZE_BY_WEIGHTED_DEGREE] = "weighted_degree",
    [NG_SIZE_BY_PAGERANK] = "pagerank",
    [NG_SIZE_BY_DEGREE] = "degree",
};

const char *ng_size_by_name(NgSizeBy by)
{
    return size_by_names[by];
}

NgPalette *ng_palette_new(void)
{
    NgPalette *p = g_new0(NgPalette, 1);
    for (int t = 0; t < NG_N_TYPES; t++)
        p->node[t] = NG_PALETTE_GREY;
    p->edge = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    p->edge_other = NG_PALETTE_GREY;
    p->size_by = NG_SIZE_BY_MENTIONS;
    p->size_min = 4;
    p->size_max = 40;
    return p;
}

void ng_palette_free(NgPalette *p)
{
    if (!p)
        return;
    g_hash_table_destroy(p->edge);
    g_free(p);
}

guint32 ng_palette_edge_color(const NgPalette *p, const char *relation)
{
    gpointer v;
    if (g_hash_table_lookup_extended(p->edge, relation, NULL, &v))
        return GPOINTER_TO_UINT(v);
    return p->edge_other;
}

char *ng_color_format(guint32 rgb, char *buf)
{
    /* "#%06x" by hand: every node and edge of a graph has a colour. */
    static const char hex[] = "0123456789abcdef";
    buf[0] = '#';
    for (int i = 0; i < 6; i++)
        buf[1 + i] = hex[(rgb >> (20 - 4 * i)) & 0xf];
    buf[7] = '\0';
    return buf;
}

gboolean ng_color_parse(const char *s, guint32 *rgb)
{
    if (!s || s[0] != '#')
        return FALSE;
    gsize n = strlen(s + 1);
    if (n != 6 && n != 3)
        return FALSE;
    guint32 v = 0;
    for (gsize i = 1; i <= n; i++) {
        int d = g_ascii_xdigit_value(s[i]);
        if (d < 0)
            return FALSE;
        v = n == 6 ? v << 4 | (guint32)d : v << 8 | (guint32)(d * 17);
    }
    *rgb = v;
    return TRUE;
}

/* Loading state: the file name and document for messages and lookups. */
typedef struct {
    const char *path;
    yaml_document_t *doc;
    GError **error;
} Loader;

static gboolean fail(Loader *l, const yaml_node_t *at, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

static gboolean fail(Loader *l, const yaml_node_t *at, const char *fmt, ...)
{
    GString *msg = g_string_new(NULL);
    g_string_append_printf(msg, "%s:%zu:%zu: ", l->path,
                           at->start_mark.line + 1, at->start_mark.column + 1);
    va_list ap;
    va_start(ap, fmt);
    ng_append_one_line_v(msg, fmt, ap);
    va_end(ap);
    g_set_error_literal(l->error, NG_ERROR, NG_ERROR_CONFIG, msg->str);
    g_string_free(msg, TRUE);
    return FALSE;
}

static const char *scalar(const yaml_node_t *n)
{
    return n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value
                                       : NULL;
}

static gboolean want_mapping(Loader *l, const yaml_node_t *n, const char *what)
{
    if (n->type == YAML_MAPPING_NODE)
        return TRUE;
    return fail(l, n, "%s must be a mapping", what);
}

static gboolean color_value(Loader *l, const yaml_node_t *v, guint32 *rgb)
{
    const char *s = scalar(v);
    if (s && ng_color_parse(s, rgb))
        return TRUE;
    return fail(l, v, "a colour must be \"#rrggbb\" (quoted: # starts a YAML comment)");
}

static gboolean load_nodes(Loader *l, NgPalette *p, yaml_node_t *map)
{
    if (!want_mapping(l, map, "'node'"))
        return FALSE;
    for (yaml_node_pair_t *pr = map->data.mapping.pairs.start;
         pr < map->data.mapping.pairs.top; pr++) {
        yaml_node_t *k = yaml_document_get_node(l->doc, pr->key);
        yaml_node_t *v = yaml_document_get_node(l->doc, pr->value);
        NgEntityType t;
        if (!scalar(k) || !ng_entity_type_parse(scalar(k), &t))
            return fail(l, k, "unknown entity type (person, country or organization)");
        if (!color_value(l, v, &p->node[t]))
            return FALSE;
    }
    return TRUE;
}

static gboolean load_edges(Loader *l, NgPalette *p, yaml_node_t *map)
{
    if (!want_mapping(l, map, "'edge'"))
        return FALSE;
    for (yaml_node_pair_t *pr = map->data.mapping.pairs.start;
         pr < map->data.mapping.pairs.top; pr++) {
        yaml_node_t *k = yaml_document_get_node(l->doc, pr->key);
        yaml_node_t *v = yaml_document_get_node(l->doc, pr->value);
        guint32 rgb;
        if (!scalar(k) || !*scalar(k))
            return fail(l, k, "a relation name must be a string");
        if (!color_value(l, v, &rgb))
            return FALSE;
        if (!strcmp(scalar(k), "other"))
            p->edge_other = rgb;
        else
            g_hash_table_insert(p->edge, g_strdup(scalar(k)),
                                GUINT_TO_POINTER(rgb));
    }
    return TRUE;
}

static gboolean number_value(Loader *l, const yaml_node_t *v, double *out)
{
    const char *s = scalar(v);
    char *end = NULL;
    double d = s ? g_ascii_strtod(s, &end) : 0;
    if (!s || end == s || *end || !(d >= 0) || d > 1e6)
        return fail(l, v, "a size must be a number from 0 to 1000000");
    *out = d;
    return TRUE;
}

static gboolean load_size(Loader *l, NgPalette *p, yaml_node_t *map)
{
    if (!want_mapping(l, map, "'size'"))
        return FALSE;
    for (yaml_node_pair_t *pr = map->data.mapping.pairs.start;
         pr < map->data.mapping.pairs.top; pr++) {
        yaml_node_t *k = yaml_document_get_node(l->doc, pr->key);
        yaml_node_t *v = yaml_document_get_node(l->doc, pr->value);
        const char *key = scalar(k) ? scalar(k) : "";
        if (!strcmp(key, "by")) {
            gboolean found = FALSE;
            for (guint i = 0; i < G_N_ELEMENTS(size_by_names) && !found; i++)
                if (scalar(v) && !strcmp(scalar(v), size_by_names[i])) {
                    p->size_by = (NgSizeBy)i;
                    found = TRUE;
                }
            if (!found)
                return fail(l, v, "'by' must be mentions, weighted_degree, pagerank or degree");
        } else if (!strcmp(key, "min")) {
            if (!number_value(l, v, &p->size_min))
                return FALSE;
        } else if (!strcmp(key, "max")) {
            if (!number_value(l, v, &p->size_max))
                return FALSE;
        } else {
            return fail(l, k, "unknown size setting (by, min or max)");
        }
    }
    if (p->size_min > p->size_max)
        return fail(l, map, "size 'min' is larger than 'max'");
    return TRUE;
}

static gboolean load_root(Loader *l, NgPalette *p)
{
    yaml_node_t *root = yaml_document_get_root_node(l->doc);
    if (!root)
        return TRUE;   /* an empty file: the built-in palette */
    if (!want_mapping(l, root, "the palette"))
        return FALSE;
    for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
         pr < root->data.mapping.pairs.top; pr++) {
        yaml_node_t *k = yaml_document_get_node(l->doc, pr->key);
        yaml_node_t *v = yaml_document_get_node(l->doc, pr->value);
        const char *key = scalar(k) ? scalar(k) : "";
        gboolean ok;
        if (!strcmp(key, "node"))
            ok = load_nodes(l, p, v);
        else if (!strcmp(key, "edge"))
            ok = load_edges(l, p, v);
        else if (!strcmp(key, "size"))
            ok = load_size(l, p, v);
        else
            ok = fail(l, k, "unknown section (node, edge or size)");
        if (!ok)
            return FALSE;
    }
    return TRUE;
}

NgPalette *ng_palette_load(const char *path, GError **error)
{
    char *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &data, &len, error)) {
        if (error && *error) {
            (*error)->domain = NG_ERROR;
            (*error)->code = NG_ERROR_CONFIG;
        }
        return NULL;
    }

    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
    NgPalette *p = NULL;
    if (!yaml_parser_load(&parser, &doc)) {
        g_set_error(error, NG_ERROR, NG_ERROR_CONFIG, "%s:%zu:%zu: %s", path,
                    parser.problem_mark.line + 1,
                    parser.problem_mark.column + 1,
                    parser.problem ? parser.problem : "YAML error");
    } else {
        Loader l = { path, &doc, error };
        p = ng_palette_new();
        if (!load_root(&l, p))
            g_clear_pointer(&p, ng_palette_free);
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    g_free(data);
    return p;
}
