/*
 * cmd_explain.c - `negraph explain`: every relation the rules find in a
 * text, with the rule that fired and the sentence: why an edge exists.
 * With --blocked, also the matches a blocker stopped, and which blocker:
 * why an edge does not exist.
 *
 * Text output, two lines per relation:
 *   DOCUMENT:SENTENCE  RELATION  SOURCE -> TARGET  (rule ID, cameo CODE)
 *       the sentence
 * (A -- B for a symmetric relation.) --json gives JSON Lines instead.
 */
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "doc.h"
#include "evidence.h"
#include "ng.h"
#include "relations.h"
#include "tagging.h"

typedef struct {
    NgConfig *config;
    NgTagged *tagged;
    NgTagOptions tag_options;
    NgRelationEngine *engine;
    GArray *matches;
    gboolean json;
    gboolean blocked;
    guint64 found;
} Explain;

/* The argument as written in the text. */
static char *argument_text(const NgTagged *t, const NgArgument *a)
{
    const NgToken *first = &g_array_index(t->tokens, NgToken, a->first_token);
    const NgToken *last = &g_array_index(t->tokens, NgToken,
                                         a->first_token + a->n_tokens - 1);
    NgMention m = { .start = first->start, .end = last->end };
    return ng_mention_surface(t, &m);
}

static void json_argument(JsonBuilder *b, const char *member, const NgTagged *t,
                          const NgArgument *a)
{
    const NgEntity *e = ng_tagged_entity(t, a->entity);
    char *text = argument_text(t, a);
    json_builder_set_member_name(b, member);
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "name");
    json_builder_add_string_value(b, e->name);
    json_builder_set_member_name(b, "type");
    json_builder_add_string_value(b, ng_entity_type_name(e->type));
    json_builder_set_member_name(b, "id");
    json_builder_add_string_value(b, e->id);
    json_builder_set_member_name(b, "text");
    json_builder_add_string_value(b, text);
    json_builder_set_member_name(b, "demonym");
    json_builder_add_boolean_value(b, a->mention < 0);
    json_builder_end_object(b);
    g_free(text);
}

static void json_string(JsonBuilder *b, const char *member, const char *value)
{
    json_builder_set_member_name(b, member);
    if (value)
        json_builder_add_string_value(b, value);
    else
        json_builder_add_null_value(b);
}

static void print_json(const NgTagged *t, const NgRelationMatch *m,
                       const char *sentence, const char *blocker_word)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    json_string(b, "document", t->doc->id);
    json_builder_set_member_name(b, "sentence");
    json_builder_add_int_value(b, m->sentence + 1);
    json_string(b, "relation", m->relation->name);
    json_builder_set_member_name(b, "directed");
    json_builder_add_boolean_value(b, m->relation->directed);
    json_argument(b, "source", t, &m->source);
    json_argument(b, "target", t, &m->target);
    json_string(b, "rule", m->rule->id);
    json_string(b, "rule_origin", m->rule->origin);
    json_string(b, "pattern", m->rule->pattern);
    json_string(b, "cameo", m->rule->cameo);
    json_string(b, "evidence", sentence);
    if (m->blocker) {
        json_builder_set_member_name(b, "blocked_by");
        json_builder_begin_object(b);
        json_string(b, "word", blocker_word);
        json_string(b, "blocker", m->blocker->text);
        json_string(b, "origin", m->blocker->origin);
        json_builder_end_object(b);
    }
    json_builder_end_object(b);
    JsonNode *root = json_builder_get_root(b);
    char *text = json_to_string(root, FALSE);
    puts(text);
    g_free(text);
    json_node_unref(root);
    g_object_unref(b);
}

static void print_text(const NgTagged *t, const NgRelationMatch *m,
                       const char *sentence, const char *blocker_word)
{
    const NgEntity *s = ng_tagged_entity(t, m->source.entity);
    const NgEntity *o = ng_tagged_entity(t, m->target.entity);
    printf("%s:%u  %s  %s %s %s  (rule %s", t->doc->id, m->sentence + 1,
           m->relation->name, s->name, m->relation->directed ? "->" : "--",
           o->name, m->rule->id);
    if (m->rule->cameo)
        printf(", cameo %s", m->rule->cameo);
    printf(")");
    if (m->blocker)
        printf("  BLOCKED by \"%s\" (%s at %s)", blocker_word, m->blocker->text,
               m->blocker->origin);
    printf("\n    %s\n", sentence);
}

static gboolean explain_document(const NgDoc *doc, gpointer user, GError **error)
{
    Explain *x = user;
    ng_tag_document(x->config->matcher, x->config->gazetteer, &x->tag_options,
                    doc, x->tagged);
    g_array_set_size(x->matches, 0);
    ng_relations_find(x->engine, x->tagged, x->blocked, x->matches);
    for (guint i = 0; i < x->matches->len; i++) {
        const NgRelationMatch *m = &g_array_index(x->matches, NgRelationMatch, i);
        char *sentence = ng_evidence_sentence(x->tagged, m->sentence);
        char *word = NULL;
        if (m->blocker) {
            NgArgument at = { .first_token = m->blocker_token, .n_tokens = 1 };
            word = argument_text(x->tagged, &at);
        } else {
            x->found++;
        }
        if (x->json)
            print_json(x->tagged, m, sentence, word);
        else
            print_text(x->tagged, m, sentence, word);
        g_free(word);
        g_free(sentence);
    }
    return TRUE;
}

int cmd_explain(int argc, char **argv)
{
    char *gazetteers = NULL, *rules = NULL;
    gboolean json = FALSE, blocked = FALSE, quiet = FALSE, no_metonyms = FALSE;
    gboolean no_cache = FALSE;
    char **inputs = NULL;
    GOptionEntry entries[] = {
        { "gazetteers", 0, 0, G_OPTION_ARG_FILENAME, &gazetteers,
          "gazetteer folder (default: gazetteers/ beside the binary or in $NEGRAPH_HOME)", "DIR" },
        { "rules", 0, 0, G_OPTION_ARG_FILENAME, &rules,
          "relation rule folder (default: rules/ beside the binary or in $NEGRAPH_HOME)", "DIR" },
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON Lines output", NULL },
        { "blocked", 0, 0, G_OPTION_ARG_NONE, &blocked,
          "also show matches that a blocker stopped, and the blocker", NULL },
        { "no-metonyms", 0, 0, G_OPTION_ARG_NONE, &no_metonyms,
          "do not read capitals (Washington, Moscow) as their governments", NULL },
        { "no-cache", 0, 0, G_OPTION_ARG_NONE, &no_cache, NG_CLI_NO_CACHE_HELP, NULL },
        { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "no warnings", NULL },
        { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *ctx = g_option_context_new("INPUT...");
    g_option_context_set_summary(ctx,
        "Print each relation the rules find (meets, sanctions, ...) with the\n"
        "rule that fired and the sentence it was found in.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    int rc = NG_EXIT_USAGE;
    Explain x = { 0 };

    if (!ng_cli_parse(ctx, &argc, &argv))
        goto out;
    ng_cli_verbosity = quiet ? -1 : 0;
    if (!inputs || !inputs[0]) {
        ng_cli_error("explain: no INPUT given (see --help)");
        goto out;
    }
    x.config = ng_config_load_user(gazetteers, no_cache);
    if (!x.config || !ng_config_load_rules(x.config, rules)) {
        rc = NG_EXIT_CONFIG;
        goto out;
    }
    x.tagged = ng_tagged_new();
    x.tag_options = ng_config_tag_options(x.config, no_metonyms);
    x.engine = ng_relations_new(x.config->rules, x.config->gazetteer);
    x.matches = g_array_new(FALSE, FALSE, sizeof(NgRelationMatch));
    x.json = json;
    x.blocked = blocked;
    NgReadStats stats = { 0 };
    ng_read_inputs(inputs, g_strv_length(inputs), explain_document, ng_cli_reader_warning,
                   &x, &stats, NULL);
    fflush(stdout);
    if (!json && ng_cli_verbosity >= 0)
        fprintf(stderr, "negraph: %" G_GUINT64_FORMAT " relations in %"
                G_GUINT64_FORMAT " documents\n", x.found, stats.documents);
    rc = stats.skipped ? NG_EXIT_WARNINGS : NG_EXIT_OK;
out:
    if (x.matches)
        g_array_free(x.matches, TRUE);
    ng_relations_free(x.engine);
    ng_tagged_free(x.tagged);
    ng_config_free(x.config);
    g_option_context_free(ctx);
    g_free(gazetteers);
    g_free(rules);
    g_strfreev(inputs);
    return rc;
}
