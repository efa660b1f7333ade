import type { Instrument } from '../config/config.js';
import type { Alert, AlertFacts } from '../domain/alert.js';
import type { MarketCalendar } from '../domain/calendar/index.js';
import type { CrossMarket } from '../domain/crossMarket.js';
import type { Engine, Note, WindowMove } from '../domain/engine.js';
import { screenSeries } from '../domain/priceScreen.js';
import type { PricePoint, Quote } from '../domain/quote.js';
import type { Logger } from '../log.js';
import { wordAlerts } from '../presentation/alertText.js';
import { logFetchFailure } from '../providers/errors.js';
import type { QuoteSource } from '../providers/quoteSource.js';
import type { AlertSink } from '../sinks/sink.js';
import type { Store } from '../store/openStore.js';

/** How much recorded history seeds the price window and volatility after a start. */
const WARM_UP_MS = 6 * 60 * 60_000;

export interface TickDeps {
  readonly instruments: readonly Instrument[];
  readonly calendar: MarketCalendar;
  readonly quotes: Pick<QuoteSource, 'fetchQuote'>;
  readonly engine: Engine;
  readonly store: Store;
  readonly sink: AlertSink;
  readonly log: Logger;
  /** The cross-market signal and its inhibition of the alerts it covers. */
  readonly crossMarket?: CrossMarket;
}

/** Memory a poller keeps between ticks: warm-up, stored bars, and what /level and /status show. */
export interface TickMemory {
  readonly warmedUp: Set<string>;
  /** The newest bar stored per instrument: the screen's reference for the bars after it. */
  readonly lastStoredBar: Map<string, PricePoint>;
  /** The latest quote per instrument. */
  readonly latest: Map<string, Quote>;
  lastPollAt: number | null;
}

export function createTickMemory(): TickMemory {
  return { warmedUp: new Set(), lastStoredBar: new Map(), latest: new Map(), lastPollAt: null };
}

export interface TickResult {
  readonly polled: readonly string[];
  readonly failed: readonly string[];
  readonly alerts: readonly Alert[];
}

function logNote(log: Logger, n: Note): void {
  const level = n.kind === 'fresh' || n.kind === 'jump-confirmed' ? 'info' : 'warn';
  log[level]({ symbol: n.symbol, note: n.kind, quoteTime: new Date(n.time).toISOString() }, n.message);
}

function sanityJumpPctOf(deps: TickDeps, symbol: string): number {
  const inst = deps.instruments.find((i) => i.id === symbol);
  if (!inst) throw new Error(`quote for ${symbol}, which is not a configured instrument`);
  return inst.thresholds.sanityJumpPct;
}

/**
 * Seeds the engine from stored bars and the quote's own, through the one price screen: the quote's
 * bars are raw, and a store written before bars were screened may still hold a bad tick.
 */
function warmUp(deps: TickDeps, memory: TickMemory, quote: Quote, now: number): void {
  if (memory.warmedUp.has(quote.symbol)) return;
  const stored = deps.store.recentBars(quote.symbol, now - WARM_UP_MS);
  const byTime = new Map<number, PricePoint>();
  for (const p of [...stored, ...quote.bars]) if (p.time < quote.time) byTime.set(p.time, p);
  const points = screenSeries(
    [...byTime.values()].sort((a, b) => a.time - b.time),
    {
      sanityJumpPct: sanityJumpPctOf(deps, quote.symbol),
      previousClose: stored.length === 0 ? quote.previousClose : null,
    },
  );
  deps.engine.warmUp(quote.symbol, points, quote.previousClose);
  memory.warmedUp.add(quote.symbol);
}

/*
 * Rejected ticks are never stored, so every reader of the bar store (alert charts, warm-up after a
 * restart, reaction reports) sees only prices the screen accepted, with no validity flag to forget.
 * The bars after the newest stored one go through the one price screen (screenSeries), judged
 * against that stored bar (or the previous close when the quote's series starts a new day). A
 * spike at the end is held, not stored: the next poll's bars confirm it or drop it.
 */
function screenNewBars(deps: TickDeps, memory: TickMemory, quote: Quote): PricePoint[] {
  const first = quote.bars[0];
  if (!first) return [];
  const cursor = memory.lastStoredBar.get(quote.symbol) ?? deps.store.latestBar(quote.symbol, first.time);
  const continues = cursor !== null && cursor.time >= first.time;
  const kept = screenSeries(continues ? quote.bars.filter((b) => b.time > cursor.time) : quote.bars, {
    sanityJumpPct: sanityJumpPctOf(deps, quote.symbol),
    previousClose: continues ? cursor.price : quote.previousClose,
  });
  const last = kept.at(-1);
  if (last) memory.lastStoredBar.set(quote.symbol, last);
  return kept;
}

function evaluateCrossMarket(deps: TickDeps, quotes: readonly Quote[], now: number): AlertFacts | null {
  if (!deps.crossMarket) return null;
  const moves = new Map<string, WindowMove>();
  for (const q of quotes) {
    const move = deps.engine.windowMove(q.symbol);
    if (move) moves.set(q.symbol, move);
  }
  const { event, factor } = deps.engine.eventAt(now);
  return deps.crossMarket.evaluate(moves, now, event, factor);
}

/** Quotes of every instrument whose market is open; a failed one is logged and named, never fatal. */
async function fetchOpenQuotes(deps: TickDeps, now: number): Promise<{ quotes: Quote[]; failed: string[] }> {
  const open = deps.instruments.filter((i) => deps.calendar.status(i.market, now).state === 'open');
  const settled = await Promise.allSettled(open.map((i) => deps.quotes.fetchQuote(i)));
  const quotes: Quote[] = [];
  const failed: string[] = [];
  settled.forEach((result, idx) => {
    const inst = open[idx];
    if (!inst) return;
    if (result.status === 'fulfilled') quotes.push(result.value);
    else {
      failed.push(inst.id);
      logFetchFailure(
        deps.log,
        { symbol: inst.id },
        result.reason,
        'quote fetch failed; will retry next poll',
      );
    }
  });
  return { quotes, failed };
}

/**
 * One poll: fetch every open instrument, let the core decide, record alerts and state in one
 * transaction, then deliver what is new. Recording first means a restart never re-sends an alert:
 * a crash between the two can cost a delivery, never double one.
 */
export async function runTick(deps: TickDeps, memory: TickMemory, now: number): Promise<TickResult> {
  const { log } = deps;
  const { quotes, failed } = await fetchOpenQuotes(deps, now);

  const candidates: AlertFacts[] = [];
  for (const quote of quotes) {
    warmUp(deps, memory, quote, now);
    const decision = deps.engine.observe(quote, now);
    decision.notes.forEach((n) => {
      logNote(log, n);
    });
    if (decision.skipped)
      log.debug({ symbol: quote.symbol, reason: decision.skipped }, 'quote not evaluated');
    candidates.push(...decision.alerts);
  }

  const crossAlert = evaluateCrossMarket(deps, quotes, now);
  const kept = deps.crossMarket ? candidates.filter((a) => !deps.crossMarket?.inhibits(a)) : candidates;
  if (kept.length < candidates.length)
    log.info({ held: candidates.length - kept.length }, 'alerts covered by the cross-market signal');
  candidates.splice(0, candidates.length, ...kept, ...(crossAlert ? [crossAlert] : []));

  for (const quote of quotes) memory.latest.set(quote.symbol, quote);
  memory.lastPollAt = now;
  const providers = Object.fromEntries(quotes.map((q) => [q.symbol, q.provider]));
  const silenced = new Set(deps.store.activeSilences(now).map((s) => s.symbol));

  const { alerts, audible } = deps.store.transaction(() => {
    for (const quote of quotes) {
      deps.store.appendBars(quote.symbol, screenNewBars(deps, memory, quote));
      deps.store.saveInstrumentState(quote.symbol, deps.engine.snapshot(quote.symbol), now);
    }
    const recorded = deps.store.recordAlerts(wordAlerts(candidates, deps.instruments), now);
    // Silenced instruments' alerts are recorded (for /alerts recent) but not sent.
    const loud = recorded.filter((a) => !silenced.has(a.symbol));
    if (loud.length > 0) deps.sink.stage?.({ time: now, alerts: loud, providers });
    return { alerts: recorded, audible: loud };
  });

  for (const a of alerts) {
    const { symbol, rule, direction, changePct, id } = a;
    log.info({ symbol, rule, direction, changePct, alertId: id, silenced: silenced.has(symbol) }, 'alert');
  }
  if (audible.length > 0) {
    try {
      await deps.sink.deliver({ time: now, alerts: audible, providers });
    } catch (err) {
      log.error(
        { err, count: audible.length },
        'alert delivery failed; the alerts are recorded in the store',
      );
    }
  }
  return { polled: quotes.map((q) => q.symbol), failed, alerts };
}

/** Restores each instrument's saved state into the engine; unreadable state starts fresh, logged. */
export function restoreState(deps: Pick<TickDeps, 'store' | 'engine' | 'log' | 'instruments'>): void {
  const { states, problems } = deps.store.loadInstrumentStates();
  problems.forEach((p) => {
    deps.log.warn(p);
  });
  for (const inst of deps.instruments) {
    const saved = states.get(inst.id);
    if (saved === undefined) continue;
    const problem = deps.engine.restore(inst.id, saved);
    if (problem) deps.log.warn({ symbol: inst.id }, problem);
  }
}
