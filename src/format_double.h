/*
 * format_double.h - numbers as printf writes them in the C locale, fast:
 * doubles as "%.15g" and integers as "%" G_GINT64_FORMAT. The GraphML and
 * GEXF writers print some 90,000 fractions for the Reuters-21578 graph
 * (PageRank, betweenness, positions, sizes) and many more whole numbers
 * (counts, weights, edge ids); printf's machinery, and its exact decimal
 * conversion, made that a good part of writing the file.
 */
#ifndef NG_FORMAT_DOUBLE_H
#define NG_FORMAT_DOUBLE_H

#include <glib.h>

/* Write v as "%.15g" does (C locale) into buf, which holds at least
 * G_ASCII_DTOSTR_BUF_SIZE bytes, NUL-terminated; returns buf. */
char *ng_format_g15(char *buf, double v);

/* Write v in decimal into buf, which holds at least NG_FORMAT_INT_SIZE
 * bytes, NUL-terminated; returns its length. */
#define NG_FORMAT_INT_SIZE 21
gsize ng_format_int(char *buf, gint64 v);

#endif
