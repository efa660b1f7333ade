import { isoDate, monthDay, parseHhmm, weekdayOf, yearOf } from './civil.js';
import { lunarNewYear, type PublicHolidays } from './holidays.js';
import type { ExchangeMarketSpec } from './marketSpec.js';
import { AFTER_CLOSE, BEFORE_OPEN, closedDay, type DayPlan, type DayRules } from './plan.js';
import type { Zone } from './zone.js';

type Minutes = readonly (readonly [number, number])[];

const HALF_DAY_NAMES: Readonly<Record<string, string>> = {
  '12-24': 'Christmas Eve',
  '12-31': "New Year's Eve",
};

/** An exchange: local sessions on weekdays that are not holidays; the trading day is the local date. */
export class ExchangeRules implements DayRules {
  private readonly sessions: Minutes;
  private readonly halfDaySessions: Minutes;
  private readonly halfDays: ReadonlySet<string>;
  private readonly closures: ReadonlySet<string>;
  private readonly overrides: ReadonlyMap<string, ExchangeMarketSpec['overrides'][number]>;

  constructor(
    private readonly zone: Zone,
    private readonly config: ExchangeMarketSpec,
    private readonly holidays: PublicHolidays | undefined,
  ) {
    this.sessions = toMinutes(config.sessions);
    this.halfDaySessions = toMinutes(config.halfDaySessions);
    this.halfDays = new Set(config.halfDays);
    this.closures = new Set(config.recurringClosures);
    this.overrides = new Map(config.overrides.map((o) => [o.date, o]));
  }

  dayOf(at: number): number {
    return this.zone.wallClock(at).day;
  }

  plan(day: number): DayPlan {
    const start = this.zone.toEpoch(day, 0);
    const end = this.zone.toEpoch(day + 1, 0);
    const date = isoDate(day);
    const closed = (reason: string): DayPlan => closedDay(day, start, end, date, reason);
    const trading = (sessions: Minutes, openReason: string, afterReason: string): DayPlan => {
      if (sessions.length === 0) return closed(openReason);
      const instants = sessions.map(
        ([open, close]) => [this.zone.toEpoch(day, open), this.zone.toEpoch(day, close)] as const,
      );
      return {
        day,
        start,
        end,
        tradingDay: date,
        sessions: instants,
        openReason,
        beforeReason: BEFORE_OPEN,
        afterReason,
      };
    };
    const halfDay = (name: string): DayPlan =>
      trading(this.halfDaySessions, `half-day: ${name}`, `${AFTER_CLOSE} (half-day: ${name})`);

    // An explicit override beats the weekend and holiday rules (a plain one restores a regular day).
    const override = this.overrides.get(date);
    if (override !== undefined) {
      if (override.closed) return closed(`closed: ${override.reason}`);
      if (override.halfDay) return halfDay(override.reason);
      return trading(this.sessions, 'open', AFTER_CLOSE);
    }
    const weekday = weekdayOf(day);
    if (weekday === 0 || weekday === 6) return closed('weekend');
    const holiday = this.holidays?.nameOn(day);
    if (holiday !== undefined) return closed(`holiday: ${holiday}`);
    const md = monthDay(day);
    if (this.closures.has(md)) return closed('holiday: exchange holiday');
    if (this.halfDays.has(md)) return halfDay(HALF_DAY_NAMES[md] ?? md);
    if (this.config.halfDayOnLunarNewYearEve && day === lunarNewYear(yearOf(day)) - 1) {
      return halfDay("Lunar New Year's Eve");
    }
    return trading(this.sessions, 'open', AFTER_CLOSE);
  }
}

function toMinutes(sessions: readonly { open: string; close: string }[]): Minutes {
  return sessions
    .map(({ open, close }) => [parseHhmm(open), parseHhmm(close)] as const)
    .sort((a, b) => a[0] - b[0]);
}
