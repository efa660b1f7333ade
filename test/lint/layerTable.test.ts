import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildImportGraph, layerGraph, readSources, type Graph } from '../../scripts/layers/importGraph.js';
import { layerTableProblems, parseLayerTable } from '../../scripts/layers/layerTable.js';

const graphOf = (edges: Record<string, string[]>): Graph =>
  new Map(Object.entries(edges).map(([from, targets]) => [from, new Set(targets)]));

const CODE = graphOf({ domain: [], config: ['domain', 'log.ts'], app: ['config', 'domain'], 'log.ts': [] });

/** A layer table in ARCHITECTURE's shape, between prose, with the given rows. */
const tableOf = (...rows: string[]): string =>
  [
    '# Architecture',
    '',
    '| folder | what it is | imports |',
    '| --- | --- | --- |',
    ...rows,
    '',
    'More prose.',
  ].join('\n');

const problems = (markdown: string, graph: Graph = CODE): string[] =>
  layerTableProblems(parseLayerTable(markdown, new Set(graph.keys())), graph);

describe('the layer table against a graph', () => {
  it('GIVEN every folder listed with what it imports THEN no problem', () => {
    const table = tableOf(
      '| `src/domain/` | the core | nothing (libraries: zod, date-holidays) |',
      '| `src/config/` | schema | `domain`, `log.ts` (the logger type) |',
      '| `src/app/` | the root | config, domain |',
    );
    expect(problems(table)).toEqual([]);
  });

  it('GIVEN a row that misses an import and lists one the code lacks THEN the row and the real imports are named', () => {
    const table = tableOf(
      '| `src/domain/` | the core | nothing |',
      '| `src/config/` | schema | domain, app |',
      '| `src/app/` | the root | config, domain |',
    );
    expect(problems(table)).toEqual([
      'row `src/config/`: lists app, domain; the code imports domain, log.ts (add log.ts; drop app)',
    ]);
  });

  it('GIVEN an imports column in prose THEN the row is named with what the code imports', () => {
    const table = tableOf(
      '| `src/domain/` | the core | nothing outside itself but libraries: zod |',
      '| `src/config/` | schema | domain; log.ts |',
      '| `src/app/` | the root | every adapter |',
    );
    expect(problems(table)).toEqual([
      'row `src/domain/`: its imports column has "nothing outside itself but libraries: zod"; write src folder or root file names, or "nothing". The code imports: nothing',
      'row `src/config/`: its imports column has "domain; log.ts"; write src folder or root file names, or "nothing". The code imports: domain, log.ts',
      'row `src/app/`: its imports column has "every adapter"; write src folder or root file names, or "nothing". The code imports: config, domain',
    ]);
  });

  it('GIVEN a folder without a row, one with two and a row for a folder src lacks THEN each is named', () => {
    const table = tableOf(
      '| `src/domain/` | the core | nothing |',
      '| `src/domain/` | again | nothing |',
      '| `src/bot.ts` | the old root | config |',
    );
    expect(problems(table)).toEqual([
      'row `src/bot.ts`: src has no src/bot.ts',
      'src/app/ has no row in the layer table',
      'src/config/ has no row in the layer table',
      'src/domain/ has 2 rows; give it one',
    ]);
  });

  it('GIVEN a row naming two folders THEN it lists what they import together, apart from each other', () => {
    const table = tableOf(
      '| `src/domain/` | the core | nothing |',
      '| `src/config/`, `src/app/` | outer | domain, log.ts |',
    );
    expect(problems(table)).toEqual([]);
  });

  it('GIVEN a root file without a row THEN that is allowed', () => {
    const table = tableOf(
      '| `src/domain/` | core | nothing |',
      '| `src/config/` | schema | domain, log.ts |',
    );
    expect(problems(table, graphOf({ domain: [], config: ['domain', 'log.ts'], 'log.ts': [] }))).toEqual([]);
  });
});

describe('docs/ARCHITECTURE.md', () => {
  it('GIVEN the layer table THEN each row lists exactly the src folders and root files its code imports', () => {
    const root = new URL('../../', import.meta.url);
    const layers = layerGraph(buildImportGraph(readSources(fileURLToPath(new URL('src', root)))));
    const markdown = readFileSync(new URL('docs/ARCHITECTURE.md', root), 'utf8');
    const rows = parseLayerTable(markdown, new Set(layers.keys()));
    expect(rows.length).toBeGreaterThan(0);
    expect(layerTableProblems(rows, layers).join('\n')).toBe('');
  });
});
