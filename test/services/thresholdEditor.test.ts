import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createThresholdEditor } from '../../src/services/thresholdEditor.js';
import type { Config } from '../../src/config/config.js';
import { silentLog as log } from '../support/silentLog.js';
import { useTempDirs } from '../support/tempDirs.js';
import { useTempStores } from '../store/tempStore.js';

const { dbPath, open } = useTempStores();
const tempDir = useTempDirs('editor-');
const alice = { id: '100000000000000001', name: 'alice' };

function setup() {
  const configPath = join(tempDir(), 'bot.yaml');
  copyFileSync('config/bot.yaml', configPath);
  const store = open(dbPath());
  const applied: Config[] = [];
  const editor = createThresholdEditor({
    configPath,
    audit: store,
    overrides: store,
    apply: (config) => applied.push(config),
    now: () => 42,
    log,
  });
  return { configPath, store, applied, editor };
}

describe('threshold editor', () => {
  it('GIVEN a valid set THEN the file keeps its comments, the change applies live and is audited', async () => {
    const { configPath, store, applied, editor } = setup();
    const before = readFileSync(configPath, 'utf8');
    const outcome = await editor.set('hsi', 'windowMove.thresholdPct', '0.5', alice);
    expect(outcome).toEqual({
      ok: true,
      symbol: 'HSI',
      changes: [{ rule: 'windowMove.thresholdPct', old: '0.75 %', new: '0.5 %' }],
    });
    const after = readFileSync(configPath, 'utf8');
    const comments = (text: string) => text.split('\n').filter((l) => l.trim().startsWith('#'));
    expect(comments(after)).toEqual(comments(before));
    expect(applied[0]?.instruments[0]?.thresholds.windowMove.thresholdPct).toBe(0.5);
    expect(store.thresholdChanges('HSI', 5)).toEqual([
      {
        at: 42,
        userId: alice.id,
        userName: 'alice',
        symbol: 'HSI',
        rule: 'windowMove.thresholdPct',
        oldValue: '0.75 %',
        newValue: '0.5 %',
      },
    ]);
    // Kept as typed for the other replicas of a shared store, which lay it over their own file.
    expect(store.thresholdOverrides()).toEqual([
      { symbol: 'HSI', rule: 'windowMove.thresholdPct', valueText: '0.5', updatedAt: 42 },
    ]);
  });

  it.each([
    ['HSI', 'windowMove.thresholdPct', '1e-12', /^1e-12 % is below the floor of 0\.001 %/],
    [
      'HSI',
      'windowMove.thresholdPct',
      '0.005',
      /thresholdPct: 0\.005 % is below the floor of 0\.01 % for index instruments/,
    ],
    ['USDCNH', 'volatility.zScore', '0.1', /below the floor of 1 SD/],
    [
      'USDCNH',
      'levelCross.levels',
      '7.2, 1e-12',
      /^1e-12 is below the floor of 0\.0001; a level must be at least one price tick/,
    ],
    [
      'HSI',
      'levelCross.levels',
      '0.005',
      /levels: 0\.005 is below the floor of 0\.01 for index instruments; a level must be at least one price tick/,
    ],
  ])(
    'GIVEN /threshold set %s %s %s below the floor THEN it is refused and the file is unchanged',
    async (symbol, rule, value, error) => {
      const { configPath, applied, editor } = setup();
      const before = readFileSync(configPath, 'utf8');
      const outcome = await editor.set(symbol, rule, value, alice);
      expect(outcome).toMatchObject({ ok: false, error: expect.stringMatching(error) });
      expect(readFileSync(configPath, 'utf8')).toBe(before);
      expect(applied).toEqual([]);
    },
  );

  it.each([
    ['HSI', 'windowMove.thresholdPct', 'abc', /not a number|number/i],
    ['HSI', 'windowMove.thresholdPct', '-1', /./],
    ['HSI', 'windowMove.thresholdPct', '75', /too large/],
    ['HSI', 'noSuchRule', '1', /unknown rule "noSuchRule"/],
    ['SPX', 'windowMove.thresholdPct', '1', /SPX/],
    ['HSI', 'dayMove.tiersPct', '2, 1', /increas/],
  ])('GIVEN %s %s %s THEN it is refused and the file is untouched', async (symbol, rule, value, error) => {
    const { configPath, applied, editor } = setup();
    const before = readFileSync(configPath, 'utf8');
    const outcome = await editor.set(symbol, rule, value, alice);
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.error).toMatch(error);
    expect(readFileSync(configPath, 'utf8')).toBe(before);
    expect(applied).toHaveLength(0);
  });

  it('GIVEN a set then a reset THEN the default returns and both are audited', async () => {
    const { store, editor } = setup();
    await editor.set('USDCNH', 'levelCross.levels', '7.25', alice);
    const reset = await editor.reset('USDCNH', 'levelCross.levels', alice);
    expect(reset).toMatchObject({ ok: true, changes: [{ rule: 'levelCross.levels', old: '7.25' }] });
    expect(store.thresholdChanges('USDCNH', 5)).toHaveLength(2);
    // The reset replaces the stored set, so a replica laying the overrides over its file resets it too.
    expect(store.thresholdOverrides()).toEqual([
      { symbol: 'USDCNH', rule: 'levelCross.levels', valueText: null, updatedAt: 42 },
    ]);
  });

  it('GIVEN two edits at the same time THEN neither is lost', async () => {
    const { configPath, editor } = setup();
    await Promise.all([
      editor.set('HSI', 'windowMove.thresholdPct', '0.5', alice),
      editor.set('N225', 'windowMove.thresholdPct', '0.6', alice),
    ]);
    const text = readFileSync(configPath, 'utf8');
    expect(text).toContain('thresholdPct: 0.5');
    expect(text).toContain('thresholdPct: 0.6');
  });
});
