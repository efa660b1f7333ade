import { describe, expect, it } from 'vitest';
import {
  createDayMoveState,
  dayMoveSnapshot,
  dayMoveSnapshotSchema,
  evaluateDayMove,
  restoreDayMove,
} from '../../../src/domain/rules/dayMove.js';
import type { DayMoveState, DayMoveThresholds } from '../../../src/domain/rules/dayMove.js';
import { evaluateRecovery } from '../../../src/domain/rules/recovery.js';
import { ruleInput } from './ruleInput.js';

const TIERS: DayMoveThresholds = {
  tiersPct: [1, 2, 3, 5],
  recovery: { enabled: true, hysteresisRatio: 0.2 },
};

/** One poll as the engine runs it: the tiers, then the recovery, on the same quote. */
function poll(state: DayMoveState, price: number, over: Parameters<typeof ruleInput>[1] = {}) {
  const input = ruleInput(price, over);
  return [evaluateDayMove(state, input, TIERS), evaluateRecovery(state, input, TIERS)].filter(
    (c) => c !== null,
  );
}

describe('evaluateRecovery', () => {
  it('GIVEN N225 through −1 % and back to −0.9 % THEN quiet (inside the hysteresis); at −0.7 % THEN one "back inside" for tier 1', () => {
    const state = createDayMoveState();
    expect(poll(state, 98.9).map((c) => c.rule)).toEqual(['dayMove']);
    expect(poll(state, 99.1)).toEqual([]);
    const [found] = poll(state, 99.3);
    expect(found).toMatchObject({
      rule: 'recovery',
      direction: 'down',
      severity: 1,
      thresholdPct: 1,
      basePrice: 100,
    });
    expect(found?.changePct).toBeCloseTo(-0.7, 9);
    expect(poll(state, 99.4)).toEqual([]);
  });

  it('GIVEN a recovered tier THEN it is armed again: a second breach alerts, a second recovery too', () => {
    const state = createDayMoveState();
    poll(state, 98.9);
    poll(state, 99.5);
    expect(poll(state, 98.8).map((c) => [c.rule, c.severity])).toEqual([['dayMove', 1]]);
    expect(poll(state, 99.5).map((c) => c.rule)).toEqual(['recovery']);
  });

  it('GIVEN tier 3 fired THEN a bounce to −2.2 % is no recovery; back inside −0.8 % THEN one, naming tier 3', () => {
    const state = createDayMoveState();
    poll(state, 96.9);
    expect(poll(state, 97.8)).toEqual([]);
    expect(poll(state, 99.3).map((c) => [c.rule, c.severity, c.thresholdPct])).toEqual([['recovery', 3, 1]]);
    expect(state.firedTiers.down).toBe(0);
  });

  it('GIVEN a tier fired inside an event window (halved) THEN it clears against the threshold it crossed, not the wider one', () => {
    const state = createDayMoveState();
    poll(state, 99.45, { factor: 0.5 });
    expect(poll(state, 99.55)).toEqual([]);
    expect(poll(state, 99.65)[0]).toMatchObject({ rule: 'recovery', thresholdPct: 0.5 });
  });

  it('GIVEN holdPolls 2 THEN the recovery waits a second poll inside', () => {
    const state = createDayMoveState();
    const holds = new Map<string, number>();
    poll(state, 98.9, { holdPolls: 2, holds });
    poll(state, 98.9, { holdPolls: 2, holds });
    expect(poll(state, 99.5, { holdPolls: 2, holds })).toEqual([]);
    expect(poll(state, 99.5, { holdPolls: 2, holds }).map((c) => c.rule)).toEqual(['recovery']);
  });

  it('GIVEN recovery off, or thresholds without it THEN never a recovery', () => {
    for (const thresholds of [
      { tiersPct: [1] },
      { tiersPct: [1], recovery: { enabled: false, hysteresisRatio: 0 } },
    ]) {
      const state = createDayMoveState();
      evaluateDayMove(state, ruleInput(98.9), thresholds);
      expect(evaluateRecovery(state, ruleInput(100.5), thresholds)).toBeNull();
    }
  });

  it('GIVEN a fired threshold THEN the snapshot keeps it; GIVEN an old snapshot without it THEN the tier threshold is used', () => {
    const state = createDayMoveState();
    poll(state, 98.9, { factor: 0.5 });
    const snapshot = dayMoveSnapshotSchema.parse(JSON.parse(JSON.stringify(dayMoveSnapshot(state))));
    expect(snapshot).toEqual({ up: 0, down: 2, thresholdsPct: { up: null, down: 0.5 } });
    const restored = createDayMoveState();
    restoreDayMove(restored, snapshot);
    expect(restored.firedThresholdsPct).toEqual({ up: null, down: 0.5 });

    const old = createDayMoveState();
    restoreDayMove(old, dayMoveSnapshotSchema.parse({ up: 0, down: 1 }));
    expect(dayMoveSnapshot(old)).toEqual({ up: 0, down: 1 });
    expect(evaluateRecovery(old, ruleInput(99.3), TIERS)).toMatchObject({ thresholdPct: 1 });
  });
});
