/**
 * What GDELT's DOC 2.0 API rejects, checked when the config loads instead of at the first poll.
 * GDELT answers a bad query with status 200 and a sentence ("Queries containing OR'd terms must be
 * surrounded by ()", "One or more of your keywords contained an illegal character. To use a dash in
 * a word, place it in quotes", "Your query was too short or too long"), so catching these early
 * saves a silent, permanently failing source. See docs/news-sources.md.
 */

const OPERATOR = /^-?[a-z]+:/i;

/** The query with every "quoted phrase" blanked, so words outside quotes can be checked alone. */
function withoutPhrases(query: string): string {
  return query.replace(/"[^"]*"/g, (m) => ' '.repeat(m.length));
}

function parenthesisProblems(bare: string): string[] {
  let depth = 0;
  for (const c of bare) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (depth < 0) return ['a ")" closes no "("'];
  }
  return depth === 0 ? [] : ['a "(" is never closed'];
}

function orOutsideGroups(bare: string): boolean {
  let depth = 0;
  let outside = '';
  for (const c of bare) {
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0) outside += c;
  }
  return /(^|\s)OR(\s|$)/.test(outside);
}

function wordProblems(bare: string): string[] {
  const words = bare.split(/[\s()]+/).filter((w) => w && w !== 'OR' && w !== 'AND' && !OPERATOR.test(w));
  const problems: string[] = [];
  const dashed = words.find((w) => /\w-\w/.test(w));
  if (dashed) problems.push(`${dashed} has a dash: GDELT accepts dashes only inside quotes, like "f-16"`);
  const tiny = words.find((w) => w.replace(/^-/, '').length < 2);
  if (tiny) problems.push(`"${tiny}" is too short for a GDELT keyword (at least 2 letters)`);
  return problems;
}

/** Every rule of GDELT's query syntax the query breaks; empty when GDELT should accept it. */
export function gdeltQueryProblems(query: string): string[] {
  if ((query.match(/"/g) ?? []).length % 2 !== 0) return ['a quoted phrase is never closed'];
  const bare = withoutPhrases(query);
  const problems = parenthesisProblems(bare);
  if (problems.length > 0) return problems;
  if (orOutsideGroups(bare)) problems.push("GDELT requires OR'd terms inside parentheses: (a OR b)");
  return [...problems, ...wordProblems(bare)];
}

const TIMESPAN = /^(\d+)(min|h|hours|d|days|w|weeks)$/i;

/** Why a GDELT TIMESPAN value is unusable, or null. GDELT updates every 15 minutes, its floor. */
export function gdeltTimespanProblem(timespan: string): string | null {
  const m = TIMESPAN.exec(timespan);
  if (!m) return `"${timespan}" is not a GDELT timespan such as 30min, 1h, 2d or 1w`;
  if (m[2]?.toLowerCase() === 'min' && Number(m[1]) < 15) {
    return `"${timespan}" is under 15min, GDELT's update interval`;
  }
  return null;
}
