/*
 * fuzzlib.c - scratch files and checks shared by the fuzz targets.
 */
#include "fuzz.h"

#include "graph.h"
#include "ng.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

static char *scratch;   /* this process's folder */

/* Remove `path` and what it holds (targets make at most a folder or two
 * of files). */
static void remove_tree(const char *path)
{
    GDir *d = g_dir_open(path, 0, NULL);
    if (d) {
        const char *name;
        while ((name = g_dir_read_name(d))) {
            char *p = g_build_filename(path, name, NULL);
            if (g_unlink(p) != 0)
                remove_tree(p);
            g_free(p);
        }
        g_dir_close(d);
    }
    g_rmdir(path);
}

static void remove_scratch(void)
{
    remove_tree(scratch);
    g_free(scratch);
    scratch = NULL;
}

char *fz_path(const char *suffix)
{
    if (!scratch) {
        const char *base = g_file_test("/dev/shm", G_FILE_TEST_IS_DIR) &&
                           access("/dev/shm", W_OK) == 0
                               ? "/dev/shm" : g_get_tmp_dir();
        char *tmpl = g_build_filename(base, "negraph-fuzz-XXXXXX", NULL);
        scratch = g_mkdtemp(tmpl);
        if (!scratch) {
            perror(tmpl);
            abort();
        }
        atexit(remove_scratch);
    }
    return g_strdup_printf("%s/input%s", scratch, suffix);
}

void fz_write(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f)) {
        perror(path);
        abort();
    }
}

gboolean fz_utf8(const char *s, gsize len)
{
    return g_utf8_validate_len(s, len, NULL);
}

char *fz_text(const void *data, gsize size, char nul)
{
    char *copy = g_malloc(size + 1);
    for (gsize i = 0; i < size; i++)
        copy[i] = ((const char *)data)[i] ? ((const char *)data)[i] : nul;
    copy[size] = '\0';
    char *text = g_utf8_make_valid(copy, (gssize)size);
    g_free(copy);
    return text;
}

gboolean fz_same(const void *a, const void *b, gsize n)
{
    return n == 0 || memcmp(a, b, n) == 0;
}

const char *fz_input_file(const char *suffix, const void *data, size_t size)
{
    static GHashTable *paths;   /* suffix -> path, kept for the process */
    if (!paths)
        paths = g_hash_table_new(g_str_hash, g_str_equal);
    char *path = g_hash_table_lookup(paths, suffix);
    if (!path) {
        path = fz_path(suffix);
        g_hash_table_insert(paths, g_strdup(suffix), path);
    }
    fz_write(path, data, size);
    return path;
}

char *fz_src_path(const char *relative)
{
    const char *src = g_getenv("NEGRAPH_SRCDIR");
    return g_build_filename(src && *src ? src : ".", relative, NULL);
}

const NgGazetteer *fz_gazetteer(const char *relative, const NgMatcher **matcher)
{
    static GHashTable *loaded;   /* folder -> NgGazetteer, for the process */
    static GHashTable *matchers; /* NgGazetteer -> NgMatcher */
    if (!loaded) {
        loaded = g_hash_table_new(g_str_hash, g_str_equal);
        matchers = g_hash_table_new(g_direct_hash, g_direct_equal);
    }
    NgGazetteer *gz = g_hash_table_lookup(loaded, relative);
    if (!gz) {
        char *dir = fz_src_path(relative);
        GError *err = NULL;
        gz = ng_gazetteer_new();
        if (!ng_gazetteer_load_dir(gz, dir, NULL, &err)) {
            fprintf(stderr, "cannot load %s: %s\n", dir, err->message);
            abort();
        }
        g_free(dir);
        g_hash_table_insert(loaded, g_strdup(relative), gz);
        g_hash_table_insert(matchers, gz, ng_matcher_new(gz));
    }
    *matcher = g_hash_table_lookup(matchers, gz);
    return gz;
}

gboolean fz_has_position(const char *msg, const char *path)
{
    gsize n = strlen(path);
    if (strncmp(msg, path, n) || msg[n] != ':')
        return FALSE;
    char *e;
    guint64 line = g_ascii_strtoull(msg + n + 1, &e, 10);
    if (line < 1 || *e != ':')
        return FALSE;
    guint64 col = g_ascii_strtoull(e + 1, &e, 10);
    return col >= 1 && e[0] == ':' && e[1] == ' ';
}

void fz_check_utf8(const char *s, const char *what)
{
    FZ_CHECK(!s || fz_utf8(s, strlen(s)), "%s is not valid UTF-8", what);
}

void fz_check_result(const NgDocResult *r)
{
    guint n = r->entities->len;
    fz_check_utf8(r->doc_id, "doc id");
    fz_check_utf8(r->date, "date");
    for (guint i = 0; i < n; i++) {
        const NgEntity *e = r->entities->pdata[i];
        FZ_CHECK(e->id && e->name, "entity %u without id or name", i);
        fz_check_utf8(e->id, "entity id");
        fz_check_utf8(e->name, "entity name");
        FZ_CHECK((guint)e->type < NG_N_TYPES, "entity %u: type %d", i, e->type);
        for (guint k = 0; k < e->n_attrs; k++) {
            fz_check_utf8(e->attrs[k].key, "attribute name");
            fz_check_utf8(e->attrs[k].value, "attribute value");
        }
    }
    for (guint i = 0; i < r->mentions->len; i++) {
        const NgResultMention *m = &g_array_index(r->mentions, NgResultMention, i);
        FZ_CHECK(m->entity < n, "mention %u: entity %u of %u", i, m->entity, n);
        fz_check_utf8(m->surface, "surface");
    }
    for (guint i = 0; i < r->edges->len; i++) {
        const NgResultEdge *e = &g_array_index(r->edges, NgResultEdge, i);
        FZ_CHECK(e->source < n && e->target < n, "edge %u: %u -> %u of %u", i,
                 e->source, e->target, n);
        FZ_CHECK(isfinite(e->weight) && e->weight > 0, "edge %u: weight %g", i,
                 e->weight);
        FZ_CHECK(e->relation, "edge %u without relation", i);
        fz_check_utf8(e->relation, "relation");
        fz_check_utf8(e->evidence, "evidence");
        fz_check_utf8(e->rule, "rule");
        fz_check_utf8(e->cameo, "cameo");
    }
}

void fz_graph_written(const NgGraph *g)
{
    static char *path;
    if (!path)
        path = fz_path(".graphml");
    GError *err = NULL;
    if (!ng_graph_write_graphml(g, path, NULL, FALSE, &err)) {
        FZ_CHECK(err->domain == NG_ERROR && (err->code == NG_ERROR_USAGE ||
                                             err->code == NG_ERROR_CONFIG),
                 "writing the graph failed: %s", err->message);
        g_error_free(err);
    }
}

void fz_result_into_graph(const NgDocResult *r)
{
    NgGraph *g = ng_graph_new();
    ng_graph_add_docresult(g, r, 0);
    ng_graph_add_docresult(g, r, 1);
    fz_graph_written(g);
    ng_graph_free(g);
}
