/*
 * paths.c - default data folders. Beside the binary comes first so that
 * `./negraph` in a checkout and an installed copy both find their data
 * wherever they are run from.
 */
#include "paths.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *ng_yaml_files(const char *dir, char **error_message)
{
    GError *io = NULL;
    GDir *d = g_dir_open(dir, 0, &io);
    if (!d) {
        *error_message = g_strdup(io->message);
        g_error_free(io);
        return NULL;
    }
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(d))) {
        if (!g_str_has_suffix(name, ".yaml") && !g_str_has_suffix(name, ".yml"))
            continue;
        char *path = g_build_filename(dir, name, NULL);
        if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add(paths, path);
        else
            g_free(path);
    }
    g_dir_close(d);
    qsort(paths->pdata, paths->len, sizeof(char *), cmp_str);
    return paths;
}

char *ng_default_dir(const char *name)
{
    const char *home = g_getenv("NEGRAPH_HOME");
    if (home && *home)
        return g_build_filename(home, name, NULL);
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    if (exe) {
        char *dir = g_path_get_dirname(exe);
        char *path = g_build_filename(dir, name, NULL);
        g_free(dir);
        g_free(exe);
        if (g_file_test(path, G_FILE_TEST_IS_DIR))
            return path;
        g_free(path);
    }
    return g_strdup(name);
}
