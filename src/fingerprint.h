/*
 * fingerprint.h - what a set of configuration files holds, as one hash.
 *
 * The fingerprint of a configuration is SHA-256 (hex) over `extra`
 * (options that change results) and, for every file under each path
 * (folders recursively, in name order; hidden files skipped), its name,
 * its length and the SHA-256 of its bytes; a missing path counts as
 * missing. Any edit to a gazetteer or rule file changes it.
 *
 * Hashing the shipped gazetteers and the binary (14 MB) costs some 40 ms,
 * a third of a rebuild that has nothing to do. A memo (kept in the
 * --state folder) remembers each file's hash by its looks (size,
 * modification and change times, inode, device), as the state trusts its
 * input files: a file whose looks are as remembered is not read again,
 * and a file changed less than a second before it was hashed is not
 * remembered (it may change again within the same timestamp tick). The
 * memo changes how fast the fingerprint is found, never what it is.
 */
#ifndef NG_FINGERPRINT_H
#define NG_FINGERPRINT_H

#include <glib.h>

typedef struct NgFingerprintMemo NgFingerprintMemo;

/* The memo kept in the file `path`. Never fails: a missing, unreadable or
 * damaged file gives an empty memo (lines that do not parse are left
 * out), which only means more hashing. */
NgFingerprintMemo *ng_fingerprint_memo_load(const char *path);

/* Write the memo back to its file (write-then-rename) if this process
 * hashed something new, with only the files looked up since it was
 * loaded. Errors: NG_ERROR_IO. */
gboolean ng_fingerprint_memo_save(NgFingerprintMemo *memo, GError **error);

void ng_fingerprint_memo_free(NgFingerprintMemo *memo);

/* The fingerprint described above; memo may be NULL. Errors: NG_ERROR_IO
 * for an unreadable file. */
char *ng_fingerprint(char **paths, const char *extra, NgFingerprintMemo *memo,
                     GError **error);

#endif
