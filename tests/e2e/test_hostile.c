/*
 * test_hostile.c - bad input, clear errors, nothing lost (issue 8): one
 * test per case of the list, named after it, each checking the
 * exact messages and exit code of the negraph binary, and that after a
 * failure the previous graph is intact with no temporary file beside it.
 *
 * Inputs, configuration and output here; `query` on foreign files in
 * test_hostile_query.c; resource bounds in test_hostile_bounds.c.
 */
#include <errno.h>
#include <json-glib/json-glib.h>

#include "hostile.h"

static char *gz;   /* tests/fixtures/e2e/gazetteers */

/* Both sentences name Russia and Japan, so every document read gives a
 * co-occurrence edge whose evidence names it: "[ID] sentence". */
#define GOOD "Russia and Japan met.\n"

/* The evidence kept for the Russia-Japan edge of the graph at `path`. */
static char *evidence(const char *path)
{
    char *xml = tl_read(path, NULL);
    const char *p = strstr(xml, "<data key=\"e_evidence\">");
    char *ev = p ? g_strndup(p + 23, strcspn(p + 23, "<")) : g_strdup("");
    g_free(xml);
    return ev;
}

/* ---------------------------------------------------------------- inputs */

static void test_invalid_utf8(void)
{
    char *dir = tl_tmpdir();
    char *latin1 = tl_write(dir, "latin1.txt",
                            "Fran\xe7ois said Russia and Japan met.\n", -1);
    char *bom = tl_write(dir, "bom.txt", "\xEF\xBB\xBF" "Caf\xe9: Russia.\n", -1);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    TlRun r = build_with(gz, out, latin1, bom, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);   /* repaired, not skipped */
    assert_line(r.err, "negraph: warning: %s: invalid UTF-8 at byte 4; "
                "replaced with U+FFFD", latin1);
    /* The offset counts the BOM: it is the file's. */
    assert_line(r.err, "negraph: warning: %s: invalid UTF-8 at byte 6; "
                "replaced with U+FFFD", bom);
    g_assert_nonnull(strstr(r.err, "2 documents read, 0 skipped"));
    char *ev = evidence(out);
    char *want = g_strdup_printf("[%s] Fran\xEF\xBF\xBDois said Russia and "
                                 "Japan met.", latin1);
    g_assert_cmpstr(ev, ==, want);
    g_free(want);
    g_free(ev);
    tl_run_clear(&r);
    g_free(out);
    g_free(bom);
    g_free(latin1);
    g_free(dir);
}

/* UTF-16 text as bytes: a byte-order mark, then each code unit. */
static char *utf16(const char *utf8, gboolean big_endian, gsize *len)
{
    glong n;
    gunichar2 *u = g_utf8_to_utf16(utf8, -1, NULL, &n, NULL);
    char *b = g_malloc(2 * (gsize)n + 2);
    b[0] = big_endian ? '\xFE' : '\xFF';
    b[1] = big_endian ? '\xFF' : '\xFE';
    for (glong i = 0; i < n; i++) {
        b[2 + 2 * i + !big_endian] = (char)(u[i] >> 8);
        b[2 + 2 * i + big_endian] = (char)(u[i] & 0xFF);
    }
    *len = 2 * (gsize)n + 2;
    g_free(u);
    return b;
}

static void test_utf16_with_bom(void)
{
    char *dir = tl_tmpdir();
    gsize n;
    char *b = utf16("T\xC5\x8Dky\xC5\x8D: Russia and Japan met.\n", FALSE, &n);
    char *le = tl_write(dir, "le.txt", b, (gssize)n);
    g_free(b);
    b = utf16("Russia and the U.S. met.\n", TRUE, &n);
    char *be = tl_write(dir, "be.txt", b, (gssize)n);
    g_free(b);
    /* A lone surrogate (D800) is not UTF-16 text. */
    char *bad = tl_write(dir, "bad16.txt", "\xFF\xFE\x00\xD8", 4);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    TlRun r = build_with(gz, out, le, be, bad, NULL);
    g_assert_cmpint(r.exit_code, ==, 1);
    assert_line(r.err, "negraph: warning: %s: skipped: undecodable UTF-16", bad);
    g_assert_nonnull(strstr(r.err, "2 documents read, 1 skipped"));
    char *xml = tl_read(out, NULL);
    char *want = g_strdup_printf("[%s] T\xC5\x8Dky\xC5\x8D: Russia and Japan "
                                 "met.", le);
    g_assert_nonnull(strstr(xml, want));
    g_free(want);
    want = g_strdup_printf("[%s] Russia and the U.S. met.", be);
    g_assert_nonnull(strstr(xml, want));
    g_free(want);
    g_free(xml);
    tl_run_clear(&r);
    g_free(out);
    g_free(bad);
    g_free(be);
    g_free(le);
    g_free(dir);
}

static void test_nul_bytes(void)
{
    char *dir = tl_tmpdir();
    char *nul = tl_write(dir, "nul.txt", "Russia and\0 Japan met.\n", 23);
    char *jl = tl_write(dir, "nul.jsonl",
                        "{\"id\": \"a\", \"text\": \"Russia\0 and Japan.\"}\n"
                        "{\"id\": \"b\", \"text\": \"Russia and Japan.\"}\n", 82);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    TlRun r = build_with(gz, out, nul, jl, NULL);
    g_assert_cmpint(r.exit_code, ==, 1);
    assert_line(r.err, "negraph: warning: %s: skipped: binary data (NUL bytes)",
                nul);
    assert_line(r.err, "negraph: warning: %s:1: skipped: binary data (NUL "
                "bytes)", jl);
    g_assert_nonnull(strstr(r.err, "1 documents read, 2 skipped"));
    char *ev = evidence(out);
    g_assert_cmpstr(ev, ==, "[b] Russia and Japan.");
    g_free(ev);
    tl_run_clear(&r);
    g_free(out);
    g_free(jl);
    g_free(nul);
    g_free(dir);
}

static void test_binary_files(void)
{
    char *dir = tl_tmpdir();
    /* An executable (NUL bytes), named .txt, and a Latin-1-looking file of
     * high bytes without NUL: repair would leave mostly U+FFFD. */
    char *elf = tl_write(dir, "in/program.txt",
                         "\x7F" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16);
    char high[512];
    for (int i = 0; i < 512; i++)
        high[i] = (char)(0x80 + i % 64);
    char *junk = tl_write(dir, "in/junk.txt", high, sizeof high);
    tl_put(dir, "in/image.png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    tl_put(dir, "in/good.txt", GOOD, -1);
    char *in = g_build_filename(dir, "in", NULL);
    /* A binary named on the command line is read whatever its name. */
    char *png = g_build_filename(in, "image.png", NULL);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    TlRun r = build_with(gz, out, in, png, NULL);
    g_assert_cmpint(r.exit_code, ==, 1);
    assert_line(r.err, "negraph: warning: %s: skipped: binary data (NUL bytes)",
                elf);
    assert_line(r.err, "negraph: warning: %s: skipped: binary data (not UTF-8 "
                "text)", junk);
    assert_line(r.err, "negraph: warning: %s: skipped: binary data (NUL bytes)",
                png);
    /* Inside a folder, only .txt and .jsonl files are read: the image
     * is not warned about there. */
    g_assert_nonnull(strstr(r.err, "1 documents read, 3 skipped"));
    tl_run_clear(&r);
    g_free(out);
    g_free(png);
    g_free(in);
    g_free(junk);
    g_free(elf);
    g_free(dir);
}

static void test_empty_files(void)
{
    char *dir = tl_tmpdir();
    char *empty = tl_write(dir, "empty.txt", "", 0);
    char *blank = tl_write(dir, "blank.txt", " \n\t\r\n  \n", -1);
    char *bom = tl_write(dir, "bom-only.txt", "\xEF\xBB\xBF\n", -1);
    char *jl = tl_write(dir, "empty.jsonl", "\n\n  \n", -1);
    char *out = previous_graph(dir, "g.graphml");
    TlRun r = build_with(gz, out, empty, blank, bom, jl, NULL);
    g_assert_cmpint(r.exit_code, ==, 1);
    assert_line(r.err, "negraph: warning: %s: skipped: empty file", empty);
    assert_line(r.err, "negraph: warning: %s: skipped: empty file", blank);
    assert_line(r.err, "negraph: warning: %s: skipped: empty file", bom);
    /* Blank lines of JSON Lines are not records: nothing to warn about,
     * but nothing was read, so the previous graph stays. */
    g_assert_null(strstr(r.err, "empty.jsonl"));
    assert_line(r.err, "negraph: build: no documents read; %s not written", out);
    assert_previous_intact(out);
    tl_run_clear(&r);
    g_free(out);
    g_free(jl);
    g_free(bom);
    g_free(blank);
    g_free(empty);
    g_free(dir);
}

static void test_unreadable_files(void)
{
    char *dir = tl_tmpdir();
    char *secret = tl_write(dir, "in/secret.txt", GOOD, -1);
    char *jl = tl_write(dir, "in/secret.jsonl", "{\"text\": \"Japan.\"}\n", -1);
    tl_put(dir, "in/good.txt", "The U.S. and Japan met.\n", -1);
    tl_put(dir, "locked/hidden.txt", GOOD, -1);
    char *locked = g_build_filename(dir, "locked", NULL);
    g_chmod(secret, 0);
    g_chmod(jl, 0);
    g_chmod(locked, 0);
    GPtrArray *a = unprivileged_args(secret);
    if (a) {
        char *in = g_build_filename(dir, "in", NULL);
        char *out = g_build_filename(dir, "g.graphml", NULL);
        const char *rest[] = { "build", "--gazetteers", gz, "--rules",
                               no_rules(), "-o", out, in,
                               locked };
        for (guint i = 0; i < G_N_ELEMENTS(rest); i++)
            g_ptr_array_add(a, (char *)rest[i]);
        TlRun r = run_args(a);
        g_assert_cmpint(r.exit_code, ==, 1);
        assert_line(r.err, "negraph: warning: %s: skipped: Failed to open file "
                    "\xE2\x80\x9C%s\xE2\x80\x9D: Permission denied", secret, secret);
        assert_line(r.err, "negraph: warning: %s: skipped: Permission denied", jl);
        assert_line(r.err, "negraph: warning: %s: skipped: Error opening "
                    "directory \xE2\x80\x9C%s\xE2\x80\x9D: Permission denied",
                    locked, locked);
        g_assert_nonnull(strstr(r.err, "1 documents read, 3 skipped"));
        tl_run_clear(&r);
        g_free(out);
        g_free(in);
    }
    g_free(locked);
    g_free(jl);
    g_free(secret);
    g_free(dir);
}

static void test_dangling_symlinks(void)
{
    char *dir = tl_tmpdir();
    tl_put(dir, "in/good.txt", GOOD, -1);
    char *link = g_build_filename(dir, "in", "gone.txt", NULL);
    char *named = g_build_filename(dir, "named.txt", NULL);
    g_assert_cmpint(symlink("no-such-article.txt", link), ==, 0);
    g_assert_cmpint(symlink("/nonexistent/article.txt", named), ==, 0);
    char *in = g_build_filename(dir, "in", NULL);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    TlRun r = build_with(gz, out, in, named, NULL);
    g_assert_cmpint(r.exit_code, ==, 1);
    assert_line(r.err, "negraph: warning: %s: skipped: dangling symbolic link",
                link);
    assert_line(r.err, "negraph: warning: %s: skipped: dangling symbolic link",
                named);
    g_assert_nonnull(strstr(r.err, "1 documents read, 2 skipped"));
    tl_run_clear(&r);
    g_free(out);
    g_free(in);
    g_free(named);
    g_free(link);
    g_free(dir);
}

static void test_symlink_loops(void)
{
    char *dir = tl_tmpdir();
    tl_put(dir, "in/a.txt", GOOD, -1);
    tl_put(dir, "in/sub/b.txt", "The U.S. and Japan met.\n", -1);
    char *up = g_build_filename(dir, "in", "sub", "up", NULL);
    char *self = g_build_filename(dir, "in", "sub", "self", NULL);
    char *l1 = g_build_filename(dir, "in", "l1.txt", NULL);
    char *l2 = g_build_filename(dir, "in", "l2.txt", NULL);
    g_assert_cmpint(symlink("..", up), ==, 0);       /* in/sub/up -> in */
    g_assert_cmpint(symlink("../sub", self), ==, 0); /* in/sub/self -> in/sub */
    g_assert_cmpint(symlink("l2.txt", l1), ==, 0);   /* l1 -> l2 -> l1 */
    g_assert_cmpint(symlink("l1.txt", l2), ==, 0);
    char *in = g_build_filename(dir, "in", NULL);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    TlRun r = build_with(gz, out, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 1);
    assert_line(r.err, "negraph: warning: %s: folder already read (symlink "
                "loop?); not read again", up);
    assert_line(r.err, "negraph: warning: %s: folder already read (symlink "
                "loop?); not read again", self);
    assert_line(r.err, "negraph: warning: %s: skipped: symbolic link loop", l1);
    assert_line(r.err, "negraph: warning: %s: skipped: symbolic link loop", l2);
    /* Each article once. */
    g_assert_nonnull(strstr(r.err, "2 documents read, 2 skipped"));
    tl_run_clear(&r);
    g_free(out);
    g_free(in);
    g_free(l2);
    g_free(l1);
    g_free(self);
    g_free(up);
    g_free(dir);
}

/* Each line of `out` is a JSON object (json-glib parses it). */
static void assert_json_lines(const char *out)
{
    char **lines = g_strsplit(out, "\n", -1);
    JsonParser *p = json_parser_new();
    for (char **l = lines; *l; l++) {
        if (!**l)
            continue;
        GError *err = NULL;
        g_assert_true(g_utf8_validate(*l, -1, NULL));
        json_parser_load_from_data(p, *l, -1, &err);
        g_assert_no_error(err);
    }
    g_object_unref(p);
    g_strfreev(lines);
}

static void test_names_with_spaces_and_non_ascii(void)
{
    char *dir = tl_tmpdir();
    char *zurich = tl_write(dir, "in/\xC3\x9Cn\xC3\xAF" "code dir/news from "
                            "Z\xC3\xBCrich.txt", GOOD, -1);
    /* A Latin-1 file name: not UTF-8. */
    char *latin1 = tl_write(dir, "in/caf\xE9.txt", "The U.S. and Russia met.\n", -1);
    char *gzdir = g_build_filename(dir, "my gazetteers \xC3\xA9t\xC3\xA9", NULL);
    char *src = g_build_filename(gz, "test.yaml", NULL);
    char *yaml = tl_read(src, NULL);
    tl_put(gzdir, "test gazetteer.yaml", yaml, -1);
    char *in = g_build_filename(dir, "in", NULL);
    char *out = g_build_filename(dir, "out dir", "\xD0\x93\xD1\x80\xD0\xB0\xD1\x84 1.graphml", NULL);
    char *outdir = g_path_get_dirname(out);
    g_mkdir(outdir, 0755);
    TlRun r = build_with(gzdir, out, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    g_assert_nonnull(strstr(r.err, "2 documents read, 0 skipped"));
    char *xml = tl_read(out, NULL);
    char *want = g_strdup_printf("[%s] Russia and Japan met.", zurich);
    g_assert_nonnull(strstr(xml, want));
    g_free(want);
    /* The id of the Latin-1 name is repaired in the graph. */
    char *shown = g_utf8_make_valid(latin1, -1);
    want = g_strdup_printf("[%s] The U.S. and Russia met.", shown);
    g_assert_nonnull(strstr(xml, want));
    g_free(want);
    g_free(xml);
    tl_run_clear(&r);
    /* ... and in tag --json, which must stay JSON. */
    GPtrArray *a = args_new("tag", "--json", "--gazetteers", gzdir, in, NULL);
    r = run_args(a);
    g_assert_cmpint(r.exit_code, ==, 0);
    char *doc = g_strdup_printf("\"document\":\"%s\"", shown);
    g_assert_nonnull(strstr(r.out, doc));
    g_free(doc);
    assert_json_lines(r.out);
    tl_run_clear(&r);
    g_free(shown);
    g_free(outdir);
    g_free(out);
    g_free(in);
    g_free(yaml);
    g_free(src);
    g_free(gzdir);
    g_free(latin1);
    g_free(zurich);
    g_free(dir);
}

static void test_jsonl_one_broken_line(void)
{
    char *dir = tl_tmpdir();
    char *jl = tl_write(dir, "wire.jsonl",
        "{\"id\": \"d1\", \"text\": \"Russia and Japan met.\"}\n"
        "{\"id\": \"d2\", \"text\": \"Japan and\n"
        "{\"id\": \"d3\", \"text\": \"The U.S. and Russia talked.\"}\n"
        "\n"
        "{\"id\": \"d5\", \"title\": \"Talks\", \"text\": \"Japan, Russia.\"}", -1);
    char *out = g_build_filename(dir, "g.graphml", NULL);
    TlRun r = build_with(gz, out, jl, NULL);
    g_assert_cmpint(r.exit_code, ==, 1);
    assert_line(r.err, "negraph: warning: %s:2: skipped: bad JSON at byte 22: "
                "unterminated string", jl);
    g_assert_nonnull(strstr(r.err, "3 documents read, 1 skipped"));
    /* The good lines are all kept, the last one without a newline too. */
    char *xml = tl_read(out, NULL);
    g_assert_nonnull(strstr(xml, "[d1] Russia and Japan met."));
    g_assert_nonnull(strstr(xml, "[d3] The U.S. and Russia talked."));
    g_assert_nonnull(strstr(xml, "[d5] Japan, Russia."));
    g_assert_null(strstr(xml, "[d2]"));
    g_free(xml);
    tl_run_clear(&r);
    /* Two records run together (a lost line break): json-glib would keep
     * the second and drop the first without a word. */
    char *two = tl_write(dir, "two.jsonl",
        "{\"id\": \"d1\", \"text\": \"Russia and Japan met.\"}"
        "{\"id\": \"d2\", \"text\": \"The U.S. and Russia talked.\"}\n"
        "{\"id\": \"d3\", \"text\": \"Japan, Russia {and} \\\"the U.S.}\\\".\"}\n",
        -1);
    r = build_with(gz, out, two, NULL);
    g_assert_cmpint(r.exit_code, ==, 1);
    assert_line(r.err, "negraph: warning: %s:1: skipped: bad JSON at byte 46: "
                "more after the object (two records on one line?)", two);
    g_assert_nonnull(strstr(r.err, "1 documents read, 1 skipped"));
    tl_run_clear(&r);
    g_free(two);
    g_free(out);
    g_free(jl);
    g_free(dir);
}

/* --------------------------------------------------------- configuration */

/* Write gazetteer `yaml` as DIR/gz/g.yaml, then check it and build with
 * it over a previous graph. Returns the check's run; *build_rc gets the
 * build's exit code and the build's stderr must equal the check's for the
 * configuration lines. */
static TlRun check_config(const char *dir, const char *yaml, char **yaml_path,
                          int *build_rc)
{
    *yaml_path = tl_write(dir, "gz/g.yaml", yaml, -1);
    char *gzdir = g_path_get_dirname(*yaml_path);
    TlRun r = run_args(args_new("check", "--gazetteers", gzdir, "--rules",
                                no_rules(), NULL));
    char *in = tl_write(dir, "a.txt", GOOD, -1);
    char *out = previous_graph(dir, "g.graphml");
    TlRun b = build_with(gzdir, out, in, NULL);
    *build_rc = b.exit_code;
    if (b.exit_code == 3)
        assert_previous_intact(out);
    tl_run_clear(&b);
    g_free(out);
    g_free(in);
    g_free(gzdir);
    return r;
}

static void test_yaml_syntax_errors(void)
{
    char *dir = tl_tmpdir();
    char *path;
    int rc;
    TlRun r = check_config(dir, "entities:\n  - name: X\n    type: [person\n",
                           &path, &rc);
    g_assert_cmpint(r.exit_code, ==, 3);
    g_assert_cmpint(rc, ==, 3);
    assert_line(r.err, "%s:4:1: YAML syntax error: did not find expected ',' or "
                "']', while parsing a flow sequence at line 3", path);
    tl_run_clear(&r);
    g_free(path);
    r = check_config(dir, "entities:\n\t- name: X\n", &path, &rc);
    g_assert_cmpint(r.exit_code, ==, 3);
    g_assert_cmpint(rc, ==, 3);
    assert_line(r.err, "negraph: %s:2:1: YAML syntax error: found character "
                "that cannot start any token, while scanning for the next "
                "token at line 2", path);
    tl_run_clear(&r);
    g_free(path);
    r = check_config(dir, "entities:\n  - name: \"unterminated\n", &path, &rc);
    g_assert_cmpint(r.exit_code, ==, 3);
    g_assert_cmpint(rc, ==, 3);
    assert_line(r.err, "negraph: %s:3:1: YAML syntax error: found unexpected "
                "end of stream, while scanning a quoted scalar at line 2", path);
    tl_run_clear(&r);
    g_free(path);
    g_free(dir);
}

static void test_wrong_types(void)
{
    char *dir = tl_tmpdir();
    char *path;
    int rc;
    TlRun r = check_config(dir,
        "entities:\n"
        "  - name: [X, Y]\n"
        "    type: person\n"
        "  - name: Z\n"
        "    type: 3\n"
        "  - name: Japan\n"
        "    type: country\n"
        "    aliases: [Nippon, {text: [a]}, {case: upper, text: Nihon}, "
        "{text: Japon, metonym: maybe}]\n"
        "    attributes: {iso2: [JP], Bad-Name: x, label: y}\n"
        "  - just a string\n", &path, &rc);
    g_assert_cmpint(r.exit_code, ==, 3);
    g_assert_cmpint(rc, ==, 3);
    assert_line(r.err, "negraph: %s:2:11: name must be a string", path);
    assert_line(r.err, "%s:5:11: unknown type '3' (the types are person, "
                "country or organization)", path);
    assert_line(r.err, "%s:8:30: an alias text must be a string", path);
    assert_line(r.err, "%s:8:43: case must be 'sensitive' or 'insensitive', "
                "not 'upper'", path);
    assert_line(r.err, "%s:8:87: 'metonym' must be true or false, not 'maybe'",
                path);
    assert_line(r.err, "%s:9:24: attribute 'iso2' must be a single value, not "
                "a list or mapping", path);
    assert_line(r.err, "%s:9:30: attribute name 'Bad-Name' must match "
                "[a-z_][a-z0-9_]*", path);
    assert_line(r.err, "%s:9:43: attribute name 'label' is reserved for data "
                "negraph computes", path);
    assert_line(r.err, "%s:10:5: an entity must be a mapping with name and type",
                path);
    tl_run_clear(&r);
    g_free(path);
    g_free(dir);
}

static void test_duplicate_ids(void)
{
    char *dir = tl_tmpdir();
    char *path;
    int rc;
    /* The same entity twice: merged, with a warning. */
    TlRun r = check_config(dir,
        "entities:\n"
        "  - name: Japan\n"
        "    type: country\n"
        "  - name: Japan\n"
        "    type: country\n"
        "    aliases: [Nippon]\n", &path, &rc);
    g_assert_cmpint(r.exit_code, ==, 1);
    g_assert_cmpint(rc, ==, 0);
    assert_line(r.err, "negraph: warning: %s:4:5: id 'country.japan' is also "
                "the id of the entry at %s:2:5; the entries are merged", path,
                path);
    g_assert_true(g_str_has_prefix(r.out, "gazetteers: 1 entities, 2 aliases in "));
    tl_run_clear(&r);
    g_free(path);
    /* One id for two types: an error. */
    r = check_config(dir,
        "entities:\n"
        "  - name: Japan\n"
        "    type: country\n"
        "  - name: Other\n"
        "    id: country.japan\n"
        "    type: person\n", &path, &rc);
    g_assert_cmpint(r.exit_code, ==, 3);
    g_assert_cmpint(rc, ==, 3);
    assert_line(r.err, "negraph: %s:4:5: id 'country.japan' of person 'Other' "
                "is the id of country 'Japan' at line 2", path);
    tl_run_clear(&r);
    g_free(path);
    g_free(dir);
}

static void test_unknown_keys(void)
{
    char *dir = tl_tmpdir();
    char *path;
    int rc;
    TlRun r = check_config(dir,
        "entites: []\n"
        "entities:\n"
        "  - name: Japan\n"
        "    type: country\n"
        "    colour: red\n"
        "    aliases: [{text: Nippon, kase: x}]\n", &path, &rc);
    g_assert_cmpint(r.exit_code, ==, 1);
    g_assert_cmpint(rc, ==, 0);   /* a warning does not stop a build */
    assert_line(r.err, "negraph: warning: %s:1:1: unknown key 'entites' in the "
                "top level (known: source, defaults, entities); ignored", path);
    assert_line(r.err, "negraph: warning: %s:5:5: unknown key 'colour' in an "
                "entity (known: name, type, id, attributes, aliases); ignored",
                path);
    assert_line(r.err, "negraph: warning: %s:6:30: unknown key 'kase' in an "
                "alias (known: text, case, metonym, ambiguous); ignored", path);
    tl_run_clear(&r);
    g_free(path);
    g_free(dir);
}

static void test_empty_gazetteers(void)
{
    char *dir = tl_tmpdir();
    char *path;
    int rc;
    TlRun r = check_config(dir, "", &path, &rc);
    g_assert_cmpint(r.exit_code, ==, 3);
    g_assert_cmpint(rc, ==, 3);
    assert_line(r.err, "negraph: %s:1:1: empty file (expected a mapping with "
                "'entities')", path);
    tl_run_clear(&r);
    g_free(path);
    r = check_config(dir, "# nothing yet\nentities: []\n", &path, &rc);
    g_assert_cmpint(r.exit_code, ==, 1);
    g_assert_cmpint(rc, ==, 0);   /* a graph without entities */
    assert_line(r.err, "negraph: warning: %s:2:11: no entities", path);
    tl_run_clear(&r);
    g_free(path);
    /* An empty name pattern folder beside a gazetteer. */
    char *with_patterns = g_build_filename(dir, "with-patterns", NULL);
    char *src = g_build_filename(gz, "test.yaml", NULL);
    char *yaml = tl_read(src, NULL);
    tl_put(with_patterns, "test.yaml", yaml, -1);
    char *patterns = g_build_filename(with_patterns, "patterns", NULL);
    g_mkdir(patterns, 0755);
    char *in = tl_write(dir, "b.txt", GOOD, -1);
    char *out = g_build_filename(dir, "p.graphml", NULL);
    r = build_with(with_patterns, out, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    tl_run_clear(&r);
    g_free(out);
    g_free(in);
    g_free(patterns);
    g_free(yaml);
    g_free(src);
    g_free(with_patterns);
    /* A folder without gazetteer files. */
    char *empty = g_build_filename(dir, "none", NULL);
    g_mkdir(empty, 0755);
    tl_put(empty, "README.txt", "gazetteers go here\n", -1);
    r = run_args(args_new("check", "--gazetteers", empty, "--rules",
                         no_rules(), NULL));
    g_assert_cmpint(r.exit_code, ==, 3);
    assert_line(r.err, "negraph: %s: no gazetteer files (*.yaml, *.yml)", empty);
    tl_run_clear(&r);
    g_free(empty);
    g_free(dir);
}

static void test_rule_unknown_type(void)
{
    char *dir = tl_tmpdir();
    char *rule = tl_write(dir, "rules/visits.yaml",
        "relation: visits\n"
        "directed: true\n"
        "types: [person, planet]\n"
        "rules:\n"
        "  - id: visits-verb\n"
        "    trigger: [visited, visits]\n"
        "    pattern: \"{source} *3 @trigger {target:country|starship}\"\n", -1);
    char *rules = g_path_get_dirname(rule);
    TlRun r = run_args(args_new("check", "--gazetteers", gz, "--rules", rules,
                                NULL));
    g_assert_cmpint(r.exit_code, ==, 3);
    assert_line(r.err, "negraph: %s:3:17: unknown entity type 'planet' (person, "
                "country, organization)", rule);
    assert_line(r.err, "negraph: %s:7:14: '{target:country|starship}': unknown "
                "entity type 'starship' (person, country, organization, or "
                "demonym)", rule);
    tl_run_clear(&r);
    char *in = tl_write(dir, "a.txt", "Lavrov visited Japan.\n", -1);
    char *out = previous_graph(dir, "g.graphml");
    r = run_args(args_new("build", "--gazetteers", gz, "--rules", rules, "-o",
                          out, in, NULL));
    g_assert_cmpint(r.exit_code, ==, 3);
    assert_previous_intact(out);
    tl_run_clear(&r);
    g_free(out);
    g_free(in);
    g_free(rules);
    g_free(rule);
    g_free(dir);
}

/* ---------------------------------------------------------------- output */

static void test_unwritable_output_folder(void)
{
    char *dir = tl_tmpdir();
    char *in = tl_write(dir, "a.txt", GOOD, -1);
    char *missing = g_build_filename(dir, "no-such-folder", "g.graphml", NULL);
    TlRun r = build_with(gz, missing, in, NULL);
    g_assert_cmpint(r.exit_code, ==, 4);
    assert_line(r.err, "negraph: build: %s: cannot create a temporary file "
                "beside it: No such file or directory", missing);
    tl_run_clear(&r);

    char *out = previous_graph(dir, "ro/g.graphml");
    char *ro = g_path_get_dirname(out);
    char *probe = tl_write(dir, "probe.txt", "", 0);
    g_chmod(probe, 0);
    g_chmod(ro, 0555);
    GPtrArray *a = unprivileged_args(probe);
    if (a) {
        const char *rest[] = { "build", "--gazetteers", gz, "--rules",
                               no_rules(), "-o", out, in };
        for (guint i = 0; i < G_N_ELEMENTS(rest); i++)
            g_ptr_array_add(a, (char *)rest[i]);
        r = run_args(a);
        g_assert_cmpint(r.exit_code, ==, 4);
        assert_line(r.err, "negraph: build: %s: cannot create a temporary file "
                    "beside it: Permission denied", out);
        assert_previous_intact(out);
        tl_run_clear(&r);
    }
    g_free(probe);
    g_free(ro);
    g_free(out);
    g_free(missing);
    g_free(in);
    g_free(dir);
}

/* Run a shell script; its run. */
static TlRun sh(const char *script)
{
    char *argv[] = { "/bin/sh", "-c", (char *)script, NULL };
    return tl_run_argv(argv, NULL);
}

static void test_full_disk(void)
{
    char *dir = tl_tmpdir();
    char *in = tl_write(dir, "a.txt", GOOD, -1);
    char *mnt = g_build_filename(dir, "small", NULL);
    g_mkdir(mnt, 0755);
    char *out = g_build_filename(mnt, "g.graphml", NULL);
    /* A 16 KB tmpfs in a mount namespace of our own, holding the previous
     * graph and filled up; or, where mounting is not allowed, a file size
     * limit (with SIGXFSZ ignored, writes then fail like on a full disk). */
    char *script = g_strdup_printf(
        "set -e; mount -t tmpfs -o size=16k tmpfs '%s'; "
        "printf '%%s' '" PREVIOUS "' > '%s'; "
        "cat /dev/zero > '%s/filler' 2>/dev/null || true; "
        "set +e; '%s' build -q --gazetteers '%s' --rules '%s' -o '%s' '%s'; "
        "echo \"rc=$?\"; cmp -s '%s' - <<EOF && echo intact\n" PREVIOUS "EOF\n"
        "ls '%s'",
        mnt, out, mnt, tl_negraph(), gz, no_rules(), out, in, out, mnt);
    char *unshare = g_find_program_in_path("unshare");
    TlRun r = { 0 };
    gboolean mounted = FALSE;
    if (unshare) {
        char *argv[] = { unshare, "-m", "/bin/sh", "-c", script, NULL };
        r = tl_run_argv(argv, NULL);
        mounted = strstr(r.out, "rc=") != NULL;
    }
    if (mounted) {
        g_assert_nonnull(strstr(r.out, "rc=4\n"));
        assert_line(r.err, "negraph: build: %s: cannot write: %s", out,
                    g_strerror(ENOSPC));
        g_assert_nonnull(strstr(r.out, "intact\n"));
        g_assert_cmpstr(strstr(r.out, "intact\n") + 7, ==, "filler\ng.graphml\n");
    } else {
        g_test_message("tmpfs not mountable here: using ulimit -f");
        tl_run_clear(&r);
        char *prev = previous_graph(dir, "g.graphml");
        char *limited = g_strdup_printf(
            "trap '' XFSZ; ulimit -f 1; exec '%s' build -q --gazetteers '%s' "
            "--rules '%s' -o '%s' '%s'", tl_negraph(), gz, no_rules(), prev, in);
        /* The graph must be over one 512-byte block. */
        r = sh(limited);
        g_assert_cmpint(r.exit_code, ==, 4);
        assert_line(r.err, "negraph: build: %s: cannot write: %s", prev,
                    g_strerror(EFBIG));
        assert_previous_intact(prev);
        g_free(limited);
        g_free(prev);
    }
    tl_run_clear(&r);
    /* Standard output on a full device. */
    char *full = g_strdup_printf("exec '%s' build -q --gazetteers '%s' --rules "
                                 "'%s' -o - '%s' >/dev/full", tl_negraph(), gz,
                                 no_rules(), in);
    r = sh(full);
    g_assert_cmpint(r.exit_code, ==, 4);
    assert_line(r.err, "negraph: build: standard output: cannot write: %s",
                g_strerror(ENOSPC));
    tl_run_clear(&r);
    g_free(full);
    g_free(unshare);
    g_free(script);
    g_free(out);
    g_free(mnt);
    g_free(in);
    g_free(dir);
}

typedef struct {
    const char *graph;
    const char *want_a, *want_b;   /* the two possible answers */
    volatile gint stop;
    guint queries, torn;
    GString *problems;
} Reader;

static gpointer query_loop(gpointer data)
{
    Reader *q = data;
    while (!g_atomic_int_get(&q->stop)) {
        TlRun r = tl_run_negraph(NULL, "query", q->graph, "stats", NULL);
        q->queries++;
        if (r.exit_code != 0 || (strcmp(r.out, q->want_a) &&
                                 strcmp(r.out, q->want_b))) {
            q->torn++;
            g_string_append_printf(q->problems, "exit %d\n%s%s\n", r.exit_code,
                                   r.out, r.err);
        }
        tl_run_clear(&r);
    }
    return NULL;
}

/* The stats of the graph built from `in`, written to `out`. */
static char *built_stats(const char *in, const char *out)
{
    TlRun b = build_with(gz, out, in, NULL);
    g_assert_cmpint(b.exit_code, ==, 0);
    tl_run_clear(&b);
    TlRun r = tl_run_negraph(NULL, "query", out, "stats", NULL);
    g_assert_cmpint(r.exit_code, ==, 0);
    char *s = g_strdup(r.out);
    tl_run_clear(&r);
    return s;
}

static void test_graph_replaced_while_queried(void)
{
    char *dir = tl_tmpdir();
    char *small = tl_write(dir, "small.txt", GOOD, -1);
    /* A bigger graph takes longer to write and to read. */
    GString *text = g_string_new(NULL);
    for (int i = 0; i < 400; i++)
        g_string_append_printf(text, "Para %d: Russia, Japan, the U.S., Sergey "
                               "Lavrov and Antony Blinken met AT&T.\n\n", i);
    char *big = tl_write(dir, "big.txt", text->str, -1);
    g_string_free(text, TRUE);
    char *graph = g_build_filename(dir, "g.graphml", NULL);
    char *want_b = built_stats(big, graph);
    char *want_a = built_stats(small, graph);
    g_assert_cmpstr(want_a, !=, want_b);

    Reader q = { .graph = graph, .want_a = want_a, .want_b = want_b,
                 .problems = g_string_new(NULL) };
    GThread *t = g_thread_new("query", query_loop, &q);
    /* Rebuild over the graph while it is being read, a fixed number of
     * times (bounded time), alternating the two inputs. */
    for (int i = 0; i < 12; i++) {
        TlRun b = build_with(gz, graph, i % 2 ? small : big, NULL);
        g_assert_cmpint(b.exit_code, ==, 0);
        tl_run_clear(&b);
    }
    g_atomic_int_set(&q.stop, 1);
    g_thread_join(t);
    g_test_message("%u queries during 12 rebuilds", q.queries);
    if (q.torn)
        g_error("%u of %u queries saw neither graph:\n%s", q.torn, q.queries,
                q.problems->str);
    g_assert_cmpuint(q.queries, >=, 1);
    g_string_free(q.problems, TRUE);
    g_free(want_a);
    g_free(want_b);
    g_free(graph);
    g_free(big);
    g_free(small);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    gz = gazetteers();
    g_test_add_func("/hostile/inputs/invalid-utf8", test_invalid_utf8);
    g_test_add_func("/hostile/inputs/utf16-with-bom", test_utf16_with_bom);
    g_test_add_func("/hostile/inputs/nul-bytes", test_nul_bytes);
    g_test_add_func("/hostile/inputs/binary-files", test_binary_files);
    g_test_add_func("/hostile/inputs/empty-files", test_empty_files);
    g_test_add_func("/hostile/inputs/unreadable-files", test_unreadable_files);
    g_test_add_func("/hostile/inputs/dangling-symlinks", test_dangling_symlinks);
    g_test_add_func("/hostile/inputs/symlink-loops", test_symlink_loops);
    g_test_add_func("/hostile/inputs/names-with-spaces-and-non-ascii",
                    test_names_with_spaces_and_non_ascii);
    g_test_add_func("/hostile/inputs/jsonl-one-broken-line",
                    test_jsonl_one_broken_line);
    g_test_add_func("/hostile/config/yaml-syntax-errors", test_yaml_syntax_errors);
    g_test_add_func("/hostile/config/wrong-types", test_wrong_types);
    g_test_add_func("/hostile/config/duplicate-ids", test_duplicate_ids);
    g_test_add_func("/hostile/config/unknown-keys", test_unknown_keys);
    g_test_add_func("/hostile/config/empty-gazetteers", test_empty_gazetteers);
    g_test_add_func("/hostile/config/rule-unknown-type", test_rule_unknown_type);
    g_test_add_func("/hostile/output/unwritable-output-folder",
                    test_unwritable_output_folder);
    g_test_add_func("/hostile/output/full-disk", test_full_disk);
    g_test_add_func("/hostile/output/graph-replaced-while-queried",
                    test_graph_replaced_while_queried);
    int rc = g_test_run();
    g_free(gz);
    return rc;
}
