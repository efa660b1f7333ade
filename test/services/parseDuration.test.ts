import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/services/parseDuration.js';

describe('parseDuration', () => {
  it.each([
    ['45m', 45 * 60_000],
    ['2h', 2 * 3_600_000],
    ['1h30m', 90 * 60_000],
    [' 1d ', 86_400_000],
    ['7d', 7 * 86_400_000],
  ])('GIVEN %s THEN %i ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it.each([
    ['soon', /not a duration/],
    ['10', /not a duration/],
    ['-5m', /not a duration/],
    ['0m', /longer than zero/],
    ['8d', /at most 7 days/],
    ['NaNm', /not a duration/],
  ])('GIVEN %s THEN it explains', (text, message) => {
    const result = parseDuration(text);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toMatch(message);
  });
});
