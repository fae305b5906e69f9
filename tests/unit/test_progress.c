/*
 * test_progress.c - the progress line's count of documents and its text
 * (progress.h).
 */
#include <string.h>

#include "progress.h"
#include "testlib.h"

static void test_count(void)
{
    char *dir = tl_tmpdir();
    tl_put(dir, "in/a.txt", "one article", -1);
    tl_put(dir, "in/b.jsonl", "{}\n{}\n{}", -1);          /* no final break */
    tl_put(dir, "in/sub/c.jsonl", "{}\n{}\n", -1);
    tl_put(dir, "in/.hidden.txt", "not read", -1);
    tl_put(dir, "in/notes.md", "not read inside a folder", -1);
    char *in = g_build_filename(dir, "in", NULL);
    char *md = g_build_filename(dir, "in/notes.md", NULL);
    char *missing = g_build_filename(dir, "nothing", NULL);
    char *inputs[] = { in, md, missing };
    g_assert_cmpuint(ng_progress_count(inputs, 3), ==, 1 + 3 + 2 + 1);
    char *with_stdin[] = { in, "-" };
    g_assert_cmpuint(ng_progress_count(with_stdin, 2), ==, 0);   /* unknown */
    g_free(in);
    g_free(md);
    g_free(missing);
    g_free(dir);
}

static void test_line(void)
{
    NgProgress *p = ng_progress_new(4);
    g_usleep(2000);   /* some time must pass for a rate */
    const char *line = ng_progress_add(p, 1000000, TRUE);
    g_assert_true(g_str_has_prefix(line, "1/4 documents (25.0%), 1.0 MB"));
    g_assert_nonnull(strstr(line, "ETA "));
    /* Not due again so soon, unless forced. */
    g_assert_null(ng_progress_add(p, 0, FALSE));
    ng_progress_add(p, 0, TRUE);
    line = ng_progress_add(p, 0, TRUE);
    g_assert_true(g_str_has_prefix(line, "4/4 documents (100.0%)"));
    g_assert_null(strstr(line, "ETA"));
    ng_progress_free(p);

    p = ng_progress_new(0);   /* total unknown: no percentage, no ETA */
    line = ng_progress_add(p, 10, TRUE);
    g_assert_true(g_str_has_prefix(line, "1 documents, 0.0 MB"));
    g_assert_null(strstr(line, "%"));
    g_assert_null(strstr(line, "ETA"));
    ng_progress_free(p);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/progress/count", test_count);
    g_test_add_func("/progress/line", test_line);
    return g_test_run();
}
