import type { MarketCalendar } from '../domain/calendar/index.js';

/** A trading day that has just ended for a market, and the last instant it covers. */
export interface EndedDay {
  readonly market: string;
  readonly tradingDay: string;
  readonly until: number;
}

interface Seen {
  readonly tradingDay: string;
  readonly trading: boolean;
  readonly at: number;
}

/**
 * Notices, from one check to the next, when a market's trading day ends: it closes for the day (a
 * lunch break is not an end), or rolls to the next day while trading (FX at its daily roll). Only
 * a day seen trading counts, so a start after the close posts nothing, and nothing posts twice.
 */
export function createCloseWatch() {
  const seen = new Map<string, Seen>();
  return {
    ended(calendar: MarketCalendar, markets: readonly string[], now: number): EndedDay[] {
      const ended: EndedDay[] = [];
      for (const market of markets) {
        const status = calendar.status(market, now);
        const trading = status.state !== 'closed';
        const before = seen.get(market);
        if (before?.trading === true) {
          const rolled = status.tradingDay !== before.tradingDay;
          // After a close the day is the same one; after a roll it ended at the last check.
          if (rolled || !trading)
            ended.push({ market, tradingDay: before.tradingDay, until: rolled ? before.at : now });
        }
        seen.set(market, { tradingDay: status.tradingDay, trading, at: now });
      }
      return ended;
    },
  };
}
