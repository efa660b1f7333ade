import { describe, expect, it } from 'vitest';
import { acceptPrice, createScreenState, screenQuote, screenSeries } from '../../src/domain/priceScreen.js';
import type { ScreenContext } from '../../src/domain/priceScreen.js';
import { plausibleWhenWithin } from '../../src/domain/jumpJudge.js';
import { fakeCalendar, MINUTE, T0 } from '../support/engineHarness.js';

const BOUND = { sanityJumpPct: 5 };

function context(now: number, calendar = fakeCalendar()): ScreenContext {
  return {
    symbol: 'HSI',
    market: 'HKEX',
    sanityJumpPct: 5,
    pollPeriodMs: MINUTE,
    withinIsPlausible: plausibleWhenWithin(5),
    calendar,
    staleAfterMs: 10 * MINUTE,
    now,
  };
}

function quote(price: number | null, time: number, previousClose: number | null = 100) {
  return { symbol: 'HSI', price, time, previousClose };
}

describe('screenSeries', () => {
  const at = (i: number) => T0 + i * MINUTE;

  it('GIVEN a lone spike that reverts THEN the spike is dropped and the rest kept', () => {
    const points = [100, 100.5, 80, 100.4, 100.6].map((price, i) => ({ time: at(i), price }));
    expect(screenSeries(points, BOUND).map((p) => p.price)).toEqual([100, 100.5, 100.4, 100.6]);
  });

  it('GIVEN a jump the next point confirms THEN the confirming point is kept, not the first, as the engine does', () => {
    const points = [100, 90, 89.5, 89.6].map((price, i) => ({ time: at(i), price }));
    expect(screenSeries(points, BOUND).map((p) => p.price)).toEqual([100, 89.5, 89.6]);
  });

  it('GIVEN unusable prices and times that do not advance THEN they are dropped', () => {
    const points = [
      { time: at(0), price: 100 },
      { time: at(1), price: Number.NaN },
      { time: at(1), price: 0 },
      { time: at(2), price: 100.2 },
      { time: at(2), price: 100.3 },
      { time: at(1), price: 100.1 },
    ];
    expect(screenSeries(points, BOUND)).toEqual([
      { time: at(0), price: 100 },
      { time: at(2), price: 100.2 },
    ]);
  });

  it('GIVEN a previous close THEN a first point far from it is held like any jump', () => {
    const points = [
      { time: at(0), price: 50 },
      { time: at(1), price: 100.2 },
    ];
    expect(screenSeries(points, { ...BOUND, previousClose: 100 })).toEqual([{ time: at(1), price: 100.2 }]);
    expect(screenSeries(points, BOUND)).toHaveLength(1);
  });
});

describe('screenSeries: the clock and plausibility', () => {
  const at = (i: number) => T0 + i * MINUTE;

  it('GIVEN a point stamped a day ahead of the clock THEN it is dropped and the points after it are judged as usual', () => {
    const points = [
      { time: at(0), price: 100 },
      { time: at(0) + 24 * 60 * MINUTE, price: 100.1 },
      { time: at(1), price: 100.2 },
    ];
    expect(screenSeries(points, { ...BOUND, now: at(1) })).toEqual([points[0], points[2]]);
  });

  it('GIVEN an absurd point repeated THEN it never confirms itself: every copy is dropped', () => {
    const points = [100, 3.4e38, 3.4e38, 3.4e38, 100.1].map((price, i) => ({ time: at(i), price }));
    expect(screenSeries(points, BOUND).map((p) => p.price)).toEqual([100, 100.1]);
  });
});

describe('screenQuote', () => {
  it('GIVEN a closed market THEN skipped before anything else is looked at', () => {
    const state = createScreenState();
    const outcome = screenQuote(
      state,
      quote(null, T0),
      context(
        T0,
        fakeCalendar(() => true),
      ),
    );
    expect(outcome).toMatchObject({ skipped: 'market closed', notes: [] });
  });

  it('GIVEN an invalid price THEN skipped with a note naming it', () => {
    const outcome = screenQuote(createScreenState(), quote(-1, T0), context(T0));
    expect(outcome.skipped).toBe('invalid price');
    expect(outcome.notes[0]?.message).toBe('HSI price -1 is not a positive number; ignored');
  });

  it('GIVEN the first quote of a trading day THEN it passes, says so, and the previous close is the jump reference', () => {
    const state = createScreenState();
    expect(screenQuote(state, quote(101, T0), context(T0))).toMatchObject({
      skipped: null,
      price: 101,
      newTradingDay: true,
    });
    expect(state.tradingDay).toBe('2025-06-02');
    expect(screenQuote(createScreenState(), quote(90, T0), context(T0)).skipped).toBe(
      'jump held for confirmation',
    );
  });

  it('GIVEN a print a day ahead of the clock THEN dropped and counted, and the reference is untouched', () => {
    const state = createScreenState();
    screenQuote(state, quote(100, T0), context(T0));
    const ahead = screenQuote(state, quote(100.1, T0 + 24 * 60 * MINUTE), context(T0 + MINUTE));
    expect(ahead).toMatchObject({ skipped: 'ahead of the clock', price: null });
    expect(ahead.notes[0]?.message).toBe('HSI print stamped 1439.0 min ahead of the clock; dropped');
    expect(state.counts.aheadOfClock).toBe(1);
    expect(screenQuote(state, quote(100.2, T0 + 2 * MINUTE), context(T0 + 2 * MINUTE)).skipped).toBeNull();
  });

  it('GIVEN a held jump THEN the reference time stays at the last accepted price, and the held print served again is not news', () => {
    const state = createScreenState();
    expect(screenQuote(state, quote(100, T0), context(T0)).skipped).toBeNull();
    // The engine accepts a price once the rules have seen it.
    acceptPrice(state, T0, 100);
    const held = screenQuote(state, quote(90, T0 + MINUTE), context(T0 + MINUTE));
    expect(held.skipped).toBe('jump held for confirmation');
    expect([state.lastTime, state.pending?.time]).toEqual([T0, T0 + MINUTE]);
    expect(screenQuote(state, quote(90, T0 + MINUTE), context(T0 + 2 * MINUTE)).skipped).toBe('not advanced');
  });

  it('GIVEN a stale quote THEN one note, then silence, then a fresh note when it updates', () => {
    const state = createScreenState();
    const late = T0 + 11 * MINUTE;
    const first = screenQuote(state, quote(100, T0), context(late));
    const second = screenQuote(state, quote(100, T0), context(late + MINUTE));
    const back = screenQuote(state, quote(100.1, late + MINUTE), context(late + MINUTE));
    expect([first.skipped, second.skipped, back.skipped]).toEqual(['stale', 'stale', null]);
    expect([first.notes.map((n) => n.kind), second.notes, back.notes.map((n) => n.kind)]).toEqual([
      ['stale'],
      [],
      ['fresh'],
    ]);
  });
});
