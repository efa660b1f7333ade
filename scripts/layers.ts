import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildImportGraph, layerGraph, readSources, type ImportGraph } from './layers/importGraph.js';
import { layerTableProblems, parseLayerTable } from './layers/layerTable.js';
import { describeFileLoops, describeLayerGraph, describeLayerLoops } from './layers/report.js';

// `npx tsx scripts/layers.ts`: the folder graph of src (type-only imports included), its loops, the loops
// left when type-only imports are set aside (the ones that break at run time first) and where
// docs/ARCHITECTURE.md's layer table disagrees. Exits 1 on any loop or disagreement, as the layer tests fail.
const root = fileURLToPath(new URL('..', import.meta.url));
const graph = buildImportGraph(readSources(`${root}src`));
const runTimeOnly: ImportGraph = { ...graph, edges: graph.edges.filter((edge) => edge.kind !== 'type') };
const layers = layerGraph(graph);
const table = parseLayerTable(readFileSync(`${root}docs/ARCHITECTURE.md`, 'utf8'), new Set(layers.keys()));

const sections: [string, string[]][] = [
  [
    'folder graph (folder → what it imports; "(type)": by type-only imports alone)',
    describeLayerGraph(graph),
  ],
  ['folder loops', describeLayerLoops(graph)],
  ['file loops', describeFileLoops(graph)],
  ['folder loops of run-time imports alone', describeLayerLoops(runTimeOnly)],
  ['file loops of run-time imports alone', describeFileLoops(runTimeOnly)],
  ['docs/ARCHITECTURE.md layer table', layerTableProblems(table, layers)],
  [
    'relative imports that name no src file',
    graph.unresolved.map((ref) => `${ref.from}:${ref.line} ${ref.specifier}`),
  ],
];
for (const [title, lines] of sections) {
  process.stdout.write(
    `${title}:\n${lines.length === 0 ? '  none' : lines.map((line) => `  ${line}`).join('\n')}\n\n`,
  );
}
const failed = sections.slice(1).some(([, lines]) => lines.length > 0);
process.exitCode = failed ? 1 : 0;
