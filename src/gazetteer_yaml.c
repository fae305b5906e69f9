/*
 * gazetteer_yaml.c - loading gazetteer YAML files (format in README.md,
 * "Gazetteer format") into an NgGazetteer.
 *
 * Loading a file goes in three steps so that a bad file changes nothing:
 *  1. parse: libyaml events are read into a scratch copy of the file
 *     (Entry, ScratchAttr, ScratchAlias arrays and their own string chunk),
 *     checking everything that depends on the file alone. Errors are
 *     collected (up to ERROR_LIMIT) so that `negraph check` shows them all;
 *     a YAML syntax error stops the parse.
 *  2. check: ids are computed and compared with the gazetteer and within
 *     the file (one id, one type).
 *  3. commit: only if 1 and 2 found no error; this step cannot fail. The
 *     gazetteer takes over the scratch strings rather than copying them.
 * The file is mapped, not read into memory. The event API (not libyaml's document tree) keeps memory flat and skips
 * unknown values of any depth without recursion.
 */
#include "gazetteer_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "matcher.h"
#include "ng.h"
#include "yamldir.h"
#include "token.h"

static NgEntity *entity_at(const NgGazetteer *gz, guint32 i)
{
    return gz->entities->pdata[i];
}

/* ------------------------------------------------------------------------
 * Parsing: a scratch copy of one file
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
    W_LONG_ALIAS,
    N_WARN_KINDS
} WarnKind;

static const char *const warn_kind_name[N_WARN_KINDS] = {
    [W_UNKNOWN_KEY] = "unknown key",
    [W_DUPLICATE_ID] = "duplicate id",
    [W_ATTR_CONFLICT] = "conflicting attribute value",
    [W_CROSS_TYPE] = "alias shared by entities of different types",
    [W_NO_ENTITIES] = "no entities",
    [W_NO_VALUE] = "attribute without a value",
    [W_LONG_ALIAS] = "alias too long to match",
};

#define WARN_LIMIT 20
#define ERROR_LIMIT 20

/* Values nested deeper than this are refused: libyaml's scanner does work
 * in proportion to the nesting depth for every token. */
#define MAX_DEPTH 100

typedef struct {
    char *path;
    GMappedFile *file;
    const char *data; /* the file's bytes (mapped: reading 12 MB into the
                         heap would cost a page fault per 4 KB) */
    gsize len;
    GError *io_error; /* the file could not be read */
    yaml_parser_t parser;
    yaml_event_t ev;  /* the current event */
    gboolean have_event;
    gboolean fatal;   /* a syntax error: nothing more can be read */
    gboolean nocase_default;

    GStringChunk *chunk; /* the strings of the file, handed over to the
                            gazetteer when the file is committed */
    GArray *entries;     /* Entry */
    GArray *attrs;       /* ScratchAttr */
    GArray *aliases;     /* ScratchAlias */

    char *types;         /* "person, country or organization", made when needed */
    GString *scratch;    /* for formatting origins */
    GArray *toks;        /* for counting the tokens of long aliases */
    GString *errors;     /* "FILE:LINE:COL: ..." lines */
    guint n_errors;
    GPtrArray *warnings; /* "FILE:LINE:COL: ..." strings, handed to the
                            caller when the file is committed */
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
    ng_append_one_line_v(L->errors, fmt, ap);
    va_end(ap);
    L->n_errors++;
}

static void warn_at(Loader *L, WarnKind kind, Pos p, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);
static void warn_at(Loader *L, WarnKind kind, Pos p, const char *fmt, ...)
{
    if (++L->n_warn[kind] > WARN_LIMIT)
        return;
    GString *msg = g_string_new(NULL);
    g_string_append_printf(msg, "%s:%u:%u: ", L->path, p.line, p.col);
    va_list ap;
    va_start(ap, fmt);
    ng_append_one_line_v(msg, fmt, ap);
    va_end(ap);
    g_ptr_array_add(L->warnings, g_string_free(msg, FALSE));
}

/* One line for each kind of warning that went over the limit. */
static void warn_summaries(Loader *L)
{
    for (guint k = 0; k < N_WARN_KINDS; k++)
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
    if (!L->have_event)
        syntax_error(L);
    else if (L->ev.type == YAML_ALIAS_EVENT)
        error_at(L, ev_pos(L), "YAML aliases (*%s) are not supported",
                 (const char *)L->ev.data.alias.anchor);
    else
        return TRUE;
    L->fatal = TRUE;
    return FALSE;
}

/* Skip the node that starts at the current event; a scalar is skipped
 * already. Nesting deeper than MAX_DEPTH is a fatal error. */
static gboolean skip_node(Loader *L)
{
    int depth = 0;
    do {
        switch (L->ev.type) {
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (++depth > MAX_DEPTH) {
                error_at(L, ev_pos(L), "lists or mappings nested more than %d deep",
                         MAX_DEPTH);
                L->fatal = TRUE;
                return FALSE;
            }
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

/* TRUE, with a warning, if the current scalar (a name or an alias) has
 * more tokens than the matcher takes (matcher.h). */
static gboolean too_long(Loader *L, const char *what, const char *outcome)
{
    gsize len = L->ev.data.scalar.length;
    if (len <= NG_MATCHER_MAX_TOKENS) /* few enough tokens */
        return FALSE;
    g_array_set_size(L->toks, 0);
    ng_tokenize(scalar(L), len, L->toks);
    if (L->toks->len <= NG_MATCHER_MAX_TOKENS)
        return FALSE;
    warn_at(L, W_LONG_ALIAS, ev_pos(L), "%s of %u tokens, more than the %d a "
            "name may have; %s", what, L->toks->len, NG_MATCHER_MAX_TOKENS,
            outcome);
    return TRUE;
}

/* The text of an alias, checked; NULL if unusable (an error recorded), or
 * too long for the matcher (a warning: it is left out). */
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
    if (too_long(L, "alias", "ignored"))
        return NULL;
    return scalar_copy(L);
}

/*
 * At a value that must be a mapping or a list (`start` is the event that
 * opens it) or null: TRUE if it is one to read. Otherwise FALSE, after
 * recording `problem` and skipping the value if it is not null.
 */
static gboolean opens(Loader *L, yaml_event_type_t start, const char *problem)
{
    if (L->ev.type == start)
        return TRUE;
    if (!is_null(L)) {
        error_at(L, ev_pos(L), "%s", problem);
        skip_node(L);
    }
    return FALSE;
}

static gboolean parse_defaults(Loader *L)
{
    if (!opens(L, YAML_MAPPING_START_EVENT, "defaults must be a mapping (case: ...)"))
        return !L->fatal;
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
    if (!opens(L, YAML_SEQUENCE_START_EVENT, "aliases must be a list"))
        return !L->fatal;
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
    if (!opens(L, YAML_MAPPING_START_EVENT, "attributes must be a mapping of name: value"))
        return !L->fatal;
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

/* "person, country or organization", for messages. */
static const char *type_list(Loader *L)
{
    if (!L->types) {
        GString *s = g_string_new(NULL);
        for (guint t = 0; t < NG_N_TYPES; t++)
            g_string_append_printf(s, "%s%s", t == 0 ? "" : t + 1 < NG_N_TYPES ? ", " : " or ",
                                   ng_entity_type_name((NgEntityType)t));
        L->types = g_string_free(s, FALSE);
    }
    return L->types;
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
    guint32 seen = 0;
    while (next(L) && L->ev.type != YAML_MAPPING_END_EVENT) {
        int k = read_key(L, &entity_map, &seen);
        Pos vp = ev_pos(L);
        switch (k) {
        case KEY_FATAL:
            return FALSE;
        case KEY_SKIPPED:
            continue;
        case 0: /* name */
            if (!is_scalar(L))
                error_at(L, vp, "name must be a string");
            else if (is_null(L) || is_blank(scalar(L)))
                error_at(L, vp, "empty name");
            else {
                /* Kept as the label, but the matcher skips it. */
                too_long(L, "name", "it is never matched");
                e.name = scalar_copy(L);
                e.name_pos = vp;
            }
            break;
        case 1: /* type */
            if (!is_scalar(L))
                error_at(L, vp, "type must be one of %s", type_list(L));
            else if (!ng_entity_type_parse(scalar(L), &e.type))
                error_at(L, vp, "unknown type '%s' (the types are %s)",
                         scalar(L), type_list(L));
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
                return FALSE;
            continue;
        case 4: /* aliases */
            if (!parse_aliases(L))
                return FALSE;
            continue;
        }
        if (!skip_node(L)) /* a name, type or id that was not a scalar */
            return FALSE;
    }
    if (L->fatal)
        return FALSE;
    if (!(seen & 1))
        error_at(L, e.pos, "an entity needs a name");
    else if (!(seen & 2))
        error_at(L, e.pos, "entity '%s' needs a type (%s)",
                 e.name ? e.name : "", type_list(L));
    if (L->n_errors == errors_before) {
        e.n_attrs = L->attrs->len - e.first_attr;
        e.n_aliases = L->aliases->len - e.first_alias;
        g_array_append_val(L->entries, e);
    }
    return TRUE;
}

static gboolean parse_entities(Loader *L)
{
    Pos p = ev_pos(L);
    gboolean null = is_null(L);
    guint n = 0;
    if (opens(L, YAML_SEQUENCE_START_EVENT, "entities must be a list")) {
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
    } else if (!null) {
        return !L->fatal;
    }
    if (L->fatal)
        return FALSE;
    if (n == 0)
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
 * Check and commit
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

/* Whether entity `ent` was first defined in the file being loaded.
 * Entries of one id in several files are the designed way to combine
 * sources (merged quietly, the first file's values winning); within one
 * file a repeated id is more likely a mistake, so that is warned about. */
static gboolean defined_here(Loader *L, const NgEntity *ent)
{
    gsize n = strlen(L->path);
    return ent->origin && !strncmp(ent->origin, L->path, n) &&
           ent->origin[n] == ':';
}

/* Add entry e's attributes to entity `ent`: the first value of a name
 * wins; a different later value in the same file is a warning. Keeps
 * attrs sorted. */
static void merge_attrs(Loader *L, NgGazetteer *gz, NgEntity *ent, const Entry *e)
{
    if (!e->n_attrs)
        return;
    const ScratchAttr *v = &g_array_index(L->attrs, ScratchAttr, e->first_attr);
    guint n_old = ent->n_attrs;
    ent->attrs = g_renew(NgAttr, ent->attrs, n_old + e->n_attrs);
    for (guint32 i = 0; i < e->n_attrs; i++) {
        const NgAttr *have = NULL;
        for (guint j = 0; j < n_old && !have; j++)
            if (!strcmp(ent->attrs[j].key, v[i].key))
                have = &ent->attrs[j];
        if (!have) {
            ent->attrs[ent->n_attrs].key = (char *)v[i].key;
            ent->attrs[ent->n_attrs++].value = (char *)v[i].value;
        } else if (strcmp(have->value, v[i].value) && defined_here(L, ent)) {
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
    guint32 first = ng_gazetteer_put_alias(gz, ent, text, flags, TRUE);
    const NgEntity *e = entity_at(gz, ent), *f = entity_at(gz, first);
    if (f->type != e->type)
        warn_at(L, W_CROSS_TYPE, pos, "alias '%s' of %s '%s' is also an alias "
                "of %s '%s'%s%s; both are kept", text,
                ng_entity_type_name(e->type), e->name,
                ng_entity_type_name(f->type), f->name,
                f->origin ? " at " : "", f->origin ? f->origin : "");
}

static void append_uint(GString *s, guint32 v)
{
    char digits[10];
    int n = 0;
    do
        digits[n++] = (char)('0' + v % 10);
    while ((v /= 10));
    while (n)
        g_string_append_c(s, digits[--n]);
}

/* "FILE:LINE:COLUMN" of p, valid until the next call (one per entity:
 * plain appends rather than printf). */
static const char *origin(Loader *L, Pos p)
{
    g_string_assign(L->scratch, L->path);
    g_string_append_c(L->scratch, ':');
    append_uint(L->scratch, p.line);
    g_string_append_c(L->scratch, ':');
    append_uint(L->scratch, p.col);
    return L->scratch->str;
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
            if (defined_here(L, o))
                warn_at(L, W_DUPLICATE_ID, e->pos, "id '%s' is also the id of the "
                        "entry at %s; the entries are merged", e->id,
                        o->origin);
        } else {
            NgEntity *n = g_new0(NgEntity, 1);
            n->id = (char *)e->id;
            n->name = (char *)e->name;
            n->type = e->type;
            n->origin = g_string_chunk_insert(L->chunk, origin(L, e->pos));
            ent = ng_gazetteer_adopt_entity(gz, n);
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
    /* The entities and aliases use the scratch strings: gz keeps them. */
    ng_gazetteer_keep_chunk(gz, g_steal_pointer(&L->chunk));
}

/* ------------------------------------------------------------------------
 * Files and folders
 * ------------------------------------------------------------------------ */

static Loader *loader_new(const char *path)
{
    Loader *L = g_new0(Loader, 1);
    L->path = g_strdup(path);
    L->chunk = g_string_chunk_new(64 * 1024);
    L->entries = g_array_new(FALSE, FALSE, sizeof(Entry));
    L->attrs = g_array_new(FALSE, FALSE, sizeof(ScratchAttr));
    L->aliases = g_array_new(FALSE, FALSE, sizeof(ScratchAlias));
    L->errors = g_string_new(NULL);
    L->warnings = g_ptr_array_new_with_free_func(g_free);
    L->scratch = g_string_new(NULL);
    L->toks = g_array_new(FALSE, FALSE, sizeof(NgToken));
    return L;
}

static void loader_free(gpointer p)
{
    Loader *L = p;
    g_free(L->path);
    if (L->file)
        g_mapped_file_unref(L->file);
    g_clear_error(&L->io_error);
    if (L->chunk)
        g_string_chunk_free(L->chunk);
    g_array_free(L->entries, TRUE);
    g_array_free(L->attrs, TRUE);
    g_array_free(L->aliases, TRUE);
    g_string_free(L->errors, TRUE);
    g_ptr_array_free(L->warnings, TRUE);
    g_string_free(L->scratch, TRUE);
    g_array_free(L->toks, TRUE);
    g_free(L->types);
    g_free(L);
}

/* Step 1: read and parse the file. Touches nothing but L, so files can be
 * parsed on several threads. */
static void loader_parse(Loader *L)
{
    L->file = g_mapped_file_new(L->path, FALSE, &L->io_error);
    if (!L->file)
        return;
    L->len = g_mapped_file_get_length(L->file);
    L->data = L->len ? g_mapped_file_get_contents(L->file) : "";
    yaml_parser_initialize(&L->parser);
    yaml_parser_set_input_string(&L->parser, (const unsigned char *)L->data, L->len);
    parse_stream(L);
    if (L->have_event)
        yaml_event_delete(&L->ev);
    yaml_parser_delete(&L->parser);
}

/* Steps 2 and 3, in file order: check the file against gz and commit it
 * if it is good; hand its warnings over to `warnings` (may be NULL). */
static gboolean loader_finish(Loader *L, NgGazetteer *gz, GPtrArray *warnings,
                              GError **error)
{
    if (L->io_error) {
        g_set_error(error, NG_ERROR, NG_ERROR_IO, "%s: %s", L->path,
                    L->io_error->message);
        return FALSE;
    }
    if (!L->n_errors)
        check_ids(L, gz);
    if (!L->n_errors)
        commit(L, gz);
    warn_summaries(L);
    for (guint i = 0; warnings && i < L->warnings->len; i++)
        g_ptr_array_add(warnings, g_strdup(L->warnings->pdata[i]));
    if (L->n_errors)
        g_set_error_literal(error, NG_ERROR, NG_ERROR_CONFIG, L->errors->str);
    return L->n_errors == 0;
}

gboolean ng_gazetteer_load_file(NgGazetteer *gz, const char *path,
                                GPtrArray *warnings, GError **error)
{
    Loader *L = loader_new(path);
    loader_parse(L);
    gboolean ok = loader_finish(L, gz, warnings, error);
    loader_free(L);
    return ok;
}

static void parse_job(gpointer loader, gpointer unused)
{
    loader_parse(loader);
}

/* Parse the files on as many threads as there are processors: libyaml is
 * most of the loading time, and files are independent until committed. */
static void parse_all(GPtrArray *loaders)
{
    guint threads = MIN(g_get_num_processors(), loaders->len);
    if (threads <= 1) {
        for (guint i = 0; i < loaders->len; i++)
            loader_parse(loaders->pdata[i]);
        return;
    }
    GThreadPool *pool = g_thread_pool_new(parse_job, NULL, (gint)threads, FALSE, NULL);
    for (guint i = 0; i < loaders->len; i++)
        g_thread_pool_push(pool, loaders->pdata[i], NULL);
    g_thread_pool_free(pool, FALSE, TRUE); /* waits for every file */
}

gboolean ng_gazetteer_load_dir(NgGazetteer *gz, const char *dir,
                               GPtrArray *warnings, GError **error)
{
    GPtrArray *paths = ng_yaml_files(dir, "gazetteer", error);
    if (!paths)
        return FALSE;
    GPtrArray *loaders = g_ptr_array_new_with_free_func(loader_free);
    for (guint i = 0; i < paths->len; i++)
        g_ptr_array_add(loaders, loader_new(paths->pdata[i]));
    g_ptr_array_unref(paths);
    parse_all(loaders);

    /* Every file is committed even after a bad one, so that all problems
     * are reported at once; the error joins their messages, one per line. */
    GString *errors = g_string_new(NULL);
    for (guint i = 0; i < loaders->len; i++) {
        GError *e = NULL;
        if (!loader_finish(loaders->pdata[i], gz, warnings, &e)) {
            g_string_append_printf(errors, "%s%s", errors->len ? "\n" : "",
                                   e->message);
            g_error_free(e);
        }
    }
    if (!loaders->len)
        g_string_printf(errors, "%s: no gazetteer files (*.yaml, *.yml)", dir);
    g_ptr_array_free(loaders, TRUE);
    gboolean ok = errors->len == 0;
    if (!ok)
        g_set_error_literal(error, NG_ERROR, NG_ERROR_CONFIG, errors->str);
    g_string_free(errors, TRUE);
    return ok;
}
