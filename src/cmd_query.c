/*
 * cmd_query.c - `negraph query GRAPH VERB ...`: options, names, printing.
 * The answers come from the query core (query.h).
 *
 * Exit codes: 0 an answer, 1 an empty answer, an unknown or ambiguous
 * name or an unknown relation, 2 usage, 4 the subgraph could not be
 * written, 5 the graph could not be read.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "gazetteer.h"
#include "ng.h"
#include "query.h"

/* Every verb's options live here; GOption fills them. */
static struct {
    char *format;
    gboolean jsonl;
    char *subgraph;
    gboolean verbose;
    gboolean no_cache;
    char **relation;
    char *direction;
    double min_weight;
    int depth;
    int top;
    gboolean evidence;
    char **type;
    char *name;
    char *by;
    char *source, *target;
    char **source_type, **target_type;
    char *since, *until;
    gboolean directed;
    char *algorithm;
    double resolution;
    int min_size;
    int members;
    /* Checked and converted by parse_options. */
    char **types, **source_types, **target_types;
    NgQueryRankBy rank_by;
    NgQueryDirection dir;
    gboolean leiden;
} opt;

#define OPT_RELATION { "relation", 'r', 0, G_OPTION_ARG_STRING_ARRAY, \
    &opt.relation, "only links of relation R (repeat or separate with ,)", \
    "R" }
#define OPT_MIN_WEIGHT { "min-weight", 'w', 0, G_OPTION_ARG_DOUBLE, \
    &opt.min_weight, "only links of at least weight W", "W" }
#define OPT_DIRECTION { "direction", 0, 0, G_OPTION_ARG_STRING, \
    &opt.direction, "follow directed links out, in or any (the default); " \
    "undirected links always count", "DIR" }
#define OPT_DEPTH(what) { "depth", 'd', 0, G_OPTION_ARG_INT, &opt.depth, \
    what " (default 1)", "K" }
#define OPT_TOP(what) { "top", 'n', 0, G_OPTION_ARG_INT, &opt.top, what, "N" }
#define OPT_EVIDENCE { "evidence", 'e', 0, G_OPTION_ARG_NONE, \
    &opt.evidence, "show the evidence sentences", NULL }
#define OPT_END { NULL, 0, 0, 0, NULL, NULL, NULL }

static const GOptionEntry common_entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt.format,
      "table, tsv, csv, json or jsonl (default: table on a terminal, tsv "
      "otherwise)", "FORMAT" },
    { "jsonl", 0, 0, G_OPTION_ARG_NONE, &opt.jsonl,
      "JSON Lines: one object per line (same as --format jsonl)", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt.verbose,
      "report load and query times on stderr", NULL },
    { "no-cache", 0, 0, G_OPTION_ARG_NONE, &opt.no_cache,
      "read the GraphML even if it has a snapshot (GRAPH.ngq), and write "
      "none", NULL },
    OPT_END
};

static const GOptionEntry subgraph_entries[] = {
    { "subgraph", 'o', 0, G_OPTION_ARG_FILENAME, &opt.subgraph,
      "also write the nodes and links of the answer as GraphML to FILE "
      "(- for standard output)", "FILE" },
    OPT_END
};

static const GOptionEntry nodes_entries[] = {
    { "type", 't', 0, G_OPTION_ARG_STRING_ARRAY, &opt.type,
      "only entities of type T: person, country, organization", "T" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &opt.name,
      "only names (label, alias or id) containing P, or matching P if it "
      "has * or ?; case and dots ignored", "P" },
    { "by", 'b', 0, G_OPTION_ARG_STRING, &opt.by,
      "sort by mentions (default), documents, degree, weighted-degree, "
      "pagerank, betweenness or name", "KEY" },
    OPT_TOP("list the first N only"),
    OPT_RELATION,
    OPT_MIN_WEIGHT,
    OPT_END
};

static const GOptionEntry neighbors_entries[] = {
    OPT_RELATION,
    OPT_DIRECTION,
    OPT_DEPTH("go K links out"),
    OPT_MIN_WEIGHT,
    OPT_TOP("list the first N links only"),
    OPT_EVIDENCE,
    OPT_END
};

static const GOptionEntry edges_entries[] = {
    OPT_RELATION,
    { "source", 's', 0, G_OPTION_ARG_STRING, &opt.source,
      "links from entity NAME (either end of an undirected link)", "NAME" },
    { "target", 0, 0, G_OPTION_ARG_STRING, &opt.target,
      "links to entity NAME", "NAME" },
    { "source-type", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt.source_type,
      "links from entities of type T", "T" },
    { "target-type", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt.target_type,
      "links to entities of type T", "T" },
    OPT_MIN_WEIGHT,
    { "since", 0, 0, G_OPTION_ARG_STRING, &opt.since,
      "links last seen on or after DATE (YYYY[-MM[-DD]])", "DATE" },
    { "until", 0, 0, G_OPTION_ARG_STRING, &opt.until,
      "links first seen on or before DATE", "DATE" },
    OPT_TOP("list the N heaviest only"),
    OPT_EVIDENCE,
    OPT_END
};

static const GOptionEntry path_entries[] = {
    OPT_RELATION,
    { "directed", 0, 0, G_OPTION_ARG_NONE, &opt.directed,
      "follow directed links only from source to target", NULL },
    OPT_MIN_WEIGHT,
    OPT_TOP("list up to N shortest paths (default 10)"),
    OPT_END
};

static const GOptionEntry communities_entries[] = {
    OPT_RELATION,
    OPT_MIN_WEIGHT,
    { "algorithm", 'a', 0, G_OPTION_ARG_STRING, &opt.algorithm,
      "leiden (default) or louvain", "A" },
    { "resolution", 0, 0, G_OPTION_ARG_DOUBLE, &opt.resolution,
      "higher gives smaller groups (default 1)", "R" },
    { "min-size", 0, 0, G_OPTION_ARG_INT, &opt.min_size,
      "list groups of at least N entities (default 2)", "N" },
    { "members", 'm', 0, G_OPTION_ARG_INT, &opt.members,
      "show the N strongest members of each group (default 10; 0: all)",
      "N" },
    OPT_TOP("list the N largest groups only"),
    OPT_END
};

static const GOptionEntry ego_entries[] = {
    OPT_DEPTH("take entities up to K links away"),
    OPT_RELATION,
    OPT_DIRECTION,
    OPT_MIN_WEIGHT,
    OPT_END
};

/* ---- checking options ---- */

static gboolean usage_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static gboolean usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    ng_cli_error("%s (see --help)", msg);
    g_free(msg);
    return FALSE;
}

/* "a,b" "c" -> {a, b, c}; NULL when empty. Checks entity types. */
static gboolean split_types(char **in, char ***out)
{
    GPtrArray *all = g_ptr_array_new_with_free_func(g_free);
    gboolean ok = TRUE;
    for (char **s = in; ok && s && *s; s++) {
        char **parts = g_strsplit(*s, ",", -1);
        for (char **p = parts; ok && *p; p++) {
            NgEntityType t;
            const char *name = g_strstrip(*p);
            if (!*name)
                continue;
            ok = ng_entity_type_parse(name, &t) ||
                 usage_error("unknown type '%s' (person, country or "
                             "organization)", name);
            g_ptr_array_add(all, g_strdup(name));
        }
        g_strfreev(parts);
    }
    if (all->len == 0 || !ok) {
        g_ptr_array_free(all, TRUE);
        *out = NULL;
        return ok;
    }
    g_ptr_array_add(all, NULL);
    *out = (char **)g_ptr_array_free(all, FALSE);
    return TRUE;
}

/* The filter from --relation, --direction, --min-weight. Relation names
 * are checked against the graph: exit code 1 when unknown. */
static int make_filter(const NgQuery *q, NgQueryFilter *f)
{
    char *message = NULL;
    if (!ng_query_filter_relations(q, f, opt.relation, &message)) {
        ng_cli_error("%s", message);
        g_free(message);
        return NG_EXIT_WARNINGS;
    }
    f->min_weight = opt.min_weight;
    f->direction = opt.dir;
    return NG_EXIT_OK;
}

static gboolean resolve(const NgQuery *q, const char *name,
                        igraph_integer_t *v)
{
    char *message = NULL;
    *v = ng_query_resolve(q, name, &message);
    if (*v >= 0)
        return TRUE;
    ng_cli_error("%s", message);
    g_free(message);
    return FALSE;
}

/* ---- the verbs ---- */

/* Each runs one question. Returns NULL with *error set, or after saying
 * that a name is unknown or ambiguous. */
typedef NgQueryResult *(*RunFn)(NgQuery *q, char **args, NgQueryFilter *f,
                                GError **error);

static NgQueryResult *run_stats(NgQuery *q, char **args, NgQueryFilter *f,
                                GError **error)
{
    return ng_query_stats(q, error);
}

static NgQueryResult *run_nodes(NgQuery *q, char **args, NgQueryFilter *f,
                                GError **error)
{
    NgQueryNodesOpts o = { .types = opt.types, .name = opt.name,
                           .by = opt.rank_by, .filter = *f,
                           .top = (guint)opt.top };
    return ng_query_nodes(q, &o, error);
}

static NgQueryResult *run_neighbors(NgQuery *q, char **args,
                                    NgQueryFilter *f, GError **error)
{
    NgQueryNeighborsOpts o = { .depth = (guint)opt.depth, .filter = *f,
                               .top = (guint)opt.top,
                               .evidence = opt.evidence };
    if (!resolve(q, args[0], &o.node))
        return NULL;
    return ng_query_neighbors(q, &o, error);
}

static NgQueryResult *run_edges(NgQuery *q, char **args, NgQueryFilter *f,
                                GError **error)
{
    NgQueryEdgesOpts o = { .filter = *f, .source = -1, .target = -1,
                           .source_types = opt.source_types,
                           .target_types = opt.target_types,
                           .since = opt.since, .until = opt.until,
                           .top = (guint)opt.top, .evidence = opt.evidence };
    if ((opt.source && !resolve(q, opt.source, &o.source)) ||
        (opt.target && !resolve(q, opt.target, &o.target)))
        return NULL;
    return ng_query_edges(q, &o, error);
}

static NgQueryResult *run_path(NgQuery *q, char **args, NgQueryFilter *f,
                               GError **error)
{
    NgQueryPathOpts o = { .filter = *f,
                          .max_paths = opt.top > 0 ? (guint)opt.top : 10 };
    o.filter.direction = opt.directed ? NG_QUERY_DIR_OUT : NG_QUERY_DIR_ANY;
    if (!resolve(q, args[0], &o.from) || !resolve(q, args[1], &o.to))
        return NULL;
    return ng_query_path(q, &o, error);
}

static NgQueryResult *run_communities(NgQuery *q, char **args,
                                      NgQueryFilter *f, GError **error)
{
    NgQueryCommunitiesOpts o = { .filter = *f, .leiden = opt.leiden,
                                 .resolution = opt.resolution,
                                 .min_size = (guint)opt.min_size,
                                 .top = (guint)opt.top,
                                 .members = (guint)opt.members };
    return ng_query_communities(q, &o, error);
}

static NgQueryResult *run_ego(NgQuery *q, char **args, NgQueryFilter *f,
                              GError **error)
{
    NgQueryEgoOpts o = { .depth = (guint)opt.depth, .filter = *f };
    if (!resolve(q, args[0], &o.node))
        return NULL;
    return ng_query_ego(q, &o, error);
}

typedef struct {
    const char *name;
    const char *params;        /* positional arguments */
    guint n_args;
    const char *summary;
    const GOptionEntry *entries;
    RunFn run;
} Verb;

static const Verb verbs[] = {
    { "stats", "", 0, "nodes and links by type and relation, components, "
      "density, dates", NULL, run_stats },
    { "nodes", "", 0, "list entities: --type, --name, --top N --by KEY",
      nodes_entries, run_nodes },
    { "neighbors", "NAME", 1, "an entity's links: --relation, --direction, "
      "--depth", neighbors_entries, run_neighbors },
    { "edges", "", 0, "list links: --relation, --source, --target, "
      "--min-weight, --since, --until", edges_entries, run_edges },
    { "path", "A B", 2, "shortest paths between two entities, hop by hop",
      path_entries, run_path },
    { "communities", "", 0, "groups of entities (Leiden or Louvain), "
      "largest first", communities_entries, run_communities },
    { "ego", "NAME", 1, "the entities within --depth links; -o FILE writes "
      "them as GraphML", ego_entries, run_ego },
};

static const char exit_codes[] =
    "Exit codes: 0 an answer, 1 no answer (empty, or an unknown name or "
    "relation),\n2 usage, 4 the subgraph could not be written, 5 the graph "
    "could not be read.";

static void usage(FILE *to)
{
    fprintf(to, "usage: negraph query GRAPH VERB [ARGUMENTS] [OPTIONS]\n\n"
                "Answer questions about a GraphML file written by negraph "
                "build.\n\nverbs:\n");
    for (guint i = 0; i < G_N_ELEMENTS(verbs); i++) {
        char *head = g_strdup_printf("%s %s", verbs[i].name, verbs[i].params);
        fprintf(to, "  %-16s %s\n", head, verbs[i].summary);
        g_free(head);
    }
    fprintf(to, "\nNAME is an entity's name, alias or id (case and dots "
                "ignored).\n'negraph query GRAPH VERB --help' lists a "
                "verb's options.\n\nThe first query of a graph saves a "
                "binary snapshot of it beside the file\n(GRAPH.ngq, else in "
                "~/.cache/negraph/), which later queries load many times\n"
                "faster until the GraphML changes; --no-cache skips it.\n\n"
                "%s\n", exit_codes);
}

/* ---- running ---- */

static void free_options(void)
{
    g_free(opt.format);
    g_free(opt.subgraph);
    g_strfreev(opt.relation);
    g_free(opt.direction);
    g_strfreev(opt.type);
    g_free(opt.name);
    g_free(opt.by);
    g_free(opt.source);
    g_free(opt.target);
    g_strfreev(opt.source_type);
    g_strfreev(opt.target_type);
    g_free(opt.since);
    g_free(opt.until);
    g_free(opt.algorithm);
    g_strfreev(opt.types);
    g_strfreev(opt.source_types);
    g_strfreev(opt.target_types);
    memset(&opt, 0, sizeof opt);
}

/* Parse the verb's options (argv[0] is the verb); FALSE on a usage
 * error, after saying why. */
static gboolean parse_options(const Verb *verb, int *argc, char ***argv,
                              NgQueryFormat *format)
{
    memset(&opt, 0, sizeof opt);
    opt.depth = 1;
    opt.resolution = 1.0;
    opt.min_size = 2;
    opt.members = 10;

    /* GOption names the program after argv[0], which is the verb here. */
    g_set_prgname("negraph query");
    char *params = g_strdup_printf("GRAPH %s %s", verb->name, verb->params);
    GOptionContext *ctx = g_option_context_new(params);
    g_free(params);
    g_option_context_set_summary(ctx, verb->summary);
    g_option_context_set_description(ctx, exit_codes);
    if (verb->entries)
        g_option_context_add_main_entries(ctx, verb->entries, NULL);
    if (verb->run != run_stats)
        g_option_context_add_main_entries(ctx, subgraph_entries, NULL);
    g_option_context_add_main_entries(ctx, common_entries, NULL);
    gboolean ok = ng_cli_parse(ctx, argc, argv);
    g_option_context_free(ctx);
    if (!ok)
        return FALSE;

    if (*argc - 1 != (int)verb->n_args)
        return usage_error("usage: negraph query GRAPH %s %s", verb->name,
                           verb->params);
    *format = isatty(STDOUT_FILENO) ? NG_FORMAT_TABLE : NG_FORMAT_TSV;
    if (opt.format && !ng_query_format_parse(opt.format, format))
        return usage_error("--format: '%s' is not table, tsv, csv, json "
                           "or jsonl", opt.format);
    if (opt.jsonl)
        *format = NG_FORMAT_JSONL;
    if (opt.depth < 1)
        return usage_error("--depth must be 1 or more");
    if (opt.top < 0)
        return usage_error("--top must be 0 or more");
    if (opt.min_size < 0 || opt.members < 0)
        return usage_error("--min-size and --members must be 0 or more");
    if ((opt.since && !ng_query_date_valid(opt.since)) ||
        (opt.until && !ng_query_date_valid(opt.until)))
        return usage_error("dates are YYYY, YYYY-MM or YYYY-MM-DD");
    if (opt.by && !ng_query_rank_by_parse(opt.by, &opt.rank_by))
        return usage_error("--by: unknown key '%s'", opt.by);
    if (opt.direction && !ng_query_direction_parse(opt.direction, &opt.dir))
        return usage_error("--direction: '%s' is not out, in or any",
                           opt.direction);
    /* Leiden unless told otherwise: the build's `community` attribute is
     * Leiden's too, and its groups are always connected. */
    opt.leiden = !opt.algorithm || !g_ascii_strcasecmp(opt.algorithm, "leiden");
    if (!opt.leiden && g_ascii_strcasecmp(opt.algorithm, "louvain"))
        return usage_error("--algorithm: '%s' is not leiden or louvain",
                           opt.algorithm);
    return split_types(opt.type, &opt.types) &&
           split_types(opt.source_type, &opt.source_types) &&
           split_types(opt.target_type, &opt.target_types);
}

static int answer(const Verb *verb, NgQuery *q, char **args,
                  NgQueryFormat format)
{
    NgQueryFilter f = { 0 };
    int rc = make_filter(q, &f);
    if (rc != NG_EXIT_OK)
        return rc;

    gint64 t0 = g_get_monotonic_time();
    GError *error = NULL;
    NgQueryResult *r = verb->run(q, args, &f, &error);
    ng_query_filter_clear(&f);
    if (!r) {
        /* An unknown name (already reported) or an algorithm that failed:
         * no answer either way. */
        if (error)
            ng_cli_error("%s", error->message);
        g_clear_error(&error);
        return NG_EXIT_WARNINGS;
    }
    ng_cli_info("answered in %.3f s",
                (g_get_monotonic_time() - t0) / 1e6);

    GString *out = g_string_new(NULL);
    ng_query_table_format(r->table, format, out);
    fwrite(out->str, 1, out->len, stdout);
    fflush(stdout);
    g_string_free(out, TRUE);
    guint rows = ng_query_table_n_rows(r->table);
    if (rows == 0 && r->note)
        ng_cli_error("%s", r->note);
    rc = rows ? NG_EXIT_OK : NG_EXIT_WARNINGS;
    if (opt.subgraph) {
        if (ng_query_write_subgraph(q, r, opt.subgraph, &error)) {
            ng_cli_info("wrote the subgraph to %s", opt.subgraph);
        } else {
            ng_cli_error("%s", error->message);
            g_clear_error(&error);
            rc = NG_EXIT_OUTPUT;
        }
    }
    ng_query_result_free(r);
    return rc;
}

int cmd_query(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return NG_EXIT_OK;
    }
    if (argc < 3 || argv[2][0] == '-') {
        if (argc >= 3 && (!strcmp(argv[2], "--help") ||
                          !strcmp(argv[2], "-h"))) {
            usage(stdout);
            return NG_EXIT_OK;
        }
        usage(stderr);
        return NG_EXIT_USAGE;
    }
    const char *graph = argv[1];
    const Verb *verb = NULL;
    for (guint i = 0; i < G_N_ELEMENTS(verbs); i++)
        if (!strcmp(argv[2], verbs[i].name))
            verb = &verbs[i];
    if (!verb) {
        ng_cli_error("query: unknown verb '%s'", argv[2]);
        usage(stderr);
        return NG_EXIT_USAGE;
    }

    int vargc = argc - 2;
    char **vargv = argv + 2;
    NgQueryFormat format;
    int rc = NG_EXIT_USAGE;
    if (parse_options(verb, &vargc, &vargv, &format)) {
        ng_cli_verbosity = opt.verbose ? 1 : 0;
        gint64 t0 = g_get_monotonic_time();
        GError *error = NULL;
        NgQuery *q = opt.no_cache ? ng_query_load(graph, &error)
                                  : ng_query_load_cached(graph, &error);
        if (!q) {
            ng_cli_error("%s", error->message);
            g_error_free(error);
            rc = NG_EXIT_INPUT;
        } else {
            ng_cli_info("loaded %" G_GINT64_FORMAT " nodes and %"
                        G_GINT64_FORMAT " links in %.3f s (from %s)",
                        (gint64)ng_query_n_nodes(q),
                        (gint64)ng_query_n_edges(q),
                        (g_get_monotonic_time() - t0) / 1e6,
                        ng_query_from_snapshot(q) ? "its snapshot"
                                                  : "the GraphML");
            rc = answer(verb, q, vargv + 1, format);
            ng_query_free(q);
        }
    }
    free_options();
    return rc;
}
