/*
 * paths.h - where negraph finds its data folders by default, and the YAML
 * files in a folder.
 */
#ifndef NG_PATHS_H
#define NG_PATHS_H

#include <glib.h>

/* The default folder `name` ("gazetteers", "rules"): $NEGRAPH_HOME/name if
 * NEGRAPH_HOME is set, else name/ beside the running binary, else name/
 * in the current folder. Newly allocated. */
char *ng_default_dir(const char *name);

/* The regular *.yaml and *.yml files directly in folder `dir`, as paths
 * (dir/name), sorted by name so that loading order is fixed; a GPtrArray
 * that frees its strings. NULL if the folder cannot be read, with
 * *error_message set (newly allocated). */
GPtrArray *ng_yaml_files(const char *dir, char **error_message);

#endif
