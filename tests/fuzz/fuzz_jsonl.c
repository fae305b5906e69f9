/*
 * fuzz_jsonl.c - the JSON Lines reader (json_record.c per line), through
 * ng_read_inputs on a .jsonl file holding the input.
 *
 * Invariants:
 *  - the reader never fails (a bad line is a warning, not an error);
 *  - nothing is lost silently: every line that is not blank gives exactly
 *    one document or exactly one "PATH:LINE: skipped: ..." warning, blank
 *    lines give neither, and documents and warnings come in line order
 *    with the right line numbers (a document without "id" is PATH:LINE);
 *  - every document's text, title, date and url are valid UTF-8 without
 *    NUL bytes, len is the text's length, the text is not blank and it
 *    is the title, a blank line and the body when there is a title;
 *  - the statistics agree with the callbacks.
 */
#include <string.h>

#include "doc.h"
#include "fuzz.h"

typedef struct {
    const char *path;
    guint64 last_line;   /* line of the last document or warning */
    guint docs, skips;
    GArray *blank;       /* gboolean per line (1-based: index line - 1) */
} Seen;

/* The line number in "PATH:LINE..." (0 if the text does not start so). */
static guint64 line_of(const Seen *s, const char *text)
{
    gsize n = strlen(s->path);
    if (strncmp(text, s->path, n) || text[n] != ':')
        return 0;
    return g_ascii_strtoull(text + n + 1, NULL, 10);
}

static void saw_line(Seen *s, guint64 line, const char *what)
{
    FZ_CHECK(line >= 1 && line <= s->blank->len, "%s: line %" G_GUINT64_FORMAT
             " of %u", what, line, s->blank->len);
    FZ_CHECK(!g_array_index(s->blank, gboolean, line - 1),
             "%s: blank line %" G_GUINT64_FORMAT, what, line);
    FZ_CHECK(line > s->last_line, "%s: line %" G_GUINT64_FORMAT " after %"
             G_GUINT64_FORMAT, what, line, s->last_line);
    s->last_line = line;
}

static void check_str(const char *s, const char *what)
{
    FZ_CHECK(!s || fz_utf8(s, strlen(s)), "%s is not valid UTF-8", what);
}

static gboolean on_doc(const NgDoc *doc, gpointer user, GError **error)
{
    Seen *s = user;
    s->docs++;
    FZ_CHECK(fz_utf8(doc->text, doc->len) && strlen(doc->text) == doc->len,
             "text not valid UTF-8 or len %zu wrong", (size_t)doc->len);
    check_str(doc->title, "title");
    check_str(doc->date, "date");
    check_str(doc->url, "url");
    check_str(doc->id, "id");
    FZ_CHECK(doc->id && *doc->id, "no id");
    gboolean blank = TRUE;
    for (const char *p = doc->text; *p && blank; p++)
        blank = g_ascii_isspace(*p);
    FZ_CHECK(!blank, "blank document handed over");
    if (doc->title && *doc->title)
        FZ_CHECK(g_str_has_prefix(doc->text, doc->title) &&
                 !strncmp(doc->text + strlen(doc->title), "\n\n", 2),
                 "text does not start with the title");
    guint64 line = line_of(s, doc->id);
    if (line)   /* the default id: PATH:LINE */
        saw_line(s, line, "document");
    return TRUE;
}

static void on_warn(const char *message, gboolean skipped, gpointer user)
{
    Seen *s = user;
    guint64 line = line_of(s, message);
    FZ_CHECK(line, "warning without PATH:LINE: %s", message);
    if (!skipped)
        return;   /* a repair: the line is still read */
    s->skips++;
    FZ_CHECK(strstr(message, ": skipped: "), "%s", message);
    saw_line(s, line, message);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fz_input_file(".jsonl", data, size);

    /* Which lines are blank once read as text (as getline splits them). */
    Seen seen = { .path = path,
                  .blank = g_array_new(FALSE, FALSE, sizeof(gboolean)) };
    guint nonblank = 0;
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *eol = memchr(p, '\n', (gsize)(end - p));
        gsize n = eol ? (gsize)(eol - p) : (gsize)(end - p);
        gsize tlen;
        gssize bad;
        const char *why;
        char *t = ng_text_from_bytes(p, n, &tlen, &bad, &why);
        gboolean blank = t != NULL;
        for (gsize i = 0; t && i < tlen && blank; i++)
            blank = g_ascii_isspace(t[i]);
        g_free(t);
        g_array_append_val(seen.blank, blank);
        nonblank += !blank;
        p += n + 1;
    }

    NgReadStats stats = { 0 };
    GError *error = NULL;
    char *inputs[] = { (char *)path };
    FZ_CHECK(ng_read_inputs(inputs, 1, on_doc, on_warn, &seen, &stats, &error),
             "the reader failed: %s", error->message);
    FZ_CHECK(seen.docs + seen.skips == nonblank,
             "%u documents + %u skipped lines, %u non-blank lines", seen.docs,
             seen.skips, nonblank);
    FZ_CHECK(stats.documents == seen.docs && stats.skipped == seen.skips,
             "statistics disagree with the callbacks");
    g_array_free(seen.blank, TRUE);
    return 0;
}
