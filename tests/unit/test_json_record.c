/*
 * test_json_record.c - the strict JSON object reader for article lines.
 */
#include <string.h>

#include "json_record.h"
#include "ng.h"

static const char *const names[] = { "text", "title", "id", NULL };
enum { TEXT, TITLE, ID };

static NgJsonRecord *rec;

/* Read `line`; assert it parses and return how many escapes were fixed. */
static guint read_ok(const char *line)
{
    guint fixed = 99;
    GError *error = NULL;
    gboolean ok = ng_json_record_read(rec, line, strlen(line), &fixed, &error);
    g_assert_no_error(error);
    g_assert_true(ok);
    return fixed;
}

static void assert_bad(const char *line, const char *message)
{
    guint fixed;
    GError *error = NULL;
    g_assert_false(ng_json_record_read(rec, line, strlen(line), &fixed, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_FORMAT);
    g_assert_cmpstr(error->message, ==, message);
    g_error_free(error);
}

static const NgJsonMember *member(guint i)
{
    return ng_json_record_member(rec, i);
}

static void test_members(void)
{
    g_assert_cmpuint(read_ok(" {\"id\": \"d1\", \"other\": [1, {\"text\": \"no\"}, "
                             "true, null, -0.5e+3], \"text\": \"Moscow\"} \r"), ==, 0);
    g_assert_cmpint(member(TEXT)->kind, ==, NG_JSON_STRING);
    g_assert_cmpstr(member(TEXT)->value->str, ==, "Moscow");
    g_assert_cmpint(member(TITLE)->kind, ==, NG_JSON_ABSENT);
    g_assert_cmpstr(member(ID)->value->str, ==, "d1");
    /* Nothing is left over from the line before; the last of a repeated
     * member wins; null and integers are told apart. */
    read_ok("{\"text\": \"a\", \"text\": \"b\", \"title\": null, \"id\": -42}");
    g_assert_cmpstr(member(TEXT)->value->str, ==, "b");
    g_assert_cmpint(member(TITLE)->kind, ==, NG_JSON_NULL);
    g_assert_cmpint(member(ID)->kind, ==, NG_JSON_INTEGER);
    g_assert_cmpstr(member(ID)->value->str, ==, "-42");
    /* Not an integer: a fraction, an exponent, more than 64 bits. */
    read_ok("{\"id\": 1.0}");
    g_assert_cmpint(member(ID)->kind, ==, NG_JSON_OTHER);
    read_ok("{\"id\": 1e3}");
    g_assert_cmpint(member(ID)->kind, ==, NG_JSON_OTHER);
    read_ok("{\"id\": 99999999999999999999}");
    g_assert_cmpint(member(ID)->kind, ==, NG_JSON_OTHER);
    read_ok("{\"id\": 9223372036854775807, \"text\": {\"a\": []}}");
    g_assert_cmpint(member(ID)->kind, ==, NG_JSON_INTEGER);
    g_assert_cmpint(member(TEXT)->kind, ==, NG_JSON_OTHER);
    read_ok("{}");
    g_assert_cmpint(member(TEXT)->kind, ==, NG_JSON_ABSENT);
}

static void test_escapes(void)
{
    read_ok("{\"text\": \"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\te\"}");
    g_assert_cmpstr(member(TEXT)->value->str, ==, "a\"b\\c/d\b\f\n\r\te");
    /* \u escapes: BMP, a surrogate pair, raw UTF-8 and a raw tab kept. */
    read_ok("{\"text\": \"Fran\\u00e7ois \\ud83d\\ude00 Fran\xc3\xa7ois\tx\"}");
    g_assert_cmpstr(member(TEXT)->value->str, ==,
                    "Fran\xc3\xa7ois \xf0\x9f\x98\x80 Fran\xc3\xa7ois\tx");
    /* No character: U+FFFD, counted. The text never holds NUL or invalid
     * UTF-8. */
    g_assert_cmpuint(read_ok("{\"text\": \"a\\u0000b\\ud83dc\\udc00\"}"), ==, 3);
    g_assert_cmpstr(member(TEXT)->value->str, ==,
                    "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd");
    g_assert_true(g_utf8_validate(member(TEXT)->value->str, -1, NULL));
    /* A high surrogate followed by a \u that is not a low one. */
    g_assert_cmpuint(read_ok("{\"text\": \"\\ud83d\\u0041\"}"), ==, 1);
    g_assert_cmpstr(member(TEXT)->value->str, ==, "\xef\xbf\xbd" "A");
}

static void test_errors(void)
{
    assert_bad("{\"id\": \"d2\", \"text\": \"Japan and", "byte 22: unterminated string");
    assert_bad("{\"text\": \"a\\", "byte 10: unterminated string");
    assert_bad("[1]", "byte 1: not a JSON object");
    assert_bad("", "byte 1: not a JSON object");
    assert_bad("{\"a\": 1}{\"b\": 2}",
               "byte 9: more after the object (two records on one line?)");
    assert_bad("{\"a\": 1} x", "byte 10: more after the object (two records on one line?)");
    assert_bad("{\"a\" 1}", "byte 6: expected ':'");
    assert_bad("{\"a\": 1,}", "byte 9: expected a member name");
    assert_bad("{a: 1}", "byte 2: expected a member name");
    assert_bad("{\"a\": [1 2]}", "byte 10: expected ',' or ']'");
    assert_bad("{\"a\": 1", "byte 8: expected ',' or '}'");
    assert_bad("{\"a\": }", "byte 7: expected a value");
    assert_bad("{\"a\": tru}", "byte 7: expected a value");
    assert_bad("{\"a\": 012}", "byte 7: a number with a leading zero");
    assert_bad("{\"a\": -}", "byte 7: a number without digits");
    assert_bad("{\"a\": 1.}", "byte 7: a number without digits after its point");
    assert_bad("{\"a\": 1e+}", "byte 7: a number without digits in its exponent");
    assert_bad("{\"text\": \"\\777\"}", "byte 11: an escape sequence that is not JSON's");
    assert_bad("{\"text\": \"\\u12\"}", "byte 11: \\u without four hex digits");
    assert_bad("{\"text\": \"\\ud83d\\u-01\"}", "byte 17: \\u without four hex digits");
}

/* Nesting is bounded: the parser recurses once per level. */
static void test_deep(void)
{
    GString *s = g_string_new("{\"a\": ");
    for (int i = 0; i < 100000; i++)
        g_string_append_c(s, '[');
    guint fixed;
    GError *error = NULL;
    g_assert_false(ng_json_record_read(rec, s->str, s->len, &fixed, &error));
    g_assert_true(g_str_has_suffix(error->message, ": arrays or objects nested too deep"));
    g_error_free(error);
    g_string_free(s, TRUE);
    s = g_string_new("{\"a\": ");
    for (int i = 0; i < 200; i++)
        g_string_append(s, "{\"b\":[");
    g_string_append(s, "1");
    for (int i = 0; i < 200; i++)
        g_string_append(s, "]}");
    g_string_append(s, ", \"text\": \"ok\"}");
    read_ok(s->str);
    g_assert_cmpstr(member(TEXT)->value->str, ==, "ok");
    g_string_free(s, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    rec = ng_json_record_new(names);
    g_test_add_func("/json_record/members", test_members);
    g_test_add_func("/json_record/escapes", test_escapes);
    g_test_add_func("/json_record/errors", test_errors);
    g_test_add_func("/json_record/deep", test_deep);
    int rc = g_test_run();
    ng_json_record_free(rec);
    return rc;
}
