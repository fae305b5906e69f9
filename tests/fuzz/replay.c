/*
 * replay.c - main() for a fuzz target built without libFuzzer: a GTest
 * program that runs every file of tests/fuzz/corpus/TARGET/ (TARGET is
 * this program's name) through LLVMFuzzerTestOneInput once, so that the
 * seeds and the inputs that once crashed are checked by `make test` in
 * the normal and the sanitizer builds. A broken invariant aborts, which
 * tests/run-tests counts as a failure.
 */
#include <string.h>

#include "fuzz.h"
#include "testlib.h"

static void replay(gconstpointer data)
{
    gsize len;
    char *bytes = tl_read(data, &len);
    LLVMFuzzerTestOneInput((const uint8_t *)bytes, len);
    g_free(bytes);
}

static int cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    char *target = g_path_get_basename(argv[0]);
    g_test_init(&argc, &argv, NULL);
    char *rel = g_build_filename("tests/fuzz/corpus", target, NULL);
    char *dir = tl_src_path(rel);
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d)))
        g_ptr_array_add(files, g_build_filename(dir, name, NULL));
    if (d)
        g_dir_close(d);
    g_ptr_array_sort(files, cmp_str);
    for (guint i = 0; i < files->len; i++) {
        char *base = g_path_get_basename(files->pdata[i]);
        char *test = g_strdup_printf("/%s/%s", target, base);
        g_test_add_data_func(test, files->pdata[i], replay);
        g_free(test);
        g_free(base);
    }
    if (!files->len)
        g_printerr("%s: no corpus in %s\n", target, dir);
    int rc = files->len ? g_test_run() : 1;
    g_ptr_array_free(files, TRUE);
    g_free(rel);
    g_free(dir);
    g_free(target);
    return rc;
}
