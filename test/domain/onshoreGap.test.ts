import { describe, expect, it } from 'vitest';
import type { MarketStatus } from '../../src/domain/calendar/index.js';
import { createGapWatchState, evaluateGap, readGap } from '../../src/domain/onshoreGap.js';
import type { OnshoreGapSettings } from '../../src/domain/onshoreGap.js';

const SETTINGS: OnshoreGapSettings = {
  enabled: true,
  offshore: 'USDCNH',
  onshore: 'USDCNY',
  onshoreMarket: 'CFETS',
  levelsPips: [100, 200, 300],
  hysteresisPips: 20,
  widenPips: 50,
  widenMinutes: 15,
  cooldownMinutes: 30,
};
const T0 = Date.parse('2025-06-02T02:00:00Z');
const MINUTE = 60_000;
const OPEN: MarketStatus = {
  state: 'open',
  tradingDay: '2025-06-02',
  nextOpen: null,
  closesAt: null,
  openedAt: null,
  reason: 'open',
};
const HOLIDAY: MarketStatus = { ...OPEN, state: 'closed', reason: 'closed: Dragon Boat Festival' };
const NIGHT: MarketStatus = { ...OPEN, state: 'closed', reason: 'after close' };
const CTX = { settings: SETTINGS, tradingDay: '2025-06-02', event: null };

/** A reading of USD/CNH at `cnh` against USD/CNY 7.1950, `minute` minutes after T0. */
function reading(minute: number, cnh: number, mainland: MarketStatus = OPEN) {
  return readGap(
    { time: T0 + minute * MINUTE, price: cnh },
    { time: T0, price: 7.195, symbol: 'USDCNY' },
    mainland,
  );
}

/** Feeds CNH prices a minute apart and returns the alerts of each, as `kind` strings. */
function run(prices: readonly number[], settings = SETTINGS): string[][] {
  const state = createGapWatchState();
  return prices.map((p, i) =>
    evaluateGap(state, reading(i, p), { ...CTX, settings }).map((a) =>
      a.id.split(':').slice(2, -2).join(':'),
    ),
  );
}

describe('readGap', () => {
  it('GIVEN CNH 7.2054 and CNY 7.1950 THEN +104 pips, +0.145 % of the onshore rate', () => {
    const { context } = reading(0, 7.2054);
    expect(context.spreadPips).toBe(104);
    expect(context.spreadPct).toBeCloseTo(0.14454, 4);
    expect(context).toMatchObject({ onshoreSymbol: 'USDCNY', onshorePrice: 7.195, mainlandTrades: true });
  });

  it('GIVEN a mainland holiday THEN it does not trade; GIVEN the night after its close THEN it still trades that day', () => {
    expect(reading(0, 7.2, HOLIDAY).context).toMatchObject({
      mainlandTrades: false,
      mainlandStatus: 'closed: Dragon Boat Festival',
    });
    expect(reading(0, 7.2, NIGHT).context.mainlandTrades).toBe(true);
  });
});

describe('evaluateGap: levels', () => {
  it('GIVEN the spread already beyond a level at the first reading THEN it only learns, no alert', () => {
    expect(run([7.2154])).toEqual([[]]);
  });

  it('GIVEN the spread rising slowly through 100 then 200 pips THEN one alert per level, severity the level number', () => {
    const state = createGapWatchState();
    const prices = [7.2, 7.2045, 7.2052, 7.2099, 7.2151, 7.2155];
    const alerts = prices.flatMap((p, i) => evaluateGap(state, reading(i * 16, p), CTX));
    expect(alerts.map((a) => [a.onshore?.levelPips, a.severity, a.direction])).toEqual([
      [100, 1, 'up'],
      [200, 2, 'up'],
    ]);
    expect(alerts[0]).toMatchObject({
      rule: 'onshoreGap',
      symbol: 'USDCNH',
      price: 7.2052,
      basePrice: 7.195,
    });
  });

  it('GIVEN the spread dipping inside a level by less than the hysteresis THEN no second alert; by more THEN it re-arms', () => {
    const state = createGapWatchState();
    const alertsAt = (cnh: number, minute: number) => evaluateGap(state, reading(minute, cnh), CTX).length;
    expect(alertsAt(7.2, 0)).toBe(0);
    expect(alertsAt(7.2051, 16)).toBe(1); // +101
    expect(alertsAt(7.2035, 32)).toBe(0); // +85: within 20 pips of the level
    expect(alertsAt(7.2052, 48)).toBe(0);
    expect(alertsAt(7.2025, 64)).toBe(0); // +75: re-armed
    expect(alertsAt(7.2051, 80)).toBe(1);
  });

  it('GIVEN a spread below zero (offshore stronger) THEN levels count its size and the alert points down', () => {
    const state = createGapWatchState();
    evaluateGap(state, reading(0, 7.19), CTX);
    const [alert] = evaluateGap(state, reading(16, 7.1849), CTX);
    expect(alert).toMatchObject({ direction: 'down', severity: 1 });
    expect(alert?.onshore?.spreadPips).toBe(-101);
  });
});

describe('evaluateGap: fast widening', () => {
  it('GIVEN the spread widening 52 pips in 6 minutes THEN one widening alert that says by how much and over what', () => {
    const state = createGapWatchState();
    const prices = [7.198, 7.198, 7.1983, 7.2, 7.202, 7.2032];
    const alerts = prices.flatMap((p, i) => evaluateGap(state, reading(i, p), CTX));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ windowMinutes: 15, time: T0 + 5 * MINUTE });
    expect(alerts[0]?.onshore?.widenedPips).toBe(52);
    expect(alerts[0]?.id).toBe(`USDCNH:onshoreGap:widen:up:${T0 + 5 * MINUTE}`);
  });

  it('GIVEN the same widening spread over more than widenMinutes THEN no alert', () => {
    const state = createGapWatchState();
    const alerts = [7.198, 7.2, 7.2032].flatMap((p, i) => evaluateGap(state, reading(i * 10, p), CTX));
    expect(alerts.filter((a) => a.onshore?.widenedPips !== undefined)).toEqual([]);
  });

  it('GIVEN a second widening inside the cooldown THEN quiet; after it THEN a new alert', () => {
    const state = createGapWatchState();
    const widenings = (minute: number, from: number, to: number) =>
      [from, to]
        .flatMap((p, i) => evaluateGap(state, reading(minute + i, p), CTX))
        .filter((a) => a.onshore?.widenedPips);
    expect(widenings(0, 7.195, 7.2)).toHaveLength(1);
    expect(widenings(10, 7.195, 7.2)).toHaveLength(0);
    expect(widenings(40, 7.195, 7.2)).toHaveLength(1);
  });
});
