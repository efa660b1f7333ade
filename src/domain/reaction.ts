import type { MarketStatus } from './calendar/index.js';
import { screenSeries } from './priceScreen.js';
import { isUsablePrice } from './quote.js';
import type { PricePoint } from './quote.js';

/*
 * How an instrument reacted to a news event. The numbers are defined so that they can be checked
 * by hand against the recorded bars (docs/ARCHITECTURE.md, "Reaction numbers"):
 * - Providers stamp a bar with its START (Yahoo's 10:00 bar closes at 10:01), so a bar's price is
 *   known only at `time + barMs`. Every "price at or before X" below uses that time.
 * - Base: the last valid price known at or before T0. A market closed at T0 (night, weekend, lunch)
 *   could not react then, so its steps count from the next open instead of T0 and include the move
 *   at the open; when no price before T0 was recorded, the first price of that open is the base.
 * - Step N: the last valid price known at or before start + N minutes (start = T0, or the open).
 * - Valid: the prices pass the alert engine's screen (`screenSeries`), so a lone bad print never
 *   enters a report or its chart.
 */

/** The minutes after an event at which its reaction is measured and reported. */
export const REACTION_STEPS_MINUTES = [1, 5, 15, 30, 60] as const;
const MINUTE_MS = 60_000;
/**
 * How late a step's price may still arrive: its bar closes a minute after it starts and is read at the
 * next poll. A step still without a price this long after its time has none ("no price").
 */
export const REACTION_SETTLE_MS = 5 * MINUTE_MS;

/** Why a step whose time has passed has no price: its market was shut then, or nothing was quoted. */
export type MissingPrice = 'market closed' | 'no quote';

export interface ReactionInput {
  /** Event time, epoch ms. */
  readonly t0: number;
  /** The instrument's bars around T0 (stamped with their start), in any order; unusable prices are ignored. */
  readonly points: readonly PricePoint[];
  /** Previous close for the day change; null when unknown. */
  readonly previousClose: number | null;
  /** The instrument's market calendar. */
  readonly status: (at: number) => MarketStatus;
  /** The engine's lone-jump bound, in percent: a spike beyond it that the next bar does not confirm is dropped. */
  readonly sanityJumpPct: number;
  /** How long one bar lasts; its price is known at start + barMs. Default one minute. */
  readonly barMs?: number;
}

export interface ReactionStep {
  readonly minutes: number;
  /** T0 + minutes, or the first open + minutes when the market was closed at T0. */
  readonly at: number;
  /** Last valid price known at `at`; null while that time has not come or there is no price yet. */
  readonly price: number | null;
  readonly changePct: number | null;
  readonly dayChangePct: number | null;
  /** Set once the step is settled (REACTION_SETTLE_MS past `at`) without a price; null otherwise. */
  readonly missing: MissingPrice | null;
}

export interface Reaction {
  /** The price the moves are measured from; `time` is when that price became known (bar end). */
  readonly base: PricePoint | null;
  /** 'open': the market was closed (or at lunch) at T0, so the first reaction is at the next open. */
  readonly measuredFrom: 'event' | 'open';
  readonly firstOpen: number | null;
  readonly steps: readonly ReactionStep[];
  /** The screened bars (bad ticks removed), as stamped by the provider: what a chart of the reaction draws. */
  readonly points: readonly PricePoint[];
}

/** Index of the first point known after `time` (points sorted by `known`). */
function firstKnownAfter(known: readonly PricePoint[], time: number): number {
  let lo = 0;
  let hi = known.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((known[mid]?.time ?? Infinity) <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const lastKnownAt = (known: readonly PricePoint[], time: number): PricePoint | null =>
  known[firstKnownAfter(known, time) - 1] ?? null;

const missingReason = (status: MarketStatus): MissingPrice =>
  status.state === 'open' ? 'no quote' : 'market closed';

const pct = (price: number, from: number) => (price / from - 1) * 100;

/** The screened bars, and the same prices re-stamped with the time each became known. */
function validPrices(input: ReactionInput, until: number) {
  const barMs = input.barMs ?? MINUTE_MS;
  const sorted = input.points
    .filter((p) => Number.isFinite(p.time) && isUsablePrice(p.price) && p.time + barMs <= until)
    .sort((a, b) => a.time - b.time);
  const bars = screenSeries(sorted, { sanityJumpPct: input.sanityJumpPct });
  return { bars, known: bars.map((p) => ({ time: p.time + barMs, price: p.price })) };
}

/**
 * Each step's move since the event, as of `until` ("now" for a live report: bars not yet closed
 * then, and steps whose time has not come, are left out).
 */
export function measureReaction(input: ReactionInput, until = Infinity): Reaction {
  const { bars, known } = validPrices(input, until);
  const atT0 = input.status(input.t0);
  const open = atT0.state === 'open';
  const firstOpen = open ? null : atT0.nextOpen;
  const start = open ? input.t0 : firstOpen;
  const before = lastKnownAt(known, input.t0);
  const atOpen = start === null || open ? null : (known.find((p) => p.time > start) ?? null);
  const base = start === null ? null : (before ?? atOpen);
  const prev = isUsablePrice(input.previousClose) ? input.previousClose : null;
  const steps = REACTION_STEPS_MINUTES.map((minutes): ReactionStep => {
    const at = (start ?? input.t0) + minutes * MINUTE_MS;
    const point = base && at <= until ? lastKnownAt(known, at) : null;
    const price = point && base && point.time >= base.time ? point.price : null;
    const settled = price === null && at + REACTION_SETTLE_MS <= until;
    return {
      minutes,
      at,
      price,
      changePct: price !== null && base ? pct(price, base.price) : null,
      dayChangePct: price !== null && prev !== null ? pct(price, prev) : null,
      missing: settled ? missingReason(input.status(at)) : null,
    };
  });
  return { base, measuredFrom: open ? 'event' : 'open', firstOpen, steps, points: bars };
}
