import { Document, isCollection, isNode, isPair, isScalar, Pair, YAMLMap } from 'yaml';
import type { Node } from 'yaml';

// Re-stringifying a whole parsed document normalises layout it does not model (flow padding, folding of
// long strings, spacing before comments), so an edit re-renders only the one entry it changes and splices
// that text into the original: every other byte of a hand-edited file stays as it was.

function rangeOf(node: unknown): readonly [number, number, number] | undefined {
  return isNode(node) ? (node.range ?? undefined) : undefined;
}

/** Offset just after the last non-comment character of a parsed node (block collections include trailing comments). */
function contentEnd(node: unknown): number {
  if (isCollection(node) && !node.flow) {
    let end = rangeOf(node)?.[0] ?? 0;
    for (const item of node.items) {
      if (isPair(item)) end = Math.max(end, contentEnd(item.key), contentEnd(item.value));
      else end = Math.max(end, contentEnd(item));
    }
    return end;
  }
  return rangeOf(node)?.[1] ?? 0;
}

/**
 * Drops the comment lines after a block collection's last entry: the splice leaves them in the text
 * (byte-for-byte), so rendering them too would repeat them.
 */
function dropTrailingComments(node: unknown): void {
  if (!isCollection(node) || node.flow) return;
  node.comment = null;
  const last = node.items.at(-1);
  dropTrailingComments(isPair(last) ? last.value : last);
}

/** Copy of a parsed node for editing, without the trailing comments that the splice keeps in place. */
export function cloneForSplice<T extends Node>(node: T): T {
  const copy = node.clone() as T;
  dropTrailingComments(copy);
  return copy;
}

// The files write flow maps padded ({ a: 1 }) and flow lists bare ([1, 2]); yaml has one switch for both.
function unpadFlowLists(line: string): string {
  const hash = line.indexOf('#');
  const code = hash === -1 ? line : line.slice(0, hash);
  return code.replace(/\[ /g, '[').replace(/ \]/g, ']') + line.slice(code.length);
}

function renderEntry(key: unknown, value: Node, column: number): string {
  const doc = new Document(new YAMLMap());
  (doc.contents as YAMLMap).items.push(new Pair(key, value));
  const lines = doc
    .toString({ lineWidth: 0, flowCollectionPadding: true })
    .replace(/\n$/, '')
    .split('\n')
    .map(unpadFlowLists);
  const indent = ' '.repeat(column);
  return lines.map((line, i) => (i === 0 || line === '' ? line : indent + line)).join('\n');
}

function lineEndAt(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/**
 * Replaces (or appends) the entry `key` of `map`, a block or flow map parsed from `text`, with `value`,
 * returning the new text. `value` should come from cloneForSplice when it replaces an existing node.
 */
export function spliceMapEntry(text: string, map: YAMLMap, key: string, value: Node): string {
  const pair = map.items.find((p) => p.key === key || (isScalar(p.key) && p.key.value === key));
  if (pair) {
    const start = rangeOf(pair.key)?.[0];
    if (start === undefined) throw new Error(`entry ${key} has no source position`);
    let end = contentEnd(pair.value);
    // An inline comment after the last value belongs to that value's node, which renders it.
    if (/^[ \t]*#/.test(text.slice(end, lineEndAt(text, end)))) end = lineEndAt(text, end);
    return text.slice(0, start) + renderEntry(pair.key, value, columnOf(text, start)) + text.slice(end);
  }
  const last = map.items.at(-1);
  const lastStart = rangeOf(last?.key)?.[0];
  if (!last || lastStart === undefined) throw new Error(`cannot add ${key} to an empty map`);
  const end = contentEnd(last.value);
  const entry = renderEntry(key, value, columnOf(text, lastStart));
  if (map.flow) return `${text.slice(0, end)}, ${entry}${text.slice(end)}`;
  // After the last entry's line, so an inline comment on it stays with it.
  const at = lineEndAt(text, end);
  return `${text.slice(0, at)}\n${' '.repeat(columnOf(text, lastStart))}${entry}${text.slice(at)}`;
}
