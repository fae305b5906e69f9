/*
 * fuzz_gazetteer_diff.c - which documents a change of gazetteers can
 * affect (gazetteer_diff.h), tested against tagging itself.
 *
 * The input is a change and a text: its first byte picks the kind of
 * change, its second an entity, and its first line (after those two
 * bytes) a name; the rest is the text. The old gazetteer is the fixture
 * tests/fixtures/names/gazetteers with the shipped name patterns; the new
 * one is the same YAML changed:
 *   0  a person named LINE added after the entity picked;
 *   1  an organization named LINE added there;
 *   2  LINE added as an alias of the entity picked;
 *   3  the entity picked removed;
 *   4  the entity picked given the name LINE (its id stays);
 *   5  the entity picked given the role LINE;
 *   6  the entity picked moved to the end.
 * Invariant: when the diff says the text is not affected, tagging it with
 * the new gazetteer gives the same result (mentions, entities and their
 * attributes, as the result's JSON) as with the old one.
 */
#include <string.h>

#include "docresult.h"
#include "docresult_json.h"
#include "fuzz.h"
#include "gazetteer_diff.h"
#include "matcher.h"
#include "ng.h"
#include "resolve.h"
#include "tagging.h"

typedef struct {
    NgGazetteer *gz;
    NgMatcher *matcher;
    NgNames *names;
} Config;

/* The config of a gazetteer folder holding `yaml`; NULL if it does not
 * load (a name the YAML cannot take). */
static Config *config_load(const char *yaml)
{
    static char *dir, *path, *patterns;
    if (!dir) {
        dir = fz_path("-gazetteer");
        g_mkdir(dir, 0700);
        path = g_build_filename(dir, "test.yaml", NULL);
        patterns = fz_src_path("gazetteers/patterns");
    }
    fz_write(path, yaml, strlen(yaml));
    Config *c = g_new0(Config, 1);
    c->gz = ng_gazetteer_new();
    if (!ng_gazetteer_load_dir(c->gz, dir, NULL, NULL)) {
        ng_gazetteer_free(c->gz);
        g_free(c);
        return NULL;
    }
    GError *error = NULL;
    c->names = ng_names_new(c->gz, patterns, &error);
    FZ_CHECK(c->names, "patterns: %s", error->message);
    c->matcher = ng_matcher_new(c->gz);
    return c;
}

static void config_free(Config *c)
{
    ng_matcher_free(c->matcher);
    ng_names_free(c->names);
    ng_gazetteer_free(c->gz);
    g_free(c);
}

static NgDocResult *tag(const Config *c, const char *text, gsize len)
{
    NgDoc doc = { .id = "fuzz", .text = (char *)text, .len = len };
    NgTagOptions opt = { .metonyms = TRUE, .names = c->names };
    NgTagged *t = ng_tagged_new();
    ng_tag_document(c->matcher, c->gz, &opt, &doc, t);
    NgDocResult *r = ng_docresult_new("fuzz", NULL);
    g_free(ng_docresult_add_mentions(r, t));
    ng_tagged_free(t);
    return r;
}

/* The fixture's YAML split into its head and its entries. */
typedef struct {
    char *head;
    GPtrArray *entries;   /* "  - name: ...\n..." each */
} Fixture;

static const Fixture *fixture(void)
{
    static Fixture fx;
    if (fx.entries)
        return &fx;
    char *path = fz_src_path("tests/fixtures/names/gazetteers/test.yaml");
    char *text;
    FZ_CHECK(g_file_get_contents(path, &text, NULL, NULL), "no fixture");
    fx.entries = g_ptr_array_new();
    char **parts = g_strsplit(text, "\n  - name: ", -1);
    fx.head = g_strconcat(parts[0], "\n", NULL);
    for (guint i = 1; parts[i]; i++)
        g_ptr_array_add(fx.entries, g_strconcat("  - name: ", parts[i],
                                                g_str_has_suffix(parts[i], "\n")
                                                    ? "" : "\n", NULL));
    g_strfreev(parts);
    g_free(text);
    g_free(path);
    return &fx;
}

/* A YAML double-quoted scalar of `s` (valid UTF-8). */
static char *quoted(const char *s)
{
    GString *q = g_string_new("\"");
    for (const char *p = s; *p; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_c(q, '\\');
        g_string_append_c(q, *p);
    }
    g_string_append_c(q, '"');
    return g_string_free(q, FALSE);
}

/* Entry e with `from` (its first occurrence) replaced by `to`, or NULL
 * when e has no `from`. */
static char *replace_in(const char *e, const char *from, const char *to)
{
    const char *at = strstr(e, from);
    return at ? g_strdup_printf("%.*s%s%s", (int)(at - e), e, to,
                                at + strlen(from))
              : NULL;
}

/* Entry e changed by `kind` with the YAML scalar `name`. */
static char *change_entry(const char *e, guint kind, const char *name)
{
    const char *nl = strchr(e, '\n');
    NgEntityType type = strstr(e, "type: person") ? NG_TYPE_PERSON
                        : strstr(e, "type: country") ? NG_TYPE_COUNTRY
                        : NG_TYPE_ORGANIZATION;
    char *with = NULL, *out;
    switch (kind) {
    case 0:
    case 1:
        return g_strdup_printf("%s  - name: %s\n    type: %s\n", e, name,
                               kind ? "organization" : "person");
    case 2:
        with = g_strconcat("    aliases: [", name, ", ", NULL);
        out = replace_in(e, "    aliases: [", with);
        if (!out)
            out = g_strdup_printf("%s    aliases: [%s]\n", e, name);
        g_free(with);
        return out;
    case 3:
        return g_strdup("");
    case 4: {
        /* The id the old name made stays. */
        char *old = g_strndup(e + strlen("  - name: "),
                              (gsize)(nl - e) - strlen("  - name: "));
        char *id = ng_entity_make_id(type, old);
        out = g_strdup_printf("  - name: %s\n    id: %s%s", name, id, nl);
        g_free(id);
        g_free(old);
        return out;
    }
    case 5: {
        /* A role replaced, added to the attributes, or the first. */
        const char *role = strstr(e, "{role: ");
        if (role) {
            const char *end = role + strcspn(role, ",}");
            return g_strdup_printf("%.*s{role: %s%s", (int)(role - e), e, name,
                                   end);
        }
        with = g_strconcat("    attributes: {role: ", name, ", ", NULL);
        out = replace_in(e, "    attributes: {", with);
        if (!out)
            out = g_strdup_printf("%s    attributes: {role: %s}\n", e, name);
        g_free(with);
        return out;
    }
    default:
        return g_strdup(e);
    }
}

/* The fixture, changed as the file comment says (kind 6: moved; 7:
 * unchanged). */
static char *changed_yaml(const Fixture *fx, guint kind, guint pick,
                          const char *line)
{
    char *name = quoted(line);
    GString *y = g_string_new(fx->head);
    guint n = fx->entries->len;
    pick %= n;
    for (guint i = 0; i < n; i++) {
        const char *e = fx->entries->pdata[i];
        if (i != pick || kind >= 6) {
            if (i != pick || kind != 6)
                g_string_append(y, e);
            continue;
        }
        char *c = change_entry(e, kind, name);
        g_string_append(y, c);
        g_free(c);
    }
    if (kind == 6)
        g_string_append(y, fx->entries->pdata[pick]);
    g_free(name);
    return g_string_free(y, FALSE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static Config *old;
    const Fixture *fx = fixture();
    if (!old) {
        char *yaml = changed_yaml(fx, 7, 0, "");
        old = config_load(yaml);
        FZ_CHECK(old, "the fixture does not load");
        g_free(yaml);
    }
    if (size < 3)
        return 0;
    guint kind = data[0] % 7, pick = data[1];
    char *rest = fz_text(data + 2, size - 2, ' ');
    char *nl = strchr(rest, '\n');
    if (!nl || nl == rest) {
        g_free(rest);
        return 0;
    }
    *nl = '\0';
    const char *line = rest, *text = nl + 1;
    gboolean plain = TRUE;
    for (const char *p = line; *p; p++)
        plain = plain && (guchar)*p >= 0x20;
    if (!plain) {
        g_free(rest);
        return 0;
    }
    char *yaml = changed_yaml(fx, kind, pick, line);
    Config *now = config_load(yaml);
    if (now) {
        NgGazetteerDiff *d = ng_gazetteer_diff_new(old->gz, now->gz);
        gsize len = strlen(text);
        NgDocResult *was = tag(old, text, len);
        if (!ng_gazetteer_diff_affects(d, text, len, was)) {
            NgDocResult *is = tag(now, text, len);
            char *a = ng_docresult_to_json(was), *b = ng_docresult_to_json(is);
            FZ_CHECK(!strcmp(a, b), "change %u of entry %u (%s): the text was "
                     "called unaffected, but tags\n%s\nnow, not\n%s", kind,
                     pick % fx->entries->len, line, b, a);
            g_free(a);
            g_free(b);
            ng_docresult_free(is);
        }
        ng_docresult_free(was);
        ng_gazetteer_diff_free(d);
        config_free(now);
    }
    g_free(yaml);
    g_free(rest);
    return 0;
}
