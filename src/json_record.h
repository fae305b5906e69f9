/*
 * json_record.h - one JSON Lines article: a strict JSON object reader
 * that picks out the string members negraph reads.
 *
 * The document reader used to hand every line to json-glib, which builds a
 * tree of GObjects for each line and was a third of the time of `negraph
 * tag` on JSON Lines; it is also lax with input that is not JSON (octal
 * escapes, two objects on one line; see json_line.h). An article line
 * needs a handful of top-level strings, so this reader checks the whole
 * line against JSON's grammar (RFC 8259) and decodes only the members
 * asked for, into buffers reused from line to line.
 *
 * Beyond RFC 8259, raw control characters other than NUL inside strings
 * are accepted (scrapers write raw tabs; Python's json.loads(strict=False)
 * reads them too), and a \u escape that is no character - U+0000 or half
 * of a surrogate pair - decodes to U+FFFD and is counted, so the text
 * stays valid UTF-8 without NUL.
 */
#ifndef NG_JSON_RECORD_H
#define NG_JSON_RECORD_H

#include <glib.h>

typedef enum {
    NG_JSON_ABSENT,   /* no such member */
    NG_JSON_NULL,
    NG_JSON_STRING,   /* value: the decoded string */
    NG_JSON_INTEGER,  /* value: the number as written (it fits in 64 bits) */
    NG_JSON_OTHER,    /* another number, true, false, an array or object */
} NgJsonKind;

typedef struct {
    const char *name;  /* the member to pick out, set by the caller */
    NgJsonKind kind;   /* what the line had; the last one if it repeats */
    GString *value;    /* owned by the reader */
} NgJsonMember;

typedef struct NgJsonRecord NgJsonRecord;

/* A reader of objects with the top-level members `names` (a NULL-ended
 * list of static strings). */
NgJsonRecord *ng_json_record_new(const char *const *names);
void ng_json_record_free(NgJsonRecord *rec);

/* Read s[0..len) - valid UTF-8 without NUL bytes, as the document reader
 * makes every line - as one JSON object, with optional whitespace around.
 * FALSE with `error` (NG_ERROR_FORMAT, "column C: why") when it is not;
 * the members are then undefined. *fixed counts the escapes decoded to
 * U+FFFD. */
gboolean ng_json_record_read(NgJsonRecord *rec, const char *s, gsize len,
                             guint *fixed, GError **error);

/* Member i (in the order of `names`) of the last record read. */
const NgJsonMember *ng_json_record_member(const NgJsonRecord *rec, guint i);

#endif
