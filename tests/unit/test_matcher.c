/*
 * test_matcher.c - finding aliases in text: whole tokens, leftmost-longest
 * without overlap, possessives, hyphens, abbreviations, case and accents,
 * line and paragraph breaks, other scripts. Every text is also matched
 * with the matcher's tables copied to read-only memory and used there
 * (matcher_tables.h), which must find the same; tables damaged in any way
 * that could take a lookup out of them are refused.
 */
#include <string.h>
#include <sys/mman.h>

#include "gazetteer.h"
#include "matcher.h"
#include "matcher_tables.h"
#include "ng.h"
#include "testlib.h"

/* An entity with its name and the aliases after it (NULL-terminated), all
 * with `flags`. */
static guint32 add(NgGazetteer *gz, NgEntityType type, guint32 flags,
                   const char *name, ...)
{
    guint32 e = ng_gazetteer_add_entity(gz, name, type, NULL);
    ng_gazetteer_add_alias(gz, e, name, flags);
    va_list ap;
    va_start(ap, name);
    for (const char *a = va_arg(ap, const char *); a; a = va_arg(ap, const char *))
        ng_gazetteer_add_alias(gz, e, a, flags);
    va_end(ap);
    return e;
}

/* An anonymous mapping, unmapped when the GBytes over it goes. */
typedef struct {
    void *p;
    gsize len;
} Region;

static void region_free(gpointer data)
{
    Region *r = data;
    munmap(r->p, r->len);
    g_free(r);
}

/* Copy len bytes of src to base + *at, the next 8-aligned place. */
static gpointer copy_in(guint8 *base, gsize *at, gconstpointer src, gsize len)
{
    guint8 *dst = base + *at;
    if (len)
        memcpy(dst, src, len);
    *at += (len + 7) / 8 * 8;
    return dst;
}

/* The tables of m copied into a fresh mapping, as a file would give them:
 * *t points there, and the GBytes returned owns it. */
static GBytes *pack(const NgMatcher *m, NgMatcherTables *t)
{
    NgMatcherTables s;
    ng_matcher_tables(m, &s);
    Region *r = g_new(Region, 1);
    r->len = s.pool_len + s.n_slots * NG_MATCHER_SLOT_SIZE + s.n_tags +
             s.n_edges * NG_MATCHER_EDGE_SIZE + 8 * s.n_children +
             4 * s.n_term_start + 4 * s.n_term + 8 * 8;
    r->p = mmap(NULL, r->len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    g_assert_true(r->p != MAP_FAILED);
    gsize at = 0;
    *t = s;
    t->pool = copy_in(r->p, &at, s.pool, s.pool_len);
    t->slots = copy_in(r->p, &at, s.slots, s.n_slots * NG_MATCHER_SLOT_SIZE);
    t->tags = copy_in(r->p, &at, s.tags, s.n_tags);
    t->edges = copy_in(r->p, &at, s.edges, s.n_edges * NG_MATCHER_EDGE_SIZE);
    t->children = copy_in(r->p, &at, s.children, 8 * s.n_children);
    t->term_start = copy_in(r->p, &at, s.term_start, 4 * s.n_term_start);
    t->term = copy_in(r->p, &at, s.term, 4 * s.n_term);
    return g_bytes_new_with_free_func(r->p, r->len, region_free, r);
}

/* A matcher using m's tables where they are, in read-only memory: a write
 * would crash. It alone keeps them. */
static NgMatcher *mapped_twin(const NgGazetteer *gz, const NgMatcher *m)
{
    NgMatcherTables t;
    GBytes *b = pack(m, &t);
    gsize len;
    gconstpointer p = g_bytes_get_data(b, &len);
    g_assert_cmpint(mprotect((void *)p, len, PROT_READ), ==, 0);
    GError *error = NULL;
    NgMatcher *twin = ng_matcher_from_tables(gz, &t, b, &error);
    g_assert_no_error(error);
    g_bytes_unref(b);
    g_assert_cmpuint(ng_matcher_n_states(twin), ==, ng_matcher_n_states(m));
    return twin;
}

/* The mentions in `text` as "surface=Name" joined with '|', checking that
 * each mention's offsets agree with its tokens. */
static char *mentions(const NgGazetteer *gz, const NgMatcher *m, const char *text)
{
    GArray *toks = g_array_new(FALSE, FALSE, sizeof(NgToken));
    GArray *out = g_array_new(FALSE, FALSE, sizeof(NgMention));
    ng_tokenize(text, strlen(text), toks);
    ng_matcher_match(m, text, (const NgToken *)(void *)toks->data, toks->len, out);
    GString *s = g_string_new(NULL);
    guint32 after = 0;
    for (guint i = 0; i < out->len; i++) {
        const NgMention *mn = &g_array_index(out, NgMention, i);
        g_assert_cmpuint(mn->first_token, >=, after); /* in order, no overlap */
        g_assert_cmpuint(mn->n_tokens, >, 0);
        after = mn->first_token + mn->n_tokens;
        g_assert_cmpuint(after, <=, toks->len);
        g_assert_cmpuint(mn->start, ==, g_array_index(toks, NgToken, mn->first_token).start);
        g_assert_cmpuint(mn->end, ==, g_array_index(toks, NgToken, after - 1).end);
        const NgAlias *a = &g_array_index(gz->aliases, NgAlias, mn->alias);
        g_assert_cmpuint(a->entity, ==, mn->entity);
        const NgEntity *e = gz->entities->pdata[mn->entity];
        g_string_append_printf(s, "%s%.*s=%s", s->len ? "|" : "",
                               (int)(mn->end - mn->start), text + mn->start, e->name);
    }
    g_array_free(toks, TRUE);
    g_array_free(out, TRUE);
    return g_string_free(s, FALSE);
}

/* mentions(), which a mapped twin of m must find too. */
static char *tag(const NgGazetteer *gz, const NgMatcher *m, const char *text)
{
    NgMatcher *twin = mapped_twin(gz, m);
    char *found = mentions(gz, m, text), *found_mapped = mentions(gz, twin, text);
    g_assert_cmpstr(found, ==, found_mapped);
    g_free(found_mapped);
    ng_matcher_free(twin);
    return found;
}

#define CHECK(text, want)                                \
    do {                                                 \
        char *have_ = tag(gz, m, (text));                \
        g_assert_cmpstr(have_, ==, (want));              \
        g_free(have_);                                   \
    } while (0)

static void test_longest_no_overlap(void)
{
    NgGazetteer *gz = ng_gazetteer_new();
    add(gz, NG_TYPE_ORGANIZATION, 0, "Nord Stream", NULL);
    add(gz, NG_TYPE_ORGANIZATION, 0, "Nord Stream 2 AG", NULL);
    add(gz, NG_TYPE_COUNTRY, 0, "New York", NULL);
    add(gz, NG_TYPE_ORGANIZATION, 0, "York Times", NULL);
    add(gz, NG_TYPE_ORGANIZATION, 0, "Times Square Group", NULL);
    NgMatcher *m = ng_matcher_new(gz);

    CHECK("Nord Stream 2 AG said", "Nord Stream 2 AG=Nord Stream 2 AG");
    /* the walk through "2" ends nowhere: back to the longest alias seen */
    CHECK("Nord Stream 2 pipeline", "Nord Stream=Nord Stream");
    CHECK("Nord Stream 2 AG", "Nord Stream 2 AG=Nord Stream 2 AG");
    CHECK("Nord", "");
    /* leftmost first, then no overlap */
    CHECK("the New York Times Square Group", "New York=New York|Times Square Group=Times Square Group");
    CHECK("York Times and New York", "York Times=York Times|New York=New York");
    CHECK("Nord Stream Nord Stream 2 AG", "Nord Stream=Nord Stream|Nord Stream 2 AG=Nord Stream 2 AG");
    /* the root, Nord Stream, 2 AG, New York, York Times, Times Square
     * Group: prefixes are shared */
    g_assert_cmpuint(ng_matcher_n_states(m), ==, 1 + 2 + 2 + 2 + 2 + 3);
    ng_matcher_free(m);
    ng_gazetteer_free(gz);
}

static void test_whole_tokens(void)
{
    NgGazetteer *gz = ng_gazetteer_new();
    add(gz, NG_TYPE_COUNTRY, 0, "United States", "US", "U.S.", NULL);
    add(gz, NG_TYPE_COUNTRY, 0, "Iran", NULL);
    add(gz, NG_TYPE_COUNTRY, 0, "United Kingdom", "U.K.", NULL);
    NgMatcher *m = ng_matcher_new(gz);
    CHECK("USA and Iranian oil", "");
    CHECK("a US and Iran deal", "US=United States|Iran=Iran");
    CHECK("the U.S. and the U.K.", "U.S.=United States|U.K.=United Kingdom");
    /* hyphenated compounds give both */
    CHECK("US-Iran talks", "US=United States|Iran=Iran");
    CHECK("U.S.-Iran talks", "U.S.=United States|Iran=Iran");
    /* sentence-final abbreviation */
    CHECK("He flew to the U.S.", "U.S.=United States");
    ng_matcher_free(m);
    add(gz, NG_TYPE_ORGANIZATION, 0, "AT&T", NULL);
    add(gz, NG_TYPE_ORGANIZATION, 0, "Acme Inc.", NULL);
    m = ng_matcher_new(gz);
    /* one-character tokens, spaced or not; the case of each must agree */
    CHECK("AT&T, AT & T and at&t", "AT&T=AT&T|AT & T=AT&T");
    CHECK("Acme Inc. said", "Acme Inc.=Acme Inc.");
    CHECK("Acme Inc said", "");
    ng_matcher_free(m);
    ng_gazetteer_free(gz);

    /* US and U.S. are different tokens: each matches only if listed. */
    gz = ng_gazetteer_new();
    add(gz, NG_TYPE_COUNTRY, 0, "US", NULL);
    add(gz, NG_TYPE_COUNTRY, 0, "U.K.", NULL);
    m = ng_matcher_new(gz);
    CHECK("the U.S. and the UK", "");
    CHECK("the US and the U.K.", "US=US|U.K.=U.K.");
    ng_matcher_free(m);
    ng_gazetteer_free(gz);
}

static void test_possessives(void)
{
    NgGazetteer *gz = ng_gazetteer_new();
    add(gz, NG_TYPE_COUNTRY, 0, "Russia", NULL);
    add(gz, NG_TYPE_ORGANIZATION, 0, "Moody's", NULL);
    add(gz, NG_TYPE_PERSON, 0, "O'Neill", NULL);
    add(gz, NG_TYPE_COUNTRY, 0, "Côte d’Ivoire", NULL);
    NgMatcher *m = ng_matcher_new(gz);
    CHECK("Russia's envoy", "Russia=Russia");
    CHECK("Russia\xe2\x80\x99s envoy", "Russia=Russia");
    CHECK("RUSSIA'S envoy", "");
    CHECK("Moody's cut", "Moody's=Moody's");
    CHECK("Moody\xe2\x80\x99s cut", "Moody\xe2\x80\x99s=Moody's");
    CHECK("Moody cut", "");
    CHECK("O\xe2\x80\x99Neill's view", "O\xe2\x80\x99Neill=O'Neill");
    CHECK("Cote d'Ivoire", "Cote d'Ivoire=Côte d’Ivoire");
    ng_matcher_free(m);
    ng_gazetteer_free(gz);
}

static void test_case(void)
{
    NgGazetteer *gz = ng_gazetteer_new();
    add(gz, NG_TYPE_COUNTRY, 0, "US", NULL);
    add(gz, NG_TYPE_PERSON, 0, "May", NULL);
    add(gz, NG_TYPE_ORGANIZATION, NG_ALIAS_NOCASE, "NATO", NULL);
    add(gz, NG_TYPE_ORGANIZATION, 0, "General Motors", NULL);
    NgMatcher *m = ng_matcher_new(gz);
    CHECK("us and US", "US=US");
    CHECK("it may rain, May said", "May=May");
    CHECK("MAY", "");
    CHECK("NATO, Nato and nato", "NATO=NATO|Nato=NATO|nato=NATO");
    CHECK("GENERAL MOTORS and General motors and General Motors",
          "General Motors=General Motors");
    ng_matcher_free(m);
    ng_gazetteer_free(gz);
}

/* Aliases with the same text for several entities: the first (lowest
 * entity index) that accepts the text wins. */
static void test_shared_alias(void)
{
    NgGazetteer *gz = ng_gazetteer_new();
    add(gz, NG_TYPE_COUNTRY, 0, "Georgia", NULL);
    guint32 p = add(gz, NG_TYPE_PERSON, 0, "Georgia Smith", NULL);
    ng_gazetteer_add_alias(gz, p, "Georgia", NG_ALIAS_NOCASE);
    /* The entity order decides, not the order the aliases were added. */
    guint32 first = ng_gazetteer_add_entity(gz, "Jordan", NG_TYPE_COUNTRY, NULL);
    add(gz, NG_TYPE_PERSON, 0, "Michael Jordan", "Jordan", NULL);
    ng_gazetteer_add_alias(gz, first, "Jordan", 0);
    NgMatcher *m = ng_matcher_new(gz);
    CHECK("Georgia", "Georgia=Georgia");
    CHECK("GEORGIA", "GEORGIA=Georgia Smith");
    CHECK("Jordan", "Jordan=Jordan");
    CHECK("Michael Jordan", "Michael Jordan=Michael Jordan");
    ng_matcher_free(m);
    ng_gazetteer_free(gz);
}

static void test_accents(void)
{
    NgGazetteer *gz = ng_gazetteer_new();
    add(gz, NG_TYPE_PERSON, 0, "François Mitterrand", NULL);
    add(gz, NG_TYPE_PERSON, 0, "Francois Hollande", NULL);
    add(gz, NG_TYPE_PERSON, NG_ALIAS_NOCASE, "Lech Wałęsa", NULL);
    NgMatcher *m = ng_matcher_new(gz);
    /* accents never matter, case does for a case-sensitive alias */
    CHECK("François Mitterrand", "François Mitterrand=François Mitterrand");
    CHECK("Francois Mitterrand", "Francois Mitterrand=François Mitterrand");
    CHECK("Franc\xcc\xa7ois Mitterrand", "Franc\xcc\xa7ois Mitterrand=François Mitterrand");
    CHECK("FRANÇOIS MITTERRAND", "");
    CHECK("François Hollande", "François Hollande=Francois Hollande");
    CHECK("LECH WALESA, Lech Wałęsa", "LECH WALESA=Lech Wałęsa|Lech Wałęsa=Lech Wałęsa");
    ng_matcher_free(m);
    ng_gazetteer_free(gz);
}

static void test_breaks(void)
{
    NgGazetteer *gz = ng_gazetteer_new();
    add(gz, NG_TYPE_PERSON, 0, "Sergey Lavrov", NULL);
    add(gz, NG_TYPE_PERSON, 0, "Lavrov", NULL);
    NgMatcher *m = ng_matcher_new(gz);
    /* a hard-wrapped line does not stop a name... */
    CHECK("Foreign Minister Sergey\nLavrov said", "Sergey\nLavrov=Sergey Lavrov");
    CHECK("Sergey \r\nLavrov", "Sergey \r\nLavrov=Sergey Lavrov");
    /* ...a paragraph break does: blank line or indented line */
    CHECK("Sergey\n\nLavrov", "Lavrov=Lavrov");
    CHECK("Sergey\n    Lavrov", "Lavrov=Lavrov");
    CHECK("Sergey \xe2\x80\xa9Lavrov", "Lavrov=Lavrov");
    CHECK("Sergey\xc2\xa0Lavrov", "Sergey\xc2\xa0Lavrov=Sergey Lavrov");
    ng_matcher_free(m);
    ng_gazetteer_free(gz);
}

static void test_unicode(void)
{
    NgGazetteer *gz = ng_gazetteer_new();
    add(gz, NG_TYPE_PERSON, 0, "Владимир Путин", "Путин", NULL);
    add(gz, NG_TYPE_COUNTRY, NG_ALIAS_NOCASE, "Москва", NULL);
    add(gz, NG_TYPE_PERSON, 0, "习近平", NULL);
    NgMatcher *m = ng_matcher_new(gz);
    CHECK("Президент Владимир Путин заявил", "Владимир Путин=Владимир Путин");
    CHECK("Путина", "");
    CHECK("ПУТИН", "");
    CHECK("МОСКВА и Москва", "МОСКВА=Москва|Москва=Москва");
    CHECK("主席 习近平 说", "习近平=习近平");
    ng_matcher_free(m);
    ng_gazetteer_free(gz);
}

static void test_empty(void)
{
    NgGazetteer *gz = ng_gazetteer_new();
    guint32 e = add(gz, NG_TYPE_COUNTRY, 0, "Chad", NULL);
    /* aliases that are no tokens at all are skipped */
    ng_gazetteer_add_alias(gz, e, " \n", 0);
    ng_gazetteer_add_alias(gz, e, "", 0);
    NgMatcher *m = ng_matcher_new(gz);
    CHECK("", "");
    CHECK("  \n\n ", "");
    CHECK("Chad", "Chad=Chad");
    /* nor are aliases of more than NG_MATCHER_MAX_TOKENS tokens */
    GString *longest = g_string_new("Chad");
    for (int i = 1; i < NG_MATCHER_MAX_TOKENS; i++)
        g_string_append(longest, " x");
    ng_gazetteer_add_alias(gz, e, longest->str, 0);
    GString *too_long = g_string_new(longest->str);
    g_string_append(too_long, " y");
    ng_gazetteer_add_alias(gz, e, too_long->str, 0);
    ng_matcher_free(m);
    m = ng_matcher_new(gz);
    g_string_append(longest, " y");
    char *want = g_strdup_printf("%.*s=Chad", (int)(longest->len - 2), longest->str);
    CHECK(longest->str, want);
    g_free(want);
    g_string_free(longest, TRUE);
    g_string_free(too_long, TRUE);
    GArray *out = g_array_new(FALSE, FALSE, sizeof(NgMention));
    ng_matcher_match(m, "", NULL, 0, out);
    g_assert_cmpuint(out->len, ==, 0);
    g_array_free(out, TRUE);
    ng_matcher_free(m);
    ng_gazetteer_free(gz);

    /* an empty gazetteer */
    gz = ng_gazetteer_new();
    m = ng_matcher_new(gz);
    g_assert_cmpuint(ng_matcher_n_states(m), ==, 1);
    CHECK("Chad and Niger", "");
    ng_matcher_free(m);
    ng_gazetteer_free(gz);
}

/* Many aliases: the tables grow and everything is still found. */
static void test_many(void)
{
    NgGazetteer *gz = ng_gazetteer_new();
    for (int i = 0; i < 20000; i++) {
        char name[64];
        g_snprintf(name, sizeof name, "Firm%d Holdings %d", i % 997, i);
        add(gz, NG_TYPE_ORGANIZATION, i % 2 ? NG_ALIAS_NOCASE : 0, name, NULL);
    }
    NgMatcher *m = ng_matcher_new(gz);
    CHECK("Firm4 Holdings 4 and FIRM4 HOLDINGS 4 and firm6 holdings 1003",
          "Firm4 Holdings 4=Firm4 Holdings 4|firm6 holdings 1003=Firm6 Holdings 1003");
    CHECK("Firm5 Holdings 6", "");
    ng_matcher_free(m);
    ng_gazetteer_free(gz);
}
/* Damaged tables given to ng_matcher_from_tables. */
static void refused(const NgGazetteer *gz, const NgMatcherTables *t, GBytes *b)
{
    GError *error = NULL;
    g_assert_null(ng_matcher_from_tables(gz, t, b, &error));
    g_assert_error(error, NG_ERROR, NG_ERROR_FORMAT);
    g_error_free(error);
}

/* Field k of slot i: 0 hash, 1 offset, 2 length, 3 root (NG_MATCHER_SLOT_TYPE). */
static guint32 *slot_field(const NgMatcherTables *t, gsize i, int k)
{
    return (guint32 *)((guint8 *)t->slots + i * NG_MATCHER_SLOT_SIZE + 8 + 4 * k);
}

/* The key, then the next state, of edge i (NG_MATCHER_EDGE_TYPE). */
static guint64 *edge_key(const NgMatcherTables *t, gsize i)
{
    return (guint64 *)((guint8 *)t->edges + i * NG_MATCHER_EDGE_SIZE);
}

static guint32 *edge_next(const NgMatcherTables *t, gsize i)
{
    return (guint32 *)((guint8 *)t->edges + i * NG_MATCHER_EDGE_SIZE + 8);
}

/* Set *p to v, check that the tables are refused, put *p back. */
#define REFUSED_WITH(p, v)               \
    do {                                 \
        __typeof__(*(p)) was_ = *(p);    \
        *(p) = (v);                      \
        refused(gz, &t, b);              \
        *(p) = was_;                     \
    } while (0)

/* Each way a table could send a lookup out of the tables, or round for
 * ever, is refused; what is left is accepted and matches as before. */
static void test_mapped_damage(void)
{
    NgGazetteer *gz = ng_gazetteer_new();
    add(gz, NG_TYPE_ORGANIZATION, 0, "Nord Stream 2 AG", "Nord Stream", NULL);
    add(gz, NG_TYPE_COUNTRY, NG_ALIAS_NOCASE, "New York", "Internationalization Inc", NULL);
    NgMatcher *m = ng_matcher_new(gz);
    NgMatcherTables t;
    GBytes *b = pack(m, &t);
    guint8 *tags = (guint8 *)t.tags;
    guint32 *term_start = (guint32 *)t.term_start, *term = (guint32 *)t.term;
    guint32 n_states = ng_matcher_n_states(m) - 1;

    /* The vocabulary: a key outside the pool, or not at a word; a first
     * step to no state; no empty slot; not a power of two. */
    gsize key = 0, edge = 0;
    while (!tags[key])
        key++;
    guint32 *off = slot_field(&t, key, 1), *len = slot_field(&t, key, 2);
    REFUSED_WITH(off, 0);
    REFUSED_WITH(off, *off + 4);
    REFUSED_WITH(off, (guint32)t.pool_len);
    REFUSED_WITH(len, (guint32)t.pool_len);
    REFUSED_WITH(slot_field(&t, key, 3), n_states + 1);
    guint8 *all_tags = g_memdup2(t.tags, t.n_tags);
    memset(tags, 0x80, t.n_tags);
    refused(gz, &t, b);
    memcpy(tags, all_tags, t.n_tags);
    g_free(all_tags);
    REFUSED_WITH(&t.n_slots, t.n_slots - 1);
    REFUSED_WITH(&t.n_tags, t.n_tags - 1);
    REFUSED_WITH(&t.pool_len, t.pool_len - 8);

    /* The edges: to no state; no empty edge. */
    while (!*edge_key(&t, edge))
        edge++;
    REFUSED_WITH(edge_next(&t, edge), 0);
    REFUSED_WITH(edge_next(&t, edge), n_states + 1);
    guint64 *keys = g_new(guint64, t.n_edges);
    for (gsize i = 0; i < t.n_edges; i++) {
        keys[i] = *edge_key(&t, i);
        *edge_key(&t, i) = keys[i] ? keys[i] : (guint64)1 << 32 | 8;
    }
    refused(gz, &t, b);
    for (gsize i = 0; i < t.n_edges; i++)
        *edge_key(&t, i) = keys[i];
    g_free(keys);
    REFUSED_WITH(&t.n_edges, t.n_edges / 2 * 3);

    /* The aliases states end: ranges that are not runs of term, an alias
     * that is not one. */
    REFUSED_WITH(&term_start[0], 1);
    REFUSED_WITH(&term_start[2], term_start[3] + 1);
    REFUSED_WITH(&t.n_term, t.n_term - 1);
    REFUSED_WITH(&term[0], gz->aliases->len);
    REFUSED_WITH(&t.n_term_start, 1);

    /* Arrays out of line for their items. */
    REFUSED_WITH(&t.slots, (const guint8 *)t.slots + 4);
    REFUSED_WITH(&t.edges, (const guint8 *)t.edges + 4);
    REFUSED_WITH(&t.term_start, t.term_start + 1);

    /* Put back as it was: accepted, and matches as m does. */
    GError *error = NULL;
    NgMatcher *twin = ng_matcher_from_tables(gz, &t, b, &error);
    g_assert_no_error(error);
    char *want = mentions(gz, m, "Nord Stream 2 AG in new york");
    char *have = mentions(gz, twin, "Nord Stream 2 AG in new york");
    g_assert_cmpstr(have, ==, want);
    g_assert_cmpstr(have, ==, "Nord Stream 2 AG=Nord Stream 2 AG|new york=New York");
    g_free(want);
    g_free(have);
    ng_matcher_free(twin);
    g_bytes_unref(b);
    ng_matcher_free(m);
    ng_gazetteer_free(gz);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/matcher/longest-no-overlap", test_longest_no_overlap);
    g_test_add_func("/matcher/whole-tokens", test_whole_tokens);
    g_test_add_func("/matcher/possessives", test_possessives);
    g_test_add_func("/matcher/case", test_case);
    g_test_add_func("/matcher/shared-alias", test_shared_alias);
    g_test_add_func("/matcher/accents", test_accents);
    g_test_add_func("/matcher/breaks", test_breaks);
    g_test_add_func("/matcher/unicode", test_unicode);
    g_test_add_func("/matcher/empty", test_empty);
    g_test_add_func("/matcher/many", test_many);
    g_test_add_func("/matcher/mapped-damage", test_mapped_damage);
    return g_test_run();
}
