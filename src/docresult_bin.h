/*
 * docresult_bin.h - per-document results in a compact binary form: what
 * the incremental state stores (state.h).
 *
 * A rebuild replays every stored result of an unchanged file; decoding
 * them as JSON (docresult_json.h) took as long as processing the
 * documents. This form is a GVariant (GLib's serialisation) of three
 * arrays, so that decoding is a handful of calls per document, not one
 * per value:
 *
 *   (au  the number of entities (ne), of mentions (nm); the attributes of
 *        each entity (ne); each mention's entity (nm); each edge's source,
 *        then each edge's target (nd each)
 *    ay  1 if the document has a date; each entity's type (ne); 1 for
 *        each directed edge (nd); which of evidence (1), rule (2), CAMEO
 *        code (4) each edge has, and whether its evidence (8) or its
 *        relation (16) is the edge before's (nd); then the strings, each
 *        ending in NUL, in this order: the document id, its date (if it
 *        has one); per entity its id, name, and key and value of each
 *        attribute; per mention its surface; per edge its relation
 *        (unless 16), then its evidence (if 1), rule and CAMEO code,
 *        those it has
 *    ad  each edge's weight (nd, the number of edges))
 *
 * One string table instead of an array of strings: GVariant reads an
 * array of strings one child value at a time, which cost more than the
 * rest of the decoding; and three arrays, not one per column, for the
 * same reason (each child value costs allocations and locks).
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
