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
 * with one matcher. They are plain arrays, so that the configuration cache
 * can store them as they are and a later run match with them where the
 * file is mapped (matcher_tables.h), once it has checked that no lookup
 * can leave them.
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

/* The size the tables below start at, doubling as they fill: small, as
 * the configuration cache keeps them whole (matcher_tables.h). */
#define MIN_TABLE 16

typedef struct {
    GString *pool;    /* while compiling: the strings, each zero-padded */
    const char *str;  /* the strings: pool->str, or mapped */
    gsize len;
    Slot *slots;
    guint8 *tags;
    guint32 mask;  /* slots has mask + 1 entries, a power of two */
    guint32 n;
} StrTab;

/* A zeroed table of n items of `size` bytes for the hash tables below,
 * zeroed by writing rather than by calloc: calloc gives large blocks as
 * pages that all map the kernel's one zero page, the lookups read them
 * there first, and each first write then has to take that mapping away
 * on every core running this process (an interrupt each). */
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
    t->str = t->pool->str;
    t->len = t->pool->len;
    t->mask = MIN_TABLE - 1;
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
            (len < 8 || !memcmp(t->str + s->off + 8, key + 8, padded(len) - 8)))
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
    t->str = t->pool->str;
    t->len = t->pool->len;
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
    GBytes *owner;         /* set: the tables are in these bytes, read-only,
                              not the matcher's (ng_matcher_from_tables) */
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
        guint32 n = MAX(2 * m->n_children, MIN_TABLE);
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
    m->edge_mask = MIN_TABLE - 1;
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
    if (terms->len > 1) /* data may be NULL when empty */
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
    g_free(m->starts);
    if (m->owner) { /* the rest is in there */
        g_bytes_unref(m->owner);
        g_free(m);
        return;
    }
    strtab_clear(&m->vocab);
    g_free(m->edges);
    g_free(m->children);
    g_free(m->term_start);
    g_free(m->term);
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
 * The tables as they are (matcher_tables.h)
 * ------------------------------------------------------------------------ */

G_STATIC_ASSERT(sizeof(Slot) == NG_MATCHER_SLOT_SIZE && G_STRUCT_OFFSET(Slot, hash) == 8 &&
                G_STRUCT_OFFSET(Slot, root) == 20);
G_STATIC_ASSERT(sizeof(Edge) == NG_MATCHER_EDGE_SIZE && G_STRUCT_OFFSET(Edge, next) == 8);

void ng_matcher_tables(const NgMatcher *m, NgMatcherTables *t)
{
    const StrTab *v = &m->vocab;
    *t = (NgMatcherTables){
        .pool = v->str, .pool_len = v->len,
        .slots = v->slots, .n_slots = (gsize)v->mask + 1,
        .tags = v->tags, .n_tags = (gsize)v->mask + 1,
        .edges = m->edges, .n_edges = (gsize)m->edge_mask + 1,
        .children = m->children, .n_children = m->n_children,
        .term_start = m->term_start, .n_term_start = (gsize)m->n_states + 2,
        .term = m->term, .n_term = m->term_start[m->n_states + 1],
    };
}

/* Is p aligned for items of `align` bytes? */
static gboolean aligned(gconstpointer p, gsize align)
{
    return (guintptr)p % align == 0;
}

/* Is n a power of two (the tables' masks are n - 1)? */
static gboolean power_of_two(gsize n)
{
    return n && !(n & (n - 1)) && n - 1 <= G_MAXUINT32;
}

/*
 * Can m match with tables t over n_aliases aliases without reading outside
 * them or looping for ever? What matching does with each field:
 *  - a vocabulary lookup probes from any slot until a tag of 0: there must
 *    be one; an occupied slot's key is read from the pool at off, up to
 *    padded(len); its root is a state;
 *  - an edge lookup probes until its key or a key of 0: there must be an
 *    empty edge; an edge leads to a state;
 *  - a state s indexes term_start[s + 1] (s <= n_states) and children[s]
 *    when s < n_children; term_start is a nondecreasing run of indexes
 *    into term, each an alias.
 * Any such tables are safe. Tables not made by ng_matcher_new may find
 * what no gazetteer compiles to, never more than that.
 */
static gboolean tables_ok(const NgMatcherTables *t, guint32 n_aliases)
{
    if (!power_of_two(t->n_slots) || t->n_tags != t->n_slots ||
        !power_of_two(t->n_edges) || t->n_term_start < 2 ||
        t->n_term_start > G_MAXUINT32 || t->n_children > G_MAXUINT32 ||
        !aligned(t->slots, G_ALIGNOF(Slot)) || !aligned(t->edges, G_ALIGNOF(Edge)) ||
        !aligned(t->children, 8) || !aligned(t->term_start, 4) || !aligned(t->term, 4))
        return FALSE;
    guint32 n_states = (guint32)(t->n_term_start - 2);
    gboolean empty = FALSE;
    const Slot *slots = t->slots;
    for (gsize i = 0; i < t->n_slots; i++) {
        const Slot *s = &slots[i];
        if (!t->tags[i]) {
            empty = TRUE;
            continue;
        }
        if (s->off < 8 || s->off % 8 || s->off + padded(s->len) > t->pool_len ||
            s->root > n_states)
            return FALSE;
    }
    if (!empty)
        return FALSE;
    empty = FALSE;
    const Edge *edges = t->edges;
    for (gsize i = 0; i < t->n_edges; i++) {
        if (!edges[i].key)
            empty = TRUE;
        else if (!edges[i].next || edges[i].next > n_states)
            return FALSE;
    }
    if (!empty || t->term_start[0] || t->term_start[n_states + 1] != t->n_term)
        return FALSE;
    for (guint32 s = 0; s <= n_states; s++)
        if (t->term_start[s] > t->term_start[s + 1])
            return FALSE;
    for (gsize k = 0; k < t->n_term; k++)
        if (t->term[k] >= n_aliases)
            return FALSE;
    return TRUE;
}

NgMatcher *ng_matcher_from_tables(const NgGazetteer *gz, const NgMatcherTables *t,
                                  GBytes *owner, GError **error)
{
    if (!tables_ok(t, gz->aliases->len)) {
        g_set_error_literal(error, NG_ERROR, NG_ERROR_FORMAT,
                            "the compiled matcher is inconsistent");
        return NULL;
    }
    /* The tables are only read: the casts drop a const that the compiling
     * code, which alone writes them, cannot keep. */
    NgMatcher *m = g_new0(NgMatcher, 1);
    m->gz = gz;
    m->vocab.str = t->pool;
    m->vocab.len = t->pool_len;
    m->vocab.slots = (Slot *)t->slots;
    m->vocab.tags = (guint8 *)t->tags;
    m->vocab.mask = (guint32)(t->n_slots - 1);
    m->edges = (Edge *)t->edges;
    m->edge_mask = (guint32)(t->n_edges - 1);
    m->n_states = (guint32)(t->n_term_start - 2);
    m->children = (guint64 *)t->children;
    m->n_children = (guint32)t->n_children;
    m->term_start = (guint32 *)t->term_start;
    m->term = (guint32 *)t->term;
    m->owner = g_bytes_ref(owner);
    /* The bitmap of first keys is the matcher's own: the keys with a
     * step from the root, 32 KB that the file need not keep. */
    m->starts = g_new0(guint64, ((gsize)1 << ROOT_BITS) / 64);
    for (guint32 i = 0; i <= m->vocab.mask; i++)
        if (m->vocab.tags[i] && m->vocab.slots[i].root)
            mark_start(m, &m->vocab.slots[i]);
    return m;
}
