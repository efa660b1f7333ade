import type { PricePoint } from '../domain/quote.js';
import type { YahooChartDay } from './yahooChart.js';

/**
 * Bars up to this long before the newest cached one are asked for again on every poll: Yahoo fills
 * a minute late now and then and rewrites the still-open last minute, and both must reach the cache.
 */
export const LATE_BAR_OVERLAP_MS = 5 * 60_000;
/** After this long without a successful fetch the whole day is asked for again, not just new bars. */
export const FULL_DAY_AFTER_GAP_MS = 15 * 60_000;

const DAY_MS = 86_400_000;

/** What to ask Yahoo for one symbol: the whole current day, or the bars since `period1` (epoch s). */
export type FetchPlan = { readonly kind: 'fullDay' } | { readonly kind: 'since'; readonly period1: number };

interface CachedDay {
  /** Bars merged so far; previousClose is the whole-day answer's, the previous session's close. */
  readonly day: YahooChartDay;
  readonly startMs: number;
  readonly endMs: number;
  readonly fetchedAt: number;
}

export interface DayCache {
  plan(yahooSymbol: string, now: number): FetchPlan;
  /** Records the answer for `yahooSymbol`, fetched as `plan` said; returns the day to quote. */
  record(yahooSymbol: string, plan: FetchPlan, answer: YahooChartDay, now: number): YahooChartDay;
}

/**
 * The session the bars belong to: Yahoo's current regular period when it holds the last bar (not
 * so before the open, when it already names the coming session), else the exchange's calendar day.
 */
function dayBounds(
  bars: readonly PricePoint[],
  meta: YahooChartDay['meta'],
): { startMs: number; endMs: number } {
  const first = bars[0]?.time ?? 0;
  const last = bars.at(-1)?.time ?? 0;
  const regular = meta.currentTradingPeriod?.regular;
  if (regular && regular.start * 1000 <= last && last <= regular.end * 1000) {
    return { startMs: Math.min(regular.start * 1000, first), endMs: regular.end * 1000 };
  }
  const offsetMs = (meta.gmtoffset ?? 0) * 1000;
  const localStart = Math.floor((last + offsetMs) / DAY_MS) * DAY_MS - offsetMs;
  return { startMs: Math.min(localStart, first), endMs: localStart + DAY_MS - 1 };
}

/** Index of the first bar at or after `time` in time-sorted bars. */
function firstAtOrAfter(bars: readonly PricePoint[], time: number): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((bars[mid]?.time ?? Infinity) < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * New bars replace cached ones of the same minute (the newer answer wins) and late ones slot in by
 * time; bars outside the cached session are dropped, so a day never grows past its own bars.
 */
export function mergeBars(
  cached: readonly PricePoint[],
  incoming: readonly PricePoint[],
  bounds: { readonly startMs: number; readonly endMs: number },
): readonly PricePoint[] {
  const inDay = incoming.filter((b) => b.time >= bounds.startMs && b.time <= bounds.endMs);
  if (inDay.length === 0) return cached;
  const cut = firstAtOrAfter(cached, Math.min(...inDay.map((b) => b.time)));
  const tail = new Map(cached.slice(cut).map((b) => [b.time, b.price]));
  for (const bar of inDay) tail.set(bar.time, bar.price);
  const merged = [...tail].sort(([a], [b]) => a - b).map(([time, price]) => ({ time, price }));
  return cached.slice(0, cut).concat(merged);
}

/** Today's bars per Yahoo symbol, so a poll asks only for what is new. In memory: a restart refetches. */
export function createDayCache(): DayCache {
  const days = new Map<string, CachedDay>();

  function plan(yahooSymbol: string, now: number): FetchPlan {
    const cached = days.get(yahooSymbol);
    const last = cached?.day.bars.at(-1);
    if (!cached || !last || now > cached.endMs || now - cached.fetchedAt > FULL_DAY_AFTER_GAP_MS) {
      return { kind: 'fullDay' };
    }
    return { kind: 'since', period1: Math.floor((last.time - LATE_BAR_OVERLAP_MS) / 1000) };
  }

  function record(
    yahooSymbol: string,
    fetchPlan: FetchPlan,
    answer: YahooChartDay,
    now: number,
  ): YahooChartDay {
    const cached = days.get(yahooSymbol);
    if (fetchPlan.kind === 'fullDay' || !cached) {
      days.set(yahooSymbol, { day: answer, ...dayBounds(answer.bars, answer.meta), fetchedAt: now });
      return answer;
    }
    // An answer for a time span carries that span's chartPreviousClose: the session's stays.
    const day = {
      ...answer,
      previousClose: cached.day.previousClose,
      bars: mergeBars(cached.day.bars, answer.bars, cached),
    };
    days.set(yahooSymbol, { ...cached, day, fetchedAt: now });
    return day;
  }

  return { plan, record };
}
