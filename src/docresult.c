/*
 * docresult.c - per-document results and their addition to the graph.
 */
#include "docresult.h"


NgDocResult *ng_docresult_new(const char *doc_id, const char *date)
{
    NgDocResult *r = g_new0(NgDocResult, 1);
    r->doc_id = g_strdup(doc_id);
    r->date = g_strdup(date);
    r->entities = g_ptr_array_new_with_free_func(ng_found_entity_free);
    r->mentions = g_array_new(FALSE, FALSE, sizeof(NgResultMention));
    r->edges = g_array_new(FALSE, FALSE, sizeof(NgResultEdge));
    r->by_id = g_hash_table_new(g_str_hash, g_str_equal);
    return r;
}

NgDocResult *ng_docresult_new_pooled(gpointer pool, guint n_entities,
                                     guint n_mentions, guint n_edges)
{
    NgDocResult *r = g_new0(NgDocResult, 1);
    r->pool = pool;
    r->entities = g_ptr_array_sized_new(n_entities);
    r->mentions = g_array_sized_new(FALSE, FALSE, sizeof(NgResultMention),
                                    n_mentions);
    r->edges = g_array_sized_new(FALSE, FALSE, sizeof(NgResultEdge),
                                 n_edges);
    return r;
}

void ng_docresult_free(NgDocResult *r)
{
    if (!r)
        return;
    if (r->pool) {   /* everything the arrays point to is in the pool */
        g_ptr_array_free(r->entities, TRUE);
        g_array_free(r->mentions, TRUE);
        g_array_free(r->edges, TRUE);
        g_free(r->pool);
        g_free(r);
        return;
    }
    for (guint i = 0; i < r->mentions->len; i++)
        g_free(g_array_index(r->mentions, NgResultMention, i).surface);
    for (guint i = 0; i < r->edges->len; i++) {
        NgResultEdge *e = &g_array_index(r->edges, NgResultEdge, i);
        g_free(e->relation);
        g_free(e->evidence);
        g_free(e->rule);
        g_free(e->cameo);
    }
    g_hash_table_destroy(r->by_id);
    g_ptr_array_free(r->entities, TRUE);
    g_array_free(r->mentions, TRUE);
    g_array_free(r->edges, TRUE);
    g_free(r->doc_id);
    g_free(r->date);
    g_free(r);
}

guint32 ng_docresult_entity(NgDocResult *r, const NgEntity *e)
{
    g_return_val_if_fail(!r->pool, 0);
    gpointer v = g_hash_table_lookup(r->by_id, e->id);
    if (v)
        return GPOINTER_TO_UINT(v) - 1;
    NgEntity *copy = ng_found_entity_new(e->name, e->type);
    g_free(copy->id);
    copy->id = g_strdup(e->id);
    copy->n_attrs = e->n_attrs;
    copy->attrs = g_new0(NgAttr, e->n_attrs ? e->n_attrs : 1);
    for (guint i = 0; i < e->n_attrs; i++) {
        copy->attrs[i].key = g_strdup(e->attrs[i].key);
        copy->attrs[i].value = g_strdup(e->attrs[i].value);
    }
    g_ptr_array_add(r->entities, copy);
    g_hash_table_insert(r->by_id, copy->id,
                        GUINT_TO_POINTER(r->entities->len));
    return r->entities->len - 1;
}

void ng_docresult_mention(NgDocResult *r, guint32 entity, const char *surface)
{
    g_return_if_fail(!r->pool);
    NgResultMention m = { entity, g_strdup(surface) };
    g_array_append_val(r->mentions, m);
}

void ng_docresult_edge(NgDocResult *r, const char *relation,
                       gboolean directed, guint32 source, guint32 target,
                       double weight, const char *evidence, const char *rule,
                       const char *cameo)
{
    g_return_if_fail(!r->pool);
    if (source == target)
        return;
    NgResultEdge e = {
        g_strdup(relation), directed, source, target, weight,
        g_strdup(evidence), g_strdup(rule), g_strdup(cameo),
    };
    g_array_append_val(r->edges, e);
}

guint32 *ng_docresult_add_mentions(NgDocResult *r, const NgTagged *t)
{
    guint n = t->mentions->len;
    guint32 *ents = g_new(guint32, n ? n : 1);
    for (guint i = 0; i < n; i++) {
        const NgMention *m = &g_array_index(t->mentions, NgMention, i);
        ents[i] = ng_docresult_entity(r, ng_tagged_entity(t, m->entity));
        char *surface = ng_mention_surface(t, m);
        ng_docresult_mention(r, ents[i], surface);
        g_free(surface);
    }
    return ents;
}

void ng_graph_add_docresult(NgGraph *g, const NgDocResult *r, guint32 serial)
{
    guint *node = g_new(guint, r->entities->len ? r->entities->len : 1);
    for (guint i = 0; i < r->entities->len; i++)
        node[i] = ng_graph_node(g, r->entities->pdata[i]);
    for (guint i = 0; i < r->mentions->len; i++) {
        const NgResultMention *m = &g_array_index(r->mentions, NgResultMention, i);
        ng_graph_add_mention(g, node[m->entity], m->surface, serial, r->date);
    }
    for (guint i = 0; i < r->edges->len; i++) {
        const NgResultEdge *e = &g_array_index(r->edges, NgResultEdge, i);
        NgEdgeEvent ev = {
            .relation = e->relation, .directed = e->directed,
            .source = node[e->source], .target = node[e->target],
            .weight = e->weight, .doc_serial = serial, .doc_id = r->doc_id,
            .date = r->date, .evidence = e->evidence, .rule = e->rule,
            .cameo = e->cameo,
        };
        ng_graph_add_edge(g, &ev);
    }
    g_free(node);
}
