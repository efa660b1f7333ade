import type { z } from 'zod';
import { configJsonSchema, keysAllowedAt } from './configJsonSchema.js';
import type { ConfigProblem } from './crossFieldChecks.js';
import { isRecord } from './isRecord.js';
import { nearestKey } from './nearestKey.js';
import type { WrittenText } from './writtenText.js';

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

/** A value quoted back in a message: short, and never more than one line. */
function shown(value: unknown): string {
  // YAML yields only JSON values; undefined (a missing key) is the one JSON.stringify cannot show.
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

const A_TYPE: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map of keys',
  record: 'a map of keys',
  null: 'null',
};

function limitText(
  issue: { origin: string; inclusive?: boolean },
  bound: number | bigint,
  below: boolean,
): string {
  if (issue.origin === 'array')
    return below ? `needs at least ${bound} item(s)` : `takes at most ${bound} item(s)`;
  if (issue.origin === 'string') {
    if (below && Number(bound) === 1) return 'is empty; write a value';
    return below ? `needs at least ${bound} characters` : `takes at most ${bound} characters`;
  }
  const sign = below ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
  return `is ${below ? 'too small' : 'too large'}; use a number ${sign} ${bound}`;
}

/** A number or text is quoted before its range message ("-5 is too small"); a list is not. */
const scalarPrefix = (input: unknown) =>
  input === undefined || typeof input === 'object' ? '' : `${shown(input)} `;

/**
 * Messages for zod's built-in checks, one line saying what is wrong and what to write instead. Given
 * per parse, so the schema's own messages (regexes, refinements) still win.
 */
export function issueMessage(issue: RawIssue): string | undefined {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type': {
      const wanted = A_TYPE[issue.expected] ?? issue.expected;
      return input === undefined
        ? `missing; add ${wanted}`
        : `${shown(input)} is not ${wanted}; write ${wanted}`;
    }
    case 'too_small':
      return `${scalarPrefix(input)}${limitText(issue, issue.minimum, true)}`;
    case 'too_big':
      return `${scalarPrefix(input)}${limitText(issue, issue.maximum, false)}`;
    case 'invalid_value': {
      const options = issue.values.map((v) => String(v));
      const near = typeof input === 'string' ? nearestKey(input, options) : undefined;
      const hint = near === undefined ? '' : `; did you mean "${near}"?`;
      return `${shown(input)} is not allowed${hint} (use one of: ${options.join(', ')})`;
    }
    case 'invalid_union': {
      const { discriminator, options } = issue as { discriminator?: string; options?: unknown[] };
      if (issue.note !== 'No matching discriminator' || !discriminator || !Array.isArray(options))
        return undefined;
      const written = isRecord(input) ? input[discriminator] : input;
      return `${shown(written)} is not a known ${discriminator}; use one of: ${options.join(', ')}`;
    }
    default:
      return undefined;
  }
}

/** Options for every config parse: the messages above, and the input kept for suggestions. */
export const CONFIG_PARSE_OPTIONS = { error: issueMessage, reportInput: true } as const;

const pathText = (path: readonly PropertyKey[]) =>
  path.length > 0 ? path.map(String).join('.') : '(top level)';

interface UnknownKey {
  readonly path: readonly PropertyKey[];
  readonly key: string;
  readonly suggestion: string | undefined;
  readonly allowed: readonly string[];
}

function unknownKeys(issues: readonly Issue[], data: unknown): UnknownKey[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'unrecognized_keys') return [];
    const present = Object.keys(issue.input ?? {});
    const allowed = keysAllowedAt(configJsonSchema(), issue.path, data);
    // A key already written is no rename target: suggesting it would only produce a duplicate.
    const free = allowed.filter((k) => !present.includes(k));
    return issue.keys.map((key) => ({ path: issue.path, key, suggestion: nearestKey(key, free), allowed }));
  });
}

function unknownKeyMessage(u: UnknownKey): string {
  const where = pathText([...u.path, u.key]);
  if (u.suggestion !== undefined) return `${where}: unknown key; did you mean "${u.suggestion}"? Rename it`;
  const place = u.path.length > 0 ? pathText(u.path) : 'the top level';
  return `${where}: unknown key; remove it (keys at ${place}: ${u.allowed.join(', ')})`;
}

/**
 * A number where text is wanted (a Discord id left unquoted): quoted as written in the file, since
 * YAML has already rounded a long one, with the quoted line to write instead.
 */
function numberForTextMessage(issue: Issue, written: WrittenText | undefined): string | undefined {
  if (issue.code !== 'invalid_type' || issue.expected !== 'string' || typeof issue.input !== 'number')
    return undefined;
  const asWritten = written?.(issue.path) ?? String(issue.input);
  const rounded = asWritten === String(issue.input) ? '' : ` (YAML reads it as ${String(issue.input)})`;
  const last = issue.path.at(-1);
  const line = typeof last === 'string' ? `${last}: '${asWritten}'` : `- '${asWritten}'`;
  return `${asWritten} is a number${rounded}, not text; write it in quotes: ${line}`;
}

const samePath = (a: readonly PropertyKey[], b: readonly PropertyKey[]) =>
  a.length === b.length && a.every((k, i) => String(k) === String(b[i]));

/**
 * Every problem as one line `path: what is wrong; what to do`, schema and cross-field problems
 * together. A misspelt key is reported once, as the misspelling with its correction, not again as
 * the correct key missing; a cross-field problem where the schema already found one is left out.
 * `written` gives the file's text of a value, to quote what was written rather than what YAML read.
 */
export function describeProblems(
  issues: readonly Issue[],
  crossField: readonly ConfigProblem[],
  data: unknown,
  written?: WrittenText,
): string[] {
  const unknown = unknownKeys(issues, data);
  const renamed = unknown.flatMap((u) => (u.suggestion === undefined ? [] : [[...u.path, u.suggestion]]));
  const schemaLines = issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') return unknownKeys([issue], data).map(unknownKeyMessage);
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    if (missing && renamed.some((p) => samePath(p, issue.path))) return [];
    return [`${pathText(issue.path)}: ${numberForTextMessage(issue, written) ?? issue.message}`];
  });
  const crossLines = crossField
    .filter((p) => !issues.some((issue) => samePath(issue.path, p.path)))
    .map((p) => `${pathText(p.path)}: ${p.message}`);
  return [...schemaLines, ...crossLines];
}
