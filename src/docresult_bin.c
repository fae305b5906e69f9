/*
 * docresult_bin.c - results as compact GVariants (see docresult_bin.h).
 */
#include "docresult_bin.h"

#include <math.h>
#include <string.h>

#include "ng.h"

#define RESULT_TYPE "(yayayauauabauauaday)"

/* The columns, in the order of RESULT_TYPE. */
enum {
    C_HAS_DATE, C_STRINGS, C_ENT_TYPE, C_ENT_NATTRS, C_MENTION_ENT,
    C_DIRECTED, C_SOURCE, C_TARGET, C_WEIGHT, C_EDGE_HAS, N_COLUMNS
};

enum { HAS_EVIDENCE = 1, HAS_RULE = 2, HAS_CAMEO = 4 };

/* ------------------------------------------------------------------ */
/* Encoding                                                            */

static void put(GByteArray *strings, const char *s)
{
    g_byte_array_append(strings, (const guint8 *)s, (guint)strlen(s) + 1);
}

/* An array of n elements of the basic type `element`, `size` bytes each. */
static GVariant *fixed(const char *element, gconstpointer data, gsize n,
                       gsize size)
{
    return g_variant_new_fixed_array(G_VARIANT_TYPE(element), data, n, size);
}

GBytes *ng_docresult_to_bin(const NgDocResult *r)
{
    guint ne = r->entities->len, nm = r->mentions->len, nd = r->edges->len;
    GByteArray *strings = g_byte_array_new();
    put(strings, r->doc_id);
    if (r->date)
        put(strings, r->date);

    guint8 *ent_type = g_new(guint8, ne + 1);
    guint32 *n_attrs = g_new(guint32, ne + 1);
    for (guint i = 0; i < ne; i++) {
        const NgEntity *e = r->entities->pdata[i];
        ent_type[i] = (guint8)e->type;
        n_attrs[i] = e->n_attrs;
        put(strings, e->id);
        put(strings, e->name);
        for (guint a = 0; a < e->n_attrs; a++) {
            put(strings, e->attrs[a].key);
            put(strings, e->attrs[a].value);
        }
    }

    guint32 *mention_ent = g_new(guint32, nm + 1);
    for (guint i = 0; i < nm; i++) {
        const NgResultMention *m = &g_array_index(r->mentions, NgResultMention, i);
        mention_ent[i] = m->entity;
        put(strings, m->surface);
    }

    guint8 *directed = g_new(guint8, nd + 1), *has = g_new(guint8, nd + 1);
    guint32 *source = g_new(guint32, nd + 1), *target = g_new(guint32, nd + 1);
    double *weight = g_new(double, nd + 1);
    for (guint i = 0; i < nd; i++) {
        const NgResultEdge *e = &g_array_index(r->edges, NgResultEdge, i);
        directed[i] = e->directed ? 1 : 0;
        source[i] = e->source;
        target[i] = e->target;
        weight[i] = e->weight;
        has[i] = (e->evidence ? HAS_EVIDENCE : 0) | (e->rule ? HAS_RULE : 0) |
                 (e->cameo ? HAS_CAMEO : 0);
        put(strings, e->relation);
        const char *optional[] = { e->evidence, e->rule, e->cameo };
        for (guint k = 0; k < G_N_ELEMENTS(optional); k++)
            if (optional[k])
                put(strings, optional[k]);
    }

    GVariant *c[N_COLUMNS] = {
        [C_HAS_DATE] = g_variant_new_byte(r->date != NULL),
        [C_STRINGS] = fixed("y", strings->data, strings->len, 1),
        [C_ENT_TYPE] = fixed("y", ent_type, ne, 1),
        [C_ENT_NATTRS] = fixed("u", n_attrs, ne, 4),
        [C_MENTION_ENT] = fixed("u", mention_ent, nm, 4),
        [C_DIRECTED] = fixed("b", directed, nd, 1),
        [C_SOURCE] = fixed("u", source, nd, 4),
        [C_TARGET] = fixed("u", target, nd, 4),
        [C_WEIGHT] = fixed("d", weight, nd, 8),
        [C_EDGE_HAS] = fixed("y", has, nd, 1),
    };
    GVariant *v = g_variant_ref_sink(g_variant_new_tuple(c, N_COLUMNS));
    GBytes *bytes = g_variant_get_data_as_bytes(v);
    g_variant_unref(v);

    g_byte_array_free(strings, TRUE);
    g_free(ent_type);
    g_free(n_attrs);
    g_free(mention_ent);
    g_free(directed);
    g_free(has);
    g_free(source);
    g_free(target);
    g_free(weight);
    return bytes;
}

/* ------------------------------------------------------------------ */
/* Decoding                                                            */

/* The columns of one result, borrowed from its GVariant. */
typedef struct {
    GVariant *col[N_COLUMNS];
    const void *data[N_COLUMNS];
    gsize n[N_COLUMNS];
    const char *next, *end;   /* the string table, read in order */
} Columns;

static gboolean bad(GError **error, const char *why)
{
    g_set_error(error, NG_ERROR, NG_ERROR_FORMAT, "stored result: %s", why);
    return FALSE;
}

/* The next string of the table, or NULL when it is exhausted. */
static const char *next(Columns *c)
{
    return ng_strtab_next(&c->next, c->end);
}

static gboolean decode_entity(NgDocResult *r, Columns *c, gsize i,
                              GError **error)
{
    guint8 type = ((const guint8 *)c->data[C_ENT_TYPE])[i];
    guint32 n_attrs = ((const guint32 *)c->data[C_ENT_NATTRS])[i];
    const char *id = next(c), *name = next(c);
    if (!name)
        return bad(error, "strings missing");
    if (type >= NG_N_TYPES)
        return bad(error, "an unknown entity type");
    /* Two strings per attribute, a byte at least each. */
    if (n_attrs > (gsize)(c->end - c->next) / 2)
        return bad(error, "attributes missing");
    if (g_hash_table_contains(r->by_id, id))
        return bad(error, "an entity listed twice");
    NgEntity *e = g_new0(NgEntity, 1);   /* freed by ng_found_entity_free */
    e->id = g_strdup(id);
    e->name = g_strdup(name);
    e->type = (NgEntityType)type;
    e->attrs = g_new0(NgAttr, n_attrs ? n_attrs : 1);
    g_ptr_array_add(r->entities, e);
    g_hash_table_insert(r->by_id, e->id, GUINT_TO_POINTER(r->entities->len));
    for (; e->n_attrs < n_attrs; e->n_attrs++) {
        const char *key = next(c), *value = next(c);
        if (!value)
            return bad(error, "strings missing");
        e->attrs[e->n_attrs].key = g_strdup(key);
        e->attrs[e->n_attrs].value = g_strdup(value);
    }
    return TRUE;
}

static gboolean decode_edge(NgDocResult *r, Columns *c, gsize i,
                            GError **error)
{
    guint32 s = ((const guint32 *)c->data[C_SOURCE])[i];
    guint32 t = ((const guint32 *)c->data[C_TARGET])[i];
    double w = ((const double *)c->data[C_WEIGHT])[i];
    guint8 has = ((const guint8 *)c->data[C_EDGE_HAS])[i];
    const char *relation = next(c);
    const char *optional[3] = { NULL, NULL, NULL };
    for (guint k = 0; k < G_N_ELEMENTS(optional); k++)
        if (has & (1u << k) && !(optional[k] = next(c)))
            return bad(error, "strings missing");
    if (!relation || !*relation)
        return bad(error, "an empty relation");
    if (s >= r->entities->len || t >= r->entities->len || s == t)
        return bad(error, "an edge end out of range or a self-loop");
    if (!isfinite(w) || w <= 0)
        return bad(error, "a weight that is not a number > 0");
    ng_docresult_edge(r, relation, ((const guint8 *)c->data[C_DIRECTED])[i],
                      s, t, w, optional[0], optional[1], optional[2]);
    return TRUE;
}

static gboolean decode(NgDocResult *r, Columns *c, GError **error)
{
    gsize ne = c->n[C_ENT_TYPE], nm = c->n[C_MENTION_ENT];
    gsize nd = c->n[C_WEIGHT];
    if (c->n[C_ENT_NATTRS] != ne || c->n[C_DIRECTED] != nd ||
        c->n[C_SOURCE] != nd || c->n[C_TARGET] != nd || c->n[C_EDGE_HAS] != nd)
        return bad(error, "columns of different lengths");
    for (gsize i = 0; i < ne; i++)
        if (!decode_entity(r, c, i, error))
            return FALSE;
    const guint32 *ment = c->data[C_MENTION_ENT];
    for (gsize i = 0; i < nm; i++) {
        const char *surface = next(c);
        if (!surface)
            return bad(error, "strings missing");
        if (ment[i] >= ne)
            return bad(error, "a mention of an entity out of range");
        ng_docresult_mention(r, ment[i], surface);
    }
    for (gsize i = 0; i < nd; i++)
        if (!decode_edge(r, c, i, error))
            return FALSE;
    if (c->next != c->end)
        return bad(error, "strings left over");
    return TRUE;
}

/* Element sizes of the array columns (0: not an array). */
static const gsize element_size[N_COLUMNS] = {
    [C_STRINGS] = 1, [C_ENT_TYPE] = 1, [C_ENT_NATTRS] = 4,
    [C_MENTION_ENT] = 4, [C_DIRECTED] = 1, [C_SOURCE] = 4, [C_TARGET] = 4,
    [C_WEIGHT] = 8, [C_EDGE_HAS] = 1,
};

NgDocResult *ng_docresult_from_bin(const void *data, gsize len,
                                   GError **error)
{
    /* Not trusted: GVariant checks the framing as it reads; a column it
     * cannot frame reads as empty, which the checks above refuse. */
    GVariant *v = g_variant_ref_sink(g_variant_new_from_data(
        G_VARIANT_TYPE(RESULT_TYPE), data, len, FALSE, NULL, NULL));
    Columns c = { 0 };
    for (int i = 0; i < N_COLUMNS; i++) {
        c.col[i] = g_variant_get_child_value(v, (gsize)i);
        if (element_size[i])
            c.data[i] = g_variant_get_fixed_array(c.col[i], &c.n[i],
                                                  element_size[i]);
    }
    c.next = c.data[C_STRINGS];
    c.end = c.next ? c.next + c.n[C_STRINGS] : NULL; /* NULL + 0 is undefined */
    NgDocResult *r = NULL;
    /* The strings go into GraphML: a damaged state must not bring bytes
     * that are not UTF-8 (NULs only end strings). */
    gboolean utf8 = !c.next || ng_utf8_valid(c.next, c.n[C_STRINGS], NULL);
    const char *id = utf8 ? next(&c) : NULL;
    const char *date = g_variant_get_byte(c.col[C_HAS_DATE]) ? next(&c) : "";
    if (!utf8) {
        bad(error, "a string that is not UTF-8");
    } else if (!id || !date) {
        bad(error, "strings missing");
    } else {
        r = ng_docresult_new(id, g_variant_get_byte(c.col[C_HAS_DATE]) ? date
                                                                        : NULL);
        if (!decode(r, &c, error))
            g_clear_pointer(&r, ng_docresult_free);
    }
    for (int i = 0; i < N_COLUMNS; i++)
        g_variant_unref(c.col[i]);
    g_variant_unref(v);
    return r;
}
