import { parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { yamlProblem } from './yamlProblems.js';

/**
 * Limits on a config file, so a hostile or broken file (saved into the running bot's config, or
 * given to check-config) is one problem line, never a crash or a frozen process. The shipped config
 * is about 17 KB, 6 levels deep and uses no aliases; these leave ample room for hand-written files.
 */
export const YAML_LIMITS = {
  /** Bytes of UTF-8 text. */
  maxBytes: 1024 * 1024,
  /** How many nodes aliases (`*name`) may expand to, counted as yaml does (a "billion laughs" guard). */
  maxAliasCount: 100,
  /** Nesting of mappings and lists. */
  maxDepth: 32,
} as const;

/** The data, and the parsed document (for where each value was written), or the problems. */
export type YamlRead = { ok: true; data: unknown; doc: Document } | { ok: false; problems: string[] };

/** The deepest nesting of arrays and objects in a value, without recursion. */
function depthOf(value: unknown, stopAbove: number): number {
  let deepest = 0;
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const next = pending.pop();
    if (!next || typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    deepest = Math.max(deepest, depth);
    // Past the limit the answer is known; aliases may make the tree look huge, so stop early.
    if (deepest > stopAbove) return deepest;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return deepest;
}

/** Reads YAML text into plain data within YAML_LIMITS; every failure is a problem line. */
export function readYaml(text: string): YamlRead {
  const { maxBytes, maxAliasCount, maxDepth } = YAML_LIMITS;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes)
    return { ok: false, problems: [`YAML: the file is ${bytes} bytes, over the ${maxBytes}-byte limit`] };
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => yamlProblem(e, text)),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount });
  } catch (err) {
    // yaml throws a ReferenceError when aliases expand past maxAliasCount (an alias bomb).
    const why =
      err instanceof ReferenceError
        ? `aliases expand to too much data (over ${maxAliasCount} nodes); write the values out`
        : `cannot be read (${err instanceof Error ? err.message : String(err)})`;
    return { ok: false, problems: [`YAML: the document ${why}`] };
  }
  if (depthOf(data, maxDepth) > maxDepth)
    return { ok: false, problems: [`YAML: nested more than ${maxDepth} levels deep; flatten it`] };
  return { ok: true, data, doc };
}
