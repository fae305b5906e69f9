/*
 * doc.h - reading news articles from files, folders, JSON Lines and stdin.
 *
 * Inputs are walked in a fixed order (arguments as given, folder entries
 * sorted by name, recursively), so the document order and with it the
 * output are deterministic. Each document is handed to a callback and
 * freed after it: the corpus is streamed, never held.
 *
 * What the reader accepts:
 *  - NAME.txt: one article; its first non-empty line is the title. The
 *    document id is the path as given (invalid UTF-8 replaced with U+FFFD,
 *    as in every id). Its date is its dateline's, if that has a year,
 *    else the one its file name starts with (dateline.h).
 *  - NAME.jsonl: one article per line, a JSON object with "text" and
 *    optional "id", "title", "date" (ISO 8601), "url". The id defaults to
 *    "PATH:LINE" (also for an empty id); without a "date", the dateline's
 *    (if it has a year) is taken. A bad line is reported with its line number and skipped;
 *    the good lines are kept.
 *  - "-": standard input, one article (or JSON Lines when it starts
 *    with '{').
 * Repairs and refusals, each reported through the warning callback:
 *  - invalid UTF-8 is replaced with U+FFFD (one warning per file, with the
 *    byte offset of the first bad sequence);
 *  - a UTF-16 file with a byte-order mark is converted; a UTF-8 BOM dropped;
 *  - a binary file (NUL bytes in UTF-8 data), an empty or blank file, an
 *    unreadable file, a dangling symlink and a missing path are skipped;
 *  - folder symlink loops are followed once only.
 */
#ifndef NG_DOC_H
#define NG_DOC_H

#include <glib.h>
#include <glib/gstdio.h>

typedef struct {
    char *id;       /* document id */
    char *title;    /* title, or NULL */
    char *date;     /* ISO 8601 date as given or found, or NULL */
    char *url;      /* or NULL */
    char *text;     /* valid UTF-8, NUL-terminated; for JSON Lines the
                       title (if any), a blank line, then "text" */
    gsize len;      /* bytes in text */
    const char *path; /* the file it came from ("-" for stdin) */
} NgDoc;

typedef struct {
    guint64 files;        /* files opened */
    guint64 documents;    /* documents handed to the callback */
    guint64 skipped;      /* inputs or lines skipped (each warned about) */
    guint64 repaired;     /* files with invalid UTF-8 repaired */
    guint64 bytes;        /* bytes of text handed over */
} NgReadStats;

/* Called for each document; the document is freed when it returns. Return
 * FALSE (with error set) to stop reading. */
typedef gboolean (*NgDocFunc)(const NgDoc *doc, gpointer user, GError **error);
/* Called for each problem; `skipped` tells whether input was dropped. */
typedef void (*NgWarnFunc)(const char *message, gboolean skipped,
                           gpointer user);

/* Read every input in order. Returns FALSE only when the document callback
 * failed (its error is passed on); problems with inputs are warnings. */
gboolean ng_read_inputs(char **inputs, guint n_inputs, NgDocFunc each,
                        NgWarnFunc warn, gpointer user, NgReadStats *stats,
                        GError **error);

/* Called before a file is read, with its stat(2); return FALSE to skip
 * it: nothing of it is read or counted. Incremental builds use it to
 * leave out files unchanged since they were last read. */
typedef gboolean (*NgFileFunc)(const char *path, const GStatBuf *st,
                               gpointer user);

/* ng_read_inputs, asking `want` (if not NULL) before reading each file.
 * Standard input is always read. */
gboolean ng_read_inputs_filtered(char **inputs, guint n_inputs,
                                 NgFileFunc want, NgDocFunc each,
                                 NgWarnFunc warn, gpointer user,
                                 NgReadStats *stats, GError **error);

/* Turn raw bytes into valid UTF-8 text: BOM handling, UTF-16 conversion,
 * invalid sequences replaced. Returns NULL for binary data (with *why set
 * to a static reason). *bad_offset is set to the byte offset of the first
 * invalid sequence, or -1. Exposed for tests and fuzzing. */
char *ng_text_from_bytes(const char *data, gsize len, gsize *out_len,
                         gssize *bad_offset, const char **why);

#endif
