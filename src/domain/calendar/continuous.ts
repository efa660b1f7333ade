import { MINUTES_PER_DAY, isoDate, parseHhmm, weekdayOf } from './civil.js';
import type { ContinuousMarketSpec, Weekday } from './marketSpec.js';
import { closedDay, type DayPlan, type DayRules } from './plan.js';
import type { Zone } from './zone.js';

const WEEKDAYS: readonly Weekday[] = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
];
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/**
 * A market open around the clock inside a weekly window (FX: Sunday 17:00 → Friday 17:00 New York).
 * Trading day D runs from the roll time on D-1 to the roll time on D, so Monday's FX day starts
 * on Sunday at 17:00; with a 00:00 roll it is simply the local date.
 */
export class ContinuousRules implements DayRules {
  private readonly roll: number;
  /** Days between the trading day and the civil day it starts on (1 when it starts the evening before). */
  private readonly lead: number;
  /** Open ranges in minutes of the week, Sunday 00:00 = 0. */
  private readonly week: readonly (readonly [number, number])[];
  private readonly closedDays: ReadonlyMap<string, string>;

  constructor(
    private readonly zone: Zone,
    config: ContinuousMarketSpec,
  ) {
    this.roll = parseHhmm(config.dayRollsAt);
    this.lead = this.roll > 0 ? 1 : 0;
    const opens = minuteOfWeek(config.opens);
    const closes = minuteOfWeek(config.closes);
    this.week =
      opens < closes
        ? [[opens, closes]]
        : [
            [0, closes],
            [opens, MINUTES_PER_WEEK],
          ];
    // The schema has no half-day sessions for continuous markets, so any override closes the whole day.
    this.closedDays = new Map(config.overrides.map((o) => [o.date, `closed: ${o.reason}`]));
  }

  dayOf(at: number): number {
    const { day, minute } = this.zone.wallClock(at);
    return this.lead === 1 && minute >= this.roll ? day + 1 : day;
  }

  plan(day: number): DayPlan {
    const first = day - this.lead;
    const start = this.zone.toEpoch(first, this.roll);
    const end = this.zone.toEpoch(first + 1, this.roll);
    const tradingDay = isoDate(day);
    const override = this.closedDays.get(tradingDay);
    if (override !== undefined) return closedDay(day, start, end, tradingDay, override);

    // The trading day spans [roll, 24:00) of its first civil day and, with a lead, [00:00, roll) of the next.
    const pieces: [number, number, number][] = [[first, this.roll, MINUTES_PER_DAY]];
    if (this.lead === 1) pieces.push([first + 1, 0, this.roll]);
    const sessions: [number, number][] = [];
    for (const [civil, from, to] of pieces) {
      const base = weekdayOf(civil) * MINUTES_PER_DAY;
      for (const [open, close] of this.week) {
        const a = Math.max(from, open - base);
        const b = Math.min(to, close - base);
        if (a >= b) continue;
        const range: [number, number] = [this.zone.toEpoch(civil, a), this.zone.toEpoch(civil, b)];
        const last = sessions.at(-1);
        if (last !== undefined && last[1] === range[0]) last[1] = range[1];
        else sessions.push(range);
      }
    }
    if (sessions.length === 0) return closedDay(day, start, end, tradingDay, 'weekend');
    return {
      day,
      start,
      end,
      tradingDay,
      sessions,
      openReason: 'open',
      beforeReason: 'weekend',
      afterReason: 'weekend',
    };
  }
}

function minuteOfWeek(at: { readonly day: Weekday; readonly time: string }): number {
  return WEEKDAYS.indexOf(at.day) * MINUTES_PER_DAY + parseHhmm(at.time);
}
