import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar/index.js';
import { dayBaseAt, rollWhileTrading } from '../../src/domain/dayBase.js';
import type { Engine } from '../../src/domain/engine.js';
import type { AlertFacts } from '../../src/domain/alert.js';
import { engineFor, MINUTE } from '../support/engineHarness.js';
import { makeConfig } from '../support/testConfig.js';

type Data = Record<string, any>;

/** The shipped config with only the FX day-move tiers (0.3 / 0.6 / 1 %) switched on. */
const config = makeConfig((d: Data) => {
  for (const kind of ['index', 'fx']) {
    d.defaults[kind].windowMove.thresholdPct = 90;
    d.defaults[kind].volatility.minMovePct = 90;
  }
  d.instruments[2].thresholds = {};
});
const calendar = createCalendar(config.markets);
const at = (iso: string) => Date.parse(iso);

/** One USD/CNH quote a minute over [from, to), priced by `priceAt`, with the provider's previous close. */
function session(
  engine: Engine,
  from: string,
  to: string,
  priceAt: (time: number) => number,
  previousCloseAt: (time: number) => number,
): AlertFacts[] {
  const alerts: AlertFacts[] = [];
  for (let time = at(from); time < at(to); time += MINUTE) {
    const quote = { symbol: 'USDCNH', price: priceAt(time), time, previousClose: previousCloseAt(time) };
    alerts.push(...engine.observe(quote, time).alerts);
  }
  return alerts;
}

const summary = (alerts: readonly AlertFacts[]) =>
  alerts.map((a) => ({
    tier: a.severity,
    time: new Date(a.time).toISOString().slice(11, 16),
    base: a.basePrice,
    day: a.sessionId,
  }));

describe('rollWhileTrading', () => {
  it('GIVEN FX on a Monday after the 17:00 New York roll THEN the roll instant, in summer and winter time', () => {
    expect(rollWhileTrading(calendar, 'FX', at('2025-04-07T21:05:00Z'))).toBe(at('2025-04-07T21:00:00Z'));
    expect(rollWhileTrading(calendar, 'FX', at('2025-01-14T22:05:00Z'))).toBe(at('2025-01-14T22:00:00Z'));
  });

  it('GIVEN an exchange opening or the FX Sunday open after a weekend THEN null (the previous close holds)', () => {
    expect(rollWhileTrading(calendar, 'HKEX', at('2025-04-07T01:35:00Z'))).toBeNull();
    expect(rollWhileTrading(calendar, 'FX', at('2025-04-06T21:05:00Z'))).toBeNull();
  });

  it('GIVEN the last price before the roll is from an older trading day THEN no day base', () => {
    const old = { time: at('2025-04-06T23:00:00Z'), price: 7.3 };
    expect(dayBaseAt(calendar, 'FX', at('2025-04-08T21:05:00Z'), () => old)).toBeNull();
    expect(
      dayBaseAt(calendar, 'FX', at('2025-04-08T21:05:00Z'), () => ({
        ...old,
        time: at('2025-04-08T20:59:00Z'),
      })),
    ).toBe(7.3);
  });
});

describe('FX day roll at 17:00 New York', () => {
  // 7 April 2025 (New York on summer time: the roll is 21:00 UTC). Yahoo's previous close for
  // CNH=X rolls at London midnight (23:00 UTC), two hours after the FX day.
  const YAHOO_ROLL = at('2025-04-07T23:00:00Z');
  const previousClose = (time: number) => (time < YAHOO_ROLL ? 7.296 : 7.342);
  const april7 = (time: number): number => {
    if (time < at('2025-04-07T17:49:00Z'))
      return 7.3 + (0.038 * (time - at('2025-04-07T12:00:00Z'))) / (349 * MINUTE);
    if (time < at('2025-04-07T21:00:00Z')) return time === at('2025-04-07T20:59:00Z') ? 7.341 : 7.3398;
    if (time < at('2025-04-07T23:10:00Z')) return 7.344; // +0.66% on 7.2960, +0.04% on the roll price
    return 7.366; // +0.34% on the roll price
  };

  it('GIVEN the 7 April 2025 session THEN tier 2 fires once, and the new FX day measures from the roll price', () => {
    const engine = engineFor(config, calendar);
    const alerts = session(engine, '2025-04-07T12:00:00Z', '2025-04-07T23:30:00Z', april7, previousClose);
    expect(summary(alerts).slice(1)).toEqual([
      { tier: 2, time: '17:49', base: 7.296, day: '2025-04-07' },
      { tier: 1, time: '23:10', base: 7.341, day: '2025-04-08' },
    ]);
    expect(alerts[0]).toMatchObject({ severity: 1, basePrice: 7.296 });
    expect(alerts[2]?.dayChangePct).toBeCloseTo((7.366 / 7.341 - 1) * 100, 9);
  });

  it('GIVEN a restart across the roll THEN warm-up finds the roll price in the recorded bars', () => {
    const first = engineFor(config, calendar);
    session(first, '2025-04-07T12:00:00Z', '2025-04-07T20:30:00Z', april7, previousClose);
    const second = engineFor(config, calendar);
    expect(second.restore('USDCNH', JSON.parse(JSON.stringify(first.snapshot('USDCNH'))))).toBeNull();
    const bars = [];
    for (let time = at('2025-04-07T20:30:00Z'); time < at('2025-04-07T21:30:00Z'); time += MINUTE)
      bars.push({ time, price: april7(time) });
    second.warmUp('USDCNH', bars, 7.296);
    const alerts = session(second, '2025-04-07T21:30:00Z', '2025-04-07T23:30:00Z', april7, previousClose);
    expect(summary(alerts)).toEqual([{ tier: 1, time: '23:10', base: 7.341, day: '2025-04-08' }]);
  });

  it('GIVEN winter time (14 January 2025) THEN the roll is 22:00 UTC and the price at 21:59 is the base', () => {
    const jan14 = (time: number): number => {
      if (time < at('2025-01-14T21:00:00Z')) return 7.33;
      if (time < at('2025-01-14T22:00:00Z')) return 7.34; // still 14 January in New York: +0.60%
      if (time < at('2025-01-14T22:30:00Z')) return 7.342;
      return 7.365; // +0.34% on 7.34
    };
    const engine = engineFor(config, calendar);
    const alerts = session(engine, '2025-01-14T20:00:00Z', '2025-01-14T23:00:00Z', jan14, () => 7.296);
    expect(summary(alerts)).toEqual([
      { tier: 1, time: '20:00', base: 7.296, day: '2025-01-14' },
      { tier: 2, time: '21:00', base: 7.296, day: '2025-01-14' },
      { tier: 1, time: '22:30', base: 7.34, day: '2025-01-15' },
    ]);
  });
});
