import { describe, expect, it } from 'vitest';
import { buildImportGraph, layerGraph, layerOf, moduleRefs } from '../../scripts/layers/importGraph.js';
import { describeFileLoops, describeLayerGraph, describeLayerLoops } from '../../scripts/layers/report.js';

describe('moduleRefs', () => {
  it('GIVEN every way a file names a module THEN each is read, with its kind and line', () => {
    const text = [
      "import { a } from './static.js';",
      "import type { B } from './importType.js';",
      "import { type C } from './inlineType.js';",
      "export type { D } from './exportType.js';",
      "export * from './exportAll.js';",
      "import './sideEffect.js';",
      "export type E = import('./typeQuery.js').E;",
      "export const f = () => import('./dynamic.js');",
      "import g = require('./required.js');",
      "import * as fs from 'node:fs';",
      "export { type F } from './exportInlineType.js';",
    ].join('\n');
    expect(moduleRefs('probe.ts', text)).toEqual([
      { specifier: './static.js', kind: 'static', line: 1 },
      { specifier: './importType.js', kind: 'type', line: 2 },
      // verbatimModuleSyntax keeps `import {} from './inlineType.js'` (and `export {} from` on line 11):
      // the module is loaded at run time.
      { specifier: './inlineType.js', kind: 'static', line: 3 },
      { specifier: './exportType.js', kind: 'type', line: 4 },
      { specifier: './exportAll.js', kind: 'static', line: 5 },
      { specifier: './sideEffect.js', kind: 'static', line: 6 },
      { specifier: './typeQuery.js', kind: 'type', line: 7 },
      { specifier: './dynamic.js', kind: 'dynamic', line: 8 },
      { specifier: './required.js', kind: 'static', line: 9 },
      { specifier: 'node:fs', kind: 'static', line: 10 },
      { specifier: './exportInlineType.js', kind: 'static', line: 11 },
    ]);
  });

  it('GIVEN a dynamic import of a computed name THEN it names no module', () => {
    expect(moduleRefs('probe.ts', 'export const load = (name: string) => import(name);')).toEqual([]);
  });
});

describe('buildImportGraph', () => {
  it('GIVEN NodeNext specifiers THEN .js names the .ts file and a folder import its index.ts', () => {
    const graph = buildImportGraph([
      { path: 'a/one.ts', text: "import './two.js';\nimport '../b/index.js';\nimport 'zod';" },
      { path: 'a/two.ts', text: "import type { X } from '../root.js';" },
      { path: 'b/index.ts', text: '' },
      { path: 'root.ts', text: '' },
    ]);
    expect(graph.edges.map((edge) => `${edge.from} → ${edge.to}`)).toEqual([
      'a/one.ts → a/two.ts',
      'a/one.ts → b/index.ts',
      'a/two.ts → root.ts',
    ]);
    expect(graph.unresolved).toEqual([]);
  });

  it('GIVEN a relative import of a missing file THEN it is reported, not dropped', () => {
    const graph = buildImportGraph([{ path: 'a/one.ts', text: "import './gone.js';" }]);
    expect(graph.unresolved).toEqual([{ from: 'a/one.ts', specifier: './gone.js', kind: 'static', line: 1 }]);
  });

  it('GIVEN files in folders and at the root THEN a layer is the top folder or the root file', () => {
    expect(['config/schema.ts', 'discord/chart/render.ts', 'log.ts'].map(layerOf)).toEqual([
      'config',
      'discord',
      'log.ts',
    ]);
  });
});

describe('import loops in words', () => {
  it('GIVEN folders that import each other by a type import alone THEN the folder loop is named with the file that makes each edge', () => {
    const graph = buildImportGraph([
      {
        path: 'config/config.ts',
        text: "import { feedZone } from '../news/zones.js';\nexport const c = feedZone;",
      },
      { path: 'news/zones.ts', text: "\nimport type { Config } from '../config/config.js';" },
      { path: 'domain/quote.ts', text: '' },
    ]);
    expect(describeLayerLoops(graph)).toEqual([
      'folder loop of 2: config, news',
      '  e.g. config → news → config',
      '  the imports inside it:',
      '    config → news  (1 import, e.g. config/config.ts:1 imports news/zones.ts)',
      '    news → config  (1 import, type-only, e.g. news/zones.ts:2 imports config/config.ts)',
    ]);
    expect(describeFileLoops(graph)).toEqual([
      'file loop: config/config.ts → news/zones.ts → config/config.ts',
    ]);
    expect(describeLayerGraph(graph)).toEqual(['config → news', 'domain → nothing', 'news → config (type)']);
  });

  it('GIVEN two files of one folder that import each other THEN a file loop but no folder loop', () => {
    const graph = buildImportGraph([
      { path: 'discord/alertMessage.ts', text: "import type { W } from './wrapMessage.js';" },
      { path: 'discord/wrapMessage.ts', text: "import { a } from './alertMessage.js';" },
    ]);
    expect(describeLayerLoops(graph)).toEqual([]);
    expect(describeFileLoops(graph)).toEqual([
      'file loop: discord/alertMessage.ts → discord/wrapMessage.ts → discord/alertMessage.ts',
    ]);
  });

  it('GIVEN layers that only import downwards THEN no loop of either kind', () => {
    const graph = buildImportGraph([
      { path: 'app/build.ts', text: "import '../config/config.js';\nimport '../domain/quote.js';" },
      { path: 'config/config.ts', text: "import type { Q } from '../domain/quote.js';" },
      { path: 'domain/quote.ts', text: '' },
    ]);
    expect(layerGraph(graph)).toEqual(
      new Map([
        ['app', new Set(['config', 'domain'])],
        ['config', new Set(['domain'])],
        ['domain', new Set()],
      ]),
    );
    expect([...describeLayerLoops(graph), ...describeFileLoops(graph)]).toEqual([]);
  });

  it('GIVEN a file loop of three THEN the loop names all three', () => {
    const graph = buildImportGraph([
      { path: 'a.ts', text: "import './b.js';" },
      { path: 'b.ts', text: "import './c.js';" },
      { path: 'c.ts', text: "export type { X } from './a.js';" },
    ]);
    expect(describeFileLoops(graph)).toEqual(['file loop: a.ts → b.ts → c.ts → a.ts']);
  });

  it('GIVEN a group of files larger than its shortest loop THEN the others are named too', () => {
    const graph = buildImportGraph([
      { path: 'a.ts', text: "import './b.js';" },
      { path: 'b.ts', text: "import './a.js';\nimport './c.js';" },
      { path: 'c.ts', text: "import './b.js';" },
    ]);
    expect(describeFileLoops(graph)).toEqual(['file loop: a.ts → b.ts → a.ts (and through it c.ts)']);
  });
});
