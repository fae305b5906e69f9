/*
 * pipeline.h - what negraph does to one document: the step `build` and
 * `extract` share, so that their results are the same.
 *
 *   document --ng_process_document--> NgDocResult  (any thread, any order)
 *   results, in input order --ng_graph_add_docresult--> NgGraph
 *
 * runner.h runs the first step on a thread pool and hands the results
 * back in input order.
 */
#ifndef NG_PIPELINE_H
#define NG_PIPELINE_H

#include <glib.h>
#include "cooccur.h"
#include "docresult.h"
#include "gazetteer.h"
#include "graph.h"
#include "matcher.h"
#include "relations.h"
#include "rules.h"
#include "tagging.h"

/* The per-document configuration. Shared read-only by all threads. */
typedef struct {
    const NgGazetteer *gazetteer;
    const NgMatcher *matcher;
    const NgRuleSet *rules;
    NgTagOptions tag;     /* with the name patterns */
    NgWindow window;
} NgPipeline;

/* What one thread reuses from document to document: the tagging buffers
 * and a relation engine (neither may be shared between threads). */
typedef struct {
    NgTagged *tagged;
    NgRelationEngine *relations;   /* NULL without rules */
    GArray *matches;      /* NgRelationMatch */
} NgScratch;

/* For pipeline p, whose gazetteer and rules must be loaded by now (a
 * pipeline without rules, `tag`'s, gets no relation engine and must not
 * be given to ng_process_document). */
NgScratch *ng_scratch_new(const NgPipeline *p);
void ng_scratch_free(NgScratch *s);

/* Tag one document and gather what it contributes to the graph: mentions,
 * co-occurrences, relations found by the rules. The result owns copies of
 * everything. */
NgDocResult *ng_process_document(const NgPipeline *p, const NgDoc *doc,
                                 NgScratch *scratch);

/* The options that decide a document's result, e.g. "window=sentence
 * metonyms=off" (the gazetteer is not looked at). Newly allocated. */
char *ng_pipeline_options(const NgPipeline *p);
/* The same with the size of the gazetteer and rules, e.g.
 * "window=sentence metonyms=on; gazetteers: 20 entities, 30 aliases;
 * rules: 3 relations, 12 rules": what goes into the graph's comment and
 * extract's header. Newly allocated. */
char *ng_pipeline_describe(const NgPipeline *p);

/* Whether a document dated `date` falls in [since, until]. Both bounds are
 * inclusive at the precision given: until "1987-03" takes all of March.
 * Without bounds every document does; with one, an undated one does not. */
gboolean ng_date_in_window(const char *date, const char *since,
                           const char *until);
/* Whether s looks like the start of an ISO 8601 date: YYYY, YYYY-MM,
 * YYYY-MM-DD, optionally followed by a time ("T..."). */
gboolean ng_date_valid(const char *s);

#endif
