/*
 * docresult_json.c - NgDocResult to and from one line of JSON (the format
 * is described in docresult_json.h).
 *
 * json-glib does the JSON; this file only maps members. Decoding checks
 * every type and index, because the lines may come from anywhere (a file
 * edited by hand, a truncated transfer) and the graph code trusts its
 * input.
 */
#include "docresult_json.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "json_line.h"
#include "ng.h"

/* ------------------------------------------------------------------ */
/* Encoding                                                            */

static void add_string(JsonBuilder *b, const char *name, const char *value)
{
    if (!value)
        return;
    json_builder_set_member_name(b, name);
    json_builder_add_string_value(b, value);
}

static void add_entity(JsonBuilder *b, const NgEntity *e)
{
    json_builder_begin_object(b);
    add_string(b, "id", e->id);
    add_string(b, "name", e->name);
    add_string(b, "type", ng_entity_type_name(e->type));
    if (e->n_attrs) {
        json_builder_set_member_name(b, "attrs");
        json_builder_begin_object(b);
        for (guint i = 0; i < e->n_attrs; i++)
            add_string(b, e->attrs[i].key, e->attrs[i].value);
        json_builder_end_object(b);
    }
    json_builder_end_object(b);
}

static void add_edge(JsonBuilder *b, const NgResultEdge *e)
{
    json_builder_begin_object(b);
    add_string(b, "relation", e->relation);
    json_builder_set_member_name(b, "directed");
    json_builder_add_boolean_value(b, e->directed);
    json_builder_set_member_name(b, "source");
    json_builder_add_int_value(b, e->source);
    json_builder_set_member_name(b, "target");
    json_builder_add_int_value(b, e->target);
    json_builder_set_member_name(b, "weight");
    json_builder_add_double_value(b, e->weight);
    add_string(b, "evidence", e->evidence);
    add_string(b, "rule", e->rule);
    add_string(b, "cameo", e->cameo);
    json_builder_end_object(b);
}

/* One line of JSON for the builder's tree. */
static char *generate(JsonBuilder *b)
{
    JsonNode *root = json_builder_get_root(b);
    JsonGenerator *gen = json_generator_new();
    json_generator_set_root(gen, root);
    char *line = json_generator_to_data(gen, NULL);
    g_object_unref(gen);
    json_node_unref(root);
    g_object_unref(b);
    return line;
}

char *ng_docresult_to_json(const NgDocResult *r)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    add_string(b, "id", r->doc_id);
    add_string(b, "date", r->date);

    json_builder_set_member_name(b, "entities");
    json_builder_begin_array(b);
    for (guint i = 0; i < r->entities->len; i++)
        add_entity(b, r->entities->pdata[i]);
    json_builder_end_array(b);

    json_builder_set_member_name(b, "mentions");
    json_builder_begin_array(b);
    for (guint i = 0; i < r->mentions->len; i++) {
        const NgResultMention *m = &g_array_index(r->mentions, NgResultMention, i);
        json_builder_begin_array(b);
        json_builder_add_int_value(b, m->entity);
        json_builder_add_string_value(b, m->surface);
        json_builder_end_array(b);
    }
    json_builder_end_array(b);

    json_builder_set_member_name(b, "edges");
    json_builder_begin_array(b);
    for (guint i = 0; i < r->edges->len; i++)
        add_edge(b, &g_array_index(r->edges, NgResultEdge, i));
    json_builder_end_array(b);

    json_builder_end_object(b);
    return generate(b);
}

char *ng_results_header_to_json(const NgResultsHeader *h)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    add_string(b, "negraph", h->version);
    add_string(b, "config", h->config);
    add_string(b, "fingerprint", h->fingerprint);
    json_builder_end_object(b);
    return generate(b);
}

void ng_results_header_free(NgResultsHeader *h)
{
    if (!h)
        return;
    g_free(h->version);
    g_free(h->config);
    g_free(h->fingerprint);
    g_free(h);
}

/* ------------------------------------------------------------------ */
/* Decoding                                                            */

/* The first problem found, as "what: why"; later ones are ignored. */
static void bad(GError **error, const char *what, const char *why)
{
    if (error && !*error)
        g_set_error(error, NG_ERROR, NG_ERROR_FORMAT, "%s: %s", what, why);
}

static gboolean holds(JsonNode *n, GType type)
{
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == type;
}

/* A string member: NULL when absent or null (allowed unless `required`). */
static const char *get_string(JsonObject *o, const char *name,
                              gboolean required, GError **error)
{
    JsonNode *n = json_object_get_member(o, name);
    if ((!n || JSON_NODE_HOLDS_NULL(n)) && !required)
        return NULL;
    if (!holds(n, G_TYPE_STRING)) {
        bad(error, name, n ? "not a string" : "missing");
        return NULL;
    }
    return json_node_get_string(n);
}

/* An array member, which must be present. */
static JsonArray *get_array(JsonObject *o, const char *name, GError **error)
{
    JsonNode *n = json_object_get_member(o, name);
    if (!n || !JSON_NODE_HOLDS_ARRAY(n)) {
        bad(error, name, n ? "not an array" : "missing");
        return NULL;
    }
    return json_node_get_array(n);
}

/* An entity index below `n`. */
static guint32 get_index(JsonNode *node, const char *what, guint n,
                         GError **error)
{
    if (!holds(node, G_TYPE_INT64) || json_node_get_int(node) < 0 ||
        json_node_get_int(node) >= n) {
        bad(error, what, "not an entity index");
        return 0;
    }
    return (guint32)json_node_get_int(node);
}

static void decode_entity(NgDocResult *r, JsonNode *node, GError **error)
{
    if (!JSON_NODE_HOLDS_OBJECT(node)) {
        bad(error, "entities", "not an object");
        return;
    }
    JsonObject *o = json_node_get_object(node);
    const char *id = get_string(o, "id", TRUE, error);
    const char *name = get_string(o, "name", TRUE, error);
    const char *type = get_string(o, "type", TRUE, error);
    NgEntityType t = NG_TYPE_PERSON;
    if (type && !ng_entity_type_parse(type, &t))
        bad(error, "type", "not person, country or organization");
    JsonNode *an = json_object_get_member(o, "attrs");
    if (an && !JSON_NODE_HOLDS_OBJECT(an))
        bad(error, "attrs", "not an object");
    if (*error)
        return;
    if (g_hash_table_contains(r->by_id, id)) {
        bad(error, id, "entity listed twice");
        return;
    }
    NgEntity *e = g_new0(NgEntity, 1);   /* freed by ng_found_entity_free */
    e->id = g_strdup(id);
    e->name = g_strdup(name);
    e->type = t;
    if (an) {
        /* Members keep their order: the encoder wrote them sorted. */
        JsonObject *attrs = json_node_get_object(an);
        GList *names = json_object_get_members(attrs);
        e->n_attrs = g_list_length(names);
        e->attrs = g_new0(NgAttr, e->n_attrs ? e->n_attrs : 1);
        guint i = 0;
        for (GList *l = names; l; l = l->next, i++) {
            e->attrs[i].key = g_strdup(l->data);
            const char *v = get_string(attrs, l->data, TRUE, error);
            e->attrs[i].value = g_strdup(v ? v : "");
        }
        g_list_free(names);
    }
    g_ptr_array_add(r->entities, e);
    g_hash_table_insert(r->by_id, e->id, GUINT_TO_POINTER(r->entities->len));
}

static void decode_mention(NgDocResult *r, JsonNode *node, GError **error)
{
    JsonArray *a = JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node)
                                               : NULL;
    if (!a || json_array_get_length(a) != 2 ||
        !holds(json_array_get_element(a, 1), G_TYPE_STRING)) {
        bad(error, "mentions", "not an [entity, surface] pair");
        return;
    }
    guint32 e = get_index(json_array_get_element(a, 0), "mentions",
                          r->entities->len, error);
    if (!*error)
        ng_docresult_mention(r, e, json_array_get_string_element(a, 1));
}

static void decode_edge(NgDocResult *r, JsonNode *node, GError **error)
{
    if (!JSON_NODE_HOLDS_OBJECT(node)) {
        bad(error, "edges", "not an object");
        return;
    }
    JsonObject *o = json_node_get_object(node);
    const char *relation = get_string(o, "relation", TRUE, error);
    JsonNode *dn = json_object_get_member(o, "directed");
    if (!holds(dn, G_TYPE_BOOLEAN))
        bad(error, "directed", "not true or false");
    guint32 s = get_index(json_object_get_member(o, "source"), "source",
                          r->entities->len, error);
    guint32 t = get_index(json_object_get_member(o, "target"), "target",
                          r->entities->len, error);
    JsonNode *wn = json_object_get_member(o, "weight");
    double w = holds(wn, G_TYPE_DOUBLE) || holds(wn, G_TYPE_INT64)
             ? json_node_get_double(wn) : NAN;
    /* json-glib writes a whole number of 10^17 or more as "1e+17.0",
     * which it cannot read back: such weights (no document gives them)
     * are refused, so that what is read can be written. */
    if (!isfinite(w) || w <= 0 || w >= 1e15)
        bad(error, "weight", "not a number > 0 and below 10^15");
    const char *evidence = get_string(o, "evidence", FALSE, error);
    const char *rule = get_string(o, "rule", FALSE, error);
    const char *cameo = get_string(o, "cameo", FALSE, error);
    if (*error)
        return;
    if (!*relation || s == t) {
        bad(error, "edges", !*relation ? "empty relation" : "a self-loop");
        return;
    }
    ng_docresult_edge(r, relation, json_node_get_boolean(dn), s, t, w,
                      evidence, rule, cameo);
}

static NgDocResult *decode_result(JsonObject *o, GError **error)
{
    const char *id = get_string(o, "id", TRUE, error);
    const char *date = get_string(o, "date", FALSE, error);
    JsonArray *ents = get_array(o, "entities", error);
    JsonArray *ments = get_array(o, "mentions", error);
    JsonArray *edges = get_array(o, "edges", error);
    if (*error)
        return NULL;
    NgDocResult *r = ng_docresult_new(id, date);
    for (guint i = 0; !*error && i < json_array_get_length(ents); i++)
        decode_entity(r, json_array_get_element(ents, i), error);
    for (guint i = 0; !*error && i < json_array_get_length(ments); i++)
        decode_mention(r, json_array_get_element(ments, i), error);
    for (guint i = 0; !*error && i < json_array_get_length(edges); i++)
        decode_edge(r, json_array_get_element(edges, i), error);
    if (*error) {
        ng_docresult_free(r);
        return NULL;
    }
    return r;
}

static NgResultsHeader *decode_header(JsonObject *o, GError **error)
{
    const char *version = get_string(o, "negraph", TRUE, error);
    const char *config = get_string(o, "config", TRUE, error);
    const char *fingerprint = get_string(o, "fingerprint", TRUE, error);
    if (*error)
        return NULL;
    NgResultsHeader *h = g_new0(NgResultsHeader, 1);
    h->version = g_strdup(version);
    h->config = g_strdup(config);
    h->fingerprint = g_strdup(fingerprint);
    return h;
}

gboolean ng_results_line_parse(const char *line, gsize len,
                               NgDocResult **result, NgResultsHeader **header,
                               GError **error)
{
    *result = NULL;
    *header = NULL;
    GError *err = NULL;
    /* Checked on a copy: the check may repair escapes in place. */
    char *copy = g_strndup(line, len);
    guint fixed;
    const char *why = ng_json_line_check(copy, len, &fixed);
    if (why) {
        g_set_error(error, NG_ERROR, NG_ERROR_FORMAT, "%s", why);
        g_free(copy);
        return FALSE;
    }
    JsonParser *parser = json_parser_new_immutable();
    if (json_parser_load_from_data(parser, copy, (gssize)len, &err)) {
        JsonNode *root = json_parser_get_root(parser);
        if (!root || !JSON_NODE_HOLDS_OBJECT(root))
            bad(&err, "result", "not a JSON object");
        else if (json_object_has_member(json_node_get_object(root), "negraph"))
            *header = decode_header(json_node_get_object(root), &err);
        else
            *result = decode_result(json_node_get_object(root), &err);
    } else {
        /* Parser errors are in json-glib's domain: make them ours. */
        err->domain = NG_ERROR;
        err->code = NG_ERROR_FORMAT;
    }
    g_object_unref(parser);
    g_free(copy);
    if (err) {
        g_propagate_error(error, err);
        return FALSE;
    }
    return TRUE;
}

NgDocResult *ng_docresult_from_json(const char *line, gsize len,
                                    GError **error)
{
    NgDocResult *r;
    NgResultsHeader *h;
    if (!ng_results_line_parse(line, len, &r, &h, error))
        return NULL;
    if (h) {
        ng_results_header_free(h);
        g_set_error(error, NG_ERROR, NG_ERROR_FORMAT,
                    "a header line where a document result was expected");
    }
    return r;
}
