/*
 * rules.c - reading relation rules from YAML and compiling them.
 *
 * Files are parsed with libyaml's document loader, which keeps a line and
 * column for every node, so each problem can name where it is. Compiling
 * walks all files twice: first the shared parts (`lists`, `grouping`),
 * then the relations, whose patterns may use any list of any file.
 *
 * The pattern language is described in docs/rules.md; in short, a pattern
 * is a whitespace-separated sequence of
 *   word|word     one of these words (each may tokenize to several tokens)
 *   @list         one of the phrases of a list; @trigger: the rule's trigger
 *   *N            up to N tokens of anything
 *   {source} {target} {parties}, optionally {target:country|demonym}
 * where a word or list may end in '?' (optional) or start with '!' (must
 * not be here).
 */
#include "rules.h"

#include <string.h>
#include <yaml.h>

#include "ng.h"
#include "yamldir.h"

/* Longest gap and longest blocker window a rule may ask for: they bound
 * the work per trigger (see relations.c). */
#define MAX_GAP 20
#define MAX_BLOCKER_WINDOW 30
#define DEFAULT_BLOCKER_WINDOW 6

typedef struct {
    char *path;
    yaml_document_t doc;
} Pending;

typedef struct {
    NgPhraseSet *set;
    char *origin;
    gboolean used;
} List;

static void source_free(gpointer p)
{
    NgRuleSource *src = p;
    g_free(src->path);
    g_bytes_unref(src->data);
    g_free(src);
}

static void pending_free(gpointer p)
{
    Pending *f = p;
    yaml_document_delete(&f->doc);
    g_free(f->path);
    g_free(f);
}

static void set_free(gpointer p)
{
    NgPhraseSet *s = p;
    g_free(s->words);
    g_free(s->offsets);
    g_free(s);
}

static void list_free(gpointer p)
{
    List *l = p;
    g_free(l->origin);
    g_free(l);
}

static void blocker_free(gpointer p)
{
    NgBlocker *b = p;
    g_free(b->elements);
    g_free(b->text);
    g_free(b->origin);
    g_free(b);
}

static void rule_free(gpointer p)
{
    NgRule *r = p;
    g_free(r->id);
    g_free(r->cameo);
    g_free(r->elements);
    g_free(r->pattern);
    g_free(r->origin);
    if (r->blockers)
        g_ptr_array_unref(r->blockers);
    g_free(r);
}

static void relation_free(gpointer p)
{
    NgRelation *r = p;
    g_free(r->name);
    g_free(r->cameo);
    g_ptr_array_unref(r->blockers);
    g_ptr_array_unref(r->rules);
    g_free(r->origin);
    g_free(r->types_origin[0]);
    g_free(r->types_origin[1]);
    g_free(r);
}

NgRuleSet *ng_rules_new(void)
{
    NgRuleSet *rs = g_new0(NgRuleSet, 1);
    rs->relations = g_ptr_array_new_with_free_func(relation_free);
    rs->words = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    rs->n_words = 2;
    rs->sources = g_ptr_array_new_with_free_func(source_free);
    rs->pending = g_ptr_array_new_with_free_func(pending_free);
    rs->sets = g_ptr_array_new_with_free_func(set_free);
    rs->lists = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                      list_free);
    return rs;
}

void ng_rules_free(NgRuleSet *rs)
{
    if (!rs)
        return;
    g_ptr_array_unref(rs->relations);
    g_hash_table_destroy(rs->words);
    for (guint32 w = 0; rs->anchors && w < rs->n_words; w++)
        if (rs->anchors[w])
            g_array_free(rs->anchors[w], TRUE);
    g_free(rs->anchors);
    g_free(rs->anchor_filter);
    g_ptr_array_unref(rs->sources);
    g_ptr_array_unref(rs->pending);
    g_ptr_array_unref(rs->sets);
    g_hash_table_destroy(rs->lists);
    g_free(rs);
}

guint ng_rules_n_rules(const NgRuleSet *rs)
{
    guint n = 0;
    for (guint i = 0; i < rs->relations->len; i++)
        n += ((NgRelation *)rs->relations->pdata[i])->rules->len;
    return n;
}

/* ---- Words ------------------------------------------------------------ */

/* Fold a token's text as the matcher does (gazetteer.h): case, accents
 * and apostrophes do not matter, so don't and don’t are one word. */
static char *fold(const char *s, gsize len)
{
    GString *out = g_string_sized_new(len);
    ng_fold_append(out, s, (gssize)len, TRUE);
    return g_string_free(out, FALSE);
}

static guint32 intern(NgRuleSet *rs, const char *s, gsize len)
{
    char *f = fold(s, len);
    gpointer v = g_hash_table_lookup(rs->words, f);
    if (v) {
        g_free(f);
        return GPOINTER_TO_UINT(v);
    }
    guint32 id = rs->n_words++;
    rs->max_word_bytes = MAX(rs->max_word_bytes, strlen(f));
    g_hash_table_insert(rs->words, f, GUINT_TO_POINTER(id));
    return id;
}

guint32 ng_rules_token_word(const NgRuleSet *rs, const char *text,
                            const NgToken *tok)
{
    if (tok->flags & NG_TOK_POSSESSIVE)
        return NG_WORD_POSSESSIVE;
    gsize len = tok->end - tok->start;
    const char *s = text + tok->start;
    if (!(tok->flags & NG_TOK_NONASCII)) {
        /* The common case, without allocating: ASCII folds in place and
         * keeps its length, so a longer token cannot be a rule word. */
        char buf[64];
        if (len > rs->max_word_bytes || len >= sizeof buf)
            return NG_WORD_NONE;
        for (gsize i = 0; i < len; i++)
            buf[i] = s[i] >= 'A' && s[i] <= 'Z' ? s[i] + ('a' - 'A') : s[i];
        buf[len] = '\0';
        return GPOINTER_TO_UINT(g_hash_table_lookup(rs->words, buf));
    }
    char *f = fold(s, len);
    guint32 id = GPOINTER_TO_UINT(g_hash_table_lookup(rs->words, f));
    g_free(f);
    return id;
}

#define FILTER_BITS (1u << 16)

/* The anchor filter's bit for an ASCII word of `len` bytes. */
static guint filter_bit(const char *s, gsize len)
{
    guint a = (guchar)g_ascii_tolower(s[0]);
    guint b = len > 1 ? (guchar)g_ascii_tolower(s[1]) : 0;
    return ((a * 257 + b) * 64 + MIN(len, 63)) % FILTER_BITS;
}

gboolean ng_rules_may_anchor(const NgRuleSet *rs, const char *text,
                             const NgToken *tok)
{
    if (tok->flags & NG_TOK_NONASCII)
        return rs->nonascii_anchor;
    guint bit = filter_bit(text + tok->start, tok->end - tok->start);
    return (rs->anchor_filter[bit / 8] >> (bit % 8)) & 1;
}

/* ---- Phrase sets ------------------------------------------------------ */

typedef struct {
    GArray *words;    /* guint32 */
    GArray *offsets;  /* guint: start of each phrase */
} SetBuilder;

static SetBuilder set_builder(void)
{
    return (SetBuilder){ g_array_new(FALSE, FALSE, sizeof(guint32)),
                         g_array_new(FALSE, FALSE, sizeof(guint)) };
}

/* Turn the builder into a set owned by rs (NULL if it is empty). */
static NgPhraseSet *set_finish(NgRuleSet *rs, SetBuilder *b)
{
    NgPhraseSet *set = NULL;
    if (b->offsets->len) {
        set = g_new0(NgPhraseSet, 1);
        set->n = b->offsets->len;
        guint end = b->words->len;
        g_array_append_val(b->offsets, end);
        set->offsets = (guint *)(void *)g_array_free(b->offsets, FALSE);
        set->words = (guint32 *)(void *)g_array_free(b->words, FALSE);
        for (guint i = 0; i < set->n; i++) {
            set->first |= G_GUINT64_CONSTANT(1) << (set->words[set->offsets[i]] % 64);
            set->last |= G_GUINT64_CONSTANT(1) << (set->words[set->offsets[i + 1] - 1] % 64);
        }
        g_ptr_array_add(rs->sets, set);
    } else {
        g_array_free(b->offsets, TRUE);
        g_array_free(b->words, TRUE);
    }
    b->words = b->offsets = NULL;
    return set;
}

/* Add the phrase `s` (tokenized like a document). FALSE if it has no
 * tokens. */
static gboolean set_add_phrase(NgRuleSet *rs, SetBuilder *b, const char *s)
{
    guint start = b->words->len;
    if (!strcmp(s, "'s") || !strcmp(s, "\xE2\x80\x99s")) {
        guint32 w = NG_WORD_POSSESSIVE;
        g_array_append_val(b->words, w);
    } else {
        GArray *toks = g_array_new(FALSE, FALSE, sizeof(NgToken));
        ng_tokenize(s, strlen(s), toks);
        for (guint i = 0; i < toks->len; i++) {
            const NgToken *t = &g_array_index(toks, NgToken, i);
            guint32 w = (t->flags & NG_TOK_POSSESSIVE)
                            ? NG_WORD_POSSESSIVE
                            : intern(rs, s + t->start, t->end - t->start);
            g_array_append_val(b->words, w);
        }
        g_array_free(toks, TRUE);
    }
    if (b->words->len == start)
        return FALSE;
    g_array_append_val(b->offsets, start);
    return TRUE;
}

static void set_add_set(SetBuilder *b, const NgPhraseSet *set)
{
    for (guint i = 0; i < set->n; i++) {
        guint start = b->words->len;
        g_array_append_val(b->offsets, start);
        g_array_append_vals(b->words, set->words + set->offsets[i],
                            set->offsets[i + 1] - set->offsets[i]);
    }
}

/* ---- Reading files ---------------------------------------------------- */

gboolean ng_rules_add_file(NgRuleSet *rs, const char *path, GError **error)
{
    char *data;
    gsize len;
    if (!g_file_get_contents(path, &data, &len, error)) {
        if (error && *error)
            (*error)->domain = NG_ERROR, (*error)->code = NG_ERROR_IO;
        return FALSE;
    }
    gboolean ok = ng_rules_add_data(rs, path, data, len, error);
    g_free(data);
    return ok;
}

gboolean ng_rules_add_data(NgRuleSet *rs, const char *path, const char *data,
                           gsize len, GError **error)
{
    NgRuleSource *src = g_new(NgRuleSource, 1);
    src->path = g_strdup(path);
    src->data = g_bytes_new(data, len);
    g_ptr_array_add(rs->sources, src);
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
    Pending *f = g_new0(Pending, 1);
    f->path = g_strdup(path);
    gboolean ok = yaml_parser_load(&parser, &f->doc);
    if (!ok) {
        g_set_error(error, NG_ERROR, NG_ERROR_CONFIG, "%s:%zu:%zu: %s%s%s",
                    path, parser.problem_mark.line + 1,
                    parser.problem_mark.column + 1,
                    parser.problem ? parser.problem : "YAML error",
                    parser.context ? " " : "",
                    parser.context ? parser.context : "");
        g_free(f->path);
        g_free(f);
    } else {
        yaml_node_t *root = yaml_document_get_root_node(&f->doc);
        if (root && root->type != YAML_MAPPING_NODE) {
            g_set_error(error, NG_ERROR, NG_ERROR_CONFIG,
                        "%s:%zu:%zu: a rule file must be a mapping (lists:, "
                        "grouping:, relation:, rules:)", path,
                        root->start_mark.line + 1, root->start_mark.column + 1);
            pending_free(f);
            ok = FALSE;
        } else {
            g_ptr_array_add(rs->pending, f);   /* an empty file is fine */
        }
    }
    yaml_parser_delete(&parser);
    return ok;
}

static gint cmp_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append the message of *e (if any) to `all`, one per line, and free it. */
static void collect(GString *all, GError **e)
{
    if (!*e)
        return;
    g_string_append_printf(all, "%s%s", all->len ? "\n" : "", (*e)->message);
    g_clear_error(e);
}

gboolean ng_rules_add_dir(NgRuleSet *rs, const char *dir, GError **error)
{
    GPtrArray *names = ng_yaml_files(dir, "rules", error);
    if (!names)
        return FALSE;
    GError *io = NULL;
    /* Every file is read even after a bad one: all problems at once. */
    GString *problems = g_string_new(NULL);
    for (guint i = 0; i < names->len; i++) {
        if (!ng_rules_add_file(rs, names->pdata[i], &io))
            collect(problems, &io);
    }
    g_ptr_array_unref(names);
    gboolean ok = problems->len == 0;
    if (!ok)
        g_set_error_literal(error, NG_ERROR, NG_ERROR_CONFIG, problems->str);
    g_string_free(problems, TRUE);
    return ok;
}

NgRuleSet *ng_rules_load_dir(const char *dir, GPtrArray *warnings,
                             GError **error)
{
    NgRuleSet *rs = ng_rules_new();
    GError *e = NULL;
    GString *problems = g_string_new(NULL);
    gboolean opened = ng_rules_add_dir(rs, dir, &e) ||
                      g_file_test(dir, G_FILE_TEST_IS_DIR);
    collect(problems, &e);
    /* The files that parsed are still checked, for their own problems. */
    if (opened && !ng_rules_compile(rs, warnings, &e))
        collect(problems, &e);
    if (problems->len) {
        g_set_error_literal(error, NG_ERROR, NG_ERROR_CONFIG, problems->str);
        ng_rules_free(rs);
        rs = NULL;
    }
    g_string_free(problems, TRUE);
    return rs;
}

/* ---- Compiling: helpers ----------------------------------------------- */

typedef struct {
    NgRuleSet *rs;
    GPtrArray *problems;   /* char*: "FILE:LINE:COLUMN: ..." */
    GPtrArray *warnings;   /* caller's, may be NULL */
    Pending *file;         /* the file being compiled */
    GHashTable *rule_ids;  /* rule id -> origin (not owned) */
} Compiler;

static yaml_node_t *node_at(Compiler *c, int i)
{
    return yaml_document_get_node(&c->file->doc, i);
}

static char *origin(Compiler *c, const yaml_node_t *n)
{
    return g_strdup_printf("%s:%zu:%zu", c->file->path, n->start_mark.line + 1,
                           n->start_mark.column + 1);
}

static void report(Compiler *c, GPtrArray *to, const yaml_node_t *n,
                   const char *fmt, va_list ap)
{
    char *where = origin(c, n);
    GString *msg = g_string_new(where);
    g_string_append(msg, ": ");
    ng_append_one_line_v(msg, fmt, ap);
    g_ptr_array_add(to, g_string_free(msg, FALSE));
    g_free(where);
}

static void problem(Compiler *c, const yaml_node_t *n, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
static void problem(Compiler *c, const yaml_node_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(c, c->problems, n, fmt, ap);
    va_end(ap);
}

static void warning(Compiler *c, const yaml_node_t *n, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
static void warning(Compiler *c, const yaml_node_t *n, const char *fmt, ...)
{
    if (!c->warnings)
        return;
    va_list ap;
    va_start(ap, fmt);
    report(c, c->warnings, n, fmt, ap);
    va_end(ap);
}

/* The text of a scalar node, or NULL (with a problem) for anything else. */
static const char *scalar(Compiler *c, const yaml_node_t *n, const char *what)
{
    if (n->type == YAML_SCALAR_NODE)
        return (const char *)n->data.scalar.value;
    problem(c, n, "%s must be a single value", what);
    return NULL;
}

/* Call `each` for every item of a sequence node; a lone scalar counts as a
 * one-item sequence. */
static void each_item(Compiler *c, yaml_node_t *n,
                      void (*each)(Compiler *, yaml_node_t *, gpointer),
                      gpointer user)
{
    if (n->type == YAML_SCALAR_NODE) {
        each(c, n, user);
        return;
    }
    if (n->type != YAML_SEQUENCE_NODE) {
        problem(c, n, "expected a list");
        return;
    }
    for (yaml_node_item_t *it = n->data.sequence.items.start;
         it < n->data.sequence.items.top; it++)
        each(c, node_at(c, *it), user);
}

static gboolean parse_bool(const char *s, gboolean *out)
{
    static const char *yes[] = { "true", "yes", "on" };
    static const char *no[] = { "false", "no", "off" };
    for (guint i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (!g_ascii_strcasecmp(s, yes[i]))
            return *out = TRUE, TRUE;
        if (!g_ascii_strcasecmp(s, no[i]))
            return *out = FALSE, TRUE;
    }
    return FALSE;
}

static const NgPhraseSet *use_list(Compiler *c, const yaml_node_t *n,
                                   const char *name)
{
    List *l = g_hash_table_lookup(c->rs->lists, name);
    if (!l) {
        problem(c, n, "unknown list @%s", name);
        return NULL;
    }
    l->used = TRUE;
    return l->set;
}

/* A phrase-list item: "@list" or a phrase. */
static void add_item(Compiler *c, yaml_node_t *n, gpointer user)
{
    SetBuilder *b = user;
    const char *s = scalar(c, n, "a list item");
    if (!s)
        return;
    if (s[0] == '@') {
        const NgPhraseSet *set = use_list(c, n, s + 1);
        if (set)
            set_add_set(b, set);
    } else if (!set_add_phrase(c->rs, b, s)) {
        problem(c, n, "empty word or phrase");
    }
}

/* A list of phrases (or @lists); NULL with a problem if it is empty. */
static const NgPhraseSet *phrase_list(Compiler *c, yaml_node_t *n,
                                      const char *what)
{
    SetBuilder b = set_builder();
    guint before = c->problems->len;
    each_item(c, n, add_item, &b);
    const NgPhraseSet *set = set_finish(c->rs, &b);
    if (!set && c->problems->len == before)
        problem(c, n, "%s is empty", what);
    return set;
}

/* ---- Pattern elements ------------------------------------------------- */

/* Parse one pattern element; FALSE after reporting a problem. */
static gboolean parse_element(Compiler *c, const yaml_node_t *at,
                              const char *text, gboolean slots_allowed,
                              NgElement *el)
{
    memset(el, 0, sizeof *el);
    const char *s = text;
    gsize len = strlen(s);
    if (s[0] == '*') {
        char *end;
        guint64 n = g_ascii_strtoull(s + 1, &end, 10);
        if (end == s + 1 || *end || n < 1 || n > MAX_GAP) {
            problem(c, at, "'%s': a gap is *N with N from 1 to %d", text, MAX_GAP);
            return FALSE;
        }
        el->kind = NG_EL_GAP;
        el->max = (guint)n;
        return TRUE;
    }
    if (s[0] == '{') {
        if (!slots_allowed) {
            problem(c, at, "'%s': no slots here", text);
            return FALSE;
        }
        if (len < 3 || s[len - 1] != '}') {
            problem(c, at, "'%s': a slot is {source}, {target} or {parties}", text);
            return FALSE;
        }
        char *inner = g_strndup(s + 1, len - 2);
        char *colon = strchr(inner, ':');
        if (colon)
            *colon = '\0';
        gboolean ok = TRUE;
        el->kind = NG_EL_SLOT;
        if (!strcmp(inner, "source"))
            el->slot = NG_SLOT_SOURCE;
        else if (!strcmp(inner, "target"))
            el->slot = NG_SLOT_TARGET;
        else if (!strcmp(inner, "parties"))
            el->slot = NG_SLOT_PARTIES;
        else {
            problem(c, at, "'%s': unknown slot '%s' (source, target or parties)",
                    text, inner);
            ok = FALSE;
        }
        if (ok && colon) {
            char **types = g_strsplit(colon + 1, "|", -1);
            el->types = 0;
            for (char **t = types; *t; t++) {
                NgEntityType ty;
                if (!strcmp(*t, "demonym"))
                    el->demonyms = TRUE;
                else if (ng_entity_type_parse(*t, &ty))
                    el->types |= 1u << ty;
                else {
                    problem(c, at, "'%s': unknown entity type '%s' (person, "
                            "country, organization, or demonym)", text, *t);
                    ok = FALSE;
                }
            }
            g_strfreev(types);
        }
        g_free(inner);
        return ok;
    }
    if (s[0] == '!') {
        el->negated = TRUE;
        s++, len--;
    }
    if (len > 1 && s[len - 1] == '?') {
        el->optional = TRUE;
        len--;
    }
    if (el->negated && el->optional) {
        problem(c, at, "'%s': an element cannot be both !negated and optional?", text);
        return FALSE;
    }
    char *body = g_strndup(s, len);
    gboolean ok = TRUE;
    el->kind = NG_EL_WORDS;
    if (!strcmp(body, "@trigger")) {
        el->kind = NG_EL_TRIGGER;
    } else if (body[0] == '@') {
        el->phrases = use_list(c, at, body + 1);
        ok = el->phrases != NULL;
    } else {
        SetBuilder b = set_builder();
        char **alts = g_strsplit(body, "|", -1);
        for (char **a = alts; *a; a++)
            if (!set_add_phrase(c->rs, &b, *a)) {
                problem(c, at, "'%s': empty alternative", text);
                ok = FALSE;
            }
        g_strfreev(alts);
        el->phrases = set_finish(c->rs, &b);
        ok = ok && el->phrases;
    }
    g_free(body);
    return ok;
}

/* Split a pattern into elements; NULL after reporting a problem. */
static GArray *parse_sequence(Compiler *c, const yaml_node_t *at,
                              const char *text, gboolean slots_allowed)
{
    GArray *els = g_array_new(FALSE, FALSE, sizeof(NgElement));
    char **parts = g_strsplit_set(text, " \t\n", -1);
    gboolean ok = TRUE;
    for (char **p = parts; *p; p++) {
        if (!**p)
            continue;
        NgElement el;
        if (!parse_element(c, at, *p, slots_allowed, &el)) {
            ok = FALSE;
            continue;
        }
        if (el.kind == NG_EL_GAP && els->len &&
            g_array_index(els, NgElement, els->len - 1).kind == NG_EL_GAP) {
            problem(c, at, "two gaps in a row: write one *N");
            ok = FALSE;
        }
        g_array_append_val(els, el);
    }
    g_strfreev(parts);
    if (ok && !els->len) {
        problem(c, at, "empty pattern");
        ok = FALSE;
    }
    if (ok && (g_array_index(els, NgElement, 0).kind == NG_EL_GAP ||
               g_array_index(els, NgElement, els->len - 1).kind == NG_EL_GAP)) {
        problem(c, at, "a pattern cannot begin or end with a gap");
        ok = FALSE;
    }
    if (!ok) {
        g_array_free(els, TRUE);
        return NULL;
    }
    return els;
}

/* ---- Blockers --------------------------------------------------------- */

static void add_blocker(Compiler *c, yaml_node_t *n, gpointer user)
{
    GPtrArray *out = user;
    yaml_node_t *phrase = n;
    NgBlockerScope scope = NG_SCOPE_NEAR;
    if (n->type == YAML_MAPPING_NODE) {
        phrase = NULL;
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
             p < n->data.mapping.pairs.top; p++) {
            yaml_node_t *k = node_at(c, p->key), *v = node_at(c, p->value);
            const char *key = scalar(c, k, "a key");
            if (!key)
                continue;
            if (!strcmp(key, "phrase")) {
                phrase = v;
            } else if (!strcmp(key, "scope")) {
                static const char *names[] = { "near", "sentence", "after" };
                const char *s = scalar(c, v, "scope");
                guint i = 0;
                while (s && i < G_N_ELEMENTS(names) && strcmp(s, names[i]))
                    i++;
                if (s && i == G_N_ELEMENTS(names))
                    problem(c, v, "scope must be near, sentence or after, not '%s'", s);
                else if (s)
                    scope = (NgBlockerScope)i;
            } else {
                problem(c, k, "unknown blocker field '%s' (phrase, scope)", key);
            }
        }
        if (!phrase) {
            problem(c, n, "a blocker needs a phrase");
            return;
        }
    }
    const char *text = scalar(c, phrase, "a blocker");
    if (!text)
        return;
    GArray *els = parse_sequence(c, phrase, text, FALSE);
    if (!els)
        return;
    for (guint i = 0; i < els->len; i++) {
        const NgElement *e = &g_array_index(els, NgElement, i);
        if (e->kind == NG_EL_TRIGGER || e->optional || e->negated) {
            problem(c, phrase, "'%s': a blocker is words, @lists and gaps only",
                    text);
            g_array_free(els, TRUE);
            return;
        }
    }
    NgBlocker *b = g_new0(NgBlocker, 1);
    b->n_elements = els->len;
    b->elements = (NgElement *)(void *)g_array_free(els, FALSE);
    b->scope = scope;
    b->index = c->rs->n_blockers++;
    b->text = g_strdup(text);
    b->origin = origin(c, phrase);
    g_ptr_array_add(out, b);
}

static GPtrArray *parse_blockers(Compiler *c, yaml_node_t *n)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(blocker_free);
    if (n)
        each_item(c, n, add_blocker, out);
    return out;
}

/* ---- Types ------------------------------------------------------------ */

static void add_type(Compiler *c, yaml_node_t *n, gpointer user)
{
    guint *types = user;
    const char *s = scalar(c, n, "a type");
    NgEntityType t;
    if (!s)
        return;
    if (ng_entity_type_parse(s, &t))
        *types |= 1u << t;
    else
        problem(c, n, "unknown entity type '%s' (person, country, organization)", s);
}

static guint parse_types(Compiler *c, yaml_node_t *n)
{
    guint types = 0;
    each_item(c, n, add_type, &types);
    if (!types)
        types = (1u << NG_N_TYPES) - 1;   /* already reported */
    return types;
}

/* ---- Rules ------------------------------------------------------------ */

typedef struct {
    NgRelation *rel;
    guint source_types, target_types;
} RelationCtx;

/* Check that a rule's slots fit its relation. */
static gboolean check_slots(Compiler *c, const yaml_node_t *at,
                            const NgRelation *rel, const GArray *els)
{
    guint count[3] = { 0 }, triggers = 0;
    for (guint i = 0; i < els->len; i++) {
        const NgElement *e = &g_array_index(els, NgElement, i);
        if (e->kind == NG_EL_SLOT)
            count[e->slot]++;
        if (e->kind == NG_EL_TRIGGER) {
            triggers++;
            if (e->optional || e->negated) {
                problem(c, at, "@trigger cannot be optional or negated");
                return FALSE;
            }
        }
    }
    if (triggers != 1) {
        problem(c, at, "a pattern needs @trigger exactly once (found %u)", triggers);
        return FALSE;
    }
    if (count[NG_SLOT_PARTIES]) {
        if (rel->directed) {
            problem(c, at, "{parties} is for symmetric relations; %s is directed",
                    rel->name);
            return FALSE;
        }
        if (count[NG_SLOT_PARTIES] != 1 || count[NG_SLOT_SOURCE] ||
            count[NG_SLOT_TARGET]) {
            problem(c, at, "use {parties} once and without {source}/{target}");
            return FALSE;
        }
        return TRUE;
    }
    if (count[NG_SLOT_SOURCE] != 1 || count[NG_SLOT_TARGET] != 1) {
        problem(c, at, "a pattern needs {source} and {target} once each, or {parties}");
        return FALSE;
    }
    return TRUE;
}

static void add_rule(Compiler *c, yaml_node_t *n, gpointer user)
{
    RelationCtx *rc = user;
    NgRelation *rel = rc->rel;
    if (n->type != YAML_MAPPING_NODE) {
        problem(c, n, "a rule must be a mapping (id:, trigger:, pattern:)");
        return;
    }
    yaml_node_t *id = NULL, *trigger = NULL, *pattern = NULL, *cameo = NULL,
                *blockers = NULL, *barriers = NULL;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
         p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_at(c, p->key), *v = node_at(c, p->value);
        const char *key = scalar(c, k, "a key");
        if (!key)
            continue;
        if (!strcmp(key, "id"))
            id = v;
        else if (!strcmp(key, "trigger"))
            trigger = v;
        else if (!strcmp(key, "pattern"))
            pattern = v;
        else if (!strcmp(key, "cameo"))
            cameo = v;
        else if (!strcmp(key, "blockers"))
            blockers = v;
        else if (!strcmp(key, "barriers"))
            barriers = v;
        else if (strcmp(key, "description"))
            problem(c, k, "unknown rule field '%s' (id, description, trigger, "
                    "pattern, cameo, blockers, barriers)", key);
    }
    const char *id_s = id ? scalar(c, id, "id") : NULL;
    if (!id)
        problem(c, n, "rule without an id");
    if (id_s && !*id_s)
        problem(c, id, "empty rule id");
    else if (id_s) {
        const char *seen = g_hash_table_lookup(c->rule_ids, id_s);
        if (seen)
            problem(c, id, "rule id '%s' already used at %s", id_s, seen);
    }
    if (!trigger)
        problem(c, n, "rule without a trigger");
    if (!pattern)
        problem(c, n, "rule without a pattern");
    const NgPhraseSet *trig = trigger ? phrase_list(c, trigger, "the trigger") : NULL;
    const char *pat_s = pattern ? scalar(c, pattern, "pattern") : NULL;
    const char *cameo_s = cameo ? scalar(c, cameo, "cameo") : NULL;
    GArray *els = NULL;
    if (pat_s) {
        /* {source} and {target} default to the relation's types; {parties}
         * to the union of both. */
        els = parse_sequence(c, pattern, pat_s, TRUE);
        for (guint i = 0; els && i < els->len; i++) {
            NgElement *e = &g_array_index(els, NgElement, i);
            if (e->kind == NG_EL_SLOT && !e->types && !e->demonyms) {
                e->types = e->slot == NG_SLOT_SOURCE ? rc->source_types
                         : e->slot == NG_SLOT_TARGET ? rc->target_types
                         : rc->source_types | rc->target_types;
                e->types_origin = rel->types_origin[e->slot == NG_SLOT_TARGET];
            }
            if (e->kind == NG_EL_TRIGGER)
                e->phrases = trig;
        }
        if (els && !check_slots(c, pattern, rel, els)) {
            g_array_free(els, TRUE);
            els = NULL;
        }
    }
    GPtrArray *own_blockers = blockers ? parse_blockers(c, blockers) : NULL;
    const NgPhraseSet *own_barriers = barriers ? phrase_list(c, barriers, "barriers")
                                               : rel->barriers;
    if (!id_s || !*id_s || !trig || !els) {
        if (els)
            g_array_free(els, TRUE);
        if (own_blockers)
            g_ptr_array_unref(own_blockers);
        return;
    }

    NgRule *r = g_new0(NgRule, 1);
    r->id = g_strdup(id_s);
    r->cameo = g_strdup(cameo_s ? cameo_s : rel->cameo);
    r->relation = rel;
    r->trigger = trig;
    r->n_elements = els->len;
    for (guint i = 0; i < els->len; i++)
        if (g_array_index(els, NgElement, i).kind == NG_EL_TRIGGER)
            r->anchor = i;
    r->elements = (NgElement *)(void *)g_array_free(els, FALSE);
    r->blockers = own_blockers ? own_blockers : g_ptr_array_ref(rel->blockers);
    r->barriers = own_barriers;
    r->pattern = g_strdup(pat_s);
    r->origin = origin(c, n);
    for (guint i = 0; i < r->n_elements; i++)
        if (r->elements[i].kind == NG_EL_SLOT && !r->elements[i].types_origin)
            r->elements[i].types_origin = r->origin;   /* {slot:types} */
    g_hash_table_insert(c->rule_ids, r->id, r->origin);
    g_ptr_array_add(rel->rules, r);
}

/* ---- Relations -------------------------------------------------------- */

static gboolean valid_name(const char *s)
{
    if (!g_ascii_isalpha(*s))
        return FALSE;
    for (; *s; s++)
        if (!g_ascii_isalnum(*s) && *s != '-' && *s != '_')
            return FALSE;
    return TRUE;
}

static void warn_cameo(Compiler *c, const yaml_node_t *n, const char *code)
{
    gsize len = strlen(code);
    gboolean digits = len >= 2 && len <= 4;
    for (const char *p = code; *p; p++)
        digits = digits && g_ascii_isdigit(*p);
    if (!digits)
        warning(c, n, "cameo '%s' is not a CAMEO code (2 to 4 digits; quote "
                "it so YAML keeps leading zeros)", code);
}

/* The relation fields of a file's top-level mapping. */
static void compile_relation(Compiler *c, yaml_node_t *root)
{
    yaml_node_t *name = NULL, *directed = NULL, *home = NULL, *cameo = NULL,
                *types = NULL,
                *stypes = NULL, *ttypes = NULL, *window = NULL,
                *blockers = NULL, *stops = NULL, *barriers = NULL, *rules = NULL;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
         p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_at(c, p->key), *v = node_at(c, p->value);
        const char *key = k->type == YAML_SCALAR_NODE
                              ? (const char *)k->data.scalar.value : "";
        yaml_node_t **slot =
            !strcmp(key, "relation") ? &name :
            !strcmp(key, "directed") ? &directed :
            !strcmp(key, "skip_home") ? &home :
            !strcmp(key, "cameo") ? &cameo :
            !strcmp(key, "types") ? &types :
            !strcmp(key, "source_types") ? &stypes :
            !strcmp(key, "target_types") ? &ttypes :
            !strcmp(key, "blocker_window") ? &window :
            !strcmp(key, "blockers") ? &blockers :
            !strcmp(key, "blocker_stops") ? &stops :
            !strcmp(key, "barriers") ? &barriers :
            !strcmp(key, "rules") ? &rules : NULL;
        if (slot)
            *slot = v;
        else if (strcmp(key, "lists") && strcmp(key, "grouping") &&
                 strcmp(key, "description"))
            problem(c, k, "unknown field '%s' (relation, description, directed, "
                    "skip_home, cameo, types, source_types, target_types, blocker_window, "
                    "blockers, blocker_stops, barriers, rules, lists, grouping)", key);
    }
    if (!name) {
        yaml_node_t *first = directed ? directed : rules ? rules : blockers;
        if (first)
            problem(c, first, "relation fields without 'relation: NAME'");
        return;
    }
    const char *name_s = scalar(c, name, "relation");
    if (!name_s)
        return;
    if (!valid_name(name_s) || !strcmp(name_s, "co-occurs")) {
        problem(c, name, "'%s' cannot name a relation (a letter, then letters, "
                "digits, '-' or '_'; not co-occurs)", name_s);
        return;
    }
    for (guint i = 0; i < c->rs->relations->len; i++) {
        NgRelation *other = c->rs->relations->pdata[i];
        if (!strcmp(other->name, name_s)) {
            problem(c, name, "relation '%s' is already defined at %s", name_s,
                    other->origin);
            return;
        }
    }
    NgRelation *rel = g_new0(NgRelation, 1);
    rel->name = g_strdup(name_s);
    rel->origin = origin(c, name);
    rel->rules = g_ptr_array_new_with_free_func(rule_free);
    rel->blocker_window = DEFAULT_BLOCKER_WINDOW;
    g_ptr_array_add(c->rs->relations, rel);

    const char *s;
    if (!directed)
        problem(c, name, "relation '%s' needs 'directed: true' or 'directed: false'",
                name_s);
    else if ((s = scalar(c, directed, "directed")) && !parse_bool(s, &rel->directed))
        problem(c, directed, "directed must be true or false, not '%s'", s);
    if (home && (s = scalar(c, home, "skip_home")) && !parse_bool(s, &rel->skip_home))
        problem(c, home, "skip_home must be true or false, not '%s'", s);
    if (cameo && (s = scalar(c, cameo, "cameo"))) {
        rel->cameo = g_strdup(s);
        warn_cameo(c, cameo, s);
    }
    if (window && (s = scalar(c, window, "blocker_window"))) {
        char *end;
        guint64 w = g_ascii_strtoull(s, &end, 10);
        if (end == s || *end || w > MAX_BLOCKER_WINDOW)
            problem(c, window, "blocker_window must be a number from 0 to %d",
                    MAX_BLOCKER_WINDOW);
        else
            rel->blocker_window = (guint)w;
    }
    RelationCtx rc = { rel, (1u << NG_N_TYPES) - 1, (1u << NG_N_TYPES) - 1 };
    yaml_node_t *at[2] = { stypes ? stypes : types ? types : name,
                           ttypes ? ttypes : types ? types : name };
    for (int i = 0; i < 2; i++)
        rel->types_origin[i] = origin(c, at[i]);
    if (types)
        rc.source_types = rc.target_types = parse_types(c, types);
    if (stypes)
        rc.source_types = parse_types(c, stypes);
    if (ttypes)
        rc.target_types = parse_types(c, ttypes);
    if ((stypes || ttypes) && !rel->directed)
        warning(c, stypes ? stypes : ttypes, "relation '%s' is symmetric: "
                "source_types/target_types are better written as types", name_s);
    rel->blockers = parse_blockers(c, blockers);
    if (barriers)
        rel->barriers = phrase_list(c, barriers, "barriers");
    if (stops)
        rel->blocker_stops = phrase_list(c, stops, "blocker_stops");
    if (!rules) {
        problem(c, name, "relation '%s' has no rules", name_s);
        return;
    }
    if (rules->type != YAML_SEQUENCE_NODE ||
        rules->data.sequence.items.start == rules->data.sequence.items.top) {
        problem(c, rules, "rules must be a non-empty list of rules");
        return;
    }
    each_item(c, rules, add_rule, &rc);
}

/* ---- Lists and grouping ----------------------------------------------- */

static void compile_lists(Compiler *c, yaml_node_t *n)
{
    if (n->type != YAML_MAPPING_NODE) {
        problem(c, n, "lists must be a mapping of NAME: [words]");
        return;
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
         p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_at(c, p->key), *v = node_at(c, p->value);
        const char *name = scalar(c, k, "a list name");
        if (!name)
            continue;
        if (!valid_name(name) || !strcmp(name, "trigger")) {
            problem(c, k, "'%s' cannot name a list (a letter, then letters, "
                    "digits, '-' or '_'; not trigger)", name);
            continue;
        }
        List *old = g_hash_table_lookup(c->rs->lists, name);
        if (old) {
            problem(c, k, "list '%s' is already defined at %s", name, old->origin);
            continue;
        }
        /* Items are words and phrases only: a list cannot use a list that
         * may not be defined yet. */
        SetBuilder b = set_builder();
        guint before = c->problems->len;
        if (v->type != YAML_SEQUENCE_NODE) {
            problem(c, v, "list '%s' must be a list of words", name);
        } else {
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 it < v->data.sequence.items.top; it++) {
                yaml_node_t *item = node_at(c, *it);
                const char *s = scalar(c, item, "a list item");
                if (s && s[0] == '@')
                    problem(c, item, "a list cannot refer to another list (%s)", s);
                else if (s && !set_add_phrase(c->rs, &b, s))
                    problem(c, item, "empty word or phrase");
            }
        }
        NgPhraseSet *set = set_finish(c->rs, &b);
        if (!set) {
            if (c->problems->len == before)
                problem(c, v, "list '%s' is empty", name);
            continue;
        }
        List *l = g_new0(List, 1);
        l->set = set;
        l->origin = origin(c, k);
        g_hash_table_insert(c->rs->lists, g_strdup(name), l);
    }
}

static void compile_grouping(Compiler *c, yaml_node_t *n, char **seen_at)
{
    if (*seen_at) {
        problem(c, n, "grouping is already defined at %s", *seen_at);
        return;
    }
    *seen_at = origin(c, n);
    if (n->type != YAML_MAPPING_NODE) {
        problem(c, n, "grouping must be a mapping");
        return;
    }
    NgGrouping *g = &c->rs->grouping;
    struct { const char *key; const NgPhraseSet **set; } fields[] = {
        { "conjunctions", &g->conjunctions }, { "possessives", &g->possessives },
        { "determiners", &g->determiners }, { "titles", &g->titles },
        { "prepositions", &g->prepositions }, { "joiners", &g->joiners },
        { "attach", &g->attach }, { "tails", &g->tails },
        { "appositions", &g->appositions },
    };
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
         p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_at(c, p->key), *v = node_at(c, p->value);
        const char *key = scalar(c, k, "a key");
        if (!key)
            continue;
        guint i = 0;
        while (i < G_N_ELEMENTS(fields) && strcmp(fields[i].key, key))
            i++;
        if (i == G_N_ELEMENTS(fields))
            problem(c, k, "unknown grouping field '%s' (conjunctions, possessives, "
                    "determiners, titles, prepositions, joiners, attach, tails, "
                    "appositions)", key);
        else
            *fields[i].set = phrase_list(c, v, key);
    }
}

/* ---- Compiling: the whole set ----------------------------------------- */

static void index_anchors(NgRuleSet *rs)
{
    rs->anchors = g_new0(GArray *, rs->n_words);
    rs->anchor_filter = g_new0(guint8, FILTER_BITS / 8);
    for (guint r = 0; r < rs->relations->len; r++) {
        const NgRelation *rel = rs->relations->pdata[r];
        for (guint k = 0; k < rel->rules->len; k++) {
            const NgRule *rule = rel->rules->pdata[k];
            for (guint i = 0; i < rule->trigger->n; i++) {
                guint32 w = rule->trigger->words[rule->trigger->offsets[i]];
                GArray *a = rs->anchors[w];
                if (!a)
                    a = rs->anchors[w] = g_array_new(FALSE, FALSE, sizeof(NgAnchor));
                /* Once per rule, even if several of its phrases start
                 * with w (the engine tries them all). */
                if (a->len && g_array_index(a, NgAnchor, a->len - 1).relation == r &&
                    g_array_index(a, NgAnchor, a->len - 1).rule == k)
                    continue;
                NgAnchor an = { r, k };
                g_array_append_val(a, an);
            }
        }
    }
}

gboolean ng_rules_compile(NgRuleSet *rs, GPtrArray *warnings, GError **error)
{
    g_return_val_if_fail(!rs->compiled, FALSE);
    rs->compiled = TRUE;
    Compiler c = { rs, g_ptr_array_new_with_free_func(g_free), warnings, NULL,
                   g_hash_table_new(g_str_hash, g_str_equal) };
    char *grouping_at = NULL;

    /* Pass 1: lists first (every file), then grouping, which may use them. */
    for (int pass = 0; pass < 3; pass++)
        for (guint i = 0; i < rs->pending->len; i++) {
            c.file = rs->pending->pdata[i];
            yaml_node_t *root = yaml_document_get_root_node(&c.file->doc);
            if (!root)
                continue;
            if (pass == 2) {
                compile_relation(&c, root);
                continue;
            }
            for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
                 p < root->data.mapping.pairs.top; p++) {
                yaml_node_t *k = node_at(&c, p->key), *v = node_at(&c, p->value);
                if (k->type != YAML_SCALAR_NODE)
                    continue;
                const char *key = (const char *)k->data.scalar.value;
                if (pass == 0 && !strcmp(key, "lists"))
                    compile_lists(&c, v);
                else if (pass == 1 && !strcmp(key, "grouping"))
                    compile_grouping(&c, v, &grouping_at);
            }
        }

    /* Unused lists are worth a word: usually a typo in a pattern. */
    GHashTableIter it;
    gpointer key, value;
    GPtrArray *unused = g_ptr_array_new();
    g_hash_table_iter_init(&it, rs->lists);
    while (g_hash_table_iter_next(&it, &key, &value))
        if (!((List *)value)->used)
            g_ptr_array_add(unused, key);
    g_ptr_array_sort(unused, cmp_names);
    for (guint i = 0; warnings && i < unused->len; i++) {
        List *l = g_hash_table_lookup(rs->lists, unused->pdata[i]);
        g_ptr_array_add(warnings, g_strdup_printf("%s: list '%s' is never used",
                                                  l->origin,
                                                  (char *)unused->pdata[i]));
    }
    g_ptr_array_unref(unused);

    gboolean ok = c.problems->len == 0;
    if (ok) {
        index_anchors(rs);
    } else {
        g_ptr_array_add(c.problems, NULL);
        char *all = g_strjoinv("\n", (char **)c.problems->pdata);
        g_set_error_literal(error, NG_ERROR, NG_ERROR_CONFIG, all);
        g_free(all);
    }
    g_ptr_array_unref(c.problems);
    g_hash_table_destroy(c.rule_ids);
    g_free(grouping_at);
    /* The anchor filter needs the words' text: set a bit per anchor word. */
    GHashTableIter wi;
    g_hash_table_iter_init(&wi, rs->words);
    while (ok && g_hash_table_iter_next(&wi, &key, &value)) {
        const char *w = key;
        if (!rs->anchors[GPOINTER_TO_UINT(value)])
            continue;
        gboolean ascii = TRUE;
        for (const char *p = w; *p; p++)
            ascii &= !((guchar)*p & 0x80);
        if (!ascii) {
            rs->nonascii_anchor = TRUE;
            continue;
        }
        guint bit = filter_bit(w, strlen(w));
        rs->anchor_filter[bit / 8] |= 1u << (bit % 8);
    }
    g_ptr_array_set_size(rs->pending, 0);   /* the YAML is no longer needed */
    return ok;
}

guint ng_rules_check_types(const NgRuleSet *rs, const NgGazetteer *gz,
                           GPtrArray *problems)
{
    guint present = 0, added = 0;
    for (guint i = 0; i < gz->entities->len; i++)
        present |= 1u << ((NgEntity *)gz->entities->pdata[i])->type;
    /* One problem per place a type was written, whatever uses it. */
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint r = 0; r < rs->relations->len; r++) {
        const NgRelation *rel = rs->relations->pdata[r];
        for (guint k = 0; k < rel->rules->len; k++) {
            const NgRule *rule = rel->rules->pdata[k];
            for (guint e = 0; e < rule->n_elements; e++) {
                const NgElement *el = &rule->elements[e];
                for (int t = 0; el->kind == NG_EL_SLOT && t < NG_N_TYPES; t++) {
                    if (!(el->types & (1u << t)) || (present & (1u << t)))
                        continue;
                    const char *name = ng_entity_type_name((NgEntityType)t);
                    char *key = g_strdup_printf("%s %s", el->types_origin, name);
                    if (g_hash_table_add(seen, key)) {
                        g_ptr_array_add(problems, g_strdup_printf(
                            "%s: slot type %s (relation %s, rule '%s'): no "
                            "gazetteer entity has this type", el->types_origin,
                            name, rel->name, rule->id));
                        added++;
                    }
                }
            }
        }
    }
    g_hash_table_destroy(seen);
    return added;
}
