/*
 * graphml.c - the streaming GraphML writer described in graphml.h.
 *
 * Output is gathered in blocks of 64 KB and goes through a stdio stream
 * into a file created by mkstemp beside the target ("PATH.tmp-XXXXXX",
 * so the final rename stays within one file system and is atomic). The first failure
 * is stored in the writer; every later call is then a no-op and finish()
 * removes the temporary file and returns that error. Nothing is ever
 * written to `path` itself until the complete document is on disk.
 */
#define _GNU_SOURCE   /* sync_file_range */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "format_double.h"
#include "graphml.h"
#include "ng.h"

typedef enum { AT_KEYS, AT_GRAPH, AT_NODE, AT_EDGE } Place;

/* A key name met lately in <data> (see data_open). */
typedef struct {
    const char *name;  /* the address it was given at */
    char *text;        /* its text then */
    gboolean edge;
    guint type;        /* NgGraphmlType + 1 */
    char *open;        /* <data key="..."> with its indent */
    gsize open_len;
} RecentKey;

struct NgGraphmlWriter {
    char *path;        /* the target, for messages and the rename */
    char *tmp_path;    /* the temporary file, NULL when writing to stdout */
    FILE *fp;
    gint64 written;    /* bytes handed to fp */
    gint64 synced;     /* of which the kernel was told to write back */
    GError *error;     /* the first failure */
    GHashTable *keys;  /* declared key id ("v_x", "e_x") -> type + 1 */
    Place at;
    GString *buf;      /* output is assembled here, written in blocks */
    GString *key;      /* scratch: the key id of a <data> */
    gboolean portable; /* see ng_graphml_set_portable */
    gboolean portable_directed;
    gboolean part;     /* a part (ng_graphml_part_new): `keys` is borrowed,
                          the text stays in `buf` */
    RecentKey recent[32];
};

static const char *const type_names[] = {
    [NG_GML_STRING] = "string", [NG_GML_INT] = "int",
    [NG_GML_LONG] = "long",     [NG_GML_FLOAT] = "float",
    [NG_GML_DOUBLE] = "double", [NG_GML_BOOLEAN] = "boolean",
};

/* The target's name for messages: UTF-8 even if the file name is not. */
static char *display_path(const char *path)
{
    if (!strcmp(path, "-"))
        return g_strdup("standard output");
    return g_filename_display_name(path);
}

static void fail(NgGraphmlWriter *w, NgErrorCode code, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

static void fail(NgGraphmlWriter *w, NgErrorCode code, const char *fmt, ...)
{
    if (w->error)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    char *name = display_path(w->path);
    g_set_error(&w->error, NG_ERROR, code, "%s: %s", name, msg);
    g_free(name);
    g_free(msg);
}

static void fail_io(NgGraphmlWriter *w, const char *what, int err)
{
    fail(w, NG_ERROR_IO, "%s: %s", what, g_strerror(err));
}

/* Bytes after which the kernel is asked to start writing the temporary
 * file to disk (sync_file_range), rather than all of it at the fsync
 * before the rename: the disk works while the rest is formatted. */
#define WRITEBACK (4 << 20)

/* Write w->buf and empty it (a detached writer has no file: its text
 * goes). */
static void write_text(NgGraphmlWriter *w, const GString *text)
{
    if (w->error || text->len == 0 || !w->fp)
        return;
    if (fwrite(text->str, 1, text->len, w->fp) != text->len) {
        fail_io(w, "cannot write", errno);
        return;
    }
    w->written += (gint64)text->len;
    if (!w->tmp_path || w->written - w->synced < WRITEBACK)
        return;
    if (fflush(w->fp) != 0) {
        fail_io(w, "cannot write", errno);
        return;
    }
    /* Only a hint: where it fails, the fsync does it all. */
    (void)sync_file_range(fileno(w->fp), w->synced, w->written - w->synced,
                          SYNC_FILE_RANGE_WRITE);
    w->synced = w->written;
}

static void flush_buf(NgGraphmlWriter *w)
{
    write_text(w, w->buf);
    g_string_truncate(w->buf, 0);
}

/* After a complete element or <data>: write once a block has gathered
 * (one write per line cost more than the formatting on big graphs). */
#define BLOCK (1 << 16)
#define PART_SIZE (1 << 21)
static void maybe_flush(NgGraphmlWriter *w)
{
    if (w->buf->len >= BLOCK && !w->part)
        flush_buf(w);
}

/* Append n bytes: g_string_append_len without its call into
 * g_string_insert_len while there is room, which is nearly always (a
 * graph's text is millions of short appends). */
static inline void put(GString *buf, const char *s, gsize n)
{
    if (buf->len + n < buf->allocated_len) {
        memcpy(buf->str + buf->len, s, n);
        buf->len += n;
        buf->str[buf->len] = '\0';
    } else {
        g_string_append_len(buf, s, (gssize)n);
    }
}

/* put() of a string literal or a NUL-terminated string. */
#define PUT_LITERAL(buf, lit) put((buf), (lit), sizeof(lit) - 1)
static inline void put_str(GString *buf, const char *s)
{
    put(buf, s, strlen(s));
}

gboolean ng_graphml_is_name(const char *s)
{
    if (!s || !*s)
        return FALSE;
    for (; *s; s++)
        if (!g_ascii_isalnum(*s) && *s != '.' && *s != '-' && *s != '_' &&
            *s != ':')   /* not strchr: every id is checked, often */
            return FALSE;
    return TRUE;
}

static gboolean check_name(NgGraphmlWriter *w, const char *what,
                           const char *s)
{
    if (ng_graphml_is_name(s))
        return TRUE;
    char *shown = s ? ng_graphml_clean_text(s) : g_strdup("(null)");
    fail(w, NG_ERROR_USAGE, "%s '%s' is not a GraphML name (ASCII letters, "
         "digits and . - _ : only)", what, shown);
    g_free(shown);
    return FALSE;
}

char *ng_graphml_clean_text(const char *s)
{
    char *valid = g_utf8_make_valid(s, -1);
    GString *out = g_string_sized_new(strlen(valid));

    for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == '\t' || c == '\n' || c == '\r')
            g_string_append_c(out, ' ');
        else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
                 c == 0xfffe || c == 0xffff)
            continue;
        else
            g_string_append_len(out, p, g_utf8_skip[*(const guchar *)p]);
    }
    g_free(valid);
    return g_string_free(out, FALSE);
}

/* What append_text does with each byte on its fast path: 0 copies it
 * (printable ASCII), 1 escapes it (& < > ' " as g_markup_escape_text
 * does), 2 sends the whole text the slow way (control bytes, non-ASCII,
 * which cleaning may change). */
static const guint8 byte_class[256] = {
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

/* Append `s` cleaned and escaped for element content or an attribute
 * value in double quotes. FALSE (nothing appended) if it is blank. */
static gboolean append_text(GString *buf, const char *s)
{
    /* Most values are printable ASCII, which cleaning leaves alone and
     * only a space can make blank: those go straight in, escaped in the
     * same pass that checks them. Blank means spaces only there, found
     * at the first other byte. */
    if (!s[strspn(s, " ")])
        return FALSE;
    gsize mark = buf->len;
    const char *run = s, *p = s;
    for (;; p++) {
        guint8 c = byte_class[(guchar)*p];
        if (c == 0)
            continue;
        if (!*p) {
            put(buf, run, (gsize)(p - run));
            return TRUE;
        }
        if (c == 2)
            break;
        put(buf, run, (gsize)(p - run));
        switch (*p) {
        case '&': PUT_LITERAL(buf, "&amp;"); break;
        case '<': PUT_LITERAL(buf, "&lt;"); break;
        case '>': PUT_LITERAL(buf, "&gt;"); break;
        case '\'': PUT_LITERAL(buf, "&apos;"); break;
        default: PUT_LITERAL(buf, "&quot;"); break;
        }
        run = p + 1;
    }
    g_string_truncate(buf, mark);
    char *clean = ng_graphml_clean_text(s);
    gboolean blank = TRUE;
    for (p = clean; *p && blank; p = g_utf8_next_char(p))
        blank = g_unichar_isspace(g_utf8_get_char(p));
    if (!blank) {
        char *esc = g_markup_escape_text(clean, -1);
        g_string_append(buf, esc);
        g_free(esc);
    }
    g_free(clean);
    return !blank;
}

/* The comment, cleaned, with "--" broken up so it cannot end early. */
static void append_comment(GString *buf, const char *comment)
{
    char *clean = ng_graphml_clean_text(comment);
    g_string_append(buf, "<!-- ");
    for (const char *p = clean; *p; p++) {
        if (*p == '-' && p > clean && p[-1] == '-')
            g_string_append_c(buf, ' ');
        g_string_append_c(buf, *p);
    }
    g_string_append(buf, " -->\n");
    g_free(clean);
}

NgGraphmlWriter *ng_graphml_begin(const char *path, const char *comment,
                                  GError **error)
{
    NgGraphmlWriter *w = g_new0(NgGraphmlWriter, 1);
    w->path = g_strdup(path);
    w->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    w->buf = g_string_sized_new(BLOCK + 4096);
    w->key = g_string_new(NULL);
    w->at = AT_KEYS;

    if (!strcmp(path, "-")) {
        w->fp = stdout;
    } else {
        w->tmp_path = g_strdup_printf("%s.tmp-XXXXXX", path);
        /* 0666 less the umask, like any new file (mkstemp would give 0600). */
        int fd = g_mkstemp_full(w->tmp_path, O_WRONLY | O_CLOEXEC, 0666);
        if (fd < 0) {
            fail_io(w, "cannot create a temporary file beside it", errno);
            g_clear_pointer(&w->tmp_path, g_free);   /* nothing to remove */
        } else if (!(w->fp = fdopen(fd, "w"))) {
            fail_io(w, "cannot open the temporary file", errno);
            close(fd);
        }
        if (w->error) {
            g_propagate_error(error, g_steal_pointer(&w->error));
            ng_graphml_abort(w);
            return NULL;
        }
        setvbuf(w->fp, NULL, _IOFBF, 1 << 16);
    }

    g_string_append(w->buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if (comment)
        append_comment(w->buf, comment);
    g_string_append(w->buf,
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""
        " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
        " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns"
        " http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    flush_buf(w);
    return w;
}

NgGraphmlWriter *ng_graphml_detached(const char *path)
{
    NgGraphmlWriter *w = g_new0(NgGraphmlWriter, 1);
    w->path = g_strdup(path);
    w->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    w->buf = g_string_new(NULL);
    w->key = g_string_new(NULL);
    w->at = AT_KEYS;
    return w;
}

static char *key_id(gboolean for_edge, const char *name)
{
    return g_strconcat(for_edge ? "e_" : "v_", name, NULL);
}

void ng_graphml_key(NgGraphmlWriter *w, gboolean for_edge, const char *name,
                    NgGraphmlType type)
{
    g_return_if_fail(w->at == AT_KEYS);
    g_return_if_fail((guint)type < G_N_ELEMENTS(type_names));
    if (w->error || !check_name(w, "key name", name))
        return;
    char *id = key_id(for_edge, name);
    if (g_hash_table_contains(w->keys, id)) {
        fail(w, NG_ERROR_USAGE, "key '%s' declared twice", id);
        g_free(id);
        return;
    }
    g_string_append_printf(w->buf,
        "  <key id=\"%s\" for=\"%s\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
        id, for_edge ? "edge" : "node", name, type_names[type]);
    g_hash_table_insert(w->keys, id, GUINT_TO_POINTER(type + 1));
    flush_buf(w);
}

/* Move from `from` to `to` writing the fixed markup `text`. */
static void step(NgGraphmlWriter *w, Place from, Place to, const char *text)
{
    g_return_if_fail(w->at == from);
    w->at = to;
    g_string_append(w->buf, text);
    maybe_flush(w);
}

void ng_graphml_set_portable(NgGraphmlWriter *w, gboolean edgedefault_directed)
{
    w->portable = TRUE;
    w->portable_directed = edgedefault_directed;
}

void ng_graphml_graph_start(NgGraphmlWriter *w)
{
    step(w, AT_KEYS, AT_GRAPH,
         w->portable && !w->portable_directed
             ? "  <graph id=\"G\" edgedefault=\"undirected\">\n"
             : "  <graph id=\"G\" edgedefault=\"directed\">\n");
}

void ng_graphml_node_start(NgGraphmlWriter *w, const char *id)
{
    g_return_if_fail(w->at == AT_GRAPH);
    w->at = AT_NODE;
    if (w->error || !check_name(w, "node id", id))
        return;
    PUT_LITERAL(w->buf, "    <node id=\"");
    put_str(w->buf, id);
    PUT_LITERAL(w->buf, "\">\n");
}

void ng_graphml_node_end(NgGraphmlWriter *w)
{
    step(w, AT_NODE, AT_GRAPH, "    </node>\n");
}

void ng_graphml_edge_start(NgGraphmlWriter *w, const char *id,
                           const char *source, const char *target,
                           gboolean directed, const char *label)
{
    g_return_if_fail(w->at == AT_GRAPH);
    w->at = AT_EDGE;
    if (w->error || !check_name(w, "edge id", id) ||
        !check_name(w, "edge source", source) ||
        !check_name(w, "edge target", target))
        return;
    PUT_LITERAL(w->buf, "    <edge id=\"");
    put_str(w->buf, id);
    PUT_LITERAL(w->buf, "\" source=\"");
    put_str(w->buf, source);
    PUT_LITERAL(w->buf, "\" target=\"");
    put_str(w->buf, target);
    g_string_append_c(w->buf, '"');
    if (!w->portable)
        g_string_append(w->buf, directed ? " directed=\"true\""
                                         : " directed=\"false\"");
    if (label) {
        gsize mark = w->buf->len;
        g_string_append(w->buf, " label=\"");
        if (append_text(w->buf, label))
            g_string_append_c(w->buf, '"');
        else
            g_string_truncate(w->buf, mark);
    }
    g_string_append(w->buf, ">\n");
}

void ng_graphml_edge_end(NgGraphmlWriter *w)
{
    step(w, AT_EDGE, AT_GRAPH, "    </edge>\n");
}

/* The key id prefix for data in the open element. */
static const char *data_prefix(const NgGraphmlWriter *w)
{
    return w->at == AT_EDGE ? "e_" : "v_";
}

/* Start <data key=...> in w->buf after checking the key was declared with
 * type `a` or `b`. Returns the key's type + 1, or 0 if the data must not
 * be written. A graph has half a million <data> elements over a dozen
 * names: the open tag and type of each name are remembered (w->recent),
 * found again by the name's address and checked by its text. */
static guint data_open(NgGraphmlWriter *w, const char *name,
                       NgGraphmlType a, NgGraphmlType b)
{
    g_return_val_if_fail(w->at == AT_NODE || w->at == AT_EDGE, 0);
    if (w->error)
        return 0;
    gboolean edge = w->at == AT_EDGE;
    RecentKey *r = &w->recent[(GPOINTER_TO_SIZE(name) >> 3 ^ edge) %
                              G_N_ELEMENTS(w->recent)];
    if (r->name != name || r->edge != edge || strcmp(r->text, name)) {
        const char *id = g_string_append(
            g_string_assign(w->key, data_prefix(w)), name)->str;
        guint t = GPOINTER_TO_UINT(g_hash_table_lookup(w->keys, id));
        if (!t) {
            fail(w, NG_ERROR_USAGE, "key '%s' is not declared", id);
            return 0;
        }
        g_free(r->text);
        g_free(r->open);
        char *open = g_strdup_printf("      <data key=\"%s\">", id);
        *r = (RecentKey){ name, g_strdup(name), edge, t, open, strlen(open) };
    }
    if (r->type != a + 1u && r->type != b + 1u) {
        fail(w, NG_ERROR_USAGE, "key '%s%s' has type %s", data_prefix(w), name,
             type_names[r->type - 1]);
        return 0;
    }
    put(w->buf, r->open, r->open_len);
    return r->type;
}

static void append_int(GString *buf, gint64 v)
{
    char num[NG_FORMAT_INT_SIZE];
    put(buf, num, ng_format_int(num, v));
}

static void data_close(NgGraphmlWriter *w)
{
    PUT_LITERAL(w->buf, "</data>\n");
    maybe_flush(w);
}

void ng_graphml_data_string(NgGraphmlWriter *w, const char *name,
                            const char *value)
{
    gsize mark = w->buf->len;
    if (!value || !data_open(w, name, NG_GML_STRING, NG_GML_STRING))
        return;
    if (append_text(w->buf, value))
        data_close(w);
    else
        g_string_truncate(w->buf, mark);   /* blank: drop the open tag */
}

void ng_graphml_data_int(NgGraphmlWriter *w, const char *name, gint64 value)
{
    guint t = data_open(w, name, NG_GML_INT, NG_GML_LONG);
    if (!t)
        return;
    if (t == NG_GML_INT + 1u && (value < G_MININT32 || value > G_MAXINT32)) {
        fail(w, NG_ERROR_USAGE, "key '%s%s': %" G_GINT64_FORMAT " is out "
             "of range for an int", data_prefix(w), name, value);
        return;
    }
    append_int(w->buf, value);
    data_close(w);
}

void ng_graphml_data_double(NgGraphmlWriter *w, const char *name,
                            double value)
{
    if (!data_open(w, name, NG_GML_DOUBLE, NG_GML_FLOAT))
        return;
    if (!isfinite(value)) {
        fail(w, NG_ERROR_USAGE, "key '%s%s': %s is not a finite number",
             data_prefix(w), name, isnan(value) ? "NaN" : "infinity");
        return;
    }
    /* igraph refuses a subnormal number ("1e-310": strtod's ERANGE) and
     * the whole file with it; it is as good as 0. */
    if (fpclassify(value) == FP_SUBNORMAL)
        value = 0;
    char num[G_ASCII_DTOSTR_BUF_SIZE];
    put_str(w->buf, ng_format_g15(num, value));
    data_close(w);
}

void ng_graphml_data_bool(NgGraphmlWriter *w, const char *name,
                          gboolean value)
{
    if (!data_open(w, name, NG_GML_BOOLEAN, NG_GML_BOOLEAN))
        return;
    g_string_append(w->buf, value ? "true" : "false");
    data_close(w);
}

static void writer_free(NgGraphmlWriter *w)
{
    g_clear_error(&w->error);
    if (!w->part)
        g_hash_table_destroy(w->keys);
    g_string_free(w->buf, TRUE);
    g_string_free(w->key, TRUE);
    for (guint i = 0; i < G_N_ELEMENTS(w->recent); i++) {
        g_free(w->recent[i].text);
        g_free(w->recent[i].open);
    }
    g_free(w->tmp_path);
    g_free(w->path);
    g_free(w);
}

gboolean ng_graphml_finish(NgGraphmlWriter *w, GError **error)
{
    if (w->at == AT_NODE || w->at == AT_EDGE)
        fail(w, NG_ERROR_USAGE, "finished inside a node or an edge");
    if (w->at == AT_GRAPH)
        g_string_append(w->buf, "  </graph>\n");
    g_string_append(w->buf, "</graphml>\n");
    flush_buf(w);

    if (!w->error && fflush(w->fp) != 0)
        fail_io(w, "cannot write", errno);
    if (w->tmp_path) {
        if (!w->error && fsync(fileno(w->fp)) != 0)
            fail_io(w, "cannot sync", errno);
        int rc = fclose(w->fp);
        w->fp = NULL;
        if (!w->error && rc != 0)
            fail_io(w, "cannot write", errno);
        if (!w->error && g_rename(w->tmp_path, w->path) != 0)
            fail_io(w, "cannot rename the temporary file over it", errno);
        if (w->error)
            g_unlink(w->tmp_path);
    }

    gboolean ok = !w->error;
    if (w->error)
        g_propagate_error(error, g_steal_pointer(&w->error));
    writer_free(w);
    return ok;
}

NgGraphmlWriter *ng_graphml_part_new(const NgGraphmlWriter *w)
{
    g_return_val_if_fail(w->at == AT_GRAPH && !w->part, NULL);
    NgGraphmlWriter *p = g_new0(NgGraphmlWriter, 1);
    p->path = g_strdup(w->path);
    p->keys = w->keys;
    p->at = AT_GRAPH;
    /* A part's whole text stays in memory: room for what a part of
     * PART_ELEMENTS (graph_graphml.c) usually takes, so that it seldom
     * grows (each growth copies it all). */
    p->buf = g_string_sized_new(PART_SIZE);
    p->key = g_string_new(NULL);
    p->portable = w->portable;
    p->portable_directed = w->portable_directed;
    p->part = TRUE;
    return p;
}

void ng_graphml_part_append(NgGraphmlWriter *w, NgGraphmlWriter *part)
{
    g_return_if_fail(w->at == AT_GRAPH && part->part);
    if (part->at != AT_GRAPH)
        fail(w, NG_ERROR_USAGE, "a part ends inside a node or an edge");
    if (part->error && !w->error)
        w->error = g_steal_pointer(&part->error);
    flush_buf(w);
    write_text(w, part->buf);   /* as it is: no copy into w->buf */
    writer_free(part);
}

void ng_graphml_abort(NgGraphmlWriter *w)
{
    if (w->tmp_path) {
        if (w->fp)
            fclose(w->fp);
        g_unlink(w->tmp_path);
    }
    writer_free(w);
}
