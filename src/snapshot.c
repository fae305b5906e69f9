/*
 * snapshot.c - DIR/graph.snapshot (see snapshot.h).
 *
 * The file is one GVariant:
 *
 *   (s   "negraph graph snapshot 1": what this is, and its version
 *    s   the key
 *    t   mentions        t   documents outside the window
 *    as  input files     as  their looks
 *    (...) the graph, ng_graph_to_snapshot)
 *
 * It is mapped, not read: the graph's columns are used where they lie.
 */
#include "snapshot.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ng.h"

#define MAGIC "negraph graph snapshot 1"
#define FILE_TYPE "(ssttasas" NG_GRAPH_SNAPSHOT_TYPE ")"
#define FILE_NAME "graph.snapshot"

char *ng_snapshot_looks(const GStatBuf *st)
{
    return g_strdup_printf("%lld %lld.%09ld %lld.%09ld %llu %llu",
                           (long long)st->st_size,
                           (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
                           (long long)st->st_ctim.tv_sec, st->st_ctim.tv_nsec,
                           (unsigned long long)st->st_ino,
                           (unsigned long long)st->st_dev);
}

static GVariant *strings(const GPtrArray *a)
{
    return g_variant_new_strv((const char *const *)a->pdata, (gssize)a->len);
}

GVariant *ng_snapshot_encode(const NgSnapshot *s)
{
    g_return_val_if_fail(s->files->len == s->looks->len, NULL);
    return g_variant_ref_sink(g_variant_new(
        "(sstt@as@as@" NG_GRAPH_SNAPSHOT_TYPE ")", MAGIC, s->key,
        s->mentions, s->outside, strings(s->files), strings(s->looks),
        ng_graph_to_snapshot(s->graph, s->serial)));
}

gboolean ng_snapshot_write(const char *dir, GVariant *v, GError **error)
{
    /* Durable: a crash of the machine leaves the old snapshot or the new
     * one, never a torn one (it has no checksum). */
    char *path = g_build_filename(dir, FILE_NAME, NULL);
    gboolean ok = ng_replace_file(path, g_variant_get_data(v),
                                  g_variant_get_size(v), TRUE, error);
    g_free(path);
    return ok;
}

/* The strings of an `as` child, NULL-terminated, as a GPtrArray. */
static GPtrArray *string_array(GVariant *v)
{
    gsize n;
    const char **strv = g_variant_get_strv(v, &n);
    GPtrArray *a = g_ptr_array_new_full((guint)n, g_free);
    for (gsize i = 0; i < n; i++)
        g_ptr_array_add(a, g_strdup(strv[i]));
    g_free(strv);
    return a;
}

static NgSnapshot *decode(GVariant *v, const char *path, GError **error)
{
    GVariant *c[6];
    for (gsize i = 0; i < G_N_ELEMENTS(c); i++)
        c[i] = g_variant_get_child_value(v, i);
    NgSnapshot *s = NULL;
    GError *e = NULL;
    if (strcmp(g_variant_get_string(c[0], NULL), MAGIC)) {
        g_set_error(error, NG_ERROR, NG_ERROR_FORMAT,
                    "%s: not a graph snapshot of this version", path);
        goto out;
    }
    s = g_new0(NgSnapshot, 1);
    s->key = g_variant_dup_string(c[1], NULL);
    s->mentions = g_variant_get_uint64(c[2]);
    s->outside = g_variant_get_uint64(c[3]);
    s->files = string_array(c[4]);
    s->looks = string_array(c[5]);
    GVariant *graph = g_variant_get_child_value(v, 6);
    s->graph = ng_graph_from_snapshot(graph, &s->serial, &e);
    g_variant_unref(graph);
    if (!e && s->files->len != s->looks->len)
        g_set_error(&e, NG_ERROR, NG_ERROR_FORMAT,
                    "files and looks of different numbers");
    if (e) {
        g_set_error(error, NG_ERROR, NG_ERROR_FORMAT, "%s: %s", path,
                    e->message);
        g_error_free(e);
        g_clear_pointer(&s, ng_snapshot_free);
    }
out:
    for (gsize i = 0; i < G_N_ELEMENTS(c); i++)
        g_variant_unref(c[i]);
    return s;
}

NgSnapshot *ng_snapshot_load(const char *dir, GError **error)
{
    char *path = g_build_filename(dir, FILE_NAME, NULL);
    GError *e = NULL;
    GMappedFile *map = g_mapped_file_new(path, FALSE, &e);
    NgSnapshot *s = NULL;
    if (!map) {
        if (!g_error_matches(e, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            g_set_error(error, NG_ERROR, NG_ERROR_IO, "%s", e->message);
        g_error_free(e);
    } else {
        /* Not trusted: GVariant checks the framing as it reads. */
        GBytes *bytes = g_mapped_file_get_bytes(map);
        GVariant *v = g_variant_ref_sink(g_variant_new_from_bytes(
            G_VARIANT_TYPE(FILE_TYPE), bytes, FALSE));
        s = decode(v, path, error);
        g_variant_unref(v);
        g_bytes_unref(bytes);
        g_mapped_file_unref(map);
    }
    g_free(path);
    return s;
}

void ng_snapshot_remove(const char *dir)
{
    char *path = g_build_filename(dir, FILE_NAME, NULL);
    g_unlink(path);
    g_free(path);
}

void ng_snapshot_free(NgSnapshot *s)
{
    if (!s)
        return;
    g_free(s->key);
    if (s->files)
        g_ptr_array_free(s->files, TRUE);
    if (s->looks)
        g_ptr_array_free(s->looks, TRUE);
    ng_graph_free(s->graph);
    g_free(s);
}
