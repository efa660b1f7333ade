import type { MarketCalendar } from './calendar/index.js';
import type { PricePoint } from './quote.js';

/*
 * Where a trading day's move is measured from. An exchange day starts from a closed market, and
 * the provider's previous close (the official close) is right. A market that trades through its
 * day roll (FX at 17:00 New York) has no close to wait for, and providers roll their previous
 * close on their own clock (Yahoo's USD/CNH at London midnight), so for hours after the roll the
 * quote's previous close is the day before's base. There the base is the price at the roll: the
 * last valid price at or before it, taken from the engine's own accepted prices.
 */

/**
 * The roll instant when the trading day containing `at` began while the market was trading,
 * else null (an exchange opening, FX's Sunday open after a weekend).
 */
export function rollWhileTrading(calendar: MarketCalendar, market: string, at: number): number | null {
  const status = calendar.status(market, at);
  const rollAt = status.openedAt;
  if (status.state !== 'open' || rollAt === null) return null;
  const before = calendar.status(market, rollAt - 1);
  return before.state === 'open' && before.tradingDay !== status.tradingDay ? rollAt : null;
}

/**
 * The day base for the trading day containing `at`: the price of `lastBefore(roll)` when the day
 * rolled while trading and that point belongs to the day that just ended; else null (use the
 * provider's previous close).
 */
export function dayBaseAt(
  calendar: MarketCalendar,
  market: string,
  at: number,
  lastBefore: (rollAt: number) => PricePoint | null,
): number | null {
  const rollAt = rollWhileTrading(calendar, market, at);
  if (rollAt === null) return null;
  const point = lastBefore(rollAt);
  if (point === null || point.time >= rollAt) return null;
  const endedDay = calendar.status(market, rollAt - 1).tradingDay;
  return calendar.status(market, point.time).tradingDay === endedDay ? point.price : null;
}

/** The newest of time-ordered points strictly before `time`, or null. */
export function lastPointBefore(points: readonly PricePoint[], time: number): PricePoint | null {
  for (let i = points.length - 1; i >= 0; i--) {
    const point = points[i];
    if (point !== undefined && point.time < time) return point;
  }
  return null;
}
