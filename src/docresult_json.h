/*
 * docresult_json.h - per-document results as JSON Lines: what
 * `negraph extract` writes, `negraph merge` reads and the incremental
 * state stores.
 *
 * One line per document, members in this order (absent when NULL/empty):
 *
 *   {"id":"reuters-7","date":"1987-02-26",
 *    "entities":[{"id":"country.brazil","name":"Brazil","type":"country",
 *                 "attrs":{"iso":"BR"}}, ...],
 *    "mentions":[[0,"Brazil"], ...],                  entity index, surface
 *    "edges":[{"relation":"co-occurs","directed":false,"source":0,
 *              "target":1,"weight":1.0,"evidence":"...","rule":"...",
 *              "cameo":"..."}, ...]}
 *
 * The encoding is lossless (doubles with 17 significant digits) and
 * deterministic: the same result always gives the same bytes, so a result
 * decoded and added to a graph gives the graph the original gives.
 *
 * A stream of results may carry header lines that say what produced them:
 *
 *   {"negraph":"0.1.0","config":"--window sentence; gazetteers: ...",
 *    "fingerprint":"<sha-256 of the configuration>"}
 *
 * extract writes one first; merge checks that all headers agree (results
 * from different gazetteers must not be mixed) and copies `config` into
 * the graph's comment.
 */
#ifndef NG_DOCRESULT_JSON_H
#define NG_DOCRESULT_JSON_H

#include <glib.h>
#include "docresult.h"

typedef struct {
    char *version;       /* negraph version that wrote the results */
    char *config;        /* ng_pipeline_describe() of the producer */
    char *fingerprint;   /* ng_fingerprint() of the producer */
} NgResultsHeader;

/* The result as one line of JSON, without the newline. Newly allocated. */
char *ng_docresult_to_json(const NgDocResult *r);

/* A header line (no newline). Newly allocated. */
char *ng_results_header_to_json(const NgResultsHeader *h);
void ng_results_header_free(NgResultsHeader *h);

/* Parse one line: a document result (*result set) or a header (*header
 * set). Errors are NG_ERROR_FORMAT: bad JSON, a wrong type, a missing
 * member, an entity index out of range, a weight that is not > 0 (or not
 * below 10^15). */
gboolean ng_results_line_parse(const char *line, gsize len,
                               NgDocResult **result, NgResultsHeader **header,
                               GError **error);

/* Parse a line that must be a document result. */
NgDocResult *ng_docresult_from_json(const char *line, gsize len,
                                    GError **error);

#endif
