/*
 * fuzz_fingerprint_memo.c - the memo of configuration file hashes,
 * DIR/fingerprints (fingerprint.c), as a build reads it.
 *
 * Two fixed files, made once and aged past the second under which a file
 * is not remembered, are what is fingerprinted. Each input becomes the
 * memo file, with "@A" and "@B" replaced by the true looks of the two
 * files and "@a" and "@b" by their paths, so that the fuzzer can make
 * lines that match (a random image never would).
 * Invariants:
 *  - loading and fingerprinting never fail;
 *  - with no line giving a file's true looks, the fingerprint is the one
 *    taken without a memo;
 *  - a memo written back holds only lines of the form HASH, looks, path
 *    (hex of 64 digits, tabs) for the two files, and fingerprinting
 *    with it again gives the same fingerprint as the fuzzed memo did.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "fingerprint.h"
#include "fuzz.h"
#include "ng.h"

typedef struct {
    char *dir, *a, *b, *memo;
    char *looks_a, *looks_b;
    char *plain;
} Fixture;

static char *looks_of(const char *path)
{
    GStatBuf st;
    FZ_CHECK(g_stat(path, &st) == 0, "cannot stat %s", path);
    return ng_file_looks(&st);
}

static const Fixture *fixture(void)
{
    static Fixture fx;
    if (fx.dir)
        return &fx;
    fx.a = fz_path("-conf/a.yaml");
    fx.dir = g_path_get_dirname(fx.a);
    fx.b = g_build_filename(fx.dir, "b.yaml", NULL);
    fx.memo = fz_path("-fingerprints");
    g_mkdir_with_parents(fx.dir, 0755);
    fz_write(fx.a, "entities: []\n", 13);
    fz_write(fx.b, "rules: []\n", 10);
    g_usleep(1100 * 1000);   /* old enough to be remembered */
    fx.looks_a = looks_of(fx.a);
    fx.looks_b = looks_of(fx.b);
    char *paths[] = { fx.dir, NULL };
    fx.plain = ng_fingerprint(paths, "x", NULL, NULL);
    FZ_CHECK(fx.plain, "no fingerprint");
    return &fx;
}

/* The input with the placeholders filled in. */
static char *expand(const Fixture *fx, const uint8_t *data, size_t size)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < size; i++) {
        if (data[i] == '@' && i + 1 < size && data[i + 1] &&
            strchr("ABab", data[i + 1])) {
            const char *with[] = { fx->looks_a, fx->looks_b, fx->a, fx->b };
            g_string_append(s, with[strchr("ABab", data[++i]) - "ABab"]);
        } else {
            g_string_append_c(s, (char)data[i]);
        }
    }
    return g_string_free(s, FALSE);
}

static void check_saved(const Fixture *fx)
{
    char *text = NULL;
    FZ_CHECK(g_file_get_contents(fx->memo, &text, NULL, NULL), "memo gone");
    char **lines = g_strsplit(text, "\n", -1);
    guint n = g_strv_length(lines);
    FZ_CHECK(n >= 1 && !*lines[n - 1], "memo does not end a line");
    for (guint i = 0; i + 1 < n; i++) {
        char **f = g_strsplit(lines[i], "\t", -1);
        FZ_CHECK(g_strv_length(f) == 3 && strlen(f[0]) == 64 &&
                 strspn(f[0], "0123456789abcdef") == 64,
                 "saved line %u: %s", i, lines[i]);
        FZ_CHECK((!strcmp(f[2], fx->a) && !strcmp(f[1], fx->looks_a)) ||
                 (!strcmp(f[2], fx->b) && !strcmp(f[1], fx->looks_b)),
                 "saved line %u names another file or looks: %s", i,
                 lines[i]);
        g_strfreev(f);
    }
    g_strfreev(lines);
    g_free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Fixture *fx = fixture();
    char *memo_text = expand(fx, data, size);
    fz_write(fx->memo, memo_text, strlen(memo_text));
    char *paths[] = { fx->dir, NULL };

    NgFingerprintMemo *m = ng_fingerprint_memo_load(fx->memo);
    GError *err = NULL;
    char *f = ng_fingerprint(paths, "x", m, &err);
    FZ_CHECK(f, "fingerprint failed: %s", err ? err->message : "?");
    if (!strstr(memo_text, fx->looks_a) && !strstr(memo_text, fx->looks_b))
        FZ_CHECK(!strcmp(f, fx->plain), "a memo without true looks changed "
                 "the fingerprint");
    FZ_CHECK(ng_fingerprint_memo_save(m, &err), "save: %s", err->message);
    ng_fingerprint_memo_free(m);
    char *saved = NULL;
    if (g_file_get_contents(fx->memo, &saved, NULL, NULL) &&
        strcmp(saved, memo_text))   /* rewritten, not left as it was */
        check_saved(fx);
    g_free(saved);

    m = ng_fingerprint_memo_load(fx->memo);
    char *again = ng_fingerprint(paths, "x", m, NULL);
    FZ_CHECK(again && !strcmp(again, f), "the saved memo gives another "
             "fingerprint");
    ng_fingerprint_memo_free(m);
    g_free(again);
    g_free(f);
    g_free(memo_text);
    g_unlink(fx->memo);
    return 0;
}
