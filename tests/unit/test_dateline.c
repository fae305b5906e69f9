/*
 * test_dateline.c - dates from datelines and file names.
 */
#include <string.h>

#include "dateline.h"

static void assert_dateline(const char *text, const char *want)
{
    char *got = ng_dateline_date(text, strlen(text));
    g_assert_cmpstr(got, ==, want);
    g_free(got);
}

static void test_datelines(void)
{
    /* With a year: month first, day first, ISO; places, weekdays, and
     * the title line before. */
    assert_dateline("TITLE OF THE STORY\n\nLONDON, March 3, 1987 - The pound fell.",
                    "1987-03-03");
    assert_dateline("Paris, 19 May 2021 (AFP) - Talks.", "2021-05-19");
    assert_dateline("RICHMOND, Va., Sept. 23, 1987 - Dominion Resources said",
                    "1987-09-23");
    assert_dateline("Title\n\nMonday, November 5, 2018\nWASHINGTON - Sanctions.",
                    "2018-11-05");
    assert_dateline("Title\n2021-05-19 Reykjavik - Blinken met Lavrov.", "2021-05-19");
    assert_dateline("  Jan 2 1988: markets", "1988-01-02");
    /* No year: no date (the year is not guessed). */
    assert_dateline("WASHINGTON, March 27 - President Reagan imposed tariffs", NULL);
    assert_dateline("Copenhagen, May 19 (EFE).- The first talks", NULL);
    /* A date inside a sentence is not a dateline; nor is a date after the
     * opening of the article. */
    assert_dateline("Title\n\nThe company said on March 3, 1987 that it", NULL);
    GString *late = g_string_new("Title\n\n");
    for (int i = 0; i < 20; i++)
        g_string_append(late, "A line of text that goes on for a while here.\n");
    g_string_append(late, "LONDON, March 3, 1987 - late");
    assert_dateline(late->str, NULL);
    g_string_free(late, TRUE);
    /* Not a calendar date, out of range, more digits. */
    assert_dateline("LONDON, February 30, 1987 - x", NULL);
    assert_dateline("LONDON, March 3, 1787 - x", NULL);
    assert_dateline("LONDON, March 3, 19876 - x", NULL);
    assert_dateline("2021-13-01 x", NULL);
    assert_dateline("", NULL);
    /* A head cut inside a character stays valid UTF-8. */
    GString *wide = g_string_new(NULL);
    for (int i = 0; i < 400; i++)
        g_string_append(wide, "\xc3\xa9");
    assert_dateline(wide->str, NULL);
    g_string_free(wide, TRUE);
}

static void assert_path(const char *path, const char *want)
{
    char *got = ng_path_date(path);
    g_assert_cmpstr(got, ==, want);
    g_free(got);
}

static void test_paths(void)
{
    assert_path("sample/2021-05-19-arctic-council-talks.txt", "2021-05-19");
    assert_path("/news/19870327_tariffs.txt", "1987-03-27");
    assert_path("2018-11-05.txt", "2018-11-05");
    assert_path("news/1987-04-02/story.txt", NULL);   /* the base name only */
    assert_path("story-2018-11-05.txt", NULL);
    assert_path("2018-11-055.txt", NULL);
    assert_path("2018-02-30-x.txt", NULL);
    assert_path("1987.txt", NULL);
    assert_path("", NULL);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dateline/datelines", test_datelines);
    g_test_add_func("/dateline/paths", test_paths);
    return g_test_run();
}
