/*
 * fuzz.h - what the libFuzzer targets in tests/fuzz/ share.
 *
 * Each fuzz_NAME.c defines LLVMFuzzerTestOneInput and is built twice:
 *  - by `make fuzz` with clang -fsanitize=fuzzer,address,undefined, where
 *    libFuzzer supplies main() and mutates the inputs;
 *  - by the normal build (build/rel and build/asan, gcc) together with
 *    replay.c, a GTest main() that runs every file of
 *    tests/fuzz/corpus/NAME/ through the target once: the seeds and the
 *    inputs that once crashed are regression tests of `make test`.
 *
 * A target checks invariants, not only that nothing crashes: a broken one
 * is reported by FZ_CHECK, which prints what was expected and aborts, so
 * that libFuzzer saves the input like any other crash.
 */
#ifndef NG_FUZZ_H
#define NG_FUZZ_H

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "docresult.h"
#include "gazetteer.h"
#include "graph.h"
#include "matcher.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort with a message when an invariant does not hold. */
#define FZ_CHECK(cond, ...)                                                 \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "%s:%d: invariant failed: %s: ", __FILE__,     \
                    __LINE__, #cond);                                       \
            fprintf(stderr, __VA_ARGS__);                                   \
            fputc('\n', stderr);                                            \
            abort();                                                        \
        }                                                                   \
    } while (0)

/* A path ending in `suffix` in a scratch folder of this process (on
 * /dev/shm when it exists), the same on every call with the same suffix;
 * newly allocated. The folder is removed at exit (not after an abort: a
 * crash leaves its files for a look). */
char *fz_path(const char *suffix);

/* Write data[0..size) to `path` (replacing it). */
void fz_write(const char *path, const void *data, size_t size);

/* Write the input to this process's file ending in `suffix` (fz_path)
 * and return its path (kept for the process). */
const char *fz_input_file(const char *suffix, const void *data, size_t size);

/* A path under the source tree ($NEGRAPH_SRCDIR, else "."); newly
 * allocated. */
char *fz_src_path(const char *relative);

/* The gazetteer of folder `relative` (under the source tree) and its
 * matcher, loaded once for the process; aborts if it does not load. */
const NgGazetteer *fz_gazetteer(const char *relative, const NgMatcher **matcher);

/* Does `msg` start with "PATH:LINE:COLUMN: " (LINE, COLUMN >= 1)? */
gboolean fz_has_position(const char *msg, const char *path);

/* TRUE if s[0..len) is valid UTF-8 without NUL bytes. */
gboolean fz_utf8(const char *s, gsize len);

/* Text as the reader hands it over (valid UTF-8, no NUL) from raw bytes:
 * each NUL becomes `nul` (the reader refuses NUL bytes; replacing them
 * keeps what follows), invalid sequences U+FFFD. Newly allocated. */
char *fz_text(const void *data, gsize size, char nul);

/* memcmp that accepts the NULL data of empty GArrays. */
gboolean fz_same(const void *a, const void *b, gsize n);

/* Abort unless s (may be NULL) is valid UTF-8; `what` names it. */
void fz_check_utf8(const char *s, const char *what);

/* Abort unless result r is whole: every mention and edge points at one of
 * its entities, weights are finite and > 0, strings are valid UTF-8,
 * types known (fuzz_results, fuzz_state). */
void fz_check_result(const NgDocResult *r);

/* Write g as GraphML: it is written, or refused with NG_ERROR_USAGE /
 * NG_ERROR_CONFIG (a name that GraphML cannot take). */
void fz_graph_written(const NgGraph *g);

/* Add r to a graph twice and write it (fz_graph_written). */
void fz_result_into_graph(const NgDocResult *r);

#endif
