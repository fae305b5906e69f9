/*
 * paths.h - where negraph finds its data folders by default.
 */
#ifndef NG_PATHS_H
#define NG_PATHS_H

#include <glib.h>

/* The default folder `name` ("gazetteers", "rules"): $NEGRAPH_HOME/name if
 * NEGRAPH_HOME is set, else name/ beside the running binary, else name/
 * in the current folder. Newly allocated. */
char *ng_default_dir(const char *name);

#endif
