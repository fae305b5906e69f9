/*
 * query_table.c - tables of typed cells and their text forms
 * (query_table.h). JSON goes through json-glib so that escaping and
 * number syntax are always valid.
 */
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "query_table.h"

typedef enum { CELL_NULL, CELL_STRING, CELL_INT, CELL_DOUBLE, CELL_BOOL,
               CELL_LIST } CellType;

typedef struct {
    CellType type;
    union {
        char *s;
        gint64 i;
        double d;
        gboolean b;
        char **list;
    } v;
} Cell;

struct NgQueryTable {
    NgQueryColumn *columns;     /* copied; the names are not */
    guint n_columns;
    gboolean record;
    GArray *cells;      /* Cell, row after row */
};

static const NgQueryColumn record_columns[] = {
    { "measure", FALSE }, { "value", FALSE },
};

gboolean ng_query_format_parse(const char *s, NgQueryFormat *out)
{
    static const char *const names[] = {
        [NG_FORMAT_TABLE] = "table", [NG_FORMAT_TSV] = "tsv",
        [NG_FORMAT_CSV] = "csv",     [NG_FORMAT_JSON] = "json",
        [NG_FORMAT_JSONL] = "jsonl",
    };
    for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
        if (!g_ascii_strcasecmp(s, names[i])) {
            *out = (NgQueryFormat)i;
            return TRUE;
        }
    }
    return FALSE;
}

static void cell_clear(gpointer p)
{
    Cell *c = p;
    if (c->type == CELL_STRING)
        g_free(c->v.s);
    else if (c->type == CELL_LIST)
        g_strfreev(c->v.list);
    c->type = CELL_NULL;
}

NgQueryTable *ng_query_table_new(const NgQueryColumn *columns,
                                 guint n_columns)
{
    NgQueryTable *t = g_new0(NgQueryTable, 1);
    t->columns = g_memdup2(columns, n_columns * sizeof *columns);
    t->n_columns = n_columns;
    t->cells = g_array_new(FALSE, TRUE, sizeof(Cell));
    g_array_set_clear_func(t->cells, cell_clear);
    return t;
}

NgQueryTable *ng_query_table_new_record(void)
{
    NgQueryTable *t = ng_query_table_new(record_columns,
                                         G_N_ELEMENTS(record_columns));
    t->record = TRUE;
    return t;
}

void ng_query_table_free(NgQueryTable *t)
{
    if (!t)
        return;
    g_array_free(t->cells, TRUE);
    g_free(t->columns);
    g_free(t);
}

guint ng_query_table_n_rows(const NgQueryTable *t)
{
    return t->cells->len / t->n_columns;
}

void ng_query_table_add_row(NgQueryTable *t)
{
    g_array_set_size(t->cells, t->cells->len + t->n_columns);
}

/* The cell `col` of the last row, emptied for a new value. */
static Cell *last_cell(NgQueryTable *t, guint col)
{
    g_return_val_if_fail(col < t->n_columns && t->cells->len > 0, NULL);
    Cell *c = &g_array_index(t->cells, Cell,
                             t->cells->len - t->n_columns + col);
    cell_clear(c);
    return c;
}

void ng_query_table_set_string(NgQueryTable *t, guint col, const char *s)
{
    Cell *c = last_cell(t, col);
    if (c && s) {
        c->type = CELL_STRING;
        c->v.s = g_strdup(s);
    }
}

void ng_query_table_set_int(NgQueryTable *t, guint col, gint64 v)
{
    Cell *c = last_cell(t, col);
    if (c) {
        c->type = CELL_INT;
        c->v.i = v;
    }
}

void ng_query_table_set_count(NgQueryTable *t, guint col, double v)
{
    /* Out of range ("1e300" in a file) is undefined to convert: null. */
    if (isfinite(v) && v >= -9223372036854775808.0 && v < 9223372036854775808.0)
        ng_query_table_set_int(t, col, (gint64)v);
}

void ng_query_table_set_double(NgQueryTable *t, guint col, double v)
{
    Cell *c = last_cell(t, col);
    if (c && isfinite(v)) {
        c->type = CELL_DOUBLE;
        c->v.d = v;
    }
}

void ng_query_table_set_bool(NgQueryTable *t, guint col, gboolean v)
{
    Cell *c = last_cell(t, col);
    if (c) {
        c->type = CELL_BOOL;
        c->v.b = v;
    }
}

void ng_query_table_set_list(NgQueryTable *t, guint col,
                             const char *const *items, guint n)
{
    Cell *c = last_cell(t, col);
    if (!c)
        return;
    c->type = CELL_LIST;
    c->v.list = g_new0(char *, n + 1);
    for (guint i = 0; i < n; i++)
        c->v.list[i] = g_strdup(items[i]);
}

void ng_query_table_set_split(NgQueryTable *t, guint col, const char *joined,
                              const char *sep)
{
    char **parts = joined && *joined ? g_strsplit(joined, sep, -1)
                                     : g_new0(char *, 1);
    ng_query_table_set_list(t, col, (const char *const *)parts,
                            g_strv_length(parts));
    g_strfreev(parts);
}

static const Cell *cell_at(const NgQueryTable *t, guint row, guint col)
{
    return &g_array_index(t->cells, Cell, row * t->n_columns + col);
}

/* Append the text form of a cell; FALSE for null. */
static gboolean cell_text(const Cell *c, GString *out)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    switch (c->type) {
    case CELL_NULL:
        return FALSE;
    case CELL_STRING:
        g_string_append(out, c->v.s);
        break;
    case CELL_INT:
        g_string_append_printf(out, "%" G_GINT64_FORMAT, c->v.i);
        break;
    case CELL_DOUBLE:
        g_string_append(out, g_ascii_formatd(buf, sizeof buf, "%.6g",
                                             c->v.d));
        break;
    case CELL_BOOL:
        g_string_append(out, c->v.b ? "true" : "false");
        break;
    case CELL_LIST:
        for (char **p = c->v.list; *p; p++) {
            if (p != c->v.list)
                g_string_append(out, " | ");
            g_string_append(out, *p);
        }
        break;
    }
    return TRUE;
}

char *ng_query_table_get(const NgQueryTable *t, guint row,
                         const char *column)
{
    guint col = 0;
    while (col < t->n_columns && strcmp(t->columns[col].name, column))
        col++;
    if (col == t->n_columns || row >= ng_query_table_n_rows(t))
        return NULL;
    GString *s = g_string_new(NULL);
    if (cell_text(cell_at(t, row, col), s))
        return g_string_free(s, FALSE);
    g_string_free(s, TRUE);
    return NULL;
}

/* ---- aligned table ---- */

static gboolean is_number(const Cell *c)
{
    return c->type == CELL_INT || c->type == CELL_DOUBLE;
}

/* Tabs and line breaks would break the layout of every text format. */
static void append_flat(GString *out, const char *s, const char *special)
{
    for (; *s; s++)
        g_string_append_c(out, strchr(special, *s) ? ' ' : *s);
}

static void format_aligned(const NgQueryTable *t, GString *out)
{
    guint rows = ng_query_table_n_rows(t);
    if (rows == 0)
        return;
    /* Texts of all shown cells, header first, and each column's width. */
    GPtrArray *text = g_ptr_array_new_with_free_func(g_free);
    guint *width = g_new0(guint, t->n_columns);
    GString *s = g_string_new(NULL);
    for (guint r = 0; r <= rows; r++) {
        for (guint col = 0; col < t->n_columns; col++) {
            if (t->columns[col].wide)
                continue;
            g_string_truncate(s, 0);
            if (r == 0)
                g_string_append(s, t->columns[col].name);
            else
                cell_text(cell_at(t, r - 1, col), s);
            char *flat = g_strdelimit(g_strdup(s->str), "\t\r\n", ' ');
            width[col] = MAX(width[col], (guint)g_utf8_strlen(flat, -1));
            g_ptr_array_add(text, flat);
        }
    }
    guint last = 0;
    for (guint col = 0; col < t->n_columns; col++)
        if (!t->columns[col].wide)
            last = col;
    guint k = 0;
    for (guint r = 0; r <= rows; r++) {
        for (guint col = 0; col < t->n_columns; col++) {
            if (t->columns[col].wide)
                continue;
            const char *cell = text->pdata[k++];
            guint pad = width[col] - (guint)g_utf8_strlen(cell, -1);
            gboolean right = r > 0 && is_number(cell_at(t, r - 1, col));
            if (right)
                g_string_append_printf(out, "%*s", pad, "");
            g_string_append(out, cell);
            if (col == last)
                break;
            if (!right)
                g_string_append_printf(out, "%*s", pad, "");
            g_string_append(out, "  ");
        }
        g_string_append_c(out, '\n');
    }
    g_string_free(s, TRUE);
    g_free(width);
    g_ptr_array_free(text, TRUE);
}

/* ---- TSV and CSV ---- */

static void csv_field(GString *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' &&
        (!*s || s[strlen(s) - 1] != ' ')) {
        g_string_append(out, s);
        return;
    }
    g_string_append_c(out, '"');
    for (; *s; s++) {
        if (*s == '"')
            g_string_append_c(out, '"');
        g_string_append_c(out, *s);
    }
    g_string_append_c(out, '"');
}

static void format_separated(const NgQueryTable *t, gboolean csv,
                             GString *out)
{
    GString *s = g_string_new(NULL);
    for (guint r = 0; r <= ng_query_table_n_rows(t); r++) {
        for (guint col = 0; col < t->n_columns; col++) {
            if (col > 0)
                g_string_append_c(out, csv ? ',' : '\t');
            g_string_truncate(s, 0);
            if (r == 0)
                g_string_append(s, t->columns[col].name);
            else
                cell_text(cell_at(t, r - 1, col), s);
            if (csv)
                csv_field(out, s->str);
            else
                append_flat(out, s->str, "\t\r\n");
        }
        g_string_append(out, csv ? "\r\n" : "\n");
    }
    g_string_free(s, TRUE);
}

/* ---- JSON ---- */

static void json_cell(JsonBuilder *b, const Cell *c)
{
    switch (c->type) {
    case CELL_NULL:
        json_builder_add_null_value(b);
        break;
    case CELL_STRING:
        json_builder_add_string_value(b, c->v.s);
        break;
    case CELL_INT:
        json_builder_add_int_value(b, c->v.i);
        break;
    case CELL_DOUBLE:
        json_builder_add_double_value(b, c->v.d);
        break;
    case CELL_BOOL:
        json_builder_add_boolean_value(b, c->v.b);
        break;
    case CELL_LIST:
        json_builder_begin_array(b);
        for (char **p = c->v.list; *p; p++)
            json_builder_add_string_value(b, *p);
        json_builder_end_array(b);
        break;
    }
}

/* Row `r` as an object's members, or every row of a record table. */
static void json_members(JsonBuilder *b, const NgQueryTable *t, guint r)
{
    if (t->record) {
        for (guint i = 0; i < ng_query_table_n_rows(t); i++) {
            json_builder_set_member_name(b, cell_at(t, i, 0)->v.s);
            json_cell(b, cell_at(t, i, 1));
        }
        return;
    }
    for (guint col = 0; col < t->n_columns; col++) {
        json_builder_set_member_name(b, t->columns[col].name);
        json_cell(b, cell_at(t, r, col));
    }
}

static void json_emit(JsonBuilder *b, gboolean pretty, GString *out)
{
    JsonGenerator *gen = json_generator_new();
    JsonNode *root = json_builder_get_root(b);
    json_generator_set_root(gen, root);
    json_generator_set_pretty(gen, pretty);
    json_generator_to_gstring(gen, out);
    g_string_append_c(out, '\n');
    json_node_unref(root);
    g_object_unref(gen);
}

static void format_json(const NgQueryTable *t, gboolean lines, GString *out)
{
    guint rows = t->record ? 1 : ng_query_table_n_rows(t);
    JsonBuilder *b = json_builder_new();
    if (!lines && !t->record)
        json_builder_begin_array(b);
    for (guint r = 0; r < rows; r++) {
        json_builder_begin_object(b);
        json_members(b, t, r);
        json_builder_end_object(b);
        if (lines) {
            json_emit(b, FALSE, out);
            json_builder_reset(b);
        }
    }
    if (!lines && !t->record) {
        json_builder_end_array(b);
    }
    if (!lines)
        json_emit(b, TRUE, out);
    g_object_unref(b);
}

void ng_query_table_format(const NgQueryTable *t, NgQueryFormat f,
                           GString *out)
{
    switch (f) {
    case NG_FORMAT_TABLE:
        format_aligned(t, out);
        break;
    case NG_FORMAT_TSV:
    case NG_FORMAT_CSV:
        format_separated(t, f == NG_FORMAT_CSV, out);
        break;
    case NG_FORMAT_JSON:
    case NG_FORMAT_JSONL:
        format_json(t, f == NG_FORMAT_JSONL, out);
        break;
    }
}
