/*
 * query_snapshot.h - the binary snapshot of a loaded graph, for
 * `negraph query`: everything NgQuery needs, in one image that is read
 * back with mmap instead of parsing the GraphML again. A GraphML of a
 * million edges takes seconds to parse (tokenising the XML alone does);
 * its snapshot loads in a fraction of a second.
 *
 * The image holds what igraph read from the GraphML: the edge list (in
 * file order, after an undirected file was made directed), the <key>
 * declarations with their types (for --subgraph), and every node and edge
 * attribute igraph made (its values in node or edge order): numbers (double), booleans (one
 * byte) or strings (an offset table into a block of NUL-terminated
 * strings). The GraphML loader itself goes through an image too (built
 * in memory), so a graph loaded from its snapshot is the graph loaded
 * from the GraphML, by construction.
 *
 * Layout (native byte order, every item padded to 8 bytes):
 *   header   magic "NGQSNAP\0", format version, byte-order mark, CRC-32 of
 *            everything after the CRC field, image size, the stamp of the
 *            GraphML it was made from, node and edge counts
 *   edges    2m gint64: source, target of each edge
 *   keys     u64 count; each: u64 NgGraphmlType, u64 for_edge, name
 *   attrs    u64 count; each: u64 for_edge, u64 NgQueryAttrType, name,
 *            then n (nodes) or m (edges) values:
 *              number:  double[count]
 *              boolean: u8[count], each 0 or 1
 *              string:  u64 offsets[count], u64 block size, the block
 *   a name is u64 length, the bytes and a NUL.
 *
 * Nothing in an image is trusted: decoding checks the magic, version,
 * byte order, size and checksum, that every count fits in the image,
 * every node number is below n, every string offset falls inside its
 * block at the start of a character, every block is NUL-terminated UTF-8
 * strings and every boolean 0 or 1. An image that fails any check is
 * refused, never read past its end.
 *
 * Where snapshots live: beside the GraphML as GRAPH.ngq (for
 * "news.graphml", "news.graphml.ngq"), or, when that folder cannot be
 * written, in $XDG_CACHE_HOME/negraph/ as NAME-HASH.ngq (HASH from the
 * GraphML's absolute path). A snapshot belongs to the GraphML whose stamp
 * it carries: size, modification time to the nanosecond and a SHA-256 of
 * its first and last 64 KiB. Any change gives a new stamp, the snapshot
 * is ignored and rewritten.
 */
#ifndef NG_QUERY_SNAPSHOT_H
#define NG_QUERY_SNAPSHOT_H

#include <glib.h>
#include <igraph.h>

#include "query_int.h"

/* Bump when the layout changes or when the GraphML loader puts something
 * else into the image: older snapshots are then ignored. */
#define NG_QUERY_SNAPSHOT_VERSION 1

/* Which GraphML file (and version of it) a snapshot was made from. */
typedef struct {
    guint64 size;
    gint64 mtime_sec;
    gint64 mtime_nsec;
    guint8 hash[32];    /* SHA-256 of the first and last 64 KiB */
} NgQueryStamp;

/* Stamp the regular file at `path`; FALSE when it cannot be opened or
 * read (no snapshot then: loading the GraphML reports why). */
gboolean ng_query_stamp(const char *path, NgQueryStamp *out);

/* The image of `g` (read from GraphML with igraph's C attribute handler:
 * its attributes are kept) and of `keys` (NgQueryKey), stamped
 * with `stamp` (NULL: all zero). NULL with *error when igraph fails. */
GBytes *ng_query_snapshot_encode(const igraph_t *g, const GPtrArray *keys,
                                 const NgQueryStamp *stamp, GError **error);

/* Check `image` and, if it is sound, replace q's graph (built from the
 * edge list), n, m, keys, attrs and image (a new reference). On failure
 * q is left as it was and *error says what is wrong (NG_ERROR_FORMAT). */
gboolean ng_query_snapshot_decode(NgQuery *q, GBytes *image, GError **error);

/* The snapshot of the GraphML at `graphml` whose header carries `stamp`
 * (beside the file first, then in the cache folder), mapped into memory;
 * NULL when there is none. Only the header is checked here. */
GBytes *ng_query_snapshot_find(const char *graphml,
                               const NgQueryStamp *stamp);

/* Write `image` as the snapshot of `graphml`: beside it, else in the
 * cache folder, through a temporary file renamed into place. Failing is
 * not an error - the next load parses the GraphML again - so nothing is
 * reported; returns whether a snapshot was written. */
gboolean ng_query_snapshot_save(const char *graphml, GBytes *image);

#endif
