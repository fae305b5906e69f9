/*
 * docresult_bin.c - results as compact GVariants (see docresult_bin.h).
 */
#include "docresult_bin.h"

#include <math.h>
#include <string.h>

#include "ng.h"

#define RESULT_TYPE "(auayad)"

/* The three columns, in the order of RESULT_TYPE. */
enum { C_INTS, C_BYTES, C_WEIGHTS, N_COLUMNS };

/* Per edge: which optional strings follow its relation; SAME_* say that
 * a string is the one of the edge before, and is not written again (the
 * pairs of a sentence's names come one after the other, each with the
 * sentence: a third of the stored bytes on Reuters-21578 were repeats). */
enum {
    HAS_EVIDENCE = 1, HAS_RULE = 2, HAS_CAMEO = 4,
    SAME_EVIDENCE = 8, SAME_RELATION = 16,
};

/* ------------------------------------------------------------------ */
/* Encoding                                                            */

static void put(GByteArray *bytes, const char *s)
{
    g_byte_array_append(bytes, (const guint8 *)s, (guint)strlen(s) + 1);
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
    /* The integers: counts, attributes per entity, mention entities,
     * edge sources and targets. */
    guint32 *ints = g_new(guint32, 2 + ne + nm + 2 * (gsize)nd);
    guint32 *n_attrs = ints + 2, *mention_ent = n_attrs + ne;
    guint32 *source = mention_ent + nm, *target = source + nd;
    ints[0] = ne;
    ints[1] = nm;
    /* The bytes: whether there is a date, the entity types, the edges'
     * directions and optional strings (at these offsets), then the
     * strings. bytes->data moves as strings are put: indexes, not
     * pointers. */
    gsize at_type = 1, at_directed = at_type + ne, at_has = at_directed + nd;
    GByteArray *bytes = g_byte_array_new();
    g_byte_array_set_size(bytes, (guint)(at_has + nd));
    bytes->data[0] = r->date != NULL;
    double *weight = g_new(double, nd + 1);

    put(bytes, r->doc_id);
    if (r->date)
        put(bytes, r->date);
    for (guint i = 0; i < ne; i++) {
        const NgEntity *e = r->entities->pdata[i];
        bytes->data[at_type + i] = (guint8)e->type;
        n_attrs[i] = e->n_attrs;
        put(bytes, e->id);
        put(bytes, e->name);
        for (guint a = 0; a < e->n_attrs; a++) {
            put(bytes, e->attrs[a].key);
            put(bytes, e->attrs[a].value);
        }
    }
    for (guint i = 0; i < nm; i++) {
        const NgResultMention *m = &g_array_index(r->mentions, NgResultMention, i);
        mention_ent[i] = m->entity;
        put(bytes, m->surface);
    }
    const NgResultEdge *prev = NULL;
    for (guint i = 0; i < nd; i++) {
        const NgResultEdge *e = &g_array_index(r->edges, NgResultEdge, i);
        gboolean same_relation = prev && !strcmp(e->relation, prev->relation);
        gboolean same_evidence = prev && e->evidence && prev->evidence &&
                                 !strcmp(e->evidence, prev->evidence);
        bytes->data[at_directed + i] = e->directed ? 1 : 0;
        bytes->data[at_has + i] =
            (same_evidence ? SAME_EVIDENCE : e->evidence ? HAS_EVIDENCE : 0) |
            (e->rule ? HAS_RULE : 0) | (e->cameo ? HAS_CAMEO : 0) |
            (same_relation ? SAME_RELATION : 0);
        source[i] = e->source;
        target[i] = e->target;
        weight[i] = e->weight;
        if (!same_relation)
            put(bytes, e->relation);
        const char *optional[] = { same_evidence ? NULL : e->evidence,
                                   e->rule, e->cameo };
        for (guint k = 0; k < G_N_ELEMENTS(optional); k++)
            if (optional[k])
                put(bytes, optional[k]);
        prev = e;
    }

    GVariant *c[N_COLUMNS] = {
        [C_INTS] = fixed("u", ints, 2 + ne + nm + 2 * (gsize)nd, 4),
        [C_BYTES] = fixed("y", bytes->data, bytes->len, 1),
        [C_WEIGHTS] = fixed("d", weight, nd, 8),
    };
    GVariant *v = g_variant_ref_sink(g_variant_new_tuple(c, N_COLUMNS));
    GBytes *out = g_variant_get_data_as_bytes(v);
    g_variant_unref(v);
    g_byte_array_free(bytes, TRUE);
    g_free(ints);
    g_free(weight);
    return out;
}

/* ------------------------------------------------------------------ */
/* Decoding                                                            */

/* The columns of one result, borrowed from its GVariant. */
typedef struct {
    gsize ne, nm, nd;         /* entities, mentions, edges */
    gboolean dated;
    const guint8 *ent_type, *directed, *has;
    const guint32 *n_attrs, *mention_ent, *source, *target;
    const double *weight;
    const char *strings;
    gsize n_strings;
    const char *next, *end;   /* the pool's copy of the strings, read in
                                 order */
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
    guint8 type = c->ent_type[i];
    guint32 n_attrs = c->n_attrs[i];
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
    guint32 s = c->source[i], t = c->target[i];
    double w = c->weight[i];
    guint8 has = c->has[i];
    const NgResultEdge *prev =
        i > 0 ? &g_array_index(r->edges, NgResultEdge, i - 1) : NULL;
    if ((has & SAME_RELATION && !prev) ||
        (has & SAME_EVIDENCE && (has & HAS_EVIDENCE || !prev ||
                                 !prev->evidence)))
        return bad(error, "a repeat of nothing");
    char *relation = has & SAME_RELATION ? prev->relation : next(c);
    char *optional[3] = { NULL, NULL, NULL };
    for (guint k = 0; k < G_N_ELEMENTS(optional); k++)
        if (has & (1u << k) && !(optional[k] = next(c)))
            return bad(error, "strings missing");
    if (has & SAME_EVIDENCE)
        optional[0] = prev->evidence;
    if (!relation || !*relation)
        return bad(error, "an empty relation");
    if (s >= c->ne || t >= c->ne || s == t)
        return bad(error, "an edge end out of range or a self-loop");
    if (!isfinite(w) || w <= 0)
        return bad(error, "a weight that is not a number > 0");
    NgResultEdge e = {
        relation, c->directed[i], s, t, w, optional[0], optional[1],
        optional[2],
    };
    g_array_append_val(r->edges, e);
    return TRUE;
}

/* Everything after the id and date, into the pooled result r whose pool
 * starts with room for `ne` entities, then `na` attributes, then `ne`
 * pointers. */
static gboolean decode(NgDocResult *r, Columns *c, gsize na, GError **error)
{
    NgEntity *ents = r->pool;
    NgAttr *attr = (NgAttr *)(ents + c->ne), *attr_end = attr + na;
    for (gsize i = 0; i < c->ne; i++) {
        if (!decode_entity(c, i, &ents[i], &attr, attr_end, error))
            return FALSE;
        g_ptr_array_add(r->entities, &ents[i]);
    }
    if (ids_repeat(ents, c->ne, (const char **)attr_end))
        return bad(error, "an entity listed twice");
    for (gsize i = 0; i < c->nm; i++) {
        NgResultMention m = { c->mention_ent[i], next(c) };
        if (!m.surface)
            return bad(error, "strings missing");
        if (m.entity >= c->ne)
            return bad(error, "a mention of an entity out of range");
        g_array_append_val(r->mentions, m);
    }
    for (gsize i = 0; i < c->nd; i++)
        if (!decode_edge(r, c, i, error))
            return FALSE;
    if (c->next != c->end)
        return bad(error, "strings left over");
    return TRUE;
}

/* The pooled result of the columns: the pool holds the entities, their
 * attributes, scratch room for ids_repeat and a copy of the string table,
 * which the result's strings point into. */
static NgDocResult *decode_pooled(Columns *c, GError **error)
{
    gsize ne = c->ne, ns = c->n_strings;
    /* The strings go into GraphML: a damaged state must not bring bytes
     * that are not UTF-8 (NULs only end strings). */
    if (ns && !ng_utf8_valid(c->strings, ns, NULL)) {
        bad(error, "a string that is not UTF-8");
        return NULL;
    }
    /* Two strings per attribute, a byte at least each: this bounds the
     * pool by the size of the input. */
    guint64 na = 0;
    for (gsize i = 0; i < ne; i++)
        na += c->n_attrs[i];
    if (na > ns / 2) {
        bad(error, "attributes missing");
        return NULL;
    }
    gsize head = ne * sizeof(NgEntity) + na * sizeof(NgAttr) +
                 ne * sizeof(char *);
    char *pool = g_malloc(head + ns + 1);
    if (ns)
        memcpy(pool + head, c->strings, ns);
    c->next = pool + head;
    c->end = c->next + ns;
    char *id = next(c);
    char *date = c->dated ? next(c) : NULL;
    if (!id || (c->dated && !date)) {
        g_free(pool);
        bad(error, "strings missing");
        return NULL;
    }
    NgDocResult *r = ng_docresult_new_pooled(pool, ne, c->nm, c->nd);
    r->doc_id = id;
    r->date = date;
    if (!decode(r, c, na, error))
        g_clear_pointer(&r, ng_docresult_free);
    return r;
}

/* Cut the integer and byte columns into the arrays they hold (the layout
 * in docresult_bin.h). */
static gboolean split(Columns *c, const guint32 *ints, gsize n_ints,
                      const guint8 *bytes, gsize n_bytes, GError **error)
{
    if (n_ints < 2 || n_bytes < 1)
        return bad(error, "columns missing");
    c->ne = ints[0];
    c->nm = ints[1];
    /* In 64 bits: counts from a damaged file cannot wrap around. */
    if (2 + (guint64)c->ne + c->nm + 2 * (guint64)c->nd != n_ints ||
        1 + (guint64)c->ne + 2 * (guint64)c->nd > n_bytes)
        return bad(error, "columns of different lengths");
    c->n_attrs = ints + 2;
    c->mention_ent = c->n_attrs + c->ne;
    c->source = c->mention_ent + c->nm;
    c->target = c->source + c->nd;
    c->dated = bytes[0] != 0;
    c->ent_type = bytes + 1;
    c->directed = c->ent_type + c->ne;
    c->has = c->directed + c->nd;
    c->strings = (const char *)(c->has + c->nd);
    c->n_strings = n_bytes - (gsize)((const guint8 *)c->strings - bytes);
    return TRUE;
}

/* GLib drops its description of a container type when the last value of
 * that type goes, and builds it again for the next one: under a lock,
 * for every stored result. An empty value of the type, kept for good,
 * keeps the description. */
static void keep_type(void)
{
    static GVariant *kept;
    if (g_once_init_enter(&kept)) {
        GVariant *empty = g_variant_new_from_data(
            G_VARIANT_TYPE(RESULT_TYPE), NULL, 0, FALSE, NULL, NULL);
        g_once_init_leave(&kept, g_variant_ref_sink(empty));
    }
}

NgDocResult *ng_docresult_from_bin(const void *data, gsize len,
                                   GError **error)
{
    keep_type();
    /* Not trusted: GVariant checks the framing as it reads; a column it
     * cannot frame reads as empty, which the checks above refuse. */
    GVariant *v = g_variant_ref_sink(g_variant_new_from_data(
        G_VARIANT_TYPE(RESULT_TYPE), data, len, FALSE, NULL, NULL));
    GVariant *col[N_COLUMNS];
    for (int i = 0; i < N_COLUMNS; i++)
        col[i] = g_variant_get_child_value(v, (gsize)i);
    gsize n_ints, n_bytes;
    const guint32 *ints = g_variant_get_fixed_array(col[C_INTS], &n_ints, 4);
    const guint8 *bytes = g_variant_get_fixed_array(col[C_BYTES], &n_bytes, 1);
    Columns c = { 0 };
    c.weight = g_variant_get_fixed_array(col[C_WEIGHTS], &c.nd, 8);
    NgDocResult *r = split(&c, ints, n_ints, bytes, n_bytes, error)
                         ? decode_pooled(&c, error) : NULL;
    for (int i = 0; i < N_COLUMNS; i++)
        g_variant_unref(col[i]);
    g_variant_unref(v);
    return r;
}
