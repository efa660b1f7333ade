import { z } from 'zod';
import type { MarketCalendar } from './calendar/index.js';
import { isUsablePrice } from './quote.js';
import type { PricePoint } from './quote.js';

/*
 * The one price screen: which prices the rules (and charts, warm-up, reactions) may look at.
 * Per quote: a usable price, an open market, a time that advanced, not stale, inside a session,
 * and no lone jump beyond the sanity bound (held until the next poll confirms it).
 */

const MINUTE_MS = 60_000;
/** The usual outcomes, shared (and frozen) rather than allocated for every quote. */
const FRESH: { notes: readonly Note[] } = Object.freeze({ notes: Object.freeze([]) });
const NO_JUMP = Object.freeze({ held: false, note: null });

/** What the engine needs of a quote; a provider's Quote fits. */
export interface Observation {
  readonly symbol: string;
  readonly price: number | null;
  readonly time: number;
  readonly previousClose: number | null;
  /** A price pushed between polls: it joins no minute return and counts toward no hold. */
  readonly streamed?: boolean;
}

export type NoteKind = 'invalid-price' | 'stale' | 'fresh' | 'jump-held' | 'jump-confirmed' | 'jump-rejected';

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
  | 'not advanced'
  | 'stale'
  | 'outside session'
  | 'jump held for confirmation';

/** The screen's memory of one instrument. */
export interface ScreenState {
  /** Trading day of the last quote inside a session (see calendar/index.ts for the words). */
  tradingDay: string | null;
  /** Time and price of the last accepted quote (the time also moves on a held jump). */
  lastTime: number | null;
  lastPrice: number | null;
  /** A jump beyond the sanity bound waiting for the next poll to confirm it. */
  pending: PricePoint | null;
  stale: boolean;
}

/** The persisted part; `sessionId` is the snapshot's historical name for the trading day. */
export const screenSnapshotShape = {
  sessionId: z.string().nullable(),
  lastTime: z.number().nullable(),
  lastPrice: z.number().nullable(),
  pending: z.object({ time: z.number(), price: z.number() }).nullable(),
  stale: z.boolean(),
};

/** What the screen needs to know about the instrument and the moment. */
export interface ScreenContext {
  readonly symbol: string;
  readonly market: string;
  readonly sanityJumpPct: number;
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

export function createScreenState(): ScreenState {
  return { tradingDay: null, lastTime: null, lastPrice: null, pending: null, stale: false };
}

/** The last accepted quote, the start of the next poll-to-poll return. */
export function lastAccepted(state: ScreenState): PricePoint | null {
  return state.lastPrice === null || state.lastTime === null
    ? null
    : { time: state.lastTime, price: state.lastPrice };
}

/** Called once the rules have seen the quote: it becomes the reference for the next one. */
export function acceptPrice(state: ScreenState, point: PricePoint): void {
  state.lastPrice = point.price;
  state.lastTime = point.time;
}

function note(symbol: string, kind: NoteKind, time: number, message: string): Note {
  return { symbol, kind, time, message };
}

function skip(skipped: SkipReason, notes: readonly Note[], newTradingDay = false): ScreenOutcome {
  return { skipped, price: null, notes, newTradingDay };
}

/** Screens one quote, updating the state; the rules run only on an outcome with a price. */
export function screenQuote(state: ScreenState, quote: Observation, ctx: ScreenContext): ScreenOutcome {
  const statusNow = ctx.calendar.status(ctx.market, ctx.now);
  if (statusNow.state !== 'open') return skip('market closed', []);
  const price = quote.price;
  if (!isUsablePrice(price)) {
    const message = `${ctx.symbol} price ${String(price)} is not a positive number; ignored`;
    return skip('invalid price', [note(ctx.symbol, 'invalid-price', quote.time, message)]);
  }
  const fresh = screenFreshness(state, quote, ctx, statusNow.openedAt);
  if ('skipped' in fresh) return fresh;
  const status = quote.time === ctx.now ? statusNow : ctx.calendar.status(ctx.market, quote.time);
  if (status.state !== 'open') return skip('outside session', fresh.notes);
  const newTradingDay = status.tradingDay !== state.tradingDay;
  if (newTradingDay) startScreenDay(state, status.tradingDay);
  const jump = screenJump(state, quote, price, ctx);
  const notes = jump.note ? [...fresh.notes, jump.note] : fresh.notes;
  if (jump.held) return skip('jump held for confirmation', notes, newTradingDay);
  return { skipped: null, price, notes, newTradingDay };
}

/** A new trading day forgets the last price (the previous close is the reference again) and any held jump. */
export function startScreenDay(state: ScreenState, tradingDay: string): void {
  state.tradingDay = tradingDay;
  state.pending = null;
  state.lastPrice = null;
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
  const advanced = state.lastTime === null || quote.time > state.lastTime;
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

export type JumpVerdict = 'within' | 'held' | 'confirmed' | 'rejected-pending';

/**
 * The sanity bound on its own, shared by the quote screen and `screenSeries`: a move beyond
 * `sanityJumpPct` from `reference` is held; the next price confirms it when it is also beyond the
 * bound in the same direction, otherwise the held price was a lone bad tick.
 */
export function judgeJump(
  reference: number,
  price: number,
  pending: PricePoint | null,
  sanityJumpPct: number,
): { verdict: JumpVerdict; jumpPct: number } {
  const jumpPct = (price / reference - 1) * 100;
  if (Math.abs(jumpPct) > sanityJumpPct) {
    const confirms = pending !== null && Math.sign(pending.price - reference) === Math.sign(jumpPct);
    return { verdict: confirms ? 'confirmed' : 'held', jumpPct };
  }
  return { verdict: pending === null ? 'within' : 'rejected-pending', jumpPct };
}

/** Compares with the last accepted price, or the previous close for the first quote of a day. */
function screenJump(
  state: ScreenState,
  quote: Observation,
  price: number,
  ctx: ScreenContext,
): { held: boolean; note: Note | null } {
  const reference = state.lastPrice ?? (isUsablePrice(quote.previousClose) ? quote.previousClose : null);
  if (reference === null) return NO_JUMP;
  const pending = state.pending;
  const { verdict, jumpPct } = judgeJump(reference, price, pending, ctx.sanityJumpPct);
  switch (verdict) {
    case 'within':
      return NO_JUMP;
    case 'held':
      state.pending = { time: quote.time, price };
      state.lastTime = quote.time;
      return {
        held: true,
        note: note(
          ctx.symbol,
          'jump-held',
          quote.time,
          `${ctx.symbol} jumped ${jumpPct.toFixed(2)}% in one poll (bound ${ctx.sanityJumpPct}%); held until the next poll confirms it`,
        ),
      };
    case 'confirmed':
      state.pending = null;
      return {
        held: false,
        note: note(
          ctx.symbol,
          'jump-confirmed',
          quote.time,
          `${ctx.symbol} jump of ${jumpPct.toFixed(2)}% confirmed by a second poll`,
        ),
      };
    case 'rejected-pending':
      state.pending = null;
      return {
        held: false,
        note: note(
          ctx.symbol,
          'jump-rejected',
          quote.time,
          `${ctx.symbol} discarded a lone bad tick at ${pending?.price ?? price}`,
        ),
      };
  }
}

export interface SeriesScreenOptions {
  /** A move beyond this, in percent, from the last kept price is a lone spike unless the next point confirms it. */
  readonly sanityJumpPct: number;
  /** Reference for the first point (the previous close), if known. */
  readonly previousClose?: number | null;
}

/**
 * Screens recorded points as the engine screens quotes: drops unusable prices, times that do not
 * advance, and lone spikes (a jump beyond the bound that the next point does not confirm).
 * A confirmed jump keeps the confirming point, not the first one, as the engine does.
 */
export function screenSeries(points: readonly PricePoint[], options: SeriesScreenOptions): PricePoint[] {
  const kept: PricePoint[] = [];
  let reference = isUsablePrice(options.previousClose) ? options.previousClose : null;
  let lastTime: number | null = null;
  let pending: PricePoint | null = null;
  for (const point of points) {
    if (!isUsablePrice(point.price) || (lastTime !== null && point.time <= lastTime)) continue;
    lastTime = point.time;
    const verdict =
      reference === null
        ? 'within'
        : judgeJump(reference, point.price, pending, options.sanityJumpPct).verdict;
    if (verdict === 'held') {
      pending = point;
      continue;
    }
    pending = null;
    kept.push(point);
    reference = point.price;
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
): PricePoint[] {
  return screenSeries(quote.bars, { sanityJumpPct, previousClose: quote.previousClose });
}
