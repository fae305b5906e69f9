/*
 * query_names.c - finding an entity by the name an analyst types
 * (ng_query_resolve): its id, canonical name or an alias, compared
 * case-insensitively and ignoring dots, with suggestions when nothing
 * matches.
 *
 * A question resolves one or two names, so a linear scan of the nodes is
 * cheaper than building an index (a few tens of milliseconds for 100,000
 * nodes).
 */
#include <string.h>

#include "query_int.h"

/* Aliases are surface forms joined by this (the contract). */
#define ALIAS_SEP " | "

/* Pure ASCII is folded by hand: it is nearly every name, and resolving
 * folds all of them. */
void ng_query_fold(const char *s, gsize len, GString *out)
{
    g_string_truncate(out, 0);
    gboolean ascii = TRUE;
    for (gsize i = 0; i < len; i++)
        ascii &= !((guchar)s[i] & 0x80);
    char *tmp = NULL;
    if (!ascii) {
        char *n = g_utf8_normalize(s, (gssize)len, G_NORMALIZE_ALL_COMPOSE);
        tmp = g_utf8_casefold(n ? n : "", -1);
        g_free(n);
        s = tmp;
        len = strlen(tmp);
    }
    gboolean space = FALSE;
    for (gsize i = 0; i < len; i++) {
        char c = s[i];
        if (c == '.')
            continue;
        if (g_ascii_isspace(c)) {
            space = out->len > 0;
            continue;
        }
        if (space)
            g_string_append_c(out, ' ');
        space = FALSE;
        g_string_append_c(out, ascii ? g_ascii_tolower(c) : c);
    }
    g_free(tmp);
}

/* How a node matched: the lower, the better. */
enum { BY_ID, BY_LABEL, BY_ALIAS, NO_MATCH };

gboolean ng_query_each_name(const NgQuery *q, igraph_integer_t v,
                            NgQueryNameFn fn, gpointer data)
{
    if (fn(q->label[v], strlen(q->label[v]), data))
        return TRUE;
    const char *a = ng_query_vstr(q, v, "aliases");
    while (*a) {
        const char *end = strstr(a, ALIAS_SEP);
        gsize len = end ? (gsize)(end - a) : strlen(a);
        if (len > 0 && fn(a, len, data))
            return TRUE;
        a = end ? end + strlen(ALIAS_SEP) : a + len;
    }
    return FALSE;
}

typedef struct {
    const char *want;   /* folded query */
    GString *tmp;
} Exact;

static gboolean name_equals(const char *name, gsize len, gpointer data)
{
    Exact *x = data;
    ng_query_fold(name, len, x->tmp);
    return !strcmp(x->tmp->str, x->want);
}

/* How node v matches x->want; levels worse than `best` (the best match
 * so far) are not checked. */
static int match_level(const NgQuery *q, igraph_integer_t v, int best,
                       Exact *x)
{
    ng_query_fold(q->id[v], strlen(q->id[v]), x->tmp);
    if (!strcmp(x->tmp->str, x->want))
        return BY_ID;
    if (best == BY_ID)
        return NO_MATCH;
    ng_query_fold(q->label[v], strlen(q->label[v]), x->tmp);
    if (!strcmp(x->tmp->str, x->want))
        return BY_LABEL;
    if (best == BY_LABEL)
        return NO_MATCH;
    return ng_query_each_name(q, v, name_equals, x) ? BY_ALIAS : NO_MATCH;
}

/* ---- suggestions ---- */

/* Levenshtein distance between two code point strings, or limit + 1 when
 * it exceeds `limit`. */
static guint distance(const gunichar *a, glong la, const gunichar *b,
                      glong lb, guint limit)
{
    if ((guint)ABS(la - lb) > limit)
        return limit + 1;
    guint *row = g_new(guint, lb + 1);
    for (glong j = 0; j <= lb; j++)
        row[j] = (guint)j;
    for (glong i = 1; i <= la; i++) {
        guint diag = row[0], best = row[0] = (guint)i;
        for (glong j = 1; j <= lb; j++) {
            guint up = row[j];
            guint cost = diag + (a[i - 1] != b[j - 1]);
            cost = MIN(cost, up + 1);
            cost = MIN(cost, row[j - 1] + 1);
            row[j] = cost;
            diag = up;
            best = MIN(best, cost);
        }
        if (best > limit) {
            g_free(row);
            return limit + 1;
        }
    }
    guint d = row[lb];
    g_free(row);
    return MIN(d, limit + 1);
}

typedef struct {
    const char *want;         /* folded query */
    gunichar *want_u;
    glong want_len;
    guint limit;              /* farther names are not suggested */
    guint best;               /* this node's closest name so far */
    GString *tmp;
} Near;

static gboolean name_near(const char *name, gsize len, gpointer data)
{
    Near *n = data;
    ng_query_fold(name, len, n->tmp);
    glong l;
    gunichar *u = g_utf8_to_ucs4_fast(n->tmp->str, -1, &l);
    guint d = distance(n->want_u, n->want_len, u, l, n->limit);
    /* A surname typed for a full name: "Warnigg" for "Matthias Warnig".
     * Each word of three letters or more is a name of its own. */
    for (glong start = 0, end; start < l; start = end + 1) {
        for (end = start; end < l && u[end] != ' '; end++)
            ;
        if (end - start >= 3 && end - start < l)
            d = MIN(d, distance(n->want_u, n->want_len, u + start,
                                end - start, n->limit));
    }
    g_free(u);
    /* A name that contains the query, or is contained in it, is as good
     * as one typing mistake: "Nord Stream" for "Nord Stream 2 AG". */
    if (d > 1 && n->want_len >= 3 && l >= 3 &&
        (strstr(n->tmp->str, n->want) || strstr(n->want, n->tmp->str)))
        d = 1;
    n->best = MIN(n->best, d);
    return n->best == 0;
}

typedef struct {
    guint score;
    double mentions;
    igraph_integer_t v;
    const NgQuery *q;
} Candidate;

static gint cmp_candidate(gconstpointer pa, gconstpointer pb)
{
    const Candidate *a = pa, *b = pb;
    if (a->score != b->score)
        return a->score < b->score ? -1 : 1;
    if (a->mentions != b->mentions)
        return a->mentions > b->mentions ? -1 : 1;
    return ng_query_cmp_rank(a->q, a->v, b->v);
}

static double mentions_of(const NgQuery *q, igraph_integer_t v)
{
    double m = ng_query_vnum(q, v, "mentions");
    return m == m ? m : 0;   /* NaN when absent */
}

/* "A (id), B (id)" for the first `max` candidates. */
static void list_candidates(const NgQuery *q, GArray *c, guint max,
                            GString *out)
{
    for (guint i = 0; i < c->len && i < max; i++) {
        igraph_integer_t v = g_array_index(c, Candidate, i).v;
        g_string_append_printf(out, "%s%s (%s)", i ? ", " : "", q->label[v],
                               q->id[v]);
    }
    if (c->len > max)
        g_string_append_printf(out, " and %u more", c->len - max);
}

#define MAX_SUGGESTIONS 5
#define MAX_LISTED 10

static char *unknown_message(const NgQuery *q, const char *name,
                             const char *want)
{
    Near n = { .want = want, .best = 0, .tmp = g_string_new(NULL) };
    n.want_u = g_utf8_to_ucs4_fast(want, -1, &n.want_len);
    /* About one typing mistake in three characters. */
    n.limit = MAX(1, (guint)n.want_len / 3);
    GArray *found = g_array_new(FALSE, FALSE, sizeof(Candidate));
    for (igraph_integer_t v = 0; v < q->n && n.want_len > 0; v++) {
        n.best = n.limit + 1;
        ng_query_each_name(q, v, name_near, &n);
        if (n.best <= n.limit) {
            Candidate c = { n.best, mentions_of(q, v), v, q };
            g_array_append_val(found, c);
        }
    }
    g_array_sort(found, cmp_candidate);
    GString *msg = g_string_new(NULL);
    g_string_append_printf(msg, "no entity named \"%s\"", name);
    if (found->len > 0) {
        g_string_append(msg, "; did you mean: ");
        g_array_set_size(found, MIN(found->len, MAX_SUGGESTIONS));
        list_candidates(q, found, MAX_SUGGESTIONS, msg);
        g_string_append_c(msg, '?');
    }
    g_array_free(found, TRUE);
    g_free(n.want_u);
    g_string_free(n.tmp, TRUE);
    return g_string_free(msg, FALSE);
}

igraph_integer_t ng_query_resolve(const NgQuery *q, const char *name,
                                  char **message)
{
    char *valid = g_utf8_make_valid(name, -1);
    GString *want = g_string_new(NULL);
    ng_query_fold(valid, strlen(valid), want);
    Exact x = { want->str, g_string_new(NULL) };

    /* Matches at the best level seen so far. */
    GArray *found = g_array_new(FALSE, FALSE, sizeof(Candidate));
    int level = NO_MATCH;
    for (igraph_integer_t v = 0; v < q->n && want->len > 0; v++) {
        int how = match_level(q, v, level, &x);
        if (how == NO_MATCH || how > level)
            continue;
        if (how < level)
            g_array_set_size(found, 0);
        level = how;
        Candidate c = { 0, mentions_of(q, v), v, q };
        g_array_append_val(found, c);
    }

    igraph_integer_t result = -1;
    if (found->len == 1) {
        result = g_array_index(found, Candidate, 0).v;
    } else if (found->len > 1) {
        g_array_sort(found, cmp_candidate);
        GString *msg = g_string_new(NULL);
        g_string_append_printf(msg, "\"%s\" is ambiguous: ", valid);
        list_candidates(q, found, MAX_LISTED, msg);
        g_string_append(msg, "; give the id");
        *message = g_string_free(msg, FALSE);
    } else {
        *message = unknown_message(q, valid, want->str);
    }
    g_array_free(found, TRUE);
    g_string_free(x.tmp, TRUE);
    g_string_free(want, TRUE);
    g_free(valid);
    return result;
}
