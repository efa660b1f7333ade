/** Import loops and the layer graph in words, for the layer test's failures and `scripts/layers.ts`. */
import { loopGroups, shortestLoop } from './cycles.js';
import { fileGraph, layerEdges, layerGraph, type ImportEdge, type ImportGraph } from './importGraph.js';

const ARROW = ' → ';

function describeEdge(edges: readonly ImportEdge[]): string {
  const [first] = edges;
  if (first === undefined) return '';
  const kinds = new Set(edges.map((edge) => edge.kind));
  const typeOnly = kinds.size === 1 && kinds.has('type') ? ', type-only' : '';
  const count = edges.length === 1 ? '1 import' : `${edges.length} imports`;
  return `${count}${typeOnly}, e.g. ${first.from}:${first.line} imports ${first.to}`;
}

/**
 * One paragraph per group of folders (or root files) that import each other: its members, the shortest
 * loop through the first, and each import between members with the file that makes it.
 */
export function describeLayerLoops(graph: ImportGraph): string[] {
  const layers = layerGraph(graph);
  const edges = layerEdges(graph);
  return loopGroups(layers).flatMap((group) => {
    const inside = new Set(group);
    const links = group.flatMap((from) =>
      [...(edges.get(from) ?? [])]
        .filter(([to]) => inside.has(to))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([to, imports]) => `    ${from}${ARROW}${to}  (${describeEdge(imports)})`),
    );
    return [
      `folder loop of ${group.length}: ${group.join(', ')}`,
      `  e.g. ${shortestLoop(layers, group).join(ARROW)}`,
      '  the imports inside it:',
      ...links,
    ];
  });
}

/** One line per group of files that import each other: the shortest loop, and the other members if any. */
export function describeFileLoops(graph: ImportGraph): string[] {
  const files = fileGraph(graph);
  return loopGroups(files).map((group) => {
    const loop = shortestLoop(files, group);
    const others = group.filter((file) => !loop.includes(file));
    const rest = others.length === 0 ? '' : ` (and through it ${others.join(', ')})`;
    return `file loop: ${loop.join(ARROW)}${rest}`;
  });
}

/** `folder → the folders it imports`, one line each; a folder reached only by type imports is marked. */
export function describeLayerGraph(graph: ImportGraph): string[] {
  return [...layerEdges(graph)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([from, targets]) => {
      const names = [...targets]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([to, imports]) => (imports.every((edge) => edge.kind === 'type') ? `${to} (type)` : to));
      return `${from}${ARROW}${names.length === 0 ? 'nothing' : names.join(', ')}`;
    });
}
