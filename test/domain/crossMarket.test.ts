import { describe, expect, it } from 'vitest';
import { CROSS_MARKET_DEFAULTS } from '../../src/config/crossMarketSchema.js';
import type { Alert } from '../../src/domain/alert.js';
import { createCrossMarket } from '../../src/domain/crossMarket.js';
import type { WindowMove } from '../../src/domain/engine.js';

const T = Date.parse('2025-06-02T02:12:00Z');

function moves(hsi: number, n225: number, cnh: number, time = T): Map<string, WindowMove> {
  const m = (changePct: number, price: number): WindowMove => ({ changePct, price, basePrice: price, time });
  return new Map([
    ['HSI', m(hsi, 23_000)],
    ['N225', m(n225, 37_000)],
    ['USDCNH', m(cnh, 7.2)],
  ]);
}

function single(
  symbol: string,
  rule: Alert['rule'],
  direction: Alert['direction'],
  time = T + 60_000,
): Alert {
  return { symbol, rule, direction, time } as Alert;
}

describe('cross-market signal', () => {
  it('GIVEN both indices down and the yuan weaker beyond the thresholds THEN an Asia risk-off alert with every leg', () => {
    const cross = createCrossMarket(CROSS_MARKET_DEFAULTS);
    const alert = cross.evaluate(moves(-0.45, -0.6, 0.12), T, null, 1);
    expect(alert).toMatchObject({
      symbol: 'ASIA',
      name: 'Asia risk-off',
      rule: 'crossMarket',
      direction: 'down',
    });
    expect(alert?.legs).toEqual([
      { symbol: 'HSI', changePct: -0.45 },
      { symbol: 'N225', changePct: -0.6 },
      { symbol: 'USDCNH', changePct: 0.12 },
    ]);
    expect(alert?.changePct).toBeCloseTo(-0.525, 9);
    expect(alert).not.toHaveProperty('message');
  });

  it('GIVEN the reverse THEN risk-on', () => {
    const alert = createCrossMarket(CROSS_MARKET_DEFAULTS).evaluate(moves(0.5, 0.5, -0.2), T, null, 1);
    expect(alert?.name).toBe('Asia risk-on');
    expect(alert?.direction).toBe('up');
  });

  it.each([
    ['one index flat', moves(-0.6, -0.1, 0.2)],
    ['the yuan not moving', moves(-0.6, -0.6, 0.02)],
    ['the yuan moving the same way', moves(-0.6, -0.6, -0.2)],
    [
      'a leg from a closed market',
      new Map([
        ...moves(-0.6, -0.6, 0.2),
        ['N225', { changePct: -0.6, price: 1, basePrice: 1, time: T - 3_600_000 }],
      ]),
    ],
  ])('GIVEN %s THEN no signal', (_label, m) => {
    expect(createCrossMarket(CROSS_MARKET_DEFAULTS).evaluate(m, T, null, 1)).toBeNull();
  });

  it('GIVEN an event window factor THEN smaller moves are enough', () => {
    const cross = createCrossMarket(CROSS_MARKET_DEFAULTS);
    expect(cross.evaluate(moves(-0.25, -0.25, 0.06), T, null, 1)).toBeNull();
    expect(cross.evaluate(moves(-0.25, -0.25, 0.06), T, null, 0.5)?.name).toBe('Asia risk-off');
  });

  it('GIVEN an active signal THEN the windowed and volatility alerts it covers are inhibited, others are not', () => {
    const cross = createCrossMarket(CROSS_MARKET_DEFAULTS);
    cross.evaluate(moves(-0.5, -0.5, 0.2), T, null, 1);
    expect(cross.inhibits(single('HSI', 'windowMove', 'down'))).toBe(true);
    expect(cross.inhibits(single('USDCNH', 'volatility', 'up'))).toBe(true);
    expect(cross.inhibits(single('HSI', 'dayMove', 'down'))).toBe(false);
    expect(cross.inhibits(single('HSI', 'windowMove', 'up'))).toBe(false);
    expect(cross.inhibits(single('USDCNH', 'levelCross', 'up'))).toBe(false);
    expect(cross.inhibits(single('HSI', 'windowMove', 'down', T + 61 * 60_000))).toBe(false);
  });

  it('GIVEN a signal THEN the same signal stays quiet for the cooldown', () => {
    const cross = createCrossMarket(CROSS_MARKET_DEFAULTS);
    expect(cross.evaluate(moves(-0.5, -0.5, 0.2), T, null, 1)).not.toBeNull();
    expect(cross.evaluate(moves(-0.7, -0.7, 0.3, T + 600_000), T + 600_000, null, 1)).toBeNull();
    const later = T + 61 * 60_000;
    expect(cross.evaluate(moves(-0.7, -0.7, 0.3, later), later, null, 1)).not.toBeNull();
  });

  it('GIVEN it is disabled THEN nothing', () => {
    const cross = createCrossMarket({ ...CROSS_MARKET_DEFAULTS, enabled: false });
    expect(cross.evaluate(moves(-1, -1, 1), T, null, 1)).toBeNull();
  });
});
