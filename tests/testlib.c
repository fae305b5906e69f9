/*
 * testlib.c - helpers for the GTest programs: locating the source tree and
 * the binary under test, temporary directories, running negraph.
 */
#include "testlib.h"

#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static GPtrArray *tmpdirs;

const char *tl_srcdir(void)
{
    const char *d = g_getenv("NEGRAPH_SRCDIR");
    return d && *d ? d : ".";
}

char *tl_src_path(const char *relative)
{
    return g_build_filename(tl_srcdir(), relative, NULL);
}

const char *tl_shared_dir(void)
{
    const char *d = g_getenv("NEGRAPH_SHARED");
    if (d && *d && g_file_test(d, G_FILE_TEST_IS_DIR))
        return d;
    return NULL;
}

const char *tl_negraph(void)
{
    const char *b = g_getenv("NEGRAPH_BIN");
    return b && *b ? b : "./negraph";
}

static void remove_tree(const char *path)
{
    if (g_file_test(path, G_FILE_TEST_IS_DIR) &&
        !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
        GDir *d = g_dir_open(path, 0, NULL);
        if (d) {
            const char *name;
            while ((name = g_dir_read_name(d))) {
                char *child = g_build_filename(path, name, NULL);
                remove_tree(child);
                g_free(child);
            }
            g_dir_close(d);
        }
        g_chmod(path, 0700);
        g_rmdir(path);
    } else {
        g_unlink(path);
    }
}

static void remove_tmpdirs(void)
{
    for (guint i = 0; tmpdirs && i < tmpdirs->len; i++)
        remove_tree(tmpdirs->pdata[i]);
    if (tmpdirs)
        g_ptr_array_free(tmpdirs, TRUE);
    tmpdirs = NULL;
}

char *tl_tmpdir(void)
{
    GError *error = NULL;
    char *d = g_dir_make_tmp("negraph-test-XXXXXX", &error);
    g_assert_no_error(error);
    if (!tmpdirs) {
        tmpdirs = g_ptr_array_new_with_free_func(g_free);
        atexit(remove_tmpdirs);
    }
    g_ptr_array_add(tmpdirs, g_strdup(d));
    return d;
}

char *tl_write(const char *dir, const char *name, const char *data,
               gssize len)
{
    GError *error = NULL;
    char *path = g_build_filename(dir, name, NULL);
    char *parent = g_path_get_dirname(path);
    g_mkdir_with_parents(parent, 0755);
    g_free(parent);
    g_file_set_contents(path, data, len, &error);
    g_assert_no_error(error);
    return path;
}

void tl_put(const char *dir, const char *name, const char *data, gssize len)
{
    g_free(tl_write(dir, name, data, len));
}

void tl_edit_same_size(const char *dir, const char *name, const char *from,
                       const char *to)
{
    g_assert_cmpuint(strlen(from), ==, strlen(to));
    char *path = g_build_filename(dir, name, NULL);
    char *data = tl_read(path, NULL);
    char *at = strstr(data, from);
    g_assert_nonnull(at);
    memcpy(at, to, strlen(to));
    tl_put(dir, name, data, -1);
    g_free(data);
    g_free(path);
}

void tl_copy_files(const char *from, const char *to)
{
    GDir *d = g_dir_open(from, 0, NULL);
    g_assert_nonnull(d);
    for (const char *name; (name = g_dir_read_name(d));) {
        char *path = g_build_filename(from, name, NULL);
        gsize len;
        char *data = tl_read(path, &len);
        tl_put(to, name, data, (gssize)len);
        g_free(data);
        g_free(path);
    }
    g_dir_close(d);
}

TlRun tl_run_argv(char **argv, const char *input)
{
    TlRun r = { 0 };
    GError *error = NULL;
    GPid pid;
    int in_fd = -1, out_fd, err_fd, status = 0;

    g_spawn_async_with_pipes(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                             NULL, NULL, &pid, &in_fd, &out_fd, &err_fd,
                             &error);
    g_assert_no_error(error);

    /* Feed stdin and drain both pipes without deadlocking: a thread writes
     * stdin while this one reads; outputs are small in tests. */
    GIOChannel *co = g_io_channel_unix_new(out_fd);
    GIOChannel *ce = g_io_channel_unix_new(err_fd);
    if (input) {
        gsize left = strlen(input);
        const char *p = input;
        while (left > 0) {
            gssize w = write(in_fd, p, left);
            if (w <= 0)
                break;
            p += w;
            left -= (gsize)w;
        }
    }
    close(in_fd);
    g_io_channel_set_encoding(co, NULL, NULL);
    g_io_channel_set_encoding(ce, NULL, NULL);
    gsize n;
    g_io_channel_read_to_end(co, &r.out, &n, NULL);
    g_io_channel_read_to_end(ce, &r.err, &n, NULL);
    g_io_channel_shutdown(co, FALSE, NULL);
    g_io_channel_shutdown(ce, FALSE, NULL);
    g_io_channel_unref(co);
    g_io_channel_unref(ce);
    waitpid(pid, &status, 0);
    g_spawn_close_pid(pid);
    if (WIFEXITED(status))
        r.exit_code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        r.exit_code = 128 + WTERMSIG(status);
    if (!r.out)
        r.out = g_strdup("");
    if (!r.err)
        r.err = g_strdup("");
    return r;
}

TlRun tl_run_negraph(const char *input, ...)
{
    GPtrArray *argv = g_ptr_array_new();
    va_list ap;
    g_ptr_array_add(argv, (char *)tl_negraph());
    va_start(ap, input);
    for (const char *a = va_arg(ap, const char *); a; a = va_arg(ap, const char *))
        g_ptr_array_add(argv, (char *)a);
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    TlRun r = tl_run_argv((char **)argv->pdata, input);
    g_ptr_array_free(argv, TRUE);
    return r;
}

void tl_run_clear(TlRun *r)
{
    g_free(r->out);
    g_free(r->err);
    r->out = r->err = NULL;
}

char *tl_read(const char *path, gsize *len)
{
    char *data = NULL;
    GError *error = NULL;
    g_file_get_contents(path, &data, len, &error);
    g_assert_no_error(error);
    return data;
}
