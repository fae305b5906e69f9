/*
 * test_format_double.c - ng_format_g15 against printf's "%.15g" (through
 * g_ascii_formatd) on millions of doubles: random bits, random values
 * across the fast path's range and beyond it, the powers of ten and their
 * neighbours, short decimals and the ties of 15-digit rounding; and
 * ng_format_int against printf at the extremes.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "format_double.h"
#include "testlib.h"

static guint64 checked;

static void check(double v)
{
    char want[G_ASCII_DTOSTR_BUF_SIZE], got[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(want, sizeof want, "%.15g", v);
    ng_format_g15(got, v);
    if (strcmp(want, got))
        g_error("%.17g: printf gives %s, ng_format_g15 %s", v, want, got);
    checked++;
}

static void check_both_signs(double v)
{
    check(v);
    check(-v);
}

static void test_random_bits(void)
{
    GRand *r = g_rand_new_with_seed(15);
    for (int i = 0; i < 500000; i++) {
        guint64 bits = (guint64)g_rand_int(r) << 32 | g_rand_int(r);
        double v;
        memcpy(&v, &bits, sizeof v);
        check(v);
    }
    g_rand_free(r);
}

/* Log-uniform over 1e-10 .. 1e17, past both ends of the fast path. */
static void test_random_range(void)
{
    GRand *r = g_rand_new_with_seed(16);
    for (int i = 0; i < 1000000; i++)
        check_both_signs(pow(10, g_rand_double_range(r, -10, 17)));
    g_rand_free(r);
}

static void test_powers(void)
{
    for (int e = -12; e <= 17; e++) {
        double p = pow(10, e);
        double v = p;
        for (int i = 0; i < 50; i++, v = nextafter(v, INFINITY))
            check_both_signs(v);
        v = p;
        for (int i = 0; i < 50; i++, v = nextafter(v, 0))
            check_both_signs(v);
        for (int m = 1; m < 1000; m++)
            check_both_signs(m * p / 1000);
    }
    check(0);
    check(-0.0);
    check(INFINITY);
    check(NAN);
    check(DBL_MIN / 4);   /* subnormal */
    check(DBL_MAX);
}

/* Decimals of 14 to 17 digits, and 15-digit roundings that end in 5 at
 * the 16th: the ties and near-ties. */
static void test_decimals(void)
{
    GRand *r = g_rand_new_with_seed(17);
    for (int i = 0; i < 300000; i++) {
        char text[64];
        int digits = g_rand_int_range(r, 14, 18);
        guint64 mant = 1;
        for (int d = 1; d < digits; d++)
            mant = mant * 10 + (guint64)g_rand_int_range(r, 0, 10);
        if (i % 2 && digits == 16)
            mant = mant / 10 * 10 + 5;        /* a tie at the 16th digit */
        g_snprintf(text, sizeof text, "%" G_GUINT64_FORMAT "e%d", mant,
                   g_rand_int_range(r, -26, 2));
        check_both_signs(g_ascii_strtod(text, NULL));
    }
    for (int n = 1; n < 2000; n++)
        for (int d = 1; d < 50; d++)
            check_both_signs((double)n / d);
    g_rand_free(r);
    g_test_message("%" G_GUINT64_FORMAT " values checked", checked);
}

/* Integers as "%" G_GINT64_FORMAT writes them, the extremes included. */
static void test_int(void)
{
    static const gint64 v[] = { 0, 1, -1, 9, 10, -10, 999, 123456789012345,
                                G_MAXINT32, G_MININT32, G_MAXINT64, G_MININT64 };
    for (guint i = 0; i < G_N_ELEMENTS(v); i++) {
        char want[32], got[NG_FORMAT_INT_SIZE];
        g_snprintf(want, sizeof want, "%" G_GINT64_FORMAT, v[i]);
        g_assert_cmpuint(ng_format_int(got, v[i]), ==, strlen(want));
        g_assert_cmpstr(got, ==, want);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/format-double/random-bits", test_random_bits);
    g_test_add_func("/format-double/random-range", test_random_range);
    g_test_add_func("/format-double/powers", test_powers);
    g_test_add_func("/format-double/decimals", test_decimals);
    g_test_add_func("/format-double/int", test_int);
    return g_test_run();
}
