/*
 * yamldir.c - listing a configuration folder (gazetteers, rules, name
 * patterns): one way for all of them to find and order their files.
 */
#include "yamldir.h"

#include <string.h>

#include "ng.h"

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
    /* Hidden files are left out as the configuration's fingerprint leaves
     * them out: a file that counts must change the fingerprint. */
    GPtrArray *names = ng_dir_names(d);
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < names->len; i++) {
        const char *name = names->pdata[i];
        if (!g_str_has_suffix(name, ".yaml") && !g_str_has_suffix(name, ".yml"))
            continue;
        char *path = g_build_filename(dir, name, NULL);
        if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add(paths, path);
        else
            g_free(path);
    }
    g_ptr_array_unref(names);
    return paths;
}
