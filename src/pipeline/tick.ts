import type { Instrument } from '../config/config.js';
import type { Alert, AlertFacts } from '../domain/alert.js';
import type { MarketCalendar } from '../domain/calendar/index.js';
import type { CrossMarket } from '../domain/crossMarket.js';
import type { Engine, Note, Observation, WindowMove } from '../domain/engine.js';
import { screenSeries } from '../domain/priceScreen.js';
import type { PersonalFiring, ScreenedPrice } from '../domain/personalAlert.js';
import type { PricePoint, Quote } from '../domain/quote.js';
import type { Logger } from '../log.js';
import { wordAlerts } from '../presentation/alertText.js';
import type { QuoteSource } from '../providers/quoteSource.js';
import type { AlertSink } from '../hub/messages.js';
import type { Store } from '../store/openStore.js';
import { fetchOpenQuotes } from './fetchOpenQuotes.js';

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
  /** Told each committed batch of new alerts, from polls and the stream alike (the metrics count them). */
  readonly onRecorded?: (alerts: readonly Alert[]) => void;
  /** Members' personal alerts, matched against the same screened prices as the channel alerts. */
  readonly personal?: PersonalAlertStage;
}

/** The seam for personal alerts: told the prices each decision accepted. */
export interface PersonalAlertStage {
  /**
   * Inside the decision's store transaction: matches the prices, keeps each alert's state and
   * stages the messages of those that fired, so a restart can neither lose nor double one.
   */
  stage(prices: readonly ScreenedPrice[], now: number): readonly PersonalFiring[];
  /** Sends what was staged. */
  deliver(firings: readonly PersonalFiring[]): Promise<void>;
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
      now,
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
function screenNewBars(deps: TickDeps, memory: TickMemory, quote: Quote, now: number): PricePoint[] {
  const first = quote.bars[0];
  if (!first) return [];
  const cursor = memory.lastStoredBar.get(quote.symbol) ?? deps.store.latestBar(quote.symbol, first.time);
  const continues = cursor !== null && cursor.time >= first.time;
  const kept = screenSeries(continues ? quote.bars.filter((b) => b.time > cursor.time) : quote.bars, {
    sanityJumpPct: sanityJumpPctOf(deps, quote.symbol),
    previousClose: continues ? cursor.price : quote.previousClose,
    now,
  });
  const last = kept.at(-1);
  if (last) memory.lastStoredBar.set(quote.symbol, last);
  return kept;
}

function evaluateCrossMarket(deps: TickDeps, symbols: readonly string[], now: number): AlertFacts | null {
  if (!deps.crossMarket) return null;
  const moves = new Map<string, WindowMove>();
  for (const symbol of symbols) {
    const move = deps.engine.windowMove(symbol);
    if (move) moves.set(symbol, move);
  }
  const { event, factor } = deps.engine.eventAt(now);
  return deps.crossMarket.evaluate(moves, now, event, factor);
}

/**
 * The core's decision on some observations (a poll's quotes or streamed prices): screen, rules,
 * gates, then the cross-market signal over `crossSymbols`, which inhibits the alerts it covers. A
 * poll passes 'accepted now': only instruments whose price the screen accepted in this poll are legs,
 * so a held, stale or implausible print never lends the signal its instrument's older move.
 */
function decide(
  deps: TickDeps,
  observations: readonly Observation[],
  crossSymbols: readonly string[] | 'accepted now',
  now: number,
): { candidates: AlertFacts[]; screened: ScreenedPrice[] } {
  const { log } = deps;
  const candidates: AlertFacts[] = [];
  const screened: ScreenedPrice[] = [];
  for (const observation of observations) {
    const decision = deps.engine.observe(observation, now);
    decision.notes.forEach((n) => {
      logNote(log, n);
    });
    if (decision.skipped)
      log.debug({ symbol: observation.symbol, reason: decision.skipped }, 'quote not evaluated');
    candidates.push(...decision.alerts);
    if (decision.evaluated) screened.push(decision.evaluated);
  }
  const legs = crossSymbols === 'accepted now' ? screened.map((p) => p.symbol) : crossSymbols;
  const crossAlert = evaluateCrossMarket(deps, legs, now);
  const kept = deps.crossMarket ? candidates.filter((a) => !deps.crossMarket?.inhibits(a)) : candidates;
  if (kept.length < candidates.length)
    log.info({ held: candidates.length - kept.length }, 'alerts covered by the cross-market signal');
  const alerts = deps.engine.withOnshoreGap([...kept, ...(crossAlert ? [crossAlert] : [])]);
  return { candidates: alerts, screened };
}

/** What one decision leaves to record: engine state per symbol, new bars (polls only), candidates. */
interface Outcome {
  readonly symbols: readonly string[];
  readonly bars: ReadonlyMap<string, readonly PricePoint[]>;
  readonly candidates: readonly AlertFacts[];
  /** The prices the screen accepted and the rules ran on (personal alerts match these). */
  readonly screened: readonly ScreenedPrice[];
  /** The source of each symbol's price, for display. */
  readonly providers: Readonly<Record<string, string>>;
}

/**
 * Records state, bars and alerts in one transaction, then delivers what is new. Recording first
 * means a restart never re-sends an alert: a crash between the two can cost a delivery, never
 * double one. The INSERT OR IGNORE by deterministic id makes this the one place a condition seen by
 * both a poll and the stream becomes one alert.
 */
async function recordAndDeliver(deps: TickDeps, outcome: Outcome, now: number): Promise<Alert[]> {
  const { log } = deps;
  const { providers } = outcome;
  const silenced = new Set(deps.store.activeSilences(now).map((s) => s.symbol));
  const { alerts, audible, personal } = deps.store.transaction(() => {
    for (const symbol of outcome.symbols) {
      const bars = outcome.bars.get(symbol);
      if (bars) deps.store.appendBars(symbol, bars);
      deps.store.saveInstrumentState(symbol, deps.engine.snapshot(symbol), now);
    }
    const recorded = deps.store.recordAlerts(wordAlerts(outcome.candidates, deps.instruments), now);
    // Silenced instruments' alerts are recorded (for /alerts recent) but not sent.
    const loud = recorded.filter((a) => !silenced.has(a.symbol));
    if (loud.length > 0) deps.sink.stage?.({ time: now, alerts: loud, providers });
    const fired = deps.personal?.stage(outcome.screened, now) ?? [];
    return { alerts: recorded, audible: loud, personal: fired };
  });
  if (alerts.length > 0) deps.onRecorded?.(alerts);
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
  if (personal.length > 0) await deliverPersonal(deps, personal);
  return alerts;
}

async function deliverPersonal(deps: TickDeps, firings: readonly PersonalFiring[]): Promise<void> {
  try {
    await deps.personal?.deliver(firings);
  } catch (err) {
    deps.log.error({ err, count: firings.length }, 'personal alert delivery failed; they stay queued');
  }
}

/**
 * The quote as /level, /status and the metrics show it: at the price the screen last accepted, so a
 * held, implausible or future-stamped print never shows (no price yet when none was accepted today).
 */
function asAccepted(quote: Quote, engine: Engine): Quote {
  const accepted = engine.lastAccepted(quote.symbol);
  return accepted === null ? { ...quote, price: null } : { ...quote, ...accepted };
}

/** One poll: fetch every open instrument, let the core decide, then record and deliver. */
export async function runTick(deps: TickDeps, memory: TickMemory, now: number): Promise<TickResult> {
  const { quotes, failed } = await fetchOpenQuotes(deps, now);
  for (const quote of quotes) warmUp(deps, memory, quote, now);
  const symbols = quotes.map((q) => q.symbol);
  const { candidates, screened } = decide(deps, quotes, 'accepted now', now);
  for (const quote of quotes) memory.latest.set(quote.symbol, asAccepted(quote, deps.engine));
  memory.lastPollAt = now;
  // Screened before the transaction, in the order the engine saw them; stored inside it.
  const bars = new Map(quotes.map((q) => [q.symbol, screenNewBars(deps, memory, q, now)]));
  const providers = Object.fromEntries(quotes.map((q) => [q.symbol, q.provider]));
  const outcome = { symbols, bars, candidates, screened, providers };
  const alerts = await recordAndDeliver(deps, outcome, now);
  return { polled: symbols, failed, alerts };
}

/** A price pushed by the live stream: no bars (polling stores those), its own source name. */
export interface StreamedObservation extends Observation {
  readonly provider: string;
}

export interface StreamTickResult {
  readonly evaluated: readonly string[];
  readonly alerts: readonly Alert[];
}

/**
 * Streamed prices through the same decide → record → deliver half as a poll. Polling stays the
 * source of truth for warm-up and previous closes: a symbol no poll has warmed up yet waits for
 * one, and the previous close is the last poll's (the stream's is a float32 copy of it).
 */
export async function runStreamTick(
  deps: TickDeps,
  memory: TickMemory,
  prices: readonly StreamedObservation[],
  now: number,
): Promise<StreamTickResult> {
  const ready = prices.filter((p) => memory.warmedUp.has(p.symbol));
  if (ready.length === 0) return { evaluated: [], alerts: [] };
  const observations = ready.map((p) => {
    const polled = memory.latest.get(p.symbol);
    return { ...p, previousClose: polled?.previousClose ?? p.previousClose, streamed: true };
  });
  const open = deps.instruments.filter((i) => deps.calendar.status(i.market, now).state === 'open');
  const crossSymbols = open.map((i) => i.id).filter((id) => memory.warmedUp.has(id));
  const { candidates, screened } = decide(deps, observations, crossSymbols, now);
  for (const o of observations) {
    const polled = memory.latest.get(o.symbol);
    const accepted = deps.engine.lastAccepted(o.symbol);
    if (polled && accepted?.time === o.time && accepted.price === o.price)
      memory.latest.set(o.symbol, { ...polled, ...accepted, provider: o.provider });
  }
  const symbols = observations.map((o) => o.symbol);
  const providers = Object.fromEntries(ready.map((p) => [p.symbol, p.provider]));
  const outcome = { symbols, bars: new Map(), candidates, screened, providers };
  const alerts = await recordAndDeliver(deps, outcome, now);
  return { evaluated: symbols, alerts };
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
