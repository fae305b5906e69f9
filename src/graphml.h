/*
 * graphml.h - a streaming GraphML writer that Gephi, igraph and networkx
 * all read, and that validates against the GraphML 1.1 schema (with
 * Gephi's edge `label` attribute).
 *
 * Why not igraph_write_graph_graphml: it cannot give edges their own
 * `directed` attribute nor Gephi's edge type (`label`), and we want byte
 * control for deterministic output.
 *
 * Usage: begin -> key... -> graph_start -> (node_start, data..., node_end |
 * edge_start, data..., edge_end)... -> finish. Everything is written to a
 * temporary file beside `path`; finish() flushes, fsyncs and renames it
 * into place, abort() removes it. A failed write is remembered and
 * reported by finish(), so callers need not check every call.
 *
 * Writing to "-" goes to standard output (no temporary file, no rename).
 *
 * Values are cleaned before they are written: invalid UTF-8 is replaced
 * with U+FFFD, tab, CR and LF become spaces, other control characters
 * (C0, DEL, C1) and the non-characters U+FFFE/U+FFFF are removed, and the
 * result is XML-escaped (g_markup_escape_text). Numbers are written in the
 * C locale; doubles with "%.15g" (DBL_DIG digits: 0.1 stays "0.1", 3.0 is
 * "3"), subnormal ones, which igraph refuses, as 0.
 *
 * Errors, all remembered and returned by finish() (the first one wins):
 *  - NG_ERROR_IO: the temporary file could not be created (begin() fails
 *    at once), written, synced or renamed; the message names `path`;
 *  - NG_ERROR_USAGE: an id, key name or source/target that is not a
 *    GraphML name (ng_graphml_is_name), data for an undeclared key or of
 *    the wrong type, a NaN/infinite double, an int out of 32-bit range.
 * Calling the functions out of order is a programming error
 * (g_return_if_fail).
 */
#ifndef NG_GRAPHML_H
#define NG_GRAPHML_H

#include <glib.h>

typedef struct NgGraphmlWriter NgGraphmlWriter;

typedef enum {
    NG_GML_STRING,
    NG_GML_INT,
    NG_GML_LONG,
    NG_GML_FLOAT,
    NG_GML_DOUBLE,
    NG_GML_BOOLEAN,
} NgGraphmlType;

/* Open a temporary file beside `path` and write the XML declaration, the
 * optional comment (sanitised so it cannot close itself: "--" is broken
 * up) and the <graphml> start tag. */
NgGraphmlWriter *ng_graphml_begin(const char *path, const char *comment,
                                  GError **error);
/* Declare <key id="v_NAME"|"e_NAME" for="node"|"edge" attr.name=NAME
 * attr.type=...>. for_edge selects the prefix. Declaring a key twice is
 * an error. */
void ng_graphml_key(NgGraphmlWriter *w, gboolean for_edge, const char *name,
                    NgGraphmlType type);
/* Portable mode, for readers that refuse a graph mixing directed and
 * undirected edges (networkx 2.8 and 3.x: "directed=false edge found in
 * directed graph"): edges carry no directed= attribute and the graph's
 * edgedefault is "directed" or "undirected" as given, so direction lives
 * only in the edges' is_directed data. Gephi then draws every edge the
 * default way, which is why it is not the default. Call before
 * graph_start. */
void ng_graphml_set_portable(NgGraphmlWriter *w, gboolean edgedefault_directed);
/* <graph id="G" edgedefault="directed"> */
void ng_graphml_graph_start(NgGraphmlWriter *w);
void ng_graphml_node_start(NgGraphmlWriter *w, const char *id);
void ng_graphml_node_end(NgGraphmlWriter *w);
/* <edge id=ID source=S target=T directed="true|false" label=LABEL> */
void ng_graphml_edge_start(NgGraphmlWriter *w, const char *id,
                           const char *source, const char *target,
                           gboolean directed, const char *label);
void ng_graphml_edge_end(NgGraphmlWriter *w);
/* <data key="v_NAME"> or "e_NAME" inside the open node or edge. A string
 * that is NULL, empty or whitespace-only after cleaning is not written. */
void ng_graphml_data_string(NgGraphmlWriter *w, const char *name,
                            const char *value);
void ng_graphml_data_int(NgGraphmlWriter *w, const char *name, gint64 value);
void ng_graphml_data_double(NgGraphmlWriter *w, const char *name,
                            double value);
void ng_graphml_data_bool(NgGraphmlWriter *w, const char *name,
                          gboolean value);
/* Close the document, flush, fsync, rename over `path`. Frees w. */
gboolean ng_graphml_finish(NgGraphmlWriter *w, GError **error);
/* Remove the temporary file. Frees w. */
void ng_graphml_abort(NgGraphmlWriter *w);

/* Parts: a run of nodes or edges formatted apart - on another thread -
 * and written later in its place, so that a big graph is formatted on
 * several cores. A part begins and ends between elements (like w after
 * graph_start), takes node_start... edge_end and data calls like w, and
 * gathers its text in memory. It shares w's declared keys: declare them
 * all before making parts. part_append writes the part's text at w's
 * current place and frees the part; an error in the part becomes w's
 * (unless w failed first). */
NgGraphmlWriter *ng_graphml_part_new(const NgGraphmlWriter *w);
/* A writer without a file, only to declare keys on and make parts from
 * before the file can be begun (its own text goes nowhere); `path` names
 * the file the parts will be appended to, for messages. A part may be
 * appended to any writer that declared the same keys. Free it with
 * ng_graphml_abort once its parts are appended. */
NgGraphmlWriter *ng_graphml_detached(const char *path);
void ng_graphml_part_append(NgGraphmlWriter *w, NgGraphmlWriter *part);

/* Clean a value as described above; newly allocated, NOT escaped. */
char *ng_graphml_clean_text(const char *s);

/* TRUE if `s` can be a node/edge id or key name: non-empty, only ASCII
 * letters, digits and . - _ : (a subset of XML NMTOKEN, which the schema
 * requires). */
gboolean ng_graphml_is_name(const char *s);

#endif
