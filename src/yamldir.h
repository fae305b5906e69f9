/*
 * yamldir.h - the YAML files of a configuration folder, in a fixed order.
 */
#ifndef NG_YAMLDIR_H
#define NG_YAMLDIR_H

#include <glib.h>

/* Paths of the regular *.yaml and *.yml files directly in `dir`, sorted
 * by name (byte order, so loading and output are deterministic); hidden
 * files (".name") are not configuration, as for the fingerprint. NULL
 * with an NG_ERROR_CONFIG error "DIR: cannot open the WHAT folder: ..."
 * when the folder cannot be read. Free with g_ptr_array_unref. */
GPtrArray *ng_yaml_files(const char *dir, const char *what, GError **error);

#endif
