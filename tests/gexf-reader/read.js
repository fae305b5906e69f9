// Test helper for negraph's GEXF output (tests/gephi_checks.h): reads a
// GEXF file with graphology-gexf, a second GEXF reader independent of
// Gephi and networkx, and checks what it found.
//
//   node read.js FILE NODES EDGES KINDS
//
// KINDS is "co-occurs=3,meets=1": how many edges of each `kind`
// (relation) the file must hold. Exits 1 with a message on any mismatch.
//
// graphology-gexf keeps only the last <attributes> block of each class,
// and negraph writes two per class (dynamic, then static, as Gephi needs
// them apart), so the dynamic values would count as "undeclared":
// allowUndeclaredAttributes accepts them as strings.
'use strict';
const fs = require('fs');
const Graph = require('graphology');
const gexf = require('graphology-gexf');

const [file, nodes, edges, kinds] = process.argv.slice(2);
const graph = gexf.parse(Graph, fs.readFileSync(file, 'utf8'),
                         {allowUndeclaredAttributes: true});
const problems = [];
if (graph.order !== +nodes)
  problems.push(`${graph.order} nodes, expected ${nodes}`);
if (graph.size !== +edges)
  problems.push(`${graph.size} edges, expected ${edges}`);

const found = {};
graph.forEachEdge((edge, attr, source, target, sa, ta, undirected) => {
  found[attr.kind] = (found[attr.kind] || 0) + 1;
  // The relation's direction must survive: co-occurrence is undirected.
  if ((attr.kind === 'co-occurs') !== undirected)
    problems.push(`edge ${edge} (${attr.kind}) has the wrong direction`);
});
const want = {};
for (const item of (kinds || '').split(',').filter(Boolean)) {
  const [k, n] = item.split('=');
  want[k] = +n;
}
for (const k of new Set([...Object.keys(want), ...Object.keys(found)]))
  if ((found[k] || 0) !== (want[k] || 0))
    problems.push(`${found[k] || 0} edges of kind ${k}, expected ${want[k] || 0}`);

if (problems.length) {
  console.error(`${file}: ${problems.join('; ')}`);
  process.exit(1);
}
console.log(`${file}: ${graph.order} nodes, ${graph.size} edges (${graph.type}` +
            `${graph.multi ? ', multi' : ''}), kinds ${JSON.stringify(found)}`);
