/*
 * igraph_quiet.c - igraph's handlers silenced around library calls
 * (igraph_quiet.h).
 */
#include "igraph_quiet.h"
#include "ng.h"

NgIgraphHandlers ng_igraph_quiet(void)
{
    NgIgraphHandlers h;
    h.error = igraph_set_error_handler(igraph_error_handler_ignore);
    h.warning = igraph_set_warning_handler(igraph_warning_handler_ignore);
    return h;
}

void ng_igraph_restore(NgIgraphHandlers h)
{
    igraph_set_error_handler(h.error);
    igraph_set_warning_handler(h.warning);
}

gboolean ng_igraph_check(igraph_error_t rc, const char *what, GError **error)
{
    if (rc == IGRAPH_SUCCESS)
        return TRUE;
    g_set_error(error, NG_ERROR, NG_ERROR_USAGE, "igraph %s: %s", what,
                igraph_strerror(rc));
    return FALSE;
}
