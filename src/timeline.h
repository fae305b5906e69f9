/*
 * timeline.h - when each node and edge was seen, per day, week or month:
 * what the GEXF writer turns into spells and dynamic `mentions` and
 * `weight` for Gephi's timeline.
 *
 * The graph (graph.h) keeps only totals. The builder therefore also hands
 * each document's result (docresult.h) to ng_timeline_add: its mentions
 * and its edges' weights are added to the bucket that holds the
 * document's date. A document without a usable date (none, or not
 * starting with YYYY-MM-DD) adds nothing here; its mentions and weights
 * are in the totals only.
 *
 * Buckets: a day; an ISO week (Monday to Sunday); a calendar month. A
 * bucket is named by its first day as a Julian day number (GDate).
 */
#ifndef NG_TIMELINE_H
#define NG_TIMELINE_H

#include <glib.h>
#include "docresult.h"

typedef enum {
    NG_BUCKET_DAY,
    NG_BUCKET_WEEK,
    NG_BUCKET_MONTH,
} NgTimeBucket;

/* "day" | "week" | "month". */
gboolean ng_time_bucket_parse(const char *s, NgTimeBucket *out);
const char *ng_time_bucket_name(NgTimeBucket b);

/* The bucket holding an ISO 8601 date ("1987-03-02", "1987-03-02T10:00Z"):
 * its first day as a Julian day number. FALSE if `date` does not start
 * with a valid YYYY-MM-DD. */
gboolean ng_time_bucket_of(NgTimeBucket b, const char *date, guint32 *first);
/* The last day of the bucket starting on `first`. */
guint32 ng_time_bucket_last(NgTimeBucket b, guint32 first);

typedef struct {
    guint32 first;   /* first day of the bucket (Julian day number) */
    double value;    /* mentions or weight in the bucket */
} NgTimePoint;

typedef struct NgTimeline NgTimeline;

NgTimeline *ng_timeline_new(NgTimeBucket bucket);
void ng_timeline_free(NgTimeline *t);
NgTimeBucket ng_timeline_bucket(const NgTimeline *t);

/* Add one document's result, by its date. */
void ng_timeline_add(NgTimeline *t, const NgDocResult *r);

/* The buckets of a node or edge in time order (NULL when it was never
 * seen in a dated document); *n is set to their number. The edge is named
 * as in graph.h: relation, source and target ids (for an undirected edge
 * in either order), direction. */
const NgTimePoint *ng_timeline_node(const NgTimeline *t, const char *id,
                                    guint *n);
const NgTimePoint *ng_timeline_edge(const NgTimeline *t, const char *relation,
                                    const char *source, const char *target,
                                    gboolean directed, guint *n);

#endif
