import { describe, expect, it } from 'vitest';
import {
  createWindowMoveState,
  currentWindowMove,
  evaluateWindowMove,
  resizeWindowMove,
} from '../../../src/domain/rules/windowMove.js';
import { ruleInput } from './ruleInput.js';

const MINUTE = 60_000;
const T = Date.parse('2025-06-02T02:00:00Z');
const THRESHOLDS = { windowMinutes: 15, thresholdPct: 0.75 };

function windowWith(prices: readonly number[], windowMinutes = 15) {
  const state = createWindowMoveState(windowMinutes);
  prices.forEach((p, i) => {
    state.window.push(T + i * MINUTE, p);
  });
  return state;
}

describe('evaluateWindowMove', () => {
  it('GIVEN an empty window THEN nothing', () => {
    expect(evaluateWindowMove(createWindowMoveState(15), ruleInput(90), THRESHOLDS)).toBeNull();
  });

  it('GIVEN a 0.8% fall from the window start THEN a candidate based on the first price', () => {
    const found = evaluateWindowMove(windowWith([100, 99.6, 99.2]), ruleInput(99.2), THRESHOLDS);
    expect(found).toMatchObject({
      rule: 'windowMove',
      direction: 'down',
      severity: 1,
      basePrice: 100,
      windowMinutes: 15,
    });
    expect(found?.changePct).toBeCloseTo(-0.8, 9);
  });

  it('GIVEN a 1.6% rise THEN the severity is the multiple of the threshold reached', () => {
    const found = evaluateWindowMove(windowWith([100, 101.6]), ruleInput(101.6), THRESHOLDS);
    expect(found).toMatchObject({ direction: 'up', severity: 2 });
  });

  it('GIVEN a 0.5% move and an event factor of 0.5 THEN the tightened threshold fires', () => {
    const found = evaluateWindowMove(windowWith([100, 99.5]), ruleInput(99.5, { factor: 0.5 }), THRESHOLDS);
    expect(found?.thresholdPct).toBe(0.375);
    expect(evaluateWindowMove(windowWith([100, 99.5]), ruleInput(99.5), THRESHOLDS)).toBeNull();
  });

  it('GIVEN prices older than the window THEN the base is the first price still inside it', () => {
    const state = windowWith(Array.from({ length: 20 }, (_, i) => 100 - i * 0.1));
    expect(currentWindowMove(state, { time: T + 19 * MINUTE, price: 98.1 })?.basePrice).toBeCloseTo(99.6, 9);
  });

  it('GIVEN a shorter window THEN older prices drop out at the next push', () => {
    const state = windowWith([100, 99.9, 99.8, 99.7], 15);
    resizeWindowMove(state, 1);
    state.window.push(T + 4 * MINUTE, 99.6);
    expect(currentWindowMove(state, { time: T + 4 * MINUTE, price: 99.6 })?.basePrice).toBe(99.7);
  });

  it('GIVEN no last price THEN no current move', () => {
    expect(currentWindowMove(windowWith([100]), null)).toBeNull();
  });
});
