/*
 * timeline.c - per-bucket mentions and weights (timeline.h).
 *
 * Each node id and each edge key ("relation\x1fsource\x1ftarget\x1fD")
 * maps to a GArray of NgTimePoint kept sorted by bucket: a series holds at
 * most one point per bucket it was seen in, so a binary search and an
 * insert stay cheap, and the writer gets the series in time order as is.
 */
#include <stdlib.h>
#include <string.h>

#include "timeline.h"

struct NgTimeline {
    NgTimeBucket bucket;
    GHashTable *nodes;   /* id -> GArray of NgTimePoint */
    GHashTable *edges;   /* edge key -> GArray of NgTimePoint */
};

static const char *const bucket_names[] = {
    [NG_BUCKET_DAY] = "day",
    [NG_BUCKET_WEEK] = "week",
    [NG_BUCKET_MONTH] = "month",
};

gboolean ng_time_bucket_parse(const char *s, NgTimeBucket *out)
{
    for (guint i = 0; i < G_N_ELEMENTS(bucket_names); i++)
        if (s && !strcmp(s, bucket_names[i])) {
            *out = (NgTimeBucket)i;
            return TRUE;
        }
    return FALSE;
}

const char *ng_time_bucket_name(NgTimeBucket b)
{
    return bucket_names[b];
}

/* Parse exactly four, two and two digits; g_date_valid_dmy does the rest. */
static gboolean parse_ymd(const char *s, GDate *d)
{
    if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-')
        return FALSE;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !g_ascii_isdigit(s[i]))
            return FALSE;
    if (s[10] && s[10] != 'T' && s[10] != ' ')
        return FALSE;
    int y = atoi(s), m = atoi(s + 5), day = atoi(s + 8);
    if (y < 1 || !g_date_valid_dmy((GDateDay)day, (GDateMonth)m, (GDateYear)y))
        return FALSE;
    g_date_clear(d, 1);
    g_date_set_dmy(d, (GDateDay)day, (GDateMonth)m, (GDateYear)y);
    return TRUE;
}

guint32 ng_time_bucket_last(NgTimeBucket b, guint32 first)
{
    GDate d;
    g_date_clear(&d, 1);
    g_date_set_julian(&d, first);
    switch (b) {
    case NG_BUCKET_DAY:
        return first;
    case NG_BUCKET_WEEK:
        return first + 6;
    case NG_BUCKET_MONTH:
        break;
    }
    return first + g_date_get_days_in_month(g_date_get_month(&d),
                                            g_date_get_year(&d)) - 1;
}

gboolean ng_time_bucket_of(NgTimeBucket b, const char *date, guint32 *first)
{
    GDate d;
    if (!parse_ymd(date, &d))
        return FALSE;
    if (b == NG_BUCKET_WEEK)
        g_date_subtract_days(&d, g_date_get_weekday(&d) - G_DATE_MONDAY);
    else if (b == NG_BUCKET_MONTH)
        g_date_set_day(&d, 1);
    *first = g_date_get_julian(&d);
    return TRUE;
}

static void free_series(gpointer p)
{
    g_array_free(p, TRUE);
}

NgTimeline *ng_timeline_new(NgTimeBucket bucket)
{
    NgTimeline *t = g_new0(NgTimeline, 1);
    t->bucket = bucket;
    t->nodes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                     free_series);
    t->edges = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                     free_series);
    return t;
}

void ng_timeline_free(NgTimeline *t)
{
    if (!t)
        return;
    g_hash_table_destroy(t->nodes);
    g_hash_table_destroy(t->edges);
    g_free(t);
}

NgTimeBucket ng_timeline_bucket(const NgTimeline *t)
{
    return t->bucket;
}

/* Add `value` to the point of bucket `first` in the series of `key`. */
static void add_point(GHashTable *table, const char *key, guint32 first,
                      double value)
{
    GArray *s = g_hash_table_lookup(table, key);
    if (!s) {
        s = g_array_new(FALSE, FALSE, sizeof(NgTimePoint));
        g_hash_table_insert(table, g_strdup(key), s);
    }
    guint lo = 0, hi = s->len;
    while (lo < hi) {
        guint mid = (lo + hi) / 2;
        if (g_array_index(s, NgTimePoint, mid).first < first)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < s->len && g_array_index(s, NgTimePoint, lo).first == first) {
        g_array_index(s, NgTimePoint, lo).value += value;
    } else {
        NgTimePoint p = { first, value };
        g_array_insert_val(s, lo, p);
    }
}

/* Newly allocated. An undirected edge is keyed with its ends in id
 * order, as the graph stores it. */
static char *edge_key(const char *relation, const char *source,
                      const char *target, gboolean directed)
{
    if (!directed && strcmp(source, target) > 0) {
        const char *swap = source;
        source = target;
        target = swap;
    }
    return g_strdup_printf("%s\x1f%s\x1f%s\x1f%c", relation, source, target,
                           directed ? 'd' : 'u');
}

void ng_timeline_add(NgTimeline *t, const NgDocResult *r)
{
    guint32 first;
    if (!ng_time_bucket_of(t->bucket, r->date, &first))
        return;
    for (guint i = 0; i < r->mentions->len; i++) {
        const NgResultMention *m = &g_array_index(r->mentions, NgResultMention, i);
        const NgEntity *e = r->entities->pdata[m->entity];
        add_point(t->nodes, e->id, first, 1);
    }
    for (guint i = 0; i < r->edges->len; i++) {
        const NgResultEdge *e = &g_array_index(r->edges, NgResultEdge, i);
        const NgEntity *s = r->entities->pdata[e->source];
        const NgEntity *d = r->entities->pdata[e->target];
        char *key = edge_key(e->relation, s->id, d->id, e->directed);
        add_point(t->edges, key, first, e->weight);
        g_free(key);
    }
}

static const NgTimePoint *series(GHashTable *table, const char *key, guint *n)
{
    GArray *s = g_hash_table_lookup(table, key);
    *n = s ? s->len : 0;
    return s ? (const NgTimePoint *)(gpointer)s->data : NULL;
}

const NgTimePoint *ng_timeline_node(const NgTimeline *t, const char *id,
                                    guint *n)
{
    return series(t->nodes, id, n);
}

const NgTimePoint *ng_timeline_edge(const NgTimeline *t, const char *relation,
                                    const char *source, const char *target,
                                    gboolean directed, guint *n)
{
    char *key = edge_key(relation, source, target, directed);
    const NgTimePoint *s = series(t->edges, key, n);
    g_free(key);
    return s;
}
