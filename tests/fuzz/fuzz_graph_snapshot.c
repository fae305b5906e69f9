/*
 * fuzz_graph_snapshot.c - DIR/graph.snapshot, the graph a state build
 * keeps for the next one (snapshot.c, graph_snapshot.c): read back from
 * disk, where a crash, a full disk or a stray write may have changed it.
 *
 * Invariants:
 *  - the bytes give a snapshot or fail with NG_ERROR_FORMAT;
 *  - in a snapshot's graph every edge joins two of its nodes (an
 *    undirected one in id order), weights are finite and > 0, evidence
 *    is at most NG_GRAPH_MAX_EVIDENCE items, nothing was seen after the
 *    next document serial, every string is valid UTF-8, every type known;
 *  - it is lossless and deterministic: written and read again, it
 *    encodes to the same bytes;
 *  - more documents can be added to its graph, which is then written as
 *    GraphML or refused with NG_ERROR_USAGE / NG_ERROR_CONFIG.
 */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "graph.h"
#include "ng.h"
#include "snapshot.h"

static gboolean check_key(gpointer key, gpointer value, gpointer what)
{
    fz_check_utf8(key, what);
    return FALSE;
}

static void check_graph(const NgGraph *g, guint32 serial)
{
    guint nn = ng_graph_n_nodes(g);
    for (guint i = 0; i < nn; i++) {
        const NgNode *n = ng_graph_get_node(g, i);
        FZ_CHECK(n->type < NG_N_TYPES, "node type %d", n->type);
        FZ_CHECK(n->last_doc <= serial, "node seen after the last document");
        fz_check_utf8(n->id, "node id");
        fz_check_utf8(n->label, "node label");
        for (guint a = 0; a < n->n_attrs; a++) {
            fz_check_utf8(n->attrs[a].key, "attribute name");
            fz_check_utf8(n->attrs[a].value, "attribute value");
        }
        g_tree_foreach(n->aliases, check_key, "alias");
        fz_check_utf8(n->first_seen, "first seen");
        fz_check_utf8(n->last_seen, "last seen");
    }
    for (guint i = 0; i < ng_graph_n_edges(g); i++) {
        const NgEdge *e = ng_graph_get_edge(g, i);
        FZ_CHECK(e->source < nn && e->target < nn && e->source != e->target,
                 "edge %u-%u in %u nodes", e->source, e->target, nn);
        FZ_CHECK(e->directed ||
                     strcmp(ng_graph_get_node(g, e->source)->id,
                            ng_graph_get_node(g, e->target)->id) < 0,
                 "undirected edge out of order");
        FZ_CHECK(isfinite(e->weight) && e->weight > 0, "weight %g", e->weight);
        FZ_CHECK(e->n_evidence <= NG_GRAPH_MAX_EVIDENCE, "evidence %u",
                 e->n_evidence);
        FZ_CHECK(e->last_doc <= serial, "edge seen after the last document");
        fz_check_utf8(e->relation, "relation");
        for (guint k = 0; k < e->n_evidence; k++)
            fz_check_utf8(e->evidence[k], "evidence");
        if (e->rules)
            g_tree_foreach(e->rules, check_key, "rule");
        fz_check_utf8(e->cameo, "cameo");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *dir, *file;
    if (!dir) {
        dir = fz_path("snapshot");
        g_mkdir_with_parents(dir, 0755);
        file = g_build_filename(dir, "graph.snapshot", NULL);
    }
    GBytes *framed = ng_snapshot_frame(data, size);
    gsize flen;
    const void *fdata = g_bytes_get_data(framed, &flen);
    fz_write(file, fdata, flen);
    g_bytes_unref(framed);
    GError *err = NULL;
    NgSnapshot *s = ng_snapshot_load(dir, &err);
    if (!s) {
        FZ_CHECK(err && err->domain == NG_ERROR && err->code == NG_ERROR_FORMAT,
                 "failed without an NG_ERROR_FORMAT: %s",
                 err ? err->message : "no error");
        g_error_free(err);
        return 0;
    }
    FZ_CHECK(!err, "a snapshot and an error");
    FZ_CHECK(s->files->len == s->looks->len, "files and looks");
    check_graph(s->graph, s->serial);

    GBytes *once = ng_snapshot_encode(s);
    FZ_CHECK(ng_snapshot_write(dir, once, &err), "not written: %s",
             err->message);
    NgSnapshot *back = ng_snapshot_load(dir, &err);
    FZ_CHECK(back, "what was written does not read: %s", err->message);
    GBytes *twice = ng_snapshot_encode(back);
    FZ_CHECK(g_bytes_equal(once, twice), "written twice differently");
    g_bytes_unref(twice);
    g_bytes_unref(once);
    ng_snapshot_free(back);

    /* The next document: a node already there and a new one. */
    if (s->serial < G_MAXUINT32) {
        NgEntity e = { .id = "person.fuzz", .name = "Fuzz",
                       .type = NG_TYPE_PERSON };
        guint n = ng_graph_node(s->graph, &e);
        ng_graph_add_mention(s->graph, n, "Fuzz", s->serial, "2021-01-01");
        if (ng_graph_n_nodes(s->graph) > 1) {
            NgEdgeEvent ev = { .relation = "co-occurs", .source = 0,
                               .target = n, .weight = 1,
                               .doc_serial = s->serial, .doc_id = "d",
                               .evidence = "Fuzz met." };
            ng_graph_add_edge(s->graph, &ev);
        }
    }
    fz_graph_written(s->graph);
    ng_snapshot_free(s);
    return 0;
}
