import { SD } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import {
  createVolatilityState,
  createVolatilityTracker,
  evaluateVolatility,
  feedReturn,
  RETURN_MAX_GAP_MS,
} from '../../../src/domain/rules/volatility.js';
import { ruleInput } from './ruleInput.js';

const MINUTE = 60_000;
const THRESHOLDS = { lookbackReturns: 5, zScore: 3, minMovePct: 0.1 };

describe('feedReturn', () => {
  /** A state that records what reaches the tracker; nothing fed yet. */
  function recording() {
    const fed: number[] = [];
    const state = createVolatilityState({ next: (r: number) => (fed.push(r), null) });
    return { fed, state };
  }

  it('GIVEN consecutive polls THEN the return is fed; across a long gap or without a previous point THEN not', () => {
    const { fed, state } = recording();
    expect(feedReturn(state, { time: 0, price: 100 }, MINUTE, 101)?.returnPct).toBeCloseTo(1, 9);
    expect(feedReturn(recording().state, { time: 0, price: 100 }, RETURN_MAX_GAP_MS + 1, 101)).toBeNull();
    expect(feedReturn(recording().state, null, MINUTE, 101)).toBeNull();
    expect(feedReturn(recording().state, { time: MINUTE, price: 100 }, MINUTE, 101)).toBeNull();
    expect(fed).toHaveLength(1);
  });

  it('GIVEN a fed price THEN the next return starts from it, not from the point the caller offers', () => {
    const { state } = recording();
    feedReturn(state, { time: 0, price: 100 }, MINUTE, 101);
    // A streamed price at 101.5 was accepted in between; the caller's previous point is no longer the start.
    const next = feedReturn(state, { time: MINUTE + 20_000, price: 101.5 }, 2 * MINUTE, 102.01);
    expect(next?.returnPct).toBeCloseTo(1, 9);
    expect(next?.minutes).toBe(1);
  });

  it('GIVEN a return over 9 minutes THEN the tracker gets it per √minute; seconds of jitter count as one minute', () => {
    const { fed, state } = recording();
    const nine = feedReturn(state, { time: 0, price: 100 }, 9 * MINUTE, 100.9);
    expect(nine).toMatchObject({ minutes: 9 });
    expect(nine?.returnPct).toBeCloseTo(0.9, 9);
    expect(fed[0]).toBeCloseTo(0.3, 9);
    const jitter = recording();
    expect(feedReturn(jitter.state, { time: 0, price: 100 }, 55_000, 100.1)?.minutes).toBe(1);
    expect(jitter.fed[0]).toBeCloseTo(0.1, 9);
  });

  it('GIVEN returns whose mean is exactly zero THEN the SD is current, not stale', () => {
    const tracker = createVolatilityTracker(4);
    [0.1, -0.1, 0.1, -0.1, 0.1].forEach((r) => tracker.next(r));
    expect(tracker.next(0.5)).toBeCloseTo(0.5 / 0.1, 6);
  });

  it('GIVEN random returns THEN each z-score is the return over technicalindicators SD of the returns before it', () => {
    const lookback = 30;
    const oracle = new SD({ period: lookback, values: [] });
    const tracker = createVolatilityTracker(lookback);
    let seed = 1;
    let previousSd: number | undefined;
    let scored = 0;
    for (let i = 0; i < 2_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      const returnPct = (seed / 2_147_483_648 - 0.5) * 0.1;
      const z = tracker.next(returnPct);
      if (previousSd === undefined) expect(z).toBeNull();
      else {
        expect(z ?? NaN).toBeCloseTo((returnPct * 100) / previousSd, 9);
        scored++;
      }
      // Offset: the oracle skips its update when the window's mean is exactly 0.
      previousSd = oracle.nextValue(returnPct * 100 + 1_000);
    }
    expect(scored).toBe(2_000 - lookback);
  });

  it('GIVEN a window of identical returns (SD exactly 0) THEN no z-score rather than an infinite one', () => {
    const tracker = createVolatilityTracker(3);
    [0, 0, 0].forEach((r) => tracker.next(r));
    expect(tracker.next(0.5)).toBeNull();
    expect(tracker.next(0)).not.toBeNull();
  });
});

describe('evaluateVolatility', () => {
  it('GIVEN a return of 5 SD and above the floor THEN a candidate with the z-score and the previous price as base', () => {
    const found = evaluateVolatility(
      { returnPct: -0.5, minutes: 1, zScore: -5 },
      ruleInput(99.5),
      THRESHOLDS,
    );
    expect(found).toMatchObject({
      rule: 'volatility',
      direction: 'down',
      severity: 1,
      zScore: -5,
      thresholdPct: 0.1,
    });
    expect(found?.basePrice).toBeCloseTo(100, 9);
  });

  it('GIVEN a large z-score but a move under the floor THEN nothing', () => {
    expect(
      evaluateVolatility({ returnPct: 0.05, minutes: 1, zScore: 9 }, ruleInput(100), THRESHOLDS),
    ).toBeNull();
  });

  it('GIVEN a tracker still warming up or no return THEN nothing', () => {
    expect(
      evaluateVolatility({ returnPct: 2, minutes: 1, zScore: NaN }, ruleInput(102), THRESHOLDS),
    ).toBeNull();
    expect(evaluateVolatility(null, ruleInput(102), THRESHOLDS)).toBeNull();
  });

  it('GIVEN an event factor THEN the floor is tightened but the z-score is not', () => {
    const input = ruleInput(100.06, { factor: 0.5 });
    expect(
      evaluateVolatility({ returnPct: 0.06, minutes: 1, zScore: 3 }, input, THRESHOLDS)?.thresholdPct,
    ).toBe(0.05);
    expect(evaluateVolatility({ returnPct: 0.06, minutes: 1, zScore: 2.9 }, input, THRESHOLDS)).toBeNull();
  });
});
