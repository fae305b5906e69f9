/*
 * paths.c - default data folders. Beside the binary comes first so that
 * `./negraph` in a checkout and an installed copy both find their data
 * wherever they are run from.
 */
#include "paths.h"

#include <glib.h>

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
