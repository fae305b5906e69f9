/*
 * fuzz_results.c - the JSON Lines of per-document results (docresult_json.c):
 * what `negraph merge` reads from `extract` and the incremental state
 * stores. Each line of the input is parsed on its own.
 *
 * Invariants:
 *  - a line gives a result or a header, or fails with NG_ERROR_FORMAT
 *    and gives neither;
 *  - in a result every mention and edge points at one of its entities,
 *    every weight is finite and > 0, and every string is valid UTF-8;
 *  - encoding is lossless and deterministic: a result or header written
 *    back parses, and writing that again gives the same bytes;
 *  - the result can be added to a graph, and the graph is written as
 *    GraphML or refused with NG_ERROR_USAGE / NG_ERROR_CONFIG (an id or
 *    attribute name that is not a GraphML name).
 */
#include <string.h>

#include "docresult_json.h"
#include "fuzz.h"
#include "ng.h"

/* Write, parse, write again: the same bytes. */
static void round_trip(const NgDocResult *r, const NgResultsHeader *h)
{
    char *once = r ? ng_docresult_to_json(r) : ng_results_header_to_json(h);
    NgDocResult *r2 = NULL;
    NgResultsHeader *h2 = NULL;
    GError *err = NULL;
    FZ_CHECK(ng_results_line_parse(once, strlen(once), &r2, &h2, &err),
             "what was written does not parse: %s\n%s", err->message, once);
    FZ_CHECK(!r == !r2 && !h == !h2, "a %s came back as a %s",
             r ? "result" : "header", r2 ? "result" : "header");
    char *twice = r2 ? ng_docresult_to_json(r2) : ng_results_header_to_json(h2);
    FZ_CHECK(!strcmp(once, twice), "written twice differently:\n%s\n%s", once,
             twice);
    g_free(twice);
    g_free(once);
    ng_docresult_free(r2);
    ng_results_header_free(h2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *eol = memchr(p, '\n', (gsize)(end - p));
        gsize n = eol ? (gsize)(eol - p) : (gsize)(end - p);
        NgDocResult *r = NULL;
        NgResultsHeader *h = NULL;
        GError *err = NULL;
        if (ng_results_line_parse(p, n, &r, &h, &err)) {
            FZ_CHECK(!r != !h, "result %p and header %p", (void *)r, (void *)h);
            if (r) {
                fz_check_result(r);
                fz_result_into_graph(r);
            } else {
                fz_check_utf8(h->version, "version");
                fz_check_utf8(h->config, "config");
                fz_check_utf8(h->fingerprint, "fingerprint");
            }
            round_trip(r, h);
        } else {
            FZ_CHECK(!r && !h && err && err->domain == NG_ERROR &&
                     err->code == NG_ERROR_FORMAT, "a failed line left %p %p",
                     (void *)r, (void *)h);
            g_error_free(err);
        }
        ng_docresult_free(r);
        ng_results_header_free(h);
        p += n + 1;
    }
    return 0;
}
