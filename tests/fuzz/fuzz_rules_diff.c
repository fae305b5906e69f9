/*
 * fuzz_rules_diff.c - which documents a change of the relation rules can
 * affect (rules_diff.h), tested against the whole per-document pipeline.
 *
 * The input is a change and a text: its first byte picks the kind of
 * change, its second a rule (or word list), and its first line (after
 * those two bytes) a word (its letters, folded to a-z); the rest is the
 * text. The old rules are the shipped ones; the new ones are the same
 * files changed:
 *   0  the word added to the trigger of the rule picked;
 *   1  the rule's pattern replaced by "{source} @trigger *2 {target}";
 *   2  the word added to the word list picked (lexicon.yaml);
 *   3  the rule removed;
 *   4  the rule moved to the end of its file;
 *   5  a rule triggered by the word added to the rule's relation;
 *   6  the rule given the CAMEO code "099";
 *   7  the word added to the grouping's title words.
 * The gazetteer is the end-to-end fixture (tests/fixtures/e2e) with the
 * shipped name patterns. Invariant: when the diff says the text is not
 * affected, its result (mentions, co-occurrences and relations, as the
 * result's JSON) is the same under the new rules as under the old.
 */
#include <string.h>

#include "docresult_json.h"
#include "fuzz.h"
#include "ng.h"
#include "pipeline.h"
#include "resolve.h"
#include "rules_diff.h"
#include "yamldir.h"

static const NgGazetteer *gz;
static const NgMatcher *matcher;
static NgNames *names;

/* The shipped rule files, in load order. */
static char *file_name[8], *file_text[8];
static guint n_files;

static void setup(void)
{
    gz = fz_gazetteer("tests/fixtures/e2e/gazetteers", &matcher);
    char *patterns = fz_src_path("gazetteers/patterns");
    GError *error = NULL;
    names = ng_names_new(gz, patterns, &error);
    FZ_CHECK(names, "patterns: %s", error->message);
    g_free(patterns);
    char *rules = fz_src_path("rules");
    GPtrArray *list = ng_yaml_files(rules, "rules", &error);
    FZ_CHECK(list && list->len <= G_N_ELEMENTS(file_name), "rules: %s",
             error ? error->message : "too many files");
    for (guint i = 0; i < list->len; i++) {
        file_name[i] = g_strdup(list->pdata[i]);
        FZ_CHECK(g_file_get_contents(file_name[i], &file_text[i], NULL, NULL),
                 "cannot read %s", file_name[i]);
    }
    n_files = list->len;
    g_ptr_array_unref(list);
    g_free(rules);
}

/* Compile the files `text` (n_files of them); NULL if they do not. */
static NgRuleSet *compile(char **text)
{
    NgRuleSet *rs = ng_rules_new();
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < n_files; i++)
        ok = ng_rules_add_data(rs, file_name[i], text[i], strlen(text[i]),
                               NULL);
    if (!ok || !ng_rules_compile(rs, NULL, NULL))
        g_clear_pointer(&rs, ng_rules_free);
    return rs;
}

/* s[0 .. at) + insert + s[at + cut ..), newly allocated. */
static char *splice(const char *s, gsize at, gsize cut, const char *insert)
{
    return g_strdup_printf("%.*s%s%s", (int)at, s, insert, s + at + cut);
}

/* The start and end of line `prefix` inside block [from, to) of s, or
 * FALSE. */
static gboolean find_line(const char *s, gsize from, gsize to,
                          const char *prefix, gsize *start, gsize *end)
{
    for (gsize p = from; p < to;) {
        const char *nl = strchr(s + p, '\n');
        gsize e = nl ? (gsize)(nl - s) + 1 : strlen(s);
        if (g_str_has_prefix(s + p, prefix)) {
            *start = p;
            *end = e;
            return TRUE;
        }
        p = e;
    }
    return FALSE;
}

/* Rule `pick` (counting through all files) as its file and the block
 * [from, to) of its text; FALSE if there are no rules. */
static gboolean find_rule(guint pick, guint *file, gsize *from, gsize *to)
{
    guint total = 0;
    for (guint i = 0; i < n_files; i++)
        for (const char *p = file_text[i]; (p = strstr(p, "\n  - id: ")); p++)
            total++;
    if (!total)
        return FALSE;
    pick %= total;
    for (guint i = 0; i < n_files; i++)
        for (const char *p = file_text[i]; (p = strstr(p, "\n  - id: ")); p++)
            if (pick-- == 0) {
                const char *next = strstr(p + 1, "\n  - id: ");
                *file = i;
                *from = (gsize)(p - file_text[i]) + 1;
                *to = next ? (gsize)(next - file_text[i]) + 1
                           : strlen(file_text[i]);
                return TRUE;
            }
    return FALSE;
}

/* The rule files changed as the file comment says: the new texts into
 * out (the others shared with file_text); FALSE when the change does not
 * apply (a trigger that is a list, a rule without a CAMEO line...). */
static gboolean change(guint kind, guint pick, const char *word, char **out)
{
    for (guint i = 0; i < n_files; i++)
        out[i] = g_strdup(file_text[i]);
    guint f;
    gsize from, to, ls, le;
    if (kind == 2 || kind == 7) {
        for (f = 0; f < n_files && !strstr(out[f], "\nlists:"); f++)
            ;
        if (f == n_files)
            return FALSE;
        char *at = kind == 7 ? strstr(out[f], "\n  titles: [") : NULL;
        for (guint k = 0, n = pick % 16; kind == 2 && k <= n; k++) {
            at = strstr(at ? at + 1 : strstr(out[f], "\nlists:"), ": [");
            if (!at)
                return FALSE;
        }
        if (!at)
            return FALSE;
        char *bracket = strchr(at, '[');
        char *insert = g_strconcat(word, ", ", NULL);
        char *c = splice(out[f], (gsize)(bracket + 1 - out[f]), 0, insert);
        g_free(insert);
        g_free(out[f]);
        out[f] = c;
        return TRUE;
    }
    if (!find_rule(pick, &f, &from, &to))
        return FALSE;
    const char *s = out[f];
    char *c = NULL, *insert = NULL;
    switch (kind) {
    case 0:
        if (!find_line(s, from, to, "    trigger: [", &ls, &le))
            return FALSE;
        insert = g_strconcat(word, ", ", NULL);
        c = splice(s, ls + strlen("    trigger: ["), 0, insert);
        break;
    case 1:
        if (!find_line(s, from, to, "    pattern: ", &ls, &le))
            return FALSE;
        c = splice(s, ls, le - ls,
                   "    pattern: \"{source} @trigger *2 {target}\"\n");
        break;
    case 3:
        c = splice(s, from, to - from, "");
        break;
    case 4: {
        char *rule = g_strndup(s + from, to - from);
        char *cut = splice(s, from, to - from, "");
        c = g_strconcat(cut, g_str_has_suffix(cut, "\n") ? "" : "\n", rule,
                        NULL);
        g_free(cut);
        g_free(rule);
        break;
    }
    case 5:
        c = g_strdup_printf("%s%s  - id: fuzz-%s\n    trigger: [%s]\n"
                            "    pattern: \"{source} @trigger {target}\"\n",
                            s, g_str_has_suffix(s, "\n") ? "" : "\n", word,
                            word);
        break;
    case 6:
        if (!find_line(s, from, to, "    cameo: ", &ls, &le))
            return FALSE;
        c = splice(s, ls, le - ls, "    cameo: \"099\"\n");
        break;
    default:
        return FALSE;
    }
    g_free(insert);
    g_free(out[f]);
    out[f] = c;
    return TRUE;
}

static char *result_of(const NgRuleSet *rules, const char *text)
{
    NgPipeline p = {
        .gazetteer = gz, .matcher = matcher, .rules = rules,
        .tag = { .metonyms = TRUE, .names = names },
        .window = NG_WINDOW_SENTENCE,
    };
    NgScratch *s = ng_scratch_new(&p);
    NgDoc doc = { .id = "fuzz", .text = (char *)text, .len = strlen(text) };
    NgDocResult *r = ng_process_document(&p, &doc, s);
    char *json = ng_docresult_to_json(r);
    ng_docresult_free(r);
    ng_scratch_free(s);
    return json;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static NgRuleSet *old;
    if (!old) {
        setup();
        old = compile(file_text);
        FZ_CHECK(old, "the shipped rules do not compile");
    }
    if (size < 3)
        return 0;
    guint kind = data[0] % 8, pick = data[1];
    char *rest = fz_text(data + 2, size - 2, ' ');
    char *nl = strchr(rest, '\n');
    if (!nl) {
        g_free(rest);
        return 0;
    }
    /* The word: the line's letters, folded to a-z. */
    GString *word = g_string_new(NULL);
    for (const char *p = rest; p < nl && word->len < 12; p++)
        if (g_ascii_isalpha(*p))
            g_string_append_c(word, g_ascii_tolower(*p));
    if (!word->len)
        g_string_append(word, "zz");
    const char *text = nl + 1;
    char *now_text[G_N_ELEMENTS(file_text)] = { NULL };
    NgRuleSet *now = change(kind, pick, word->str, now_text)
                         ? compile(now_text) : NULL;
    if (now) {
        NgRulesDiff *d = ng_rules_diff_new(old, now);
        if (!ng_rules_diff_affects(d, text, strlen(text))) {
            char *a = result_of(old, text), *b = result_of(now, text);
            FZ_CHECK(!strcmp(a, b), "change %u of rule %u (%s): the text was "
                     "called unaffected, but gives\n%s\nnow, not\n%s", kind,
                     pick, word->str, b, a);
            g_free(a);
            g_free(b);
        }
        ng_rules_diff_free(d);
        ng_rules_free(now);
    }
    for (guint i = 0; i < n_files; i++)
        g_free(now_text[i]);
    g_string_free(word, TRUE);
    g_free(rest);
    return 0;
}
