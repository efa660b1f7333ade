import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/config.js';
import {
  configFloorProblems,
  formatThresholdValue,
  parseThresholdValue,
  RULE_KEYS,
  THRESHOLD_RULES,
} from '../../src/config/thresholdRules.js';
import { defaultConfigData } from '../support/testConfig.js';

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
      '"abc" is not a number: windowMove.thresholdPct takes a percent from 0.01 (index) or 0.001 (fx) to 50, e.g. 0.75',
    );
    expect(errorOf('windowMove.thresholdPct', 'NaN')).toMatch(/^"NaN" is not a number/);
    expect(errorOf('windowMove.thresholdPct', 'Infinity')).toMatch(/^"Infinity" is not a number/);
    expect(errorOf('windowMove.thresholdPct', '0,5')).toMatch(/use a dot for decimals/);
    expect(errorOf('windowMove.thresholdPct', '  ')).toMatch(/^no value given/);
    expect(errorOf('dayMove.tiersPct', '1, two')).toMatch(/^"two" is not a number: dayMove\.tiersPct takes/);
  });

  it('GIVEN a negative, zero or absurd value THEN the error names the value and the limits', () => {
    expect(errorOf('windowMove.thresholdPct', '-1')).toMatch(
      /^-1 % is negative: .*from 0\.01 \(index\) or 0\.001 \(fx\) to 50/,
    );
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

  it('GIVEN a value below the sane floor THEN it is refused, per instrument kind when the kind is known', () => {
    expect(errorOf('windowMove.thresholdPct', '1e-12')).toMatch(
      /^1e-12 % is below the floor of 0\.001 %; smaller values fire on price noise/,
    );
    expect(errorOf('dayMove.tiersPct', '0.0000001, 1')).toMatch(/^0\.0000001 % is below the floor/);
    expect(errorOf('volatility.zScore', '0.2')).toMatch(/^0\.2 SD is below the floor of 1 SD/);
    expect(parseThresholdValue('volatility.minMovePct', '0.005', 'fx')).toEqual({ ok: true, value: 0.005 });
    const index = parseThresholdValue('volatility.minMovePct', '0.005', 'index');
    expect(index).toMatchObject({
      ok: false,
      error: expect.stringMatching(/floor of 0\.01 % for index instruments/),
    });
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

describe('threshold floors in config validation', () => {
  it('GIVEN kind defaults and overrides below their floors THEN each is refused with its config path', () => {
    const problems = configFloorProblems({
      defaults: {
        index: { windowMove: { windowMinutes: 15, thresholdPct: 1e-12 }, volatility: { zScore: 4 } },
        fx: { dayMove: { tiersPct: [0.0005, 0.3] } },
      },
      instruments: [
        { kind: 'index', thresholds: { volatility: { minMovePct: 0.005 } } },
        { kind: 'fx', thresholds: { volatility: { minMovePct: 0.005 } } },
      ],
    });
    expect(problems).toEqual([
      {
        path: ['defaults', 'index', 'windowMove', 'thresholdPct'],
        message: expect.stringMatching(/^1e-12 % is below the floor of 0\.01 % for index/),
      },
      {
        path: ['defaults', 'fx', 'dayMove', 'tiersPct'],
        message: expect.stringMatching(/^0\.0005 % is below the floor of 0\.001 % for fx/),
      },
      {
        path: ['instruments', 0, 'thresholds', 'volatility', 'minMovePct'],
        message: expect.stringMatching(/floor of 0\.01 %/),
      },
    ]);
  });
});

describe('level floors', () => {
  it('GIVEN a level of 1e-12 THEN /threshold and the config refuse it as finer than one price tick', () => {
    expect(parseThresholdValue('levelCross.levels', '7.2, 1e-12', 'fx')).toEqual({
      ok: false,
      error:
        '1e-12 is below the floor of 0.0001 for fx instruments; a level must be at least one price tick: levelCross.levels takes prices from 0.01 (index) or 0.0001 (fx) to 1000000000, e.g. 7.20, 7.30, or "none"',
    });
    expect(parseThresholdValue('levelCross.levels', '7.2, 0.0001', 'fx')).toEqual({
      ok: true,
      value: [0.0001, 7.2],
    });
    expect(parseThresholdValue('levelCross.levels', '0.005', 'index')).toMatchObject({ ok: false });
    const data = defaultConfigData() as { instruments: { thresholds: Record<string, unknown> }[] };
    const usdcnh = data.instruments[2];
    if (!usdcnh) throw new Error('the shipped config lists USDCNH third');
    usdcnh.thresholds = { levelCross: { levels: [7.2, 1e-12] } };
    expect(validateConfig(data)).toEqual({
      ok: false,
      problems: [
        'instruments.2.thresholds.levelCross.levels: 1e-12 is below the floor of 0.0001 for fx instruments; a level must be at least one price tick',
      ],
    });
  });
});

describe('config validation', () => {
  it('GIVEN a hand-edited config with a 1e-12 % threshold THEN validation refuses it, naming the path and the floor', () => {
    const data = defaultConfigData() as { defaults: { fx: { windowMove: { thresholdPct: number } } } };
    data.defaults.fx.windowMove.thresholdPct = 1e-12;
    expect(validateConfig(data)).toEqual({
      ok: false,
      problems: [
        'defaults.fx.windowMove.thresholdPct: 1e-12 % is below the floor of 0.001 % for fx instruments; smaller values fire on price noise',
      ],
    });
  });
});
