/*
 * fuzz_text.c - the text reader: bytes to valid UTF-8 (ng_text_from_bytes)
 * and a .txt article read through ng_read_inputs.
 *
 * Invariants:
 *  - the repaired text is valid UTF-8 without NUL bytes and out_len is
 *    its length; NULL comes only with a reason;
 *  - text that was valid UTF-8 (after a UTF-8 BOM) comes back unchanged;
 *    otherwise *bad_offset is the offset in the input of the first invalid
 *    sequence, and everything before it is kept as it was;
 *  - reading the bytes as a .txt file gives either one document (valid
 *    UTF-8, len = strlen, a one-line title) or one "PATH: skipped: ..."
 *    warning: never both, never neither (nothing is silently lost);
 *  - a repaired file is reported with the same byte offset;
 *  - the document's date, found in its dateline (the file name has none),
 *    is absent or a real calendar date written YYYY-MM-DD.
 */
#include <stdio.h>
#include <string.h>

#include "doc.h"
#include "fuzz.h"

typedef struct {
    guint docs;
    guint skipped_warnings;
    guint repair_warnings;
    const char *path;
    gssize bad_offset;    /* expected in the repair warning */
} Seen;

static gboolean on_doc(const NgDoc *doc, gpointer user, GError **error)
{
    Seen *s = user;
    s->docs++;
    FZ_CHECK(fz_utf8(doc->text, doc->len), "document text is not UTF-8");
    FZ_CHECK(strlen(doc->text) == doc->len, "len %zu, strlen %zu",
             (size_t)doc->len, strlen(doc->text));
    FZ_CHECK(!strcmp(doc->id, s->path), "id %s", doc->id);
    FZ_CHECK(doc->title && *doc->title && !strchr(doc->title, '\n') &&
             fz_utf8(doc->title, strlen(doc->title)),
             "title of a non-blank text must be one non-empty line");
    FZ_CHECK(strstr(doc->text, doc->title), "title not in the text");
    if (doc->date) {
        guint y, m, d;
        char tail;
        FZ_CHECK(strlen(doc->date) == 10 &&
                 sscanf(doc->date, "%4u-%2u-%2u%c", &y, &m, &d, &tail) == 3 &&
                 g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y),
                 "date %s", doc->date);
    }
    return TRUE;
}

static void on_warn(const char *message, gboolean skipped, gpointer user)
{
    Seen *s = user;
    FZ_CHECK(g_str_has_prefix(message, s->path) &&
             !strncmp(message + strlen(s->path), ": ", 2),
             "warning does not name the file: %s", message);
    if (skipped) {
        s->skipped_warnings++;
        FZ_CHECK(strstr(message, ": skipped: "), "%s", message);
        return;
    }
    s->repair_warnings++;
    char *want = g_strdup_printf("%s: invalid UTF-8 at byte %" G_GSSIZE_FORMAT
                                 "; replaced with U+FFFD", s->path,
                                 s->bad_offset);
    FZ_CHECK(!strcmp(message, want), "got '%s', want '%s'", message, want);
    g_free(want);
}

/* ng_text_from_bytes alone. Returns the bad offset it reported. */
static gssize check_repair(const char *data, size_t size)
{
    gsize out_len = 12345;
    gssize bad = -2;
    const char *why = "unset";
    char *out = ng_text_from_bytes(data, size, &out_len, &bad, &why);
    gboolean utf16 = size >= 2 &&
        (((guchar)data[0] == 0xFF && (guchar)data[1] == 0xFE) ||
         ((guchar)data[0] == 0xFE && (guchar)data[1] == 0xFF));
    if (!out) {
        FZ_CHECK(why && *why, "NULL without a reason");
        FZ_CHECK(utf16 || (size && memchr(data, '\0', size)),
                 "refused text that is neither UTF-16 nor has NUL bytes: %s",
                 why);
        return bad;
    }
    FZ_CHECK(why == NULL, "a reason (%s) with a result", why);
    FZ_CHECK(fz_utf8(out, out_len), "repaired text is not valid UTF-8");
    FZ_CHECK(strlen(out) == out_len, "out_len %zu, strlen %zu",
             (size_t)out_len, strlen(out));
    if (!utf16) {
        gsize bom = size >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
        const char *body = data + bom;
        gsize body_len = size - bom;
        const char *end;
        if (g_utf8_validate_len(body, body_len, &end)) {
            FZ_CHECK(bad == -1, "valid text with bad offset %zd", (ssize_t)bad);
            FZ_CHECK(out_len == body_len && fz_same(out, body, body_len),
                     "valid UTF-8 was changed");
        } else {
            gssize first = (gssize)(bom + (gsize)(end - body));
            FZ_CHECK(bad == first, "bad offset %zd, first invalid byte "
                     "of the input at %zd", (ssize_t)bad, (ssize_t)first);
            gsize keep = (gsize)(end - body);
            FZ_CHECK(out_len >= keep && fz_same(out, body, keep),
                     "the valid prefix was not kept");
        }
    } else {
        FZ_CHECK(bad == -1, "UTF-16 with a bad offset");
    }
    g_free(out);
    return bad;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gssize bad = check_repair((const char *)data, size);

    const char *path = fz_input_file(".txt", data, size);
    Seen seen = { .path = path, .bad_offset = bad };
    NgReadStats stats = { 0 };
    GError *error = NULL;
    char *inputs[] = { (char *)path };
    FZ_CHECK(ng_read_inputs(inputs, 1, on_doc, on_warn, &seen, &stats,
                            &error), "the reader failed: %s", error->message);
    FZ_CHECK(seen.docs + seen.skipped_warnings == 1,
             "%u documents and %u skips for one file", seen.docs,
             seen.skipped_warnings);
    FZ_CHECK(stats.documents == seen.docs && stats.skipped == seen.skipped_warnings
             && stats.files == 1, "statistics disagree with the callbacks");
    FZ_CHECK(seen.repair_warnings == (bad >= 0 && seen.docs ? 1u : 0u),
             "%u repair warnings, bad offset %zd, %u documents",
             seen.repair_warnings, (ssize_t)bad, seen.docs);
    return 0;
}
