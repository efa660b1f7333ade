import { SD } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { RollingStdDev } from '../../../src/domain/stats/rollingStdDev.js';

/*
 * technicalindicators' SD is the oracle. It skips its update whenever the window's mean is exactly 0
 * (`if (mean)`), so it is fed the values plus a constant, which leaves an SD unchanged.
 */
const ORACLE_OFFSET = 1_000;

function oracle(values: readonly number[], period: number): (number | undefined)[] {
  const sd = new SD({ period, values: [] });
  return values.map((v) => sd.nextValue(v + ORACLE_OFFSET));
}

function streamed(values: readonly number[], period: number): (number | null)[] {
  const sd = new RollingStdDev(period);
  return values.map((v) => sd.push(v));
}

function expectMatchesOracle(values: readonly number[], period: number): void {
  const expected = oracle(values, period);
  const actual = streamed(values, period);
  actual.forEach((sd, i) => {
    if (expected[i] === undefined) expect(sd, `value ${i}`).toBeNull();
    else expect(Math.abs((sd ?? NaN) - (expected[i] ?? NaN)), `value ${i}`).toBeLessThan(1e-9);
  });
}

/** Deterministic uniform values in [-0.5, 0.5), so a failure can be replayed. */
function randomSeries(length: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648 - 0.5;
  });
}

describe('RollingStdDev against technicalindicators SD', () => {
  it.each([1, 2, 5, 30, 240])(
    'GIVEN random returns and a window of %i THEN it agrees within 1e-9 at every value',
    (period) => {
      expectMatchesOracle(
        randomSeries(5_000, 7 + period).map((r) => r * 12),
        period,
      );
    },
  );

  it('GIVEN a price level of 40,000 with moves of a thousandth THEN it agrees (no cancellation)', () => {
    let price = 40_000;
    const prices = randomSeries(20_000, 3).map((r) => (price += r * 0.002));
    expectMatchesOracle(prices, 30);
    const sd = streamed(prices, 30).at(-1) ?? 0;
    expect(sd).toBeGreaterThan(1e-4);
    expect(sd).toBeLessThan(1e-2);
  });

  it('GIVEN a trend that leaves the last recompute behind THEN it still agrees', () => {
    const trend = randomSeries(3_000, 11).map((r, i) => 40_000 + i * 0.5 + r * 0.01);
    expectMatchesOracle(trend, 30);
  });

  it('GIVEN runs whose mean is exactly zero THEN it agrees and is never stale', () => {
    const alternating = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 0.1 : -0.1));
    expectMatchesOracle(alternating, 4);
    expect(streamed(alternating, 4).at(-1)).toBeCloseTo(0.1, 12);
  });

  it('GIVEN a flat stretch after moves THEN the SD is exactly 0 once the window is flat, never negative or NaN', () => {
    const values = [...randomSeries(500, 5).map((r) => 40_000 + r), ...Array<number>(100).fill(40_000.123)];
    const sds = streamed(values, 30);
    expectMatchesOracle(values, 30);
    expect(sds.slice(529)).toEqual(Array<number>(71).fill(0));
    sds.slice(29).forEach((sd) => {
      expect(Number.isNaN(sd)).toBe(false);
      expect(sd).toBeGreaterThanOrEqual(0);
    });
  });

  it('GIVEN a window of one THEN every SD is exactly 0', () => {
    expect(streamed([3, -1, 7.5], 1)).toEqual([0, 0, 0]);
  });

  it('GIVEN a year of minutes THEN the error stays bounded (no drift over 180,000 updates)', () => {
    const returns = randomSeries(180_000, 19).map((r, i) => r * (i % 5_000 < 100 ? 40 : 1));
    const last30 = returns.slice(-30);
    const mean = last30.reduce((a, b) => a + b, 0) / 30;
    const exact = Math.sqrt(last30.reduce((a, b) => a + (b - mean) ** 2, 0) / 30);
    expect(Math.abs((streamed(returns, 30).at(-1) ?? NaN) - exact)).toBeLessThan(1e-12);
  });

  it('GIVEN a period that is not a whole number of at least 1 THEN it refuses', () => {
    expect(() => new RollingStdDev(0)).toThrow(/at least 1/);
    expect(() => new RollingStdDev(2.5)).toThrow(/whole number/);
  });
});
