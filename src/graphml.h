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
 * Values are cleaned before they are written: invalid UTF-8 is replaced,
 * control characters other than tab/newline are removed, the result is
 * XML-escaped (g_markup_escape_text). Doubles are written in the C locale
 * with "%.17g"-style round-trip precision trimmed ("%.10g"), never NaN/Inf.
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
 * attr.type=...>. for_edge selects the prefix. */
void ng_graphml_key(NgGraphmlWriter *w, gboolean for_edge, const char *name,
                    NgGraphmlType type);
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

/* Clean a value as described above; newly allocated, NOT escaped. */
char *ng_graphml_clean_text(const char *s);

#endif
