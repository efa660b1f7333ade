import { describe, expect, it } from 'vitest';
import {
  formatThresholdValue,
  parseThresholdValue,
  RULE_KEYS,
  THRESHOLD_RULES,
} from '../../src/config/thresholdRules.js';

function errorOf(rule: string, text: string): string {
  const result = parseThresholdValue(rule, text);
  if (result.ok) throw new Error(`expected "${text}" to be refused for ${rule}`);
  return result.error;
}

describe('threshold rule catalogue', () => {
  it('GIVEN the catalogue THEN it lists every editable rule once with a Discord-sized description', () => {
    expect(THRESHOLD_RULES.map((r) => r.key)).toEqual([...RULE_KEYS]);
    expect(new Set(RULE_KEYS).size).toBe(9);
    for (const rule of THRESHOLD_RULES) {
      expect(rule.description.length).toBeGreaterThan(10);
      expect(rule.description.length).toBeLessThanOrEqual(100);
    }
  });

  it('GIVEN the example of each rule THEN it parses', () => {
    for (const rule of THRESHOLD_RULES) expect(parseThresholdValue(rule.key, rule.example).ok).toBe(true);
  });
});

describe('parseThresholdValue', () => {
  it('GIVEN plain numbers, percents and lists THEN they parse to numbers', () => {
    expect(parseThresholdValue('windowMove.thresholdPct', '0.75')).toEqual({ ok: true, value: 0.75 });
    expect(parseThresholdValue('windowMove.thresholdPct', ' 0.75 % ')).toEqual({ ok: true, value: 0.75 });
    expect(parseThresholdValue('windowMove.windowMinutes', '30')).toEqual({ ok: true, value: 30 });
    expect(parseThresholdValue('dayMove.tiersPct', '1, 2, 3, 5')).toEqual({ ok: true, value: [1, 2, 3, 5] });
    expect(parseThresholdValue('dayMove.tiersPct', '1 2 3')).toEqual({ ok: true, value: [1, 2, 3] });
    expect(parseThresholdValue('dayMove.tiersPct', '0.5%, 1%')).toEqual({ ok: true, value: [0.5, 1] });
    expect(parseThresholdValue('levelCross.hysteresisPct', '0')).toEqual({ ok: true, value: 0 });
  });

  it('GIVEN levels THEN they are sorted and deduplicated, and "none" clears them', () => {
    expect(parseThresholdValue('levelCross.levels', '7.30 7.20, 7.3')).toEqual({
      ok: true,
      value: [7.2, 7.3],
    });
    expect(parseThresholdValue('levelCross.levels', 'none')).toEqual({ ok: true, value: [] });
  });

  it('GIVEN something that is not a number THEN the error says so and what is allowed', () => {
    expect(errorOf('windowMove.thresholdPct', 'abc')).toBe(
      '"abc" is not a number: windowMove.thresholdPct takes a percent above 0 and at most 50, e.g. 0.75',
    );
    expect(errorOf('windowMove.thresholdPct', 'NaN')).toMatch(/^"NaN" is not a number/);
    expect(errorOf('windowMove.thresholdPct', 'Infinity')).toMatch(/^"Infinity" is not a number/);
    expect(errorOf('windowMove.thresholdPct', '0,5')).toMatch(/use a dot for decimals/);
    expect(errorOf('windowMove.thresholdPct', '  ')).toMatch(/^no value given/);
    expect(errorOf('dayMove.tiersPct', '1, two')).toMatch(/^"two" is not a number: dayMove\.tiersPct takes/);
  });

  it('GIVEN a negative, zero or absurd value THEN the error names the value and the limits', () => {
    expect(errorOf('windowMove.thresholdPct', '-1')).toMatch(/^-1 % is negative: .*above 0 and at most 50/);
    expect(errorOf('windowMove.thresholdPct', '0')).toMatch(/^0 % is too small/);
    expect(errorOf('windowMove.thresholdPct', '75')).toMatch(/^75 % is too large/);
    expect(errorOf('volatility.minMovePct', '51')).toMatch(/^51 % is too large/);
    expect(errorOf('windowMove.windowMinutes', '300')).toBe(
      '300 min is too large: windowMove.windowMinutes takes a whole number of minutes from 1 to 240, e.g. 15',
    );
    expect(errorOf('windowMove.windowMinutes', '2.5')).toMatch(/^2\.5 min is not a whole number/);
    expect(errorOf('volatility.zScore', '25')).toMatch(/^25 SD is too large/);
    expect(errorOf('volatility.lookbackReturns', '2000')).toMatch(/^2000 returns is too large/);
    expect(errorOf('volatility.lookbackReturns', '3')).toMatch(/^3 returns is too small: .*from 5 to 1000/);
    expect(errorOf('levelCross.hysteresisPct', '6')).toMatch(/^6 % is too large/);
    expect(errorOf('levelCross.levels', '7.2, -7')).toMatch(
      /^-7 is negative: levelCross\.levels takes prices/,
    );
    expect(errorOf('sanityJumpPct', '0')).toMatch(/^0 % is too small/);
  });

  it('GIVEN tiers that do not increase THEN the error points at the offending pair', () => {
    expect(errorOf('dayMove.tiersPct', '1, 3, 2')).toMatch(/^tiers must increase, but 2 follows 3/);
    expect(errorOf('dayMove.tiersPct', '1 1')).toMatch(/^tiers must increase, but 1 follows 1/);
    expect(errorOf('dayMove.tiersPct', 'none')).toMatch(/not a number/);
  });

  it('GIVEN an unknown rule THEN the error lists the rules', () => {
    expect(errorOf('dayMove.tiers', '1')).toMatch(
      /^unknown rule "dayMove\.tiers"; rules: dayMove\.tiersPct, /,
    );
  });
});

describe('formatThresholdValue', () => {
  it('GIVEN values THEN they read like a person writes them', () => {
    expect(formatThresholdValue('windowMove.thresholdPct', 0.75)).toBe('0.75 %');
    expect(formatThresholdValue('dayMove.tiersPct', [1, 2, 3, 5])).toBe('1, 2, 3, 5 %');
    expect(formatThresholdValue('levelCross.levels', [])).toBe('none');
    expect(formatThresholdValue('levelCross.levels', [7.2, 7.3])).toBe('7.2, 7.3');
    expect(formatThresholdValue('windowMove.windowMinutes', 15)).toBe('15 min');
  });
});
