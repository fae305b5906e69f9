/*
 * dateline.h - the date of an article that does not state it in a field:
 * from its dateline, or from its file name.
 *
 * Wire copy opens with a dateline: "WASHINGTON, March 27 -", "Copenhagen,
 * May 19 (EFE).-", "RICHMOND, Va., March 23 -", sometimes with the year
 * ("LONDON, March 3, 1987 -", "Paris, 19 May 2021 -"). A dateline gives a
 * date only when it has a year; one without a year gives none (guessing
 * the year would put the article in the wrong decade). Folders of .txt
 * articles are often named by date ("2021-05-19-arctic-council.txt"),
 * which the reader takes when the text has no dated dateline.
 */
#ifndef NG_DATELINE_H
#define NG_DATELINE_H

#include <glib.h>

/* The ISO date (YYYY-MM-DD) of the dateline at the start of text[0..len)
 * - among its first lines, a date with a year, alone at the start of a
 * line or after one or two place names and commas - or NULL. Newly
 * allocated. */
char *ng_dateline_date(const char *text, gsize len);

/* The ISO date that the base name of `path` starts with
 * ("2021-05-19-talks.txt", "20210519_talks.txt"), or NULL. Newly
 * allocated. */
char *ng_path_date(const char *path);

#endif
