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
 * alias text (perhaps `entity` itself). `kept`: text lives as long as gz
 * (ng_gazetteer_keep_chunk) and need not be copied. */
guint32 ng_gazetteer_put_alias(NgGazetteer *gz, guint32 entity,
                               const char *text, guint32 flags, gboolean kept);

/* Adding strings without copying them (config_cache.c, gazetteer_yaml.c).
 * keep: gz holds a reference to `bytes`, so that strings in them may be
 * used by its entities and aliases. adopt_entity: add e (allocated with
 * g_new0, attrs with g_new; both taken over; strings not copied) whose id
 * is not taken; returns its index. adopt_aliases: append aliases as they
 * are (texts not copied, no merging of repeats); the indexes that
 * ng_gazetteer_put_alias needs are built when it is next called. */
void ng_gazetteer_keep(NgGazetteer *gz, GBytes *bytes);
/* The same for a string chunk, taken over: the YAML loader's strings are
 * committed where they are, not copied. */
void ng_gazetteer_keep_chunk(NgGazetteer *gz, GStringChunk *chunk);
guint32 ng_gazetteer_adopt_entity(NgGazetteer *gz, NgEntity *e);
void ng_gazetteer_adopt_aliases(NgGazetteer *gz, const NgAlias *aliases,
                                guint n);
/* adopt_entity for n entities in one array (g_new) whose attribute
 * arrays all lie in `attrs` (g_new, may be NULL); both are taken over and
 * freed with gz as they are, not entity by entity (45,000 frees of the
 * shipped gazetteers, at the end of every build). Once per gz, and
 * their attributes are not grown afterwards (as the YAML loader's merging
 * of an entity given twice would). */
void ng_gazetteer_adopt_entities(NgGazetteer *gz, NgEntity *block, guint n,
                                 NgAttr *attrs);

#endif
