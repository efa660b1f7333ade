import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { resetThreshold, setThreshold } from '../../src/config/editThresholds.js';
import { parseConfigText } from '../../src/config/loadConfig.js';
import { parseThresholdValue } from '../../src/config/thresholdRules.js';
import type { RuleKey, ThresholdValue } from '../../src/config/thresholdRules.js';

const original = readFileSync(new URL('../../config/bot.yaml', import.meta.url), 'utf8');

/** The lines an edit replaced: what the texts share at the start and at the end is left out. */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (
    end < a.length - start &&
    end < b.length - start &&
    a[a.length - 1 - end] === b[b.length - 1 - end]
  ) {
    end++;
  }
  return { removed: a.slice(start, a.length - end), added: b.slice(start, b.length - end) };
}

const commentLines = (text: string) => text.split('\n').filter((l) => l.trim().startsWith('#'));
/** Every comment, whole-line or inline, in order; a re-rendered inline comment may move to its own line. */
const comments = (text: string) => text.match(/#.*$/gm)?.map((c) => c.trimEnd()) ?? [];

function nested(path: string[], value: unknown): unknown {
  return path.reduceRight((inner, key) => ({ [key]: inner }), value);
}

function effective(text: string, id: string) {
  const result = parseConfigText(text);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  const instrument = result.config.instruments.find((i) => i.id === id);
  if (!instrument) throw new Error(`no ${id}`);
  return instrument.thresholds as unknown as Record<string, Record<string, unknown>>;
}

function valueOf(thresholds: Record<string, unknown>, rule: RuleKey): unknown {
  return rule.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], thresholds);
}

function parsed(rule: RuleKey, text: string): ThresholdValue {
  const result = parseThresholdValue(rule, text);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

// [rule, what a person types, the effective value it gives]
const samples: [RuleKey, string, ThresholdValue][] = [
  ['dayMove.tiersPct', '1.5, 2.5', [1.5, 2.5]],
  ['windowMove.thresholdPct', '0.5', 0.5],
  ['windowMove.windowMinutes', '30', 30],
  ['volatility.zScore', '3.5', 3.5],
  ['volatility.minMovePct', '0.2', 0.2],
  ['volatility.lookbackReturns', '60', 60],
  ['levelCross.levels', '26000 25000', [25000, 26000]],
  ['levelCross.hysteresisPct', '0.05', 0.05],
  ['sanityJumpPct', '10', 10],
];

describe('setThreshold on the shipped config', () => {
  it.each(samples)(
    'GIVEN %s = "%s" for HSI THEN only its `thresholds: {}` line becomes a block and the effective value changes',
    (rule, typed, after) => {
      const before = valueOf(effective(original, 'HSI'), rule);
      expect(before).not.toEqual(after);
      const result = setThreshold(original, 'HSI', rule, parsed(rule, typed));
      if (!result.ok) throw new Error(result.error);
      expect(result.old).toEqual(before);
      expect(result.new).toEqual(after);
      expect(result.rules).toEqual([rule]);
      expect(valueOf(effective(result.text, 'HSI'), rule)).toEqual(after);
      expect(valueOf(result.config.instruments[0]?.thresholds ?? {}, rule)).toEqual(after);
      expect(effective(result.text, 'N225')).toEqual(effective(original, 'N225'));

      const { removed, added } = changedLines(original, result.text);
      expect(removed).toEqual(['    thresholds: {}']);
      expect(added[0]).toBe('    thresholds:');
      expect(added.slice(1).every((l) => l.startsWith('      '))).toBe(true);
      expect(parse(added.join('\n'))).toEqual({ thresholds: nested(rule.split('.'), after) });
      expect(commentLines(result.text)).toEqual(commentLines(original));
    },
  );

  it('GIVEN new levels for USDCNH THEN only its levels line changes', () => {
    const result = setThreshold(original, 'USDCNH', 'levelCross.levels', [7.1, 7.25]);
    if (!result.ok) throw new Error(result.error);
    expect(changedLines(original, result.text)).toEqual({
      removed: ['        levels: [7.20, 7.30]'],
      added: ['        levels: [7.1, 7.25]'],
    });
    expect(result.old).toEqual([7.2, 7.3]);
    expect(result.new).toEqual([7.1, 7.25]);
  });

  it('GIVEN a second override for USDCNH THEN it is added as one line, keeping the levels as written', () => {
    const result = setThreshold(original, 'USDCNH', 'sanityJumpPct', 3);
    if (!result.ok) throw new Error(result.error);
    expect(changedLines(original, result.text)).toEqual({ removed: [], added: ['      sanityJumpPct: 3'] });
    expect(effective(result.text, 'USDCNH').levelCross).toEqual({ levels: [7.2, 7.3], hysteresisPct: 0.02 });
  });

  it('GIVEN two rules of one group THEN they share the group map', () => {
    const first = setThreshold(original, 'HSI', 'volatility.zScore', 5);
    if (!first.ok) throw new Error(first.error);
    const second = setThreshold(first.text, 'HSI', 'volatility.minMovePct', 0.4);
    if (!second.ok) throw new Error(second.error);
    expect(changedLines(original, second.text).added).toEqual([
      '    thresholds:',
      '      volatility:',
      '        zScore: 5',
      '        minMovePct: 0.4',
    ]);
    expect(effective(second.text, 'HSI').volatility).toEqual({
      lookbackReturns: 30,
      zScore: 5,
      minMovePct: 0.4,
    });
  });

  it('GIVEN a symbol in lower case THEN the instrument is found', () => {
    const result = setThreshold(original, 'n225', 'sanityJumpPct', 15);
    expect(result.ok && result.instrument).toBe('N225');
  });
});

describe('resetThreshold', () => {
  it('GIVEN a rule set and then reset THEN the effective value and the text are the original ones', () => {
    for (const [rule, typed] of samples) {
      const before = valueOf(effective(original, 'HSI'), rule);
      const set = setThreshold(original, 'HSI', rule, parsed(rule, typed));
      if (!set.ok) throw new Error(set.error);
      const reset = resetThreshold(set.text, 'HSI', rule);
      if (!reset.ok) throw new Error(reset.error);
      expect(reset.new).toEqual(before);
      expect(reset.rules).toEqual([rule]);
      expect(reset.text).toBe(original);
    }
  });

  it('GIVEN two overrides and one reset THEN the other stays', () => {
    const a = setThreshold(original, 'HSI', 'windowMove.thresholdPct', 0.5);
    if (!a.ok) throw new Error(a.error);
    const b = setThreshold(a.text, 'HSI', 'windowMove.windowMinutes', 30);
    if (!b.ok) throw new Error(b.error);
    const reset = resetThreshold(b.text, 'HSI', 'windowMove.windowMinutes');
    if (!reset.ok) throw new Error(reset.error);
    expect(reset.old).toBe(30);
    expect(reset.new).toBe(effective(original, 'HSI').windowMove?.windowMinutes);
    expect(reset.text).toBe(a.text);
  });

  it('GIVEN no rule THEN every override of the instrument goes and `thresholds: {}` remains', () => {
    const result = resetThreshold(original, 'USDCNH');
    if (!result.ok) throw new Error(result.error);
    expect(result.rules).toEqual(['levelCross.levels']);
    expect(changedLines(original, result.text)).toEqual({
      removed: ['    thresholds:', '      levelCross:', '        levels: [7.20, 7.30]'],
      added: ['    thresholds: {}'],
    });
    expect(result.old.levelCross.levels).toEqual([7.2, 7.3]);
    expect(result.new.levelCross.levels).toEqual([]);
  });

  it('GIVEN nothing to reset THEN the text is returned unchanged and no rule is listed', () => {
    const result = resetThreshold(original, 'HSI', 'sanityJumpPct');
    if (!result.ok) throw new Error(result.error);
    expect(result.text).toBe(original);
    expect(result.rules).toEqual([]);
    expect(result.old).toBe(effective(original, 'HSI').sanityJumpPct);
    expect(result.new).toBe(result.old);
  });
});

describe('refused threshold edits', () => {
  it('GIVEN an unknown symbol THEN the error lists the known ids and no text comes back', () => {
    const result = setThreshold(original, 'SPX', 'sanityJumpPct', 10);
    expect(result).toEqual({
      ok: false,
      error: 'unknown instrument "SPX"; known: HSI, N225, USDCNH, USDCNY',
    });
    expect(resetThreshold(original, 'SPX')).toMatchObject({ ok: false, error: /unknown instrument "SPX"/ });
  });

  it('GIVEN an unknown rule THEN the error lists the rules', () => {
    const set = setThreshold(original, 'HSI', 'dayMove.tiers' as RuleKey, 1);
    expect(set).toMatchObject({
      ok: false,
      error: /^unknown rule "dayMove\.tiers"; rules: dayMove\.tiersPct/,
    });
    expect(resetThreshold(original, 'HSI', 'nope' as RuleKey)).toMatchObject({ ok: false });
  });

  it('GIVEN values a person might type wrong THEN parsing refuses them before any edit', () => {
    for (const [rule, typed] of [
      ['windowMove.thresholdPct', 'NaN'],
      ['windowMove.thresholdPct', '-0.5'],
      ['windowMove.thresholdPct', '75'],
      ['volatility.zScore', '100'],
      ['dayMove.tiersPct', '1, 3, 2'],
    ] as const) {
      const result = parseThresholdValue(rule, typed);
      expect(result.ok).toBe(false);
      expect(result).not.toHaveProperty('value');
    }
  });

  it('GIVEN values the schema rejects THEN the edit is refused with the schema problem and no text', () => {
    const lookback = setThreshold(original, 'HSI', 'volatility.lookbackReturns', 2);
    expect(lookback).toEqual({
      ok: false,
      error:
        'refused, the config would be invalid: instruments.0.thresholds.volatility.lookbackReturns: 2 is too small; use a number ≥ 5',
    });
    expect(setThreshold(original, 'HSI', 'dayMove.tiersPct', [2, 1])).toMatchObject({
      ok: false,
      error: /instruments\.0\.thresholds\.dayMove\.tiersPct: tiers must be strictly increasing/,
    });
    expect(setThreshold(original, 'HSI', 'windowMove.thresholdPct', Number.NaN)).toMatchObject({ ok: false });
    expect(setThreshold(original, 'HSI', 'sanityJumpPct', -1)).not.toHaveProperty('text');
  });

  it('GIVEN a config that is already invalid THEN no edit is made', () => {
    const broken = original.replace("cron: '* * * * *'", "cron: '61 * * * *'");
    expect(setThreshold(broken, 'HSI', 'sanityJumpPct', 10)).toMatchObject({
      ok: false,
      error: /^the config already has problems; fix the file first: schedule\.cron: invalid cron/,
    });
  });
});

describe('threshold edits in unusual hand-written layouts', () => {
  const start = original.indexOf('instruments:\n');
  const end = original.indexOf('\n# Thresholds per');
  const odd =
    original.slice(0, start) +
    [
      'instruments:',
      '  - { id: AA, name: A, kind: index, market: HKEX, symbols: { yahoo: A }, thresholds: { sanityJumpPct: 3 } } # a',
      '  - id: BB   # bb',
      '    name: B',
      '    kind: fx',
      '    market: FX',
      '    symbols: { yahoo: B }',
      '    thresholds:   # over',
      '      # lead',
      '      levelCross:',
      '        levels: [7.20, 7.30] # trail',
      '        # inner tail',
      '',
      '    # before next',
      '  - id: CC',
      '    name: C',
      '    kind: index',
      '    market: TSE',
      '    symbols: { yahoo: C }',
      '    thresholds: { dayMove: { tiersPct: [ 1, 2 ] } }   # c',
      '  - id: DD',
      '    name: D',
      '    kind: index',
      '    market: TSE',
      '    symbols: { yahoo: D } # d',
      '',
    ].join('\n') +
    original.slice(end);

  function edit(id: string, rule: RuleKey, value: ThresholdValue) {
    const result = setThreshold(odd, id, rule, value);
    if (!result.ok) throw new Error(result.error);
    return { ...changedLines(odd, result.text), result };
  }

  it('GIVEN an instrument written as a flow map THEN the override is added inside it on the same line', () => {
    const { removed, added, result } = edit('AA', 'windowMove.thresholdPct', 0.4);
    expect(removed).toHaveLength(1);
    expect(added).toEqual([
      '  - { id: AA, name: A, kind: index, market: HKEX, symbols: { yahoo: A }, thresholds: { sanityJumpPct: 3, windowMove: { thresholdPct: 0.4 } } } # a',
    ]);
    expect(effective(result.text, 'AA').windowMove).toEqual({ windowMinutes: 15, thresholdPct: 0.4 });
  });

  it('GIVEN comments inside an override block THEN each survives and trailing ones stay byte-for-byte', () => {
    const { result } = edit('BB', 'levelCross.levels', [7.4]);
    expect(comments(result.text)).toEqual(comments(odd));
    expect(result.text).toContain(
      '        levels: [7.4] # trail\n        # inner tail\n\n    # before next\n',
    );
    expect(effective(result.text, 'BB').levelCross).toEqual({ levels: [7.4], hysteresisPct: 0.02 });
  });

  it('GIVEN a non-empty flow override map THEN it stays a flow map', () => {
    const { removed, added } = edit('CC', 'sanityJumpPct', 8);
    expect(removed).toEqual(['    thresholds: { dayMove: { tiersPct: [ 1, 2 ] } }   # c']);
    expect(added).toEqual(['    thresholds: { dayMove: { tiersPct: [1, 2] }, sanityJumpPct: 8 } # c']);
  });

  it('GIVEN an instrument without a thresholds key THEN one is added after its last line', () => {
    const { removed, added, result } = edit('DD', 'volatility.zScore', 6);
    expect(removed).toEqual([]);
    expect(added).toEqual(['    thresholds:', '      volatility:', '        zScore: 6']);
    expect(result.text).toContain('    symbols: { yahoo: D } # d\n    thresholds:\n');
  });

  it('GIVEN a reset of a whole commented block THEN `thresholds: {}` replaces it and later lines are untouched', () => {
    const result = resetThreshold(odd, 'BB');
    if (!result.ok) throw new Error(result.error);
    const { removed, added } = changedLines(odd, result.text);
    expect(removed).toEqual([
      '    thresholds:   # over',
      '      # lead',
      '      levelCross:',
      '        levels: [7.20, 7.30] # trail',
    ]);
    expect(added).toEqual(['    thresholds: {}']);
  });
});
