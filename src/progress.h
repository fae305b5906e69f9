/*
 * progress.h - the progress line of a long build: documents done out of
 * the total, throughput and time left.
 *
 * The library formats the line and decides when it is due; the command
 * prints it (and only when stderr is a terminal).
 */
#ifndef NG_PROGRESS_H
#define NG_PROGRESS_H

#include <glib.h>

typedef struct NgProgress NgProgress;

/* `total` documents expected, 0 if unknown (then no percentage or ETA). */
NgProgress *ng_progress_new(guint64 total);
void ng_progress_free(NgProgress *p);

/* Count one more document of `bytes` bytes. Returns the line to show when
 * one is due (a few times a second, or always with `force`), else NULL.
 * The line belongs to p and has no line break, e.g.
 * "1200/20841 documents (5.8%), 6.1 MB, 20.3 MB/s, ETA 0:16". */
const char *ng_progress_add(NgProgress *p, guint64 bytes, gboolean force);

/* Append the throughput of `bytes` in `secs` seconds to `out`: "20.3 MB/s",
 * or "45.6 KB/s" below a megabyte a second (a small corpus read in a
 * fraction of a second is not "0.0 MB/s"); nothing when secs <= 0. */
void ng_progress_rate(GString *out, guint64 bytes, double secs);

/* About how many documents the inputs hold (what doc.h reads: a .txt file
 * is one, a .jsonl file one per line, folders recursively), without
 * parsing them: a fast estimate for the progress line. 0 when unknown
 * (standard input). */
guint64 ng_progress_count(char **inputs, guint n_inputs);

#endif
