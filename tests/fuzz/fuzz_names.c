/*
 * fuzz_names.c - the name pattern YAML loader (names_load.c), then name
 * resolution (resolve*.c) with the patterns it loaded.
 *
 * The input is the only file of a patterns folder, loaded for the
 * gazetteer of tests/fixtures/rules/gazetteer; a fixed news text, then
 * the input itself read as text, are tagged with the patterns.
 * Invariants:
 *  - a folder that does not load gives NG_ERROR_CONFIG whose message
 *    starts with "FILE:LINE:COLUMN: " (1-based), as does every line of it
 *    that names the file;
 *  - after resolution, mentions are in text order without overlap, their
 *    byte range is that of their tokens, and they never run over a
 *    paragraph break; a mention's entity exists (gazetteer or found) and
 *    its alias, when it has one, is an alias of that entity;
 *  - entities found in the text have an ASCII id that is a GraphML name,
 *    a non-empty UTF-8 name and a known type;
 *  - each mention's sentence holds its first token; surfaces are valid
 *    UTF-8.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "fuzz.h"
#include "graphml.h"
#include "matcher.h"
#include "ng.h"
#include "resolve.h"
#include "tagging.h"

static const char TEXT[] =
    "GAZPROM CHIEF MEETS PUTIN\n\n"
    "MOSCOW, March 3 (Reuters) - Finance Minister Kiichi Miyazawa met "
    "Gazprom's CEO, Alexei Miller, and William Bywater, president of the "
    "American Soybean Association, at Chrysler Corp. Chrysler said the "
    "European Community (EC) would act; the EC and Bank of Tokyo agreed.\n"
    "    Miller told Putin that Biden and Lavrov had spoken. September was "
    "cold in Turkey, said Chad.\n";

typedef struct {
    const NgGazetteer *gz;
    const NgMatcher *matcher;
    char *dir;    /* the patterns folder */
    char *path;   /* its only file */
} Fixture;

static const Fixture *fixture(void)
{
    static Fixture fx;
    if (fx.gz)
        return &fx;
    fx.gz = fz_gazetteer("tests/fixtures/rules/gazetteer", &fx.matcher);
    /* fz_path gives files in one scratch folder: make a folder there. */
    fx.dir = fz_path("-patterns");
    g_mkdir(fx.dir, 0700);
    fx.path = g_build_filename(fx.dir, "patterns.yaml", NULL);
    return &fx;
}

static void check_tagged(const NgTagged *t)
{
    const NgGazetteer *gz = t->gazetteer;
    const NgToken *tk = (const NgToken *)(void *)t->tokens->data;
    guint n_gz = gz->entities->len;
    for (guint i = 0; i < t->found->len; i++) {
        const NgEntity *e = t->found->pdata[i];
        FZ_CHECK(ng_graphml_is_name(e->id), "found entity id '%s'", e->id);
        FZ_CHECK(e->name && *e->name && fz_utf8(e->name, strlen(e->name)),
                 "found entity %u: bad name", i);
        FZ_CHECK((guint)e->type < NG_N_TYPES, "found entity %u: type", i);
    }
    guint32 next = 0;
    FZ_CHECK(t->sentence_of->len == t->mentions->len, "sentence_of length");
    for (guint i = 0; i < t->mentions->len; i++) {
        const NgMention *m = &g_array_index(t->mentions, NgMention, i);
        FZ_CHECK(m->n_tokens >= 1 && m->first_token >= next &&
                 m->first_token + m->n_tokens <= t->tokens->len,
                 "mention %u: tokens %u+%u after %u", i, m->first_token,
                 m->n_tokens, next);
        guint32 last = m->first_token + m->n_tokens - 1;
        FZ_CHECK(m->start == tk[m->first_token].start && m->end == tk[last].end,
                 "mention %u: bytes are not its tokens'", i);
        for (guint32 k = m->first_token + 1; k <= last; k++)
            FZ_CHECK(!(tk[k].flags & NG_TOK_PARA_BEFORE),
                     "mention %u runs over a paragraph break", i);
        FZ_CHECK(m->entity < n_gz + t->found->len, "mention %u: entity %u", i,
                 m->entity);
        if (m->alias != NG_MENTION_NO_ALIAS)
            FZ_CHECK(m->alias < gz->aliases->len &&
                     g_array_index(gz->aliases, NgAlias, m->alias).entity == m->entity,
                     "mention %u: alias %u not of entity %u", i, m->alias,
                     m->entity);
        guint32 s = g_array_index(t->sentence_of, guint32, i);
        FZ_CHECK(s < t->sentences->len, "mention %u: sentence %u", i, s);
        const NgSentence *sn = &g_array_index(t->sentences, NgSentence, s);
        FZ_CHECK(m->first_token >= sn->first &&
                 m->first_token < sn->first + sn->n_tokens,
                 "mention %u is not in its sentence", i);
        char *surface = ng_mention_surface(t, m);
        FZ_CHECK(fz_utf8(surface, strlen(surface)), "mention %u: surface", i);
        g_free(surface);
        next = last + 1;
    }
}

static void tag(const Fixture *fx, const NgNames *names, const char *text,
                gsize len)
{
    NgTagged *t = ng_tagged_new();
    NgDoc doc = { .id = "fuzz", .text = (char *)text, .len = len, .path = "-",
                  .date = "2021-05-19" };
    for (int metonyms = 0; metonyms <= 1; metonyms++) {
        NgTagOptions opt = { .metonyms = metonyms, .names = names };
        ng_tag_document(fx->matcher, fx->gz, &opt, &doc, t);
        check_tagged(t);
    }
    ng_tagged_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Fixture *fx = fixture();
    fz_write(fx->path, data, size);
    GError *err = NULL;
    NgNames *names = ng_names_new(fx->gz, fx->dir, &err);
    if (!names) {
        FZ_CHECK(err && err->domain == NG_ERROR && err->code == NG_ERROR_CONFIG,
                 "unexpected error kind");
        FZ_CHECK(fz_has_position(err->message, fx->path), "error without a "
                 "position: %s", err->message);
        char **lines = g_strsplit(err->message, "\n", -1);
        for (char **l = lines; *l; l++)
            FZ_CHECK(!g_str_has_prefix(*l, fx->path) || fz_has_position(*l, fx->path),
                     "error line without a position: %s", *l);
        g_strfreev(lines);
        g_error_free(err);
        return 0;
    }
    tag(fx, names, TEXT, sizeof TEXT - 1);
    char *text = fz_text(data, size, '\n');
    tag(fx, names, text, strlen(text));
    g_free(text);
    ng_names_free(names);
    return 0;
}
