/** Status reasons of a trading day's night hours, before its first session and after its last. */
export const BEFORE_OPEN = 'before open';
export const AFTER_CLOSE = 'after close';

/** One trading day of one market, resolved to instants. */
export interface DayPlan {
  /** Civil day number of the trading day. */
  readonly day: number;
  /** The trading day covers [start, end), epoch ms. */
  readonly start: number;
  readonly end: number;
  readonly tradingDay: string;
  /** Its sessions (trading intervals) [open, close) in epoch ms, sorted, inside [start, end). */
  readonly sessions: readonly (readonly [number, number])[];
  /** Reason while trading, e.g. 'open' or 'half-day: Christmas Eve'. */
  readonly openReason: string;
  /** Reason before the first session, or all day when there is none, e.g. 'weekend'. */
  readonly beforeReason: string;
  readonly afterReason: string;
}

/** How one kind of market lays out its trading days. */
export interface DayRules {
  /** Civil day number of the trading day that contains `at`. */
  dayOf(at: number): number;
  plan(day: number): DayPlan;
}

export function closedDay(
  day: number,
  start: number,
  end: number,
  tradingDay: string,
  reason: string,
): DayPlan {
  return {
    day,
    start,
    end,
    tradingDay,
    sessions: [],
    openReason: reason,
    beforeReason: reason,
    afterReason: reason,
  };
}
