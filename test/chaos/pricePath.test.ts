import { describe, expect, it } from 'vitest';
import { alertKey, expectedAlerts, PATHS, type InstrumentPath } from '../../chaos/pricePath.js';

const INDEX = {
  dayMove: { tiersPct: [1, 2, 3, 5] },
  levelCross: { levels: [], hysteresisPct: 0.1 },
};

const pathOf = (plateausPct: number[]): InstrumentPath => ({
  id: 'HSI',
  yahooSymbol: '^HSI',
  fixture: 'yahoo/hsi-2025-06-02.json',
  decimals: 2,
  plateausPct,
  badTickPct: -25,
});

describe('expectedAlerts', () => {
  it('GIVEN the HSI path and the shipped index tiers THEN four up tiers, the 5 % one top tier, then two down tiers', () => {
    const hsi = PATHS.find((p) => p.id === 'HSI') as InstrumentPath;
    const expected = expectedAlerts(hsi, 23_289.77, INDEX);
    expect(expected.map(alertKey)).toEqual([
      'HSI:dayMove:up:1',
      'HSI:dayMove:up:2',
      'HSI:dayMove:up:3',
      'HSI:dayMove:up:4',
      'HSI:dayMove:down:1',
      'HSI:dayMove:down:2',
    ]);
    expect(expected.filter((e) => e.topTier).map(alertKey)).toEqual(['HSI:dayMove:up:4']);
  });

  it('GIVEN a jump past two tiers and a return to a lower one THEN only the highest tier is expected, once', () => {
    const expected = expectedAlerts(pathOf([0.5, 2.5, 1.5, 2.6]), 20_000, INDEX);
    expect(expected.map(alertKey)).toEqual(['HSI:dayMove:up:2']);
  });

  it('GIVEN a price wobbling inside the hysteresis band THEN no cross is expected', () => {
    const fx = { dayMove: { tiersPct: [50] }, levelCross: { levels: [100], hysteresisPct: 1 } };
    expect(expectedAlerts(pathOf([0, 0.5, -0.5, 0.9]), 99, fx)).toEqual([]);
  });

  it('GIVEN two round trips across a level THEN one cross per direction (the cooldown mutes the second)', () => {
    const fx = { dayMove: { tiersPct: [50] }, levelCross: { levels: [100], hysteresisPct: 1 } };
    expect(expectedAlerts(pathOf([3, -3, 3, -3]), 99, fx).map(alertKey)).toEqual([
      'HSI:levelCross:up:100',
      'HSI:levelCross:down:100',
    ]);
    expect(expectedAlerts(pathOf([3, -3, 3]), 101, fx).map(alertKey)).toEqual([
      'HSI:levelCross:down:100',
      'HSI:levelCross:up:100',
    ]);
  });
});
