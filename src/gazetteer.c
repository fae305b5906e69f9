/*
 * gazetteer.c - the gazetteer store, entity ids, text folding, and the YAML
 * loader (format in README.md, "Gazetteer format").
 *
 * Storage: every string lives in one GStringChunk (no per-string malloc);
 * entities are small structs; aliases are one GArray. Two indexes keep
 * loading linear for files of 100,000 entries: `claims` interns alias
 * texts and remembers the first entity that claimed each (to warn when
 * entities of different types share an alias), and an open-addressing set
 * of alias indexes keyed by (entity, interned text) makes "does this entity
 * already have this alias?" one probe.
 *
 * Loading a file goes in three steps so that a bad file changes nothing:
 *  1. parse: libyaml events are read into a scratch copy of the file
 *     (Entry, ScratchAttr, ScratchAlias arrays and their own string chunk),
 *     checking everything that depends on the file alone. Errors are
 *     collected (up to ERROR_LIMIT) so that `negraph check` shows them all;
 *     a YAML syntax error stops the parse.
 *  2. check: ids are computed and compared with the gazetteer and within
 *     the file (one id, one type).
 *  3. commit: only if 1 and 2 found no error; this step cannot fail.
 * The event API (not libyaml's document tree) keeps memory flat and skips
 * unknown values of any depth without recursion.
 */
#include "gazetteer.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "ng.h"
#include "token.h"

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
    char *nfkd = g_utf8_normalize(s, len, G_NORMALIZE_ALL);
    if (!nfkd) { /* invalid UTF-8 */
        g_string_append_len(out, s, len < 0 ? (gssize)strlen(s) : len);
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
    guint32 *slots;      /* alias index + 1, or 0; keyed by (entity, text) */
    guint32 mask;        /* slots has mask + 1 entries, a power of two */
};

static void entity_free(gpointer p)
{
    NgEntity *e = p;
    g_free(e->attrs);
    g_free(e);
}

NgGazetteer *ng_gazetteer_new(void)
{
    NgGazetteer *gz = g_new0(NgGazetteer, 1);
    gz->entities = g_ptr_array_new_with_free_func(entity_free);
    gz->aliases = g_array_new(FALSE, FALSE, sizeof(NgAlias));
    gz->by_id = g_hash_table_new(g_str_hash, g_str_equal);
    gz->index = g_new0(NgGazetteerIndex, 1);
    gz->index->strings = g_string_chunk_new(64 * 1024);
    gz->index->claims = g_hash_table_new(g_str_hash, g_str_equal);
    gz->index->mask = 255;
    gz->index->slots = g_new0(guint32, gz->index->mask + 1);
    return gz;
}

void ng_gazetteer_free(NgGazetteer *gz)
{
    if (!gz)
        return;
    g_ptr_array_free(gz->entities, TRUE);
    g_array_free(gz->aliases, TRUE);
    g_hash_table_destroy(gz->by_id);
    g_string_chunk_free(gz->index->strings);
    g_hash_table_destroy(gz->index->claims);
    g_free(gz->index->slots);
    g_free(gz->index);
    g_free(gz);
}

gint64 ng_gazetteer_lookup_id(const NgGazetteer *gz, const char *id)
{
    gpointer v = g_hash_table_lookup(gz->by_id, id);
    return v ? (gint64)GPOINTER_TO_UINT(v) - 1 : -1;
}

static NgEntity *entity_at(const NgGazetteer *gz, guint32 i)
{
    return gz->entities->pdata[i];
}

/* Add an entity whose id is not taken; strings are copied. */
static guint32 entity_new(NgGazetteer *gz, const char *name, NgEntityType type,
                          const char *id, const char *origin)
{
    GStringChunk *sc = gz->index->strings;
    NgEntity *e = g_new0(NgEntity, 1);
    e->id = g_string_chunk_insert(sc, id);
    e->name = g_string_chunk_insert_const(sc, name);
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
    guint32 index = old >= 0 ? (guint32)old : entity_new(gz, name, type, key, NULL);
    g_free(made);
    return index;
}

/* Slot of (entity, text) in the alias set: interned texts compare by
 * address. Returns the slot holding it, or the empty slot where it goes. */
static guint32 *alias_slot(const NgGazetteer *gz, guint32 entity,
                           const char *text)
{
    const NgGazetteerIndex *ix = gz->index;
    guint64 h = ((guint64)(guintptr)text * 0x9E3779B97F4A7C15u) ^
                ((guint64)entity * 0xC2B2AE3D27D4EB4Fu);
    guint32 i = (guint32)(h >> 32) & ix->mask;
    for (;;) {
        guint32 *slot = &ix->slots[i];
        if (!*slot)
            return slot;
        const NgAlias *a = &g_array_index(gz->aliases, NgAlias, *slot - 1);
        if (a->entity == entity && a->text == text)
            return slot;
        i = (i + 1) & ix->mask;
    }
}

/* Double the alias set once it is half full. */
static void alias_set_grow(NgGazetteer *gz)
{
    NgGazetteerIndex *ix = gz->index;
    if (2 * (gz->aliases->len + 1) <= ix->mask + 1)
        return;
    g_free(ix->slots);
    ix->mask = 2 * ix->mask + 1;
    ix->slots = g_new0(guint32, ix->mask + 1);
    for (guint32 i = 0; i < gz->aliases->len; i++) {
        const NgAlias *a = &g_array_index(gz->aliases, NgAlias, i);
        *alias_slot(gz, a->entity, a->text) = i + 1;
    }
}

/*
 * Give `entity` the alias `text`, or OR `flags` into the one it has.
 * Returns the first entity that claimed this text (perhaps `entity`).
 */
static guint32 alias_add(NgGazetteer *gz, guint32 entity, const char *text,
                         guint32 flags)
{
    NgGazetteerIndex *ix = gz->index;
    gpointer key, first;
    if (!g_hash_table_lookup_extended(ix->claims, text, &key, &first)) {
        key = g_string_chunk_insert(ix->strings, text);
        first = GUINT_TO_POINTER(entity + 1);
        g_hash_table_insert(ix->claims, key, first);
    }
    alias_set_grow(gz);
    guint32 *slot = alias_slot(gz, entity, key);
    if (*slot) {
        g_array_index(gz->aliases, NgAlias, *slot - 1).flags |= flags;
    } else {
        NgAlias a = { .text = key, .entity = entity, .flags = flags };
        g_array_append_val(gz->aliases, a);
        *slot = gz->aliases->len;
    }
    return GPOINTER_TO_UINT(first) - 1;
}

void ng_gazetteer_add_alias(NgGazetteer *gz, guint32 entity,
                            const char *text, guint32 flags)
{
    g_return_if_fail(entity < gz->entities->len && text);
    alias_add(gz, entity, text, flags);
}

/* ------------------------------------------------------------------------
 * YAML loading: scratch copy of one file
 * ------------------------------------------------------------------------ */

typedef struct {
    guint32 line, col; /* 1-based */
} Pos;

typedef struct {
    const char *key, *value;
    Pos pos;
} ScratchAttr;

/* Set on a scratch alias whose case was given: the file's default does
 * not apply to it. Never stored in the gazetteer. */
#define CASE_GIVEN (1u << 31)

typedef struct {
    const char *text;
    guint32 flags;  /* NgAliasFlags | CASE_GIVEN */
    Pos pos;
} ScratchAlias;

typedef struct {
    const char *name, *id; /* id NULL until given or computed */
    NgEntityType type;
    Pos pos, name_pos;
    guint32 first_attr, n_attrs;    /* in Loader.attrs, sorted by key */
    guint32 first_alias, n_aliases; /* in Loader.aliases */
} Entry;

/* Warnings of one kind beyond WARN_LIMIT per file are only counted. */
typedef enum {
    W_UNKNOWN_KEY,
    W_DUPLICATE_ID,
    W_ATTR_CONFLICT,
    W_CROSS_TYPE,
    W_NO_ENTITIES,
    W_NO_VALUE,
    N_WARN_KINDS
} WarnKind;

static const char *const warn_kind_name[N_WARN_KINDS] = {
    [W_UNKNOWN_KEY] = "unknown key",
    [W_DUPLICATE_ID] = "duplicate id",
    [W_ATTR_CONFLICT] = "conflicting attribute value",
    [W_CROSS_TYPE] = "alias shared by entities of different types",
    [W_NO_ENTITIES] = "no entities",
    [W_NO_VALUE] = "attribute without a value",
};

#define WARN_LIMIT 20
#define MAX_DEPTH 64   /* a gazetteer needs 5 levels */
#define ERROR_LIMIT 20

typedef struct {
    const char *path;
    const char *data; /* the file, for the position of encoding errors */
    gsize len;
    yaml_parser_t parser;
    yaml_event_t ev;  /* the current event */
    gboolean have_event;
    gboolean fatal;   /* a syntax error: nothing more can be read */
    guint depth;      /* open mappings and lists */
    gboolean nocase_default;

    GStringChunk *chunk; /* scratch strings */
    GArray *entries;     /* Entry */
    GArray *attrs;       /* ScratchAttr */
    GArray *aliases;     /* ScratchAlias */

    GString *errors;     /* "FILE:LINE:COL: ..." lines */
    guint n_errors;
    GPtrArray *warnings; /* the caller's, may be NULL */
    GArray *tokens;      /* scratch: an alias's tokens */
    guint n_warn[N_WARN_KINDS];
} Loader;

static Pos ev_pos(const Loader *L)
{
    return (Pos){ (guint32)L->ev.start_mark.line + 1,
                  (guint32)L->ev.start_mark.column + 1 };
}

static void error_at(Loader *L, Pos p, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void error_at(Loader *L, Pos p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (L->errors->len)
        g_string_append_c(L->errors, '\n');
    g_string_append_printf(L->errors, "%s:%u:%u: ", L->path, p.line, p.col);
    g_string_append_vprintf(L->errors, fmt, ap);
    va_end(ap);
    L->n_errors++;
}

static void warn_at(Loader *L, WarnKind kind, Pos p, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);
static void warn_at(Loader *L, WarnKind kind, Pos p, const char *fmt, ...)
{
    if (++L->n_warn[kind] > WARN_LIMIT || !L->warnings)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_ptr_array_add(L->warnings,
                    g_strdup_printf("%s:%u:%u: %s", L->path, p.line, p.col, msg));
    g_free(msg);
}

/* One line for each kind of warning that went over the limit. */
static void warn_summaries(Loader *L)
{
    for (guint k = 0; k < N_WARN_KINDS && L->warnings; k++)
        if (L->n_warn[k] > WARN_LIMIT)
            g_ptr_array_add(L->warnings, g_strdup_printf(
                "%s: %u more warnings of this kind not shown: %s", L->path,
                L->n_warn[k] - WARN_LIMIT, warn_kind_name[k]));
}

/* Record libyaml's error with its position. */
static void syntax_error(Loader *L)
{
    const yaml_parser_t *P = &L->parser;
    Pos p = { (guint32)P->problem_mark.line + 1,
              (guint32)P->problem_mark.column + 1 };
    if (P->error == YAML_READER_ERROR) {
        /* Encoding errors carry a byte offset, not a mark. */
        p = (Pos){ 1, 1 };
        for (gsize i = 0; i < P->problem_offset && i < L->len; i++) {
            if (L->data[i] == '\n')
                p = (Pos){ p.line + 1, 1 };
            else if (((guchar)L->data[i] & 0xC0) != 0x80)
                p.col++;
        }
    }
    if (P->context)
        error_at(L, p, "YAML syntax error: %s, %s at line %u", P->problem,
                 P->context, (guint)P->context_mark.line + 1);
    else
        error_at(L, p, "YAML syntax error: %s",
                 P->problem ? P->problem : "cannot parse");
}

/*
 * Move to the next event. FALSE on a syntax error (recorded, L->fatal set),
 * after which nothing more can be read.
 *
 * The parse functions below share one convention: called with the current
 * event at the first event of a value, they return with it at the value's
 * last event (the scalar itself, or the end of the mapping or list), and
 * return FALSE only when L->fatal is set.
 */
static gboolean next(Loader *L)
{
    if (L->have_event)
        yaml_event_delete(&L->ev);
    L->have_event = yaml_parser_parse(&L->parser, &L->ev);
    if (L->have_event && (L->ev.type == YAML_SEQUENCE_START_EVENT ||
                          L->ev.type == YAML_MAPPING_START_EVENT))
        L->depth++;
    else if (L->have_event && (L->ev.type == YAML_SEQUENCE_END_EVENT ||
                               L->ev.type == YAML_MAPPING_END_EVENT))
        L->depth--;
    if (!L->have_event)
        syntax_error(L);
    else if (L->ev.type == YAML_ALIAS_EVENT)
        error_at(L, ev_pos(L), "YAML aliases (*%s) are not supported",
                 (const char *)L->ev.data.alias.anchor);
    else if (L->depth > MAX_DEPTH)
        /* libyaml's scanner takes time quadratic in the nesting depth of
         * flow collections ([[[...): stop early. */
        error_at(L, ev_pos(L), "nested more than %d levels deep", MAX_DEPTH);
    else
        return TRUE;
    L->fatal = TRUE;
    return FALSE;
}

/* Skip the node that starts at the current event, whatever its depth; a
 * scalar is skipped already. */
static gboolean skip_node(Loader *L)
{
    int depth = 0;
    do {
        switch (L->ev.type) {
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            depth++;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            depth--;
            break;
        default:
            break;
        }
    } while (depth > 0 && next(L));
    return depth == 0;
}

static gboolean is_scalar(const Loader *L)
{
    return L->ev.type == YAML_SCALAR_EVENT;
}

static const char *scalar(const Loader *L)
{
    return (const char *)L->ev.data.scalar.value;
}

/* A YAML null: `key:` with nothing, `~` or `null`, unquoted. */
static gboolean is_null(const Loader *L)
{
    if (!is_scalar(L) || L->ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return FALSE;
    const char *s = scalar(L);
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") ||
           !strcmp(s, "Null") || !strcmp(s, "NULL");
}

/* The current scalar copied into the scratch chunk. */
static const char *scalar_copy(Loader *L)
{
    return g_string_chunk_insert_len(L->chunk, scalar(L),
                                     (gssize)L->ev.data.scalar.length);
}

static gboolean is_blank(const char *s)
{
    for (; *s; s = g_utf8_next_char(s))
        if (!g_unichar_isspace(g_utf8_get_char(s)))
            return FALSE;
    return TRUE;
}

/* The mappings of the format: their keys (NULL-terminated, at most 32)
 * and how messages name them. */
typedef struct {
    const char *what;
    const char *const *keys;
} MapSpec;

static const char *const top_keys[] = { "source", "defaults", "entities", NULL };
static const char *const defaults_keys[] = { "case", NULL };
static const char *const entity_keys[] = { "name", "type", "id", "attributes",
                                           "aliases", NULL };
static const char *const alias_keys[] = { "text", "case", "metonym",
                                          "ambiguous", NULL };
static const MapSpec top_map = { "the top level", top_keys };
static const MapSpec defaults_map = { "defaults", defaults_keys };
static const MapSpec entity_map = { "an entity", entity_keys };
static const MapSpec alias_map = { "an alias", alias_keys };

enum { KEY_SKIPPED = -1, KEY_FATAL = -2 };

/*
 * At a key of a `spec` mapping: return the index of the key with the
 * current event moved to its value, or KEY_SKIPPED when the key and its
 * value were skipped (unknown key: a warning; repeated or non-string key:
 * an error), or KEY_FATAL on a syntax error.
 */
static int read_key(Loader *L, const MapSpec *spec, guint32 *seen)
{
    Pos kp = ev_pos(L);
    if (!is_scalar(L)) {
        error_at(L, kp, "keys in %s must be strings", spec->what);
        return skip_node(L) && next(L) && skip_node(L) ? KEY_SKIPPED : KEY_FATAL;
    }
    for (int i = 0; spec->keys[i]; i++) {
        if (strcmp(scalar(L), spec->keys[i]))
            continue;
        if (*seen & (1u << i)) {
            error_at(L, kp, "duplicate key '%s' in %s", spec->keys[i], spec->what);
            return next(L) && skip_node(L) ? KEY_SKIPPED : KEY_FATAL;
        }
        *seen |= 1u << i;
        return next(L) ? i : KEY_FATAL;
    }
    char *known = g_strjoinv(", ", (char **)spec->keys);
    warn_at(L, W_UNKNOWN_KEY, kp, "unknown key '%s' in %s (known: %s); ignored",
            scalar(L), spec->what, known);
    g_free(known);
    return next(L) && skip_node(L) ? KEY_SKIPPED : KEY_FATAL;
}

/* `case:` value: sensitive or insensitive. */
static void parse_case(Loader *L, guint32 *flags)
{
    if (is_scalar(L) && !strcmp(scalar(L), "insensitive"))
        *flags |= NG_ALIAS_NOCASE | CASE_GIVEN;
    else if (is_scalar(L) && !strcmp(scalar(L), "sensitive"))
        *flags = (*flags & ~(guint32)NG_ALIAS_NOCASE) | CASE_GIVEN;
    else
        error_at(L, ev_pos(L), "case must be 'sensitive' or 'insensitive'%s%s%s",
                 is_scalar(L) ? ", not '" : "", is_scalar(L) ? scalar(L) : "",
                 is_scalar(L) ? "'" : "");
}

/* A boolean option (metonym, ambiguous): set `flag` in *flags if true. */
static void parse_bool(Loader *L, const char *key, guint32 flag, guint32 *flags)
{
    static const char *const yes[] = { "true", "True", "TRUE" };
    static const char *const no[] = { "false", "False", "FALSE" };
    for (guint i = 0; i < 3 && is_scalar(L); i++) {
        if (!strcmp(scalar(L), yes[i])) {
            *flags |= flag;
            return;
        }
        if (!strcmp(scalar(L), no[i]))
            return;
    }
    error_at(L, ev_pos(L), "'%s' must be true or false%s%s%s", key,
             is_scalar(L) ? ", not '" : "", is_scalar(L) ? scalar(L) : "",
             is_scalar(L) ? "'" : "");
}

/* The matcher walks the trie from every token of a text as far as the
 * text follows some alias: at most this many steps per token. Real names
 * have a dozen tokens at most. */
#define ALIAS_MAX_TOKENS 32

/* TRUE (error recorded) if the current scalar, a name or an alias, has
 * more than ALIAS_MAX_TOKENS tokens. */
static gboolean too_long(Loader *L, const char *what)
{
    const char *s = scalar(L);
    g_array_set_size(L->tokens, 0);
    ng_tokenize(s, L->ev.data.scalar.length, L->tokens);
    if (L->tokens->len <= ALIAS_MAX_TOKENS)
        return FALSE;
    error_at(L, ev_pos(L), "%s '%.*s ...' has %u tokens; at most %d are "
             "allowed", what, (int)g_array_index(L->tokens, NgToken, 4).end, s,
             L->tokens->len, ALIAS_MAX_TOKENS);
    return TRUE;
}

/* The text of an alias, checked; NULL (error recorded) if unusable. */
static const char *alias_text(Loader *L)
{
    if (!is_scalar(L)) {
        error_at(L, ev_pos(L), "an alias text must be a string");
        return NULL;
    }
    if (is_null(L) || is_blank(scalar(L))) {
        error_at(L, ev_pos(L), "empty alias");
        return NULL;
    }
    if (too_long(L, "alias"))
        return NULL;
    return scalar_copy(L);
}

static gboolean parse_defaults(Loader *L)
{
    if (is_null(L))
        return TRUE;
    if (L->ev.type != YAML_MAPPING_START_EVENT) {
        error_at(L, ev_pos(L), "defaults must be a mapping (case: ...)");
        return skip_node(L);
    }
    guint32 seen = 0;
    while (next(L) && L->ev.type != YAML_MAPPING_END_EVENT) {
        int k = read_key(L, &defaults_map, &seen);
        if (k == KEY_FATAL)
            return FALSE;
        if (k == 0) { /* case */
            guint32 flags = 0;
            parse_case(L, &flags);
            L->nocase_default = (flags & NG_ALIAS_NOCASE) != 0;
            if (!skip_node(L))
                return FALSE;
        }
    }
    return !L->fatal;
}

/* One item of an `aliases` list: a string, or a mapping with `text`. */
static gboolean parse_alias(Loader *L)
{
    ScratchAlias a = { .pos = ev_pos(L) };
    if (is_scalar(L)) {
        if ((a.text = alias_text(L)))
            g_array_append_val(L->aliases, a);
        return TRUE;
    }
    if (L->ev.type != YAML_MAPPING_START_EVENT) {
        error_at(L, a.pos, "an alias must be a string or a mapping with 'text'");
        return skip_node(L);
    }
    guint32 seen = 0;
    gboolean ok = TRUE;
    while (next(L) && L->ev.type != YAML_MAPPING_END_EVENT) {
        int k = read_key(L, &alias_map, &seen);
        if (k == KEY_FATAL)
            return FALSE;
        switch (k) {
        case 0:
            ok = (a.text = alias_text(L)) != NULL;
            break;
        case 1:
            parse_case(L, &a.flags);
            break;
        case 2:
            parse_bool(L, "metonym", NG_ALIAS_METONYM, &a.flags);
            break;
        case 3:
            parse_bool(L, "ambiguous", NG_ALIAS_AMBIGUOUS, &a.flags);
            break;
        }
        if (k >= 0 && !skip_node(L))
            return FALSE;
    }
    if (L->fatal)
        return FALSE;
    if (ok && !a.text)
        error_at(L, a.pos, "an alias mapping needs 'text'");
    if (a.text)
        g_array_append_val(L->aliases, a);
    return TRUE;
}

static gboolean parse_aliases(Loader *L)
{
    if (is_null(L))
        return TRUE;
    if (L->ev.type != YAML_SEQUENCE_START_EVENT) {
        error_at(L, ev_pos(L), "aliases must be a list");
        return skip_node(L);
    }
    while (next(L) && L->ev.type != YAML_SEQUENCE_END_EVENT)
        if (!parse_alias(L))
            return FALSE;
    return !L->fatal;
}

/* Node data that negraph computes itself; a gazetteer may not set it. */
static const char *const reserved_attrs[] = {
    "id", "label", "type", "mentions", "documents", "aliases", "degree",
    "weighted_degree", "pagerank", "betweenness", "community", "x", "y",
    "color", "size", "first_seen", "last_seen", NULL
};

/* Attribute names are GraphML keys: [a-z_][a-z0-9_]*, not reserved. */
static const char *attr_name_problem(const char *k)
{
    if (!((*k >= 'a' && *k <= 'z') || *k == '_'))
        return "must match [a-z_][a-z0-9_]*";
    for (const char *p = k; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return "must match [a-z_][a-z0-9_]*";
    for (guint i = 0; reserved_attrs[i]; i++)
        if (!strcmp(k, reserved_attrs[i]))
            return "is reserved for data negraph computes";
    return NULL;
}

static int cmp_attr(const void *a, const void *b)
{
    const ScratchAttr *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return x->pos.line != y->pos.line ? (x->pos.line < y->pos.line ? -1 : 1)
                                      : (x->pos.col < y->pos.col ? -1 : 1);
}

/* `attributes:` of entry e: scalar values under checked names, left sorted
 * by name in L->attrs (a repeated name is an error). */
static gboolean parse_attributes(Loader *L, Entry *e)
{
    if (is_null(L))
        return TRUE;
    if (L->ev.type != YAML_MAPPING_START_EVENT) {
        error_at(L, ev_pos(L), "attributes must be a mapping of name: value");
        return skip_node(L);
    }
    while (next(L) && L->ev.type != YAML_MAPPING_END_EVENT) {
        ScratchAttr a = { .pos = ev_pos(L) };
        const char *problem = NULL;
        if (!is_scalar(L))
            error_at(L, a.pos, "attribute names must be strings");
        else if ((problem = attr_name_problem(scalar(L))))
            error_at(L, a.pos, "attribute name '%s' %s", scalar(L), problem);
        else
            a.key = scalar_copy(L);
        if (!skip_node(L) || !next(L))
            return FALSE;
        if (!a.key)
            ;
        else if (!is_scalar(L))
            error_at(L, ev_pos(L), "attribute '%s' must be a single value, "
                     "not a list or mapping", a.key);
        else if (is_null(L))
            warn_at(L, W_NO_VALUE, ev_pos(L),
                    "attribute '%s' has no value; ignored", a.key);
        else {
            a.value = scalar_copy(L);
            g_array_append_val(L->attrs, a);
        }
        if (!skip_node(L))
            return FALSE;
    }
    if (L->fatal)
        return FALSE;
    guint32 n = L->attrs->len - e->first_attr;
    if (n < 2)
        return TRUE;
    ScratchAttr *v = &g_array_index(L->attrs, ScratchAttr, e->first_attr);
    qsort(v, n, sizeof *v, cmp_attr);
    for (guint32 i = 1; i < n; i++)
        if (!strcmp(v[i].key, v[i - 1].key))
            error_at(L, v[i].pos, "duplicate attribute '%s'", v[i].key);
    return TRUE;
}

/* "person, country or organization" */
static char *type_list(void)
{
    GString *s = g_string_new(NULL);
    for (guint t = 0; t < NG_N_TYPES; t++)
        g_string_append_printf(s, "%s%s", t == 0 ? "" : t + 1 < NG_N_TYPES ? ", " : " or ",
                               ng_entity_type_name((NgEntityType)t));
    return g_string_free(s, FALSE);
}

static gboolean valid_id(const char *id)
{
    if (!*id)
        return FALSE;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '_' || *p == '-'))
            return FALSE;
    return TRUE;
}

static gboolean parse_entity(Loader *L)
{
    Entry e = { .pos = ev_pos(L), .first_attr = L->attrs->len,
                .first_alias = L->aliases->len };
    if (L->ev.type != YAML_MAPPING_START_EVENT) {
        error_at(L, e.pos, "an entity must be a mapping with name and type");
        return skip_node(L);
    }
    guint errors_before = L->n_errors;
    char *types = type_list();
    guint32 seen = 0;
    while (next(L) && L->ev.type != YAML_MAPPING_END_EVENT) {
        int k = read_key(L, &entity_map, &seen);
        Pos vp = ev_pos(L);
        switch (k) {
        case KEY_FATAL:
            goto out;
        case KEY_SKIPPED:
            continue;
        case 0: /* name */
            if (!is_scalar(L))
                error_at(L, vp, "name must be a string");
            else if (is_null(L) || is_blank(scalar(L)))
                error_at(L, vp, "empty name");
            else if (!too_long(L, "name")) {
                e.name = scalar_copy(L);
                e.name_pos = vp;
            }
            break;
        case 1: /* type */
            if (!is_scalar(L))
                error_at(L, vp, "type must be one of %s", types);
            else if (!ng_entity_type_parse(scalar(L), &e.type))
                error_at(L, vp, "unknown type '%s' (the types are %s)",
                         scalar(L), types);
            break;
        case 2: /* id */
            if (is_null(L))
                ;
            else if (!is_scalar(L) || !valid_id(scalar(L)))
                error_at(L, vp, "id '%s' may only use a-z 0-9 . _ -",
                         is_scalar(L) ? scalar(L) : "");
            else
                e.id = scalar_copy(L);
            break;
        case 3: /* attributes */
            if (!parse_attributes(L, &e))
                goto out;
            continue;
        case 4: /* aliases */
            if (!parse_aliases(L))
                goto out;
            continue;
        }
        if (!skip_node(L)) /* a name, type or id that was not a scalar */
            goto out;
    }
    if (L->fatal)
        goto out;
    if (!(seen & 1))
        error_at(L, e.pos, "an entity needs a name");
    else if (!(seen & 2))
        error_at(L, e.pos, "entity '%s' needs a type (%s)",
                 e.name ? e.name : "", types);
    if (L->n_errors == errors_before) {
        e.n_attrs = L->attrs->len - e.first_attr;
        e.n_aliases = L->aliases->len - e.first_alias;
        g_array_append_val(L->entries, e);
    }
out:
    g_free(types);
    return !L->fatal;
}

static gboolean parse_entities(Loader *L)
{
    Pos p = ev_pos(L);
    if (!is_null(L)) {
        if (L->ev.type != YAML_SEQUENCE_START_EVENT) {
            error_at(L, p, "entities must be a list");
            return skip_node(L);
        }
        guint n = 0;
        while (next(L) && L->ev.type != YAML_SEQUENCE_END_EVENT) {
            n++;
            if (!parse_entity(L))
                return FALSE;
            if (L->n_errors >= ERROR_LIMIT) {
                error_at(L, ev_pos(L), "too many errors; the rest of the "
                         "file was not checked");
                return FALSE;
            }
        }
        if (L->fatal)
            return FALSE;
        if (n > 0)
            return TRUE;
    }
    warn_at(L, W_NO_ENTITIES, p, "no entities");
    return TRUE;
}

/* The whole stream: one document whose top level is a mapping. */
static void parse_stream(Loader *L)
{
    if (!next(L) || !next(L)) /* stream start, then document start */
        return;
    if (L->ev.type == YAML_STREAM_END_EVENT) {
        error_at(L, (Pos){ 1, 1 }, "empty file (expected a mapping with 'entities')");
        return;
    }
    if (!next(L))
        return;
    Pos top = ev_pos(L);
    if (L->ev.type != YAML_MAPPING_START_EVENT) {
        error_at(L, top, "the top level must be a mapping with 'entities'");
        return;
    }
    guint32 seen = 0;
    while (next(L) && L->ev.type != YAML_MAPPING_END_EVENT) {
        int k = read_key(L, &top_map, &seen);
        if (k == KEY_FATAL || (k == 0 && !skip_node(L)) || /* source */
            (k == 1 && !parse_defaults(L)) || (k == 2 && !parse_entities(L)))
            return;
    }
    if (L->fatal)
        return;
    if (!(seen & 4))
        error_at(L, top, "no 'entities' list");
    if (next(L) && next(L) && L->ev.type == YAML_DOCUMENT_START_EVENT)
        error_at(L, ev_pos(L), "a gazetteer file holds one YAML document");
}

/* ------------------------------------------------------------------------
 * YAML loading: check and commit
 * ------------------------------------------------------------------------ */

/* Give every entry its id and refuse an id given to two types. */
static void check_ids(Loader *L, const NgGazetteer *gz)
{
    GHashTable *first = g_hash_table_new(g_str_hash, g_str_equal); /* id -> Entry */
    for (guint i = 0; i < L->entries->len; i++) {
        Entry *e = &g_array_index(L->entries, Entry, i);
        if (!e->id) {
            char *id = ng_entity_make_id(e->type, e->name);
            e->id = g_string_chunk_insert(L->chunk, id);
            g_free(id);
        }
        gint64 old = ng_gazetteer_lookup_id(gz, e->id);
        const Entry *f = g_hash_table_lookup(first, e->id);
        if (old >= 0 && entity_at(gz, (guint32)old)->type != e->type) {
            const NgEntity *o = entity_at(gz, (guint32)old);
            error_at(L, e->pos, "id '%s' of %s '%s' is the id of %s '%s'%s%s",
                     e->id, ng_entity_type_name(e->type), e->name,
                     ng_entity_type_name(o->type), o->name,
                     o->origin ? " at " : "", o->origin ? o->origin : "");
        } else if (f && f->type != e->type) {
            error_at(L, e->pos, "id '%s' of %s '%s' is the id of %s '%s' at line %u",
                     e->id, ng_entity_type_name(e->type), e->name,
                     ng_entity_type_name(f->type), f->name, f->pos.line);
        } else if (!f) {
            g_hash_table_insert(first, (gpointer)e->id, e);
        }
    }
    g_hash_table_destroy(first);
}

/* Add entry e's attributes to entity `ent`: the first value of a name
 * wins; a different later value is a warning. Keeps attrs sorted. */
static void merge_attrs(Loader *L, NgGazetteer *gz, NgEntity *ent, const Entry *e)
{
    if (!e->n_attrs)
        return;
    GStringChunk *sc = gz->index->strings;
    const ScratchAttr *v = &g_array_index(L->attrs, ScratchAttr, e->first_attr);
    guint n_old = ent->n_attrs;
    ent->attrs = g_renew(NgAttr, ent->attrs, n_old + e->n_attrs);
    for (guint32 i = 0; i < e->n_attrs; i++) {
        const NgAttr *have = NULL;
        for (guint j = 0; j < n_old && !have; j++)
            if (!strcmp(ent->attrs[j].key, v[i].key))
                have = &ent->attrs[j];
        if (!have) {
            ent->attrs[ent->n_attrs].key = g_string_chunk_insert_const(sc, v[i].key);
            ent->attrs[ent->n_attrs++].value = g_string_chunk_insert_const(sc, v[i].value);
        } else if (strcmp(have->value, v[i].value)) {
            warn_at(L, W_ATTR_CONFLICT, v[i].pos, "attribute '%s' of '%s' is "
                    "'%s' here but '%s' at %s; keeping '%s'", v[i].key,
                    ent->name, v[i].value, have->value,
                    ent->origin ? ent->origin : "(added in code)", have->value);
        }
    }
    if (n_old) { /* both runs are sorted: merge them */
        NgAttr *m = g_new(NgAttr, ent->n_attrs);
        guint a = 0, b = n_old, o = 0;
        while (a < n_old || b < ent->n_attrs)
            m[o++] = (b == ent->n_attrs ||
                      (a < n_old && strcmp(ent->attrs[a].key, ent->attrs[b].key) < 0))
                         ? ent->attrs[a++] : ent->attrs[b++];
        g_free(ent->attrs);
        ent->attrs = m;
    }
}

/* Alias `text` for entity `ent`, warning when an entity of another type
 * claimed the text first. */
static void add_alias_checked(Loader *L, NgGazetteer *gz, guint32 ent,
                              const char *text, guint32 flags, Pos pos)
{
    guint32 first = alias_add(gz, ent, text, flags);
    const NgEntity *e = entity_at(gz, ent), *f = entity_at(gz, first);
    if (f->type != e->type)
        warn_at(L, W_CROSS_TYPE, pos, "alias '%s' of %s '%s' is also an alias "
                "of %s '%s'%s%s; both are kept", text,
                ng_entity_type_name(e->type), e->name,
                ng_entity_type_name(f->type), f->name,
                f->origin ? " at " : "", f->origin ? f->origin : "");
}

static void commit(Loader *L, NgGazetteer *gz)
{
    guint32 nocase = L->nocase_default ? NG_ALIAS_NOCASE : 0;
    for (guint i = 0; i < L->entries->len; i++) {
        const Entry *e = &g_array_index(L->entries, Entry, i);
        gint64 old = ng_gazetteer_lookup_id(gz, e->id);
        guint32 ent;
        if (old >= 0) {
            ent = (guint32)old;
            const NgEntity *o = entity_at(gz, ent);
            warn_at(L, W_DUPLICATE_ID, e->pos, "id '%s' is also the id of the "
                    "entry at %s; the entries are merged", e->id,
                    o->origin ? o->origin : "(added in code)");
        } else {
            char *origin = g_strdup_printf("%s:%u:%u", L->path, e->pos.line,
                                           e->pos.col);
            ent = entity_new(gz, e->name, e->type, e->id, origin);
            g_free(origin);
        }
        merge_attrs(L, gz, entity_at(gz, ent), e);
        /* The name is an alias with the file's defaults, unless the entry
         * lists it among its aliases with options of its own. */
        const ScratchAlias *listed = e->n_aliases ?
            &g_array_index(L->aliases, ScratchAlias, e->first_alias) : NULL;
        guint32 j = 0;
        while (j < e->n_aliases && strcmp(listed[j].text, e->name))
            j++;
        if (j == e->n_aliases)
            add_alias_checked(L, gz, ent, e->name, nocase, e->name_pos);
        for (j = 0; j < e->n_aliases; j++) {
            const ScratchAlias *a = &listed[j];
            guint32 flags = a->flags & CASE_GIVEN ? a->flags & ~CASE_GIVEN
                                                  : a->flags | nocase;
            add_alias_checked(L, gz, ent, a->text, flags, a->pos);
        }
    }
}

gboolean ng_gazetteer_load_file(NgGazetteer *gz, const char *path,
                                GPtrArray *warnings, GError **error)
{
    Loader L = { .path = path, .warnings = warnings };
    char *data;
    gsize len;
    GError *io = NULL;
    if (!g_file_get_contents(path, &data, &len, &io)) {
        g_set_error(error, NG_ERROR, NG_ERROR_IO, "%s: %s", path, io->message);
        g_error_free(io);
        return FALSE;
    }
    L.data = data;
    L.len = len;
    L.chunk = g_string_chunk_new(64 * 1024);
    L.entries = g_array_new(FALSE, FALSE, sizeof(Entry));
    L.attrs = g_array_new(FALSE, FALSE, sizeof(ScratchAttr));
    L.aliases = g_array_new(FALSE, FALSE, sizeof(ScratchAlias));
    L.errors = g_string_new(NULL);
    L.tokens = g_array_new(FALSE, FALSE, sizeof(NgToken));
    yaml_parser_initialize(&L.parser);
    yaml_parser_set_input_string(&L.parser, (const unsigned char *)data, len);

    parse_stream(&L);
    if (L.have_event)
        yaml_event_delete(&L.ev);
    yaml_parser_delete(&L.parser);
    if (!L.n_errors)
        check_ids(&L, gz);
    if (!L.n_errors)
        commit(&L, gz);
    warn_summaries(&L);

    gboolean ok = L.n_errors == 0;
    if (!ok)
        g_set_error_literal(error, NG_ERROR, NG_ERROR_CONFIG, L.errors->str);
    g_string_free(L.errors, TRUE);
    g_array_free(L.tokens, TRUE);
    g_array_free(L.entries, TRUE);
    g_array_free(L.attrs, TRUE);
    g_array_free(L.aliases, TRUE);
    g_string_chunk_free(L.chunk);
    g_free(data);
    return ok;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

gboolean ng_gazetteer_load_dir(NgGazetteer *gz, const char *dir,
                               GPtrArray *warnings, GError **error)
{
    GError *io = NULL;
    GDir *d = g_dir_open(dir, 0, &io);
    if (!d) {
        g_set_error(error, NG_ERROR, NG_ERROR_CONFIG,
                    "%s: cannot open the gazetteer folder: %s", dir, io->message);
        g_error_free(io);
        return FALSE;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(d)))
        if (g_str_has_suffix(name, ".yaml") || g_str_has_suffix(name, ".yml"))
            g_ptr_array_add(names, g_strdup(name));
    g_dir_close(d);
    g_ptr_array_sort(names, cmp_str);

    /* Every file is loaded even after a bad one, so that all problems are
     * reported at once; the error joins their messages, one per line. */
    GString *errors = g_string_new(NULL);
    guint loaded = 0;
    for (guint i = 0; i < names->len; i++) {
        char *path = g_build_filename(dir, names->pdata[i], NULL);
        if (g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
            GError *e = NULL;
            if (!ng_gazetteer_load_file(gz, path, warnings, &e)) {
                g_string_append_printf(errors, "%s%s", errors->len ? "\n" : "",
                                       e->message);
                g_error_free(e);
            }
            loaded++;
        }
        g_free(path);
    }
    g_ptr_array_free(names, TRUE);
    if (!loaded)
        g_string_printf(errors, "%s: no gazetteer files (*.yaml, *.yml)", dir);
    gboolean ok = errors->len == 0;
    if (!ok)
        g_set_error_literal(error, NG_ERROR, NG_ERROR_CONFIG, errors->str);
    g_string_free(errors, TRUE);
    return ok;
}
