/*
 * resolve_orgs.c - organizations known by their form.
 *
 * At each capitalised organization word - a legal form from org-suffixes
 * (Corp, Inc, AG, L.P.) or an institution word from org-heads (Bank,
 * Ministry, Association) - the name is read around it:
 *
 *   left part   capitalised words, numbers and abbreviations before it
 *               (Nord Stream 2, U.S.), with a gazetteer country or
 *               organization taken whole (Moody's, White House), parts
 *               joined by a hyphen with no space around it (Borg-Warner,
 *               U.S.-China Business Council), one
 *               org-joiner between capitalised words (Securities and
 *               Exchange) but not after a legal form or a named
 *               organization (nor after a country unless another place
 *               follows: Australia and New Zealand Banking Group), and
 *               an org-preposition after an
 *               organization word (Bank of Tokyo Trust Co) or after words
 *               that cannot be a person's name (Expediters International
 *               of Washington Inc; not "Shares of Chrysler Corp" or "John
 *               Smith of Merrill Lynch Inc"). It stops at a stop word
 *               (The), a possessive after anything but an organization
 *               (China's ...), a person, a title word, the start of the
 *               sentence, and after ten tokens; a gazetteer name ending
 *               with the organization word (Barnett Banks) is the left
 *               part as it is;
 *   complement  after an institution word: an org-preposition, "the"
 *               perhaps, and capitalised words (Bank of Tokyo, Ministry
 *               of Foreign Economic Relations and Trade, Department of
 *               Energy), an abbreviation's dot included (Bank of St.
 *               Louis) and hyphens as above (Committee on U.S.-China
 *               Relations), not a number and not a second organization
 *               ("Bank of St. Louis and Aluminum Co");
 *   suffixes    then any legal forms (Bank of Tokyo Ltd, Group PLC).
 *
 * The name needs one word that is not a form word; an institution word
 * with no complement or legal form and only portfolio, common, country
 * or nationality words (Foreign Ministry, State Department, Central Bank,
 * U.S. Banks) is too generic to be one entity, unless a country or
 * nationality qualifies a portfolio (U.S. State Department, Soviet
 * Foreign Ministry). A name ending in an org-exceptions phrase (West
 * Bank) is not an organization. Headlines are skipped.
 *
 * An org-prefixes word before a gazetteer country names an organization
 * too (Air Mauritius), the country included. So do Reuters' marks of
 * companies (bracket_marks): the left part before a ticker in angle
 * brackets (Ciba-Geigy <CIGZ.Z>), and a name written whole in them
 * (<Gruppo Ferruzzi>).
 *
 * Against the gazetteer: a gazetteer mention with exactly the name's
 * tokens wins; a gazetteer organization followed only by legal forms is
 * that organization (Chrysler Corp, when the gazetteer has Chrysler): its
 * mention grows over the forms; otherwise the name is a new organization
 * found in the text and replaces the gazetteer mentions inside it
 * (Moody's Investors Service Inc is not Moody's Corporation); a gazetteer
 * mention that crosses the name's edge blocks it.
 */
#include <string.h>

#include "resolve_impl.h"
#include "token.h"

#define MAX_ORG_TOKENS 10

static gboolean cand_is(const Doc *d, const Cand *c, NgEntityType type)
{
    return c && cand_type(d, c) == type;
}

/* A capitalised word, number or abbreviation that can be in an
 * organization's name. */
static gboolean org_word(Doc *d, guint i)
{
    if (!tok_is(d, i, NG_TOK_WORD) || (d->info[i] & T_TITLE) ||
        doc_class(d, i, W_STOP) || doc_phrase(d, P_TITLE, i))
        return FALSE;
    return tok_is(d, i, NG_TOK_UPPER) || tok_is(d, i, NG_TOK_DIGIT);
}

/* Does the ALL-CAPS word at token i spell the initials of the
 * capitalised words right before it ("Saudi Press Agency SPA")? Then it
 * is their acronym (resolve_doc.c), not a legal form (Montedison SPA). */
static gboolean spells_initials(const Doc *d, guint i)
{
    guint n = tok_len(d, i);
    if (n > i || !tok_is(d, i, NG_TOK_ALLCAPS))
        return FALSE;
    for (guint k = 0; k < n; k++) {
        guint w = i - n + k;
        if (!tok_cap(d, w) || d->sent[w] != d->sent[i] ||
            names_lower((guchar)d->text[d->tok[w].start]) !=
                names_lower((guchar)d->text[d->tok[i].start + k]))
            return FALSE;
    }
    return TRUE;
}

/* The length of the phrase of `set` (org-suffixes, org-heads,
 * org-prefixes) at token i: it must be capitalised, not glued to a
 * hyphen after it (Co-operation) and not an acronym of the words before
 * it. Inline: it runs for every name, and its first test turns most
 * away. */
static inline guint form_at(Doc *d, PhraseSet set, guint i)
{
    if (!tok_cap(d, i) || !(d->info[i] & T_MAY_ORG))
        return 0;
    guint n = doc_phrase(d, set, i);
    if (!n || (tok_punct(d, i + n, '-') && !(d->tok[i + n].flags & NG_TOK_SPACE_BEFORE)))
        return 0;
    return set == P_ORG_SUFFIX && spells_initials(d, i) ? 0 : n;
}

/* Is token h a hyphen with no space around it between two parts of a
 * name: a capitalised word, or a country or organization named there,
 * before it ("U.S.-China", "Sino-Soviet") and a capitalised word or
 * named one after it? */
static gboolean glued_joint(Doc *d, guint h)
{
    if (h == 0 || !glued_hyphen(d, h) || d->sent[h - 1] != d->sent[h + 1])
        return FALSE;
    const Cand *b = doc_owner(d, h - 1), *a = doc_owner(d, h + 1);
    return (b ? !cand_is(d, b, NG_TYPE_PERSON) && b->first + b->n == h
              : org_word(d, h - 1)) &&
           (a ? !cand_is(d, a, NG_TYPE_PERSON) && a->first == h + 1
              : org_word(d, h + 1));
}

/* Where the run of name words ending before `end` starts (== end: none).
 * Gazetteer countries and organizations are taken whole; people, titles,
 * stop words and the start of end's sentence (a paragraph break) end it. */
static guint left_words(Doc *d, guint end, guint limit)
{
    guint s = end;
    while (s > 0 && end - s < limit && d->sent[s - 1] == d->sent[end]) {
        if (s < end && glued_joint(d, s - 1))
            s--; /* U.S.-China Business Council */
        const Cand *c = doc_owner(d, s - 1);
        if (c && (cand_is(d, c, NG_TYPE_PERSON) || c->first + c->n != s))
            break;
        if (c) {
            s = c->first;
            continue;
        }
        if (!org_word(d, s - 1))
            break;
        s--;
    }
    return s;
}

/* Could [s, e) be a person's name: one word (Shares, Johnson), or words
 * that can all be in a personal name (Dana Johnson)? */
static gboolean person_like(Doc *d, guint s, guint e)
{
    if (e - s < 2)
        return TRUE;
    for (guint i = s; i < e; i++)
        if (!person_word(d, i) || doc_class(d, i, W_PORTFOLIO))
            return FALSE;
    return TRUE;
}

/* Does the joiner at token j, after a country, join it to another place
 * in a name (Australia and New Zealand Banking Group, London and
 * Scottish Marine Oil), not two names ("Montedison of Italy and Hercules
 * Inc", "the U.S. And N.V. Philips")? */
static gboolean place_pair(Doc *d, guint j)
{
    const Cand *c = doc_owner(d, j + 1);
    return !tok_cap(d, j) && (cand_is(d, c, NG_TYPE_COUNTRY) ||
                              doc_class(d, j + 1, W_DEMONYM));
}

/* Where the gazetteer name `own`, ending with an organization word,
 * starts once the plain capitalised words before it are taken: "Marine"
 * Midland Bank, "United National" Independence Party. Not a name or a
 * nationality (U.S. Export-Import Bank, West German Deutsche Bank), nor
 * one word opening the sentence ("Ruling Liberal Democratic Party
 * officials", "Two World Bank officials"), nor before an international
 * organization's name: "the Toronto World Bank meeting" was in Toronto. */
static guint widened(Doc *d, const Cand *own)
{
    guint first = own->first, s = first;
    if (!g_strcmp0(ng_entity_attr(doc_entity(d, own->entity), "kind"), "igo"))
        return first;
    while (s > 0 && first - s < MAX_ORG_TOKENS && d->sent[s - 1] == d->sent[first] &&
           !doc_owner(d, s - 1) && org_word(d, s - 1) &&
           !doc_class(d, s - 1, W_DEMONYM))
        s--;
    while (s < first && tok_is(d, s, NG_TOK_DIGIT))
        s++;
    if (s + 1 == first && (d->info[s] & T_INITIAL))
        s++;
    return s;
}

/* Can [b, comma) be the first names of a partnership before a comma (two
 * commas at most)
 * ("Goldman, Sachs and Co", "Smith Barney, Harris Upham and Co")? One or
 * two capitalised words, or an organization's name (Sears, Roebuck and
 * Co), not a stop or common word ("Yesterday, ...") nor a legal form
 * ("Benson Ltd, Kidder, Peabody and Co Ltd" are two). */
static gboolean comma_name(Doc *d, guint b, guint comma)
{
    if (comma - b > 2 || doc_class(d, b, W_STOP | W_COMMON))
        return FALSE;
    for (guint i = b; i < comma; i++) {
        const Cand *c = doc_owner(d, i);
        if (!tok_is(d, i, NG_TOK_WORD) || form_at(d, P_ORG_SUFFIX, i) ||
            (c && (!cand_is(d, c, NG_TYPE_ORGANIZATION) || c->first < b)))
            return FALSE;
    }
    return TRUE;
}

/* The left part ending before token k; returns its first token. */
static guint left_part(Doc *d, guint k)
{
    guint s = left_words(d, k, MAX_ORG_TOKENS), joins = 0;
    guint commas = 0;
    /* grown: the joiner came after an organization's name; partner: one
     * word at most between the joiner and a legal form (Sachs and Co,
     * Fenner and Smith Inc), as in a partnership, whose partners two
     * commas may list; one comma otherwise (Donaldson, Lufkin and
     * Jenrette Securities Corp), not "Sonora, Goldenbell, United and Inca
     * Resources Inc". */
    gboolean grown = FALSE, partner = FALSE;
    /* "Sachs and Co": a legal form may follow the joiner directly. */
    while (s > 1 && (s < k || doc_class(d, s - 1, W_JOINER)) && k - s < MAX_ORG_TOKENS) {
        guint link = s - 1;
        guint before = left_words(d, link, MAX_ORG_TOKENS - (k - s));
        if (before == link)
            break;
        const Cand *named = doc_owner(d, link - 1);
        if (doc_class(d, link, W_JOINER) && !joins &&
            !form_at(d, P_ORG_SUFFIX, link - 1) &&
            (!cand_is(d, named, NG_TYPE_ORGANIZATION) || link + 1 == k) &&
            (!cand_is(d, named, NG_TYPE_COUNTRY) || place_pair(d, link))) {
            /* One joiner, not after a legal form or an organization
             * unless the legal form follows it (Standard Oil Co and BP
             * North America Inc are two; Kidder, Peabody and Co one),
             * after a country only between two places. */
            joins++;
            partner = k - (link + 1) <= 1 && form_at(d, P_ORG_SUFFIX, k);
            /* The organization and its "and Co" are the name, with at
             * most partners before commas (Kidder, Peabody and Co): not
             * "BankAmerica Co of Charles Schwab and Co Inc". */
            grown = cand_is(d, named, NG_TYPE_ORGANIZATION);
        } else if (doc_class(d, link, W_PREP) && !tok_cap(d, link) && !grown &&
                   (form_at(d, P_ORG_HEAD, link - 1) || form_at(d, P_ORG_SUFFIX, link - 1) ||
                    !person_like(d, before, link))) {
            /* "of" after an organization word (Bank of Tokyo Trust Co) or
             * words that are not a person's name (Expediters International
             * of Washington Inc); not "Shares of Chrysler Corp" or "Dana
             * Johnson of First National Bank". */
        } else if (tok_punct(d, link, ',') && joins && (commas == 0 || partner) &&
                   commas < 2 && comma_name(d, before, link)) {
            /* Goldman, Sachs and Co; Smith Barney, Harris Upham and Co;
             * Peat, Marwick, Mitchell and Co. */
            commas++;
        } else {
            break;
        }
        s = before;
    }
    /* Names start with a capitalised word, not a number (nor the joiner
     * of "57-1/2 and U.S. Tobacco"). */
    while (s < k && (tok_is(d, s, NG_TOK_DIGIT) || !tok_cap(d, s)))
        s++;
    return s;
}

/* Do the capitalised words from token i lead to an organization word
 * ("... of St. Louis and Aluminum Co": the second name is another's)? */
static gboolean starts_org(Doc *d, guint i)
{
    for (guint start = i; i < d->n && i - start < MAX_ORG_TOKENS && org_word(d, i) &&
                          !form_at(d, P_ORG_SUFFIX, i) && !form_at(d, P_ORG_HEAD, i);)
        i++;
    return form_at(d, P_ORG_SUFFIX, i) || form_at(d, P_ORG_HEAD, i);
}

/* The complement after an institution word ending at e: returns its end
 * (== e: none). It is in the word's sentence: a paragraph break before
 * the preposition ("Board" at a line's end, "on ..." indented on the next:
 * a paragraph to the splitter) ends the name. */
static guint complement(Doc *d, guint e)
{
    if (e >= d->n || d->sent[e] != d->sent[e - 1] || !doc_class(d, e, W_PREP) ||
        tok_cap(d, e))
        return e;
    guint m = e + 1;
    if (m < d->n && doc_class(d, m, W_DETERMINER) && !tok_cap(d, m))
        m++;
    guint start = m, end = m;
    if (tok_is(d, m, NG_TOK_DIGIT))
        return e;
    while (m < d->n && m - start < MAX_ORG_TOKENS && d->sent[m] == d->sent[e]) {
        const Cand *c = doc_owner(d, m);
        if (c && (cand_is(d, c, NG_TYPE_PERSON) || c->first != m))
            break;
        if (c) {
            m = end = c->first + c->n;
        } else if (org_word(d, m)) {
            end = ++m;
        } else if (m > start && doc_class(d, m, W_JOINER) && org_word(d, m + 1) &&
                   !starts_org(d, m + 1)) {
            m++;
        } else if (m == end && m > start && glued_joint(d, m)) {
            m++; /* Committee on U.S.-China Relations */
        } else if (m > start && tok_punct(d, m, '.') &&
                   !(d->tok[m].flags & NG_TOK_SPACE_BEFORE) && m + 1 < d->n &&
                   d->sent[m + 1] == d->sent[m] && org_word(d, m + 1)) {
            m++; /* St. Louis: the splitter kept the sentence going */
        } else {
            break;
        }
    }
    return end > start ? end : e;
}

/* Is [s, e) a name worth an entity (see the file comment)? `qualified`:
 * it has a complement or legal forms. */
static gboolean specific(Doc *d, guint s, guint e, gboolean qualified)
{
    guint words = 0, plain = 0, nation = 0;
    for (guint i = s; i < e; i++) {
        guint f = form_at(d, P_ORG_SUFFIX, i);
        if (!f)
            f = form_at(d, P_ORG_HEAD, i);
        if (f) {
            i += f - 1;
            continue;
        }
        if (!tok_is(d, i, NG_TOK_WORD) ||
            (doc_class(d, i, W_JOINER | W_PREP) && !tok_cap(d, i)))
            continue; /* DI Industries has a word */
        words++;
        if (doc_class(d, i, W_DEMONYM) || cand_is(d, doc_owner(d, i), NG_TYPE_COUNTRY))
            nation++;
        else if (!doc_class(d, i, W_PORTFOLIO | W_COMMON))
            plain++;
    }
    if (!words)
        return FALSE;
    for (guint i = s; i < e; i++) {
        guint x = doc_phrase(d, P_ORG_NOT, i);
        if (x && i + x == e)
            return FALSE;
    }
    /* A nationality needs a portfolio to qualify: U.S. Agriculture
     * Department, not U.S. Banks. */
    return qualified || plain >= 1 || (words >= 2 && words > nation);
}

/* Is [s, k) one word that the gazetteer names as an organization? */
static gboolean one_word_gazetteer_org(Doc *d, guint s, guint k)
{
    const Cand *c = doc_owner(d, s);
    return k == s + 1 && c && c->first == s && c->n == 1 &&
           c->kind == K_GAZETTEER && cand_is(d, c, NG_TYPE_ORGANIZATION);
}

/* Do the forms [k, e) hold a word that describes the business (Holdings,
 * Industries: org-descriptors), not only legal forms? After one word the
 * gazetteer knows, such a word makes another company: Williams Holdings
 * PLC is not the Williams Companies, though Chrysler Corp is Chrysler. */
static gboolean describes(Doc *d, guint k, guint e)
{
    for (guint i = k; i < e; i++)
        if (doc_class(d, i, W_ORG_DESCRIPTOR))
            return TRUE;
    return FALSE;
}

/* Where the organization [s, e) ends without its trailing legal forms
 * (not those that say what the business does), commas and joiners: Dart
 * Group for Dart Group Corp, Goldman, Sachs for Goldman, Sachs and Co.
 * One word at least stays. */
static guint without_forms(Doc *d, guint s, guint e)
{
    while (e > s + 1) {
        guint t = e - 1;
        if ((doc_phrase(d, P_ORG_SUFFIX, t) == 1 && !doc_class(d, t, W_ORG_DESCRIPTOR)) ||
            tok_punct(d, t, ',') || tok_punct(d, t, '.') ||
            (doc_class(d, t, W_JOINER) && !tok_cap(d, t)))
            e = t;
        else
            break;
    }
    return e;
}

/* Add the organization [s, e) against the gazetteer's mentions. */
static void add_org(Doc *d, guint s, guint e, guint name_end)
{
    guint inside = 0;
    Cand *one = NULL;
    for (guint i = s; i < e; i++) {
        Cand *c = doc_owner(d, i);
        if (!c)
            continue;
        if (c->first < s || c->first + c->n > e)
            return; /* crosses the edge */
        if (c->first == s && c->n == e - s)
            return; /* the gazetteer has the very name */
        if (c->first == i) {
            inside++;
            one = c;
        }
    }
    /* The name before its legal forms, without a joiner: Eli Lilly of
     * Eli Lilly and Co. */
    guint core = doc_trim_joiners(d, s, name_end);
    if (inside == 1 && one->first == s && one->first + one->n == core &&
        cand_is(d, one, NG_TYPE_ORGANIZATION)) {
        /* Chrysler + Corp: the gazetteer's organization, grown. */
        guint32 entity = one->entity, alias = one->alias;
        doc_drop(d, one);
        doc_add(d, s, e - s, entity, alias, K_GAZETTEER);
        return;
    }
    /* Known by the name without its legal forms, unless that is one
     * common word ("General" of General Corp); the gazetteer's entity of
     * that name if it is two words or more (one, like Allen of Allen and
     * Co Inc, may be another's: the Allen Group). */
    guint base = without_forms(d, s, e);
    if (base == s + 1 && doc_class(d, s, W_COMMON | W_STOP))
        base = e;
    char *name = doc_span_text(d, s, e - s);
    char *key = doc_span_text(d, s, base - s);
    guint32 entity = doc_found_as(d, name, key, base > s + 1, NG_TYPE_ORGANIZATION);
    g_free(key);
    g_free(name);
    doc_add(d, s, e - s, entity, NG_MENTION_NO_ALIAS, K_PATTERN);
}

/* An org-prefixes phrase at k followed by a gazetteer country (Air
 * Mauritius): the organization they name with the legal forms after it;
 * returns where it ends (k: none). */
static guint prefixed(Doc *d, guint k)
{
    guint p = form_at(d, P_ORG_PREFIX, k);
    const Cand *c = p ? doc_owner(d, k + p) : NULL;
    if (!c || c->first != k + p || !cand_is(d, c, NG_TYPE_COUNTRY) || doc_owner(d, k))
        return k;
    guint e = c->first + c->n;
    for (guint f; (f = form_at(d, P_ORG_SUFFIX, e)) && d->sent[e] == d->sent[k];)
        e += f;
    add_org(d, k, e, e);
    return e;
}

/* The end of a company's name written whole in angle brackets from the
 * '<' at token i ("<Gruppo Ferruzzi>", "<BHP Petroleum (Americas) Inc>"),
 * its closing '>' and any trailing punctuation left out; or 0. The name
 * starts with a capital and has a word in lower case: in capitals it is
 * a ticker or in a headline. */
static guint bracketed_end(const Doc *d, guint i)
{
    gboolean lower = FALSE;
    guint j = i + 1;
    if (!tok_cap(d, j))
        return 0;
    for (; j < d->n && j - i <= MAX_ORG_TOKENS + 2 && !tok_punct(d, j, '>'); j++) {
        if (tok_is(d, j, NG_TOK_WORD))
            lower |= !tok_is(d, j, NG_TOK_ALLCAPS);
        else if (!strchr("-.&()',/", d->text[d->tok[j].start]) ||
                 (d->tok[j].flags & NG_TOK_PARA_BEFORE))
            return 0;
    }
    if (!lower || !tok_punct(d, j, '>'))
        return 0;
    while (!tok_is(d, j - 1, NG_TOK_WORD))
        j--;
    return j;
}

/* The name before a ticker at token k: the organization named there made
 * firm (an ambiguous alias is sure here), or its left part (as before a
 * legal form) made an organization. A person or country there is
 * left as it is. */
static void before_ticker(Doc *d, guint k)
{
    Cand *c = k ? doc_owner(d, k - 1) : NULL;
    if (c) {
        if (c->first + c->n == k && cand_is(d, c, NG_TYPE_ORGANIZATION))
            c->firm = 1;
        return;
    }
    guint s = left_part(d, k);
    if (s < k && specific(d, s, k, TRUE))
        add_org(d, s, k, k);
}

/* Is [s, e) a name for unit_names: two words or more, not a person's
 * (a first name of several gazetteer people first: "its John Carr unit"
 * is his), or one word that cannot be a common one (USS, MainStreet;
 * not "the California unit", "the Credit unit"). */
static gboolean unit_name(Doc *d, guint s, guint e)
{
    guint words = 0, inner_cap = 0;
    for (guint i = s; i < e; i++) {
        words += tok_is(d, i, NG_TOK_WORD);
        for (guint32 b = d->tok[i].start + 1; b < d->tok[i].end; b++)
            inner_cap += g_ascii_isupper(d->text[b]);
    }
    if (words == 1)
        return inner_cap > 0;
    return GPOINTER_TO_UINT(g_hash_table_lookup(d->nm->first_names,
                                                doc_loose(d, s))) < 2;
}

/* "its Valero Natural Gas subsidiary", "the Six Flags unit": the
 * capitalised words between a determiner and an org-units word in lower
 * case name a company, unless they are a name already found, a country,
 * a place or a nationality ("its U.S. unit", "the Paris unit", "the New
 * York unit", "its South African subsidiary"). It runs after the short
 * forms: "the Dixons unit" after Dixons Group PLC is that company's unit;
 * but after "its" the words are the unit's own name, even if they are a
 * short form ("Valero sold its Valero Natural Gas subsidiary to Valero
 * Natural Gas Partners L.P."). */
void resolve_unit_names(Doc *d)
{
    for (guint x = 0; x < d->names->len; x++) {
        guint k = g_array_index(d->names, guint32, x), u = k + 1;
        if ((d->info[k] & T_HEADLINE) || u >= d->n || d->sent[u] != d->sent[k] ||
            !tok_is(d, u, NG_TOK_WORD) || tok_is(d, u, NG_TOK_UPPER) ||
            !doc_class(d, u, W_ORG_UNIT))
            continue;
        Cand *c = doc_owner(d, k);
        guint s = c ? c->first : left_words(d, u, MAX_ORG_TOKENS);
        if (c && (c->kind != K_SHORT || !is_word(d, s - 1, "its")))
            continue;
        if (s == 0 || s == u || !doc_class(d, s - 1, W_DETERMINER) ||
            tok_cap(d, s - 1) || doc_class(d, k, W_DEMONYM) ||
            doc_class(d, s, W_PLACE_MOD) || !specific(d, s, u, FALSE) ||
            !unit_name(d, s, u))
            continue; /* "its South African unit", "the New York unit" */
        guint i = s;
        while (i < u && !(d->info[i] & T_PLACE))
            i++;
        if (i == u) { /* not "the Paris unit" */
            if (c)
                doc_drop(d, c);
            add_org(d, s, u, u);
        }
    }
}

/* Reuters marks companies in its copy: a listed one by its ticker in
 * angle brackets after its name ("Ciba-Geigy <CIGZ.Z>"), another by its
 * whole name in them ("<AB Leo>"). Headlines aside, as above; but a
 * ticker is a code, not a name, there too: what the gazetteer matched in
 * it goes ("UNION CARBIDE <UK>" names no United Kingdom). */
static void bracket_marks(Doc *d)
{
    for (guint i = 0; i + 2 < d->n; i++) {
        if (!tok_punct(d, i, '<'))
            continue;
        guint e = ng_ticker_end(d->text, d->tok, d->n, i);
        for (guint j = i + 1; j < e; j++) {
            Cand *c = doc_owner(d, j);
            if (c)
                doc_drop(d, c);
            d->info[j] |= T_CODE;
        }
        if (d->info[i] & T_HEADLINE) {
            i = MAX(i, e);
            continue;
        }
        if (e) {
            before_ticker(d, i);
        } else if ((e = bracketed_end(d, i))) {
            guint name_end = e;
            while (name_end > i + 1 && form_at(d, P_ORG_SUFFIX, name_end - 1))
                name_end--;
            if (specific(d, i + 1, e, TRUE))
                add_org(d, i + 1, e, name_end);
        }
        i = MAX(i, e);
    }
}

void resolve_orgs(Doc *d)
{
    guint next = 0; /* the first token after the last name read */
    for (guint x = 0; x < d->names->len; x++) {
        guint k = g_array_index(d->names, guint32, x);
        if (k < next || (d->info[k] & T_HEADLINE))
            continue;
        guint after = prefixed(d, k);
        if (after > k) {
            next = after;
            continue;
        }
        guint suffix = form_at(d, P_ORG_SUFFIX, k);
        guint head = suffix ? 0 : form_at(d, P_ORG_HEAD, k);
        if (!suffix && !head)
            continue;
        guint e = k + (suffix ? suffix : head);
        /* A gazetteer name ending with the word (Barnett Banks) is the
         * left part, with any plain capitalised words before it (Marine
         * Midland Bank); one running past it wins as it is. */
        const Cand *own = doc_owner(d, k);
        if (own && own->first == k && own->n == e - k)
            own = NULL; /* the form word alone is no name */
        if (own && own->first + own->n != e)
            continue;
        guint s = own ? widened(d, own) : left_part(d, k);
        if (own && s < own->first)
            own = NULL; /* another name: Marine Midland Bank */
        guint c = head ? complement(d, e) : e;
        gboolean has_complement = c > e;
        /* The name without its legal forms (a gazetteer name whole), then
         * the forms. */
        guint name_end = suffix && !own ? k : c;
        e = c;
        for (guint f; (f = form_at(d, P_ORG_SUFFIX, e)) && d->sent[e] == d->sent[k];)
            e += f;
        if (name_end == k && one_word_gazetteer_org(d, s, k) && describes(d, k, e))
            name_end = e;
        if (s < k || has_complement) {
            if (specific(d, s, e, has_complement || e > name_end))
                add_org(d, s, e, name_end);
        }
        next = e;
    }
    bracket_marks(d);
}
