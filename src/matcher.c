/*
 * matcher.c - the gazetteer's aliases compiled into a token trie.
 *
 * Every alias is tokenized with ng_tokenize and each token reduced to its
 * key: the token folded by ng_fold_append (accents dropped, ’ -> ',
 * case-folded). Keys are interned in the vocabulary, a string table whose
 * id for a key is its offset in the table's byte pool. The trie's edges
 * live in one open-addressing table keyed by (state << 32 | key id), so a
 * step costs one probe whatever the number of aliases; the edges out of
 * the root are kept in the vocabulary entry itself, so that the common
 * case - a text token that starts no alias - costs one lookup.
 *
 * A case-sensitive alias must also agree with the text token by token in
 * its "plain" form (ng_fold_append without case folding): "May" does not
 * match "may", but "Francois" matches "François". Plain forms are interned
 * in a second string table and each such alias keeps the list of its
 * tokens' plain ids, checked only when the trie reaches its end.
 *
 * For a text token whose bytes are all ASCII (the tokenizer says so), the
 * key is the lowercased bytes: it is hashed and compared on the fly without
 * being copied. Other tokens are folded into a scratch buffer.
 *
 * The tables never change after ng_matcher_new: several threads may match
 * with one matcher.
 */
#include "matcher.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * String tables
 * ------------------------------------------------------------------------ */

/* One entry of a string table. A string's id is its offset in the pool,
 * which starts with one unused byte so that offset 0 marks an empty slot. */
typedef struct {
    guint32 hash;
    guint32 off;  /* offset in pool; 0: empty slot */
    guint32 len;
    guint32 root; /* vocabulary: the trie state after this token from the
                     root, 0 if no alias starts with it */
} Slot;

typedef struct {
    GString *pool;
    Slot *slots;
    guint32 mask;  /* slots has mask + 1 entries, a power of two */
    guint32 n;
} StrTab;

/* ASCII lowercase without a branch or a table. */
static inline guchar ascii_lower(guchar c)
{
    return (guchar)(c + (((guint)c - 'A' < 26u) << 5));
}

/* FNV-1a over the bytes, lowercased first when `lower` (ASCII tokens of
 * the text: their key is their lowercase form), then mixed so that the
 * low bits, which index the table, depend on every byte. */
static inline guint32 hash_bytes(const guchar *p, gsize len, gboolean lower)
{
    guint32 h = 2166136261u;
    for (gsize i = 0; i < len; i++)
        h = (h ^ (lower ? ascii_lower(p[i]) : p[i])) * 16777619u;
    h ^= h >> 15;
    h *= 0x2c1b3c6du;
    return h ^ (h >> 12);
}

static void strtab_init(StrTab *t)
{
    t->pool = g_string_new(" "); /* offset 0 is never a string */
    t->mask = 1023;
    t->slots = g_new0(Slot, t->mask + 1);
    t->n = 0;
}

static void strtab_clear(StrTab *t)
{
    g_string_free(t->pool, TRUE);
    g_free(t->slots);
}

/* The slot holding p[0..len) (lowercased when `lower`), or NULL. */
static inline const Slot *strtab_find(const StrTab *t, guint32 h,
                                      const guchar *p, gsize len,
                                      gboolean lower)
{
    for (guint32 i = h & t->mask;; i = (i + 1) & t->mask) {
        const Slot *s = &t->slots[i];
        if (!s->off)
            return NULL;
        if (s->hash != h || s->len != len)
            continue;
        const guchar *q = (const guchar *)t->pool->str + s->off;
        gsize k = 0;
        if (lower)
            while (k < len && ascii_lower(p[k]) == q[k])
                k++;
        else
            k = memcmp(p, q, len) ? 0 : len;
        if (k == len)
            return s;
    }
}

/* Intern p[0..len): the slot of the string, added if new. The pointer is
 * valid until the next strtab_intern. */
static Slot *strtab_intern(StrTab *t, const char *p, gsize len)
{
    guint32 h = hash_bytes((const guchar *)p, len, FALSE);
    Slot *found = (Slot *)strtab_find(t, h, (const guchar *)p, len, FALSE);
    if (found)
        return found;
    if (2 * (t->n + 1) > t->mask + 1) { /* keep it at most half full */
        Slot *old = t->slots;
        guint32 old_size = t->mask + 1;
        t->mask = 2 * t->mask + 1;
        t->slots = g_new0(Slot, t->mask + 1);
        for (guint32 i = 0; i < old_size; i++) {
            if (!old[i].off)
                continue;
            guint32 j = old[i].hash & t->mask;
            while (t->slots[j].off)
                j = (j + 1) & t->mask;
            t->slots[j] = old[i];
        }
        g_free(old);
    }
    guint32 i = h & t->mask;
    while (t->slots[i].off)
        i = (i + 1) & t->mask;
    Slot *s = &t->slots[i];
    *s = (Slot){ .hash = h, .off = (guint32)t->pool->len, .len = (guint32)len };
    g_string_append_len(t->pool, p, (gssize)len);
    g_string_append_c(t->pool, '\0');
    t->n++;
    return s;
}

/* ------------------------------------------------------------------------
 * The trie
 * ------------------------------------------------------------------------ */

/* An edge: key = state << 32 | token key id. States other than the root
 * are numbered from 1 and key ids are never 0, so key 0 is an empty slot. */
typedef struct {
    guint64 key;
    guint32 next;
    guint32 unused;
} Edge;

/* Alias with no plain form to check (NG_ALIAS_NOCASE, or skipped). */
#define NO_PLAIN G_MAXUINT32

struct NgMatcher {
    const NgGazetteer *gz;
    StrTab vocab;          /* folded token keys; Slot.root used */
    StrTab plain;          /* plain token forms of case-sensitive aliases */
    Edge *edges;
    guint32 edge_mask;
    guint32 n_edges;
    guint32 n_states;      /* states 1..n_states (the root, 0, not counted) */
    guint32 *term_start;   /* state s ends the aliases
                              term[term_start[s] .. term_start[s + 1]) */
    guint32 *term;         /* alias indexes, by state, entity, alias */
    guint32 *plain_start;  /* alias -> first of its ids in plain_ids */
    GArray *plain_ids;     /* guint32 offsets into plain.pool */
};

static inline guint32 edge_index(guint64 key, guint32 mask)
{
    return (guint32)((key * 0x9E3779B97F4A7C15u) >> 32) & mask;
}

static inline guint32 edge_find(const NgMatcher *m, guint32 state, guint32 tok)
{
    guint64 key = (guint64)state << 32 | tok;
    for (guint32 i = edge_index(key, m->edge_mask);; i = (i + 1) & m->edge_mask) {
        const Edge *e = &m->edges[i];
        if (e->key == key)
            return e->next;
        if (!e->key)
            return 0;
    }
}

static void edge_put(Edge *edges, guint32 mask, guint64 key, guint32 next)
{
    guint32 i = edge_index(key, mask);
    while (edges[i].key)
        i = (i + 1) & mask;
    edges[i] = (Edge){ .key = key, .next = next };
}

/* The state after `tok` from `state`, created if missing. */
static guint32 edge_step_add(NgMatcher *m, guint32 state, Slot *tok)
{
    if (state == 0) {
        if (!tok->root)
            tok->root = ++m->n_states;
        return tok->root;
    }
    guint32 next = edge_find(m, state, tok->off);
    if (next)
        return next;
    if (2 * (m->n_edges + 1) > m->edge_mask + 1) {
        guint32 mask = 2 * m->edge_mask + 1;
        Edge *edges = g_new0(Edge, (gsize)mask + 1);
        for (guint32 i = 0; i <= m->edge_mask; i++)
            if (m->edges[i].key)
                edge_put(edges, mask, m->edges[i].key, m->edges[i].next);
        g_free(m->edges);
        m->edges = edges;
        m->edge_mask = mask;
    }
    next = ++m->n_states;
    edge_put(m->edges, m->edge_mask, (guint64)state << 32 | tok->off, next);
    m->n_edges++;
    return next;
}

/* ------------------------------------------------------------------------
 * Compiling
 * ------------------------------------------------------------------------ */

/* The key (casefold) or plain form of token t of text, into buf. */
static void token_form(GString *buf, const char *text, const NgToken *t,
                       gboolean casefold)
{
    g_string_truncate(buf, 0);
    const char *p = text + t->start;
    gsize len = t->end - t->start;
    if (t->flags & NG_TOK_NONASCII) {
        ng_fold_append(buf, p, (gssize)len, casefold);
    } else {
        g_string_append_len(buf, p, (gssize)len);
        if (casefold)
            for (gsize i = 0; i < len; i++)
                buf->str[i] = g_ascii_tolower(buf->str[i]);
    }
}

typedef struct {
    guint32 state, entity, alias;
} Terminal;

static int cmp_terminal(const void *a, const void *b)
{
    const Terminal *x = a, *y = b;
    if (x->state != y->state)
        return x->state < y->state ? -1 : 1;
    if (x->entity != y->entity)
        return x->entity < y->entity ? -1 : 1;
    return x->alias < y->alias ? -1 : x->alias > y->alias;
}

NgMatcher *ng_matcher_new(const NgGazetteer *gz)
{
    NgMatcher *m = g_new0(NgMatcher, 1);
    m->gz = gz;
    strtab_init(&m->vocab);
    strtab_init(&m->plain);
    m->edge_mask = 1023;
    m->edges = g_new0(Edge, m->edge_mask + 1);
    guint32 n_aliases = gz->aliases->len;
    m->plain_start = g_new(guint32, MAX(n_aliases, 1));
    m->plain_ids = g_array_new(FALSE, FALSE, sizeof(guint32));

    GArray *terms = g_array_sized_new(FALSE, FALSE, sizeof(Terminal), n_aliases);
    GArray *toks = g_array_new(FALSE, FALSE, sizeof(NgToken));
    GString *buf = g_string_new(NULL);
    for (guint32 a = 0; a < n_aliases; a++) {
        const NgAlias *al = &g_array_index(gz->aliases, NgAlias, a);
        gboolean check_case = !(al->flags & NG_ALIAS_NOCASE);
        g_array_set_size(toks, 0);
        ng_tokenize(al->text, strlen(al->text), toks);
        m->plain_start[a] = check_case && toks->len ? m->plain_ids->len : NO_PLAIN;
        guint32 state = 0;
        for (guint i = 0; i < toks->len; i++) {
            const NgToken *t = &g_array_index(toks, NgToken, i);
            token_form(buf, al->text, t, TRUE);
            state = edge_step_add(m, state, strtab_intern(&m->vocab, buf->str, buf->len));
            if (check_case) {
                token_form(buf, al->text, t, FALSE);
                guint32 id = strtab_intern(&m->plain, buf->str, buf->len)->off;
                g_array_append_val(m->plain_ids, id);
            }
        }
        if (state) {
            Terminal term = { state, al->entity, a };
            g_array_append_val(terms, term);
        }
    }
    g_string_free(buf, TRUE);
    g_array_free(toks, TRUE);

    /* Group the aliases by final state, lowest entity first: the first
     * alias of a state that the text accepts is the one reported. */
    if (terms->len > 1)
        qsort(terms->data, terms->len, sizeof(Terminal), cmp_terminal);
    m->term_start = g_new0(guint32, (gsize)m->n_states + 2);
    m->term = g_new(guint32, MAX(terms->len, 1));
    for (guint i = 0; i < terms->len; i++) {
        const Terminal *t = &g_array_index(terms, Terminal, i);
        m->term[i] = t->alias;
        m->term_start[t->state + 1] = i + 1;
    }
    /* States that end no alias get an empty range. */
    for (guint32 s = 1; s <= m->n_states + 1; s++)
        m->term_start[s] = MAX(m->term_start[s], m->term_start[s - 1]);
    g_array_free(terms, TRUE);
    return m;
}

void ng_matcher_free(NgMatcher *m)
{
    if (!m)
        return;
    strtab_clear(&m->vocab);
    strtab_clear(&m->plain);
    g_free(m->edges);
    g_free(m->term_start);
    g_free(m->term);
    g_free(m->plain_start);
    g_array_free(m->plain_ids, TRUE);
    g_free(m);
}

guint ng_matcher_n_states(const NgMatcher *m)
{
    return m->n_states + 1;
}

/* ------------------------------------------------------------------------
 * Matching
 * ------------------------------------------------------------------------ */

/* What a text token is to the trie: its key id (0: no alias has it) and
 * the state after it from the root (0: no alias starts with it). */
typedef struct {
    guint32 tok, root;
} TokKey;

/* Does case-sensitive alias `a` agree with tokens[first..first+n) in plain
 * form? */
static gboolean plain_agrees(const NgMatcher *m, guint32 a, const char *text,
                             const NgToken *tokens, guint32 first, guint32 n,
                             GString *buf)
{
    const guint32 *ids = &g_array_index(m->plain_ids, guint32, m->plain_start[a]);
    for (guint32 i = 0; i < n; i++) {
        const NgToken *t = &tokens[first + i];
        const char *want = m->plain.pool->str + ids[i];
        const char *have = text + t->start;
        gsize len = t->end - t->start;
        if (t->flags & NG_TOK_NONASCII) {
            token_form(buf, text, t, FALSE);
            have = buf->str;
            len = buf->len;
        }
        /* Plain forms hold no NUL: `want` ends where the pool has one. */
        if (strncmp(want, have, len) || want[len])
            return FALSE;
    }
    return TRUE;
}

/* The first alias ending at `state` that accepts the n tokens from
 * `first`, or NO_PLAIN if none does. */
static guint32 accepted_alias(const NgMatcher *m, guint32 state, const char *text,
                              const NgToken *tokens, guint32 first, guint32 n,
                              GString **buf)
{
    for (guint32 k = m->term_start[state]; k < m->term_start[state + 1]; k++) {
        guint32 a = m->term[k];
        if (m->plain_start[a] == NO_PLAIN)
            return a;
        if (!*buf)
            *buf = g_string_new(NULL);
        if (plain_agrees(m, a, text, tokens, first, n, *buf))
            return a;
    }
    return NO_PLAIN;
}

void ng_matcher_match(const NgMatcher *m, const char *text,
                      const NgToken *tokens, guint n, GArray *out)
{
    if (!n)
        return;
    GString *buf = NULL; /* for tokens that are not ASCII */
    TokKey *keys = g_new(TokKey, n);
    for (guint i = 0; i < n; i++) {
        const NgToken *t = &tokens[i];
        const guchar *p = (const guchar *)text + t->start;
        gsize len = t->end - t->start;
        const Slot *s;
        if (!(t->flags & NG_TOK_NONASCII)) {
            s = strtab_find(&m->vocab, hash_bytes(p, len, TRUE), p, len, TRUE);
        } else {
            if (!buf)
                buf = g_string_new(NULL);
            token_form(buf, text, t, TRUE);
            s = strtab_find(&m->vocab, hash_bytes((const guchar *)buf->str, buf->len, FALSE),
                            (const guchar *)buf->str, buf->len, FALSE);
        }
        keys[i] = s ? (TokKey){ s->off, s->root } : (TokKey){ 0, 0 };
    }

    /* Leftmost-longest: from each token that starts an alias, walk the
     * trie as far as the text follows it, keeping the last state where an
     * alias accepts the text; resume after the match, or at the next token
     * if there was none. A paragraph break ends every walk. */
    for (guint i = 0; i < n;) {
        guint32 state = keys[i].root, best = NO_PLAIN, best_len = 0;
        for (guint j = i; state;) {
            if (m->term_start[state] != m->term_start[state + 1]) {
                guint32 a = accepted_alias(m, state, text, tokens, i, j - i + 1, &buf);
                if (a != NO_PLAIN) {
                    best = a;
                    best_len = j - i + 1;
                }
            }
            if (++j >= n || !keys[j].tok || (tokens[j].flags & NG_TOK_PARA_BEFORE))
                break;
            state = edge_find(m, state, keys[j].tok);
        }
        if (!best_len) {
            i++;
            continue;
        }
        NgMention mn = {
            .first_token = i,
            .n_tokens = best_len,
            .start = tokens[i].start,
            .end = tokens[i + best_len - 1].end,
            .entity = g_array_index(m->gz->aliases, NgAlias, best).entity,
            .alias = best,
        };
        g_array_append_val(out, mn);
        i += best_len;
    }
    g_free(keys);
    if (buf)
        g_string_free(buf, TRUE);
}
