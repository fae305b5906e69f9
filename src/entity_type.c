/*
 * entity_type.c - the names of the entity types (gazetteer.h), as they
 * appear in gazetteer files and in the GraphML `type` attribute.
 */
#include <string.h>

#include "gazetteer.h"

static const char *const type_names[NG_N_TYPES] = {
    [NG_TYPE_PERSON] = "person",
    [NG_TYPE_COUNTRY] = "country",
    [NG_TYPE_ORGANIZATION] = "organization",
};

const char *ng_entity_type_name(NgEntityType type)
{
    g_return_val_if_fail((guint)type < NG_N_TYPES, "unknown");
    return type_names[type];
}

gboolean ng_entity_type_parse(const char *name, NgEntityType *out)
{
    for (guint t = 0; t < NG_N_TYPES; t++) {
        if (name && !strcmp(name, type_names[t])) {
            *out = (NgEntityType)t;
            return TRUE;
        }
    }
    return FALSE;
}
