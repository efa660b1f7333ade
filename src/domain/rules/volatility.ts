import type { PricePoint } from '../quote.js';
import { RollingStdDev } from '../stats/rollingStdDev.js';
import { changePct, directionOf } from './candidate.js';
import type { Candidate, RuleInput } from './candidate.js';

const MINUTE_MS = 60_000;
/** Returns across a longer gap (lunch, overnight, an outage) are not one poll's move. */
export const RETURN_MAX_GAP_MS = 15 * 60_000;

/** Volatility-adjusted move: the latest poll-to-poll return, per √minute, in SDs of the previous returns. */
export interface VolatilityThresholds {
  readonly lookbackReturns: number;
  readonly zScore: number;
  /** A floor in percent, so a quiet market's tiny SD does not turn noise into alerts. */
  readonly minMovePct: number;
}

/** Streaming z-score of poll-to-poll returns against the SD of the previous `lookback` returns. */
export interface VolatilityTracker {
  /** Feeds a (per-minute) return in percent and gives its z-score against the returns before it (null while warming up). */
  next(returnPct: number): number | null;
}

/** Nothing of it is persisted: the returns are rebuilt from recorded bars when the bot starts. */
export interface VolatilityState {
  tracker: VolatilityTracker;
  /**
   * Time and price the last return ended at: the next return's start; NaN while nothing was fed
   * this trading day (numbers rather than a point or null, so that moving them on allocates
   * nothing). Streamed prices between polls are not fed (the statistic is one of minute returns),
   * so this is the last polled price, not the last accepted one.
   */
  lastFedTime: number;
  lastFedPrice: number;
  /** What feedReturn returns, reused: a poll's return is read at once and never kept. */
  readonly lastReturn: { returnPct: number; minutes: number; zScore: number };
}

export function createVolatilityState(tracker: VolatilityTracker): VolatilityState {
  return {
    tracker,
    lastFedTime: NaN,
    lastFedPrice: NaN,
    lastReturn: { returnPct: 0, minutes: 0, zScore: NaN },
  };
}

/** The point the last return ended at, or null when nothing was fed this trading day. */
export function lastFed(state: VolatilityState): PricePoint | null {
  return Number.isNaN(state.lastFedTime) ? null : { time: state.lastFedTime, price: state.lastFedPrice };
}

/** The next return starts from `point` (null: from the next fed price's caller-given previous point). */
export function setLastFed(state: VolatilityState, point: PricePoint | null): void {
  state.lastFedTime = point === null ? NaN : point.time;
  state.lastFedPrice = point === null ? NaN : point.price;
}

/** One poll's return, the minutes it spans, and its per-minute z-score. */
export interface PollReturn {
  readonly returnPct: number;
  readonly minutes: number;
  /** NaN while the tracker warms up (a number, so the reused answer is written in place). */
  readonly zScore: number;
}

/**
 * Returns are taken in basis points. The SD is streamed (stats/rollingStdDev.ts): technicalindicators'
 * SD, the oracle it is tested against, spent 71% of a year's replay in its generators.
 * An SD of exactly 0 (a window of identical returns) gives no z-score rather than an infinite one.
 */
export function createVolatilityTracker(lookback: number): VolatilityTracker {
  return new ZScoreTracker(lookback);
}

/** A class rather than a closure: its SD is a number field, written in place on every return. */
class ZScoreTracker implements VolatilityTracker {
  private readonly sd: RollingStdDev;
  /** The SD of the returns before the next one; 0 while warming up (no z-score either way). */
  private previousSd = 0;

  constructor(lookback: number) {
    this.sd = new RollingStdDev(lookback);
  }

  next(returnPct: number): number | null {
    const returnBp = returnPct * 100;
    const z = this.previousSd > 0 ? returnBp / this.previousSd : null;
    this.previousSd = this.sd.push(returnBp) ?? 0;
    return z;
  }
}

/*
 * Returns are scored per minute: a return over k minutes is divided by √k before it meets the SD
 * (and before it joins the returns the SD is taken of). Under a random walk that keeps every return
 * on one scale, so the first return after a restart, a failed poll or a skipped cron tick is judged
 * for the minutes it really spans, and a genuine move across the gap is still scored; skipping it
 * instead would hide the very move a restart must not miss. Intervals are counted in whole minutes
 * (at least 1) because quotes come from 1-minute bars and trade times jitter by a few seconds.
 */
export function elapsedMinutes(from: number, to: number): number {
  return Math.max(1, Math.round((to - from) / MINUTE_MS));
}

/**
 * Feeds the return since the last fed price (or `previous` when none was fed) to the price at
 * `time`, when the two are consecutive (later, no long gap). The answer is the state's own
 * `lastReturn`, valid until the next call.
 */
export function feedReturn(
  state: VolatilityState,
  previous: PricePoint | null,
  time: number,
  price: number,
): PollReturn | null {
  const fed = !Number.isNaN(state.lastFedTime);
  const fromTime = fed ? state.lastFedTime : (previous?.time ?? NaN);
  const fromPrice = fed ? state.lastFedPrice : (previous?.price ?? NaN);
  state.lastFedTime = time;
  state.lastFedPrice = price;
  // NaN (nothing to start from) fails both comparisons, hence the negated form.
  if (!(time > fromTime && time - fromTime <= RETURN_MAX_GAP_MS)) return null;
  const move = state.lastReturn;
  move.returnPct = changePct(price, fromPrice);
  move.minutes = elapsedMinutes(fromTime, time);
  // Nearly every return spans one minute, whose √ is 1: no square root for it (x / 1 is x exactly).
  const perMinute = move.minutes === 1 ? move.returnPct : move.returnPct / Math.sqrt(move.minutes);
  move.zScore = state.tracker.next(perMinute) ?? NaN;
  return move;
}

/** Fires when the return is both `zScore` SDs and `minMovePct` large, once it has held long enough. */
export function evaluateVolatility(
  move: PollReturn | null,
  input: RuleInput,
  thresholds: VolatilityThresholds,
): Candidate | null {
  if (move === null || Number.isNaN(move.zScore)) return null;
  const { returnPct } = move;
  const zScore = move.zScore;
  const floorPct = thresholds.minMovePct * input.factor;
  const hit = Math.abs(zScore) >= thresholds.zScore && Math.abs(returnPct) >= floorPct;
  const direction = directionOf(returnPct);
  const up = input.held('volatility:up', hit && direction === 'up');
  const down = input.held('volatility:down', hit && direction === 'down');
  if (!up && !down) return null;
  return {
    rule: 'volatility',
    direction,
    severity: Math.floor(Math.abs(zScore) / thresholds.zScore),
    changePct: returnPct,
    basePrice: input.price / (1 + returnPct / 100),
    thresholdPct: floorPct,
    zScore,
  };
}
