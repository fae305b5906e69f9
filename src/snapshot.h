/*
 * snapshot.h - the graph a build with --state ended with, kept beside the
 * state (DIR/graph.snapshot) so that the next build need not replay every
 * stored result to get it back.
 *
 * The graph takes documents in input order; a nightly feed adds files
 * after the ones already there. So when the inputs of a rebuild start
 * with exactly the files the snapshot was made of - same paths, same
 * order, each looking as it did and still current in the state - the
 * rebuild starts from the snapshot's graph and reads only the files after
 * them. Anything else (a file changed, removed or put before others,
 * another configuration or window) and the snapshot is not used: the
 * stored results are replayed as before. The result is the same graph
 * either way.
 *
 * It is a cache: written atomically (temporary file + rename), checked
 * hard when read (a checksum, then graph.h's ng_graph_from_snapshot),
 * and one that is missing, damaged or stale costs only the time it would
 * have saved.
 */
#ifndef NG_SNAPSHOT_H
#define NG_SNAPSHOT_H

#include <glib.h>
#include <glib/gstdio.h>
#include "graph.h"

typedef struct {
    char *key;          /* what else the graph depends on: configuration
                           fingerprint, date window */
    GPtrArray *files;   /* the input files, in reading order */
    GPtrArray *looks;   /* how each looked (ng_file_looks) */
    guint64 mentions;   /* of the documents in the graph */
    guint64 outside;    /* documents left out by the window */
    guint32 serial;     /* the serial the next document gets */
    NgGraph *graph;
} NgSnapshot;

/* The snapshot file's bytes: they hold copies of everything, the graph
 * may change or go once this returns. */
GBytes *ng_snapshot_encode(const NgSnapshot *s);
/* The file's header (magic and checksum) followed by `body`, the
 * GVariant: encode uses it, and the fuzz target, to give damaged bodies
 * a good checksum. */
GBytes *ng_snapshot_frame(const void *body, gsize len);
/* Write them to DIR/graph.snapshot, atomically (temporary file, rename;
 * a torn write is found by the checksum when read); they may be written
 * on another thread while the graph goes on. Errors: NG_ERROR_IO. */
gboolean ng_snapshot_write(const char *dir, GBytes *bytes, GError **error);

/* Read DIR/graph.snapshot: NULL without an error when there is none,
 * NULL with NG_ERROR_FORMAT when it is damaged or of another version,
 * NG_ERROR_IO when it cannot be read. */
NgSnapshot *ng_snapshot_load(const char *dir, GError **error);

/* Remove DIR/graph.snapshot, if any. */
void ng_snapshot_remove(const char *dir);

void ng_snapshot_free(NgSnapshot *s);

#endif
