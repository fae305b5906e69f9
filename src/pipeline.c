/*
 * pipeline.c - one document to its result, and the graph to its file.
 */
#include "pipeline.h"

#include <string.h>

#include "ng.h"

NgDocResult *ng_process_document(const NgPipeline *p, const NgDoc *doc,
                                 NgTagged *scratch)
{
    ng_tag_document(p->matcher, p->gazetteer, &p->tag, doc, scratch);
    NgDocResult *r = ng_docresult_new(doc->id, doc->date);
    guint32 *ents = ng_docresult_add_mentions(r, scratch);
    ng_cooccur_add(r, scratch, ents, p->window);
    g_free(ents);
    return r;
}

char *ng_pipeline_options(const NgPipeline *p)
{
    return g_strdup_printf("--window %s%s", ng_window_name(p->window),
                           p->tag.metonyms ? "" : " --no-metonyms");
}

char *ng_pipeline_describe(const NgPipeline *p)
{
    char *options = ng_pipeline_options(p);
    char *d = g_strdup_printf("%s; gazetteers: %u entities, %u aliases",
                              options, p->gazetteer->entities->len,
                              p->gazetteer->aliases->len);
    g_free(options);
    return d;
}

gboolean ng_date_in_window(const char *date, const char *since,
                           const char *until)
{
    if (!since && !until)
        return TRUE;
    if (!date || !*date)
        return FALSE;
    /* ISO dates order as strings. "1987-03-01T10:00" sorts after "1987-03-01"
     * but before "1987-03-02"; comparing only as many bytes as the bound has
     * makes the bound cover its whole day (month, year). */
    if (since && strncmp(date, since, strlen(since)) < 0)
        return FALSE;
    if (until && strncmp(date, until, strlen(until)) > 0)
        return FALSE;
    return TRUE;
}

gboolean ng_date_valid(const char *s)
{
    static const char shape[] = "dddd-dd-dd";
    gsize i = 0;
    while (shape[i] && s[i] &&
           (shape[i] == 'd' ? g_ascii_isdigit(s[i]) : s[i] == '-'))
        i++;
    if (i == 4 || i == 7)           /* a year or a month */
        return !s[i];
    if (i == 10)                    /* a day, perhaps with a time */
        return !s[i] || s[i] == 'T';
    return FALSE;
}

gboolean ng_pipeline_write_graph(NgGraph *g, const char *path,
                                 const char *config, const NgGraphOptions *o,
                                 GError **error)
{
    if (o->min_weight > 0)
        ng_graph_prune(g, NG_COOCCURS, o->min_weight);
    GString *comment = g_string_new(NULL);
    g_string_append_printf(comment, "negraph %s; per document: %s; graph: "
                           "--min-weight %g", NG_VERSION, config, o->min_weight);
    if (o->since)
        g_string_append_printf(comment, " --since %s", o->since);
    if (o->until)
        g_string_append_printf(comment, " --until %s", o->until);
    if (o->portable)
        g_string_append(comment, " --portable");
    gboolean ok = ng_graph_write_graphml(g, path, comment->str, o->portable,
                                         error);
    g_string_free(comment, TRUE);
    return ok;
}
