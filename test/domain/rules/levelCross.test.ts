import { describe, expect, it } from 'vitest';
import {
  createLevelCrossState,
  evaluateLevelCross,
  levelCrossSnapshot,
  levelCrossSnapshotSchema,
  restoreLevelCross,
  sideOfLevel,
} from '../../../src/domain/rules/levelCross.js';
import { ruleInput } from './ruleInput.js';

const THRESHOLDS = { levels: [7.2, 7.3], hysteresisPct: 0.05 };

describe('sideOfLevel', () => {
  it('GIVEN a price inside the band THEN the previous side is kept', () => {
    expect(sideOfLevel(7.2, 7.2, 0.05, 'below')).toBe('below');
    expect(sideOfLevel(7.2, 7.2, 0.05, null)).toBeNull();
    expect(sideOfLevel(7.21, 7.2, 0.05, 'below')).toBe('above');
  });
});

describe('evaluateLevelCross', () => {
  it('GIVEN the first price with no previous close THEN it only learns the side', () => {
    const state = createLevelCrossState();
    expect(evaluateLevelCross(state, ruleInput(7.25, { previousClose: null }), THRESHOLDS)).toEqual([]);
    expect(Object.fromEntries(state.sides)).toEqual({ '7.2': 'above', '7.3': 'below' });
  });

  it('GIVEN a close below 7.20 and a price above the band THEN an upward cross of 7.20 only', () => {
    const found = evaluateLevelCross(
      createLevelCrossState(),
      ruleInput(7.21, { previousClose: 7.19 }),
      THRESHOLDS,
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      rule: 'levelCross',
      direction: 'up',
      level: 7.2,
      basePrice: 7.2,
      severity: 1,
    });
  });

  it('GIVEN a wobble inside the band THEN no cross', () => {
    const state = createLevelCrossState();
    evaluateLevelCross(state, ruleInput(7.19, { previousClose: 7.19 }), THRESHOLDS);
    expect(evaluateLevelCross(state, ruleInput(7.2025, { previousClose: 7.19 }), THRESHOLDS)).toEqual([]);
  });

  it('GIVEN a cross that has not held long enough THEN the side does not move yet', () => {
    const state = createLevelCrossState();
    const holds = new Map<string, number>();
    const input = ruleInput(7.21, { previousClose: 7.19, holdPolls: 2, holds });
    expect(evaluateLevelCross(state, input, THRESHOLDS)).toEqual([]);
    expect(state.sides.has('7.2')).toBe(false);
    expect(evaluateLevelCross(state, input, THRESHOLDS)).toHaveLength(1);
    expect(state.sides.get('7.2')).toBe('above');
  });

  it('GIVEN a snapshot THEN it validates and restores the sides', () => {
    const state = createLevelCrossState();
    evaluateLevelCross(state, ruleInput(7.25, { previousClose: null }), THRESHOLDS);
    const restored = createLevelCrossState();
    restoreLevelCross(restored, levelCrossSnapshotSchema.parse(levelCrossSnapshot(state)));
    expect(restored.sides).toEqual(state.sides);
    expect(levelCrossSnapshotSchema.safeParse({ '7.2': 'sideways' }).success).toBe(false);
  });
});
