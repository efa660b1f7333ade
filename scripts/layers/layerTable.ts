/**
 * docs/ARCHITECTURE.md's layer table against the code. Its convention: the first column names one or
 * more folders (`src/config/`) or root files (`src/log.ts`) in backticks; the imports column lists the
 * src folders and root files they import (run-time or type-only), separated by commas, or `nothing`;
 * text in parentheses is a remark and is not read.
 */
import type { Graph } from './importGraph.js';

export interface LayerRow {
  /** The first column as written, for messages. */
  label: string;
  layers: string[];
  /** The imports column's names, or null when the column breaks the convention (`problem` says how). */
  imports: string[] | null;
  problem?: string;
}

const NOTHING = 'nothing';

const splitCells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());

/** `src/config/`, `config`, `src/log.ts` → `config`, `log.ts`. */
const layerName = (written: string): string =>
  written
    .replace(/`/g, '')
    .trim()
    .replace(/^src\//, '')
    .replace(/\/$/, '');

function readImports(cell: string, known: ReadonlySet<string>): Pick<LayerRow, 'imports' | 'problem'> {
  const names = cell
    .replace(/\([^)]*\)/g, '')
    .split(',')
    .map(layerName)
    .filter((name) => name !== '');
  if (names.length === 1 && names[0] === NOTHING) return { imports: [] };
  const unknown = names.filter((name) => !known.has(name));
  if (names.length > 0 && unknown.length === 0) return { imports: names };
  const why = names.length === 0 ? 'is empty' : `has ${unknown.map((name) => `"${name}"`).join(', ')}`;
  return {
    imports: null,
    problem: `its imports column ${why}; write src folder or root file names, or "nothing"`,
  };
}

/** The rows of the first table with a `folder` and an `imports` column; `known` are the names of src's layers. */
export function parseLayerTable(markdown: string, known: ReadonlySet<string>): LayerRow[] {
  const lines = markdown.split('\n');
  const header = lines.findIndex(
    (line) => line.trim().startsWith('|') && splitCells(line).includes('imports'),
  );
  if (header === -1) return [];
  const headings = splitCells(lines[header] ?? '');
  const column = headings.indexOf('imports');
  const rows: LayerRow[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.trim().startsWith('|')) break;
    const cells = splitCells(line);
    const label = cells[0] ?? '';
    const layers = [...label.matchAll(/`([^`]+)`/g)].map((match) => layerName(match[1] ?? ''));
    rows.push({ label, layers, ...readImports(cells[column] ?? '', known) });
  }
  return rows;
}

const listed = (names: Iterable<string>): string => [...names].sort().join(', ') || NOTHING;

/** `src/config/` for a folder, `src/log.ts` for a root file. */
const srcPath = (layer: string): string => (layer.endsWith('.ts') ? `src/${layer}` : `src/${layer}/`);

function rowProblem(row: LayerRow, graph: Graph): string | null {
  if (row.layers.length === 0) return 'its first column names no src folder in backticks';
  const missing = row.layers.filter((layer) => !graph.has(layer));
  if (missing.length > 0) return `src has no ${missing.map(srcPath).join(', ')}`;
  const own = new Set(row.layers);
  const actual = new Set(
    row.layers.flatMap((layer) => [...(graph.get(layer) ?? [])]).filter((to) => !own.has(to)),
  );
  if (row.imports === null) return `${row.problem ?? ''}. The code imports: ${listed(actual)}`;
  const written = new Set(row.imports);
  const add = [...actual].filter((name) => !written.has(name));
  const drop = [...written].filter((name) => !actual.has(name));
  if (add.length === 0 && drop.length === 0) return null;
  const changes = [
    ...(add.length > 0 ? [`add ${listed(add)}`] : []),
    ...(drop.length > 0 ? [`drop ${listed(drop)}`] : []),
  ];
  return `lists ${listed(written)}; the code imports ${listed(actual)} (${changes.join('; ')})`;
}

/**
 * Every way the table and the layer graph (layer → layers it imports) disagree, one line each: a row whose
 * imports column is not what the code imports, a row naming what src does not have, a folder without a
 * row or with two. Root files need no row.
 */
export function layerTableProblems(rows: readonly LayerRow[], graph: Graph): string[] {
  const problems = rows.flatMap((row) => {
    const problem = rowProblem(row, graph);
    return problem === null ? [] : [`row ${row.label}: ${problem}`];
  });
  const documented = rows.flatMap((row) => row.layers);
  for (const layer of [...graph.keys()].sort()) {
    const count = documented.filter((name) => name === layer).length;
    if (count > 1) problems.push(`${srcPath(layer)} has ${count} rows; give it one`);
    if (count === 0 && !layer.endsWith('.ts'))
      problems.push(`${srcPath(layer)} has no row in the layer table`);
  }
  return problems;
}
