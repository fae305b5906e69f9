/*
 * fuzz_state.c - the binary per-document results of the incremental
 * state (docresult_bin.c): what a rebuild reads back from state.sqlite,
 * which a damaged disk or a stray write may have changed. SQLite parses
 * its own file; the results inside it are ours to parse.
 *
 * Invariants:
 *  - the bytes give a result or fail with NG_ERROR_FORMAT;
 *  - in a result every mention and edge points at one of its entities,
 *    every weight is finite and > 0, every string is valid UTF-8 and
 *    every type known;
 *  - encoding is deterministic and lossless: the result encoded decodes,
 *    and encoding that again gives the same bytes;
 *  - the result can be added to a graph, which is written as GraphML or
 *    refused with NG_ERROR_USAGE / NG_ERROR_CONFIG.
 */
#include <string.h>

#include "docresult_bin.h"
#include "fuzz.h"
#include "ng.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GError *err = NULL;
    NgDocResult *r = ng_docresult_from_bin(data, size, &err);
    if (!r) {
        FZ_CHECK(err && err->domain == NG_ERROR && err->code == NG_ERROR_FORMAT,
                 "failed without an NG_ERROR_FORMAT");
        g_error_free(err);
        return 0;
    }
    FZ_CHECK(!err, "a result and an error");
    fz_check_result(r);
    GBytes *once = ng_docresult_to_bin(r);
    gsize n1;
    const void *b1 = g_bytes_get_data(once, &n1);
    NgDocResult *r2 = ng_docresult_from_bin(b1, n1, &err);
    FZ_CHECK(r2, "what was written does not decode: %s", err->message);
    GBytes *twice = ng_docresult_to_bin(r2);
    FZ_CHECK(g_bytes_equal(once, twice), "written twice differently");
    g_bytes_unref(twice);
    g_bytes_unref(once);
    ng_docresult_free(r2);
    fz_result_into_graph(r);
    ng_docresult_free(r);
    return 0;
}
