/*
 * keepBarsSince's cut made on the answer's text, before it is parsed, so that JSON.parse builds
 * only the tail: a server that ignores period1 sends 500 whole days (3.9 MB) every poll. Only the
 * plain layout Yahoo writes is cut, `"timestamp":[…],"indicators":{"quote":[{"close":[…],…},…]`
 * with flat lists of numbers or null (whitespace allowed); any other series is left whole for
 * keepBarsSince, which still runs on the parsed body.
 *
 * Why it is safe: in valid JSON a bare `"timestamp"` followed by `:` can only be a key (a quote
 * inside a string is escaped). A list is cut only when every character in it belongs to numbers,
 * null, commas or space, and only when it is as long as the timestamps (as keepBarsSince does), so
 * a valid answer parses to exactly what keepBarsSince makes of the whole. The dropped bars are
 * checked for their characters only, not their grammar: an answer broken only inside bars that are
 * dropped (say `1.2.3` among the morning's closes) is taken, where parsing the whole would have
 * refused it; those bars are not used either way.
 */

const TIMESTAMP_KEY = /"timestamp"\s*:\s*\[/g;
const INDICATORS_OPEN = /\s*,\s*"indicators"\s*:\s*\{\s*"quote"\s*:\s*\[\s*/y;
const LIST_KEY = /\s*"[^"\\]*"\s*:\s*\[/y;

/** The first character that cannot be part of a flat list of numbers or null (a native scan). */
const NOT_NUMBER_OR_NULL = /[^0-9.eE+\-nul \t\r\n,]/g;

/** A flat list's text: `start` just after its `[`, `end` at its `]`. */
interface ListText {
  readonly start: number;
  readonly end: number;
}

interface Range {
  readonly from: number;
  readonly to: number;
}

/**
 * Commas in [from, to), or -1 unless every other character there belongs to numbers or null.
 * Both are native scans (a regular expression, indexOf): a character loop in JavaScript was as slow
 * as parsing the whole answer.
 */
function commasIn(text: string, from: number, to: number): number {
  NOT_NUMBER_OR_NULL.lastIndex = from;
  const other = NOT_NUMBER_OR_NULL.exec(text);
  if (other !== null && other.index < to) return -1;
  let commas = 0;
  for (let at = text.indexOf(',', from); at >= 0 && at < to; at = text.indexOf(',', at + 1)) commas++;
  return commas;
}

/** Elements in a list of numbers or null, or -1 if it is not one. */
function elementsIn(text: string, list: ListText): number {
  const commas = commasIn(text, list.start, list.end);
  if (commas !== 0) return commas < 0 ? -1 : commas + 1;
  return text.slice(list.start, list.end).trim() === '' ? 0 : 1;
}

/** Where a list's last `keep` elements begin (its `]` for none), or -1 if it has no more than `keep`. */
function lastElementsFrom(text: string, list: ListText, keep: number): number {
  let from = list.end;
  for (let k = 0; k < keep; k++) {
    from = text.lastIndexOf(',', from - 1);
    if (from < list.start) return -1;
  }
  return keep === 0 ? list.end : from + 1;
}

/** How many of the last timestamps are numbers at or after `fromS` (what barsBefore leaves). */
function timestampsKept(text: string, list: ListText, fromS: number): number {
  let keep = 0;
  let to = list.end;
  for (;;) {
    const comma = text.lastIndexOf(',', to - 1);
    const from = comma < list.start ? list.start : comma + 1;
    if (!(Number(text.slice(from, to)) >= fromS)) return keep;
    keep++;
    if (comma < list.start) return keep;
    to = comma;
  }
}

/**
 * The range holding a flat list's elements before its last `keep`, if it has exactly `count`
 * elements of numbers or null; null when it has another length (left as it is); undefined when
 * it is not a plain list at all.
 */
function leadingRange(text: string, list: ListText, keep: number, count: number): Range | null | undefined {
  const keptFrom = lastElementsFrom(text, list, keep);
  if (keptFrom < 0) return elementsIn(text, list) < 0 ? undefined : null;
  if (commasIn(text, keptFrom, list.end) < 0) return undefined;
  if (keep === 0) return elementsIn(text, list) === count ? { from: list.start, to: list.end } : null;
  const dropped = commasIn(text, list.start, keptFrom);
  if (dropped < 0) return undefined;
  return dropped + keep === count ? { from: list.start, to: keptFrom } : null;
}

/** The timestamps to drop (before `fromS`) and how many there are in all; null when not plain. */
function timestampCut(text: string, list: ListText, fromS: number): { keep: number; count: number } | null {
  const keep = timestampsKept(text, list, fromS);
  const keptFrom = lastElementsFrom(text, list, keep);
  if (keptFrom < 0) return { keep, count: keep };
  const dropped = keep === 0 ? elementsIn(text, list) : commasIn(text, list.start, keptFrom);
  return dropped < 0 ? null : { keep, count: dropped + keep };
}

function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && text.charCodeAt(i) <= 0x20) i++;
  return i;
}

/** Adds the cuts of the quote object whose `{` is at `at`; where it ends, or -1 if it is not plain. */
function quoteObjectCuts(text: string, at: number, keep: number, count: number, cuts: Range[]): number {
  let pos = skipSpace(text, at + 1);
  if (text.charAt(pos) === '}') return pos + 1;
  for (;;) {
    LIST_KEY.lastIndex = pos;
    if (!LIST_KEY.test(text)) return -1;
    const start = LIST_KEY.lastIndex;
    const end = text.indexOf(']', start);
    if (end < 0) return -1;
    const range = leadingRange(text, { start, end }, keep, count);
    if (range === undefined) return -1;
    if (range !== null) cuts.push(range);
    pos = skipSpace(text, end + 1);
    if (text.charAt(pos) === '}') return pos + 1;
    if (text.charAt(pos) !== ',') return -1;
    pos += 1;
  }
}

/** The ranges to drop from the series whose timestamps open at `start`, and where it ends; null if not plain. */
function seriesCuts(text: string, start: number, fromS: number): { cuts: Range[]; end: number } | null {
  const end = text.indexOf(']', start);
  if (end < 0) return null;
  const timestamps = { start, end };
  const cut = timestampCut(text, timestamps, fromS);
  if (cut === null) return null;
  if (cut.count === cut.keep) return { cuts: [], end };
  const first = leadingRange(text, timestamps, cut.keep, cut.count);
  INDICATORS_OPEN.lastIndex = end + 1;
  if (!first || !INDICATORS_OPEN.test(text)) return null;
  const cuts = [first];
  let pos = INDICATORS_OPEN.lastIndex;
  for (;;) {
    if (text.charAt(pos) !== '{') return null;
    const objectEnd = quoteObjectCuts(text, pos, cut.keep, cut.count, cuts);
    if (objectEnd < 0) return null;
    pos = skipSpace(text, objectEnd);
    if (text.charAt(pos) === ']') return { cuts, end: pos };
    if (text.charAt(pos) !== ',') return null;
    pos = skipSpace(text, pos + 1);
  }
}

/** A spark answer's text with each plainly laid out series cut to its bars from `fromS` (epoch s) on. */
export function keepBarsSinceInText(text: string, fromS: number): string {
  const pieces: string[] = [];
  let kept = 0;
  TIMESTAMP_KEY.lastIndex = 0;
  for (let found = TIMESTAMP_KEY.exec(text); found !== null; found = TIMESTAMP_KEY.exec(text)) {
    const series = seriesCuts(text, TIMESTAMP_KEY.lastIndex, fromS);
    if (series === null) continue;
    for (const { from, to } of series.cuts) {
      pieces.push(text.slice(kept, from));
      kept = to;
    }
    TIMESTAMP_KEY.lastIndex = series.end;
  }
  if (pieces.length === 0) return text;
  pieces.push(text.slice(kept));
  return pieces.join('');
}
