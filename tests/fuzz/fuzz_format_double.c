/*
 * fuzz_format_double.c - ng_format_g15 (format_double.c) against printf's
 * "%.15g" (through g_ascii_formatd), the reference it must match byte for
 * byte.
 *
 * The input is read 8 bytes at a time, each an IEEE double as stored
 * (any bits: NaNs, infinities, subnormals, both zeros), then the same
 * value scaled by ten and by a tenth, as decimal values sit near their
 * neighbours' roundings. A last part shorter than 8 bytes is padded with
 * zeros.
 * Invariant: the two strings are equal.
 */
#include <string.h>

#include "format_double.h"
#include "fuzz.h"

static void check(double v)
{
    char want[G_ASCII_DTOSTR_BUF_SIZE], got[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(want, sizeof want, "%.15g", v);
    ng_format_g15(got, v);
    FZ_CHECK(!strcmp(want, got), "%a: printf gives %s, ng_format_g15 %s",
             v, want, got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (size_t at = 0; at < size; at += 8) {
        guint8 bytes[8] = { 0 };
        memcpy(bytes, data + at, MIN(8, size - at));
        double v;
        memcpy(&v, bytes, sizeof v);
        check(v);
        check(v * 10);
        check(v / 10);
    }
    return 0;
}
