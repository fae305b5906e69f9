/*
 * json_line.c - what json-glib (1.6) gets wrong in a line of JSON Lines,
 * caught before it parses the line (see json_line.h).
 */
#include "json_line.h"

#include <string.h>

/* The value of 4 hex digits at p (avail bytes there), or -1. */
static gint hex4(const char *p, gsize avail)
{
    gint v = 0;
    for (gsize i = 0; i < 4; i++) {
        gint d = i < avail ? g_ascii_xdigit_value(p[i]) : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* json-glib (1.6) is lax and buggy with escapes: it takes GScanner's
 * octal ones ("\777") and "\ude0?" and makes bytes that are not UTF-8 of
 * them, and of a surrogate that is not half of a pair ("\ud83dx");
 * "\ud83d\u-01" leaks memory; "\udc00" is an "unterminated string
 * constant". So escapes are checked here first: FALSE when one is not
 * JSON's (bad JSON); a lone surrogate is rewritten in place to "\ufffd"
 * (same length) and counted in *fixed. */
static gboolean check_escapes(char *s, gsize len, guint *fixed)
{
    for (gsize i = 0; i + 1 < len; i++) {
        if (s[i] != '\\')
            continue;
        if (s[i + 1] != 'u') {
            if (!strchr("\"\\/bfnrt", s[i + 1]))
                return FALSE;
            i++;   /* past the escaped character */
            continue;
        }
        gint u = hex4(s + i + 2, len - i - 2);
        if (u < 0)
            return FALSE;
        if (u >= 0xD800 && u <= 0xDBFF && i + 7 < len && s[i + 6] == '\\' &&
            s[i + 7] == 'u') {
            gint low = hex4(s + i + 8, len - i - 8);
            if (low >= 0xDC00 && low <= 0xDFFF) {   /* a pair */
                i += 11;
                continue;
            }
        }
        if (u >= 0xD800 && u <= 0xDFFF) {
            memcpy(s + i + 2, "fffd", 4);
            (*fixed)++;
        }
        i += 5;
    }
    return TRUE;
}

/* Where the object starting at s[0] ('{') ends: the offset after its
 * closing brace, or 0 if it does not close (json-glib then says why).
 * json-glib (1.6) reads "{...}{...}" as the second object, dropping and
 * leaking the first, so two records run together are caught here. */
static gsize object_end(const char *s, gsize len)
{
    guint depth = 0;
    gboolean in_string = FALSE;
    for (gsize i = 0; i < len; i++) {
        if (in_string) {
            if (s[i] == '\\')
                i++;
            else if (s[i] == '"')
                in_string = FALSE;
        } else if (s[i] == '"') {
            in_string = TRUE;
        } else if (s[i] == '{' || s[i] == '[') {
            depth++;
        } else if ((s[i] == '}' || s[i] == ']') && --depth == 0) {
            return i + 1;
        }
    }
    return 0;
}

const char *ng_json_line_check(char *s, gsize len, guint *fixed)
{
    *fixed = 0;
    if (!check_escapes(s, len, fixed))
        return "bad JSON: an escape sequence that is not JSON's";
    gsize start = 0;
    while (start < len && g_ascii_isspace(s[start]))
        start++;
    if (start == len || s[start] != '{')
        return "not a JSON object";
    gsize end = object_end(s + start, len - start);
    for (gsize i = end ? start + end : len; i < len; i++)
        if (!g_ascii_isspace(s[i]))
            return "bad JSON: more after the object (two records on one line?)";
    return NULL;
}
