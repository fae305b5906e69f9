/*
 * gazetteer.c - the gazetteer store, entity ids and text folding. The YAML
 * loader is gazetteer_yaml.c.
 *
 * Storage: strings live in GStringChunks (no per-string malloc): the
 * store's own, the YAML loader's (taken over when a file is committed) or
 * a mapped configuration cache (config_cache.h); entities are small structs; aliases are one GArray. Two indexes keep
 * loading linear for files of 100,000 entries: `claims` interns alias
 * texts and remembers the first entity that claimed each (to warn when
 * entities of different types share an alias), and an open-addressing set
 * of alias indexes keyed by (entity, interned text) makes "does this entity
 * already have this alias?" one probe.
 */
#include "gazetteer_int.h"

#include <string.h>

/* ------------------------------------------------------------------------
 * Folding and ids
 * ------------------------------------------------------------------------ */

/* ASCII for a letter NFKD does not decompose but readers take for an
 * accented one (the table of tools/gen-gazetteers), and ' for the
 * apostrophe look-alikes; NULL for anything else. */
static const char *fold_letter(gunichar c)
{
    switch (c) {
    case 0x00D8: return "O";   /* Ø */
    case 0x00F8: return "o";   /* ø */
    case 0x0141: return "L";   /* Ł */
    case 0x0142: return "l";   /* ł */
    case 0x0110: return "D";   /* Đ */
    case 0x0111: return "d";   /* đ */
    case 0x00D0: return "D";   /* Ð */
    case 0x00F0: return "d";   /* ð */
    case 0x00DE: return "TH";  /* Þ */
    case 0x00FE: return "th";  /* þ */
    case 0x00DF: return "ss";  /* ß */
    case 0x00C6: return "AE";  /* Æ */
    case 0x00E6: return "ae";  /* æ */
    case 0x0152: return "OE";  /* Œ */
    case 0x0153: return "oe";  /* œ */
    case 0x0131: return "i";   /* dotless ı */
    case 0x2019: case 0x2018: case 0x02BC: case 0x02BB:
        return "'";
    default: return NULL;
    }
}

void ng_fold_append(GString *out, const char *s, gssize len,
                    gboolean casefold)
{
    gsize n = len < 0 ? strlen(s) : (gsize)len, ascii = 0;
    while (ascii < n && !((guchar)s[ascii] & 0x80))
        ascii++;
    if (ascii == n) { /* nothing to decompose: the common case */
        gsize mark = out->len;
        g_string_append_len(out, s, (gssize)n);
        for (gsize i = mark; casefold && i < out->len; i++)
            out->str[i] = g_ascii_tolower(out->str[i]);
        return;
    }
    char *nfkd = g_utf8_normalize(s, len, G_NORMALIZE_ALL);
    if (!nfkd) { /* invalid UTF-8 */
        g_string_append_len(out, s, (gssize)n);
        return;
    }
    gsize mark = out->len;
    for (const char *p = nfkd; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        const char *ascii;
        if (c < 0x80)
            g_string_append_c(out, (char)c);
        else if (g_unichar_combining_class(c) != 0)
            continue; /* an accent */
        else if ((ascii = fold_letter(c)))
            g_string_append(out, ascii);
        else
            g_string_append_len(out, p, g_utf8_next_char(p) - p);
    }
    g_free(nfkd);
    /* Case-fold last: NFKD can yield capitals (U+210C -> H), and folding
     * a base letter yields no accents to drop. */
    if (casefold) {
        char *folded = g_utf8_casefold(out->str + mark, (gssize)(out->len - mark));
        g_string_truncate(out, mark);
        g_string_append(out, folded);
        g_free(folded);
    }
}

char *ng_entity_make_id(NgEntityType type, const char *name)
{
    GString *plain = g_string_new(NULL);
    ng_fold_append(plain, name, -1, FALSE);
    GString *id = g_string_new(ng_entity_type_name(type));
    g_string_append_c(id, '.');
    gsize slug = id->len;
    gboolean gap = FALSE; /* a run of other characters since the last kept */
    for (const char *p = plain->str; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c < 0x80 ? !g_ascii_isalnum((char)c) : !g_unichar_isalnum(c)) {
            gap = TRUE;
            continue;
        }
        if (gap && id->len > slug)
            g_string_append_c(id, '-');
        gap = FALSE;
        if (c < 0x80)
            g_string_append_c(id, g_ascii_tolower((char)c));
        else /* a letter of another script: its code point keeps ids ASCII */
            g_string_append_printf(id, "u%04x", g_unichar_tolower(c));
    }
    g_string_free(plain, TRUE);
    return g_string_free(id, FALSE);
}

/* ------------------------------------------------------------------------
 * The store
 * ------------------------------------------------------------------------ */

struct NgGazetteerIndex {
    GStringChunk *strings;
    GHashTable *claims;  /* alias text (interned) -> first entity + 1 */
    guint64 *slots;      /* hash << 32 | alias index + 1, or 0: the set of
                            aliases keyed by (entity, text) */
    guint32 mask;        /* slots has mask + 1 entries, a power of two */
    gboolean stale;      /* aliases were adopted: claims and slots must be
                            built before the next alias is added */
    GPtrArray *kept;     /* GBytes holding adopted strings and blocks */
    const NgEntity *block; /* entities adopted as one array, freed with */
    guint n_block;         /* `kept`, not one by one */
};

static void entity_free(NgEntity *e)
{
    g_free(e->attrs);
    g_free(e);
}

NgGazetteer *ng_gazetteer_new(void)
{
    NgGazetteer *gz = g_new0(NgGazetteer, 1);
    gz->entities = g_ptr_array_new();   /* freed by ng_gazetteer_free */
    gz->aliases = g_array_new(FALSE, FALSE, sizeof(NgAlias));
    gz->by_id = g_hash_table_new(g_str_hash, g_str_equal);
    gz->index = g_new0(NgGazetteerIndex, 1);
    gz->index->strings = g_string_chunk_new(64 * 1024);
    gz->index->claims = g_hash_table_new(g_str_hash, g_str_equal);
    gz->index->mask = 255;
    gz->index->slots = g_new0(guint64, gz->index->mask + 1);
    return gz;
}

void ng_gazetteer_free(NgGazetteer *gz)
{
    if (!gz)
        return;
    const NgGazetteerIndex *ix = gz->index;
    for (guint i = 0; i < gz->entities->len; i++) {
        NgEntity *e = gz->entities->pdata[i];
        guintptr at = (guintptr)e, from = (guintptr)ix->block;
        if (at < from || at >= from + ix->n_block * sizeof *e)
            entity_free(e);
    }
    g_ptr_array_free(gz->entities, TRUE);
    g_array_free(gz->aliases, TRUE);
    g_hash_table_destroy(gz->by_id);
    g_string_chunk_free(gz->index->strings);
    g_hash_table_destroy(gz->index->claims);
    g_free(gz->index->slots);
    if (gz->index->kept)
        g_ptr_array_free(gz->index->kept, TRUE);
    g_free(gz->index);
    g_free(gz);
}

const char *ng_entity_attr(const NgEntity *e, const char *key)
{
    for (guint i = 0; i < e->n_attrs; i++)
        if (!strcmp(e->attrs[i].key, key))
            return e->attrs[i].value;
    return NULL;
}

gint64 ng_gazetteer_lookup_id(const NgGazetteer *gz, const char *id)
{
    gpointer v = g_hash_table_lookup(gz->by_id, id);
    return v ? (gint64)GPOINTER_TO_UINT(v) - 1 : -1;
}

guint32 ng_gazetteer_new_entity(NgGazetteer *gz, const char *name,
                                NgEntityType type, const char *id,
                                const char *origin)
{
    GStringChunk *sc = gz->index->strings;
    NgEntity *e = g_new0(NgEntity, 1);
    e->id = g_string_chunk_insert(sc, id);
    e->name = g_string_chunk_insert(sc, name);
    e->type = type;
    e->origin = origin ? g_string_chunk_insert(sc, origin) : NULL;
    guint32 index = gz->entities->len;
    g_ptr_array_add(gz->entities, e);
    g_hash_table_insert(gz->by_id, e->id, GUINT_TO_POINTER(index + 1));
    return index;
}

guint32 ng_gazetteer_add_entity(NgGazetteer *gz, const char *name,
                                NgEntityType type, const char *id)
{
    char *made = id ? NULL : ng_entity_make_id(type, name);
    const char *key = id ? id : made;
    gint64 old = ng_gazetteer_lookup_id(gz, key);
    guint32 index = old >= 0 ? (guint32)old
                             : ng_gazetteer_new_entity(gz, name, type, key, NULL);
    g_free(made);
    return index;
}

static guint32 alias_hash(guint32 entity, const char *text)
{
    guint64 h = ((guint64)(guintptr)text * 0x9E3779B97F4A7C15u) ^
                ((guint64)entity * 0xC2B2AE3D27D4EB4Fu);
    return (guint32)(h >> 32);
}

/* Slot of (entity, text) in the alias set: interned texts compare by
 * address. Returns the slot holding it, or the empty slot where it goes.
 * The hash kept in the slot spares reading aliases that cannot match. */
static guint64 *alias_slot(const NgGazetteer *gz, guint32 entity,
                           const char *text)
{
    const NgGazetteerIndex *ix = gz->index;
    guint32 h = alias_hash(entity, text);
    for (guint32 i = h & ix->mask;; i = (i + 1) & ix->mask) {
        guint64 *slot = &ix->slots[i];
        if (!*slot)
            return slot;
        if ((guint32)(*slot >> 32) != h)
            continue;
        const NgAlias *a = &g_array_index(gz->aliases, NgAlias, (guint32)*slot - 1);
        if (a->entity == entity && a->text == text)
            return slot;
    }
}

static void alias_slot_set(guint64 *slot, guint32 entity, const char *text,
                           guint32 index)
{
    *slot = (guint64)alias_hash(entity, text) << 32 | (index + 1);
}

/* Double the alias set once it is half full. */
static void alias_set_grow(NgGazetteer *gz)
{
    NgGazetteerIndex *ix = gz->index;
    if (2 * (gz->aliases->len + 1) <= ix->mask + 1)
        return;
    g_free(ix->slots);
    ix->mask = 2 * ix->mask + 1;
    ix->slots = g_new0(guint64, ix->mask + 1);
    for (guint32 i = 0; i < gz->aliases->len; i++) {
        const NgAlias *a = &g_array_index(gz->aliases, NgAlias, i);
        alias_slot_set(alias_slot(gz, a->entity, a->text), a->entity, a->text, i);
    }
}

/* Build claims and the alias set from scratch, after aliases were
 * adopted. Equal texts are made one interned string again (alias_slot
 * compares them by address). */
static void alias_reindex(NgGazetteer *gz)
{
    NgGazetteerIndex *ix = gz->index;
    ix->stale = FALSE;
    g_hash_table_remove_all(ix->claims);
    g_free(ix->slots);
    ix->mask = 255;
    while (2 * (gz->aliases->len + 1) > ix->mask + 1)
        ix->mask = 2 * ix->mask + 1;
    ix->slots = g_new0(guint64, ix->mask + 1);
    for (guint32 i = 0; i < gz->aliases->len; i++) {
        NgAlias *a = &g_array_index(gz->aliases, NgAlias, i);
        gpointer key;
        if (g_hash_table_lookup_extended(ix->claims, a->text, &key, NULL))
            a->text = key;
        else
            g_hash_table_insert(ix->claims, a->text, GUINT_TO_POINTER(a->entity + 1));
        guint64 *slot = alias_slot(gz, a->entity, a->text);
        if (!*slot) /* a repeated (entity, text): the first one is found */
            alias_slot_set(slot, a->entity, a->text, i);
    }
}

void ng_gazetteer_keep(NgGazetteer *gz, GBytes *bytes)
{
    NgGazetteerIndex *ix = gz->index;
    if (!ix->kept)
        ix->kept = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    g_ptr_array_add(ix->kept, g_bytes_ref(bytes));
}

/* gz frees p with free_func when it goes: a GBytes of nothing kept. */
static void keep_owned(NgGazetteer *gz, gpointer p, GDestroyNotify free_func)
{
    GBytes *owner = g_bytes_new_with_free_func(NULL, 0, free_func, p);
    ng_gazetteer_keep(gz, owner);
    g_bytes_unref(owner);
}

guint32 ng_gazetteer_adopt_entity(NgGazetteer *gz, NgEntity *e)
{
    guint32 index = gz->entities->len;
    g_ptr_array_add(gz->entities, e);
    g_hash_table_insert(gz->by_id, e->id, GUINT_TO_POINTER(index + 1));
    return index;
}

void ng_gazetteer_adopt_entities(NgGazetteer *gz, NgEntity *block, guint n,
                                 NgAttr *attrs)
{
    NgGazetteerIndex *ix = gz->index;
    g_return_if_fail(!ix->block);
    for (guint i = 0; i < n; i++)
        ng_gazetteer_adopt_entity(gz, &block[i]);
    ix->block = block;
    ix->n_block = n;
    keep_owned(gz, block, g_free);
    keep_owned(gz, attrs, g_free);
}

void ng_gazetteer_adopt_aliases(NgGazetteer *gz, const NgAlias *aliases,
                                guint n)
{
    g_array_append_vals(gz->aliases, aliases, n);
    gz->index->stale = TRUE;
}

void ng_gazetteer_keep_chunk(NgGazetteer *gz, GStringChunk *chunk)
{
    keep_owned(gz, chunk, (GDestroyNotify)g_string_chunk_free);
}

guint32 ng_gazetteer_put_alias(NgGazetteer *gz, guint32 entity,
                               const char *text, guint32 flags, gboolean kept)
{
    NgGazetteerIndex *ix = gz->index;
    gpointer key, first;
    if (ix->stale)
        alias_reindex(gz);
    if (!g_hash_table_lookup_extended(ix->claims, text, &key, &first)) {
        key = kept ? (gpointer)text : g_string_chunk_insert(ix->strings, text);
        first = GUINT_TO_POINTER(entity + 1);
        g_hash_table_insert(ix->claims, key, first);
    }
    alias_set_grow(gz);
    guint64 *slot = alias_slot(gz, entity, key);
    if (*slot) {
        g_array_index(gz->aliases, NgAlias, (guint32)*slot - 1).flags |= flags;
    } else {
        NgAlias a = { .text = key, .entity = entity, .flags = flags };
        alias_slot_set(slot, entity, key, gz->aliases->len);
        g_array_append_val(gz->aliases, a);
    }
    return GPOINTER_TO_UINT(first) - 1;
}

void ng_gazetteer_add_alias(NgGazetteer *gz, guint32 entity,
                            const char *text, guint32 flags)
{
    g_return_if_fail(entity < gz->entities->len && text);
    ng_gazetteer_put_alias(gz, entity, text, flags, FALSE);
}
