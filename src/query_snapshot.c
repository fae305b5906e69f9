/*
 * query_snapshot.c - the binary snapshot of a loaded graph (format and
 * rules in query_snapshot.h): turning an igraph graph read from GraphML
 * into an image, checking and decoding an image, and finding, mapping
 * and writing snapshot files.
 *
 * The checksum is zlib's CRC-32: it runs at about 2 GB/s, where GLib's
 * GChecksum (MD5, SHA-*) would take longer than the rest of a warm load.
 * It catches a damaged file, so that a snapshot gives the same answers as
 * its GraphML or none; the bounds and UTF-8 checks of decoding are what
 * keep even a forged one from making the reader go astray.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <glib/gstdio.h>

#include "ng.h"
#include "query_snapshot.h"

#define MAGIC "NGQSNAP"           /* with its NUL, 8 bytes */
#define BYTE_ORDER_MARK 0x01020304u
#define STAMP_SPAN 65536          /* bytes hashed at each end of the file */

typedef struct {
    char magic[8];
    guint32 version;
    guint32 byte_order;
    guint32 crc;                  /* of the image from `size` to its end */
    guint32 unused;               /* zero */
    guint64 size;                 /* of the whole image */
    NgQueryStamp stamp;
    guint64 n_nodes;
    guint64 n_edges;
} Header;

#define CRC_FROM offsetof(Header, size)

G_STATIC_ASSERT(sizeof(NgQueryStamp) == 56);   /* no padding: compared */
G_STATIC_ASSERT(sizeof(Header) % 8 == 0);

/* ---- stamps ---- */

/* Add bytes [from, to) of fd to `sum`. A file that got shorter meanwhile
 * stops early: its size in the stamp already tells it apart. */
static gboolean hash_range(int fd, GChecksum *sum, guchar *buf, guint64 from,
                           guint64 to)
{
    while (from < to) {
        ssize_t got = pread(fd, buf, MIN(to - from, STAMP_SPAN), (off_t)from);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return got == 0;
        g_checksum_update(sum, buf, got);
        from += (guint64)got;
    }
    return TRUE;
}

gboolean ng_query_stamp(const char *path, NgQueryStamp *out)
{
    memset(out, 0, sizeof *out);
    int fd = g_open(path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return FALSE;
    struct stat st;
    gboolean ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (ok) {
        out->size = (guint64)st.st_size;
        out->mtime_sec = st.st_mtim.tv_sec;
        out->mtime_nsec = st.st_mtim.tv_nsec;
        /* The head and the tail: a rewritten graph differs in both (the
         * comment with the version, the last edges) even when its size
         * and time were kept. Small files are hashed whole. */
        guint64 head_end = MIN(out->size, STAMP_SPAN);
        guint64 tail_start = out->size > 2 * STAMP_SPAN
                                 ? out->size - STAMP_SPAN : head_end;
        GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
        guchar *buf = g_malloc(STAMP_SPAN);
        ok = hash_range(fd, sum, buf, 0, head_end) &&
             hash_range(fd, sum, buf, tail_start, out->size);
        gsize len = sizeof out->hash;
        g_checksum_get_digest(sum, out->hash, &len);
        g_free(buf);
        g_checksum_free(sum);
    }
    close(fd);
    return ok;
}

static gboolean stamp_equal(const NgQueryStamp *a, const NgQueryStamp *b)
{
    return !memcmp(a, b, sizeof *a);
}

/* ---- encoding ---- */

/* A growing image. GByteArray stops at 4 GiB; an image need not. */
typedef struct {
    guint8 *data;
    gsize len, cap;
} Buf;

/* Append `len` bytes (uninitialised) and return where they start. */
static void *grow(Buf *b, gsize len)
{
    if (b->cap - b->len < len) {
        b->cap = MAX(2 * b->cap, b->len + len);
        b->data = g_realloc(b->data, b->cap);
    }
    void *p = b->data + b->len;
    b->len += len;
    return p;
}

/* Pad to a multiple of 8 bytes, so that the next item is aligned. */
static void pad(Buf *b)
{
    gsize n = -b->len & 7;
    memset(grow(b, n), 0, n);
}

static void put_u64(Buf *b, guint64 x)
{
    memcpy(grow(b, 8), &x, 8);
}

static void put_name(Buf *b, const char *s)
{
    gsize len = strlen(s);
    put_u64(b, len);
    memcpy(grow(b, len + 1), s, len + 1);
    pad(b);
}

/* The values of string attribute `name`: the offset table, the block
 * size and the block. A value equal to the one before shares its bytes
 * (relations, types and dates come in runs). One value at a time:
 * igraph_cattribute_EASV would copy every string first. */
static void put_strings(Buf *b, const igraph_t *g, const char *name,
                        gboolean for_edge, igraph_integer_t count)
{
    gsize table = b->len;
    grow(b, (gsize)count * 8);
    gsize size_at = b->len;
    put_u64(b, 0);
    gsize block = b->len;
    const char *prev = NULL;
    guint64 prev_offset = 0;
    for (igraph_integer_t i = 0; i < count; i++) {
        const char *s = for_edge ? EAS(g, name, i) : VAS(g, name, i);
        if (!prev || strcmp(s, prev)) {
            gsize len = strlen(s) + 1;
            prev_offset = b->len - block;
            memcpy(grow(b, len), s, len);
            prev = s;
        }
        memcpy(b->data + table + 8 * (gsize)i, &prev_offset, 8);
    }
    guint64 block_size = b->len - block;
    memcpy(b->data + size_at, &block_size, 8);
    pad(b);
}

static gboolean put_numbers(Buf *b, const igraph_t *g, const char *name,
                            gboolean for_edge, igraph_integer_t count,
                            GError **error)
{
    igraph_vector_t v;
    if (!ng_query_igraph_ok(igraph_vector_init(&v, 0), "snapshot", error))
        return FALSE;
    igraph_error_t rc =
        for_edge ? igraph_cattribute_EANV(g, name,
                                          igraph_ess_all(IGRAPH_EDGEORDER_ID),
                                          &v)
                 : igraph_cattribute_VANV(g, name, igraph_vss_all(), &v);
    gboolean ok = ng_query_igraph_ok(rc, "snapshot", error);
    if (ok) {
        double *out = grow(b, (gsize)count * sizeof(double));
        for (igraph_integer_t i = 0; i < count; i++)
            out[i] = VECTOR(v)[i];
    }
    igraph_vector_destroy(&v);
    return ok;
}

static gboolean put_booleans(Buf *b, const igraph_t *g, const char *name,
                             gboolean for_edge, igraph_integer_t count,
                             GError **error)
{
    igraph_vector_bool_t v;
    if (!ng_query_igraph_ok(igraph_vector_bool_init(&v, 0), "snapshot",
                            error))
        return FALSE;
    igraph_error_t rc =
        for_edge ? igraph_cattribute_EABV(g, name,
                                          igraph_ess_all(IGRAPH_EDGEORDER_ID),
                                          &v)
                 : igraph_cattribute_VABV(g, name, igraph_vss_all(), &v);
    gboolean ok = ng_query_igraph_ok(rc, "snapshot", error);
    if (ok) {
        guint8 *out = grow(b, (gsize)count);
        for (igraph_integer_t i = 0; i < count; i++)
            out[i] = VECTOR(v)[i] ? 1 : 0;
        pad(b);
    }
    igraph_vector_bool_destroy(&v);
    return ok;
}

/* Our type for an igraph attribute type; FALSE for the kinds GraphML
 * cannot produce (objects). */
static gboolean attr_type(igraph_integer_t igraph_type, NgQueryAttrType *out)
{
    switch (igraph_type) {
    case IGRAPH_ATTRIBUTE_NUMERIC: *out = NG_QUERY_ATTR_NUMBER; return TRUE;
    case IGRAPH_ATTRIBUTE_BOOLEAN: *out = NG_QUERY_ATTR_BOOLEAN; return TRUE;
    case IGRAPH_ATTRIBUTE_STRING: *out = NG_QUERY_ATTR_STRING; return TRUE;
    default: return FALSE;
    }
}

/* Every node attribute, then every edge attribute, of `g`. */
static gboolean put_attrs(Buf *b, const igraph_t *g, GError **error)
{
    igraph_strvector_t names[2];
    igraph_vector_int_t types[2];
    for (int e = 0; e < 2; e++) {
        igraph_strvector_init(&names[e], 0);
        igraph_vector_int_init(&types[e], 0);
    }
    gboolean ok = ng_query_igraph_ok(
        igraph_cattribute_list(g, NULL, NULL, &names[0], &types[0],
                               &names[1], &types[1]),
        "snapshot", error);
    guint64 count = 0;
    NgQueryAttrType t;
    for (int e = 0; ok && e < 2; e++)
        for (igraph_integer_t i = 0; i < igraph_vector_int_size(&types[e]); i++)
            count += attr_type(VECTOR(types[e])[i], &t);
    if (ok)
        put_u64(b, count);
    for (int e = 0; ok && e < 2; e++) {
        igraph_integer_t n = e ? igraph_ecount(g) : igraph_vcount(g);
        for (igraph_integer_t i = 0;
             ok && i < igraph_vector_int_size(&types[e]); i++) {
            if (!attr_type(VECTOR(types[e])[i], &t))
                continue;
            const char *name = igraph_strvector_get(&names[e], i);
            put_u64(b, (guint64)e);
            put_u64(b, t);
            put_name(b, name);
            if (t == NG_QUERY_ATTR_STRING)
                put_strings(b, g, name, e, n);
            else if (t == NG_QUERY_ATTR_NUMBER)
                ok = put_numbers(b, g, name, e, n, error);
            else
                ok = put_booleans(b, g, name, e, n, error);
        }
    }
    for (int e = 0; e < 2; e++) {
        igraph_strvector_destroy(&names[e]);
        igraph_vector_int_destroy(&types[e]);
    }
    return ok;
}

GBytes *ng_query_snapshot_encode(const igraph_t *g, const GPtrArray *keys,
                                 const NgQueryStamp *stamp, GError **error)
{
    Buf b = { 0 };
    grow(&b, sizeof(Header));

    igraph_integer_t m = igraph_ecount(g);
    igraph_vector_int_t edges;
    gboolean ok = ng_query_igraph_ok(igraph_vector_int_init(&edges, 0),
                                     "snapshot", error);
    if (ok) {
        ok = ng_query_igraph_ok(igraph_get_edgelist(g, &edges, 0),
                                "snapshot", error);
        if (ok) {
            gint64 *out = grow(&b, (gsize)m * 2 * sizeof(gint64));
            for (igraph_integer_t i = 0; i < 2 * m; i++)
                out[i] = VECTOR(edges)[i];
        }
        igraph_vector_int_destroy(&edges);
    }

    if (ok) {
        put_u64(&b, keys->len);
        for (guint i = 0; i < keys->len; i++) {
            const NgQueryKey *k = keys->pdata[i];
            put_u64(&b, k->type);
            put_u64(&b, k->for_edge ? 1 : 0);
            put_name(&b, k->name);
        }
        ok = put_attrs(&b, g, error);
    }
    if (!ok) {
        g_free(b.data);
        return NULL;
    }

    Header h = { .version = NG_QUERY_SNAPSHOT_VERSION,
                 .byte_order = BYTE_ORDER_MARK,
                 .size = b.len,
                 .n_nodes = (guint64)igraph_vcount(g),
                 .n_edges = (guint64)m };
    memcpy(h.magic, MAGIC, sizeof h.magic);
    if (stamp)
        h.stamp = *stamp;
    memcpy(b.data, &h, sizeof h);
    h.crc = (guint32)crc32_z(0, b.data + CRC_FROM, b.len - CRC_FROM);
    memcpy(b.data, &h, sizeof h);
    return g_bytes_new_take(g_realloc(b.data, b.len), b.len);
}

/* ---- decoding ---- */

/* Reading an image front to back; every item starts 8-aligned. */
typedef struct {
    const guint8 *data;
    gsize size, pos;
} In;

/* The next `count` items of `width` bytes (and the padding after them),
 * or NULL when they do not fit in what is left. */
static const void *take(In *in, guint64 count, gsize width)
{
    gsize left = in->size - in->pos;
    if (count > left / width)
        return NULL;
    gsize len = (gsize)count * width;
    len += -len & 7;
    if (len > left)
        return NULL;
    const void *p = in->data + in->pos;
    in->pos += len;
    return p;
}

static gboolean take_u64(In *in, guint64 *out)
{
    const void *p = take(in, 1, 8);
    if (p)
        memcpy(out, p, 8);
    return p != NULL;
}

/* A name: its length, its bytes (UTF-8, no NUL) and a NUL. */
static char *take_name(In *in)
{
    guint64 len;
    if (!take_u64(in, &len) || len >= in->size)
        return NULL;
    const char *s = take(in, len + 1, 1);
    if (!s || s[len] || !g_utf8_validate_len(s, len, NULL))
        return NULL;
    return g_strndup(s, len);
}

static void attr_free(gpointer p)
{
    NgQueryAttr *c = p;
    g_free(c->name);
    g_free(c);
}

/* Whether a block of strings is NUL-terminated UTF-8 strings (igraph's
 * are: libxml2 checks the encoding), so that the code reading them, which
 * assumes UTF-8 as GLib does, can trust them. */
static gboolean block_valid(const char *p, gsize size)
{
    const char *end = p + size;
    while (p < end) {
        const char *stop;
        /* FALSE at the first NUL or invalid byte, where `stop` points. */
        g_utf8_validate_len(p, (gsize)(end - p), &stop);
        if (stop == end || *stop)
            return FALSE;
        p = stop + 1;
    }
    return TRUE;
}

/* The values of attribute c: `count` of them, of c's type. */
static gboolean take_values(In *in, NgQueryAttr *c, guint64 count)
{
    switch (c->type) {
    case NG_QUERY_ATTR_NUMBER:
        return (c->numbers = take(in, count, sizeof(double))) != NULL;
    case NG_QUERY_ATTR_BOOLEAN:
        if (!(c->booleans = take(in, count, 1)))
            return FALSE;
        for (guint64 i = 0; i < count; i++)
            if (c->booleans[i] > 1)
                return FALSE;
        return TRUE;
    case NG_QUERY_ATTR_STRING: {
        guint64 size;
        if (!(c->offsets = take(in, count, 8)) || !take_u64(in, &size) ||
            !(c->chars = take(in, size, 1)) || !block_valid(c->chars, size))
            return FALSE;
        /* Every string starts inside the block, at a character: it is
         * valid UTF-8 and ends at a NUL before the block does. */
        for (guint64 i = 0; i < count; i++)
            if (c->offsets[i] >= size ||
                ((guchar)c->chars[c->offsets[i]] & 0xC0) == 0x80)
                return FALSE;
        return TRUE;
    }
    }
    return FALSE;
}

static const NgQueryAttr *find_attr(const GPtrArray *attrs,
                                        gboolean for_edge, const char *name)
{
    for (guint i = 0; i < attrs->len; i++) {
        const NgQueryAttr *c = attrs->pdata[i];
        if (c->for_edge == for_edge && !strcmp(c->name, name))
            return c;
    }
    return NULL;
}

const NgQueryAttr *ng_query_attr(const NgQuery *q, gboolean for_edge,
                                     const char *name)
{
    return find_attr(q->attrs, for_edge, name);
}

/* The column of key k, if the graph has one of the key's kind. */
static const NgQueryAttr *key_attr(const GPtrArray *attrs,
                                       const NgQueryKey *k)
{
    NgQueryAttrType want = k->type == NG_GML_STRING ? NG_QUERY_ATTR_STRING
                             : k->type == NG_GML_BOOLEAN ? NG_QUERY_ATTR_BOOLEAN
                                                         : NG_QUERY_ATTR_NUMBER;
    const NgQueryAttr *c = find_attr(attrs, k->for_edge, k->name);
    return c && c->type == want ? c : NULL;
}

/* Everything after the header, into keys and attrs; the edge list into
 * `edges`. FALSE at the first thing that does not fit or make sense. */
static gboolean read_body(In *in, const Header *h, igraph_vector_int_t *edges,
                          GPtrArray *keys, GPtrArray *attrs)
{
    const gint64 *e = take(in, h->n_edges, 2 * sizeof(gint64));
    if (!e || igraph_vector_int_resize(edges, 2 * (igraph_integer_t)h->n_edges))
        return FALSE;
    for (guint64 i = 0; i < 2 * h->n_edges; i++) {
        if (e[i] < 0 || (guint64)e[i] >= h->n_nodes)
            return FALSE;
        VECTOR(*edges)[i] = (igraph_integer_t)e[i];
    }

    guint64 count, type, for_edge;
    if (!take_u64(in, &count))
        return FALSE;
    for (guint64 i = 0; i < count; i++) {
        if (!take_u64(in, &type) || type > NG_GML_BOOLEAN ||
            !take_u64(in, &for_edge) || for_edge > 1)
            return FALSE;
        char *name = take_name(in);
        if (!name)
            return FALSE;
        NgQueryKey *k = g_new0(NgQueryKey, 1);
        k->name = name;
        k->type = (NgGraphmlType)type;
        k->for_edge = (gboolean)for_edge;
        g_ptr_array_add(keys, k);
    }

    if (!take_u64(in, &count))
        return FALSE;
    for (guint64 i = 0; i < count; i++) {
        if (!take_u64(in, &for_edge) || for_edge > 1 ||
            !take_u64(in, &type) || type > NG_QUERY_ATTR_STRING)
            return FALSE;
        char *name = take_name(in);
        if (!name)
            return FALSE;
        NgQueryAttr *c = g_new0(NgQueryAttr, 1);
        c->name = name;
        c->for_edge = (gboolean)for_edge;
        c->type = (NgQueryAttrType)type;
        g_ptr_array_add(attrs, c);
        if (!take_values(in, c, for_edge ? h->n_edges : h->n_nodes))
            return FALSE;
    }
    return in->pos == in->size;
}

/* The header of `data`, if it is one of this version and byte order. */
static gboolean read_header(const guint8 *data, gsize size, Header *h)
{
    if (size < sizeof *h)
        return FALSE;
    memcpy(h, data, sizeof *h);
    return !memcmp(h->magic, MAGIC, sizeof h->magic) &&
           h->version == NG_QUERY_SNAPSHOT_VERSION &&
           h->byte_order == BYTE_ORDER_MARK && h->unused == 0;
}

gboolean ng_query_snapshot_decode(NgQuery *q, GBytes *image, GError **error)
{
    gsize size;
    const guint8 *data = g_bytes_get_data(image, &size);
    Header h;
    const char *wrong = NULL;
    if (!read_header(data, size, &h))
        wrong = "not a snapshot of this version";
    else if (h.size != size || size % 8)
        wrong = "wrong size";
    else if (h.crc != (guint32)crc32_z(0, data + CRC_FROM, size - CRC_FROM))
        wrong = "wrong checksum";
    /* Nodes are sorted with g_qsort_with_data, which counts in gint. */
    else if (h.n_nodes > G_MAXINT || h.n_edges > G_MAXINT64 / 2)
        wrong = "too many nodes or edges";
    if (wrong) {
        g_set_error(error, NG_ERROR, NG_ERROR_FORMAT, "snapshot: %s", wrong);
        return FALSE;
    }

    In in = { data, size, sizeof h };
    igraph_vector_int_t edges;
    igraph_vector_int_init(&edges, 0);
    GPtrArray *keys = g_ptr_array_new_with_free_func(ng_query_key_free);
    GPtrArray *attrs = g_ptr_array_new_with_free_func(attr_free);
    igraph_t graph;
    const NgQueryAttr *c;
    if (!read_body(&in, &h, &edges, keys, attrs))
        wrong = "damaged";
    else if (h.n_nodes && !((c = find_attr(attrs, FALSE, "id")) &&
                            c->type == NG_QUERY_ATTR_STRING))
        wrong = "no node ids";
    else if (igraph_create(&graph, &edges, (igraph_integer_t)h.n_nodes,
                           IGRAPH_DIRECTED))
        wrong = "cannot build the graph";
    igraph_vector_int_destroy(&edges);
    if (wrong) {
        g_set_error(error, NG_ERROR, NG_ERROR_FORMAT, "snapshot: %s", wrong);
        g_ptr_array_free(keys, TRUE);
        g_ptr_array_free(attrs, TRUE);
        return FALSE;
    }

    if (q->have_graph)
        igraph_destroy(&q->graph);
    q->graph = graph;
    q->have_graph = TRUE;
    q->n = (igraph_integer_t)h.n_nodes;
    q->m = (igraph_integer_t)h.n_edges;
    for (guint i = 0; i < keys->len; i++) {
        NgQueryKey *k = keys->pdata[i];
        k->attr = key_attr(attrs, k);
    }
    g_ptr_array_free(q->keys, TRUE);
    q->keys = keys;
    if (q->attrs)
        g_ptr_array_free(q->attrs, TRUE);
    q->attrs = attrs;
    if (q->image)
        g_bytes_unref(q->image);
    q->image = g_bytes_ref(image);
    return TRUE;
}

/* ---- files ---- */

/* Where the snapshot of `graphml` may be, in the order tried: beside it,
 * then in the cache folder under its name and a hash of its absolute
 * path (two graphs of the same name in different folders differ). */
static void snapshot_paths(const char *graphml, char *out[2])
{
    out[0] = g_strconcat(graphml, ".ngq", NULL);
    char *abs = g_canonicalize_filename(graphml, NULL);
    char *hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, abs, -1);
    char *base = g_path_get_basename(graphml);
    char *name = g_strdup_printf("%s-%.16s.ngq", base, hash);
    out[1] = g_build_filename(g_get_user_cache_dir(), "negraph", name, NULL);
    g_free(name);
    g_free(base);
    g_free(hash);
    g_free(abs);
}

GBytes *ng_query_snapshot_find(const char *graphml, const NgQueryStamp *stamp)
{
    char *paths[2];
    snapshot_paths(graphml, paths);
    GBytes *found = NULL;
    for (int i = 0; i < 2 && !found; i++) {
        GMappedFile *f = g_mapped_file_new(paths[i], FALSE, NULL);
        if (!f)
            continue;
        Header h;
        if (read_header((const guint8 *)g_mapped_file_get_contents(f),
                        g_mapped_file_get_length(f), &h) &&
            stamp_equal(&h.stamp, stamp))
            found = g_mapped_file_get_bytes(f);
        g_mapped_file_unref(f);
    }
    g_free(paths[0]);
    g_free(paths[1]);
    return found;
}

gboolean ng_query_snapshot_save(const char *graphml, GBytes *image)
{
    char *paths[2];
    snapshot_paths(graphml, paths);
    gsize size;
    const char *data = g_bytes_get_data(image, &size);
    gboolean saved = FALSE;
    for (int i = 0; i < 2 && !saved; i++) {
        if (i == 1) {
            char *dir = g_path_get_dirname(paths[i]);
            g_mkdir_with_parents(dir, 0700);
            g_free(dir);
        }
        /* The old snapshot is stale. Removing it first also spares the
         * fsync GLib does before replacing a non-empty file: a snapshot
         * torn by a crash fails its checksum and is simply rebuilt. The
         * temporary file and rename keep readers that have the old one
         * mapped safe. */
        g_unlink(paths[i]);
        saved = g_file_set_contents_full(paths[i], data, (gssize)size,
                                         G_FILE_SET_CONTENTS_CONSISTENT,
                                         0666, NULL);
    }
    g_free(paths[0]);
    g_free(paths[1]);
    return saved;
}
