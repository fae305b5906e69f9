/*
 * query.h - the core of `negraph query`: a GraphML file written by negraph
 * build, loaded into memory with igraph, and the questions an analyst asks
 * of it (stats, nodes, neighbors, edges, path, communities, ego).
 *
 * Every question returns an NgQueryResult: the answer as a table (rows of
 * typed cells, see query_table.h) and the selection of nodes and edges it
 * covers, which ng_query_write_subgraph() writes as GraphML following the
 * same contract as the input. Nothing here prints; names that do not
 * resolve are reported as messages for the caller to show.
 *
 * Direction: igraph reads every edge as directed (it ignores GraphML's
 * per-edge `directed`), so the direction of each edge is taken from its
 * `is_directed` attribute. An undirected edge can be walked both ways; a
 * directed one along (out) or against (in) its direction.
 *
 * Determinism: every list is sorted with ties broken by node id (and then
 * relation), and igraph's random number generator is seeded before the
 * randomised algorithms, so the same graph and question give the same
 * answer.
 *
 * igraph's state is global: the first load sets, for the whole process,
 * the C attribute table and error and warning handlers that return
 * instead of aborting (igraph's default handler calls abort()).
 */
#ifndef NG_QUERY_H
#define NG_QUERY_H

#include <glib.h>
#include <igraph.h>

#include "query_table.h"

typedef struct NgQuery NgQuery;

/* Load a GraphML file written by negraph build. Errors (NG_ERROR):
 *  - NG_ERROR_IO: the file cannot be opened or read;
 *  - NG_ERROR_FORMAT: it is not GraphML, is truncated or otherwise
 *    malformed, or lacks the attributes of the contract ("FILE: not a
 *    negraph graph (missing node attribute 'type')").
 * The messages start with the file name. */
NgQuery *ng_query_load(const char *path, GError **error);
/* The same, through the graph's binary snapshot (query_snapshot.h): read
 * it when there is a sound one made from the file as it is now, else load
 * the GraphML and write one, beside the file or in
 * $XDG_CACHE_HOME/negraph/. Failing to write it is not an error. The
 * graph and every answer are the same either way. */
NgQuery *ng_query_load_cached(const char *path, GError **error);
/* Whether q came from a snapshot rather than from the GraphML. */
gboolean ng_query_from_snapshot(const NgQuery *q);
void ng_query_free(NgQuery *q);

igraph_integer_t ng_query_n_nodes(const NgQuery *q);
igraph_integer_t ng_query_n_edges(const NgQuery *q);
/* Attributes every node and edge has (never NULL; "" when absent). */
const char *ng_query_node_id(const NgQuery *q, igraph_integer_t v);
const char *ng_query_node_label(const NgQuery *q, igraph_integer_t v);
const char *ng_query_node_type(const NgQuery *q, igraph_integer_t v);
const char *ng_query_edge_relation(const NgQuery *q, igraph_integer_t e);

/* ---- names ---- */

/* Find the entity called `name`: its id, canonical name (label) or one of
 * its aliases, compared case-insensitively and ignoring dots ("u.s." is
 * "US"). An id match wins over a label match, which wins over an alias
 * match. Returns the node, or -1 with *message set (newly allocated) to
 *   no entity named "X"; did you mean: A (id), B (id)?
 * (the closest few names, if any are close) or to
 *   "X" is ambiguous: A (id), B (id); give the id
 * when several entities share the name. */
igraph_integer_t ng_query_resolve(const NgQuery *q, const char *name,
                                  char **message);

/* ---- filters ---- */

typedef enum {
    NG_QUERY_DIR_ANY,   /* follow every edge both ways */
    NG_QUERY_DIR_OUT,   /* directed edges only from source to target */
    NG_QUERY_DIR_IN,    /* directed edges only from target to source */
} NgQueryDirection;

/* Which edges a walk may use. Undirected edges pass any direction. */
typedef struct {
    gboolean *relations;        /* indexed by relation number; NULL: all */
    NgQueryDirection direction;
    double min_weight;          /* edges lighter than this are ignored */
} NgQueryFilter;

/* Restrict f to the relations named in `names` (each may be a
 * comma-separated list; NULL or empty: all relations). A relation the
 * graph does not have gives FALSE and *message ("no relation 'X' in the
 * graph; it has: co-occurs, meets"). */
gboolean ng_query_filter_relations(const NgQuery *q, NgQueryFilter *f,
                                   char **names, char **message);
void ng_query_filter_clear(NgQueryFilter *f);

/* Parse "out" | "in" | "any" (also "both"). */
gboolean ng_query_direction_parse(const char *s, NgQueryDirection *out);

/* ---- questions ---- */

typedef struct {
    NgQueryTable *table;
    /* The nodes and edges the answer covers, for --subgraph (elements
     * igraph_integer_t; may repeat; edges' ends are implied). */
    GArray *nodes;
    GArray *edges;
    /* A remark for the user when the table is empty ("no path between A
     * and B"), or NULL. */
    char *note;
} NgQueryResult;

void ng_query_result_free(NgQueryResult *r);

/* stats: counts by type and relation, components, density, date range.
 * A two-column (measure, value) table. */
NgQueryResult *ng_query_stats(NgQuery *q, GError **error);

typedef enum {
    NG_QUERY_BY_MENTIONS,
    NG_QUERY_BY_DOCUMENTS,
    NG_QUERY_BY_DEGREE,           /* number of links */
    NG_QUERY_BY_WEIGHTED_DEGREE,  /* sum of link weights */
    NG_QUERY_BY_PAGERANK,         /* weighted; undirected links both ways */
    NG_QUERY_BY_BETWEENNESS,      /* unweighted, over distinct linked pairs */
    NG_QUERY_BY_NAME,             /* label, ascending */
} NgQueryRankBy;

gboolean ng_query_rank_by_parse(const char *s, NgQueryRankBy *out);

typedef struct {
    char **types;        /* keep these types (NULL: all) */
    const char *name;    /* glob (* ?) or substring of label, alias or id */
    NgQueryRankBy by;
    guint top;           /* 0: all */
    NgQueryFilter filter;   /* the links degree and centrality count */
} NgQueryNodesOpts;

NgQueryResult *ng_query_nodes(NgQuery *q, const NgQueryNodesOpts *o,
                              GError **error);

typedef struct {
    igraph_integer_t node;
    guint depth;         /* >= 1 */
    NgQueryFilter filter;
    guint top;           /* 0: all rows */
    gboolean evidence;
} NgQueryNeighborsOpts;

NgQueryResult *ng_query_neighbors(NgQuery *q, const NgQueryNeighborsOpts *o,
                                  GError **error);

typedef struct {
    NgQueryFilter filter;        /* relations and minimum weight */
    igraph_integer_t source;     /* -1: any */
    igraph_integer_t target;     /* -1: any */
    char **source_types;         /* NULL: any */
    char **target_types;
    const char *since;           /* ISO date prefix, or NULL */
    const char *until;
    guint top;
    gboolean evidence;
} NgQueryEdgesOpts;

/* A date bound for --since/--until: YYYY, YYYY-MM or YYYY-MM-DD. */
gboolean ng_query_date_valid(const char *s);

NgQueryResult *ng_query_edges(NgQuery *q, const NgQueryEdgesOpts *o,
                              GError **error);

typedef struct {
    igraph_integer_t from;
    igraph_integer_t to;
    NgQueryFilter filter;   /* direction ANY, or OUT to respect direction */
    guint max_paths;        /* >= 1 */
} NgQueryPathOpts;

NgQueryResult *ng_query_path(NgQuery *q, const NgQueryPathOpts *o,
                             GError **error);

typedef struct {
    NgQueryFilter filter;   /* relations and minimum weight */
    gboolean leiden;        /* Leiden (modularity) instead of Louvain;
                               the command line's default */
    double resolution;      /* 1.0: plain modularity */
    guint min_size;         /* smaller groups are not listed */
    guint top;              /* 0: all groups */
    guint members;          /* members listed per group; 0: all */
} NgQueryCommunitiesOpts;

NgQueryResult *ng_query_communities(NgQuery *q,
                                    const NgQueryCommunitiesOpts *o,
                                    GError **error);

typedef struct {
    igraph_integer_t node;
    guint depth;
    NgQueryFilter filter;
} NgQueryEgoOpts;

/* The entities within `depth` links of `node`; the selection holds them
 * and every link among them that the filter's relations allow. */
NgQueryResult *ng_query_ego(NgQuery *q, const NgQueryEgoOpts *o,
                            GError **error);

/* ---- output ---- */

/* Write the nodes and edges of `r` (and the ends of its edges) as GraphML
 * with every attribute the input declared, of the same types, to `path`
 * ("-": standard output). Errors: NG_ERROR_IO, NG_ERROR_USAGE (see
 * graphml.h). */
gboolean ng_query_write_subgraph(const NgQuery *q, const NgQueryResult *r,
                                 const char *path, GError **error);

#endif
