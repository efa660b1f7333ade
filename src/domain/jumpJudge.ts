import type { PricePoint } from './quote.js';

/*
 * How one print stands against the last confirmed price: the part of the price screen that both
 * the quote screen (priceScreen.screenQuote) and recorded series (screenSeries) use.
 *
 * Two bounds, both scaled by the time elapsed since the reference, because a price's possible move
 * grows with the square root of time (as volatility does):
 * - the sanity bound (`sanityJumpPct`, per poll period): a larger move is held until an independent
 *   observation confirms it. A poll is judged as a poll-to-poll move (the whole bound); a streamed
 *   print a few seconds after the last price earns only √(elapsed / poll period) of it.
 * - plausibility: a move beyond PLAUSIBLE_MULTIPLE sanity bounds (in log terms, so a thousandfold
 *   fall is as implausible as a thousandfold rise) is rejected outright: never held, never
 *   confirmed, however often it repeats. The bound grows with time up to MAX_GROWTH, so a real
 *   regime change is delayed, not lost; a new trading day measures from the new previous close.
 */

/** A plausible move is at most this many sanity bounds (log terms) for the time elapsed. */
export const PLAUSIBLE_MULTIPLE = 3;
/** The bounds grow with √(elapsed / poll period) up to this factor (nine poll periods). */
const MAX_GROWTH = 3;
/** The sanity bound is never per less than this (sub-minute schedules). */
const BOUND_PERIOD_MIN_MS = 60_000;
/** Prints closer together than this are judged as this far apart: the finest step a move needs. */
const MIN_ELAPSED_MS = 1_000;

export type JumpVerdict = 'within' | 'held' | 'confirmed' | 'rejected-pending' | 'implausible';

/** The instrument's bound and the schedule it is meant for. */
export interface JumpBounds {
  /** A poll-to-poll move beyond this, in percent, waits for confirmation. */
  readonly sanityJumpPct: number;
  /** The poll period: what the sanity bound is per. */
  readonly pollPeriodMs: number;
}

/** Bounds with what the quote screen's usual case needs, worked out once per instrument. */
export interface PlainMoveBounds extends JumpBounds {
  /** `plausibleWhenWithin(sanityJumpPct)`. */
  readonly withinIsPlausible: boolean;
}

/** Relative slack for rounding in the comparison below (far above double rounding, far below its gap). */
const ROUNDING_MARGIN = 1e-9;

/**
 * Whether no print within the sanity bound can be implausible, so the usual case needs no logarithm.
 * With s = sanityJumpPct / 100 < 1, a print within the bound has |r − 1| ≤ s·m, m = min(1, scale).
 * Then |ln r| ≤ −ln(1 − s·m) ≤ m·(−ln(1 − s)) (convex, 0 at 0) ≤ scale·(−ln(1 − s)), which is within
 * the plausible bound PLAUSIBLE_MULTIPLE·ln(1 + s)·scale when −ln(1 − s) ≤ PLAUSIBLE_MULTIPLE·ln(1 + s):
 * true for bounds up to about 83 %.
 */
export function plausibleWhenWithin(sanityJumpPct: number): boolean {
  const s = sanityJumpPct / 100;
  return s < 1 && -Math.log1p(-s) <= PLAUSIBLE_MULTIPLE * Math.log1p(s) * (1 - ROUNDING_MARGIN);
}

/** A price to judge; `polled` is false for a price pushed by a stream. */
export interface Print extends PricePoint {
  readonly polled: boolean;
}

/** The last confirmed price; a null time (the previous close) counts as long ago. */
export interface Reference {
  readonly time: number | null;
  readonly price: number;
}

/** A jump beyond the sanity bound waiting for an independent observation. */
export interface HeldJump extends PricePoint {
  /** The newest poll that saw it (a poll after that one confirms it), or null when only streamed. */
  readonly polledAt: number | null;
}

export interface Judgement {
  readonly verdict: JumpVerdict;
  /** The move from the reference, in percent. */
  readonly jumpPct: number;
  /** What is held after this print: the old jump, this one, or none. */
  readonly pending: HeldJump | null;
}

/**
 * √(elapsed / the bound's period), a poll never judged as less than one poll period after the last
 * price. The bound is per poll period, but never per less than a minute: with a poll every second a
 * "per poll" bound would let a 20 % print through one second after the last price.
 */
function growth(referenceTime: number | null, time: number, polled: boolean, pollPeriodMs: number): number {
  // A null time is the previous close: long enough ago for the widest bound.
  const elapsed = referenceTime === null ? Infinity : time - referenceTime;
  const least = polled ? pollPeriodMs : MIN_ELAPSED_MS;
  const period = Math.max(pollPeriodMs, BOUND_PERIOD_MIN_MS);
  return Math.min(MAX_GROWTH, Math.sqrt(Math.max(elapsed, least) / period));
}

function isImplausible(referencePrice: number, price: number, scale: number, bounds: JumpBounds): boolean {
  const logMove = Math.abs(Math.log(price / referencePrice));
  return logMove > PLAUSIBLE_MULTIPLE * Math.log1p(bounds.sanityJumpPct / 100) * scale;
}

function isWithinSanity(jumpPct: number, scale: number, bounds: JumpBounds): boolean {
  return Math.abs(jumpPct) <= bounds.sanityJumpPct * Math.min(1, scale);
}

/**
 * Whether a print, with no jump held, is simply within the bounds (judgeJump's 'within'), from
 * scalars: the usual case, answered without allocating (and without a logarithm when the bounds
 * make every move within the sanity bound plausible).
 */
export function isPlainMove(
  referenceTime: number | null,
  referencePrice: number,
  print: { readonly time: number; readonly price: number; readonly polled: boolean },
  bounds: PlainMoveBounds,
): boolean {
  const scale = growth(referenceTime, print.time, print.polled, bounds.pollPeriodMs);
  const jumpPct = (print.price / referencePrice - 1) * 100;
  if (!isWithinSanity(jumpPct, scale, bounds)) return false;
  return bounds.withinIsPlausible || !isImplausible(referencePrice, print.price, scale, bounds);
}

/**
 * A later observation, independent of the held one: a poll of a later bar than the poll that saw it.
 * More prints of the same stream never confirm, however long they go on (a stream repeating a wrong
 * price is one source), and neither does the first poll to serve a jump the stream began: the
 * provider's bar and the streamed print can be the same bad tick.
 */
function confirms(held: HeldJump, print: Print): boolean {
  return print.polled && held.polledAt !== null && print.time > held.polledAt;
}

/** Judges one usable print against the last confirmed price and what is held. */
export function judgeJump(
  reference: Reference,
  print: Print,
  pending: HeldJump | null,
  bounds: JumpBounds,
): Judgement {
  const jumpPct = (print.price / reference.price - 1) * 100;
  const scale = growth(reference.time, print.time, print.polled, bounds.pollPeriodMs);
  if (isImplausible(reference.price, print.price, scale, bounds))
    return { verdict: 'implausible', jumpPct, pending };
  if (isWithinSanity(jumpPct, scale, bounds))
    return { verdict: pending === null ? 'within' : 'rejected-pending', jumpPct, pending: null };
  const agrees = pending !== null && Math.abs(print.price / pending.price - 1) * 100 <= bounds.sanityJumpPct;
  if (agrees && confirms(pending, print)) return { verdict: 'confirmed', jumpPct, pending: null };
  const polledAt = print.polled ? print.time : null;
  // An agreeing print keeps the first one's time (the spread counts from it); a poll marks it seen.
  const held = agrees
    ? { ...pending, polledAt: polledAt ?? pending.polledAt }
    : { time: print.time, price: print.price, polledAt };
  return { verdict: 'held', jumpPct, pending: held };
}
