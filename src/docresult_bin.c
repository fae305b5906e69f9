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
    const char *next, *end;   /* the string table (the pool's copy), read
                                 in order */
} Columns;

static gboolean bad(GError **error, const char *why)
{
    g_set_error(error, NG_ERROR, NG_ERROR_FORMAT, "stored result: %s", why);
    return FALSE;
}

/* The next string of the table, or NULL when it is exhausted. */
static char *next(Columns *c)
{
    return (char *)ng_strtab_next(&c->next, c->end);
}

/* Entity i into *e, its attributes into *attr on (moved past them), up
 * to attr_end. */
static gboolean decode_entity(Columns *c, gsize i, NgEntity *e, NgAttr **attr,
                              const NgAttr *attr_end, GError **error)
{
    guint8 type = ((const guint8 *)c->data[C_ENT_TYPE])[i];
    guint32 n_attrs = ((const guint32 *)c->data[C_ENT_NATTRS])[i];
    char *id = next(c), *name = next(c);
    if (!name)
        return bad(error, "strings missing");
    if (type >= NG_N_TYPES)
        return bad(error, "an unknown entity type");
    if (n_attrs > (gsize)(attr_end - *attr))
        return bad(error, "attributes missing");
    *e = (NgEntity){ .id = id, .name = name, .type = (NgEntityType)type,
                     .attrs = *attr, .n_attrs = n_attrs };
    for (guint32 a = 0; a < n_attrs; a++) {
        char *key = next(c), *value = next(c);
        if (!value)
            return bad(error, "strings missing");
        (*attr)[a] = (NgAttr){ key, value };
    }
    *attr += n_attrs;
    return TRUE;
}

static int compare_ids(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether two of the `n` entities at `ents` have the same id; `ids` has
 * room for n pointers. */
static gboolean ids_repeat(const NgEntity *ents, gsize n, const char **ids)
{
    for (gsize i = 0; i < n; i++)
        ids[i] = ents[i].id;
    qsort(ids, n, sizeof *ids, compare_ids);
    for (gsize i = 1; i < n; i++)
        if (!strcmp(ids[i - 1], ids[i]))
            return TRUE;
    return FALSE;
}

static gboolean decode_edge(NgDocResult *r, Columns *c, gsize i,
                            GError **error)
{
    guint32 s = ((const guint32 *)c->data[C_SOURCE])[i];
    guint32 t = ((const guint32 *)c->data[C_TARGET])[i];
    double w = ((const double *)c->data[C_WEIGHT])[i];
    guint8 has = ((const guint8 *)c->data[C_EDGE_HAS])[i];
    char *relation = next(c);
    char *optional[3] = { NULL, NULL, NULL };
    for (guint k = 0; k < G_N_ELEMENTS(optional); k++)
        if (has & (1u << k) && !(optional[k] = next(c)))
            return bad(error, "strings missing");
    if (!relation || !*relation)
        return bad(error, "an empty relation");
    if (s >= r->entities->len || t >= r->entities->len || s == t)
        return bad(error, "an edge end out of range or a self-loop");
    if (!isfinite(w) || w <= 0)
        return bad(error, "a weight that is not a number > 0");
    NgResultEdge e = {
        relation, ((const guint8 *)c->data[C_DIRECTED])[i], s, t, w,
        optional[0], optional[1], optional[2],
    };
    g_array_append_val(r->edges, e);
    return TRUE;
}

/* Everything after the id and date, into the pooled result r whose pool
 * starts with room for `ne` entities, then `na` attributes, then `ne`
 * pointers. */
static gboolean decode(NgDocResult *r, Columns *c, gsize ne, gsize na,
                       GError **error)
{
    NgEntity *ents = r->pool;
    NgAttr *attr = (NgAttr *)(ents + ne), *attr_end = attr + na;
    for (gsize i = 0; i < ne; i++) {
        if (!decode_entity(c, i, &ents[i], &attr, attr_end, error))
            return FALSE;
        g_ptr_array_add(r->entities, &ents[i]);
    }
    if (ids_repeat(ents, ne, (const char **)attr_end))
        return bad(error, "an entity listed twice");
    const guint32 *ment = c->data[C_MENTION_ENT];
    for (gsize i = 0; i < c->n[C_MENTION_ENT]; i++) {
        NgResultMention m = { ment[i], next(c) };
        if (!m.surface)
            return bad(error, "strings missing");
        if (ment[i] >= ne)
            return bad(error, "a mention of an entity out of range");
        g_array_append_val(r->mentions, m);
    }
    for (gsize i = 0; i < c->n[C_WEIGHT]; i++)
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

/* The pooled result of the columns: the pool holds the entities, their
 * attributes, scratch room for ids_repeat and a copy of the string table,
 * which the result's strings point into. */
static NgDocResult *decode_pooled(Columns *c, GError **error)
{
    gsize ne = c->n[C_ENT_TYPE], nm = c->n[C_MENTION_ENT];
    gsize nd = c->n[C_WEIGHT], ns = c->n[C_STRINGS];
    if (c->n[C_ENT_NATTRS] != ne || c->n[C_DIRECTED] != nd ||
        c->n[C_SOURCE] != nd || c->n[C_TARGET] != nd || c->n[C_EDGE_HAS] != nd) {
        bad(error, "columns of different lengths");
        return NULL;
    }
    /* The strings go into GraphML: a damaged state must not bring bytes
     * that are not UTF-8 (NULs only end strings). */
    if (ns && !ng_utf8_valid(c->data[C_STRINGS], ns, NULL)) {
        bad(error, "a string that is not UTF-8");
        return NULL;
    }
    /* Two strings per attribute, a byte at least each: this bounds the
     * pool by the size of the input. */
    guint64 na = 0;
    for (gsize i = 0; i < ne; i++)
        na += ((const guint32 *)c->data[C_ENT_NATTRS])[i];
    if (na > ns / 2) {
        bad(error, "attributes missing");
        return NULL;
    }
    gsize head = ne * sizeof(NgEntity) + na * sizeof(NgAttr) +
                 ne * sizeof(char *);
    char *pool = g_malloc(head + ns + 1);
    if (ns)
        memcpy(pool + head, c->data[C_STRINGS], ns);
    c->next = pool + head;
    c->end = c->next + ns;
    gboolean dated = g_variant_get_byte(c->col[C_HAS_DATE]);
    char *id = next(c);
    char *date = dated ? next(c) : NULL;
    if (!id || (dated && !date)) {
        g_free(pool);
        bad(error, "strings missing");
        return NULL;
    }
    NgDocResult *r = ng_docresult_new_pooled(pool, ne, nm, nd);
    r->doc_id = id;
    r->date = date;
    if (!decode(r, c, ne, na, error))
        g_clear_pointer(&r, ng_docresult_free);
    return r;
}

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
    NgDocResult *r = decode_pooled(&c, error);
    for (int i = 0; i < N_COLUMNS; i++)
        g_variant_unref(c.col[i]);
    g_variant_unref(v);
    return r;
}
