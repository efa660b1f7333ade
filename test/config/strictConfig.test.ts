import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { chaosConfigData } from '../../chaos/chaosConfig.js';
import { validateConfig } from '../../src/config/config.js';
import { parseConfigText } from '../../src/config/loadConfig.js';
import { editDistance, nearestKey } from '../../src/config/nearestKey.js';
import { defaultConfigData, writeAlwaysOpenConfig } from '../support/testConfig.js';
import { useTempDirs } from '../support/tempDirs.js';

type Data = Record<string, any>;
const tempDir = useTempDirs('strict-config-');
const shipped = () => readFileSync('config/bot.yaml', 'utf8');

function problemsOf(text: string): string[] {
  const result = parseConfigText(text);
  return result.ok ? [] : result.problems;
}

function problemsOfData(edit: (data: Data) => void): string[] {
  const data = defaultConfigData() as Data;
  edit(data);
  const result = validateConfig(data);
  return result.ok ? [] : result.problems;
}

describe('nearest key', () => {
  it('GIVEN a dropped letter, a transposition or another case THEN each is one edit or none', () => {
    expect(editDistance('windowMinuts', 'windowMinutes')).toBe(1);
    expect(editDistance('widnowMinutes', 'windowMinutes')).toBe(1);
    expect(editDistance('cooldownminutes', 'cooldownMinutes')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('GIVEN candidates THEN the closest within a third of the length wins, and nothing when none is close', () => {
    expect(nearestKey('tresholdPct', ['windowMinutes', 'thresholdPct'])).toBe('thresholdPct');
    expect(nearestKey('colour', ['schedule', 'alerting', 'discord'])).toBeUndefined();
    expect(nearestKey('ab', ['ax', 'xy'])).toBe('ax');
  });
});

describe('a strict config: every problem in one run', () => {
  it('GIVEN an unknown market, a negative cooldown and a misspelt key THEN all three are reported at once', () => {
    const text = shipped()
      .replace('market: TSE', 'market: OSE')
      .replace('cooldownMinutes: 30', 'cooldownMinutes: -5')
      .replace(
        'windowMove: { windowMinutes: 15, thresholdPct: 0.75 }',
        'windowMove: { windowMinuts: 15, thresholdPct: 0.75 }',
      );
    expect(problemsOf(text)).toEqual([
      'defaults.index.windowMove.windowMinuts: unknown key; did you mean "windowMinutes"? Rename it',
      'alerting.cooldownMinutes: -5 is too small; use a number ≥ 0',
      expect.stringMatching(
        /^instruments\.1\.market: unknown market "OSE"; define it under markets or use one of: HKEX, TSE, FX\b/,
      ),
    ]);
  });

  it('GIVEN a misspelt override and an unknown top-level key THEN both are errors, with a suggestion where one is close', () => {
    const text = `${shipped().replace(
      /(id: HSI[\s\S]*?)thresholds: \{\}/,
      '$1thresholds: { windowMove: { tresholdPct: 0.05 } }',
    )}colour: red\n`;
    const problems = problemsOf(text);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toBe(
      'instruments.0.thresholds.windowMove.tresholdPct: unknown key; did you mean "thresholdPct"? Rename it',
    );
    expect(problems[1]).toMatch(
      /^colour: unknown key; remove it \(keys at the top level: schedule, providers, /,
    );
  });

  it('GIVEN a misspelt key whose correct key has a default THEN the misspelling is the one problem', () => {
    const problems = problemsOfData((d) => {
      delete d.alerting.cooldownMinutes;
      d.alerting.coolDownMinuts = 5;
    });
    expect(problems).toEqual([
      'alerting.coolDownMinuts: unknown key; did you mean "cooldownMinutes"? Rename it',
    ]);
  });

  it('GIVEN an unknown key beside the key it resembles THEN it is not suggested again: remove it', () => {
    const problems = problemsOfData((d) => (d.alerting.coolDownMinutes = 5));
    expect(problems).toEqual([
      'alerting.coolDownMinutes: unknown key; remove it (keys at alerting: cooldownMinutes, holdPolls)',
    ]);
  });

  it('GIVEN an unknown key in a market THEN the keys offered are those of its type', () => {
    const problems = problemsOfData((d) => {
      delete d.markets.FX.dayRollsAt;
      d.markets.FX.dayRollAt = '17:00';
      d.markets.HKEX.sesions = d.markets.HKEX.sessions;
      delete d.markets.HKEX.sessions;
    });
    expect(problems).toEqual([
      'markets.HKEX.sesions: unknown key; did you mean "sessions"? Rename it',
      'markets.FX.dayRollAt: unknown key; did you mean "dayRollsAt"? Rename it',
    ]);
  });

  it('GIVEN wrong values THEN each message says what was written and what to write', () => {
    const problems = problemsOfData((d) => {
      d.discord.colorConvention = 'asain';
      d.markets.FX.type = 'contiguous';
      d.instruments[0].decimals = 'two';
      delete d.instruments[0].name;
      d.instruments[1].symbols.yahoo = '';
      d.defaults.fx.dayMove.tiersPct = [];
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'discord.colorConvention: "asain" is not allowed; did you mean "asian"? (use one of: western, asian)',
        'markets.FX.type: "contiguous" is not a known type; use one of: exchange, continuous',
        'instruments.0.decimals: "two" is not a number; write a number',
        'instruments.0.name: missing; add text',
        'instruments.1.symbols.yahoo: "" is empty; write a value',
        'defaults.fx.dayMove.tiersPct: needs at least 1 item(s)',
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it('GIVEN a schema error where a cross-field rule also applies THEN that place is reported once', () => {
    // -1 is both below the schema minimum and below the floor: one problem, the schema's.
    const problems = problemsOfData((d) => (d.defaults.index.windowMove.thresholdPct = -1));
    expect(problems).toEqual(['defaults.index.windowMove.thresholdPct: -1 is too small; use a number > 0']);
  });

  it('GIVEN cross-field mistakes beside a broken shape THEN they are still found', () => {
    const problems = problemsOfData((d) => {
      d.schedule = 'every minute';
      d.instruments[2].id = 'HSI';
      d.events.list = [
        { id: 'a', time: '2025-06-02T10:00:00+08:00', title: 'x' },
        { id: 'a', time: 'yesterday', title: 'y' },
      ];
      d.defaults.fx.windowMove.thresholdPct = 0.0001;
    });
    expect(problems).toEqual([
      'schedule: "every minute" is not a map of keys; write a map of keys',
      'events.list.1.time: Invalid ISO datetime',
      'instruments.2.id: duplicate instrument id HSI; give each a new id',
      'events.list.1.id: duplicate event id a; give each a new id',
      'defaults.fx.windowMove.thresholdPct: 0.0001 % is below the floor of 0.001 % for fx instruments; smaller values fire on price noise',
    ]);
  });
});

describe('every config the repo ships or builds', () => {
  it('GIVEN the shipped, demo, chaos and test configs THEN each is valid under the strict schema', () => {
    const texts = [shipped(), readFileSync('data/demo/config.yaml', 'utf8')];
    const dir = tempDir();
    texts.push(readFileSync(writeAlwaysOpenConfig(dir), 'utf8'));
    const built = [
      ...texts.map((t) => parse(t) as unknown),
      chaosConfigData('1'.repeat(18), {
        alerts: '2'.repeat(18),
        fx: '3'.repeat(18),
        refused: '4'.repeat(18),
      }),
    ];
    for (const data of built) expect(validateConfig(data)).toMatchObject({ ok: true });
  });
});
