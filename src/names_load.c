/*
 * names_load.c - loading the name patterns (gazetteers/patterns/NAME.yaml).
 *
 * A pattern file is one YAML mapping from list names to lists of strings
 * (format in README.md, "Name patterns"); any file may hold any of the
 * lists, and the lists of all files are merged. Each string is tokenized
 * with the document tokenizer and its tokens are interned, folded, in the
 * vocabulary; word lists give their word a class bit, phrase lists add the
 * token sequence to a phrase set. Matching is therefore case- and
 * accent-insensitive; the rules that need a capital check it themselves.
 *
 * The libyaml event API is enough for this flat shape. Every problem is
 * collected as "FILE:LINE:COLUMN: message" and the load fails if there is
 * any, naming them all.
 */
#include <string.h>
#include <yaml.h>

#include "ng.h"
#include "yamldir.h"
#include "paths.h"
#include "names_tables.h"
#include "resolve_impl.h"
#include "token.h"

/* The lists a pattern file may hold. */
typedef struct {
    const char *key;
    guint32 word_class;   /* a word list: each item is one word */
    int phrase_set;       /* a phrase list: -1 for word lists */
} ListSpec;

static const ListSpec lists[] = {
    { "titles", 0, P_TITLE },
    { "leader-roles", 0, P_LEADER },
    { "org-suffixes", 0, P_ORG_SUFFIX },
    { "org-heads", 0, P_ORG_HEAD },
    { "org-exceptions", 0, P_ORG_NOT },
    { "org-prefixes", 0, P_ORG_PREFIX },
    { "place-names", 0, P_PLACE },
    { "stop-words", W_STOP, -1 },
    { "common-words", W_COMMON, -1 },
    { "demonyms", W_DEMONYM, -1 },
    { "locatives", W_LOCATIVE, -1 },
    { "particles", W_PARTICLE, -1 },
    { "portfolios", W_PORTFOLIO, -1 },
    { "org-joiners", W_JOINER, -1 },
    { "org-prepositions", W_PREP, -1 },
    { "name-suffixes", W_NAME_SUFFIX, -1 },
    { "determiners", W_DETERMINER, -1 },
    { "place-modifiers", W_PLACE_MOD, -1 },
    { "place-features", W_PLACE_FEATURE, -1 },
    { "place-nouns", W_PLACE_NOUN, -1 },
    { "travel-verbs", W_TRAVEL, -1 },
    { "departure-verbs", W_DEPART, -1 },
    { "org-units", W_ORG_UNIT, -1 },
    { "org-descriptors", W_ORG_DESCRIPTOR, -1 },
};

/* ------------------------------------------------------------------------
 * Vocabulary
 * ------------------------------------------------------------------------ */

void names_fold(GString *buf, const char *p, gsize len, guint32 tok_flags)
{
    g_string_truncate(buf, 0);
    if (tok_flags & NG_TOK_NONASCII) {
        ng_fold_append(buf, p, (gssize)len, TRUE);
        return;
    }
    g_string_append_len(buf, p, (gssize)len);
    for (gsize i = 0; i < len; i++)
        buf->str[i] = (char)names_lower((guchar)buf->str[i]);
}

/*
 * Word tables: open addressing over byte strings compared without ASCII
 * case, so that an ASCII token is looked up as it is in the text, with no
 * copy. Most text words are in no table: one bit per hash value (a
 * one-hash Bloom filter) answers them before any probe.
 */
typedef struct {
    const char *p;   /* NULL: empty slot */
    guint32 len;
    guint32 hash;
    gpointer value;
} WordSlot;

#define BLOOM_BITS (1u << 16)

struct WordTable {
    WordSlot *slots;
    guint32 mask;    /* slots has mask + 1 entries, a power of two */
    guint32 n;
    guint64 bloom[BLOOM_BITS / 64];
};

static inline guint32 word_hash(const char *p, gsize len)
{
    guint32 h = 2166136261u;
    for (gsize i = 0; i < len; i++)
        h = (h ^ names_lower((guchar)p[i])) * 16777619u;
    return h ^ (h >> 16);
}

static inline gboolean bloom_has(const WordTable *t, guint32 h)
{
    guint32 b = h % BLOOM_BITS;
    return (t->bloom[b / 64] >> (b % 64)) & 1;
}

WordTable *names_word_table_new(void)
{
    WordTable *t = g_new0(WordTable, 1);
    t->mask = 255;
    t->slots = g_new0(WordSlot, t->mask + 1);
    return t;
}

void names_word_table_free(WordTable *t)
{
    if (!t)
        return;
    g_free(t->slots);
    g_free(t);
}

static WordSlot *word_slot(const WordTable *t, const char *p, gsize len, guint32 h)
{
    for (guint32 i = h & t->mask;; i = (i + 1) & t->mask) {
        WordSlot *s = &t->slots[i];
        if (!s->p || (s->hash == h && s->len == len && names_same(s->p, p, len)))
            return s;
    }
}

gpointer names_word_table_get(const WordTable *t, const char *p, gsize len)
{
    guint32 h = word_hash(p, len);
    if (!bloom_has(t, h))
        return NULL;
    const WordSlot *s = word_slot(t, p, len, h);
    return s->p ? s->value : NULL;
}

void names_word_table_add(NgNames *nm, WordTable *t, const char *folded,
                          gpointer value)
{
    gsize len = strlen(folded);
    if (2 * (t->n + 1) > t->mask + 1) { /* keep it at most half full */
        WordSlot *old = t->slots;
        guint32 old_size = t->mask + 1;
        t->mask = 2 * t->mask + 1;
        t->slots = g_new0(WordSlot, t->mask + 1);
        for (guint32 i = 0; i < old_size; i++)
            if (old[i].p)
                *word_slot(t, old[i].p, old[i].len, old[i].hash) = old[i];
        g_free(old);
    }
    guint32 h = word_hash(folded, len);
    WordSlot *s = word_slot(t, folded, len, h);
    if (!s->p) {
        *s = (WordSlot){ g_string_chunk_insert_len(nm->strings, folded, (gssize)len),
                         (guint32)len, h, NULL };
        t->n++;
        t->bloom[(h % BLOOM_BITS) / 64] |= G_GUINT64_CONSTANT(1) << (h % 64);
    }
    s->value = value;
}

void names_word_table_each(const WordTable *t,
                           void (*f)(const char *word, gpointer value, gpointer user),
                           gpointer user)
{
    for (guint32 i = 0; i <= t->mask; i++)
        if (t->slots[i].p)
            f(t->slots[i].p, t->slots[i].value, user);
}

guint32 names_word(const NgNames *nm, const char *p, gsize len)
{
    return GPOINTER_TO_UINT(names_word_table_get(nm->vocab, p, len));
}

guint32 names_word_class(const NgNames *nm, guint32 word)
{
    return word ? g_array_index(nm->word_class, guint32, word) : 0;
}

static guint32 intern(NgNames *nm, const char *folded)
{
    guint32 id = names_word(nm, folded, strlen(folded));
    if (id)
        return id;
    id = nm->word_class->len;
    guint32 none = 0;
    g_array_append_val(nm->word_class, none);
    names_word_table_add(nm, nm->vocab, folded, GUINT_TO_POINTER(id));
    return id;
}

static void phrase_list_free(gpointer p)
{
    g_ptr_array_free(p, TRUE);
}

static gint longer_first(gconstpointer a, gconstpointer b)
{
    const guint32 *x = *(const guint32 *const *)a, *y = *(const guint32 *const *)b;
    return x[0] < y[0] ? 1 : x[0] > y[0] ? -1 : 0;
}

/* Add the token ids w[0..n) to a phrase set (duplicates are harmless). */
static void phrase_add(NgNames *nm, PhraseSet set, const guint32 *w, guint n)
{
    GHashTable *h = nm->phrases[set];
    GPtrArray *list = g_hash_table_lookup(h, GUINT_TO_POINTER(w[0]));
    if (!list) {
        list = g_ptr_array_new_with_free_func(g_free);
        g_hash_table_insert(h, GUINT_TO_POINTER(w[0]), list);
    }
    guint32 *p = g_new(guint32, n + 1);
    p[0] = n;
    memcpy(p + 1, w, n * sizeof *w);
    g_ptr_array_add(list, p);
    g_ptr_array_sort(list, longer_first);
}

/* ------------------------------------------------------------------------
 * YAML
 * ------------------------------------------------------------------------ */

typedef struct {
    NgNames *nm;
    const char *path;
    yaml_parser_t parser;
    yaml_event_t ev;
    gboolean have_event;
    GString *errors;
    GArray *toks;   /* scratch NgToken */
    GArray *ids;    /* scratch guint32 */
    GString *buf;
} Loader;

static void error_at(Loader *L, const yaml_mark_t *m, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
static void error_at(Loader *L, const yaml_mark_t *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (L->errors->len)
        g_string_append_c(L->errors, '\n');
    g_string_append_printf(L->errors, "%s:%u:%u: ", L->path,
                           (guint)m->line + 1, (guint)m->column + 1);
    ng_append_one_line_v(L->errors, fmt, ap);
    va_end(ap);
}

/* Next event; FALSE (error recorded) on a syntax error. */
static gboolean next(Loader *L)
{
    if (L->have_event)
        yaml_event_delete(&L->ev);
    L->have_event = yaml_parser_parse(&L->parser, &L->ev);
    if (L->have_event)
        return TRUE;
    error_at(L, &L->parser.problem_mark, "YAML syntax error: %s",
             L->parser.problem ? L->parser.problem : "cannot parse");
    return FALSE;
}

/* Skip the node starting at the current event. */
static gboolean skip_node(Loader *L)
{
    int depth = 0;
    do {
        if (L->ev.type == YAML_SEQUENCE_START_EVENT ||
            L->ev.type == YAML_MAPPING_START_EVENT)
            depth++;
        else if (L->ev.type == YAML_SEQUENCE_END_EVENT ||
                 L->ev.type == YAML_MAPPING_END_EVENT)
            depth--;
    } while (depth > 0 && next(L));
    return depth == 0;
}

/* One item of list `spec`: tokenize, intern, file it. */
static void add_item(Loader *L, const ListSpec *spec)
{
    const char *text = (const char *)L->ev.data.scalar.value;
    gsize len = L->ev.data.scalar.length;
    g_array_set_size(L->toks, 0);
    g_array_set_size(L->ids, 0);
    ng_tokenize(text, len, L->toks);
    if (!L->toks->len) {
        error_at(L, &L->ev.start_mark, "empty item in '%s'", spec->key);
        return;
    }
    if (spec->phrase_set < 0 && L->toks->len != 1) {
        error_at(L, &L->ev.start_mark, "'%s' in '%s' must be one word "
                 "(it is %u tokens)", text, spec->key, L->toks->len);
        return;
    }
    for (guint i = 0; i < L->toks->len; i++) {
        const NgToken *t = &g_array_index(L->toks, NgToken, i);
        names_fold(L->buf, text + t->start, t->end - t->start, t->flags);
        guint32 id = intern(L->nm, L->buf->str);
        g_array_append_val(L->ids, id);
    }
    guint32 *ids = (guint32 *)(void *)L->ids->data;
    int shape = spec->phrase_set == P_TITLE || spec->word_class == W_PORTFOLIO
                    ? SHAPE_TITLE
                : spec->phrase_set == P_ORG_SUFFIX || spec->phrase_set == P_ORG_HEAD ||
                  spec->phrase_set == P_ORG_PREFIX
                    ? SHAPE_ORG : -1;
    if (shape >= 0) {
        const NgToken *t = &g_array_index(L->toks, NgToken, 0);
        guint s = names_shape(text + t->start, t->end - t->start);
        L->nm->shapes[shape][s / 64] |= G_GUINT64_CONSTANT(1) << (s % 64);
    }
    if (spec->phrase_set >= 0) {
        phrase_add(L->nm, (PhraseSet)spec->phrase_set, ids, L->ids->len);
        g_array_index(L->nm->word_class, guint32, ids[0]) |= W_STARTS(spec->phrase_set);
    }
    else
        g_array_index(L->nm->word_class, guint32, ids[0]) |= spec->word_class;
    L->nm->n_patterns++;
}

/* The value of key `spec`: a list of strings. */
static gboolean parse_list(Loader *L, const ListSpec *spec)
{
    if (L->ev.type != YAML_SEQUENCE_START_EVENT) {
        error_at(L, &L->ev.start_mark, "'%s' must be a list of strings", spec->key);
        return skip_node(L);
    }
    while (next(L) && L->ev.type != YAML_SEQUENCE_END_EVENT) {
        if (L->ev.type == YAML_SCALAR_EVENT)
            add_item(L, spec);
        else {
            error_at(L, &L->ev.start_mark, "items of '%s' must be strings", spec->key);
            if (!skip_node(L))
                return FALSE;
        }
    }
    return L->have_event;
}

static void parse_stream(Loader *L)
{
    if (!next(L) || !next(L)) /* stream start, document start */
        return;
    if (L->ev.type == YAML_STREAM_END_EVENT)
        return; /* an empty file defines nothing */
    if (!next(L))
        return;
    if (L->ev.type != YAML_MAPPING_START_EVENT) {
        error_at(L, &L->ev.start_mark, "a pattern file is a mapping from list "
                 "names (titles, org-suffixes, ...) to lists of strings");
        return;
    }
    while (next(L) && L->ev.type != YAML_MAPPING_END_EVENT) {
        if (L->ev.type != YAML_SCALAR_EVENT) {
            error_at(L, &L->ev.start_mark, "keys must be strings");
            if (!skip_node(L) || !next(L) || !skip_node(L))
                return;
            continue;
        }
        const char *key = (const char *)L->ev.data.scalar.value;
        const ListSpec *spec = NULL;
        for (guint i = 0; i < G_N_ELEMENTS(lists) && !spec; i++)
            if (!strcmp(key, lists[i].key))
                spec = &lists[i];
        if (!spec && strcmp(key, "source")) {
            GString *known = g_string_new(NULL);
            for (guint i = 0; i < G_N_ELEMENTS(lists); i++)
                g_string_append_printf(known, "%s%s", i ? ", " : "", lists[i].key);
            error_at(L, &L->ev.start_mark, "unknown list '%s' (known: source, %s)",
                     key, known->str);
            g_string_free(known, TRUE);
        }
        if (!next(L))
            return;
        if (spec ? !parse_list(L, spec) : !skip_node(L))
            return;
    }
}

static gboolean load_file(NgNames *nm, const char *path, GString *errors)
{
    char *data;
    gsize len;
    GError *io = NULL;
    if (!g_file_get_contents(path, &data, &len, &io)) {
        g_string_append_printf(errors, "%s%s: %s", errors->len ? "\n" : "",
                               path, io->message);
        g_error_free(io);
        return FALSE;
    }
    Loader L = { .nm = nm, .path = path, .errors = g_string_new(NULL),
                 .toks = g_array_new(FALSE, FALSE, sizeof(NgToken)),
                 .ids = g_array_new(FALSE, FALSE, sizeof(guint32)),
                 .buf = g_string_new(NULL) };
    yaml_parser_initialize(&L.parser);
    yaml_parser_set_input_string(&L.parser, (const unsigned char *)data, len);
    parse_stream(&L);
    if (L.have_event)
        yaml_event_delete(&L.ev);
    yaml_parser_delete(&L.parser);
    gboolean ok = L.errors->len == 0;
    if (!ok)
        g_string_append_printf(errors, "%s%s", errors->len ? "\n" : "", L.errors->str);
    g_string_free(L.errors, TRUE);
    g_array_free(L.toks, TRUE);
    g_array_free(L.ids, TRUE);
    g_string_free(L.buf, TRUE);
    g_free(data);
    return ok;
}

/* Load the *.yaml / *.yml files of dir in name order. */
static gboolean load_dir(NgNames *nm, const char *dir, GError **error)
{
    GPtrArray *paths = ng_yaml_files(dir, "patterns", error);
    if (!paths)
        return FALSE;
    GString *errors = g_string_new(NULL);
    for (guint i = 0; i < paths->len; i++)
        load_file(nm, paths->pdata[i], errors);
    g_ptr_array_free(paths, TRUE);
    gboolean ok = errors->len == 0;
    if (!ok)
        g_set_error_literal(error, NG_ERROR, NG_ERROR_CONFIG, errors->str);
    g_string_free(errors, TRUE);
    return ok;
}

/* The patterns of patterns_dir (NULL: none), without the indexes of the
 * gazetteer. */
static NgNames *names_load(const NgGazetteer *gz, const char *patterns_dir,
                           GError **error)
{
    NgNames *nm = g_new0(NgNames, 1);
    nm->gz = gz;
    nm->strings = g_string_chunk_new(16 * 1024);
    nm->vocab = names_word_table_new();
    nm->word_class = g_array_new(FALSE, TRUE, sizeof(guint32));
    g_array_set_size(nm->word_class, 1); /* id 0: NO_WORD */
    for (int s = 0; s < N_PHRASE_SETS; s++)
        nm->phrases[s] = g_hash_table_new_full(g_direct_hash, g_direct_equal,
                                               NULL, phrase_list_free);
    if (patterns_dir && !load_dir(nm, patterns_dir, error)) {
        ng_names_free(nm);
        return NULL;
    }
    return nm;
}

NgNames *ng_names_new(const NgGazetteer *gz, const char *patterns_dir,
                      GError **error)
{
    NgNames *nm = names_load(gz, patterns_dir, error);
    if (nm) {
        names_index_gazetteer(nm);
        names_index_predecessors(nm);
    }
    return nm;
}

NgNames *ng_names_new_from_tables(const NgGazetteer *gz, const char *patterns_dir,
                                  const NgNamesTables *t, GError **error)
{
    NgNames *nm = names_load(gz, patterns_dir, error);
    if (nm && !names_index_tables(nm, t)) {
        ng_names_free(nm);
        g_set_error_literal(error, NG_ERROR, NG_ERROR_FORMAT,
                            "the stored name indexes are inconsistent");
        return NULL;
    }
    if (nm)
        names_index_predecessors(nm);
    return nm;
}

void ng_names_free(NgNames *nm)
{
    if (!nm)
        return;
    for (int s = 0; s < N_PHRASE_SETS; s++)
        g_hash_table_destroy(nm->phrases[s]);
    names_word_table_free(nm->vocab);
    g_array_free(nm->word_class, TRUE);
    if (nm->surnames)
        g_hash_table_destroy(nm->surnames);
    if (nm->first_names)
        g_hash_table_destroy(nm->first_names);
    if (nm->predecessors)
        g_hash_table_destroy(nm->predecessors);
    names_word_table_free(nm->one_word);
    g_string_chunk_free(nm->strings);
    g_free(nm);
}

guint ng_names_n_patterns(const NgNames *nm)
{
    return nm->n_patterns;
}
