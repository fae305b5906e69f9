/*
 * format_double.c - "%.15g" without printf, where that is provably exact
 * (format_double.h).
 *
 * A double scaled by an exact power of ten (10^k is exact up to k = 22)
 * into [1e14, 1e15) is off by at most half a unit in its last place,
 * 1/16 at that size. Rounding it to an integer then gives the 15
 * significant digits printf's exact conversion gives, unless the scaled
 * value lies within that error of a half (a tie either way) or of the
 * interval's ends (where the exponent could differ). Those rare cases,
 * and every value outside 1e-8 .. 1e15 (where the power would not be
 * exact), zero, infinities and NaN, go to g_ascii_formatd. The unit test compares the two on millions of values.
 */
#include "format_double.h"

#include <math.h>
#include <string.h>

static const double pow10_exact[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* The 15 significant digits of |v| (digits[0] first) and its decimal
 * exponent; FALSE when that cannot be told exactly here. */
static gboolean digits15(double v, char digits[15], int *exp10)
{
    double a = fabs(v);
    if (!(a >= 1e-8 && a < 1e15))   /* also NaN, infinities, 0 */
        return FALSE;
    int e = (int)floor(log10(a));   /* may be one off: checked below */
    for (int tries = 0; tries < 2; tries++) {
        int k = 14 - e;             /* 0 .. 22 in the range taken */
        if (k < 0 || k > 22)
            return FALSE;
        double scaled = a * pow10_exact[k];
        if (scaled < 1e14) {
            e--;
            continue;
        }
        if (scaled >= 1e15) {
            e++;
            continue;
        }
        if (scaled < 1e14 + 1 || scaled >= 1e15 - 1)
            return FALSE;
        double whole = floor(scaled), frac = scaled - whole;
        if (fabs(frac - 0.5) < 0.125)
            return FALSE;
        guint64 n = (guint64)whole + (frac > 0.5);
        for (int i = 14; i >= 0; i--, n /= 10)
            digits[i] = (char)('0' + n % 10);
        *exp10 = e;
        return TRUE;
    }
    return FALSE;
}

gsize ng_format_int(char *buf, gint64 v)
{
    char digits[NG_FORMAT_INT_SIZE], *p = digits + sizeof digits;
    guint64 u = v < 0 ? -(guint64)v : (guint64)v;
    *--p = '\0';
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    gsize len = (gsize)(digits + sizeof digits - 1 - p);
    memcpy(buf, p, len + 1);
    return len;
}

char *ng_format_g15(char *buf, double v)
{
    /* Whole numbers below 1e15 (weights, degrees) are their digits; -0
     * keeps its sign through printf. The range is tested first: the cast
     * of a larger value would be undefined. */
    if (fabs(v) < 1e15 && v == (double)(gint64)v && !(v == 0 && signbit(v))) {
        ng_format_int(buf, (gint64)v);
        return buf;
    }
    char d[15];
    int e;
    if (!digits15(v, d, &e))
        return g_ascii_formatd(buf, G_ASCII_DTOSTR_BUF_SIZE, "%.15g", v);
    int last = 14;                  /* %g drops trailing zeros */
    while (last > 0 && d[last] == '0')
        last--;
    char *p = buf;
    if (v < 0)
        *p++ = '-';
    if (e >= -4) {                  /* fixed notation (e < 15 here) */
        if (e < 0) {
            *p++ = '0';
            *p++ = '.';
            for (int i = -1; i > e; i--)
                *p++ = '0';
            memcpy(p, d, (gsize)last + 1);
            p += last + 1;
        } else {
            memcpy(p, d, (gsize)e + 1);
            p += e + 1;
            if (last > e) {
                *p++ = '.';
                memcpy(p, d + e + 1, (gsize)(last - e));
                p += last - e;
            }
        }
    } else {                        /* d.ddde-0X: e is -5 .. -8 here */
        *p++ = d[0];
        if (last > 0) {
            *p++ = '.';
            memcpy(p, d + 1, (gsize)last);
            p += last;
        }
        memcpy(p, "e-0", 3);
        p += 3;
        *p++ = (char)('0' - e);
    }
    *p = '\0';
    return buf;
}
