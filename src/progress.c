/*
 * progress.c - counting and formatting progress (see progress.h).
 */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define INTERVAL_US 250000   /* redraw at most four times a second */

struct NgProgress {
    guint64 total, docs, bytes;
    gint64 start, last;      /* monotonic microseconds */
    GString *line;
};

NgProgress *ng_progress_new(guint64 total)
{
    NgProgress *p = g_new0(NgProgress, 1);
    p->total = total;
    p->start = g_get_monotonic_time();
    p->line = g_string_new(NULL);
    return p;
}

void ng_progress_free(NgProgress *p)
{
    if (!p)
        return;
    g_string_free(p->line, TRUE);
    g_free(p);
}

const char *ng_progress_add(NgProgress *p, guint64 bytes, gboolean force)
{
    p->docs++;
    p->bytes += bytes;
    gint64 now = g_get_monotonic_time();
    if (!force && now - p->last < INTERVAL_US)
        return NULL;
    p->last = now;
    double secs = (now - p->start) / 1e6;
    GString *s = p->line;
    g_string_printf(s, "%" G_GUINT64_FORMAT, p->docs);
    if (p->total)
        g_string_append_printf(s, "/%" G_GUINT64_FORMAT, p->total);
    g_string_append(s, " documents");
    if (p->total && p->docs <= p->total)
        g_string_append_printf(s, " (%.1f%%)", 100.0 * p->docs / p->total);
    g_string_append_printf(s, ", %.1f MB", p->bytes / 1e6);
    if (secs > 0) {
        g_string_append(s, ", ");
        ng_progress_rate(s, p->bytes, secs);
    }
    if (p->total && p->docs < p->total && secs > 0) {
        guint64 left = (guint64)(secs * (p->total - p->docs) / p->docs + 0.5);
        g_string_append_printf(s, ", ETA %" G_GUINT64_FORMAT ":%02u",
                               left / 60, (guint)(left % 60));
    }
    return s->str;
}

/* Lines in a JSON Lines file (a last line without a break counts). */
static guint64 count_lines(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char buf[1 << 16];
    size_t n;
    guint64 lines = 0;
    char last = '\n';
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        for (const char *p = buf; (p = memchr(p, '\n', n - (gsize)(p - buf)));
             p++)
            lines++;
        last = buf[n - 1];
    }
    fclose(f);
    return lines + (last != '\n');
}

/* `depth` bounds the walk: a symlink loop must not run forever, and an
 * estimate need not follow it. */
static guint64 count_path(const char *path, gboolean explicit, guint depth)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return 0;
    if (S_ISDIR(st.st_mode)) {
        GDir *dir = depth < 32 ? g_dir_open(path, 0, NULL) : NULL;
        if (!dir)
            return 0;
        guint64 n = 0;
        const char *name;
        while ((name = g_dir_read_name(dir))) {
            if (name[0] == '.')
                continue;
            char *child = g_build_filename(path, name, NULL);
            n += count_path(child, FALSE, depth + 1);
            g_free(child);
        }
        g_dir_close(dir);
        return n;
    }
    if (!S_ISREG(st.st_mode))
        return 0;
    if (g_str_has_suffix(path, ".jsonl"))
        return count_lines(path);
    return explicit || g_str_has_suffix(path, ".txt") ? 1 : 0;
}

guint64 ng_progress_count(char **inputs, guint n_inputs)
{
    guint64 n = 0;
    for (guint i = 0; i < n_inputs; i++) {
        if (!strcmp(inputs[i], "-"))
            return 0;
        n += count_path(inputs[i], TRUE, 0);
    }
    return n;
}

void ng_progress_rate(GString *out, guint64 bytes, double secs)
{
    if (secs <= 0)
        return;
    double rate = bytes / secs;
    if (rate >= 1e6)
        g_string_append_printf(out, "%.1f MB/s", rate / 1e6);
    else
        g_string_append_printf(out, "%.1f KB/s", rate / 1e3);
}
