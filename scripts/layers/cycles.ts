/** Import loops in a graph: the strongly connected components (Tarjan), and one short loop through each. */
import type { Graph } from './importGraph.js';

/**
 * The groups of nodes that reach each other: components of two or more nodes, or one node that imports
 * itself. Members sorted; groups in the order of their first member.
 */
export function loopGroups(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) ?? 0);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      group.push(member);
      if (member === node) break;
    }
    if (group.length > 1 || graph.get(node)?.has(node) === true) groups.push(group.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return groups.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

/** The shortest loop from the group's first member back to it, as nodes: `[a, b, a]`. */
export function shortestLoop(graph: Graph, group: readonly string[]): string[] {
  const [start] = group;
  if (start === undefined) return [];
  const members = new Set(group);
  const cameFrom = new Map<string, string>();
  const queue: string[] = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const node: string = queue[head] ?? start;
    for (const next of [...(graph.get(node) ?? new Set<string>())].sort()) {
      if (next === start) return [...pathTo(node, cameFrom, start), start];
      if (!members.has(next) || cameFrom.has(next)) continue;
      cameFrom.set(next, node);
      queue.push(next);
    }
  }
  return [];
}

function pathTo(node: string, cameFrom: ReadonlyMap<string, string>, start: string): string[] {
  const path = [node];
  for (let at = node; at !== start;) {
    at = cameFrom.get(at) ?? start;
    path.unshift(at);
  }
  return path;
}
