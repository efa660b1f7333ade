import type { Config } from '../../src/config/config.js';
import type { AlertFacts } from '../../src/domain/alert.js';
import type { MarketCalendar, MarketStatus } from '../../src/domain/calendar/index.js';
import { createEngine } from '../../src/domain/engine.js';
import type { Decision, Engine } from '../../src/domain/engine.js';
import { toNewsEvents } from '../../src/domain/events.js';

export const T0 = Date.parse('2025-06-02T02:00:00Z');
export const MINUTE = 60_000;

/** A calendar that is open except where `closed` says so; the trading day is the UTC date. */
export function fakeCalendar(closed: (at: number) => boolean = () => false): MarketCalendar {
  return {
    status(_market: string, at: number): MarketStatus {
      const tradingDay = new Date(at).toISOString().slice(0, 10);
      return closed(at)
        ? {
            state: 'closed',
            tradingDay,
            nextOpen: at + MINUTE,
            closesAt: null,
            openedAt: null,
            reason: 'test closed',
          }
        : {
            state: 'open',
            tradingDay,
            nextOpen: null,
            closesAt: at + MINUTE,
            openedAt: at - 3 * 60 * MINUTE,
            reason: 'open',
          };
    },
  } satisfies MarketCalendar;
}

export function engineFor(config: Config, calendar: MarketCalendar = fakeCalendar()): Engine {
  return createEngine({
    config,
    calendar,
    events: toNewsEvents(config.events.list, config.events.windowMinutes),
    // feed() gives one price a minute, as the shipped schedule polls.
    pollPeriodMs: MINUTE,
  });
}

/** Feeds one price per minute from `start` (each quote fresh at its own time) and collects decisions. */
export function feed(
  engine: Engine,
  symbol: string,
  prices: readonly (number | null)[],
  previousClose: number | null,
  start = T0,
): Decision[] {
  return prices.map((price, i) => {
    const time = start + i * MINUTE;
    return engine.observe({ symbol, price, time, previousClose }, time);
  });
}

export function alertsOf(decisions: readonly Decision[]): AlertFacts[] {
  return decisions.flatMap((d) => d.alerts);
}
