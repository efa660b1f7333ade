import { isNode } from 'yaml';
import type { Document } from 'yaml';

/** The source text of the value at a config path, as written in the file; undefined when unknown. */
export type WrittenText = (path: readonly PropertyKey[]) => string | undefined;

/**
 * Reads a value's text at its node's range, so a problem can quote what the person wrote: YAML reads
 * an unquoted 18-digit id as a float and rounds it before any check sees it.
 */
export function writtenText(doc: Document, text: string): WrittenText {
  return (path) => {
    const node: unknown = doc.getIn(
      path.map((k) => (typeof k === 'symbol' ? String(k) : k)),
      true,
    );
    if (!isNode(node) || !node.range) return undefined;
    return text.slice(node.range[0], node.range[1]).trim();
  };
}
