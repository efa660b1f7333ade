/**
 * The store's SQL is written once, with SQLite's `?` placeholders; PostgreSQL numbers them (`$1`,
 * `$2`, …). A `?` inside a string literal, a quoted identifier or a comment is text, not a
 * parameter, and stays as it is.
 */
export function toNumberedPlaceholders(sql: string): string {
  let out = '';
  let n = 0;
  let i = 0;
  while (i < sql.length) {
    const skip = quotedEnd(sql, i);
    if (skip > i) {
      out += sql.slice(i, skip);
      i = skip;
    } else {
      const ch = sql[i] as string;
      out += ch === '?' ? `$${++n}` : ch;
      i += 1;
    }
  }
  return out;
}

/** Where the literal, quoted identifier or comment starting at i ends; i itself when none starts there. */
function quotedEnd(sql: string, i: number): number {
  const ch = sql[i];
  if (ch === "'" || ch === '"') return closingQuote(sql, i, ch);
  if (sql.startsWith('--', i)) {
    const end = sql.indexOf('\n', i);
    return end === -1 ? sql.length : end;
  }
  if (sql.startsWith('/*', i)) {
    const end = sql.indexOf('*/', i + 2);
    return end === -1 ? sql.length : end + 2;
  }
  return i;
}

/** A doubled quote is an escaped quote inside the literal, so scanning goes on past it. */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] !== quote) return i + 1;
      i += 2;
    } else {
      i += 1;
    }
  }
  return sql.length;
}
