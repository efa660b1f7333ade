import { z } from 'zod';
import type { MarketCalendar } from './calendar/index.js';
import { isUsablePrice } from './quote.js';
import type { PricePoint } from './quote.js';
import { isPlainMove, judgeJump, type HeldJump, type PlainMoveBounds, type Reference } from './jumpJudge.js';

/*
 * The one price screen: which prices the rules (and charts, warm-up, reactions) may look at.
 * Per quote: a usable price, an open market, a time not ahead of the clock, a time that advanced,
 * not stale, inside a session, a plausible move for the time elapsed, and no jump beyond the sanity
 * bound until an independent observation confirms it (jumpJudge.ts).
 */

const MINUTE_MS = 60_000;
/** A print stamped further ahead of the clock than this is dropped: clocks differ, not by days. */
export const MAX_CLOCK_SKEW_MS = 30_000;
/** The usual outcomes, shared (and frozen) rather than allocated for every quote. */
const FRESH: { notes: readonly Note[] } = Object.freeze({ notes: Object.freeze([]) });
const NO_NOTES: readonly Note[] = Object.freeze([]);

/** What the engine needs of a quote; a provider's Quote fits. */
export interface Observation {
  readonly symbol: string;
  readonly price: number | null;
  readonly time: number;
  readonly previousClose: number | null;
  /** A price pushed between polls: it joins no minute return and counts toward no hold. */
  readonly streamed?: boolean;
}

export type NoteKind =
  | 'invalid-price'
  | 'ahead-of-clock'
  | 'implausible'
  | 'stale'
  | 'fresh'
  | 'jump-held'
  | 'jump-confirmed'
  | 'jump-rejected';

/** Something a person or the log should hear about that is not an alert. */
export interface Note {
  readonly symbol: string;
  readonly kind: NoteKind;
  readonly time: number;
  readonly message: string;
}

export type SkipReason =
  | 'market closed'
  | 'invalid price'
  | 'ahead of the clock'
  | 'not advanced'
  | 'stale'
  | 'outside session'
  | 'implausible move'
  | 'jump held for confirmation';

/** Why prices were kept from the rules, counted per instrument since the start (for /status and /metrics). */
export const SCREENED_OUT = ['invalid', 'aheadOfClock', 'implausible', 'held'] as const;
export type ScreenedOut = (typeof SCREENED_OUT)[number];
export type ScreenCounts = Record<ScreenedOut, number>;

/** The screen's memory of one instrument. */
export interface ScreenState {
  /** Trading day of the last quote inside a session (see calendar/index.ts for the words). */
  tradingDay: string | null;
  /** Time and price of the last accepted quote: the reference for the next one. */
  lastTime: number | null;
  lastPrice: number | null;
  /** A jump beyond the sanity bound waiting for an independent observation to confirm it. */
  pending: HeldJump | null;
  stale: boolean;
  /** Not persisted: counts since the start. */
  readonly counts: ScreenCounts;
  /** The kind of the last note about a dropped print, so a run of them is logged once. */
  lastDropNote: NoteKind | null;
  /** The answer for an accepted quote, reused (not persisted): valid until the next quote is screened. */
  readonly accepted: AcceptedOutcome;
}

/** The persisted part; `sessionId` is the snapshot's historical name for the trading day. */
export const screenSnapshotShape = {
  sessionId: z.string().nullable(),
  lastTime: z.number().nullable(),
  lastPrice: z.number().nullable(),
  // `polledAt` is absent from snapshots written before streamed prints were told apart.
  pending: z
    .object({ time: z.number(), price: z.number(), polledAt: z.number().nullable().optional() })
    .nullable(),
  stale: z.boolean(),
};

/** What the screen needs to know about the instrument and the moment. */
export interface ScreenContext extends PlainMoveBounds {
  readonly symbol: string;
  readonly market: string;
  readonly calendar: MarketCalendar;
  readonly staleAfterMs: number;
  /** Wall-clock time of the poll, epoch ms. */
  readonly now: number;
}

export type ScreenOutcome = {
  readonly notes: readonly Note[];
  /** The quote entered a new trading day: day-scoped rule state must start again. */
  readonly newTradingDay: boolean;
} & (
  { readonly skipped: SkipReason; readonly price: null } | { readonly skipped: null; readonly price: number }
);

interface AcceptedOutcome {
  readonly skipped: null;
  price: number;
  notes: readonly Note[];
  newTradingDay: boolean;
}

export function createScreenState(): ScreenState {
  const counts = Object.fromEntries(SCREENED_OUT.map((reason) => [reason, 0])) as ScreenCounts;
  return {
    tradingDay: null,
    lastTime: null,
    lastPrice: null,
    pending: null,
    stale: false,
    counts,
    lastDropNote: null,
    accepted: { skipped: null, price: 0, notes: NO_NOTES, newTradingDay: false },
  };
}

/** True when a print's time is ahead of the clock by more than clocks differ. */
export function isAheadOfClock(time: number, now: number): boolean {
  return time > now + MAX_CLOCK_SKEW_MS;
}

/** The last accepted quote, the start of the next poll-to-poll return. */
export function lastAccepted(state: ScreenState): PricePoint | null {
  return state.lastPrice === null || state.lastTime === null
    ? null
    : { time: state.lastTime, price: state.lastPrice };
}

/** Called once the rules have seen the quote: it becomes the reference for the next one. */
export function acceptPrice(state: ScreenState, time: number, price: number): void {
  state.lastPrice = price;
  state.lastTime = time;
  state.lastDropNote = null;
}

function note(symbol: string, kind: NoteKind, time: number, message: string): Note {
  return { symbol, kind, time, message };
}

function skip(skipped: SkipReason, notes: readonly Note[], newTradingDay = false): ScreenOutcome {
  return { skipped, price: null, notes, newTradingDay };
}

/** Counts a dropped print; its note is said for the first of a run of one kind, until a price is accepted. */
function countDrop(state: ScreenState, reason: ScreenedOut, dropNote: Note): readonly Note[] {
  state.counts[reason] += 1;
  if (state.lastDropNote === dropNote.kind) return NO_NOTES;
  state.lastDropNote = dropNote.kind;
  return [dropNote];
}

/** Screens one quote, updating the state; the rules run only on an outcome with a price. */
export function screenQuote(state: ScreenState, quote: Observation, ctx: ScreenContext): ScreenOutcome {
  const statusNow = ctx.calendar.status(ctx.market, ctx.now);
  if (statusNow.state !== 'open') return skip('market closed', []);
  const price = quote.price;
  const { symbol } = ctx;
  if (!isUsablePrice(price)) {
    const message = `${symbol} price ${String(price)} is not a positive number; ignored`;
    return skip(
      'invalid price',
      countDrop(state, 'invalid', note(symbol, 'invalid-price', quote.time, message)),
    );
  }
  if (isAheadOfClock(quote.time, ctx.now)) {
    const ahead = `${((quote.time - ctx.now) / MINUTE_MS).toFixed(1)} min`;
    const message = `${symbol} print stamped ${ahead} ahead of the clock; dropped`;
    const notes = countDrop(state, 'aheadOfClock', note(symbol, 'ahead-of-clock', quote.time, message));
    return skip('ahead of the clock', notes);
  }
  forgetReferenceAhead(state, ctx.now);
  const fresh = screenFreshness(state, quote, ctx, statusNow.openedAt);
  if ('skipped' in fresh) return fresh;
  const status = quote.time === ctx.now ? statusNow : ctx.calendar.status(ctx.market, quote.time);
  if (status.state !== 'open') return skip('outside session', fresh.notes);
  const newTradingDay = status.tradingDay !== state.tradingDay;
  if (newTradingDay) startScreenDay(state, status.tradingDay);
  const jump = screenJump(state, quote, price, ctx);
  const notes = jump.notes.length > 0 ? [...fresh.notes, ...jump.notes] : fresh.notes;
  if (jump.skipped !== null) return skip(jump.skipped, notes, newTradingDay);
  const { accepted } = state;
  accepted.price = price;
  accepted.notes = notes;
  accepted.newTradingDay = newTradingDay;
  return accepted;
}

/** A new trading day forgets the last price (the previous close is the reference again) and any held jump. */
export function startScreenDay(state: ScreenState, tradingDay: string): void {
  state.tradingDay = tradingDay;
  state.pending = null;
  state.lastPrice = null;
}

/**
 * A reference stamped ahead of the clock (saved before such prints were dropped) would make every
 * later print look "not advanced" until the clock caught up with it: it is forgotten instead.
 */
function forgetReferenceAhead(state: ScreenState, now: number): void {
  if (state.lastTime !== null && isAheadOfClock(state.lastTime, now)) {
    state.lastTime = null;
    state.lastPrice = null;
  }
  if (state.pending !== null && isAheadOfClock(state.pending.time, now)) state.pending = null;
}

/** Not advanced or too old: skipped, with a note the first time it goes stale and when it recovers. */
function screenFreshness(
  state: ScreenState,
  quote: Observation,
  ctx: ScreenContext,
  openedAt: number | null,
): ScreenOutcome | { notes: readonly Note[] } {
  // Right after an open (or lunch) the last quote is from before the break: not stale yet.
  const ageMs = ctx.now - Math.max(quote.time, openedAt ?? quote.time);
  // Newer than the last accepted price and than a held jump: a held print served again is not news.
  const newest = Math.max(state.lastTime ?? -Infinity, state.pending?.time ?? -Infinity);
  const advanced = quote.time > newest;
  const tooOld = ageMs > ctx.staleAfterMs;
  if (tooOld && !state.stale) {
    state.stale = true;
    const minutes = ((ctx.now - quote.time) / MINUTE_MS).toFixed(1);
    const message = `${ctx.symbol} is stale: last quote ${minutes} min old while the market is open; alerts paused until it updates`;
    return skip('stale', [note(ctx.symbol, 'stale', quote.time, message)]);
  }
  if (!advanced || tooOld) return skip(advanced ? 'stale' : 'not advanced', []);
  if (!state.stale) return FRESH;
  state.stale = false;
  return { notes: [note(ctx.symbol, 'fresh', quote.time, `${ctx.symbol} quotes are updating again`)] };
}

interface JumpOutcome {
  readonly skipped: SkipReason | null;
  readonly notes: readonly Note[];
}
const NO_JUMP: JumpOutcome = Object.freeze({ skipped: null, notes: NO_NOTES });

/** The last accepted price, or the previous close (of unknown age) for the first quote of a day. */
function referenceOf(state: ScreenState, previousClose: number | null): Reference | null {
  if (state.lastPrice !== null) return { time: state.lastTime, price: state.lastPrice };
  return isUsablePrice(previousClose) ? { time: null, price: previousClose } : null;
}

/** Plausible for the time elapsed, and a jump beyond the sanity bound only once confirmed (jumpJudge.ts). */
function screenJump(state: ScreenState, quote: Observation, price: number, ctx: ScreenContext): JumpOutcome {
  if (state.pending === null && state.lastPrice !== null) {
    const print = { time: quote.time, price, polled: quote.streamed !== true };
    if (isPlainMove(state.lastTime, state.lastPrice, print, ctx)) return NO_JUMP;
  }
  const reference = referenceOf(state, quote.previousClose);
  if (reference === null) return NO_JUMP;
  const was = state.pending;
  const print = { time: quote.time, price, polled: quote.streamed !== true };
  const { verdict, jumpPct, pending } = judgeJump(reference, print, was, ctx);
  state.pending = pending;
  if (verdict === 'within') return NO_JUMP;
  const { symbol } = ctx;
  const say = (kind: NoteKind, message: string) => [note(symbol, kind, quote.time, message)];
  const move = `${jumpPct.toFixed(2)}%`;
  switch (verdict) {
    case 'implausible': {
      const times = (price / reference.price).toPrecision(3);
      const message = `${symbol} print at ${price} is ×${times} the last confirmed ${reference.price}, implausible for the time elapsed; dropped`;
      const notes = countDrop(state, 'implausible', note(symbol, 'implausible', quote.time, message));
      return { skipped: 'implausible move', notes };
    }
    case 'held': {
      state.counts.held += 1;
      // Said once per held jump, not for every print that agrees with it.
      const first = pending?.time !== was?.time;
      const message = `${symbol} jumped ${move} (bound ${ctx.sanityJumpPct}%); held until the next poll, or prints a poll period apart, confirm it`;
      return { skipped: 'jump held for confirmation', notes: first ? say('jump-held', message) : NO_NOTES };
    }
    case 'confirmed':
      return {
        skipped: null,
        notes: say('jump-confirmed', `${symbol} jump of ${move} confirmed by an independent observation`),
      };
    case 'rejected-pending':
      return {
        skipped: null,
        notes: say('jump-rejected', `${symbol} discarded a lone bad tick at ${was?.price ?? price}`),
      };
  }
}

export interface SeriesScreenOptions {
  /** A move beyond this, in percent, from the last kept price is a lone spike unless the next point confirms it. */
  readonly sanityJumpPct: number;
  /** Reference for the first point (the previous close), if known. */
  readonly previousClose?: number | null;
  /** The clock, when known: points stamped ahead of it are dropped. */
  readonly now?: number;
}

/** Recorded points are one-minute bars, each a polled observation: the next bar is an independent one. */
const SERIES_BOUNDS_PERIOD_MS = MINUTE_MS;

/**
 * Screens recorded points as the engine screens polled quotes: drops unusable prices, points ahead
 * of the clock, times that do not advance, implausible moves, and lone spikes (a jump beyond the
 * bound that the next point does not confirm). A confirmed jump keeps the confirming point, not
 * the first one, as the engine does.
 */
export function screenSeries(points: readonly PricePoint[], options: SeriesScreenOptions): PricePoint[] {
  const bounds = { sanityJumpPct: options.sanityJumpPct, pollPeriodMs: SERIES_BOUNDS_PERIOD_MS };
  const { previousClose, now } = options;
  const kept: PricePoint[] = [];
  let reference: Reference | null = isUsablePrice(previousClose)
    ? { time: null, price: previousClose }
    : null;
  let lastTime: number | null = null;
  let pending: HeldJump | null = null;
  for (const point of points) {
    if (!isUsablePrice(point.price) || (now !== undefined && isAheadOfClock(point.time, now))) continue;
    if (lastTime !== null && point.time <= lastTime) continue;
    lastTime = point.time;
    if (reference !== null) {
      const judged = judgeJump(reference, { ...point, polled: true }, pending, bounds);
      pending = judged.pending;
      if (judged.verdict === 'held' || judged.verdict === 'implausible') continue;
    }
    kept.push(point);
    reference = point;
  }
  return kept;
}

/**
 * A quote's bars as the screen sees them: what charts, `/level`, warm-up and the bar store may use.
 * The first bar is judged against the previous close, as the first quote of a day is.
 */
export function validBars(
  quote: { readonly bars: readonly PricePoint[]; readonly previousClose: number | null },
  sanityJumpPct: number,
  now?: number,
): PricePoint[] {
  return screenSeries(quote.bars, {
    sanityJumpPct,
    previousClose: quote.previousClose,
    ...(now === undefined ? {} : { now }),
  });
}
