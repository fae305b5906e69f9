/*
 * cmd_check.c - `negraph check`: load the gazetteers (and rules) the way a
 * build would and report every problem with file:line:column.
 *
 * Exit 0 when clean, 1 when there are only warnings, 3 on an error.
 */
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "ng.h"

int cmd_check(int argc, char **argv)
{
    char *gazetteers = NULL;
    GOptionEntry entries[] = {
        { "gazetteers", 0, 0, G_OPTION_ARG_FILENAME, &gazetteers,
          "gazetteer folder (default: gazetteers/ beside the binary or in $NEGRAPH_HOME)", "DIR" },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *ctx = g_option_context_new(NULL);
    g_option_context_set_summary(ctx,
        "Validate the gazetteers and print every problem as FILE:LINE:COLUMN: message.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    int rc = NG_EXIT_USAGE;
    if (!ng_cli_parse(ctx, &argc, &argv))
        goto out;
    if (argc > 1) {
        ng_cli_error("check: unexpected argument '%s'", argv[1]);
        goto out;
    }
    NgConfig *config = ng_config_load(gazetteers);
    if (!config) {
        rc = NG_EXIT_CONFIG;
        goto out;
    }
    printf("gazetteers: %u entities, %u aliases in %s\n",
           config->gazetteer->entities->len, config->gazetteer->aliases->len,
           config->gazetteer_dir);
    rc = config->warnings ? NG_EXIT_WARNINGS : NG_EXIT_OK;
    ng_config_free(config);
out:
    g_option_context_free(ctx);
    g_free(gazetteers);
    return rc;
}
