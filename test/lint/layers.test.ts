import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildImportGraph, readSources } from '../../scripts/layers/importGraph.js';
import { describeFileLoops, describeLayerLoops } from '../../scripts/layers/report.js';

// Every import of src counts, type-only ones included: a type import is tomorrow's run-time import.
// `npx tsx scripts/layers.ts` prints the whole folder graph.
const graph = buildImportGraph(readSources(fileURLToPath(new URL('../../src', import.meta.url))));

describe('the layers of src', () => {
  it('GIVEN src THEN the reader resolves every relative import (an edge it missed could hide a loop)', () => {
    expect(graph.files.length).toBeGreaterThan(100);
    expect(graph.unresolved).toEqual([]);
  });

  it('GIVEN src THEN no folder (or root file) imports itself through others', () => {
    expect(describeLayerLoops(graph).join('\n')).toBe('');
  });

  it('GIVEN src THEN no file imports itself through others', () => {
    expect(describeFileLoops(graph).join('\n')).toBe('');
  });
});
