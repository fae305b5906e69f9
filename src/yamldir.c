/*
 * yamldir.c - listing a configuration folder (gazetteers, rules, name
 * patterns): one way for all of them to find and order their files.
 */
#include "yamldir.h"

#include <string.h>

#include "ng.h"

static int by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *ng_yaml_files(const char *dir, const char *what, GError **error)
{
    GError *io = NULL;
    GDir *d = g_dir_open(dir, 0, &io);
    if (!d) {
        g_set_error(error, NG_ERROR, NG_ERROR_CONFIG,
                    "%s: cannot open the %s folder: %s", dir, what, io->message);
        g_error_free(io);
        return NULL;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(d)))
        if (g_str_has_suffix(name, ".yaml") || g_str_has_suffix(name, ".yml"))
            g_ptr_array_add(names, g_strdup(name));
    g_dir_close(d);
    g_ptr_array_sort(names, by_name);
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < names->len; i++) {
        char *path = g_build_filename(dir, names->pdata[i], NULL);
        if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add(paths, path);
        else
            g_free(path);
    }
    g_ptr_array_unref(names);
    return paths;
}
