import { MS_PER_DAY } from './civil.js';
import { ContinuousRules } from './continuous.js';
import { ExchangeRules } from './exchange.js';
import { PublicHolidays } from './holidays.js';
import { AFTER_CLOSE, BEFORE_OPEN } from './plan.js';
import type { DayPlan, DayRules } from './plan.js';
import type { MarketSpec } from './marketSpec.js';
import { Zone } from './zone.js';

export type * from './marketSpec.js';

/*
 * Words (one meaning each, in the calendar and the engine):
 * - trading day: the day a market's quotes belong to, named by its local date 'YYYY-MM-DD' (FX: the
 *   day that rolls at dayRollsAt, so Monday's FX trading day starts on Sunday evening). Day-move
 *   tiers, holds and the price window start again with each trading day.
 * - session: one trading interval inside a trading day (HKEX morning 09:30–12:00, afternoon
 *   13:00–16:10); the gap between two sessions is lunch. The config's `sessions` lists use it too.
 * Persisted names that predate this (`sessionId` in alerts and instrument snapshots) are kept and
 * mean the trading day.
 */

export type MarketState = 'open' | 'lunch' | 'closed';

export interface MarketStatus {
  readonly state: MarketState;
  /** The trading day, the market's local trading date 'YYYY-MM-DD' (FX: the day that rolls at dayRollsAt). */
  readonly tradingDay: string;
  /** Epoch ms of the next moment the market is open (null if open now, or none within SEARCH_DAYS). */
  readonly nextOpen: number | null;
  /**
   * Epoch ms when the current session or lunch ends (null when closed). FX trades on through its
   * daily roll, so while open this is the weekly close (or a closed override day), not 17:00.
   */
  readonly closesAt: number | null;
  /** Epoch ms when the current session began (null unless open): quotes cannot be fresher than that. */
  readonly openedAt: number | null;
  /** Why, short and human: 'open', 'lunch break', 'weekend', 'holiday: Easter Monday', … */
  readonly reason: string;
}

/**
 * Whether the market has no session at all on the status's trading day (weekend, holiday, closure),
 * as opposed to the night before or after its sessions: "mainland closed for the holiday" is news to
 * a trader, "mainland closed for the night" is not.
 */
export function isDayOff(status: MarketStatus): boolean {
  return status.state === 'closed' && status.reason !== BEFORE_OPEN && !status.reason.startsWith(AFTER_CLOSE);
}

export interface MarketCalendar {
  /** Status of a market at an instant; throws for a market name that is not configured. */
  status(market: string, at: number): MarketStatus;
}

/** How far nextOpen and closesAt look ahead; the longest real closure (Lunar New Year + weekend) is ~5 days. */
const SEARCH_DAYS = 30;

export function createCalendar(markets: Readonly<Record<string, MarketSpec>>): MarketCalendar {
  const clocks = new Map<string, MarketClock>();
  for (const [name, config] of Object.entries(markets)) {
    const zone = new Zone(config.timezone);
    const rules =
      config.type === 'exchange'
        ? new ExchangeRules(
            zone,
            config,
            config.holidays === undefined ? undefined : new PublicHolidays(config.holidays),
          )
        : new ContinuousRules(zone, config);
    clocks.set(name, new MarketClock(rules));
  }
  return {
    status(market, at) {
      const clock = clocks.get(market);
      if (clock === undefined) {
        throw new Error(`unknown market "${market}"; configured markets: ${[...clocks.keys()].join(', ')}`);
      }
      return clock.status(at);
    },
  };
}

/** A stretch of one trading day during which the status does not change. */
interface Segment {
  readonly end: number;
  readonly status: MarketStatus;
}

interface Day {
  readonly plan: DayPlan;
  segments: readonly Segment[] | undefined;
}

/**
 * One market's days, each cut into a few segments with a ready, frozen status, so a call on the
 * day of the previous call is a few comparisons and allocates nothing.
 */
class MarketClock {
  private readonly days = new Map<number, Day>();
  private current: Day | undefined;
  /** The last answer and the stretch [start, end) it holds for: the next call is nearly always in it. */
  private lastStart = Infinity;
  private lastEnd = -Infinity;
  private lastStatus: MarketStatus | undefined;

  constructor(private readonly rules: DayRules) {}

  status(at: number): MarketStatus {
    if (at >= this.lastStart && at < this.lastEnd && this.lastStatus !== undefined) return this.lastStatus;
    const day = this.dayAt(at);
    const segments = (day.segments ??= this.segmentsOf(day.plan));
    let start = day.plan.start;
    for (const segment of segments) {
      if (at < segment.end) {
        this.lastStart = start;
        this.lastEnd = segment.end;
        return (this.lastStatus = segment.status);
      }
      start = segment.end;
    }
    throw new Error(`calendar bug: ${at} is past the end of trading day ${day.plan.tradingDay}`);
  }

  private dayAt(at: number): Day {
    const current = this.current;
    if (current !== undefined && at >= current.plan.start && at < current.plan.end) return current;
    // Trading days are 24 h long give or take a DST hour, so a known day gives a guess without
    // formatting a date (slow); the loops correct the guess near a boundary.
    let found =
      current === undefined
        ? this.day(this.rules.dayOf(at))
        : this.day(current.plan.day + Math.floor((at - current.plan.start) / MS_PER_DAY));
    while (at < found.plan.start) found = this.day(found.plan.day - 1);
    while (at >= found.plan.end) found = this.day(found.plan.day + 1);
    return (this.current = found);
  }

  private day(dayNumber: number): Day {
    let found = this.days.get(dayNumber);
    if (found === undefined) {
      found = { plan: this.rules.plan(dayNumber), segments: undefined };
      this.days.set(dayNumber, found);
    }
    return found;
  }

  private segmentsOf(plan: DayPlan): readonly Segment[] {
    const { tradingDay } = plan;
    const segments: Segment[] = [];
    const add = (end: number, status: MarketStatus): void => {
      segments.push({ end, status: Object.freeze(status) });
    };
    let cursor = plan.start;
    plan.sessions.forEach(([open, close], i) => {
      if (cursor < open) {
        add(
          open,
          i === 0
            ? {
                state: 'closed',
                tradingDay,
                nextOpen: open,
                closesAt: null,
                openedAt: null,
                reason: plan.beforeReason,
              }
            : {
                state: 'lunch',
                tradingDay,
                nextOpen: open,
                closesAt: open,
                openedAt: null,
                reason: 'lunch break',
              },
        );
      }
      add(close, {
        state: 'open',
        tradingDay,
        nextOpen: null,
        closesAt: this.runEnd(plan, i),
        openedAt: open,
        reason: plan.openReason,
      });
      cursor = close;
    });
    if (cursor < plan.end) {
      const reason = plan.sessions.length === 0 ? plan.beforeReason : plan.afterReason;
      add(plan.end, {
        state: 'closed',
        tradingDay,
        nextOpen: this.nextOpen(plan),
        closesAt: null,
        openedAt: null,
        reason,
      });
    }
    return segments;
  }

  /** First session start on a day after `plan`. */
  private nextOpen(plan: DayPlan): number | null {
    for (let d = plan.day + 1; d <= plan.day + SEARCH_DAYS; d++) {
      const first = this.day(d).plan.sessions[0];
      if (first !== undefined) return first[0];
    }
    return null;
  }

  /** When trading in session `index` of `plan` really stops: FX trades on through its daily roll. */
  private runEnd(plan: DayPlan, index: number): number | null {
    let day = plan;
    let i = index;
    let end = plan.sessions[index]?.[1] ?? plan.end;
    while (day.day <= plan.day + SEARCH_DAYS) {
      i++;
      if (i >= day.sessions.length) {
        if (end !== day.end) return end;
        day = this.day(day.day + 1).plan;
        i = 0;
      }
      const next = day.sessions[i];
      if (next?.[0] !== end) return end;
      end = next[1];
    }
    return null;
  }
}
