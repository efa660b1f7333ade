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
 * Where the watch keeps its last look at each market beyond this process: a restarted bot, or a
 * replica that takes over the lease, goes on from the last look of the one before.
 */
export interface LookMemory {
  load(): ReadonlyMap<string, Seen>;
  save(market: string, look: Seen): void;
}

/**
 * A look older than this says nothing about the day now: a bot that was down longer does not post the
 * wrap of a day that ended long ago.
 */
export const LOOK_REMEMBERED_MS = 6 * 3_600_000;

/**
 * Notices, from one check to the next, when a market's trading day ends: it closes for the day (a
 * lunch break is not an end), or rolls to the next day while trading (FX at its daily roll). Only
 * a day seen trading counts, so a first start after the close posts nothing; the caller makes sure
 * nothing posts twice.
 */
export function createCloseWatch(memory?: LookMemory) {
  let seen: Map<string, Seen> | null = null;
  return {
    ended(calendar: MarketCalendar, markets: readonly string[], now: number): EndedDay[] {
      seen ??= new Map([...(memory?.load() ?? [])].filter(([, look]) => now - look.at <= LOOK_REMEMBERED_MS));
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
        const look = { tradingDay: status.tradingDay, trading, at: now };
        seen.set(market, look);
        // Every look, not only changes: an FX day's end is the last look before its roll.
        memory?.save(market, look);
      }
      return ended;
    },
  };
}
