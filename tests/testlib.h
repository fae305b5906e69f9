/*
 * testlib.h - small helpers shared by the GTest programs in tests/.
 */
#ifndef NG_TESTLIB_H
#define NG_TESTLIB_H

#include <glib.h>

/* The repository root ($NEGRAPH_SRCDIR, or "." if unset). */
const char *tl_srcdir(void);
/* A path under the repository root; newly allocated. */
char *tl_src_path(const char *relative);
/* ../shared beside the repository ($NEGRAPH_SHARED), or NULL when absent. */
const char *tl_shared_dir(void);
/* The negraph binary under test ($NEGRAPH_BIN, default ./negraph). */
const char *tl_negraph(void);

/* A fresh temporary directory, removed (recursively) at exit. */
char *tl_tmpdir(void);
/* Write `len` bytes (or strlen when len < 0) to dir/name, creating
 * folders; tl_write returns the path (free it), tl_put does not. */
void tl_put(const char *dir, const char *name, const char *data, gssize len);
char *tl_write(const char *dir, const char *name, const char *data,
               gssize len);
/* Copy the files directly in folder `from` into folder `to`. */
void tl_copy_files(const char *from, const char *to);
/* Replace the first `from` in dir/name (which must hold it) with `to`, of
 * the same length: an edit that keeps the file's size. */
void tl_edit_same_size(const char *dir, const char *name, const char *from,
                       const char *to);

typedef struct {
    int exit_code;   /* exit status, or 128+signal */
    char *out;       /* standard output */
    char *err;       /* standard error */
} TlRun;

/* Run negraph with the NULL-terminated arguments (after the binary name),
 * optionally feeding `input` on stdin (may be NULL). */
TlRun tl_run_negraph(const char *input, ...) G_GNUC_NULL_TERMINATED;
/* Same with an argv array (argv[0] is the program). */
TlRun tl_run_argv(char **argv, const char *input);
void tl_run_clear(TlRun *r);

/* Read a whole file (must exist); newly allocated. */
char *tl_read(const char *path, gsize *len);

#endif
