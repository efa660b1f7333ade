import { describe, expect, it } from 'vitest';
import {
  createDayMoveState,
  dayMoveBase,
  dayMoveSnapshot,
  dayMoveSnapshotSchema,
  dayMoveTier,
  evaluateDayMove,
  resetDayMove,
  restoreDayMove,
} from '../../../src/domain/rules/dayMove.js';
import { ruleInput } from './ruleInput.js';

const TIERS = { tiersPct: [1, 2, 3, 5] };

describe('dayMoveTier', () => {
  it.each([
    [0.99, 1, 0],
    [-1, 1, 1],
    [2.5, 1, 2],
    [7, 1, 4],
    [0.5, 0.5, 1],
  ])('GIVEN a %s%% move with factor %s THEN tier %s', (pct, factor, tier) => {
    expect(dayMoveTier(pct, TIERS.tiersPct, factor)).toBe(tier);
  });
});

describe('evaluateDayMove', () => {
  it('GIVEN no usable previous close THEN nothing, whatever the price', () => {
    expect(evaluateDayMove(createDayMoveState(), ruleInput(50, { previousClose: null }), TIERS)).toBeNull();
  });

  it('GIVEN a fall through tier 2 THEN one tier-2 candidate with the tightened threshold and the close as base', () => {
    const state = createDayMoveState();
    const found = evaluateDayMove(state, ruleInput(98.9, { factor: 0.5 }), TIERS);
    expect(found).toMatchObject({
      rule: 'dayMove',
      direction: 'down',
      severity: 2,
      basePrice: 100,
      thresholdPct: 1,
    });
    expect(found?.changePct).toBeCloseTo(-1.1, 9);
    expect(state.firedTiers).toEqual({ up: 0, down: 2 });
  });

  it('GIVEN a tier already fired THEN the same tier stays quiet and only a higher one fires', () => {
    const state = createDayMoveState();
    evaluateDayMove(state, ruleInput(98.9), TIERS);
    expect(evaluateDayMove(state, ruleInput(98.5), TIERS)).toBeNull();
    expect(evaluateDayMove(state, ruleInput(97.9), TIERS)?.severity).toBe(2);
  });

  it('GIVEN holdPolls 2 THEN the tier fires on the second poll only', () => {
    const state = createDayMoveState();
    const holds = new Map<string, number>();
    expect(evaluateDayMove(state, ruleInput(98.9, { holdPolls: 2, holds }), TIERS)).toBeNull();
    expect(evaluateDayMove(state, ruleInput(98.8, { holdPolls: 2, holds }), TIERS)?.severity).toBe(1);
  });

  it('GIVEN a new trading day THEN the tiers fire again', () => {
    const state = createDayMoveState();
    evaluateDayMove(state, ruleInput(98.9), TIERS);
    resetDayMove(state);
    expect(evaluateDayMove(state, ruleInput(98.9), TIERS)?.severity).toBe(1);
  });

  it('GIVEN a new day on the base the tiers fired against THEN they stay fired; on another base THEN they fire again', () => {
    const state = createDayMoveState();
    evaluateDayMove(state, ruleInput(98.9), TIERS);
    resetDayMove(state, null, 100);
    expect(evaluateDayMove(state, ruleInput(98.9), TIERS)).toBeNull();
    resetDayMove(state, 99.5, 100);
    expect(dayMoveBase(state, 100)).toBe(99.5);
    expect(evaluateDayMove(state, ruleInput(98.4, { previousClose: 99.5 }), TIERS)?.severity).toBe(1);
  });

  it('GIVEN a snapshot THEN it validates against its schema and restores the fired tiers', () => {
    const state = createDayMoveState();
    evaluateDayMove(state, ruleInput(102.5), TIERS);
    const snapshot = dayMoveSnapshotSchema.parse(JSON.parse(JSON.stringify(dayMoveSnapshot(state))));
    const restored = createDayMoveState();
    restoreDayMove(restored, snapshot);
    expect(restored.firedTiers).toEqual({ up: 2, down: 0 });
    expect(dayMoveSnapshotSchema.safeParse({ up: 1.5, down: 0 }).success).toBe(false);
  });
});

describe('follow-through beyond the top tier', () => {
  const FOLLOW = { tiersPct: [1, 2, 3, 5], followThrough: { stepPct: 2.5, extremes: true } };

  it.each([
    [-5, 0, 4],
    [-7.49, 2.5, 4],
    [-7.5, 2.5, 5],
    [-13.2, 2.5, 7],
    [-13.2, 0, 4],
  ])('GIVEN a %s%% move and a step of %s THEN tier %s', (pct, step, tier) => {
    expect(dayMoveTier(pct, FOLLOW.tiersPct, 1, step)).toBe(tier);
  });

  it('GIVEN a step tier THEN its threshold is the top tier plus the steps, tightened by the factor', () => {
    const state = createDayMoveState();
    expect(evaluateDayMove(state, ruleInput(91, { factor: 0.5 }), FOLLOW)).toMatchObject({
      severity: 4 + 5, // 9 % is 2.5 % (the halved top tier) + 5 × 1.25 % and a bit
      thresholdPct: (5 + 5 * 2.5) * 0.5,
    });
  });

  it('GIVEN the top tier fired THEN each new low alerts (the cooldown spaces them), a bounce does not', () => {
    const state = createDayMoveState();
    expect(evaluateDayMove(state, ruleInput(94.5), FOLLOW)?.severity).toBe(4);
    expect(evaluateDayMove(state, ruleInput(94.3), FOLLOW)).toMatchObject({ severity: 4 });
    expect(evaluateDayMove(state, ruleInput(94.4), FOLLOW)).toBeNull();
    expect(evaluateDayMove(state, ruleInput(94.3), FOLLOW)).toBeNull();
    expect(evaluateDayMove(state, ruleInput(94.2), FOLLOW)?.changePct).toBeCloseTo(-5.8, 9);
  });

  it('GIVEN extremes off, or below the top tier THEN a new low without a new tier stays quiet', () => {
    const noExtremes = { ...FOLLOW, followThrough: { stepPct: 2.5, extremes: false } };
    const state = createDayMoveState();
    evaluateDayMove(state, ruleInput(94.5), noExtremes);
    expect(evaluateDayMove(state, ruleInput(94.3), noExtremes)).toBeNull();
    const below = createDayMoveState();
    evaluateDayMove(below, ruleInput(97.5), FOLLOW);
    expect(evaluateDayMove(below, ruleInput(97.2), FOLLOW)).toBeNull();
  });
});
