/*
 * hostile.h - helpers of the test_hostile*.c end-to-end tests (bad input,
 * clear errors, nothing lost). Header-only: static inline functions, so a
 * test file pays only for what it uses.
 */
#ifndef NG_HOSTILE_H
#define NG_HOSTILE_H

#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testlib.h"

/* The small gazetteer of the end-to-end tests. */
static inline char *gazetteers(void)
{
    return tl_src_path("tests/fixtures/e2e/gazetteers");
}

/* An empty rule folder: builds and checks do not change with rules/. */
static inline const char *no_rules(void)
{
    static char *dir;   /* kept for the process */
    if (!dir)
        dir = tl_src_path("tests/fixtures/hostile/no-rules");
    return dir;
}

/* Run negraph with NULL-terminated arguments in an array. */
static inline TlRun run_args(GPtrArray *args)
{
    g_ptr_array_add(args, NULL);
    TlRun r = tl_run_argv((char **)args->pdata, NULL);
    g_ptr_array_free(args, TRUE);
    return r;
}

static inline GPtrArray *args_new(const char *first, ...)
{
    GPtrArray *a = g_ptr_array_new();
    g_ptr_array_add(a, (char *)tl_negraph());
    va_list ap;
    va_start(ap, first);
    for (const char *s = first; s; s = va_arg(ap, const char *))
        g_ptr_array_add(a, (char *)s);
    va_end(ap);
    return a;
}

/* negraph build --gazetteers GZ --rules (none) -o OUT INPUT...
 * (NULL-terminated). */
static inline TlRun build_with(const char *gz, const char *out,
                               const char *first, ...)
{
    GPtrArray *a = args_new("build", "--gazetteers", gz, "--rules",
                            no_rules(), "-o", out, NULL);
    va_list ap;
    va_start(ap, first);
    for (const char *s = first; s; s = va_arg(ap, const char *))
        g_ptr_array_add(a, (char *)s);
    va_end(ap);
    return run_args(a);
}

/* Does `text` hold `line` as a whole line? */
static inline gboolean has_line(const char *text, const char *line)
{
    gsize n = strlen(line);
    for (const char *p = strstr(text, line); p; p = strstr(p + 1, line))
        if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
            return TRUE;
    return FALSE;
}

/* Fail unless `text` (stderr, usually) holds the printf-formatted line. */
#define assert_line(text, ...)                                              \
    do {                                                                    \
        char *want_ = g_strdup_printf(__VA_ARGS__);                         \
        if (!has_line((text), want_))                                       \
            g_error("%s:%d: no line\n  %s\nin\n%s", __FILE__, __LINE__,    \
                    want_, (text));                                         \
        g_free(want_);                                                      \
    } while (0)

#define PREVIOUS "<!-- the previous graph -->\n"

/* Put a previous graph at dir/name; return its path. */
static inline char *previous_graph(const char *dir, const char *name)
{
    return tl_write(dir, name, PREVIOUS, -1);
}

/* The previous graph is still there, byte for byte, and no temporary file
 * was left beside it. */
static inline void assert_previous_intact(const char *path)
{
    char *kept = tl_read(path, NULL);
    g_assert_cmpstr(kept, ==, PREVIOUS);
    g_free(kept);
    char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
    char *tmp = g_strdup_printf("%s.tmp-", base);
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d)))
        if (g_str_has_prefix(name, tmp))
            g_error("temporary file %s left in %s", name, dir);
    if (d)
        g_dir_close(d);
    g_free(tmp);
    g_free(base);
    g_free(dir);
}

/* Seconds allowed for something that takes `seconds` here: scaled by
 * $NEGRAPH_TEST_SLOWDOWN (make memcheck runs negraph under valgrind). */
static inline double time_limit(double seconds)
{
    const char *s = g_getenv("NEGRAPH_TEST_SLOWDOWN");
    double k = s ? g_ascii_strtod(s, NULL) : 1.0;
    return seconds * (k > 1.0 ? k : 1.0);
}

/*
 * Arguments that run negraph without the powers that make file
 * permissions moot: tests often run as root, which reads a chmod 000 file
 * anyway. As root, setpriv drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH
 * from the bounding set, so that negraph (still root, owning the test's
 * files) is refused like anyone else. Returns NULL, with the test
 * skipped, when `unreadable` (a chmod 000 file) can still be read that way.
 */
static inline GPtrArray *unprivileged_args(const char *unreadable)
{
    static char *setpriv;   /* found once, kept for the process */
    GPtrArray *a = g_ptr_array_new();
    if (geteuid() == 0) {
        if (!setpriv)
            setpriv = g_find_program_in_path("setpriv");
        if (setpriv) {
            g_ptr_array_add(a, setpriv);
            g_ptr_array_add(a, "--bounding-set=-dac_override,-dac_read_search");
        }
    }
    guint n_prefix = a->len;
    char *test = g_strdup_printf("test -r '%s'", unreadable);
    g_ptr_array_add(a, "/bin/sh");
    g_ptr_array_add(a, "-c");
    g_ptr_array_add(a, test);
    g_ptr_array_add(a, NULL);
    TlRun r = tl_run_argv((char **)a->pdata, NULL);
    g_free(test);
    gboolean readable = r.exit_code == 0;
    tl_run_clear(&r);
    g_ptr_array_set_size(a, n_prefix);
    if (readable) {
        g_test_skip("a chmod 000 file is readable here (root, and setpriv "
                    "cannot drop CAP_DAC_OVERRIDE): permissions cannot be "
                    "tested");
        g_ptr_array_free(a, TRUE);
        return NULL;
    }
    g_ptr_array_add(a, (char *)tl_negraph());
    return a;
}

#endif
