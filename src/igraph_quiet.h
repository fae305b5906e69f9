/*
 * igraph_quiet.h - calling igraph from the library. igraph's default
 * error handler aborts the process and its warning handler prints; the
 * library must do neither, so code that calls igraph brackets the calls
 * with ng_igraph_quiet() / ng_igraph_restore(): in between, igraph's
 * "ignore" handlers are installed and errors come back as return codes.
 */
#ifndef NG_IGRAPH_QUIET_H
#define NG_IGRAPH_QUIET_H

#include <glib.h>
#include <igraph.h>

typedef struct {
    igraph_error_handler_t *error;
    igraph_warning_handler_t *warning;
} NgIgraphHandlers;

NgIgraphHandlers ng_igraph_quiet(void);
void ng_igraph_restore(NgIgraphHandlers h);

/* FALSE with "igraph WHAT: reason" in NG_ERROR_USAGE unless rc is
 * IGRAPH_SUCCESS. */
gboolean ng_igraph_check(igraph_error_t rc, const char *what, GError **error);

#endif
