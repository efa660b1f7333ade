import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { marketSchema } from '../../src/config/schema.js';
import { createCalendar } from '../../src/domain/calendar/index.js';
import { measureReaction } from '../../src/domain/reaction.js';
import type { ReactionInput } from '../../src/domain/reaction.js';
import { formatReactionTable } from '../../src/presentation/reactionTable.js';

const markets = z
  .record(z.string(), marketSchema)
  .parse((parse(readFileSync('config/bot.yaml', 'utf8')) as { markets: unknown }).markets);
const calendar = createCalendar(markets);
const hkex = (at: number) => calendar.status('HKEX', at);
const MINUTE = 60_000;

const SANITY = { sanityJumpPct: 20 };
const measure = (input: Omit<ReactionInput, 'sanityJumpPct'>, until?: number) =>
  measureReaction({ ...input, ...SANITY }, until);

/** One bar a minute stamped with its start from `from`, for `count` minutes, rising by `step` each minute. */
function minutes(from: number, count: number, start: number, step: number) {
  return Array.from({ length: count }, (_, i) => ({ time: from + i * MINUTE, price: start + i * step }));
}

describe('measureReaction', () => {
  it('GIVEN an open market at T0 THEN the base is the bar that closed at T0 and each step the bar closed by then', () => {
    const t0 = Date.parse('2025-06-02T10:00:00+08:00');
    // Bars stamped with their start: the 09:59 bar (price 99.1) closes at 10:00.
    const points = minutes(t0 - 10 * MINUTE, 80, 100, -0.1);
    const r = measure({ t0, points, previousClose: 101, status: hkex });
    expect(r.measuredFrom).toBe('event');
    expect(r.base?.time).toBe(t0);
    expect(r.base?.price).toBeCloseTo(99.1, 9);
    const prices = r.steps.map((s) => s.price ?? Number.NaN);
    [99, 98.6, 97.6, 96.1, 93.1].forEach((p, i) => {
      expect(prices[i]).toBeCloseTo(p, 9);
    });
    expect(r.steps[4]?.changePct).toBeCloseTo((93.1 / 99.1 - 1) * 100, 9);
    expect(r.steps[4]?.dayChangePct).toBeCloseTo((93.1 / 101 - 1) * 100, 9);
  });

  it('GIVEN a bar that starts at T0 THEN its move is the first step, not part of the base', () => {
    const t0 = Date.parse('2025-06-02T10:00:00+08:00');
    const points = [
      { time: t0 - MINUTE, price: 100 },
      { time: t0, price: 101 },
    ];
    const r = measure({ t0, points, previousClose: null, status: hkex });
    expect(r.base?.price).toBe(100);
    expect(r.steps[0]?.changePct).toBeCloseTo(1, 9);
  });

  it('GIVEN a lone bad print after T0 THEN it enters neither the steps nor the chart points', () => {
    const t0 = Date.parse('2025-06-02T13:00:00+08:00');
    const points = minutes(t0 - 5 * MINUTE, 70, 100, 0).map((p) =>
      p.time === t0 + 4 * MINUTE ? { ...p, price: 77 } : p,
    );
    const r = measure({ t0, points, previousClose: 100, status: hkex });
    expect(r.steps[1]?.changePct).toBe(0);
    expect(r.steps.every((s) => Math.abs(s.changePct ?? 99) < 1e-9)).toBe(true);
    expect(r.points.some((p) => p.price === 77)).toBe(false);
    expect(r.points).toHaveLength(69);
  });

  it('GIVEN a move beyond the bound that the next bar confirms THEN it counts from the confirming bar, as in the engine', () => {
    const t0 = Date.parse('2025-06-02T10:00:00+08:00');
    const points = minutes(t0 - 5 * MINUTE, 70, 100, 0).map((p) =>
      p.time >= t0 + 4 * MINUTE ? { ...p, price: 70 } : p,
    );
    const r = measure({ t0, points, previousClose: 100, status: hkex });
    expect(r.steps[1]?.changePct).toBe(0);
    expect(r.steps[2]?.changePct).toBeCloseTo(-30, 9);
  });

  it('GIVEN an event during lunch THEN the steps count from the afternoon open and include the move at the open', () => {
    const t0 = Date.parse('2025-06-02T12:20:00+08:00');
    const open = Date.parse('2025-06-02T13:00:00+08:00');
    const points = [...minutes(t0 - 30 * MINUTE, 10, 100, 0), ...minutes(open, 70, 99, -0.1)];
    const r = measure({ t0, points, previousClose: null, status: hkex });
    expect(r.measuredFrom).toBe('open');
    expect(r.firstOpen).toBe(open);
    expect(r.base).toEqual({ time: Date.parse('2025-06-02T12:00:00+08:00'), price: 100 });
    expect(r.steps[0]?.at).toBe(open + MINUTE);
    expect(r.steps[0]?.changePct).toBeCloseTo(-1, 9);
    expect(r.steps[1]?.price).toBeCloseTo(98.6, 9);
  });

  it('GIVEN a weekend event and no earlier price recorded THEN the first price of Monday open is the base', () => {
    const t0 = Date.parse('2025-05-31T15:00:00+08:00');
    const monday = Date.parse('2025-06-02T09:30:00+08:00');
    const r = measure({
      t0,
      points: minutes(monday, 90, 100, 0.1),
      previousClose: null,
      status: hkex,
    });
    expect(r.firstOpen).toBe(monday);
    expect(r.base).toEqual({ time: monday + MINUTE, price: 100 });
    const prices = r.steps.map((s) => s.price ?? Number.NaN);
    [100, 100.4, 101.4, 102.9, 105.9].forEach((p, i) => {
      expect(prices[i]).toBeCloseTo(p, 9);
    });
  });

  it('GIVEN a live report THEN steps whose time has not come stay empty', () => {
    const t0 = Date.parse('2025-06-02T10:00:00+08:00');
    const points = minutes(t0 - 5 * MINUTE, 30, 100, 0.1);
    const r = measure({ t0, points, previousClose: null, status: hkex }, t0 + 16 * MINUTE);
    expect(r.steps.map((s) => s.price !== null)).toEqual([true, true, true, false, false]);
  });

  it('GIVEN missing bars at a step THEN the last earlier price is used, and no data gives no numbers', () => {
    const t0 = Date.parse('2025-06-02T10:00:00+08:00');
    const points = [
      { time: t0 - MINUTE, price: 100 },
      { time: t0 + 3 * MINUTE, price: 99 },
      { time: t0 + 7 * MINUTE, price: Number.NaN },
    ];
    const r = measure({ t0, points, previousClose: null, status: hkex });
    expect(r.steps[1]?.price).toBe(99);
    const none = measure({ t0, points: [], previousClose: null, status: hkex });
    expect(none.base).toBeNull();
    expect(none.steps.every((s) => s.changePct === null)).toBe(true);
  });

  it('GIVEN rows THEN an aligned table with a dot for what is not known yet', () => {
    const t0 = Date.parse('2025-06-02T10:00:00+08:00');
    const r = measure(
      { t0, points: minutes(t0 - MINUTE, 20, 100, -0.1), previousClose: 100, status: hkex },
      t0 + 6 * MINUTE,
    );
    expect(formatReactionTable([{ label: 'HSI', reaction: r }]).split('\n')).toEqual([
      '        T+1     T+5  T+15  T+30  T+60     Day',
      'HSI  -0.10%  -0.50%     ·     ·     ·  -0.50%',
    ]);
  });
});
