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
#include "cmd_pipeline.h"
#include "commands.h"
#include "doc.h"
#include "ng.h"
#include "progress.h"
#include "runner.h"
#include "tagging.h"

/* The shared state: read by the workers, counts updated by `done` on the
 * submitting thread only. */
typedef struct {
    gboolean json;
    gboolean count;         /* --count: totals only */
    guint64 by_type[NG_N_TYPES];
} Tag;

/* What a worker makes of one document: its printed lines, or with
 * --count (lines NULL) its mentions by type. */
typedef struct {
    GString *lines;
    guint64 by_type[NG_N_TYPES];
} Tagged;

static void tagged_free(gpointer data)
{
    Tagged *o = data;
    if (o->lines)
        g_string_free(o->lines, TRUE);
    g_free(o);
}

/* TSV fields cannot hold tabs or line breaks. */
static void put_field(GString *out, const char *s)
{
    for (; *s; s++)
        g_string_append_c(out, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static void put_json(GString *out, const NgDoc *doc, const NgMention *m,
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
    g_string_append(out, text);
    g_string_append_c(out, '\n');
    g_free(text);
    json_node_unref(root);
    g_object_unref(b);
}

/* A worker's job (NgDocWork): tag the document, then print its mentions
 * into a buffer that `print_tagged` writes out in input order. */
static gpointer tag_document(const NgPipeline *p, const NgDoc *doc,
                             NgScratch *scratch, gpointer user)
{
    const Tag *t = user;
    NgTagged *tagged = scratch->tagged;
    Tagged *o = g_new0(Tagged, 1);
    if (!t->count)
        o->lines = g_string_new(NULL);
    ng_tag_document(p->matcher, p->gazetteer, &p->tag, doc, tagged);
    for (guint i = 0; i < tagged->mentions->len; i++) {
        const NgMention *m = &g_array_index(tagged->mentions, NgMention, i);
        const NgEntity *e = ng_tagged_entity(tagged, m->entity);
        if (t->count) {
            o->by_type[e->type]++;
            continue;
        }
        char *surface = ng_mention_surface(tagged, m);
        if (t->json) {
            put_json(o->lines, doc, m, surface, e);
        } else {
            put_field(o->lines, doc->id);
            g_string_append_printf(o->lines, "\t%u\t%u\t", m->start, m->end);
            put_field(o->lines, surface);
            g_string_append_c(o->lines, '\t');
            put_field(o->lines, e->name);
            g_string_append_printf(o->lines, "\t%s\n",
                                   ng_entity_type_name(e->type));
        }
        g_free(surface);
    }
    return o;
}

static gboolean print_tagged(NgJob *job, gpointer user, GError **error)
{
    Tag *t = user;
    const Tagged *o = job->output;
    if (o->lines)
        fwrite(o->lines->str, 1, o->lines->len, stdout);
    for (int i = 0; i < NG_N_TYPES; i++)
        t->by_type[i] += o->by_type[i];
    return TRUE;
}

static gboolean submit_document(const NgDoc *doc, gpointer user,
                                GError **error)
{
    return ng_runner_process(user, doc, NULL, error);
}

int cmd_tag(int argc, char **argv)
{
    Tag t = { 0 };
    NgCliRun run = { 0 };
    NgConfig *config = NULL;
    NgRunner *runner = NULL;
    char *gazetteers = NULL;
    gboolean no_metonyms = FALSE, no_cache = FALSE;
    char **inputs = NULL;
    GOptionEntry entries[] = {
        { "gazetteers", 0, 0, G_OPTION_ARG_FILENAME, &gazetteers,
          "gazetteer folder (default: gazetteers/ beside the binary or in $NEGRAPH_HOME)", "DIR" },
        { "json", 0, 0, G_OPTION_ARG_NONE, &t.json, "JSON Lines instead of TSV", NULL },
        { "count", 0, 0, G_OPTION_ARG_NONE, &t.count,
          "print only totals: mentions by type, documents, throughput", NULL },
        { "no-metonyms", 0, 0, G_OPTION_ARG_NONE, &no_metonyms,
          "do not read capitals (Washington, Moscow) as their governments", NULL },
        { "no-cache", 0, 0, G_OPTION_ARG_NONE, &no_cache, NG_CLI_NO_CACHE_HELP, NULL },
        { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *ctx = g_option_context_new("INPUT...");
    g_option_context_set_summary(ctx,
        "Print each entity mention as: document, start byte, end byte, surface\n"
        "form, canonical name, type (TSV), or as JSON Lines with --json.\n"
        "Documents are tagged on --jobs threads; the output is in input order.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_add_main_entries(ctx, ng_cli_run_entries(&run), NULL);
    int rc = NG_EXIT_USAGE;

    if (!ng_cli_parse(ctx, &argc, &argv))
        goto out;
    guint jobs = ng_cli_run_setup(&run, "tag");
    if (!jobs)
        goto out;
    if (!inputs || !inputs[0]) {
        ng_cli_error("tag: no INPUT given (see --help)");
        goto out;
    }
    config = ng_config_load_user(gazetteers, no_cache);
    if (!config) {
        rc = NG_EXIT_CONFIG;
        goto out;
    }
    NgPipeline pipeline = {
        .gazetteer = config->gazetteer, .matcher = config->matcher,
        .tag = ng_config_tag_options(config, no_metonyms),
    };
    runner = ng_runner_new(&pipeline, jobs, NG_ENCODE_NONE, print_tagged, &t,
                           NULL);
    ng_runner_set_work(runner, tag_document, tagged_free);
    NgReadStats stats = { 0 };
    gint64 t0 = g_get_monotonic_time();
    GError *error = NULL;
    if (!ng_read_inputs(inputs, g_strv_length(inputs), submit_document,
                        ng_cli_reader_warning, runner, &stats, &error) ||
        !ng_runner_finish(runner, &error)) {
        ng_cli_error("tag: %s", error->message);
        g_error_free(error);
        rc = NG_EXIT_OUTPUT;
        goto out;
    }
    if (t.count) {
        double secs = (g_get_monotonic_time() - t0) / 1e6;
        guint64 total = 0;
        for (int i = 0; i < NG_N_TYPES; i++)
            total += t.by_type[i];
        printf("%" G_GUINT64_FORMAT " mentions (", total);
        for (int i = 0; i < NG_N_TYPES; i++)
            printf("%s%" G_GUINT64_FORMAT " %s", i ? ", " : "", t.by_type[i],
                   ng_entity_type_name((NgEntityType)i));
        GString *rate = g_string_new(NULL);
        ng_progress_rate(rate, stats.bytes, secs);
        printf(") in %" G_GUINT64_FORMAT " documents, %.1f MB in %.3f s%s%s\n",
               stats.documents, stats.bytes / 1e6, secs, rate->len ? ", " : "",
               rate->str);
        g_string_free(rate, TRUE);
    }
    rc = stats.skipped ? NG_EXIT_WARNINGS : NG_EXIT_OK;
out:
    ng_runner_free(runner);
    ng_config_free(config);
    g_option_context_free(ctx);
    g_free(gazetteers);
    g_strfreev(inputs);
    return rc;
}
