/*
 * doc.c - reading articles: folder walking, text repair, .txt and .jsonl.
 *
 * The reader never gives up on a whole build because of one bad input: a
 * problem is reported through the warning callback and the input (or the
 * JSON line) is skipped. Only the document callback can stop the walk.
 */
#include "doc.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "dateline.h"
#include "json_record.h"
#include "ng.h"

typedef struct {
    NgFileFunc want;
    NgDocFunc each;
    NgWarnFunc warn;
    gpointer user;
    NgReadStats *stats;
    GHashTable *dirs_seen;   /* "dev:ino" of folders walked: loop guard */
} Reader;

static void warnf(Reader *r, gboolean skipped, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

static void warnf(Reader *r, gboolean skipped, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (skipped)
        r->stats->skipped++;
    if (r->warn)
        r->warn(msg, skipped, r->user);
    g_free(msg);
}

/* ------------------------------------------------------------------ */
/* Bytes to valid UTF-8                                                */

char *ng_text_from_bytes(const char *data, gsize len, gsize *out_len,
                         gssize *bad_offset, const char **why)
{
    *bad_offset = -1;
    *why = NULL;

    /* UTF-16 with a byte-order mark: convert (a failure means garbage). */
    if (len >= 2 && (((guchar)data[0] == 0xFF && (guchar)data[1] == 0xFE) ||
                     ((guchar)data[0] == 0xFE && (guchar)data[1] == 0xFF))) {
        const char *from = (guchar)data[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        gsize written = 0;
        char *u = g_convert(data + 2, len - 2, "UTF-8", from, NULL, &written,
                            NULL);
        if (!u || memchr(u, '\0', written)) {
            g_free(u);
            *why = "undecodable UTF-16";
            return NULL;
        }
        *out_len = written;
        return u;
    }
    gsize bom = 0;   /* offsets are reported in the input, BOM included */
    if (len >= 3 && (guchar)data[0] == 0xEF && (guchar)data[1] == 0xBB &&
        (guchar)data[2] == 0xBF) {
        bom = 3;
        data += 3;
        len -= 3;
    }
    /* NUL bytes never occur in text; their presence means a binary file. */
    if (memchr(data, '\0', len)) {
        *why = "binary data (NUL bytes)";
        return NULL;
    }
    const char *end;
    if (ng_utf8_valid(data, len, &end)) {
        *out_len = len;
        return g_strndup(data, len);
    }
    *bad_offset = (gssize)bom + (end - data);
    char *fixed = g_utf8_make_valid(data, (gssize)len);
    *out_len = strlen(fixed);
    return fixed;
}

/* After a repair: a file that is mostly replacement characters and
 * controls is binary (or another encoding), not text with a few typos. */
static gboolean looks_binary(const char *text, gsize len)
{
    gsize bad = 0, chars = 0;
    for (const char *p = text; p < text + len; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        chars++;
        if (c == 0xFFFD || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' &&
                            c != '\f'))
            bad++;
    }
    return chars > 0 && bad * 10 > chars;  /* over 10% junk */
}

static gboolean is_blank(const char *text, gsize len)
{
    for (gsize i = 0; i < len; i++)
        if (!g_ascii_isspace(text[i]))
            return FALSE;
    return TRUE;
}

/* Whether data[0..len) is usable text as it is - valid UTF-8 without NUL
 * bytes or a byte-order mark, under 4 GiB (token offsets are 32-bit) -
 * as most files and lines are: then repair need not copy it. */
static gboolean text_as_is(const char *data, gsize len)
{
    return len < G_MAXUINT32 &&
           !(len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) &&
           !memchr(data, '\0', len) && ng_utf8_valid(data, len, NULL);
}

/* Usable text from raw bytes of `path`: `data` itself when it is good as
 * it is, else a repaired copy (*copy, to be freed); warn and return NULL
 * if unusable. The `where` prefix names the file (and line, for JSON
 * Lines). */
static const char *repair(Reader *r, const char *where, const char *data,
                          gsize len, gsize *out_len, char **copy)
{
    *copy = NULL;
    if (text_as_is(data, len)) {
        *out_len = len;
        return data;
    }
    gssize bad;
    const char *why;
    char *text = ng_text_from_bytes(data, len, out_len, &bad, &why);
    if (!text) {
        warnf(r, TRUE, "%s: skipped: %s", where, why);
        return NULL;
    }
    if (*out_len >= G_MAXUINT32) {   /* token offsets are 32-bit */
        warnf(r, TRUE, "%s: skipped: larger than 4 GiB", where);
        g_free(text);
        return NULL;
    }
    if (bad >= 0 && looks_binary(text, *out_len)) {
        warnf(r, TRUE, "%s: skipped: binary data (not UTF-8 text)", where);
        g_free(text);
        return NULL;
    }
    if (bad >= 0) {
        r->stats->repaired++;
        warnf(r, FALSE,
              "%s: invalid UTF-8 at byte %" G_GSSIZE_FORMAT
              "; replaced with U+FFFD", where, bad);
    }
    return *copy = text;
}

/* ------------------------------------------------------------------ */
/* Documents                                                           */

static gboolean hand_over(Reader *r, NgDoc *doc, GError **error)
{
    r->stats->documents++;
    r->stats->bytes += doc->len;
    return r->each(doc, r->user, error);
}

/* First non-empty line, trimmed, as the title. */
static char *first_line(const char *text)
{
    const char *p = text;
    while (*p) {
        const char *eol = strchr(p, '\n');
        gsize n = eol ? (gsize)(eol - p) : strlen(p);
        char *line = g_strstrip(g_strndup(p, n));
        if (*line)
            return line;
        g_free(line);
        if (!eol)
            break;
        p = eol + 1;
    }
    return NULL;
}

/* One article from the bytes in `data`, which it frees as soon as they
 * are repaired: a file of 1 GB is not held twice while it is tagged. */
static gboolean read_article(Reader *r, const char *path, char *data,
                             gsize len, GError **error)
{
    gsize tlen;
    char *copy;
    const char *good = repair(r, path, data, len, &tlen, &copy);
    if (good != data)   /* repaired, or unusable */
        g_free(data);
    if (!good)
        return TRUE;
    char *text = copy ? copy : data;
    if (is_blank(text, tlen)) {
        warnf(r, TRUE, "%s: skipped: empty file", path);
        g_free(text);
        return TRUE;
    }
    /* Ids end up in GraphML and JSON: a file name that is not UTF-8 gets
     * U+FFFD like text does. */
    NgDoc doc = { .id = g_utf8_make_valid(path, -1), .title = first_line(text),
                  .text = text, .len = tlen, .path = path };
    /* A plain article's date: its dateline's, else its file name's. */
    doc.date = ng_dateline_date(text, tlen);
    if (!doc.date)
        doc.date = ng_path_date(path);
    gboolean ok = hand_over(r, &doc, error);
    g_free(doc.id);
    g_free(doc.title);
    g_free(doc.date);
    g_free(text);
    return ok;
}

/* The members of an article line, in the order of NgJsonRecord's. */
static const char *const article_members[] = { "text", "title", "date", "url",
                                               "id", NULL };
enum { M_TEXT, M_TITLE, M_DATE, M_URL, M_ID };

/* Member i of the line just read as a string: NULL when absent or null;
 * *bad set when it is there but not a string (an integer id is fine). */
static const char *member_string(const NgJsonRecord *rec, guint i,
                                 gboolean *bad)
{
    const NgJsonMember *m = ng_json_record_member(rec, i);
    if (m->kind == NG_JSON_STRING || (i == M_ID && m->kind == NG_JSON_INTEGER))
        return m->value->str;
    if (m->kind != NG_JSON_ABSENT && m->kind != NG_JSON_NULL)
        *bad = TRUE;
    return NULL;
}

/* `where` holds the file's name as valid UTF-8 and a colon (it is also
 * the default id: see read_article); the line number goes after them. */
static gboolean read_json_line(Reader *r, NgJsonRecord *rec,
                               const char *path, GString *where,
                               guint64 lineno, const char *line, gsize len,
                               GError **error)
{
    char number[24];
    gsize base = where->len;
    g_string_append_len(where, number,
                        g_snprintf(number, sizeof number, "%" G_GUINT64_FORMAT,
                                   lineno));
    gsize tlen;
    gboolean ok = TRUE;
    /* A good line is read where it lies, without a copy. */
    char *copy;
    const char *text = repair(r, where->str, line, len, &tlen, &copy);
    GError *perr = NULL;

    if (!text)
        goto out;
    if (is_blank(text, tlen))   /* blank lines between records are fine */
        goto out;
    guint fixed = 0;
    if (!ng_json_record_read(rec, text, tlen, &fixed, &perr)) {
        warnf(r, TRUE, "%s: skipped: bad JSON at %s", where->str,
              perr->message);
        g_clear_error(&perr);
        goto out;
    }
    if (fixed)
        warnf(r, FALSE, "%s: a \\u escape that is no character (U+0000 or a "
              "lone surrogate) in a JSON string; replaced with U+FFFD",
              where->str);
    gboolean bad = FALSE;
    const char *body = member_string(rec, M_TEXT, &bad);
    const char *title = member_string(rec, M_TITLE, &bad);
    const char *date = member_string(rec, M_DATE, &bad);
    const char *url = member_string(rec, M_URL, &bad);
    const char *id = member_string(rec, M_ID, &bad);
    if (id && is_blank(id, strlen(id)))   /* as good as none: PATH:LINE */
        id = NULL;
    if (bad) {
        warnf(r, TRUE, "%s: skipped: text, id, title, date and url must be "
              "strings", where->str);
        goto out;
    }
    if (!body || is_blank(body, strlen(body))) {
        warnf(r, TRUE, "%s: skipped: no \"text\"", where->str);
        goto out;
    }
    /* Without a "date", the dateline's, if it has a year (found before
     * the title goes in front: `body` is the buffer that moves). */
    char *dateline = date ? NULL : ng_dateline_date(body, strlen(body));
    /* The text member's buffer is the reader's: the title goes in front
     * of it there, without another copy of the body. */
    GString *full = ng_json_record_member(rec, M_TEXT)->value;
    if (title && *title) {
        g_string_prepend(full, "\n\n");
        g_string_prepend(full, title);
    }
    NgDoc doc = {
        .id = id ? (char *)id : where->str,
        .title = (char *)title, .date = date ? (char *)date : dateline,
        .url = (char *)url, .text = full->str, .len = full->len, .path = path,
    };
    ok = hand_over(r, &doc, error);
    g_free(dateline);
out:
    g_free(copy);
    g_string_truncate(where, base);
    return ok;
}

/* JSON Lines are streamed line by line: a file may be far larger than
 * memory, and one broken line must not cost the others. */
static gboolean read_jsonl_stream(Reader *r, const char *path, FILE *f,
                                  const char *prefix, gsize prefix_len,
                                  GError **error)
{
    NgJsonRecord *rec = ng_json_record_new(article_members);
    GString *where = g_string_new(NULL);
    g_string_append_printf(where, "%s:", path);
    char *valid = g_utf8_make_valid(where->str, (gssize)where->len);
    g_string_assign(where, valid);
    g_free(valid);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    guint64 lineno = 0;
    gboolean ok = TRUE;

    if (prefix_len > 0) {   /* stdin: bytes already read to sniff the type */
        const char *p = prefix, *end = prefix + prefix_len;
        while (ok && p < end) {
            const char *eol = memchr(p, '\n', (gsize)(end - p));
            if (!eol && f) {
                /* The sniffed bytes end inside a line: its end is still in
                 * the stream. */
                GString *whole = g_string_new_len(p, end - p);
                if ((n = getline(&line, &cap, f)) > 0)
                    g_string_append_len(whole, line, n);
                if (whole->len && whole->str[whole->len - 1] == '\n')
                    g_string_truncate(whole, whole->len - 1);
                ok = read_json_line(r, rec, path, where, ++lineno, whole->str,
                                    whole->len, error);
                g_string_free(whole, TRUE);
                break;
            }
            gsize len = eol ? (gsize)(eol - p) : (gsize)(end - p);
            ok = read_json_line(r, rec, path, where, ++lineno, p, len,
                                error);
            p += len + 1;
        }
    }
    while (ok && f && (n = getline(&line, &cap, f)) >= 0) {
        if (n > 0 && line[n - 1] == '\n')
            n--;
        ok = read_json_line(r, rec, path, where, ++lineno, line, (gsize)n,
                            error);
    }
    free(line);
    g_string_free(where, TRUE);
    ng_json_record_free(rec);
    return ok;
}

static gboolean read_file(Reader *r, const char *path, GError **error)
{
    r->stats->files++;
    if (g_str_has_suffix(path, ".jsonl")) {
        FILE *f = fopen(path, "rb");
        if (!f) {
            warnf(r, TRUE, "%s: skipped: %s", path, g_strerror(errno));
            return TRUE;
        }
        /* stdio's default 4 KB reads cost as much in the kernel as the
         * parsing of what they bring: read in 1 MB pieces. */
        setvbuf(f, NULL, _IOFBF, 1 << 20);
        gboolean ok = read_jsonl_stream(r, path, f, NULL, 0, error);
        if (ferror(f))
            warnf(r, TRUE, "%s: read error: %s", path, g_strerror(errno));
        fclose(f);
        return ok;
    }
    char *data = NULL;
    gsize len = 0;
    GError *ferr = NULL;
    if (!g_file_get_contents(path, &data, &len, &ferr)) {
        warnf(r, TRUE, "%s: skipped: %s", path, ferr->message);
        g_error_free(ferr);
        return TRUE;
    }
    return read_article(r, path, data, len, error);
}

static gboolean read_stdin(Reader *r, GError **error)
{
    GString *buf = g_string_new(NULL);
    char chunk[65536];
    size_t n;
    r->stats->files++;
    /* Sniff: JSON Lines start with '{' after optional whitespace. */
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
        g_string_append_len(buf, chunk, (gssize)n);
        const char *p = buf->str;
        while (*p && g_ascii_isspace(*p))
            p++;
        if (*p)
            break;
    }
    const char *p = buf->str;
    while (*p && g_ascii_isspace(*p))
        p++;
    if (*p == '{') {
        gboolean ok = read_jsonl_stream(r, "-", stdin, buf->str, buf->len,
                                        error);
        g_string_free(buf, TRUE);
        return ok;
    }
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
        g_string_append_len(buf, chunk, (gssize)n);
    gsize len = buf->len;
    return read_article(r, "-", g_string_free(buf, FALSE), len, error);
}

static gboolean read_path(Reader *r, const char *path, gboolean explicit,
                          GError **error);

static gboolean read_dir(Reader *r, const char *path, GError **error)
{
    GStatBuf st;
    if (g_stat(path, &st) == 0) {
        char *key = g_strdup_printf("%lu:%lu", (unsigned long)st.st_dev,
                                    (unsigned long)st.st_ino);
        if (!g_hash_table_add(r->dirs_seen, key)) {
            warnf(r, FALSE, "%s: folder already read (symlink loop?); "
                  "not read again", path);
            return TRUE;
        }
    }
    GError *derr = NULL;
    GDir *dir = g_dir_open(path, 0, &derr);
    if (!dir) {
        warnf(r, TRUE, "%s: skipped: %s", path, derr->message);
        g_error_free(derr);
        return TRUE;
    }
    GPtrArray *names = ng_dir_names(dir);
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < names->len; i++) {
        char *child = g_build_filename(path, names->pdata[i], NULL);
        ok = read_path(r, child, FALSE, error);
        g_free(child);
    }
    g_ptr_array_free(names, TRUE);
    return ok;
}

/* `explicit`: named on the command line, so any file is read whatever its
 * name; inside folders only *.txt and *.jsonl are. */
static gboolean read_path(Reader *r, const char *path, gboolean explicit,
                          GError **error)
{
    if (!strcmp(path, "-") && explicit)
        return read_stdin(r, error);
    if (g_file_test(path, G_FILE_TEST_IS_DIR))
        return read_dir(r, path, error);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        GStatBuf st;
        if (g_stat(path, &st) != 0 && errno == ELOOP)
            warnf(r, TRUE, "%s: skipped: symbolic link loop", path);
        else if (g_file_test(path, G_FILE_TEST_IS_SYMLINK))
            warnf(r, TRUE, "%s: skipped: dangling symbolic link", path);
        else
            warnf(r, TRUE, "%s: skipped: no such file or folder", path);
        return TRUE;
    }
    if (!explicit && !g_str_has_suffix(path, ".txt") &&
        !g_str_has_suffix(path, ".jsonl"))
        return TRUE;
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        warnf(r, TRUE, "%s: skipped: not a regular file", path);
        return TRUE;
    }
    GStatBuf st;
    if (r->want && g_stat(path, &st) == 0 && !r->want(path, &st, r->user))
        return TRUE;
    return read_file(r, path, error);
}

gboolean ng_read_inputs(char **inputs, guint n_inputs, NgDocFunc each,
                        NgWarnFunc warn, gpointer user, NgReadStats *stats,
                        GError **error)
{
    return ng_read_inputs_filtered(inputs, n_inputs, NULL, each, warn, user,
                                   stats, error);
}

gboolean ng_read_inputs_filtered(char **inputs, guint n_inputs,
                                 NgFileFunc want, NgDocFunc each,
                                 NgWarnFunc warn, gpointer user,
                                 NgReadStats *stats, GError **error)
{
    Reader r = { .want = want, .each = each, .warn = warn, .user = user,
                 .stats = stats,
                 .dirs_seen = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                    g_free, NULL) };
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < n_inputs; i++)
        ok = read_path(&r, inputs[i], TRUE, error);
    g_hash_table_destroy(r.dirs_seen);
    return ok;
}
