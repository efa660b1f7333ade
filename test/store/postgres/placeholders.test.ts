import { describe, expect, it } from 'vitest';
import { toNumberedPlaceholders } from '../../../src/store/postgres/placeholders.js';

describe('toNumberedPlaceholders', () => {
  it('GIVEN question marks THEN numbers them in order', () => {
    expect(toNumberedPlaceholders('SELECT a FROM t WHERE b = ? AND c IN (?, ?) LIMIT ?')).toBe(
      'SELECT a FROM t WHERE b = $1 AND c IN ($2, $3) LIMIT $4',
    );
  });

  it('GIVEN question marks inside literals, quoted names and comments THEN leaves them as text', () => {
    const sql = `SELECT '?', 'it''s ?', "odd?name", x -- why?
      FROM t /* really? */ WHERE y = ?`;
    expect(toNumberedPlaceholders(sql)).toBe(`SELECT '?', 'it''s ?', "odd?name", x -- why?
      FROM t /* really? */ WHERE y = $1`);
  });

  it('GIVEN a literal that never closes THEN numbers nothing after its quote', () => {
    expect(toNumberedPlaceholders("SELECT ? WHERE a = 'open ?")).toBe("SELECT $1 WHERE a = 'open ?");
  });
});
