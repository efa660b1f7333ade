import { describe, expect, it } from 'vitest';
import { loopGroups, shortestLoop } from '../../scripts/layers/cycles.js';
import type { Graph } from '../../scripts/layers/importGraph.js';

/** `{ a: ['b'] }` → a graph; nodes only named as targets are nodes too. */
function graphOf(edges: Record<string, string[]>): Graph {
  const graph = new Map<string, Set<string>>();
  for (const [from, targets] of Object.entries(edges)) {
    graph.set(from, new Set(targets));
    for (const to of targets) if (!graph.has(to)) graph.set(to, new Set());
  }
  return graph;
}

describe('loopGroups', () => {
  it('GIVEN an acyclic graph (a diamond) THEN no loop', () => {
    expect(loopGroups(graphOf({ a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }))).toEqual([]);
  });

  it('GIVEN a → b → a THEN one group of both', () => {
    expect(loopGroups(graphOf({ a: ['b'], b: ['a'] }))).toEqual([['a', 'b']]);
  });

  it('GIVEN a node that imports itself THEN it is a loop of one', () => {
    expect(loopGroups(graphOf({ a: ['a'], b: ['a'] }))).toEqual([['a']]);
  });

  it('GIVEN two separate loops and a tail into one THEN two groups, the tail in neither', () => {
    const graph = graphOf({ tail: ['a'], a: ['b'], b: ['c'], c: ['a'], x: ['y'], y: ['x', 'a'] });
    expect(loopGroups(graph)).toEqual([
      ['a', 'b', 'c'],
      ['x', 'y'],
    ]);
  });

  it('GIVEN a long chain closed by its last edge THEN every node is in the one group', () => {
    const names = Array.from({ length: 300 }, (_, i) => `n${String(i).padStart(3, '0')}`);
    const edges = Object.fromEntries(names.map((name, i) => [name, [names[(i + 1) % names.length] ?? '']]));
    expect(loopGroups(graphOf(edges))).toEqual([names]);
  });
});

describe('shortestLoop', () => {
  it('GIVEN a long and a short way back THEN the short one, first member first and last', () => {
    const graph = graphOf({ a: ['b', 'x'], b: ['c'], c: ['d'], d: ['a'], x: ['a'] });
    expect(shortestLoop(graph, ['a', 'b', 'c', 'd', 'x'])).toEqual(['a', 'x', 'a']);
  });

  it('GIVEN a loop of one THEN [a, a]', () => {
    expect(shortestLoop(graphOf({ a: ['a'] }), ['a'])).toEqual(['a', 'a']);
  });

  it('GIVEN a way back only through a node outside the group THEN it is not taken', () => {
    const graph = graphOf({ a: ['b', 'out'], b: ['c'], c: ['a'], out: ['a'] });
    expect(shortestLoop(graph, ['a', 'b', 'c'])).toEqual(['a', 'b', 'c', 'a']);
  });
});
