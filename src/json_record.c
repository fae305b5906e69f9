/*
 * json_record.c - a strict JSON object reader for article lines (see
 * json_record.h). A recursive-descent parser over the bytes of the line:
 * every value is checked, only the wanted top-level members are decoded.
 */
#include "json_record.h"

#include <string.h>

#include "ng.h"

/* Arrays and objects nested deeper than this are refused: the parser
 * recurses once per level. */
#define MAX_DEPTH 512

struct NgJsonRecord {
    NgJsonMember *members;
    gsize *name_len;   /* strlen of each member's name */
    guint n_members;
    GString *key;      /* the current member name, decoded */
};

typedef struct {
    const char *s;
    gsize len, pos;
    guint *fixed;
    const char *why;   /* set on the first error; pos is then where */
} Parser;

NgJsonRecord *ng_json_record_new(const char *const *names)
{
    NgJsonRecord *rec = g_new0(NgJsonRecord, 1);
    while (names[rec->n_members])
        rec->n_members++;
    rec->members = g_new0(NgJsonMember, rec->n_members);
    rec->name_len = g_new(gsize, rec->n_members);
    for (guint i = 0; i < rec->n_members; i++) {
        rec->members[i].name = names[i];
        rec->name_len[i] = strlen(names[i]);
        rec->members[i].value = g_string_new(NULL);
    }
    rec->key = g_string_new(NULL);
    return rec;
}

void ng_json_record_free(NgJsonRecord *rec)
{
    if (!rec)
        return;
    for (guint i = 0; i < rec->n_members; i++)
        g_string_free(rec->members[i].value, TRUE);
    g_free(rec->members);
    g_free(rec->name_len);
    g_string_free(rec->key, TRUE);
    g_free(rec);
}

const NgJsonMember *ng_json_record_member(const NgJsonRecord *rec, guint i)
{
    g_return_val_if_fail(i < rec->n_members, NULL);
    return &rec->members[i];
}

static gboolean fail(Parser *p, const char *why)
{
    if (!p->why)
        p->why = why;
    return FALSE;
}

static void skip_ws(Parser *p)
{
    while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
                               p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
        p->pos++;
}

/* The value of the 4 hex digits at pos, or -1. */
static gint hex4(const Parser *p, gsize pos)
{
    if (p->len - pos < 4 || pos > p->len)
        return -1;
    gint v = 0;
    for (gsize i = 0; i < 4; i++) {
        gint d = g_ascii_xdigit_value(p->s[pos + i]);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* A \u escape at pos (the backslash): the character, U+FFFD for one that
 * is none (NUL, a lone surrogate); pos moves past it (and past the low
 * half of a surrogate pair). -1 if the escape is malformed. */
static gint unicode_escape(Parser *p)
{
    gint u = hex4(p, p->pos + 2);
    if (u < 0)
        return -1;
    p->pos += 6;
    if (u >= 0xD800 && u <= 0xDBFF && p->pos + 1 < p->len &&
        p->s[p->pos] == '\\' && p->s[p->pos + 1] == 'u') {
        gint low = hex4(p, p->pos + 2);
        if (low >= 0xDC00 && low <= 0xDFFF) {
            p->pos += 6;
            return 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
        }
    }
    if (u == 0 || (u >= 0xD800 && u <= 0xDFFF)) {
        (*p->fixed)++;
        return 0xFFFD;
    }
    return u;
}

/* Append s[0..n) to out: g_string_append_len's work without its checks
 * (s never lies inside out here) when out has room, as it mostly has
 * once the buffers have grown: a text with many escapes appends once per
 * escape. */
static inline void put(GString *out, const char *s, gsize n)
{
    if (out->len + n >= out->allocated_len) {
        g_string_append_len(out, s, (gssize)n);
        return;
    }
    memcpy(out->str + out->len, s, n);
    out->len += n;
    out->str[out->len] = '\0';
}

/* The string at pos (its opening quote), decoded into `out` unless NULL.
 * Runs without escapes are found with memchr and copied whole: article
 * text is mostly such runs. The next quote is searched for once and kept
 * until an escape takes the scan past it: searching again after every
 * escape made a long string with many escapes ("\n" at each line end)
 * quadratic - 4 s for 4 MB. */
static gboolean parse_string(Parser *p, GString *out)
{
    gsize open = p->pos;
    p->pos++;   /* the opening quote */
    const char *quote = NULL;
    for (;;) {
        const char *at = p->s + p->pos;
        if (!quote || quote < at)
            quote = memchr(at, '"', p->len - p->pos);
        if (!quote) {
            p->pos = open;   /* reported where the string starts */
            return fail(p, "unterminated string");
        }
        const char *bs = memchr(at, '\\', (gsize)(quote - at));
        const char *stop = bs ? bs : quote;
        if (out)
            put(out, at, (gsize)(stop - at));
        p->pos += (gsize)(stop - at);
        if (!bs) {
            p->pos++;   /* the closing quote */
            return TRUE;
        }
        if (p->pos + 1 >= p->len) {
            p->pos = open;
            return fail(p, "unterminated string");
        }
        char c = p->s[p->pos + 1], plain;
        switch (c) {
        case '"': case '\\': case '/': plain = c; break;
        case 'b': plain = '\b'; break;
        case 'f': plain = '\f'; break;
        case 'n': plain = '\n'; break;
        case 'r': plain = '\r'; break;
        case 't': plain = '\t'; break;
        case 'u': {
            gint u = unicode_escape(p);
            if (u < 0)
                return fail(p, "\\u without four hex digits");
            if (out)
                g_string_append_unichar(out, (gunichar)u);
            continue;
        }
        default:
            return fail(p, "an escape sequence that is not JSON's");
        }
        if (out)
            put(out, &plain, 1);
        p->pos += 2;
    }
}

static gsize digits(Parser *p)
{
    gsize start = p->pos;
    while (p->pos < p->len && g_ascii_isdigit(p->s[p->pos]))
        p->pos++;
    return p->pos - start;
}

/* A number at pos; *integer: it has no fraction or exponent. Errors are
 * reported where the number starts. */
static gboolean parse_number(Parser *p, gboolean *integer)
{
    gsize start = p->pos;
    const char *why = NULL;
    if (p->s[p->pos] == '-')
        p->pos++;
    gsize first = p->pos;
    gsize n = digits(p);
    *integer = TRUE;
    if (n == 0)
        why = "a number without digits";
    else if (n > 1 && p->s[first] == '0')
        why = "a number with a leading zero";
    if (!why && p->pos < p->len && p->s[p->pos] == '.') {
        p->pos++;
        if (!digits(p))
            why = "a number without digits after its point";
        *integer = FALSE;
    }
    if (!why && p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
        p->pos++;
        if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
            p->pos++;
        if (!digits(p))
            why = "a number without digits in its exponent";
        *integer = FALSE;
    }
    if (why) {
        p->pos = start;
        return fail(p, why);
    }
    return TRUE;
}

static gboolean parse_value(Parser *p, guint depth, NgJsonMember *m);

/* The member of `rec` named by the key just decoded, or NULL. */
static NgJsonMember *wanted(NgJsonRecord *rec)
{
    for (guint i = 0; i < rec->n_members; i++)
        if (rec->name_len[i] == rec->key->len &&
            !memcmp(rec->members[i].name, rec->key->str, rec->key->len))
            return &rec->members[i];
    return NULL;
}

/* An object or array at pos. Members are checked, not kept - except in
 * the top-level object (rec not NULL), whose member names are decoded
 * and whose wanted members' values go into rec. */
static gboolean parse_container(Parser *p, guint depth, NgJsonRecord *rec)
{
    gboolean object = p->s[p->pos] == '{';
    char close = object ? '}' : ']';
    if (depth >= MAX_DEPTH)
        return fail(p, "arrays or objects nested too deep");
    p->pos++;
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == close) {
        p->pos++;
        return TRUE;
    }
    for (;;) {
        NgJsonMember *m = NULL;
        skip_ws(p);
        if (object) {
            if (p->pos >= p->len || p->s[p->pos] != '"')
                return fail(p, "expected a member name");
            if (rec)
                g_string_truncate(rec->key, 0);
            if (!parse_string(p, rec ? rec->key : NULL))
                return FALSE;
            skip_ws(p);
            if (p->pos >= p->len || p->s[p->pos] != ':')
                return fail(p, "expected ':'");
            p->pos++;
            m = rec ? wanted(rec) : NULL;
        }
        if (!parse_value(p, depth + 1, m))
            return FALSE;
        skip_ws(p);
        if (p->pos < p->len && p->s[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->len && p->s[p->pos] == close) {
            p->pos++;
            return TRUE;
        }
        return fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

/* A value at pos (after whitespace); into m when it is a wanted member. */
static gboolean parse_value(Parser *p, guint depth, NgJsonMember *m)
{
    static const char *const words[] = { "true", "false", "null" };
    skip_ws(p);
    if (p->pos >= p->len)
        return fail(p, "expected a value");
    char c = p->s[p->pos];
    if (m)
        g_string_truncate(m->value, 0);
    if (c == '"') {
        if (m)
            m->kind = NG_JSON_STRING;
        return parse_string(p, m ? m->value : NULL);
    }
    if (c == '{' || c == '[') {
        if (m)
            m->kind = NG_JSON_OTHER;
        return parse_container(p, depth, NULL);
    }
    if (c == '-' || g_ascii_isdigit(c)) {
        gsize start = p->pos;
        gboolean integer;
        if (!parse_number(p, &integer))
            return FALSE;
        if (m) {
            g_string_append_len(m->value, p->s + start, p->pos - start);
            gint64 unused;
            m->kind = integer && g_ascii_string_to_signed(m->value->str, 10,
                          G_MININT64, G_MAXINT64, &unused, NULL)
                          ? NG_JSON_INTEGER : NG_JSON_OTHER;
        }
        return TRUE;
    }
    for (guint i = 0; i < G_N_ELEMENTS(words); i++) {
        gsize n = strlen(words[i]);
        if (p->len - p->pos >= n && !memcmp(p->s + p->pos, words[i], n)) {
            p->pos += n;
            if (m)
                m->kind = i == 2 ? NG_JSON_NULL : NG_JSON_OTHER;
            return TRUE;
        }
    }
    return fail(p, "expected a value");
}

gboolean ng_json_record_read(NgJsonRecord *rec, const char *s, gsize len,
                             guint *fixed, GError **error)
{
    Parser p = { .s = s, .len = len, .fixed = fixed };
    *fixed = 0;
    for (guint i = 0; i < rec->n_members; i++) {
        rec->members[i].kind = NG_JSON_ABSENT;
        g_string_truncate(rec->members[i].value, 0);
    }
    skip_ws(&p);
    gboolean ok = p.pos < len && s[p.pos] == '{'
                      ? parse_container(&p, 0, rec)
                      : fail(&p, "not a JSON object");
    if (ok) {
        skip_ws(&p);
        if (p.pos < len)
            ok = fail(&p, "more after the object (two records on one line?)");
    }
    if (!ok)
        g_set_error(error, NG_ERROR, NG_ERROR_FORMAT, "byte %zu: %s",
                    (size_t)p.pos + 1, p.why);
    return ok;
}
