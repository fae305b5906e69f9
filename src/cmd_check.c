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
    char *gazetteers = NULL, *rules = NULL;
    GOptionEntry entries[] = {
        { "gazetteers", 0, 0, G_OPTION_ARG_FILENAME, &gazetteers,
          "gazetteer folder (default: gazetteers/ beside the binary or in $NEGRAPH_HOME)", "DIR" },
        { "rules", 0, 0, G_OPTION_ARG_FILENAME, &rules,
          "relation rule folder (default: rules/ beside the binary or in $NEGRAPH_HOME)", "DIR" },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *ctx = g_option_context_new(NULL);
    g_option_context_set_summary(ctx,
        "Validate the gazetteers and relation rules and print every problem as\n"
        "FILE:LINE:COLUMN: message.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    int rc = NG_EXIT_USAGE;
    if (!ng_cli_parse(ctx, &argc, &argv))
        goto out;
    if (argc > 1) {
        ng_cli_error("check: unexpected argument '%s'", argv[1]);
        goto out;
    }
    NgConfig *config = ng_config_load(gazetteers);
    /* The rules are checked even when the gazetteers failed, so that one
     * run reports every problem. */
    NgConfig *with_rules = config ? config : g_new0(NgConfig, 1);
    gboolean rules_ok = ng_config_load_rules(with_rules, rules);
    guint problems = 0;
    if (config && rules_ok) {
        GPtrArray *msgs = g_ptr_array_new_with_free_func(g_free);
        problems = ng_rules_check_types(config->rules, config->gazetteer, msgs);
        for (guint i = 0; i < msgs->len; i++)
            ng_cli_error("%s", (char *)msgs->pdata[i]);
        g_ptr_array_free(msgs, TRUE);
        printf("gazetteers: %u entities, %u aliases in %s\n",
               config->gazetteer->entities->len, config->gazetteer->aliases->len,
               config->gazetteer_dir);
        printf("rules: %u relations, %u rules in %s\n",
               config->rules->relations->len, ng_rules_n_rules(config->rules),
               config->rules_dir);
    }
    rc = !config || !rules_ok || problems ? NG_EXIT_CONFIG
       : with_rules->warnings ? NG_EXIT_WARNINGS : NG_EXIT_OK;
    if (with_rules != config)
        ng_config_free(with_rules);
    ng_config_free(config);
out:
    g_option_context_free(ctx);
    g_free(gazetteers);
    g_free(rules);
    return rc;
}
