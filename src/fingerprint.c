/*
 * fingerprint.c - the configuration's fingerprint and its memo of file
 * hashes (fingerprint.h).
 *
 * The memo file is text, a line a file: the SHA-256 of its bytes (hex),
 * a tab, its looks (ng_file_looks), a tab, its path. Text, because it is
 * small and a person looking into the state folder can read it; no
 * checksum, because a damaged line can only fail to match (a wrong hash
 * under the right looks would need the file to change without its looks
 * changing, which is what the looks are for).
 */
#include "fingerprint.h"

#include <string.h>

#include "ng.h"

#define DIGEST_LEN 32   /* SHA-256 */

typedef struct {
    char *looks;
    guint8 digest[DIGEST_LEN];
    gboolean used;      /* looked up or added by this process */
} Entry;

struct NgFingerprintMemo {
    char *path;
    GHashTable *entries;   /* file path -> Entry */
    gboolean changed;
    gint64 racy_after;     /* ns: files changed since are not remembered */
};

static void entry_free(gpointer p)
{
    Entry *e = p;
    g_free(e->looks);
    g_free(e);
}

static gboolean parse_digest(const char *hex, guint8 *digest)
{
    if (strlen(hex) != 2 * DIGEST_LEN)
        return FALSE;
    for (guint i = 0; i < DIGEST_LEN; i++) {
        int hi = g_ascii_xdigit_value(hex[2 * i]);
        int lo = g_ascii_xdigit_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return FALSE;
        digest[i] = (guint8)(hi << 4 | lo);
    }
    return TRUE;
}

NgFingerprintMemo *ng_fingerprint_memo_load(const char *path)
{
    NgFingerprintMemo *m = g_new0(NgFingerprintMemo, 1);
    m->path = g_strdup(path);
    m->entries = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                       entry_free);
    m->racy_after = ng_looks_cutoff();
    char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        return m;
    char **lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; lines[i]; i++) {
        char **f = g_strsplit(lines[i], "\t", 3);
        Entry *e = g_new0(Entry, 1);
        if (g_strv_length(f) == 3 && parse_digest(f[0], e->digest) &&
            f[1][0] && f[2][0]) {
            e->looks = g_strdup(f[1]);
            g_hash_table_replace(m->entries, g_strdup(f[2]), e);
        } else {
            g_free(e);
        }
        g_strfreev(f);
    }
    g_strfreev(lines);
    g_free(text);
    return m;
}

gboolean ng_fingerprint_memo_save(NgFingerprintMemo *m, GError **error)
{
    if (!m->changed)
        return TRUE;
    /* In path order, so that the same memo is the same file. */
    GList *paths = g_list_sort(g_hash_table_get_keys(m->entries),
                               (GCompareFunc)strcmp);
    GString *out = g_string_new(NULL);
    for (GList *l = paths; l; l = l->next) {
        const Entry *e = g_hash_table_lookup(m->entries, l->data);
        if (!e->used)
            continue;
        for (guint i = 0; i < DIGEST_LEN; i++)
            g_string_append_printf(out, "%02x", e->digest[i]);
        g_string_append_printf(out, "\t%s\t%s\n", e->looks,
                               (const char *)l->data);
    }
    g_list_free(paths);
    gboolean ok = ng_replace_file(m->path, out->str, out->len, FALSE, error);
    g_string_free(out, TRUE);
    m->changed = !ok;
    return ok;
}

void ng_fingerprint_memo_free(NgFingerprintMemo *m)
{
    if (!m)
        return;
    g_hash_table_destroy(m->entries);
    g_free(m->path);
    g_free(m);
}

/* SHA-256 of the file at `path` (stat `st`) into digest: from the memo
 * when its looks are the remembered ones, else read (mapped: 14 MB of
 * gazetteers and binary would otherwise be copied into fresh memory
 * first) and remembered if it is old enough to trust. */
static gboolean file_digest(NgFingerprintMemo *m, const char *path,
                            const GStatBuf *st, guint8 *digest,
                            GError **error)
{
    char *looks = ng_file_looks(st);
    Entry *e = m ? g_hash_table_lookup(m->entries, path) : NULL;
    if (e && !strcmp(e->looks, looks)) {
        memcpy(digest, e->digest, DIGEST_LEN);
        e->used = TRUE;
        g_free(looks);
        return TRUE;
    }
    GMappedFile *map = g_mapped_file_new(path, FALSE, error);
    if (!map) {
        g_free(looks);
        return FALSE;
    }
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    gsize len = g_mapped_file_get_length(map);
    if (len)
        g_checksum_update(c, (const guchar *)g_mapped_file_get_contents(map),
                          (gssize)len);
    gsize digest_len = DIGEST_LEN;
    g_checksum_get_digest(c, digest, &digest_len);
    g_checksum_free(c);
    g_mapped_file_unref(map);
    if (m && ng_looks_settled(st, m->racy_after)) {
        e = g_new0(Entry, 1);
        e->looks = g_steal_pointer(&looks);
        memcpy(e->digest, digest, DIGEST_LEN);
        e->used = TRUE;
        g_hash_table_replace(m->entries, g_strdup(path), e);
        m->changed = TRUE;
    }
    g_free(looks);
    return TRUE;
}

/* Hash `path` (a file, or a folder recursively) into c under `name`. */
static gboolean hash_path(GChecksum *c, NgFingerprintMemo *m,
                          const char *path, const char *name, GError **error)
{
    GStatBuf st;
    gboolean exists = g_stat(path, &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
        GDir *dir = g_dir_open(path, 0, error);
        if (!dir)
            return FALSE;
        GPtrArray *names = ng_dir_names(dir);
        gboolean ok = TRUE;
        for (guint i = 0; ok && i < names->len; i++) {
            char *child = g_build_filename(path, names->pdata[i], NULL);
            char *child_name = g_build_filename(name, names->pdata[i], NULL);
            ok = hash_path(c, m, child, child_name, error);
            g_free(child_name);
            g_free(child);
        }
        g_ptr_array_free(names, TRUE);
        return ok;
    }
    /* Name, length and contents, so that moving bytes between files
     * counts. */
    g_checksum_update(c, (const guchar *)name, (gssize)strlen(name) + 1);
    if (!exists) {
        g_checksum_update(c, (const guchar *)"missing", -1);
        return TRUE;
    }
    guint8 digest[DIGEST_LEN];
    if (!file_digest(m, path, &st, digest, error))
        return FALSE;
    char *size = g_strdup_printf("%lld:", (long long)st.st_size);
    g_checksum_update(c, (const guchar *)size, -1);
    g_checksum_update(c, digest, DIGEST_LEN);
    g_free(size);
    return TRUE;
}

char *ng_fingerprint(char **paths, const char *extra, NgFingerprintMemo *memo,
                     GError **error)
{
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    GError *err = NULL;
    g_checksum_update(c, (const guchar *)extra, (gssize)strlen(extra) + 1);
    for (guint i = 0; !err && paths[i]; i++) {
        char *role = g_strdup_printf("%u", i);   /* which path, not where */
        hash_path(c, memo, paths[i], role, &err);
        g_free(role);
    }
    char *hex = NULL;
    if (err) {   /* GFileError: make it ours */
        g_set_error(error, NG_ERROR, NG_ERROR_IO, "%s", err->message);
        g_error_free(err);
    } else {
        hex = g_strdup(g_checksum_get_string(c));
    }
    g_checksum_free(c);
    return hex;
}
