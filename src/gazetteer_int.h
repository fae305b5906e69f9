/*
 * gazetteer_int.h - the store operations that the YAML loader
 * (gazetteer_yaml.c) shares with gazetteer.c, beyond gazetteer.h.
 * Not for other modules.
 */
#ifndef NG_GAZETTEER_INT_H
#define NG_GAZETTEER_INT_H

#include "gazetteer.h"

/* Add an entity whose id is not taken; strings are copied, origin may be
 * NULL. Returns its index. */
guint32 ng_gazetteer_new_entity(NgGazetteer *gz, const char *name,
                                NgEntityType type, const char *id,
                                const char *origin);

/* ng_gazetteer_add_alias, returning the first entity that claimed this
 * alias text (perhaps `entity` itself). */
guint32 ng_gazetteer_put_alias(NgGazetteer *gz, guint32 entity,
                               const char *text, guint32 flags);

/* A copy of s that lives as long as gz. */
char *ng_gazetteer_strdup(NgGazetteer *gz, const char *s);

#endif
