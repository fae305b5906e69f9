/*
 * cmd_tag.c - `negraph tag`: print every entity mention found, to see what
 * the gazetteers catch (and miss) in a text.
 *
 * TSV columns: document, byte start, byte end, surface form, canonical
 * name, type. Offsets are into the document text as read (after UTF-8
 * repair; for JSON Lines, into title + blank line + text).
 */
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "doc.h"
#include "ng.h"
#include "tagging.h"

typedef struct {
    NgConfig *config;
    NgTagged *tagged;
    NgTagOptions tag_options;
    gboolean json;
    gboolean count;         /* --count: totals only */
    guint64 by_type[NG_N_TYPES];
} Tag;

/* TSV fields cannot hold tabs or line breaks. */
static void put_field(const char *s)
{
    for (; *s; s++)
        putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static void print_json(const NgDoc *doc, const NgMention *m,
                       const char *surface, const NgEntity *e)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "document");
    json_builder_add_string_value(b, doc->id);
    json_builder_set_member_name(b, "start");
    json_builder_add_int_value(b, m->start);
    json_builder_set_member_name(b, "end");
    json_builder_add_int_value(b, m->end);
    json_builder_set_member_name(b, "surface");
    json_builder_add_string_value(b, surface);
    json_builder_set_member_name(b, "name");
    json_builder_add_string_value(b, e->name);
    json_builder_set_member_name(b, "type");
    json_builder_add_string_value(b, ng_entity_type_name(e->type));
    json_builder_set_member_name(b, "id");
    json_builder_add_string_value(b, e->id);
    json_builder_end_object(b);
    JsonNode *root = json_builder_get_root(b);
    char *text = json_to_string(root, FALSE);
    puts(text);
    g_free(text);
    json_node_unref(root);
    g_object_unref(b);
}

static gboolean tag_document(const NgDoc *doc, gpointer user, GError **error)
{
    Tag *t = user;
    ng_tag_document(t->config->matcher, t->config->gazetteer,
                    &t->tag_options, doc, t->tagged);
    for (guint i = 0; i < t->tagged->mentions->len; i++) {
        const NgMention *m = &g_array_index(t->tagged->mentions, NgMention, i);
        const NgEntity *e = ng_tagged_entity(t->tagged, m->entity);
        if (t->count) {
            t->by_type[e->type]++;
            continue;
        }
        char *surface = ng_mention_surface(t->tagged, m);
        if (t->json) {
            print_json(doc, m, surface, e);
        } else {
            put_field(doc->id);
            printf("\t%u\t%u\t", m->start, m->end);
            put_field(surface);
            putchar('\t');
            put_field(e->name);
            printf("\t%s\n", ng_entity_type_name(e->type));
        }
        g_free(surface);
    }
    return TRUE;
}

static void on_warning(const char *message, gboolean skipped, gpointer user)
{
    ng_cli_warn("%s", message);
}

int cmd_tag(int argc, char **argv)
{
    Tag t = { 0 };
    char *gazetteers = NULL;
    gboolean json = FALSE, quiet = FALSE, no_metonyms = FALSE;
    char **inputs = NULL;
    GOptionEntry entries[] = {
        { "gazetteers", 0, 0, G_OPTION_ARG_FILENAME, &gazetteers,
          "gazetteer folder (default: gazetteers/ beside the binary or in $NEGRAPH_HOME)", "DIR" },
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON Lines instead of TSV", NULL },
        { "count", 0, 0, G_OPTION_ARG_NONE, &t.count,
          "print only totals: mentions by type, documents, throughput", NULL },
        { "no-metonyms", 0, 0, G_OPTION_ARG_NONE, &no_metonyms,
          "do not read capitals (Washington, Moscow) as their governments", NULL },
        { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "no warnings", NULL },
        { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *ctx = g_option_context_new("INPUT...");
    g_option_context_set_summary(ctx,
        "Print each entity mention as: document, start byte, end byte, surface\n"
        "form, canonical name, type (TSV), or as JSON Lines with --json.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    int rc = NG_EXIT_USAGE;

    if (!ng_cli_parse(ctx, &argc, &argv))
        goto out;
    ng_cli_verbosity = quiet ? -1 : 0;
    if (!inputs || !inputs[0]) {
        ng_cli_error("tag: no INPUT given (see --help)");
        goto out;
    }
    t.config = ng_config_load(gazetteers);
    if (!t.config) {
        rc = NG_EXIT_CONFIG;
        goto out;
    }
    t.tagged = ng_tagged_new();
    t.json = json;
    t.tag_options = ng_config_tag_options(t.config, no_metonyms);
    NgReadStats stats = { 0 };
    gint64 t0 = g_get_monotonic_time();
    ng_read_inputs(inputs, g_strv_length(inputs), tag_document, on_warning,
                   &t, &stats, NULL);
    if (t.count) {
        double secs = (g_get_monotonic_time() - t0) / 1e6;
        guint64 total = 0;
        for (int i = 0; i < NG_N_TYPES; i++)
            total += t.by_type[i];
        printf("%" G_GUINT64_FORMAT " mentions (", total);
        for (int i = 0; i < NG_N_TYPES; i++)
            printf("%s%" G_GUINT64_FORMAT " %s", i ? ", " : "", t.by_type[i],
                   ng_entity_type_name((NgEntityType)i));
        printf(") in %" G_GUINT64_FORMAT " documents, %.1f MB in %.3f s, "
               "%.1f MB/s\n", stats.documents, stats.bytes / 1e6, secs,
               secs > 0 ? stats.bytes / 1e6 / secs : 0.0);
    }
    rc = stats.skipped ? NG_EXIT_WARNINGS : NG_EXIT_OK;
out:
    ng_tagged_free(t.tagged);
    ng_config_free(t.config);
    g_option_context_free(ctx);
    g_free(gazetteers);
    g_strfreev(inputs);
    return rc;
}
