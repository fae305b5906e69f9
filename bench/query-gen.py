#!/usr/bin/python3
"""query-gen.py - write a large synthetic negraph GraphML for bench/query-bench.

usage: query-gen.py OUT.graphml [NODES [EDGES]]   (default 100000 1000000)

Prints three node ids to ask about, one per line: the biggest hub, and two
nodes that are rarely picked as an end (for a path that is not trivial).

The file follows the GraphML contract of `negraph build` (keys v_*/e_*,
one directed <graph>, per-edge directed=/label=, is_directed, weight,
documents, evidence...). The output is deterministic (fixed seed): the same
arguments give the same bytes. Endpoints are drawn with a skew so that a
few entities are hubs, as in news, and every node gets at least one edge so
that paths exist. Written directly as text because building 1M edges with
a DOM or networkx would take longer than the benchmark itself.
"""
import random
import sys

RELATIONS = [  # (name, directed, share of edges)
    ("co-occurs", False, 0.88),
    ("meets", False, 0.05),
    ("sanctions", True, 0.04),
    ("exempts", True, 0.03),
]
TYPES = [("person", 0.5), ("organization", 0.3), ("country", 0.2)]
WORDS = ("north south east west new old grand royal united central first "
         "national global pacific atlantic baltic nordic iron silver red "
         "blue green stone river lake hill port bay field wood").split()
VERBS = ("met", "called", "criticised", "praised", "sanctioned", "visited",
         "warned", "joined", "exempted", "thanked")


def main():
    out = sys.argv[1]
    n_nodes = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    n_edges = int(sys.argv[3]) if len(sys.argv) > 3 else 1000000
    rng = random.Random(42)

    nodes = []  # (id, label, type)
    for i in range(n_nodes):
        r, acc, typ = rng.random(), 0.0, TYPES[-1][0]
        for name, share in TYPES:
            acc += share
            if r < acc:
                typ = name
                break
        w1, w2 = rng.choice(WORDS), rng.choice(WORDS)
        label = "%s %s %d" % (w1.capitalize(), w2.capitalize(), i)
        nodes.append(("%s.%s-%s-%d" % (typ, w1, w2, i), label, typ))
    # negraph writes nodes in id order and undirected edges with the
    # smaller id first; indices below refer to this sorted order.
    nodes.sort()

    def pick():
        # Squaring a uniform draw favours low indices: hubs.
        return int(n_nodes * rng.random() ** 2)

    edges = set()
    rel_cum = []
    acc = 0.0
    for k, (_, _, share) in enumerate(RELATIONS):
        acc += share
        rel_cum.append((acc, k))
    # One edge from every node first (a chain through a random order)
    # keeps the graph connected; then skewed random pairs.
    order = list(range(n_nodes))
    rng.shuffle(order)
    for a, b in zip(order, order[1:]):
        edges.add((0, min(a, b), max(a, b)))
    while len(edges) < n_edges:
        r = rng.random()
        k = next(k for c, k in rel_cum if r < c)
        s, t = pick(), rng.randrange(n_nodes)
        if s == t:
            continue
        if not RELATIONS[k][1] and s > t:
            s, t = t, s
        edges.add((k, s, t))
    edges = sorted(edges)

    w = open(out, "w", encoding="utf-8", buffering=1 << 20)
    w.write('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!-- synthetic graph written by bench/query-gen.py -->\n'
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
    for name, typ in (("label", "string"), ("type", "string"),
                      ("mentions", "int"), ("documents", "int"),
                      ("aliases", "string"), ("first_seen", "string"),
                      ("last_seen", "string")):
        w.write('  <key id="v_%s" for="node" attr.name="%s" attr.type="%s"/>\n'
                % (name, name, typ))
    for name, typ in (("label", "string"), ("relation", "string"),
                      ("is_directed", "boolean"), ("weight", "double"),
                      ("documents", "int"), ("evidence", "string"),
                      ("first_seen", "string"), ("last_seen", "string")):
        w.write('  <key id="e_%s" for="edge" attr.name="%s" attr.type="%s"/>\n'
                % (name, name, typ))
    w.write('  <graph id="G" edgedefault="directed">\n')
    buf = []
    for i, (nid, label, typ) in enumerate(nodes):
        m = 1 + int(200 * rng.random() ** 4)
        year = 1987 + i % 30
        buf.append(
            '    <node id="%s">\n'
            '      <data key="v_label">%s</data>\n'
            '      <data key="v_type">%s</data>\n'
            '      <data key="v_mentions">%d</data>\n'
            '      <data key="v_documents">%d</data>\n'
            '      <data key="v_aliases">%s | %s</data>\n'
            '      <data key="v_first_seen">%d-03-02</data>\n'
            '      <data key="v_last_seen">%d-11-30</data>\n'
            '    </node>\n'
            % (nid, label, typ, m, max(1, m // 2), label,
               label.split()[-2], year, year))
        if len(buf) >= 10000:
            w.write("".join(buf))
            buf = []
    for e, (k, s, t) in enumerate(edges):
        rel, directed, _ = RELATIONS[k]
        weight = 1 + int(20 * rng.random() ** 6)
        day = 1 + e % 28
        year = 1987 + e % 30
        buf.append(
            '    <edge id="e%d" source="%s" target="%s" directed="%s" '
            'label="%s">\n'
            '      <data key="e_label">%s</data>\n'
            '      <data key="e_relation">%s</data>\n'
            '      <data key="e_is_directed">%s</data>\n'
            '      <data key="e_weight">%d</data>\n'
            '      <data key="e_documents">%d</data>\n'
            '      <data key="e_evidence">[doc-%d] %s %s %s in talks on '
            'trade and security.</data>\n'
            '      <data key="e_first_seen">%d-04-%02d</data>\n'
            '      <data key="e_last_seen">%d-04-%02d</data>\n'
            '    </edge>\n'
            % (e, nodes[s][0], nodes[t][0], "true" if directed else "false",
               rel, rel, rel, "true" if directed else "false", weight,
               weight, e, nodes[s][1], VERBS[e % len(VERBS)], nodes[t][1],
               year, day, year, day))
        if len(buf) >= 10000:
            w.write("".join(buf))
            buf = []
    w.write("".join(buf))
    w.write('  </graph>\n</graphml>\n')
    w.close()
    print(nodes[0][0])
    print(nodes[-1][0])
    print(nodes[n_nodes // 2][0])


if __name__ == "__main__":
    main()
