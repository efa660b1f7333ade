import { describe, expect, it } from 'vitest';
import {
  createInstrumentState,
  instrumentSnapshotSchema,
  restoreSnapshot,
  toSnapshot,
} from '../../src/domain/instrumentState.js';
import { createVolatilityTracker } from '../../src/domain/rules/volatility.js';
import { makeConfig } from '../support/testConfig.js';

/** A snapshot exactly as the store held it before the engine was split (format v1). */
const SAVED_V1 = {
  v: 1,
  sessionId: '2025-06-02',
  lastTime: 1748832000000,
  lastPrice: 7.2037,
  pending: { time: 1748831940000, price: 8.1 },
  firedTiers: { up: 1, down: 0 },
  levelSides: { '7.2': 'above', '7.3': 'below' },
  gates: { 'levelCross:7.2:up': { at: 1748831000000, severity: 1 } },
  holds: { 'windowMove:up': 1 },
  stale: false,
};

function freshState() {
  const thresholds = makeConfig().instruments[2]?.thresholds;
  if (!thresholds) throw new Error('the test config has no third instrument');
  return createInstrumentState(thresholds, createVolatilityTracker);
}

describe('instrument snapshot', () => {
  it('GIVEN a snapshot saved by the previous engine THEN it restores and saves back byte for byte', () => {
    const state = freshState();
    expect(restoreSnapshot(state, 'USDCNH', JSON.parse(JSON.stringify(SAVED_V1)))).toBeNull();
    expect(state.screen.tradingDay).toBe('2025-06-02');
    expect(state.levelCross.sides.get('7.2')).toBe('above');
    expect(JSON.stringify(toSnapshot(state))).toBe(JSON.stringify(SAVED_V1));
  });

  it('GIVEN a fresh state THEN its snapshot is valid v1', () => {
    expect(instrumentSnapshotSchema.safeParse(toSnapshot(freshState())).success).toBe(true);
  });

  it('GIVEN an FX day base and the base its tiers fired against THEN they survive a restart', () => {
    const saved = { ...SAVED_V1, dayBase: { base: 7.341, firedAgainst: 7.296 } };
    const state = freshState();
    expect(restoreSnapshot(state, 'USDCNH', JSON.parse(JSON.stringify(saved)))).toBeNull();
    expect(state.dayMove).toMatchObject({ dayBase: 7.341, firedAgainst: 7.296 });
    expect(JSON.stringify(toSnapshot(state))).toBe(JSON.stringify(saved));
  });

  it('GIVEN an unreadable snapshot THEN a one-line problem and the state stays fresh', () => {
    const state = freshState();
    const problem = restoreSnapshot(state, 'USDCNH', { ...SAVED_V1, v: 2 });
    expect(problem).toMatch(/^saved state for USDCNH is unreadable \(.+\); starting it fresh$/);
    expect(state.screen.tradingDay).toBeNull();
  });
});
