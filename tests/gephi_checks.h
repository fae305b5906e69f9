/*
 * gephi_checks.h - outside readers for the Gephi-side tests
 * (test_metrics, test_gexf, test_render, e2e test_gephi): the schemas
 * with xmllint, networkx, and graphology (Node) for GEXF. Each returns
 * FALSE after g_test_skip when its tool or ../shared is missing, and
 * fails the test when the tool rejects the file.
 *
 * networkx 2.8 (Debian's) reads GEXF only up to 1.2draft: gc_networkx
 * hands it the file with the 1.3 namespaces renamed to 1.2draft's, which
 * differ in nothing negraph writes (edge `kind` is ignored by networkx).
 */
#ifndef NG_GEPHI_CHECKS_H
#define NG_GEPHI_CHECKS_H

#include <string.h>
#include <sys/wait.h>
#include <glib.h>

#include "testlib.h"

/* Run argv (argv[0] looked up in PATH) with extra environment variable
 * `env` ("NAME=value" or NULL); its output goes to the test log (and to
 * *out when out is not NULL). Returns the exit status. */
static inline int gc_run(char **argv, const char *env, char **out)
{
    GError *error = NULL;
    char **envp = g_get_environ();
    if (env) {
        char **kv = g_strsplit(env, "=", 2);
        envp = g_environ_setenv(envp, kv[0], kv[1], TRUE);
        g_strfreev(kv);
    }
    char *o = NULL, *e = NULL;
    int status = -1;
    g_spawn_sync(NULL, argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL, &o, &e,
                 &status, &error);
    g_assert_no_error(error);
    g_test_message("%s: %s%s", argv[0], o, e);
    if (out)
        *out = o;
    else
        g_free(o);
    g_free(e);
    g_strfreev(envp);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static inline gboolean gc_have(const char *program)
{
    char *p = g_find_program_in_path(program);
    g_free(p);
    return p != NULL;
}

/* GraphML against ../shared/data/graphml-schema (with Gephi's edge label). */
static inline gboolean gc_graphml_schema(const char *path)
{
    if (!tl_shared_dir() || !gc_have("xmllint")) {
        g_test_skip(tl_shared_dir() ? "no xmllint" : "no ../shared (schemas)");
        return FALSE;
    }
    char *dir = g_build_filename(tl_shared_dir(), "data", "graphml-schema", NULL);
    char *catalog = g_build_filename(dir, "catalog.xml", NULL);
    char *xsd = g_build_filename(dir, "graphml+gephi.xsd", NULL);
    char *env = g_strconcat("XML_CATALOG_FILES=", catalog, NULL);
    char *argv[] = { (char *)"xmllint", (char *)"--nonet", (char *)"--noout",
                     (char *)"--schema", xsd, (char *)path, NULL };
    g_assert_cmpint(gc_run(argv, env, NULL), ==, 0);
    g_free(env);
    g_free(xsd);
    g_free(catalog);
    g_free(dir);
    return TRUE;
}

/* GEXF against ../shared/data/gexf-schema/gexf.rng (GEXF 1.3). */
static inline gboolean gc_gexf_schema(const char *path)
{
    if (!tl_shared_dir() || !gc_have("xmllint")) {
        g_test_skip(tl_shared_dir() ? "no xmllint" : "no ../shared (schemas)");
        return FALSE;
    }
    char *rng = g_build_filename(tl_shared_dir(), "data", "gexf-schema",
                                 "gexf.rng", NULL);
    char *argv[] = { (char *)"xmllint", (char *)"--nonet", (char *)"--noout",
                     (char *)"--relaxng", rng, (char *)path, NULL };
    g_assert_cmpint(gc_run(argv, NULL, NULL), ==, 0);
    g_free(rng);
    return TRUE;
}

/* Run the Python `script` with networkx imported as nx and the file's
 * graph loaded as `g` (sys.argv[1] is the path). */
static inline gboolean gc_networkx(const char *path, const char *script)
{
    char *probe[] = { (char *)"/usr/bin/python3", (char *)"-c",
                      (char *)"import networkx", NULL };
    if (!g_file_test(probe[0], G_FILE_TEST_IS_EXECUTABLE) ||
        gc_run(probe, NULL, NULL) != 0) {
        g_test_skip("/usr/bin/python3 with networkx not available");
        return FALSE;
    }
    gboolean gexf = g_str_has_suffix(path, ".gexf");
    char *code = g_strconcat(
        "import io, sys, networkx as nx\n",
        gexf ? "data = open(sys.argv[1], 'rb').read()\n"
               "data = data.replace(b'http://gexf.net/1.3/viz', b'http://www.gexf.net/1.2draft/viz')\n"
               "data = data.replace(b'http://gexf.net/1.3', b'http://www.gexf.net/1.2draft')\n"
               "data = data.replace(b'version=\"1.3\"', b'version=\"1.2\"')\n"
               "g = nx.read_gexf(io.BytesIO(data))\n"
             : "g = nx.read_graphml(sys.argv[1])\n",
        script, NULL);
    char *argv[] = { (char *)"/usr/bin/python3", (char *)"-c", code,
                     (char *)path, NULL };
    g_assert_cmpint(gc_run(argv, NULL, NULL), ==, 0);
    g_free(code);
    return TRUE;
}

/* Load a GEXF file with graphology-gexf (tests/gexf-reader, installed
 * with npm on first use) and check the node and edge counts and the
 * number of edges of each kind: `kinds` is "co-occurs=3,meets=1". */
static inline gboolean gc_graphology(const char *path, guint nodes,
                                     guint edges, const char *kinds)
{
    if (!gc_have("node") || !gc_have("npm")) {
        g_test_skip("node or npm not available");
        return FALSE;
    }
    char *dir = tl_src_path("tests/gexf-reader");
    char *modules = g_build_filename(dir, "node_modules", "graphology-gexf", NULL);
    if (!g_file_test(modules, G_FILE_TEST_IS_DIR)) {
        char *argv[] = { (char *)"npm", (char *)"install", (char *)"--prefix",
                         dir, (char *)"--no-audit", (char *)"--no-fund",
                         (char *)"--silent", NULL };
        if (gc_run(argv, NULL, NULL) != 0 ||
            !g_file_test(modules, G_FILE_TEST_IS_DIR)) {
            g_test_skip("npm install of graphology failed (offline?)");
            g_free(modules);
            g_free(dir);
            return FALSE;
        }
    }
    char *script = g_build_filename(dir, "read.js", NULL);
    char *n = g_strdup_printf("%u", nodes), *e = g_strdup_printf("%u", edges);
    char *argv[] = { (char *)"node", script, (char *)path, n, e,
                     (char *)kinds, NULL };
    g_assert_cmpint(gc_run(argv, NULL, NULL), ==, 0);
    g_free(n);
    g_free(e);
    g_free(script);
    g_free(modules);
    g_free(dir);
    return TRUE;
}

#endif
