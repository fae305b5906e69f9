/*
 * procmem.c - resident and peak memory from /proc/self/status (procmem.h).
 */
#include <stdlib.h>
#include <string.h>

#include "procmem.h"

/* The value of a "Name:   1234 kB" line, in bytes. */
static gboolean field(const char *status, const char *name, guint64 *out)
{
    const char *p = strstr(status, name);
    if (!p)
        return FALSE;
    *out = g_ascii_strtoull(p + strlen(name), NULL, 10) * 1024;
    return TRUE;
}

gboolean ng_proc_memory(guint64 *rss, guint64 *peak)
{
    char *status = NULL;
    if (!g_file_get_contents("/proc/self/status", &status, NULL, NULL))
        return FALSE;
    gboolean ok = field(status, "\nVmRSS:", rss) &&
                  field(status, "\nVmHWM:", peak);
    g_free(status);
    return ok;
}
