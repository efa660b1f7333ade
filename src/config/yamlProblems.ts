import type { YAMLError } from 'yaml';

/** What to do about the YAML mistakes people make by hand; the others keep the parser's wording. */
const ADVICE: Readonly<Partial<Record<YAMLError['code'], string>>> = {
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  DUPLICATE_KEY: 'keep one of them (merge their contents into the first)',
};

/** The key at `pos` in the source text, for a duplicate key's message. */
function keyAt(text: string, pos: number): string | undefined {
  const key = /^\s*['"]?([^'":\n]+)['"]?\s*:/.exec(text.slice(pos))?.[1]?.trim();
  return key === undefined || key.length === 0 ? undefined : key;
}

/**
 * One complete line for a YAML syntax error: what is wrong, where (line and column), what to do.
 * The parser's own message ends in a colon before a code excerpt, which a one-line list cannot show.
 */
export function yamlProblem(error: YAMLError, text: string): string {
  const at = error.linePos?.[0];
  const where = at ? ` at line ${at.line}, column ${at.col}` : '';
  const first = error.message.split('\n')[0] ?? error.message;
  // prettyErrors appends " at line L, column C:" before a code excerpt; the place is given once, here.
  const what = first.replace(/ at line \d+, column \d+:?\s*$/, '').replace(/[:.]\s*$/, '');
  const key = error.code === 'DUPLICATE_KEY' ? keyAt(text, error.pos[0]) : undefined;
  const detail = key === undefined ? what : `${what} ("${key}" is written twice in one map)`;
  const advice = ADVICE[error.code];
  return `YAML syntax: ${detail}${where}${advice === undefined ? '' : `; ${advice}`}`;
}
