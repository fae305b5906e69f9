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
 * case - a text token that starts no alias - costs one lookup. With real
 * gazetteers most common words start some alias ("The", "New", "Bank"),
 * and the next text token rarely continues it: each state has a 64-bit
 * summary of its children's key ids, and the edge table, too big for the
 * cache, is probed only when the summary allows the step.
 *
 * A case-sensitive alias must also agree with the text token by token in
 * its "plain" form (ng_fold_append without case folding): "May" does not
 * match "may", but "Francois" matches "François". That is checked only when
 * the trie reaches the end of such an alias, which is rare, by tokenizing
 * the alias again: the compiled form keeps nothing for it.
 *
 * A text token is first looked up in a bitmap of the aliases' first tokens
 * (most start none), in a loop of its own; only then is it keyed and
 * hashed.
 *
 * For a text token whose bytes are all ASCII (the tokenizer says so), the
 * key is the lowercased bytes: it is hashed and compared on the fly without
 * being copied. Other tokens are folded into a scratch buffer.
 *
 * The tables never change after ng_matcher_new: several threads may match
 * with one matcher.
 */
#include "matcher.h"
#include "matcher_tables.h"

#include <stdlib.h>
#include <string.h>

#include "ng.h"

/* ------------------------------------------------------------------------
 * String tables
 * ------------------------------------------------------------------------ */

/*
 * Strings are handled as little-endian 64-bit words: a key of len bytes is
 * followed by zero bytes up to padded(len), so it can be hashed, and
 * compared, a word at a time. The first word of each string is also kept
 * in its slot, which settles most comparisons without reading the pool.
 */
static inline gsize padded(gsize len)
{
    return (len / 8 + 1) * 8; /* whole words, with room for a NUL */
}

static inline guint64 word_at(const char *p)
{
    guint64 w;
    memcpy(&w, p, 8);
    return GUINT64_FROM_LE(w);
}

static inline guint32 key_hash(const char *key, gsize len)
{
    guint64 h = len * 0x9E3779B97F4A7C15u;
    for (gsize i = 0; i < padded(len); i += 8) {
        h = (h ^ word_at(key + i)) * 0xBF58476D1CE4E5B9u;
        h ^= h >> 31;
    }
    return (guint32)(h ^ (h >> 32));
}

/* One entry of a string table. A string's id is its offset in the pool,
 * which starts with one unused word so that offset 0 marks an empty slot. */
typedef struct {
    guint64 w0;   /* the first word of the string */
    guint32 hash;
    guint32 off;  /* offset in pool, a multiple of 8; 0: empty slot */
    guint32 len;
    guint32 root; /* vocabulary: the trie state after this token from the
                     root, 0 if no alias starts with it */
} Slot;

/* Most text tokens are in no alias, and a lookup that fails must still
 * read the slots it probes. So each slot also has a one-byte tag in an
 * array of its own, 24 times smaller and so mostly in cache: 0 for an
 * empty slot, else 0x80 | seven bits of the hash that do not pick the
 * slot. A slot is read only when its tag agrees. */
static inline guint8 hash_tag(guint32 h)
{
    return (guint8)(0x80 | (h >> 25));
}

typedef struct {
    GString *pool; /* the strings, each zero-padded */
    Slot *slots;
    guint8 *tags;
    guint32 mask;  /* slots has mask + 1 entries, a power of two */
    guint32 n;
} StrTab;

/* A zeroed table of n items of `size` bytes for the hash tables below,
 * zeroed by writing rather than by calloc: calloc gives large blocks as
 * pages that all map the kernel's one zero page, the lookups read them
 * there first, and each first write then has to take that mapping away
 * on every core running this process (an interrupt each: 40 ms of the
 * 0.1 s a rebuild spends loading the configuration cache). */
static gpointer table_new(gsize n, gsize size)
{
    gpointer t = g_malloc_n(n, size);
    memset(t, 0, n * size);
    return t;
}

static void strtab_init(StrTab *t)
{
    t->pool = g_string_new(NULL);
    g_string_set_size(t->pool, 8);
    memset(t->pool->str, 0, 8);
    t->mask = 1023;
    t->slots = table_new(t->mask + 1, sizeof(Slot));
    t->tags = table_new(t->mask + 1, 1);
    t->n = 0;
}

static void strtab_clear(StrTab *t)
{
    g_string_free(t->pool, TRUE);
    g_free(t->slots);
    g_free(t->tags);
}

/* The slot of the padded key key[0..len) with hash h, or NULL. */
static inline const Slot *strtab_find(const StrTab *t, const char *key,
                                      gsize len, guint32 h)
{
    guint64 w0 = word_at(key);
    guint8 tag = hash_tag(h);
    for (guint32 i = h & t->mask; t->tags[i]; i = (i + 1) & t->mask) {
        const Slot *s = &t->slots[i];
        if (t->tags[i] == tag && s->w0 == w0 && s->len == len &&
            (len < 8 || !memcmp(t->pool->str + s->off + 8, key + 8, padded(len) - 8)))
            return s;
    }
    return NULL;
}

/* Intern the padded key key[0..len): its slot, added if new. The pointer
 * is valid until the next strtab_intern. */
static Slot *strtab_intern(StrTab *t, const char *key, gsize len)
{
    guint32 h = key_hash(key, len);
    Slot *found = (Slot *)strtab_find(t, key, len, h);
    if (found)
        return found;
    if (2 * (t->n + 1) > t->mask + 1) { /* keep it at most half full */
        Slot *old = t->slots;
        guint32 old_size = t->mask + 1;
        t->mask = 2 * t->mask + 1;
        t->slots = table_new(t->mask + 1, sizeof(Slot));
        g_free(t->tags);
        t->tags = table_new(t->mask + 1, 1);
        for (guint32 i = 0; i < old_size; i++) {
            if (!old[i].off)
                continue;
            guint32 j = old[i].hash & t->mask;
            while (t->tags[j])
                j = (j + 1) & t->mask;
            t->slots[j] = old[i];
            t->tags[j] = hash_tag(old[i].hash);
        }
        g_free(old);
    }
    guint32 i = h & t->mask;
    while (t->tags[i])
        i = (i + 1) & t->mask;
    t->tags[i] = hash_tag(h);
    Slot *s = &t->slots[i];
    *s = (Slot){ .w0 = word_at(key), .hash = h, .off = (guint32)t->pool->len,
                 .len = (guint32)len };
    g_string_append_len(t->pool, key, (gssize)padded(len));
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

/* No alias index. */
#define NO_ALIAS G_MAXUINT32

/* Most text tokens start no alias: with real gazetteers, nine in ten.
 * Hashing a token and probing the vocabulary costs more than the rest of
 * matching it, so a token is first looked up in a bitmap of the first
 * tokens of the aliases, indexed by a hash of its key's first word and
 * length (a Bloom filter with one hash): a clear bit rules it out. */
#define ROOT_BITS 18

static inline guint start_bit(guint64 w0, gsize len)
{
    return (guint)(((w0 ^ len) * 0x9E3779B97F4A7C15u) >> (64 - ROOT_BITS));
}

struct NgMatcher {
    const NgGazetteer *gz;
    StrTab vocab;          /* folded token keys */
    Edge *edges;
    guint32 edge_mask;
    guint32 n_edges;
    guint32 n_states;      /* states 1..n_states (the root, 0, not counted) */
    guint64 *children;     /* state -> bit child_bit(k) for each child key k */
    guint32 n_children;    /* room in children */
    guint32 *term_start;   /* state s ends the aliases
                              term[term_start[s] .. term_start[s + 1]) */
    guint32 *term;         /* alias indexes, by state, entity, alias */
    guint64 *starts;       /* bit start_bit(k) for the key k of each
                              alias's first token (ROOT_BITS bits) */
};

/* The bit standing for key id k in a state's summary of its children. Ids
 * are pool offsets, multiples of 8 that grow with each new key. */
static inline guint64 child_bit(guint32 k)
{
    return (guint64)1 << ((k >> 3) & 63);
}

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
        Edge *edges = table_new((gsize)mask + 1, sizeof(Edge));
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
    if (state >= m->n_children) {
        /* States are numbered as they are made: the first step out of a
         * state may come long after the array was last sized. */
        guint32 n = MAX(2 * m->n_children, 1024);
        while (state >= n)
            n *= 2;
        m->children = g_renew(guint64, m->children, n);
        memset(m->children + m->n_children, 0, (n - m->n_children) * sizeof(guint64));
        m->n_children = n;
    }
    m->children[state] |= child_bit(tok->off);
    return next;
}

/* ------------------------------------------------------------------------
 * Compiling
 * ------------------------------------------------------------------------ */

/* The key (casefold) or plain form of token t of text, into buf as a
 * padded key; returns its length. */
static gsize token_form(GString *buf, const char *text, const NgToken *t,
                        gboolean casefold)
{
    g_string_truncate(buf, 0);
    ng_fold_append(buf, text + t->start, (gssize)(t->end - t->start), casefold);
    gsize len = buf->len;
    g_string_set_size(buf, padded(len));
    memset(buf->str + len, 0, padded(len) - len);
    return len;
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

/* An empty matcher for gz: no state but the root. */
static NgMatcher *matcher_alloc(const NgGazetteer *gz)
{
    NgMatcher *m = g_new0(NgMatcher, 1);
    m->gz = gz;
    strtab_init(&m->vocab);
    m->edge_mask = 1023;
    m->edges = g_new0(Edge, m->edge_mask + 1);
    m->starts = g_new0(guint64, ((gsize)1 << ROOT_BITS) / 64);
    return m;
}

/* Mark `first` (the key of some alias's first token) in m->starts. */
static void mark_start(NgMatcher *m, const Slot *first)
{
    guint b = start_bit(first->w0, first->len);
    m->starts[b / 64] |= (guint64)1 << (b % 64);
}

/* Group the aliases by final state, lowest entity first: the first alias
 * of a state that the text accepts is the one reported. Sorts terms. */
static void set_terminals(NgMatcher *m, GArray *terms)
{
    /* Replayed tables (matcher_tables.h) come sorted already. */
    guint sorted = 1;
    while (sorted < terms->len &&
           cmp_terminal(&g_array_index(terms, Terminal, sorted - 1),
                        &g_array_index(terms, Terminal, sorted)) <= 0)
        sorted++;
    if (sorted < terms->len)
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
}

NgMatcher *ng_matcher_new(const NgGazetteer *gz)
{
    NgMatcher *m = matcher_alloc(gz);
    guint32 n_aliases = gz->aliases->len;

    GArray *terms = g_array_sized_new(FALSE, FALSE, sizeof(Terminal), n_aliases);
    GArray *toks = g_array_new(FALSE, FALSE, sizeof(NgToken));
    GString *buf = g_string_new(NULL);
    for (guint32 a = 0; a < n_aliases; a++) {
        const NgAlias *al = &g_array_index(gz->aliases, NgAlias, a);
        g_array_set_size(toks, 0);
        ng_tokenize(al->text, strlen(al->text), toks);
        if (toks->len > NG_MATCHER_MAX_TOKENS)
            continue;
        guint32 state = 0;
        for (guint i = 0; i < toks->len; i++) {
            const NgToken *t = &g_array_index(toks, NgToken, i);
            gsize len = token_form(buf, al->text, t, TRUE);
            Slot *key = strtab_intern(&m->vocab, buf->str, len);
            if (i == 0)
                mark_start(m, key);
            state = edge_step_add(m, state, key);
        }
        if (state) {
            Terminal term = { state, al->entity, a };
            g_array_append_val(terms, term);
        }
    }
    g_string_free(buf, TRUE);
    g_array_free(toks, TRUE);
    set_terminals(m, terms);
    g_array_free(terms, TRUE);
    return m;
}

void ng_matcher_free(NgMatcher *m)
{
    if (!m)
        return;
    strtab_clear(&m->vocab);
    g_free(m->edges);
    g_free(m->children);
    g_free(m->term_start);
    g_free(m->term);
    g_free(m->starts);
    g_free(m);
}

guint ng_matcher_n_states(const NgMatcher *m)
{
    return m->n_states + 1;
}

/* ------------------------------------------------------------------------
 * Matching
 * ------------------------------------------------------------------------ */

/* ASCII tokens shorter than this many words are keyed in place. */
#define ASCII_KEY_WORDS 8

/* Eight ASCII bytes lowercased at once: a byte gets 0x20 when adding 0x3F
 * carries it to 0x80 ('A' and up) but adding 0x25 does not ('Z' and
 * below). Bytes are below 0x80, so no addition carries into the next. */
static inline guint64 ascii_lower8(guint64 w)
{
    guint64 ge_a = w + 0x3F3F3F3F3F3F3F3Fu, gt_z = w + 0x2525252525252525u;
    return w | ((ge_a & ~gt_z & 0x8080808080808080u) >> 2);
}

/*
 * The key of the ASCII token p[0..len) - its bytes lowercased - as a padded
 * key in words[0 .. padded(len) / 8). Whole words are loaded straight from
 * the text while they end before `limit`; the last ones are copied.
 */
static inline void ascii_key(guint64 *words, const char *p, gsize len,
                             const char *limit)
{
    for (gsize i = 0; i < padded(len); i += 8) {
        gsize n = len > i ? MIN(len - i, 8) : 0;
        guint64 w = 0;
        if (n && p + i + 8 <= limit)
            w = word_at(p + i) & (~(guint64)0 >> (64 - 8 * n));
        else if (n) {
            char part[8] = { 0 };
            memcpy(part, p + i, n);
            w = word_at(part);
        }
        words[i / 8] = GUINT64_TO_LE(ascii_lower8(w));
    }
}

/* Buffers for the rare work of matching: folding tokens that are not
 * ASCII and checking case-sensitive aliases. Made on first use. */
typedef struct {
    GString *a, *b;
    GArray *toks;
} Scratch;

static void scratch_init(Scratch *sc)
{
    if (!sc->a) {
        sc->a = g_string_new(NULL);
        sc->b = g_string_new(NULL);
        sc->toks = g_array_new(FALSE, FALSE, sizeof(NgToken));
    }
}

static void scratch_clear(Scratch *sc)
{
    if (sc->a) {
        g_string_free(sc->a, TRUE);
        g_string_free(sc->b, TRUE);
        g_array_free(sc->toks, TRUE);
    }
}

/* Are token t1 of s1 and token t2 of s2 the same in plain form? */
static gboolean same_plain(const char *s1, const NgToken *t1, const char *s2,
                           const NgToken *t2, Scratch *sc)
{
    gsize n1 = t1->end - t1->start, n2 = t2->end - t2->start;
    if (!((t1->flags | t2->flags) & NG_TOK_NONASCII))
        return n1 == n2 && !memcmp(s1 + t1->start, s2 + t2->start, n1);
    n1 = token_form(sc->a, s1, t1, FALSE);
    n2 = token_form(sc->b, s2, t2, FALSE);
    return n1 == n2 && !memcmp(sc->a->str, sc->b->str, n1);
}

/* Whitespace to the tokenizer among ASCII bytes: space and the controls. */
static inline gboolean ascii_space(char c)
{
    return (c > 0 && c <= ' ') || c == 0x7F;
}

/*
 * The case check when everything is ASCII: the tokens must spell the alias
 * text, bytes for bytes, with only whitespace between them (the trie has
 * matched them one to one already). -1 when the tokens or the alias are
 * not all ASCII: then it takes same_plain, token by token.
 */
static int ascii_agrees(const char *alias, const char *text,
                        const NgToken *tokens, guint32 n)
{
    const char *p = alias;
    for (guint32 i = 0; i < n; i++) {
        if (tokens[i].flags & NG_TOK_NONASCII)
            return -1;
        gsize len = tokens[i].end - tokens[i].start;
        while (ascii_space(*p))
            p++;
        if (strncmp(p, text + tokens[i].start, len))
            break;
        p += len;
    }
    while (ascii_space(*p))
        p++;
    if (!*p)
        return 1;
    for (p = alias; *p; p++)
        if ((guchar)*p >= 0x80)
            return -1;
    return 0;
}

/* The first alias ending at `state` that accepts the n tokens from
 * `first`, or NO_ALIAS if none does. */
static guint32 accepted_alias(const NgMatcher *m, guint32 state, const char *text,
                              const NgToken *tokens, guint32 first, guint32 n,
                              Scratch *sc)
{
    for (guint32 k = m->term_start[state]; k < m->term_start[state + 1]; k++) {
        guint32 a = m->term[k];
        const NgAlias *al = &g_array_index(m->gz->aliases, NgAlias, a);
        if (al->flags & NG_ALIAS_NOCASE)
            return a;
        int fast = ascii_agrees(al->text, text, tokens + first, n);
        if (fast >= 0) {
            if (fast)
                return a;
            continue;
        }
        scratch_init(sc);
        g_array_set_size(sc->toks, 0);
        ng_tokenize(al->text, strlen(al->text), sc->toks);
        const NgToken *at = (const NgToken *)(void *)sc->toks->data;
        guint32 i = 0;
        while (i < n && same_plain(text, &tokens[first + i], al->text, &at[i], sc))
            i++;
        if (i == n)
            return a;
    }
    return NO_ALIAS;
}

/* The vocabulary slot of text token t (its key), or NULL: no alias has
 * it. `limit`: the text is readable up to there. */
static const Slot *token_slot(const NgMatcher *m, const char *text,
                              const NgToken *t, const char *limit, Scratch *sc)
{
    gsize len = t->end - t->start;
    guint64 words[ASCII_KEY_WORDS];
    const char *key = (const char *)words;
    if (!(t->flags & NG_TOK_NONASCII) && padded(len) <= sizeof words) {
        ascii_key(words, text + t->start, len, limit);
    } else {
        scratch_init(sc);
        len = token_form(sc->a, text, t, TRUE);
        key = sc->a->str;
    }
    return strtab_find(&m->vocab, key, len, key_hash(key, len));
}

/* May text token t start an alias? An ASCII token may only when its bit
 * in m->starts is set; any other is looked up. */
static inline gboolean may_start(const NgMatcher *m, const char *text,
                                 const NgToken *t, const char *limit)
{
    if (t->flags & NG_TOK_NONASCII)
        return TRUE;
    /* The key's first word: its first 8 bytes (tokens are never empty),
     * zero-padded, lowercased - ascii_key's first word without its
     * loop. */
    gsize len = t->end - t->start;
    const char *p = text + t->start;
    gsize n = MIN(len, 8);
    guint64 w0;
    if (p + 8 <= limit) {
        w0 = word_at(p) & (~(guint64)0 >> (64 - 8 * n));
    } else {
        char part[8] = { 0 };
        memcpy(part, p, n);
        w0 = word_at(part);
    }
    guint b = start_bit(ascii_lower8(w0), len);
    return (m->starts[b / 64] >> (b % 64)) & 1;
}

/* The first token from i on that may start an alias, or n: most tokens
 * start none, and this loop of their own passes over them. */
static inline guint next_start(const NgMatcher *m, const char *text,
                               const NgToken *tokens, guint i, guint n,
                               const char *limit)
{
    while (i < n && !may_start(m, text, &tokens[i], limit))
        i++;
    return i;
}

void ng_matcher_match(const NgMatcher *m, const char *text,
                      const NgToken *tokens, guint n, GArray *out)
{
    if (!n)
        return;
    Scratch sc = { 0 };
    const char *limit = text + tokens[n - 1].end; /* readable up to here */

    /* Leftmost-longest: from each token that starts an alias, walk the
     * trie as far as the text follows it, keeping the last state where an
     * alias accepts the text; resume after the match, or at the next token
     * if there was none. A paragraph break ends every walk. */
    for (guint i = 0; i < n;) {
        if ((i = next_start(m, text, tokens, i, n, limit)) >= n)
            break;
        /* The trie state after token i from the root (0: no alias
         * starts with it). */
        const Slot *first = token_slot(m, text, &tokens[i], limit, &sc);
        guint32 state = first ? first->root : 0;
        guint32 best = NO_ALIAS, best_len = 0;
        for (guint j = i; state;) {
            if (m->term_start[state] != m->term_start[state + 1]) {
                guint32 a = accepted_alias(m, state, text, tokens, i, j - i + 1, &sc);
                if (a != NO_ALIAS) {
                    best = a;
                    best_len = j - i + 1;
                }
            }
            if (++j >= n || (tokens[j].flags & NG_TOK_PARA_BEFORE) ||
                state >= m->n_children || !m->children[state])
                break;
            const Slot *s = token_slot(m, text, &tokens[j], limit, &sc);
            if (!s || !(m->children[state] & child_bit(s->off)))
                break;
            state = edge_find(m, state, s->off);
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
    scratch_clear(&sc);
}

/* ------------------------------------------------------------------------
 * The compiled form as flat tables (matcher_tables.h)
 * ------------------------------------------------------------------------ */

static int by_offset(const void *a, const void *b)
{
    guint32 x = (*(const Slot *const *)a)->off, y = (*(const Slot *const *)b)->off;
    return x < y ? -1 : x > y;
}

NgMatcherTables *ng_matcher_tables(const NgMatcher *m)
{
    const StrTab *v = &m->vocab;
    NgMatcherTables *t = g_new0(NgMatcherTables, 1);
    /* The keys in pool order, which is the order they were interned. */
    const Slot **keys = g_new(const Slot *, MAX(v->n, 1));
    guint32 n = 0;
    for (guint32 i = 0; i <= v->mask; i++)
        if (v->slots[i].off)
            keys[n++] = &v->slots[i];
    qsort(keys, n, sizeof *keys, by_offset);
    guint32 *key_len = g_new(guint32, MAX(n, 1));
    guint32 *index_of = g_new0(guint32, v->pool->len / 8 + 1); /* off / 8 -> key */
    GString *bytes = g_string_sized_new(v->pool->len);
    guint32 *from = g_new0(guint32, MAX(m->n_states, 1));
    guint32 *via = g_new0(guint32, MAX(m->n_states, 1));
    for (guint32 k = 0; k < n; k++) {
        key_len[k] = keys[k]->len;
        index_of[keys[k]->off / 8] = k;
        g_string_append_len(bytes, v->pool->str + keys[k]->off, keys[k]->len);
        if (keys[k]->root)
            via[keys[k]->root - 1] = k; /* from the root: from[] stays 0 */
    }
    for (guint32 i = 0; i <= m->edge_mask; i++) {
        const Edge *e = &m->edges[i];
        if (!e->key)
            continue;
        from[e->next - 1] = (guint32)(e->key >> 32);
        via[e->next - 1] = index_of[(guint32)e->key / 8];
    }
    guint32 n_terms = m->term_start[m->n_states + 1];
    guint32 *term_state = g_new(guint32, MAX(n_terms, 1));
    for (guint32 s = 1; s <= m->n_states; s++)
        for (guint32 k = m->term_start[s]; k < m->term_start[s + 1]; k++)
            term_state[k] = s;
    t->n_keys = n;
    t->key_len = key_len;
    t->keys_len = bytes->len;
    t->keys = g_string_free(bytes, FALSE);
    t->n_states = m->n_states;
    t->from = from;
    t->via = via;
    t->n_terms = n_terms;
    t->term_state = term_state;
    t->term_alias = g_memdup2(m->term, MAX(n_terms, 1) * sizeof(guint32));
    g_free(keys);
    g_free(index_of);
    return t;
}

void ng_matcher_tables_free(NgMatcherTables *t)
{
    if (!t)
        return;
    g_free((gpointer)t->keys);
    g_free((gpointer)t->key_len);
    g_free((gpointer)t->from);
    g_free((gpointer)t->via);
    g_free((gpointer)t->term_state);
    g_free((gpointer)t->term_alias);
    g_free(t);
}

/* The size the tables above reach with n entries: they double from 1024
 * whenever they would be more than half full. */
static guint32 table_size(guint32 n)
{
    guint32 size = 1024;
    while (size < 2 * (guint64)n)
        size *= 2;
    return size;
}

/*
 * Size m's tables for what the replay adds - n_keys keys of pool_len
 * bytes, n_edges edges, steps out of states up to max_from - as they
 * would end up if they grew step by step: growing costs a copy and fresh
 * pages at each doubling, and fresh pages are most of the cost here.
 */
static void matcher_reserve(NgMatcher *m, guint32 n_keys, gsize pool_len,
                            guint32 n_edges, guint32 max_from)
{
    StrTab *v = &m->vocab;
    g_string_free(v->pool, TRUE);
    v->pool = g_string_sized_new(pool_len);
    g_string_set_size(v->pool, 8);
    memset(v->pool->str, 0, 8);
    v->mask = table_size(n_keys) - 1;
    g_free(v->slots);
    g_free(v->tags);
    v->slots = table_new(v->mask + 1, sizeof(Slot));
    v->tags = table_new(v->mask + 1, 1);
    m->edge_mask = table_size(n_edges) - 1;
    g_free(m->edges);
    m->edges = table_new((gsize)m->edge_mask + 1, sizeof(Edge));
    if (n_edges) {
        m->n_children = 1024;
        while (max_from >= m->n_children)
            m->n_children *= 2;
        m->children = table_new(m->n_children, sizeof(guint64));
    }
}

/* Replay the tables into m; FALSE at the first inconsistency. */
static gboolean replay_tables(NgMatcher *m, const NgMatcherTables *t)
{
    guint64 pool_len = 8, keys_len = 0;
    guint32 n_edges = 0, max_from = 0;
    for (guint32 k = 0; k < t->n_keys; k++) {
        keys_len += t->key_len[k];
        pool_len += padded(t->key_len[k]);
    }
    for (guint32 i = 0; i < t->n_states; i++) {
        n_edges += t->from[i] != 0;
        max_from = MAX(max_from, t->from[i]);
    }
    /* The lengths must add up to the bytes given, which bounds what is
     * allocated below; pool offsets are 32-bit. Distinct keys (checked
     * below) are at most one empty key and one per byte. */
    if (keys_len != t->keys_len || pool_len > G_MAXUINT32 ||
        t->n_keys > t->keys_len + 1 || max_from > t->n_states)
        return FALSE;
    matcher_reserve(m, t->n_keys, pool_len, n_edges, max_from);
    /* The keys, interned in their order: each must be new, so that it
     * gets the id (pool offset) it had. */
    gsize at = 0;
    GString *buf = g_string_new(NULL);
    guint32 *off = g_new(guint32, MAX(t->n_keys, 1));
    gboolean ok = TRUE;
    for (guint32 k = 0; ok && k < t->n_keys; k++) {
        gsize len = t->key_len[k];
        if (len > t->keys_len - at || len >= G_MAXUINT32 / 2) {
            ok = FALSE;
            break;
        }
        g_string_truncate(buf, 0);
        if (len) /* t->keys may be NULL when all keys are empty */
            g_string_append_len(buf, t->keys + at, (gssize)len);
        g_string_set_size(buf, padded(len));
        memset(buf->str + len, 0, padded(len) - len);
        at += len;
        guint32 had = m->vocab.n;
        off[k] = strtab_intern(&m->vocab, buf->str, len)->off;
        ok = m->vocab.n == had + 1;
    }
    ok = ok && at == t->keys_len;
    /* The slots no longer move: find each key's. */
    Slot **slot = g_new(Slot *, MAX(t->n_keys, 1));
    for (guint32 k = 0; ok && k < t->n_keys; k++) {
        const char *key = m->vocab.pool->str + off[k];
        slot[k] = (Slot *)strtab_find(&m->vocab, key, t->key_len[k],
                                      key_hash(key, t->key_len[k]));
    }
    /* The states, each of which must be made by its step. */
    for (guint32 i = 0; ok && i < t->n_states; i++) {
        if (t->from[i] > m->n_states || t->via[i] >= t->n_keys) {
            ok = FALSE;
            break;
        }
        Slot *key = slot[t->via[i]];
        if (!t->from[i])
            mark_start(m, key);
        ok = edge_step_add(m, t->from[i], key) == i + 1 && m->n_states == i + 1;
    }
    GArray *terms = g_array_sized_new(FALSE, FALSE, sizeof(Terminal), t->n_terms);
    for (guint32 i = 0; ok && i < t->n_terms; i++) {
        guint32 s = t->term_state[i], a = t->term_alias[i];
        if (!s || s > m->n_states || a >= m->gz->aliases->len) {
            ok = FALSE;
            break;
        }
        Terminal term = { s, g_array_index(m->gz->aliases, NgAlias, a).entity, a };
        g_array_append_val(terms, term);
    }
    if (ok)
        set_terminals(m, terms);
    g_array_free(terms, TRUE);
    g_free(slot);
    g_free(off);
    g_string_free(buf, TRUE);
    return ok;
}

NgMatcher *ng_matcher_from_tables(const NgGazetteer *gz,
                                  const NgMatcherTables *t, GError **error)
{
    NgMatcher *m = matcher_alloc(gz);
    if (!replay_tables(m, t)) {
        ng_matcher_free(m);
        g_set_error_literal(error, NG_ERROR, NG_ERROR_FORMAT,
                            "the compiled matcher is inconsistent");
        return NULL;
    }
    return m;
}
