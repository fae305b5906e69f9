/*
 * main.c - the negraph command: dispatches to a subcommand (src/cmd_*.c).
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "ng.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} Command;

static const Command commands[] = {
    { "build", cmd_build, "build a GraphML graph from news text" },
    { "tag", cmd_tag, "print the entity mentions found in text" },
    { "check", cmd_check, "validate gazetteers and rules" },
    { "explain", cmd_explain, "show the relations found in text and the rules behind them" },
    { "query", cmd_query, "ask questions of a graph built by negraph" },
    { "render", cmd_render, "draw a built graph as PNG, SVG or PDF" },
    { "extract", cmd_extract, "per-document results as JSON Lines (map step)" },
    { "merge", cmd_merge, "a graph from 'extract' results (reduce step)" },
};

static void usage(FILE *to)
{
    fprintf(to, "usage: negraph COMMAND [OPTIONS] ...\n\ncommands:\n");
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        fprintf(to, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(to, "\n'negraph COMMAND --help' describes a command's options.\n");
}

int main(int argc, char **argv)
{
    /* Messages follow the user's locale; numbers in files are written with
     * locale-independent routines (g_ascii_*), so output stays C-locale. */
    setlocale(LC_ALL, "");
    if (argc < 2) {
        usage(stderr);
        return NG_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        usage(stdout);
        return NG_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("negraph %s\n", NG_VERSION);
        return NG_EXIT_OK;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "negraph: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return NG_EXIT_USAGE;
}
