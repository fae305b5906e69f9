/*
 * config_cache.c - the gazetteers and matcher as a file (config_cache.h).
 *
 * Reading must cost little more than mapping the file: the columns are
 * used in place (GVariant fixed arrays point into the mapping), strings
 * are not copied (the gazetteer keeps the mapping), and the matcher's
 * hash tables are stored as they are in memory and matched with where
 * they are mapped (matcher_tables.h), once checked, instead of tokenizing
 * and folding 100,000 aliases, or filling fresh tables.
 */
#include "config_cache.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gazetteer_int.h"
#include "matcher_tables.h"
#include "names_tables.h"
#include "ng.h"

#define MAGIC "NGCACHE"         /* and its NUL: 8 bytes */
#define VERSION 2
#define HEADER_SIZE 96
#define FINGERPRINT_MAX 64

/* The columns, in order. */
#define CONFIG_CACHE_TYPE "(asayauauauayauauauauauau" \
    "aya" NG_MATCHER_SLOT_TYPE "aya" NG_MATCHER_EDGE_TYPE "atauau" \
    "auauauauauayauauau)"
enum {
    C_WARNINGS,   /* as: the warnings loading gave */
    C_STRINGS,    /* ay: every string, each ending in NUL */
    C_ENT_ID,     /* au: per entity, offsets in C_STRINGS */
    C_ENT_NAME,
    C_ENT_ORIGIN, /* au: offset + 1, 0 for none */
    C_ENT_TYPE,   /* ay: NgEntityType */
    C_ENT_NATTRS, /* au: attributes, in C_ATTR_* in entity order */
    C_ATTR_KEY,   /* au: offsets */
    C_ATTR_VALUE,
    C_ALIAS_TEXT, /* au: offsets */
    C_ALIAS_ENTITY,
    C_ALIAS_FLAGS,
    C_POOL,       /* ay, slots, ay, edges, at, au, au: NgMatcherTables */
    C_SLOTS,
    C_TAGS,
    C_EDGES,
    C_CHILDREN,
    C_TERM_START,
    C_TERM,
    C_SURNAME,    /* au, au, au, au, au, ay, au, au, au: NgNamesTables, */
    C_N_REFS,     /* strings as offsets (+ 1 for ref_first, 0: none) */
    C_REF_ENTITY,
    C_REF_FIRST,
    C_REF_YEARS,
    C_REF_LEADER,
    C_FIRST_NAME,
    C_FIRST_COUNT,
    C_ONE_WORD,
    N_COLUMNS
};

/* Fill the header of buf, whose len bytes of payload follow it. */
static void put_header(guint8 *buf, const char *fingerprint, gsize len)
{
    memset(buf, 0, HEADER_SIZE);
    memcpy(buf, MAGIC, sizeof MAGIC);
    guint32 version = GUINT32_TO_LE(VERSION);
    memcpy(buf + 8, &version, 4);
    strncpy((char *)buf + 16, fingerprint, FINGERPRINT_MAX);
    guint64 n = GUINT64_TO_LE((guint64)len);
    guint64 sum = GUINT64_TO_LE(ng_checksum64(buf + HEADER_SIZE, len));
    memcpy(buf + 80, &n, 8);
    memcpy(buf + 88, &sum, 8);
}

GBytes *ng_config_cache_frame(const char *fingerprint, const void *payload,
                              gsize len)
{
    guint8 *buf = g_malloc(HEADER_SIZE + len);
    if (len)
        memcpy(buf + HEADER_SIZE, payload, len);
    put_header(buf, fingerprint, len);
    return g_bytes_new_take(buf, HEADER_SIZE + len);
}

/* ------------------------------------------------------------------------
 * Writing
 * ------------------------------------------------------------------------ */

/* The string table: each distinct string once. */
typedef struct {
    GByteArray *bytes;
    GHashTable *offsets; /* string -> offset + 1 */
} Strings;

static guint32 string_ref(Strings *st, const char *s)
{
    guint32 off = GPOINTER_TO_UINT(g_hash_table_lookup(st->offsets, s));
    if (off)
        return off - 1;
    off = st->bytes->len;
    g_byte_array_append(st->bytes, (const guint8 *)s, (guint)strlen(s) + 1);
    g_hash_table_insert(st->offsets, (gpointer)s, GUINT_TO_POINTER(off + 1));
    return off;
}

/* A column of n elements of `size` bytes at `data`, which is not copied:
 * it must stay until the columns are serialised (`owned`: then freed
 * with them). A copy of every column beside its source took a run that
 * writes the cache of 500,000 aliases from 497 to 579 MB at peak. An
 * array of fixed-size elements serialises as the elements one after the
 * other, so the file is the same either way. */
static GVariant *column_of(const char *element, gconstpointer data, gsize n,
                           gsize size, gboolean owned)
{
    char *type = g_strconcat("a", element, NULL);
    static const guint64 none[1];   /* aligned for any element */
    GVariant *v = g_variant_new_from_data(G_VARIANT_TYPE(type),
                                          n ? data : none, n * size, TRUE,
                                          owned ? g_free : NULL,
                                          owned ? (gpointer)data : NULL);
    g_free(type);
    return v;
}

static GVariant *column(const char *element, gconstpointer data, gsize n,
                        gsize size)
{
    return column_of(element, data, n, size, FALSE);
}

static GVariant *u32s(GArray *a)
{
    return column("u", a->data, a->len, sizeof(guint32));
}

static void push(GArray *a, guint32 v)
{
    g_array_append_val(a, v);
}

void ng_cached_config_clear(NgCachedConfig *c)
{
    ng_names_free(c->names);
    ng_matcher_free(c->matcher);
    ng_gazetteer_free(c->gazetteer);
    if (c->warnings)
        g_ptr_array_free(c->warnings, TRUE);
    memset(c, 0, sizeof *c);
}

/* The offset + 1 of s in the string table, 0 for NULL. */
static guint32 string_ref_or_null(Strings *st, const char *s)
{
    return s ? string_ref(st, s) + 1 : 0;
}

/* A column of the string table offsets of s[0..n). */
static GVariant *string_column(Strings *st, const char *const *s, guint32 n)
{
    guint32 *off = g_new(guint32, n + 1);
    for (guint32 i = 0; i < n; i++)
        off[i] = string_ref(st, s[i]);
    return column_of("u", off, n, 4, TRUE);
}

GBytes *ng_config_cache_encode(const char *fingerprint, const NgCachedConfig *cc)
{
    const NgGazetteer *gz = cc->gazetteer;
    const GPtrArray *warnings = cc->warnings;
    g_return_val_if_fail(strlen(fingerprint) <= FINGERPRINT_MAX, NULL);
    Strings st = { g_byte_array_new(), g_hash_table_new(g_str_hash, g_str_equal) };
    guint ne = gz->entities->len, na = gz->aliases->len;
    GArray *col[N_COLUMNS] = { NULL };
    for (int c = C_ENT_ID; c < N_COLUMNS; c++)
        col[c] = g_array_new(FALSE, FALSE, sizeof(guint32));
    guint8 *types = g_new(guint8, ne + 1);
    for (guint i = 0; i < ne; i++) {
        const NgEntity *e = gz->entities->pdata[i];
        push(col[C_ENT_ID], string_ref(&st, e->id));
        push(col[C_ENT_NAME], string_ref(&st, e->name));
        push(col[C_ENT_ORIGIN], string_ref_or_null(&st, e->origin));
        types[i] = (guint8)e->type;
        push(col[C_ENT_NATTRS], e->n_attrs);
        for (guint j = 0; j < e->n_attrs; j++) {
            push(col[C_ATTR_KEY], string_ref(&st, e->attrs[j].key));
            push(col[C_ATTR_VALUE], string_ref(&st, e->attrs[j].value));
        }
    }
    for (guint i = 0; i < na; i++) {
        const NgAlias *a = &g_array_index(gz->aliases, NgAlias, i);
        push(col[C_ALIAS_TEXT], string_ref(&st, a->text));
        push(col[C_ALIAS_ENTITY], a->entity);
        push(col[C_ALIAS_FLAGS], a->flags);
    }
    NgMatcherTables t;
    ng_matcher_tables(cc->matcher, &t);
    NgNamesTables *nt = ng_names_tables(cc->names);
    GPtrArray *w = g_ptr_array_new();
    for (guint i = 0; warnings && i < warnings->len; i++)
        g_ptr_array_add(w, warnings->pdata[i]);

    GVariant *v[N_COLUMNS];
    v[C_WARNINGS] = g_variant_new_strv((const char *const *)w->pdata, w->len);
    v[C_ENT_TYPE] = column("y", types, ne, 1);
    v[C_POOL] = column("y", t.pool, t.pool_len, 1);
    v[C_SLOTS] = column(NG_MATCHER_SLOT_TYPE, t.slots, t.n_slots, NG_MATCHER_SLOT_SIZE);
    v[C_TAGS] = column("y", t.tags, t.n_tags, 1);
    v[C_EDGES] = column(NG_MATCHER_EDGE_TYPE, t.edges, t.n_edges, NG_MATCHER_EDGE_SIZE);
    v[C_CHILDREN] = column("t", t.children, t.n_children, 8);
    v[C_TERM_START] = column("u", t.term_start, t.n_term_start, 4);
    v[C_TERM] = column("u", t.term, t.n_term, 4);
    for (int c = C_ENT_ID; c <= C_ALIAS_FLAGS; c++)
        if (c != C_ENT_TYPE)
            v[c] = u32s(col[c]);
    v[C_SURNAME] = string_column(&st, nt->surname, nt->n_surnames);
    v[C_N_REFS] = column("u", nt->n_refs, nt->n_surnames, 4);
    v[C_REF_ENTITY] = column("u", nt->ref_entity, nt->n_refs_total, 4);
    for (guint32 i = 0; i < nt->n_refs_total; i++)
        push(col[C_REF_FIRST], string_ref_or_null(&st, nt->ref_first[i]));
    v[C_REF_FIRST] = u32s(col[C_REF_FIRST]);
    v[C_REF_YEARS] = column("u", nt->ref_years, nt->n_refs_total, 4);
    v[C_REF_LEADER] = column("y", nt->ref_leader, nt->n_refs_total, 1);
    v[C_FIRST_NAME] = string_column(&st, nt->first_name, nt->n_first_names);
    v[C_FIRST_COUNT] = column("u", nt->first_count, nt->n_first_names, 4);
    v[C_ONE_WORD] = string_column(&st, nt->one_word, nt->n_one_word);
    /* Last: the string table is complete only now. */
    v[C_STRINGS] = column("y", st.bytes->data, st.bytes->len, 1);
    GVariant *all = g_variant_ref_sink(g_variant_new_tuple(v, N_COLUMNS));
    /* Serialised straight into the file's bytes, after the header: not
     * into a buffer of its own first, then copied. */
    gsize len = g_variant_get_size(all);
    guint8 *buf = g_malloc(HEADER_SIZE + len);
    g_variant_store(all, buf + HEADER_SIZE);
    g_variant_unref(all);
    put_header(buf, fingerprint, len);
    ng_names_tables_free(nt);
    g_ptr_array_free(w, TRUE);
    g_free(types);
    for (int c = C_ENT_ID; c < N_COLUMNS; c++)
        g_array_free(col[c], TRUE);
    g_hash_table_destroy(st.offsets);
    g_byte_array_free(st.bytes, TRUE);
    return g_bytes_new_take(buf, HEADER_SIZE + len);
}

gboolean ng_config_cache_write(const char *path, const char *fingerprint,
                               const NgCachedConfig *c, GError **error)
{
    if (strlen(fingerprint) > FINGERPRINT_MAX) {
        g_set_error(error, NG_ERROR, NG_ERROR_IO, "%s: fingerprint too long", path);
        return FALSE;
    }
    GBytes *bytes = ng_config_cache_encode(fingerprint, c);
    gsize len;
    const guint8 *data = g_bytes_get_data(bytes, &len);
    /* A cache: checked by its checksum when read, no need to fsync. */
    gboolean ok = ng_replace_file(path, data, len, FALSE, error);
    g_bytes_unref(bytes);
    return ok;
}

/* ------------------------------------------------------------------------
 * Reading
 * ------------------------------------------------------------------------ */

typedef struct {
    GVariant *v[N_COLUMNS];
    gconstpointer data[N_COLUMNS];
    const guint32 *u[N_COLUMNS];  /* data of the au columns */
    gsize n[N_COLUMNS];           /* their lengths (of any column) */
    const char *strings;
    gsize strings_len;
} Columns;

/* Is `off` the start of a string of the table? */
static gboolean string_ok(const Columns *c, guint32 off)
{
    return off < c->strings_len && (off == 0 || !c->strings[off - 1]);
}

/* The table is empty or ends with a NUL, and every string in it is
 * UTF-8. Most strings are ASCII: the table is scanned a word at a time,
 * and only a string with a byte above 0x7F is given to g_utf8_validate. */
static gboolean strings_ok(const Columns *c)
{
    const char *s = c->strings;
    gsize len = c->strings_len;
    if (!len)
        return TRUE;
    if (s[len - 1])
        return FALSE;
    for (gsize i = 0; i < len;) {
        guint64 w = 0;
        if (i + 8 <= len)
            memcpy(&w, s + i, 8);
        else
            for (gsize k = i; k < len; k++)
                w |= (guint64)(guchar)s[k] << (8 * (k - i));
        if (!(w & 0x8080808080808080u)) {
            i += 8;
            continue;
        }
        /* The string around the first byte above 0x7F, from just after
         * the NUL before it to the NUL after it. */
        gsize at = i;
        while ((guchar)s[at] < 0x80)
            at++;
        gsize start = at;
        while (start && s[start - 1])
            start--;
        gsize end = at + strlen(s + at);
        if (!g_utf8_validate(s + start, (gssize)(end - start), NULL))
            return FALSE;
        i = end + 1;
    }
    return TRUE;
}

/* The gazetteer of the columns, or NULL if they do not hold together. */
static NgGazetteer *gazetteer_from(const Columns *c)
{
    gsize ne = c->n[C_ENT_ID], na = c->n[C_ALIAS_TEXT];
    const guint8 *types = g_variant_get_data(c->v[C_ENT_TYPE]);
    guint64 total_attrs = 0;
    if (c->n[C_ENT_NAME] != ne || c->n[C_ENT_ORIGIN] != ne ||
        c->n[C_ENT_TYPE] != ne || c->n[C_ENT_NATTRS] != ne ||
        c->n[C_ALIAS_ENTITY] != na || c->n[C_ALIAS_FLAGS] != na ||
        c->n[C_ATTR_VALUE] != c->n[C_ATTR_KEY] || ne >= G_MAXUINT32 ||
        !strings_ok(c))
        return NULL;
    for (gsize i = 0; i < ne; i++) {
        guint32 origin = c->u[C_ENT_ORIGIN][i];
        if (!string_ok(c, c->u[C_ENT_ID][i]) || !string_ok(c, c->u[C_ENT_NAME][i]) ||
            (origin && !string_ok(c, origin - 1)) || types[i] >= NG_N_TYPES)
            return NULL;
        total_attrs += c->u[C_ENT_NATTRS][i];
    }
    if (total_attrs != c->n[C_ATTR_KEY])
        return NULL;
    for (gsize i = 0; i < total_attrs; i++)
        if (!string_ok(c, c->u[C_ATTR_KEY][i]) || !string_ok(c, c->u[C_ATTR_VALUE][i]))
            return NULL;
    const guint32 known = NG_ALIAS_NOCASE | NG_ALIAS_METONYM | NG_ALIAS_AMBIGUOUS;
    for (gsize i = 0; i < na; i++)
        if (!string_ok(c, c->u[C_ALIAS_TEXT][i]) || c->u[C_ALIAS_ENTITY][i] >= ne ||
            (c->u[C_ALIAS_FLAGS][i] & ~known))
            return NULL;

    /* All good: build it, with the strings where they are. */
    NgGazetteer *gz = ng_gazetteer_new();
    GBytes *keep = g_variant_get_data_as_bytes(c->v[C_STRINGS]);
    const char *s = g_bytes_get_data(keep, NULL);
    ng_gazetteer_keep(gz, keep);
    g_bytes_unref(keep);
    /* Two arrays, not 90,000 allocations: freed as fast as made. */
    NgEntity *entities = g_new0(NgEntity, MAX(ne, 1));
    NgAttr *attrs = g_new(NgAttr, MAX(total_attrs, 1));
    for (gsize i = 0, attr = 0; i < ne; i++) {
        NgEntity *e = &entities[i];
        e->id = (char *)s + c->u[C_ENT_ID][i];
        e->name = (char *)s + c->u[C_ENT_NAME][i];
        e->origin = c->u[C_ENT_ORIGIN][i] ? (char *)s + c->u[C_ENT_ORIGIN][i] - 1 : NULL;
        e->type = types[i];
        e->n_attrs = c->u[C_ENT_NATTRS][i];
        e->attrs = e->n_attrs ? &attrs[attr] : NULL;
        for (guint j = 0; j < e->n_attrs; j++, attr++)
            e->attrs[j] = (NgAttr){ (char *)s + c->u[C_ATTR_KEY][attr],
                                    (char *)s + c->u[C_ATTR_VALUE][attr] };
    }
    ng_gazetteer_adopt_entities(gz, entities, (guint)ne, attrs);
    NgAlias *aliases = g_new(NgAlias, MAX(na, 1));
    for (gsize i = 0; i < na; i++)
        aliases[i] = (NgAlias){ (char *)s + c->u[C_ALIAS_TEXT][i],
                                c->u[C_ALIAS_ENTITY][i], c->u[C_ALIAS_FLAGS][i] };
    ng_gazetteer_adopt_aliases(gz, aliases, (guint)na);
    g_free(aliases);
    return gz;
}

/* Check the header; the payload's bytes, or NULL. */
static GBytes *payload_of(GBytes *bytes, const char *fingerprint)
{
    gsize len;
    const guint8 *p = g_bytes_get_data(bytes, &len);
    guint32 version;
    guint64 n, sum;
    char fp[FINGERPRINT_MAX + 1] = { 0 };
    static const guint8 zero[4];
    if (len < HEADER_SIZE || memcmp(p, MAGIC, sizeof MAGIC) || memcmp(p + 12, zero, 4))
        return NULL;
    memcpy(&version, p + 8, 4);
    memcpy(fp, p + 16, FINGERPRINT_MAX);
    memcpy(&n, p + 80, 8);
    memcpy(&sum, p + 88, 8);
    if (GUINT32_FROM_LE(version) != VERSION || strcmp(fp, fingerprint) ||
        GUINT64_FROM_LE(n) != len - HEADER_SIZE ||
        GUINT64_FROM_LE(sum) != ng_checksum64(p + HEADER_SIZE, len - HEADER_SIZE))
        return NULL;
    return g_bytes_new_from_bytes(bytes, HEADER_SIZE, len - HEADER_SIZE);
}

/* The strings at offsets off[0..n) (+ 1 and 0 for NULL if `nullable`),
 * or NULL if one is not a string of the table. Newly allocated. */
static const char **strings_at(const Columns *c, const guint32 *off, gsize n,
                               gboolean nullable)
{
    const char **s = g_new(const char *, n + 1);
    for (gsize i = 0; i < n; i++) {
        guint32 o = off[i];
        if (nullable && !o) {
            s[i] = NULL;
            continue;
        }
        o -= nullable ? 1 : 0;
        if (!string_ok(c, o)) {
            g_free(s);
            return NULL;
        }
        s[i] = c->strings + o;
    }
    return s;
}

/* The name indexes of the columns over gz, or NULL (*error set if the
 * patterns would not load, not if the columns do not hold together). */
static NgNames *names_from(const Columns *c, const NgGazetteer *gz,
                           const char *patterns_dir, GError **error)
{
    gsize ns = c->n[C_SURNAME], nr = c->n[C_REF_ENTITY], nf = c->n[C_FIRST_NAME];
    if (c->n[C_N_REFS] != ns || c->n[C_REF_FIRST] != nr || c->n[C_REF_YEARS] != nr ||
        c->n[C_REF_LEADER] != nr || c->n[C_FIRST_COUNT] != nf ||
        MAX(MAX(ns, nr), MAX(nf, c->n[C_ONE_WORD])) >= G_MAXUINT32)
        return NULL;
    NgNamesTables t = {
        .n_surnames = (guint32)ns,
        .surname = strings_at(c, c->u[C_SURNAME], ns, FALSE),
        .n_refs = (guint32 *)c->u[C_N_REFS],
        .n_refs_total = (guint32)nr,
        .ref_entity = (guint32 *)c->u[C_REF_ENTITY],
        .ref_first = strings_at(c, c->u[C_REF_FIRST], nr, TRUE),
        .ref_years = (guint32 *)c->u[C_REF_YEARS],
        .ref_leader = (guint8 *)g_variant_get_data(c->v[C_REF_LEADER]),
        .n_first_names = (guint32)nf,
        .first_name = strings_at(c, c->u[C_FIRST_NAME], nf, FALSE),
        .first_count = (guint32 *)c->u[C_FIRST_COUNT],
        .n_one_word = (guint32)c->n[C_ONE_WORD],
        .one_word = strings_at(c, c->u[C_ONE_WORD], c->n[C_ONE_WORD], FALSE),
    };
    NgNames *nm = NULL;
    if (t.surname && t.ref_first && t.first_name && t.one_word)
        nm = ng_names_new_from_tables(gz, patterns_dir, &t, error);
    g_free(t.surname);
    g_free(t.ref_first);
    g_free(t.first_name);
    g_free(t.one_word);
    return nm;
}

/* The matcher of the columns over gz, with its tables where they are in
 * `owner`, or NULL. */
static NgMatcher *matcher_from(const Columns *c, const NgGazetteer *gz, GBytes *owner)
{
    NgMatcherTables t = {
        .pool = c->data[C_POOL], .pool_len = c->n[C_POOL],
        .slots = c->data[C_SLOTS], .n_slots = c->n[C_SLOTS],
        .tags = c->data[C_TAGS], .n_tags = c->n[C_TAGS],
        .edges = c->data[C_EDGES], .n_edges = c->n[C_EDGES],
        .children = c->data[C_CHILDREN], .n_children = c->n[C_CHILDREN],
        .term_start = c->u[C_TERM_START], .n_term_start = c->n[C_TERM_START],
        .term = c->u[C_TERM], .n_term = c->n[C_TERM],
    };
    return ng_matcher_from_tables(gz, &t, owner, NULL);
}

/* The size of the items of an array column of type `type`. */
static gsize item_size(const char *type)
{
    static const struct {
        const char *type;
        gsize size;
    } sizes[] = {
        { "ay", 1 }, { "au", 4 }, { "at", 8 },
        { "a" NG_MATCHER_SLOT_TYPE, NG_MATCHER_SLOT_SIZE },
        { "a" NG_MATCHER_EDGE_TYPE, NG_MATCHER_EDGE_SIZE },
    };
    for (guint i = 0; i < G_N_ELEMENTS(sizes); i++)
        if (!strcmp(type, sizes[i].type))
            return sizes[i].size;
    g_assert_not_reached();
}

gboolean ng_config_cache_decode(GBytes *bytes, const char *fingerprint,
                                const char *patterns_dir, NgCachedConfig *out,
                                GError **error)
{
    memset(out, 0, sizeof *out);
    GBytes *payload = payload_of(bytes, fingerprint);
    if (!payload) {
        g_set_error_literal(error, NG_ERROR, NG_ERROR_FORMAT,
                            "not a configuration cache of this configuration, "
                            "or damaged");
        return FALSE;
    }
    GVariant *all = g_variant_ref_sink(g_variant_new_from_bytes(
        G_VARIANT_TYPE(CONFIG_CACHE_TYPE), payload, FALSE));
    g_bytes_unref(payload);
    /* What the columns are in: the payload, or an aligned copy of it. */
    GBytes *owner = g_variant_get_data_as_bytes(all);
    Columns c;
    memset(&c, 0, sizeof c);
    for (int i = 0; i < N_COLUMNS; i++) {
        c.v[i] = g_variant_get_child_value(all, i);
        if (i == C_WARNINGS) {
            c.n[i] = g_variant_n_children(c.v[i]);
            continue;
        }
        const char *type = g_variant_get_type_string(c.v[i]);
        c.data[i] = g_variant_get_fixed_array(c.v[i], &c.n[i], item_size(type));
        if (!strcmp(type, "au"))
            c.u[i] = c.data[i];
    }
    c.strings = g_variant_get_fixed_array(c.v[C_STRINGS], &c.strings_len, 1);
    GError *names_error = NULL;
    out->gazetteer = gazetteer_from(&c);
    if (out->gazetteer)
        out->matcher = matcher_from(&c, out->gazetteer, owner);
    if (out->matcher)
        out->names = names_from(&c, out->gazetteer, patterns_dir, &names_error);
    if (out->names) {
        out->warnings = g_ptr_array_new_with_free_func(g_free);
        for (gsize i = 0; i < c.n[C_WARNINGS]; i++) {
            GVariant *w = g_variant_get_child_value(c.v[C_WARNINGS], i);
            g_ptr_array_add(out->warnings, g_variant_dup_string(w, NULL));
            g_variant_unref(w);
        }
    } else {
        ng_cached_config_clear(out);
        if (names_error)
            g_propagate_error(error, names_error);
        else
            g_set_error_literal(error, NG_ERROR, NG_ERROR_FORMAT,
                                "the configuration cache is inconsistent");
    }
    for (int i = 0; i < N_COLUMNS; i++)
        g_variant_unref(c.v[i]);
    g_variant_unref(all);
    g_bytes_unref(owner);
    return out->names != NULL;
}

gboolean ng_config_cache_read(const char *path, const char *fingerprint,
                              const char *patterns_dir, NgCachedConfig *out,
                              GError **error)
{
    GError *io = NULL;
    GMappedFile *f = g_mapped_file_new(path, FALSE, &io);
    if (!f) {
        memset(out, 0, sizeof *out);
        g_set_error(error, NG_ERROR, NG_ERROR_IO, "%s", io->message);
        g_error_free(io);
        return FALSE;
    }
    GBytes *bytes = g_mapped_file_get_bytes(f);
    g_mapped_file_unref(f);
    gboolean ok = ng_config_cache_decode(bytes, fingerprint, patterns_dir, out, error);
    g_bytes_unref(bytes);
    return ok;
}
