import { describe, expect, it } from 'vitest';
import { conditionMet, matchPersonalAlerts } from '../../src/domain/personalAlert.js';
import type { PersonalAlert, ScreenedPrice } from '../../src/domain/personalAlert.js';

const alert = (over: Partial<PersonalAlert> = {}): PersonalAlert => ({
  id: 7,
  memberId: '811111111111111111',
  symbol: 'HSI',
  condition: { kind: 'above', value: 100 },
  repeat: false,
  armed: true,
  fired: 0,
  createdAt: 0,
  ...over,
});
const at = (price: number, time = 1, previousClose: number | null = 100): ScreenedPrice => ({
  symbol: 'HSI',
  price,
  time,
  previousClose,
});

describe('matchPersonalAlerts', () => {
  it('GIVEN an armed alert whose level is reached THEN it fires with a deterministic key and is removed', () => {
    const match = matchPersonalAlerts([alert()], [at(100.5)]);
    expect(match.firings).toMatchObject([{ key: 'pa-7-1', price: 100.5, changePct: expect.closeTo(0.5, 9) }]);
    expect(match.removed).toEqual([7]);
    expect(match.updated).toEqual([]);
  });

  it('GIVEN a repeating alert THEN it disarms when it fires and re-arms only once the price is back across', () => {
    const fired = matchPersonalAlerts([alert({ repeat: true })], [at(101)]);
    expect(fired.updated).toEqual([alert({ repeat: true, armed: false, fired: 1 })]);
    const still = matchPersonalAlerts(fired.updated, [at(102, 2)]);
    expect(still).toEqual({ firings: [], updated: [], removed: [] });
    const back = matchPersonalAlerts(fired.updated, [at(99, 3)]);
    expect(back.updated).toEqual([alert({ repeat: true, armed: true, fired: 1 })]);
    expect(matchPersonalAlerts(back.updated, [at(100, 4)]).firings[0]?.key).toBe('pa-7-2');
  });

  it('GIVEN several prices of one instrument THEN the alert is judged at the newest only', () => {
    expect(matchPersonalAlerts([alert()], [at(101, 5), at(99, 6)]).firings).toEqual([]);
    expect(matchPersonalAlerts([alert()], [at(99, 6), at(101, 5)]).firings).toEqual([]);
  });

  it('GIVEN a move alert THEN either direction counts, and no previous close means no judgement', () => {
    const move = { kind: 'move', value: 2 } as const;
    expect(conditionMet(move, at(97.9))).toBe(true);
    expect(conditionMet(move, at(102))).toBe(true);
    expect(conditionMet(move, at(101.9))).toBe(false);
    expect(conditionMet(move, at(90, 1, null))).toBeNull();
    expect(
      matchPersonalAlerts([alert({ condition: move, armed: false })], [at(90, 1, null)]).updated,
    ).toEqual([]);
  });

  it('GIVEN a price of another instrument THEN nothing changes', () => {
    expect(matchPersonalAlerts([alert()], [{ ...at(500), symbol: 'N225' }])).toEqual({
      firings: [],
      updated: [],
      removed: [],
    });
  });
});
