/*
 * config_cache.h - the loaded gazetteers and what is compiled from them,
 * kept in a file so that the next run with the same configuration need
 * not parse 12 MB of YAML and compile it again (`negraph build --state
 * DIR` keeps it as DIR/config.cache).
 *
 * What is kept: the gazetteers' entities and aliases, the matcher's
 * tables (matcher_tables.h), the name indexes (names_tables.h) and the
 * warnings loading gave. The file is a cache: one that is missing,
 * truncated, damaged, of another format or made under another
 * configuration fingerprint is refused (NG_ERROR_FORMAT) and the caller
 * loads the YAML as before. What is read back is what was written, so
 * results never depend on the cache.
 *
 * Layout: a 96-byte header, then the payload.
 *   0   "NGCACHE\0"
 *   8   format version (u32 LE), 4 bytes of zero
 *   16  the configuration fingerprint, NUL-padded to 64 bytes
 *   80  payload length (u64 LE)
 *   88  a 64-bit checksum of the payload (u64 LE)
 *   96  payload: a GVariant of type CONFIG_CACHE_TYPE (config_cache.c),
 *       columns of fixed-size values that are used where the file is
 *       mapped, not copied; every string is in one NUL-separated table.
 * Reading checks the header and checksum, then every count, offset and
 * index against what it points into, and that every string is UTF-8.
 */
#ifndef NG_CONFIG_CACHE_H
#define NG_CONFIG_CACHE_H

#include <glib.h>
#include "gazetteer.h"
#include "matcher.h"
#include "resolve.h"

/* What the cache keeps: a gazetteer, what is compiled from it, and the
 * warnings (strings) loading it gave. */
typedef struct {
    NgGazetteer *gazetteer;
    NgMatcher *matcher;
    NgNames *names;        /* the name patterns and the gazetteer's name
                              indexes (resolve.h) */
    GPtrArray *warnings;
} NgCachedConfig;

/* Free what c holds and clear it. */
void ng_cached_config_clear(NgCachedConfig *c);

/* The file's bytes for c under `fingerprint` (at most 64 bytes);
 * c->warnings may be NULL. */
GBytes *ng_config_cache_encode(const char *fingerprint, const NgCachedConfig *c);

/* The header for `payload` (what follows the header) under `fingerprint`,
 * followed by the payload: encode uses it; so do the tests and the fuzz
 * target, to give damaged payloads a good checksum. */
GBytes *ng_config_cache_frame(const char *fingerprint, const void *payload,
                              gsize len);

/* Read bytes made by ng_config_cache_encode: TRUE with *out filled (the
 * gazetteer keeps a reference to `bytes`). The name patterns are not in
 * the cache: they are loaded from patterns_dir (NULL: none) and their
 * errors are errors. FALSE (NG_ERROR_FORMAT for a bad cache) with *out
 * all NULL otherwise. */
gboolean ng_config_cache_decode(GBytes *bytes, const char *fingerprint,
                                const char *patterns_dir, NgCachedConfig *out,
                                GError **error);

/* The same with a file, mapped; NG_ERROR_IO when it cannot be read. */
gboolean ng_config_cache_read(const char *path, const char *fingerprint,
                              const char *patterns_dir, NgCachedConfig *out,
                              GError **error);

/* Write the cache of c to `path`, by way of the temporary file PATH.tmp
 * renamed over it (two processes must not write one path at once: the
 * state's lock sees to that). Errors: NG_ERROR_IO. */
gboolean ng_config_cache_write(const char *path, const char *fingerprint,
                               const NgCachedConfig *c, GError **error);

#endif
