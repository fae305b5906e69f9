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
#include <math.h>
#include <string.h>

#include "docresult_json.h"
#include "fuzz.h"
#include "graph.h"
#include "ng.h"

static void check_utf8(const char *s, const char *what)
{
    FZ_CHECK(!s || fz_utf8(s, strlen(s)), "%s is not valid UTF-8", what);
}

static void check_result(const NgDocResult *r)
{
    guint n = r->entities->len;
    check_utf8(r->doc_id, "doc id");
    check_utf8(r->date, "date");
    for (guint i = 0; i < n; i++) {
        const NgEntity *e = r->entities->pdata[i];
        FZ_CHECK(e->id && e->name, "entity %u without id or name", i);
        check_utf8(e->id, "entity id");
        check_utf8(e->name, "entity name");
        FZ_CHECK((guint)e->type < NG_N_TYPES, "entity %u: type %d", i, e->type);
        for (guint k = 0; k < e->n_attrs; k++) {
            check_utf8(e->attrs[k].key, "attribute name");
            check_utf8(e->attrs[k].value, "attribute value");
        }
    }
    for (guint i = 0; i < r->mentions->len; i++) {
        const NgResultMention *m = &g_array_index(r->mentions, NgResultMention, i);
        FZ_CHECK(m->entity < n, "mention %u: entity %u of %u", i, m->entity, n);
        check_utf8(m->surface, "surface");
    }
    for (guint i = 0; i < r->edges->len; i++) {
        const NgResultEdge *e = &g_array_index(r->edges, NgResultEdge, i);
        FZ_CHECK(e->source < n && e->target < n, "edge %u: %u -> %u of %u", i,
                 e->source, e->target, n);
        FZ_CHECK(isfinite(e->weight) && e->weight > 0, "edge %u: weight %g", i,
                 e->weight);
        FZ_CHECK(e->relation, "edge %u without relation", i);
        check_utf8(e->relation, "relation");
        check_utf8(e->evidence, "evidence");
        check_utf8(e->rule, "rule");
        check_utf8(e->cameo, "cameo");
    }
}

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

static void into_graph(const NgDocResult *r)
{
    static char *path;
    if (!path)
        path = fz_path(".graphml");
    NgGraph *g = ng_graph_new();
    ng_graph_add_docresult(g, r, 0);
    ng_graph_add_docresult(g, r, 1);
    GError *err = NULL;
    if (!ng_graph_write_graphml(g, path, NULL, FALSE, &err)) {
        FZ_CHECK(err->domain == NG_ERROR && (err->code == NG_ERROR_USAGE ||
                                             err->code == NG_ERROR_CONFIG),
                 "writing the graph failed: %s", err->message);
        g_error_free(err);
    }
    ng_graph_free(g);
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
                check_result(r);
                into_graph(r);
            } else {
                check_utf8(h->version, "version");
                check_utf8(h->config, "config");
                check_utf8(h->fingerprint, "fingerprint");
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
