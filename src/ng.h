/*
 * ng.h - things every part of negraph shares: the error domain, the exit
 * codes of the command-line tool and the version string.
 *
 * The core library (everything in src/ except main.c and cmd_*.c) never
 * prints and never exits: it reports failures as GErrors in NG_ERROR and
 * leaves wording for the user and the exit code to the subcommands.
 */
#ifndef NG_H
#define NG_H

#include <glib.h>
#include <glib/gstdio.h>

#define NG_VERSION "0.1.0"

#define NG_ERROR (ng_error_quark())
GQuark ng_error_quark(void);

/* Is data[0..len) valid UTF-8? If not, *end (may be NULL) gets the first
 * invalid sequence. Like g_utf8_validate_len, but ASCII is checked eight
 * bytes at a time, and NUL bytes are valid. */
gboolean ng_utf8_valid(const char *data, gsize len, const char **end);

/* The next string of a table of NUL-ended strings read in order: the one
 * at *pos (which moves past it), or NULL when [*pos, end) holds no whole
 * string. Both pointers may be NULL (an empty table). */
const char *ng_strtab_next(const char **pos, const char *end);

/* The names in an open folder, sorted (strcmp), hidden ones (".name":
 * editors' and version control's droppings) left out; closes dir. The
 * order files are read and hashed in, whatever the file system's. */
GPtrArray *ng_dir_names(GDir *dir);

/* A file's looks as a string: size, modification and change times,
 * inode, device - what says, without reading it, that a file is as it
 * was. Newly allocated. */
char *ng_file_looks(const GStatBuf *st);

/* Whether a file's looks may vouch for it later: both its times are
 * before `cutoff` (ng_looks_cutoff, taken when the work began). A file
 * changed just before it was read may change again within the same
 * timestamp tick, its looks unchanged; a second of slack covers coarse
 * file system clocks. The state and the fingerprint memo both trust
 * files by this rule. */
gint64 ng_looks_cutoff(void);
gboolean ng_looks_settled(const GStatBuf *st, gint64 cutoff);

/* A 64-bit hash of data[0..len), to refuse a file damaged on disk (a
 * torn write, a stray edit): four independent lanes of multiply-xorshift
 * over 8-byte words, a few milliseconds for 10 MB. Not cryptographic:
 * it tells that the bytes are the ones written, nothing more. */
guint64 ng_checksum64(const void *data, gsize len);

/* Replace `path` with data[0..len) through one temporary file, PATH.tmp,
 * renamed over it when complete (a process killed while writing leaves
 * PATH as it was and a PATH.tmp the next call overwrites, not one more
 * file each time). `durable`: fsync before the rename, so that a crash of
 * the machine too leaves the old file or the new one. Only for files one
 * writer at a time writes (under a lock). Errors: NG_ERROR_IO. */
gboolean ng_replace_file(const char *path, const void *data, gsize len,
                         gboolean durable, GError **error);

/* Append the printf-style message to `out` on one line: newlines, tabs
 * and other control characters in it (from a quoted YAML value, say)
 * written as escapes (\n, \t, \x1b). A loader's report keeps one
 * problem per line, each starting with FILE:LINE:COLUMN. */
void ng_append_one_line_v(GString *out, const char *fmt, va_list ap)
    G_GNUC_PRINTF(2, 0);

/* GError codes in NG_ERROR. */
typedef enum {
    NG_ERROR_IO,        /* a file could not be read or written */
    NG_ERROR_CONFIG,    /* a gazetteer or rule file is wrong */
    NG_ERROR_INPUT,     /* an input document is unusable (binary, empty, ...) */
    NG_ERROR_USAGE,     /* the caller asked for something impossible */
    NG_ERROR_FORMAT,    /* a file is not in the expected format (GraphML, JSON) */
} NgErrorCode;

/* Exit codes of the negraph binary (documented in README.md). */
enum {
    NG_EXIT_OK = 0,
    NG_EXIT_WARNINGS = 1,   /* done, but some inputs were skipped */
    NG_EXIT_USAGE = 2,
    NG_EXIT_CONFIG = 3,
    NG_EXIT_OUTPUT = 4,
    NG_EXIT_INPUT = 5,      /* an input file is unreadable (negraph query) */
};

#endif
