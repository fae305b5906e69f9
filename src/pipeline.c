/*
 * pipeline.c - one document to its result, and the graph to its file.
 */
#include "pipeline.h"

#include <string.h>

NgScratch *ng_scratch_new(const NgPipeline *p)
{
    NgScratch *s = g_new0(NgScratch, 1);
    s->tagged = ng_tagged_new();
    if (p->rules)   /* none for `tag` */
        s->relations = ng_relations_new(p->rules, p->gazetteer);
    s->matches = g_array_new(FALSE, FALSE, sizeof(NgRelationMatch));
    return s;
}

void ng_scratch_free(NgScratch *s)
{
    if (!s)
        return;
    ng_tagged_free(s->tagged);
    ng_relations_free(s->relations);
    g_array_free(s->matches, TRUE);
    g_free(s);
}

NgDocResult *ng_process_document(const NgPipeline *p, const NgDoc *doc,
                                 NgScratch *scratch)
{
    NgTagged *t = scratch->tagged;
    ng_tag_document(p->matcher, p->gazetteer, &p->tag, doc, t);
    NgDocResult *r = ng_docresult_new(doc->id, doc->date);
    guint32 *ents = ng_docresult_add_mentions(r, t);
    ng_cooccur_add(r, t, ents, p->window);
    g_free(ents);
    g_array_set_size(scratch->matches, 0);
    ng_relations_find(scratch->relations, t, FALSE, scratch->matches);
    ng_relations_add(r, t, scratch->matches);
    return r;
}

char *ng_pipeline_options(const NgPipeline *p)
{
    return g_strdup_printf("window=%s metonyms=%s", ng_window_name(p->window),
                           p->tag.metonyms ? "on" : "off");
}

char *ng_pipeline_describe(const NgPipeline *p)
{
    char *options = ng_pipeline_options(p);
    char *d = g_strdup_printf("%s; gazetteers: %u entities, %u aliases; "
                              "rules: %u relations, %u rules", options,
                              p->gazetteer->entities->len,
                              p->gazetteer->aliases->len,
                              p->rules->relations->len,
                              ng_rules_n_rules(p->rules));
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
