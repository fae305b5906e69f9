/*
 * json_line.h - one line of JSON Lines, checked before json-glib parses it.
 *
 * json-glib (1.6) is lax and buggy with input that is not quite JSON: it
 * takes GScanner's octal escapes ("\777") and short \u escapes and makes
 * bytes that are not UTF-8 of them, and of a UTF-16 surrogate that is not
 * half of a pair ("\ud83dx"); "\ud83d\u-01" and two values on one line
 * ("{...}{...}", "1[2]") leak memory, and of two objects it keeps the
 * second without a word. The JSON Lines readers (doc.c, the results of
 * docresult_json.c) call ng_json_line_check first.
 */
#ifndef NG_JSON_LINE_H
#define NG_JSON_LINE_H

#include <glib.h>

/* Check s[0..len), a line that must hold one JSON object. Lone surrogate
 * escapes are rewritten in place to "\ufffd" (same length) and counted in
 * *fixed. Returns NULL when json-glib may parse the line, or why not:
 * "not a JSON object", "bad JSON: more after the object (two records on
 * one line?)", "bad JSON: an escape sequence that is not JSON's". */
const char *ng_json_line_check(char *s, gsize len, guint *fixed);

#endif
