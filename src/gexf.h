/*
 * gexf.h - the graph as GEXF 1.3 with time, for Gephi's timeline.
 *
 * What the file holds (docs/gephi.md shows how Gephi presents it):
 *  - <graph mode="dynamic" timeformat="date">, without defaultedgetype:
 *    every edge says type="directed" or type="undirected" itself, so a
 *    graph that mixes relations keeps both kinds (Gephi would otherwise
 *    turn all edges into the default);
 *  - a node has spells: the runs of consecutive buckets (timeline.h) in
 *    which dated documents mention it, each spell from the bucket's first
 *    day to the last day of the run's last bucket; an edge likewise from
 *    the documents that support it. A node or edge seen only in undated
 *    documents has no spell, which Gephi reads as "always there";
 *  - dynamic attributes `mentions` (nodes, integer) and `weight` (edges,
 *    double; Gephi's reserved name for a dynamic edge weight), one value
 *    per bucket; for an element without dated support one value with no
 *    interval (the total);
 *  - static node attributes: type, total_mentions, documents, aliases,
 *    first_seen, last_seen, the metrics of metrics.h (degree,
 *    weighted_degree, pagerank, betweenness, community) and the gazetteer
 *    attributes; static edge attributes: relation, total_weight,
 *    documents, evidence, rule, cameo, first_seen, last_seen;
 *  - edges: id eN (the GraphML order), kind = relation (Gephi's edge
 *    type, which keeps parallel relations apart), label = relation,
 *    weight = total weight;
 *  - viz:color, viz:size and viz:position from the metrics' appearance and
 *    layout, when computed;
 *  - the comment as <meta><description>.
 * The file validates against the GEXF 1.3 RELAX NG schema, is written
 * atomically (or to standard output for "-"), and identical inputs give a
 * byte-identical file.
 */
#ifndef NG_GEXF_H
#define NG_GEXF_H

#include <glib.h>
#include "graph.h"
#include "metrics.h"
#include "timeline.h"

/* `m` may be NULL (no metrics, no viz). Errors: NG_ERROR_IO (writing),
 * NG_ERROR_CONFIG (a gazetteer attribute named like a built-in one). */
gboolean ng_gexf_write(const NgGraph *g, const NgMetrics *m,
                       const NgTimeline *t, const char *path,
                       const char *comment, GError **error);

#endif
