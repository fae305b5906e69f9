/*
 * dateline.c - dates from datelines and file names (see dateline.h).
 */
#include "dateline.h"

#include <string.h>

/* Only the opening of an article is looked at: the dateline is in its
 * first lines (after the title), never further. */
#define HEAD_BYTES 600

#define MONTH "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?"

/* A dateline: up to two place names (or a weekday) each followed by a
 * comma, then a date with a year - month first ("March 3, 1987"), day
 * first ("19 May 2021") or ISO - not followed by more digits. */
static const char dateline_re[] =
    "^[ \\t]*(?:[[:alpha:]][[:alpha:].'’ -]{0,40},[ \\t]+){0,2}"
    "(?:" MONTH "[ \\t]+([0-9]{1,2}),?[ \\t]+([0-9]{4})"
    "|([0-9]{1,2})[ \\t]+" MONTH ",?[ \\t]+([0-9]{4})"
    "|([0-9]{4})-([0-9]{2})-([0-9]{2}))(?![0-9])";

static const char *const months[] = { "jan", "feb", "mar", "apr", "may",
                                      "jun", "jul", "aug", "sep", "oct",
                                      "nov", "dec" };

/* The ISO form of a real calendar date from 1900 to 2099, or NULL. */
static char *iso_date(guint year, guint month, guint day)
{
    if (year < 1900 || year > 2099 || month < 1 || month > 12 ||
        !g_date_valid_dmy((GDateDay)day, (GDateMonth)month, (GDateYear)year))
        return NULL;
    return g_strdup_printf("%04u-%02u-%02u", year, month, day);
}

static guint month_number(const char *name)
{
    for (guint i = 0; i < G_N_ELEMENTS(months); i++)
        if (!g_ascii_strncasecmp(name, months[i], 3))
            return i + 1;
    return 0;
}

/* Group n of the match as a number (0 when it did not take part). */
static guint group_number(const GMatchInfo *mi, gint n)
{
    char *s = g_match_info_fetch(mi, n);
    guint v = s && *s ? (guint)g_ascii_strtoull(s, NULL, 10) : 0;
    g_free(s);
    return v;
}

static guint group_month(const GMatchInfo *mi, gint n)
{
    char *s = g_match_info_fetch(mi, n);
    guint v = s && *s ? month_number(s) : 0;
    g_free(s);
    return v;
}

/* Does text[0..n) hold a year from 1900 to 2099? Most datelines have
 * none, and this is cheaper than the regular expression. */
static gboolean has_year(const char *text, gsize n)
{
    for (gsize i = 0; i + 4 <= n; i++)
        if ((text[i] == '1' && text[i + 1] == '9') ||
            (text[i] == '2' && text[i + 1] == '0'))
            if (g_ascii_isdigit(text[i + 2]) && g_ascii_isdigit(text[i + 3]))
                return TRUE;
    return FALSE;
}

char *ng_dateline_date(const char *text, gsize len)
{
    static GRegex *re;   /* compiled once, shared: GRegex is thread-safe */
    static gsize once;
    if (g_once_init_enter(&once)) {
        re = g_regex_new(dateline_re, G_REGEX_CASELESS | G_REGEX_MULTILINE |
                         G_REGEX_OPTIMIZE, 0, NULL);
        g_once_init_leave(&once, 1);
    }
    /* The head, cut at a character boundary. */
    gsize n = MIN(len, HEAD_BYTES);
    while (n < len && n > 0 && ((guchar)text[n] & 0xC0) == 0x80)
        n--;
    if (!has_year(text, n))
        return NULL;
    GMatchInfo *mi = NULL;
    char *date = NULL;
    g_regex_match_full(re, text, (gssize)n, 0, 0, &mi, NULL);
    for (; !date && g_match_info_matches(mi); g_match_info_next(mi, NULL)) {
        if (group_number(mi, 3))        /* March 3, 1987 */
            date = iso_date(group_number(mi, 3), group_month(mi, 1),
                            group_number(mi, 2));
        else if (group_number(mi, 6))   /* 19 May 2021 */
            date = iso_date(group_number(mi, 6), group_month(mi, 5),
                            group_number(mi, 4));
        else                            /* 2021-05-19 */
            date = iso_date(group_number(mi, 7), group_number(mi, 8),
                            group_number(mi, 9));
    }
    g_match_info_free(mi);
    return date;
}

char *ng_path_date(const char *path)
{
    char *base = g_path_get_basename(path);
    const char *b = base;
    guint v[3] = { 0 };
    static const guint width[3] = { 4, 2, 2 };
    gboolean ok = TRUE;
    for (guint k = 0; k < 3 && ok; k++) {
        if (k > 0 && (*b == '-' || *b == '_'))   /* 2021-05-19 or 20210519 */
            b++;
        for (guint i = 0; i < width[k] && ok; i++, b++) {
            ok = g_ascii_isdigit(*b);
            v[k] = v[k] * 10 + (guint)(*b - '0');
        }
    }
    char *date = ok && !g_ascii_isdigit(*b) ? iso_date(v[0], v[1], v[2]) : NULL;
    g_free(base);
    return date;
}
