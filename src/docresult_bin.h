/*
 * docresult_bin.h - per-document results in a compact binary form: what
 * the incremental state stores (state.h).
 *
 * A rebuild replays every stored result of an unchanged file; decoding
 * them as JSON (docresult_json.h) took as long as processing the
 * documents. This form is a GVariant (GLib's serialisation) of a few
 * columns, so that decoding is a handful of calls per document, not one
 * per value:
 *
 *   (y   1 if the document has a date
 *    ay  the strings, each ending in NUL, in this order: the document id,
 *        its date (if it has one); per entity its id, name, and key and
 *        value of each attribute; per mention its surface; per edge its
 *        relation, then its evidence, rule and CAMEO code, those it has
 *    ay  entity types       au attributes per entity
 *    au  mention entities
 *    ab  edges directed     au sources   au targets   ad weights
 *    ay  which of evidence (1), rule (2), CAMEO code (4) each edge has)
 *
 * One string table instead of an array of strings: GVariant reads an
 * array of strings one child value at a time, which cost more than the
 * rest of the decoding.
 *
 * It is lossless (a result decoded gives the graph the original gives)
 * and deterministic (GVariant's normal form). It is a private format:
 * extract and merge speak JSON Lines.
 */
#ifndef NG_DOCRESULT_BIN_H
#define NG_DOCRESULT_BIN_H

#include <glib.h>
#include "docresult.h"

/* The result in binary form. */
GBytes *ng_docresult_to_bin(const NgDocResult *r);

/* Decode `len` bytes at `data`. They may come from a damaged file: any
 * inconsistency (columns of different lengths, an entity index out of
 * range, an entity listed twice, a weight that is not > 0, a self-loop,
 * an unknown type) is NG_ERROR_FORMAT. */
NgDocResult *ng_docresult_from_bin(const void *data, gsize len,
                                   GError **error);

#endif
