/*
 * format_double.h - doubles as printf's "%.15g" writes them in the C
 * locale, fast: the GraphML and GEXF writers print some 90,000 of them
 * for the Reuters-21578 graph (PageRank, betweenness, positions, sizes),
 * and printf's exact decimal conversion made that a good part of writing
 * the nodes.
 */
#ifndef NG_FORMAT_DOUBLE_H
#define NG_FORMAT_DOUBLE_H

#include <glib.h>

/* Write v as "%.15g" does (C locale) into buf, which holds at least
 * G_ASCII_DTOSTR_BUF_SIZE bytes, NUL-terminated; returns buf. */
char *ng_format_g15(char *buf, double v);

#endif
