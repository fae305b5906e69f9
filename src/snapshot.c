/*
 * snapshot.c - DIR/graph.snapshot (see snapshot.h).
 *
 * The file is a 16-byte header - "NGSNAP1" and a NUL (what this is,
 * and its version), then a 64-bit checksum (ng_checksum64, LE) of the
 * rest - and one GVariant:
 *
 *   (s   the key
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

#define MAGIC "NGSNAP1"       /* and its NUL: 8 bytes */
#define HEADER_SIZE 16
#define FILE_TYPE "(sttasas" NG_GRAPH_SNAPSHOT_TYPE ")"
#define FILE_NAME "graph.snapshot"

static GVariant *strings(const GPtrArray *a)
{
    return g_variant_new_strv((const char *const *)a->pdata, (gssize)a->len);
}

/* Write the header before the len bytes of body that buf holds from
 * HEADER_SIZE on; the file's bytes, taking buf. */
static GBytes *framed(guint8 *buf, gsize len)
{
    guint64 sum = GUINT64_TO_LE(ng_checksum64(buf + HEADER_SIZE, len));
    memcpy(buf, MAGIC, 8);
    memcpy(buf + 8, &sum, 8);
    return g_bytes_new_take(buf, HEADER_SIZE + len);
}

GBytes *ng_snapshot_frame(const void *body, gsize len)
{
    guint8 *buf = g_malloc(HEADER_SIZE + len);
    if (len)
        memcpy(buf + HEADER_SIZE, body, len);
    return framed(buf, len);
}

GBytes *ng_snapshot_encode(const NgSnapshot *s)
{
    g_return_val_if_fail(s->files->len == s->looks->len, NULL);
    GVariant *v = g_variant_ref_sink(g_variant_new(
        "(stt@as@as@" NG_GRAPH_SNAPSHOT_TYPE ")", s->key, s->mentions,
        s->outside, strings(s->files), strings(s->looks),
        ng_graph_to_snapshot(s->graph, s->serial)));
    /* Serialised straight after the header's room (g_malloc's alignment
     * is enough for any GVariant), not into a buffer of GVariant's own
     * that framing would copy again: two fewer copies of the file. */
    gsize len = g_variant_get_size(v);
    guint8 *buf = g_malloc(HEADER_SIZE + len);
    g_variant_store(v, buf + HEADER_SIZE);
    g_variant_unref(v);
    return framed(buf, len);
}

gboolean ng_snapshot_write(const char *dir, GBytes *bytes, GError **error)
{
    /* The checksum finds a torn write: no fsync needed. */
    char *path = g_build_filename(dir, FILE_NAME, NULL);
    gsize len;
    const void *data = g_bytes_get_data(bytes, &len);
    gboolean ok = ng_replace_file(path, data, len, FALSE, error);
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
    GVariant *c[5];
    for (gsize i = 0; i < G_N_ELEMENTS(c); i++)
        c[i] = g_variant_get_child_value(v, i);
    GError *e = NULL;
    NgSnapshot *s = g_new0(NgSnapshot, 1);
    s->key = g_variant_dup_string(c[0], NULL);
    s->mentions = g_variant_get_uint64(c[1]);
    s->outside = g_variant_get_uint64(c[2]);
    s->files = string_array(c[3]);
    s->looks = string_array(c[4]);
    GVariant *graph = g_variant_get_child_value(v, 5);
    s->graph = ng_graph_from_snapshot(graph, &s->serial, &e);
    g_variant_unref(graph);
    if (!e && s->files->len != s->looks->len)
        g_set_error(&e, NG_ERROR, NG_ERROR_FORMAT,
                    "files and looks of different numbers");
    /* GVariant reads a body it cannot frame (cut short) as empty values:
     * a snapshot always has a key. */
    if (!e && !*s->key)
        g_set_error(&e, NG_ERROR, NG_ERROR_FORMAT, "no key");
    if (e) {
        g_set_error(error, NG_ERROR, NG_ERROR_FORMAT, "%s: %s", path,
                    e->message);
        g_error_free(e);
        g_clear_pointer(&s, ng_snapshot_free);
    }
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
        const guint8 *p = (const guint8 *)g_mapped_file_get_contents(map);
        gsize len = g_mapped_file_get_length(map);
        guint64 sum = 0;
        if (len >= HEADER_SIZE)
            memcpy(&sum, p + 8, 8);
        if (len < HEADER_SIZE || memcmp(p, MAGIC, 8) ||
            GUINT64_FROM_LE(sum) != ng_checksum64(p + HEADER_SIZE,
                                                  len - HEADER_SIZE)) {
            g_set_error(error, NG_ERROR, NG_ERROR_FORMAT,
                        "%s: not a graph snapshot of this version, or damaged",
                        path);
        } else {
            /* The checksum only says the bytes are the ones written;
             * GVariant still checks the framing as it reads, and the
             * graph its invariants. The mapping is page-aligned, the
             * GVariant 16 bytes in: aligned for any of its values. */
            GBytes *all = g_mapped_file_get_bytes(map);
            GBytes *body = g_bytes_new_from_bytes(all, HEADER_SIZE,
                                                  len - HEADER_SIZE);
            GVariant *v = g_variant_ref_sink(g_variant_new_from_bytes(
                G_VARIANT_TYPE(FILE_TYPE), body, FALSE));
            s = decode(v, path, error);
            g_variant_unref(v);
            g_bytes_unref(body);
            g_bytes_unref(all);
        }
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
