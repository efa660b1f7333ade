import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { marketSchema } from '../../src/config/schema.js';
import { createCalendar } from '../../src/domain/calendar/index.js';
import { formatReactionTable, measureReaction } from '../../src/domain/reaction.js';

const markets = z
  .record(z.string(), marketSchema)
  .parse((parse(readFileSync('config/bot.yaml', 'utf8')) as { markets: unknown }).markets);
const calendar = createCalendar(markets);
const hkex = (at: number) => calendar.status('HKEX', at);
const MINUTE = 60_000;

/** One price a minute from `from` for `count` minutes, rising by `step` each minute. */
function minutes(from: number, count: number, start: number, step: number) {
  return Array.from({ length: count }, (_, i) => ({ time: from + i * MINUTE, price: start + i * step }));
}

describe('measureReaction', () => {
  it('GIVEN an open market at T0 THEN each step is measured from the last price at T0', () => {
    const t0 = Date.parse('2025-06-02T10:00:00+08:00');
    const points = minutes(t0 - 10 * MINUTE, 80, 100, -0.1);
    const r = measureReaction({ t0, points, previousClose: 101, status: hkex });
    expect(r.measuredFrom).toBe('event');
    expect(r.base).toEqual({ time: t0, price: 99 });
    expect(r.steps.map((s) => s.price)).toEqual([98.9, 98.5, 97.5, 96, 93]);
    expect(r.steps[4]?.changePct).toBeCloseTo((93 / 99 - 1) * 100, 9);
    expect(r.steps[4]?.dayChangePct).toBeCloseTo((93 / 101 - 1) * 100, 9);
  });

  it('GIVEN an event during lunch THEN the reaction is measured from the afternoon open', () => {
    const t0 = Date.parse('2025-06-02T12:20:00+08:00');
    const open = Date.parse('2025-06-02T13:00:00+08:00');
    const points = [...minutes(t0 - 30 * MINUTE, 10, 100, 0), ...minutes(open, 70, 99, -0.1)];
    const r = measureReaction({ t0, points, previousClose: null, status: hkex });
    expect(r.measuredFrom).toBe('open');
    expect(r.firstOpen).toBe(open);
    expect(r.base).toEqual({ time: open, price: 99 });
    expect(r.steps[0]?.at).toBe(open + MINUTE);
    expect(r.steps[1]?.price).toBeCloseTo(98.5, 9);
  });

  it('GIVEN a weekend event THEN it is measured from Monday open', () => {
    const t0 = Date.parse('2025-05-31T15:00:00+08:00');
    const monday = Date.parse('2025-06-02T09:30:00+08:00');
    const r = measureReaction({
      t0,
      points: minutes(monday, 90, 100, 0.1),
      previousClose: null,
      status: hkex,
    });
    expect(r.firstOpen).toBe(monday);
    expect(r.steps.map((s) => s.price)).toEqual([100.1, 100.5, 101.5, 103, 106]);
  });

  it('GIVEN a live report THEN steps whose time has not come stay empty', () => {
    const t0 = Date.parse('2025-06-02T10:00:00+08:00');
    const points = minutes(t0 - 5 * MINUTE, 30, 100, 0.1);
    const r = measureReaction({ t0, points, previousClose: null, status: hkex }, t0 + 16 * MINUTE);
    expect(r.steps.map((s) => s.price !== null)).toEqual([true, true, true, false, false]);
  });

  it('GIVEN missing bars at a step THEN the last earlier price is used, and no data gives no numbers', () => {
    const t0 = Date.parse('2025-06-02T10:00:00+08:00');
    const points = [
      { time: t0, price: 100 },
      { time: t0 + 3 * MINUTE, price: 99 },
      { time: t0 + 7 * MINUTE, price: Number.NaN },
    ];
    const r = measureReaction({ t0, points, previousClose: null, status: hkex });
    expect(r.steps[1]?.price).toBe(99);
    const none = measureReaction({ t0, points: [], previousClose: null, status: hkex });
    expect(none.base).toBeNull();
    expect(none.steps.every((s) => s.changePct === null)).toBe(true);
  });

  it('GIVEN rows THEN an aligned table with a dot for what is not known yet', () => {
    const t0 = Date.parse('2025-06-02T10:00:00+08:00');
    const r = measureReaction(
      { t0, points: minutes(t0, 20, 100, -0.1), previousClose: 100, status: hkex },
      t0 + 6 * MINUTE,
    );
    expect(formatReactionTable([{ label: 'HSI', reaction: r }]).split('\n')).toEqual([
      '        T+1     T+5  T+15  T+30  T+60     Day',
      'HSI  -0.10%  -0.50%     ·     ·     ·  -0.50%',
    ]);
  });
});
