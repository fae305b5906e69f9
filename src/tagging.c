/*
 * tagging.c - tokenize, split, match and resolve (resolve.c) one document.
 */
#include "tagging.h"

#include "resolve.h"

#include <string.h>

NgEntity *ng_found_entity_new(const char *name, NgEntityType type)
{
    NgEntity *e = g_new0(NgEntity, 1);
    e->name = g_strdup(name);
    e->type = type;
    e->id = ng_entity_make_id(type, name);
    return e;
}

void ng_found_entity_free(gpointer p)
{
    NgEntity *e = p;
    for (guint i = 0; i < e->n_attrs; i++) {
        g_free(e->attrs[i].key);
        g_free(e->attrs[i].value);
    }
    g_free(e->attrs);
    g_free(e->id);
    g_free(e->name);
    g_free(e->origin);
    g_free(e);
}

NgTagged *ng_tagged_new(void)
{
    NgTagged *t = g_new0(NgTagged, 1);
    t->tokens = g_array_new(FALSE, FALSE, sizeof(NgToken));
    t->sentences = g_array_new(FALSE, FALSE, sizeof(NgSentence));
    t->mentions = g_array_new(FALSE, FALSE, sizeof(NgMention));
    t->sentence_of = g_array_new(FALSE, FALSE, sizeof(guint32));
    t->found = g_ptr_array_new_with_free_func(ng_found_entity_free);
    return t;
}

void ng_tagged_free(NgTagged *t)
{
    if (!t)
        return;
    g_array_free(t->tokens, TRUE);
    g_array_free(t->sentences, TRUE);
    g_array_free(t->mentions, TRUE);
    g_array_free(t->sentence_of, TRUE);
    g_ptr_array_free(t->found, TRUE);
    ng_resolve_state_free(t->resolve_state);
    g_free(t);
}

void ng_tag_document(const NgMatcher *m, const NgGazetteer *gz,
                     const NgTagOptions *opt, const NgDoc *doc, NgTagged *t)
{
    t->doc = doc;
    t->gazetteer = gz;
    g_ptr_array_set_size(t->found, 0);
    g_array_set_size(t->tokens, 0);
    g_array_set_size(t->sentences, 0);
    g_array_set_size(t->mentions, 0);
    g_array_set_size(t->sentence_of, 0);

    ng_tokenize(doc->text, doc->len, t->tokens);
    const NgToken *toks = (const NgToken *)(void *)t->tokens->data;
    ng_split_sentences(doc->text, toks, t->tokens->len, t->sentences);
    ng_matcher_match(m, doc->text, toks, t->tokens->len, t->mentions);
    ng_resolve(opt, t);

    /* Sentences and mentions are both in text order: one merge pass. */
    guint s = 0;
    for (guint i = 0; i < t->mentions->len; i++) {
        const NgMention *mn = &g_array_index(t->mentions, NgMention, i);
        while (s + 1 < t->sentences->len) {
            const NgSentence *sn = &g_array_index(t->sentences, NgSentence, s);
            if (mn->first_token < sn->first + sn->n_tokens)
                break;
            s++;
        }
        guint32 si = s;
        g_array_append_val(t->sentence_of, si);
    }
}

const NgEntity *ng_tagged_entity(const NgTagged *t, guint32 entity)
{
    guint n = t->gazetteer->entities->len;
    return entity < n ? t->gazetteer->entities->pdata[entity]
                      : t->found->pdata[entity - n];
}

char *ng_mention_surface(const NgTagged *t, const NgMention *m)
{
    GString *s = g_string_sized_new(m->end - m->start);
    const char *p = t->doc->text + m->start, *end = t->doc->text + m->end;
    gboolean space = FALSE;
    for (; p < end; p++) {
        if (g_ascii_isspace(*p)) {
            space = TRUE;
            continue;
        }
        if (space && s->len)
            g_string_append_c(s, ' ');
        space = FALSE;
        g_string_append_c(s, *p);
    }
    return g_string_free(s, FALSE);
}
