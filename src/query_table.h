/*
 * query_table.h - the answers of `negraph query` as tables of typed cells,
 * and their text forms: an aligned table for people, TSV, CSV, JSON (one
 * document) and JSON Lines for scripts.
 *
 * A table has fixed columns; rows are appended and filled cell by cell
 * (unset cells are null: empty in text, null in JSON). A "record" table
 * has two columns (name, value) and is one JSON object {name: value}.
 * Columns marked `wide` (ids, mostly) are left out of the aligned table
 * to keep it readable, and kept in every machine format.
 */
#ifndef NG_QUERY_TABLE_H
#define NG_QUERY_TABLE_H

#include <glib.h>

typedef struct NgQueryTable NgQueryTable;

typedef struct {
    const char *name;
    gboolean wide;
} NgQueryColumn;

typedef enum {
    NG_FORMAT_TABLE,
    NG_FORMAT_TSV,
    NG_FORMAT_CSV,
    NG_FORMAT_JSON,
    NG_FORMAT_JSONL,
} NgQueryFormat;

/* "table" | "tsv" | "csv" | "json" | "jsonl". */
gboolean ng_query_format_parse(const char *s, NgQueryFormat *out);

/* The array is copied; the column names must outlive the table (string
 * literals). */
NgQueryTable *ng_query_table_new(const NgQueryColumn *columns,
                                 guint n_columns);
/* A (name, value) table shown in JSON as one object. */
NgQueryTable *ng_query_table_new_record(void);
void ng_query_table_free(NgQueryTable *t);

/* Append an empty row; the setters below fill the last row. */
void ng_query_table_add_row(NgQueryTable *t);
void ng_query_table_set_string(NgQueryTable *t, guint col, const char *s);
void ng_query_table_set_int(NgQueryTable *t, guint col, gint64 v);
/* A count read as a double (igraph keeps numbers so): an int cell, or
 * null when it is NaN (absent) or beyond 64 bits. */
void ng_query_table_set_count(NgQueryTable *t, guint col, double v);
void ng_query_table_set_double(NgQueryTable *t, guint col, double v);
void ng_query_table_set_bool(NgQueryTable *t, guint col, gboolean v);
/* A list of strings (copied): an array in JSON, " | "-joined in text. */
void ng_query_table_set_list(NgQueryTable *t, guint col,
                             const char *const *items, guint n);
/* Split `joined` at `sep` into a list cell ("a || b" -> [a, b]); an empty
 * or NULL string gives an empty list. */
void ng_query_table_set_split(NgQueryTable *t, guint col, const char *joined,
                              const char *sep);

guint ng_query_table_n_rows(const NgQueryTable *t);
/* The cell as text (as TSV shows it), or NULL for a null cell or an
 * unknown column. Newly allocated. */
char *ng_query_table_get(const NgQueryTable *t, guint row,
                         const char *column);

/* Append the table in format `f` to `out`. */
void ng_query_table_format(const NgQueryTable *t, NgQueryFormat f,
                           GString *out);

#endif
