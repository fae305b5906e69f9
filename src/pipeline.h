/*
 * pipeline.h - what negraph does to one document, and to the graph once
 * the documents are in: the steps `build`, `extract` and `merge` share, so
 * that their outputs are byte for byte the same.
 *
 *   document --ng_process_document--> NgDocResult  (any thread, any order)
 *   results, in input order --ng_graph_add_docresult--> NgGraph
 *   graph --ng_pipeline_write_graph--> GraphML  (prune, comment, write)
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
#include "tagging.h"

/* The per-document configuration. Shared read-only by all threads. */
typedef struct {
    const NgGazetteer *gazetteer;
    const NgMatcher *matcher;
    NgTagOptions tag;
    NgWindow window;
} NgPipeline;

/* Tag one document and gather what it contributes to the graph (mentions,
 * co-occurrences). `scratch` is the calling thread's own buffer (one per
 * thread); the result owns copies of everything. */
NgDocResult *ng_process_document(const NgPipeline *p, const NgDoc *doc,
                                 NgTagged *scratch);

/* The options that decide a document's result, e.g. "--window sentence
 * --no-metonyms" (the gazetteer is not looked at). Newly allocated. */
char *ng_pipeline_options(const NgPipeline *p);
/* The same and the gazetteer's size, e.g. "--window sentence; gazetteers:
 * 20 entities, 30 aliases": what goes into the graph's comment and
 * extract's header. Newly allocated. */
char *ng_pipeline_describe(const NgPipeline *p);

/* What is done to the graph after the last document. */
typedef struct {
    double min_weight;     /* drop co-occurrence edges lighter than this */
    gboolean portable;     /* GraphML for networkx (ng_graph_write_graphml) */
    const char *since;     /* time window of the documents, or NULL */
    const char *until;
} NgGraphOptions;

/* Whether a document dated `date` falls in [since, until]. Both bounds are
 * inclusive at the precision given: until "1987-03" takes all of March.
 * Without bounds every document does; with one, an undated one does not. */
gboolean ng_date_in_window(const char *date, const char *since,
                           const char *until);
/* Whether s looks like the start of an ISO 8601 date: YYYY, YYYY-MM,
 * YYYY-MM-DD, optionally followed by a time ("T..."). */
gboolean ng_date_valid(const char *s);

/* Prune, then write the graph to `path` (atomically; "-" for stdout) with
 * a comment naming the version, `config` (ng_pipeline_describe) and the
 * options - never a clock time, so the same input gives the same bytes. */
gboolean ng_pipeline_write_graph(NgGraph *g, const char *path,
                                 const char *config, const NgGraphOptions *o,
                                 GError **error);

#endif
