/*
 * test_query_table.c - the text forms of query answers: aligned table,
 * TSV, CSV, JSON and JSON Lines (every JSON output must parse).
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "query_table.h"
#include "testlib.h"

static const NgQueryColumn columns[] = {
    { "name", FALSE }, { "count", FALSE }, { "score", FALSE },
    { "ok", FALSE }, { "tags", FALSE }, { "id", TRUE },
};

/* Two rows with awkward text: quotes, commas, tabs, newlines, UTF-8. */
static NgQueryTable *sample(void)
{
    NgQueryTable *t = ng_query_table_new(columns, G_N_ELEMENTS(columns));
    const char *tags[] = { "a, b", "say \"hi\"" };
    ng_query_table_add_row(t);
    ng_query_table_set_string(t, 0, "Sergey Lavrov");
    ng_query_table_set_int(t, 1, 7);
    ng_query_table_set_double(t, 2, 0.125);
    ng_query_table_set_bool(t, 3, TRUE);
    ng_query_table_set_list(t, 4, tags, 2);
    ng_query_table_set_string(t, 5, "person.sergey-lavrov");
    ng_query_table_add_row(t);
    ng_query_table_set_string(t, 0, "Ünïcødé\tand\nlines");
    ng_query_table_set_int(t, 1, 12345);
    ng_query_table_set_double(t, 2, 1.0 / 0.0);   /* not finite: null */
    ng_query_table_set_split(t, 4, "", " || ");
    ng_query_table_set_string(t, 5, "x.y");
    return t;
}

static char *format(const NgQueryTable *t, NgQueryFormat f)
{
    GString *s = g_string_new(NULL);
    ng_query_table_format(t, f, s);
    return g_string_free(s, FALSE);
}

static void test_aligned(void)
{
    NgQueryTable *t = sample();
    char *out = format(t, NG_FORMAT_TABLE);
    char **lines = g_strsplit(out, "\n", -1);
    g_assert_cmpuint(g_strv_length(lines), ==, 4);   /* 3 + final "" */
    g_assert_true(g_str_has_prefix(lines[0], "name "));
    g_assert_null(strstr(lines[0], "id"));           /* wide column */
    /* Numbers are right-aligned under their header. */
    const char *h = strstr(lines[0], "count");
    const char *a = strstr(lines[1], "    7");
    const char *b = strstr(lines[2], "12345");
    g_assert_nonnull(h);
    g_assert_nonnull(a);
    g_assert_nonnull(b);
    glong col_h = g_utf8_pointer_to_offset(lines[0], h);
    glong col_a = g_utf8_pointer_to_offset(lines[1], a);
    glong col_b = g_utf8_pointer_to_offset(lines[2], b);
    g_assert_cmpint(col_a, ==, col_b);
    g_assert_cmpint(col_h, ==, col_b);
    g_assert_nonnull(strstr(lines[1], "a, b | say \"hi\""));
    g_assert_nonnull(strstr(lines[2], "Ünïcødé and lines"));
    g_strfreev(lines);
    g_free(out);

    /* An empty table prints nothing. */
    NgQueryTable *empty = ng_query_table_new(columns, 2);
    out = format(empty, NG_FORMAT_TABLE);
    g_assert_cmpstr(out, ==, "");
    g_free(out);
    ng_query_table_free(empty);
    ng_query_table_free(t);
}

static void test_tsv_csv(void)
{
    NgQueryTable *t = sample();
    char *tsv = format(t, NG_FORMAT_TSV);
    g_assert_cmpstr(tsv, ==,
                    "name\tcount\tscore\tok\ttags\tid\n"
                    "Sergey Lavrov\t7\t0.125\ttrue\ta, b | say \"hi\"\t"
                    "person.sergey-lavrov\n"
                    "Ünïcødé and lines\t12345\t\t\t\tx.y\n");
    char *csv = format(t, NG_FORMAT_CSV);
    g_assert_cmpstr(csv, ==,
                    "name,count,score,ok,tags,id\r\n"
                    "Sergey Lavrov,7,0.125,true,\"a, b | say \"\"hi\"\"\","
                    "person.sergey-lavrov\r\n"
                    "\"Ünïcødé\tand\nlines\",12345,,,,x.y\r\n");
    g_free(tsv);
    g_free(csv);

    /* Header only when there are no rows. */
    NgQueryTable *empty = ng_query_table_new(columns, 2);
    tsv = format(empty, NG_FORMAT_TSV);
    g_assert_cmpstr(tsv, ==, "name\tcount\n");
    g_free(tsv);
    ng_query_table_free(empty);
    ng_query_table_free(t);
}

static JsonNode *parse(const char *text)
{
    GError *error = NULL;
    JsonNode *root = json_from_string(text, &error);
    g_assert_no_error(error);
    g_assert_nonnull(root);
    return root;
}

static void test_json(void)
{
    NgQueryTable *t = sample();
    char *out = format(t, NG_FORMAT_JSON);
    JsonNode *root = parse(out);
    JsonArray *rows = json_node_get_array(root);
    g_assert_cmpuint(json_array_get_length(rows), ==, 2);
    JsonObject *r0 = json_array_get_object_element(rows, 0);
    g_assert_cmpstr(json_object_get_string_member(r0, "name"), ==,
                    "Sergey Lavrov");
    g_assert_cmpint(json_object_get_int_member(r0, "count"), ==, 7);
    g_assert_cmpfloat(json_object_get_double_member(r0, "score"), ==, 0.125);
    g_assert_true(json_object_get_boolean_member(r0, "ok"));
    JsonArray *tags = json_object_get_array_member(r0, "tags");
    g_assert_cmpstr(json_array_get_string_element(tags, 1), ==, "say \"hi\"");
    g_assert_cmpstr(json_object_get_string_member(r0, "id"), ==,
                    "person.sergey-lavrov");
    JsonObject *r1 = json_array_get_object_element(rows, 1);
    g_assert_cmpstr(json_object_get_string_member(r1, "name"), ==,
                    "Ünïcødé\tand\nlines");
    g_assert_true(json_object_get_null_member(r1, "score"));
    g_assert_true(json_object_get_null_member(r1, "ok"));
    g_assert_cmpuint(
        json_array_get_length(json_object_get_array_member(r1, "tags")), ==,
        0);
    json_node_unref(root);
    g_free(out);

    /* JSON Lines: one object per line, each a document. */
    out = format(t, NG_FORMAT_JSONL);
    char **lines = g_strsplit(out, "\n", -1);
    g_assert_cmpuint(g_strv_length(lines), ==, 3);
    for (guint i = 0; i < 2; i++) {
        JsonNode *line = parse(lines[i]);
        g_assert_true(JSON_NODE_HOLDS_OBJECT(line));
        json_node_unref(line);
    }
    g_assert_cmpstr(lines[2], ==, "");
    g_strfreev(lines);
    g_free(out);

    /* No rows: an empty array. */
    NgQueryTable *empty = ng_query_table_new(columns, 2);
    out = format(empty, NG_FORMAT_JSON);
    root = parse(out);
    g_assert_cmpuint(json_array_get_length(json_node_get_array(root)), ==, 0);
    json_node_unref(root);
    g_free(out);
    ng_query_table_free(empty);
    ng_query_table_free(t);
}

static void test_record(void)
{
    NgQueryTable *t = ng_query_table_new_record();
    ng_query_table_add_row(t);
    ng_query_table_set_string(t, 0, "nodes");
    ng_query_table_set_int(t, 1, 15);
    ng_query_table_add_row(t);
    ng_query_table_set_string(t, 0, "density");
    ng_query_table_set_double(t, 1, 0.25);
    char *out = format(t, NG_FORMAT_JSON);
    JsonNode *root = parse(out);
    JsonObject *o = json_node_get_object(root);
    g_assert_cmpint(json_object_get_int_member(o, "nodes"), ==, 15);
    g_assert_cmpfloat(json_object_get_double_member(o, "density"), ==, 0.25);
    json_node_unref(root);
    g_free(out);
    out = format(t, NG_FORMAT_JSONL);
    /* One line. */
    g_assert_true(strchr(out, '\n') == out + strlen(out) - 1);
    root = parse(out);
    g_assert_true(JSON_NODE_HOLDS_OBJECT(root));
    json_node_unref(root);
    g_free(out);
    out = format(t, NG_FORMAT_TSV);
    g_assert_cmpstr(out, ==, "measure\tvalue\nnodes\t15\ndensity\t0.25\n");
    g_free(out);
    char *v = ng_query_table_get(t, 0, "value");
    g_assert_cmpstr(v, ==, "15");
    g_free(v);
    g_assert_null(ng_query_table_get(t, 0, "no-such-column"));
    g_assert_null(ng_query_table_get(t, 9, "value"));
    ng_query_table_free(t);
}

static void test_parse_format(void)
{
    NgQueryFormat f;
    g_assert_true(ng_query_format_parse("json", &f));
    g_assert_cmpint(f, ==, NG_FORMAT_JSON);
    g_assert_true(ng_query_format_parse("CSV", &f));
    g_assert_cmpint(f, ==, NG_FORMAT_CSV);
    g_assert_false(ng_query_format_parse("xml", &f));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/query-table/aligned", test_aligned);
    g_test_add_func("/query-table/tsv-csv", test_tsv_csv);
    g_test_add_func("/query-table/json", test_json);
    g_test_add_func("/query-table/record", test_record);
    g_test_add_func("/query-table/parse-format", test_parse_format);
    return g_test_run();
}
