/*
 * procmem.h - this process's memory, for the build summary and `make
 * bench`: how much a phase (metrics, layout) adds on top of what the
 * graph already holds.
 */
#ifndef NG_PROCMEM_H
#define NG_PROCMEM_H

#include <glib.h>

/* Resident memory now and its peak so far, in bytes (Linux: VmRSS and
 * VmHWM of /proc/self/status). FALSE where that is not available. */
gboolean ng_proc_memory(guint64 *rss, guint64 *peak);

#endif
