import type { Config, Instrument } from '../config/config.js';
import type { MarketCalendar } from '../domain/calendar/index.js';
import type { Alert } from '../domain/alert.js';
import type { ConfigHolder } from '../config/configHolder.js';
import { createCrossMarket } from '../domain/crossMarket.js';
import { createEngine } from '../domain/engine.js';
import type { Engine } from '../domain/engine.js';
import { runtimeEvent, toNewsEvents } from '../domain/events.js';
import type { NewsEvent } from '../domain/events.js';
import type { ScreenCounts } from '../domain/priceScreen.js';
import type { Quote } from '../domain/quote.js';
import type { Logger } from '../log.js';
import type { QuoteSource } from '../providers/quoteSource.js';
import type { Health } from '../resilience/health.js';
import { pollPeriodMs } from '../scheduler/pollPeriod.js';
import { createTickMemory, restoreState, runStreamTick, runTick } from './tick.js';
import type { PersonalAlertStage, StreamedObservation, TickDeps, TickResult } from './tick.js';
import type { AlertSink } from '../hub/messages.js';
import type { Store } from '../store/openStore.js';

/** Run-time events older than this no longer matter to windows or reports. */
const EVENT_HISTORY_MS = 2 * 24 * 60 * 60_000;

/** A poll this recent answers /level without asking the provider again. */
const RECENT_POLL_MS = 90_000;

/**
 * The running pipeline: the engine and its memory between polls, fed by polls and streamed prices.
 * It reads the config from the holder and follows its edits; it owns no config of its own.
 */
export interface Monitor {
  /** Instruments this monitor polls (those its quote source supports). */
  instruments(): readonly Instrument[];
  tick(now: number): Promise<TickResult>;
  /** Config events plus run-time ones from the store (feeds, /event add), oldest first. */
  events(): readonly NewsEvent[];
  /** Re-reads run-time events after one was added or removed. */
  refreshEvents(now: number): void;
  latestQuote(symbol: string): Quote | undefined;
  /** The latest quote if the last poll is recent, else a fresh fetch (markets closed to polling too). */
  currentQuote(instrument: Instrument, now: number): Promise<Quote>;
  lastPollAt(): number | null;
  isStale(symbol: string): boolean;
  /** Per instrument, prices the screen kept from the rules since the start, by reason (/status, /metrics). */
  screenCounts(): Record<string, ScreenCounts>;
  providerHealth(): Health[];
  activeProvider(): string | null;
  /** Configured instruments the quote source cannot quote: no symbol for any provider, or a symbol refused. */
  unquotable(): UnquotableInstrument[];
  /**
   * Streamed prices into the same decide → record → deliver path as polls, never interleaved with a
   * poll; under a burst only each symbol's latest price waiting is evaluated. Resolves once evaluated.
   */
  streamed(price: StreamedObservation): Promise<void>;
}

/** An instrument in the config that gets no quotes, and why (shown by /status). */
export interface UnquotableInstrument {
  readonly id: string;
  readonly reason: string;
}

/** Instruments without a symbol for the source, then those whose symbol a provider refuses. */
function unquotableOf(instruments: readonly Instrument[], quotes: QuoteSource): UnquotableInstrument[] {
  const configured = new Set(instruments.map((i) => i.id));
  const unsupported = instruments
    .filter((i) => !quotes.supports(i))
    .map((i) => ({ id: i.id, reason: `no symbol for ${quotes.name} (instruments[].symbols)` }));
  const rejected = (quotes.rejectedSymbols?.() ?? [])
    .filter((r) => configured.has(r.instrumentId))
    .map((r) => ({ id: r.instrumentId, reason: r.reason }));
  return [...unsupported, ...rejected];
}

export interface MonitorDeps {
  readonly config: ConfigHolder;
  readonly store: Store;
  readonly quotes: QuoteSource;
  readonly sink: AlertSink;
  readonly log: Logger;
  /** Told each committed batch of new alerts, whichever path decided them. */
  readonly onRecorded?: (alerts: readonly Alert[]) => void;
  /** Members' personal alerts, matched against the screened prices of each decision. */
  readonly personal?: PersonalAlertStage;
  /** Wall clock (simulated in a replay); used for which run-time events still matter. */
  readonly now: () => number;
}

/** Config events plus run-time ones from the store, oldest first. */
function eventsOf(store: Store, c: Config, now: number): NewsEvent[] {
  const runtime = store.events(now - EVENT_HISTORY_MS).map((e) => runtimeEvent(e, c.events.windowMinutes));
  return [...toNewsEvents(c.events.list, c.events.windowMinutes), ...runtime].sort((a, b) => a.time - b.time);
}

/** The engine for a config: held jumps are confirmed over the schedule's poll period. */
function createScheduledEngine(
  config: Config,
  calendar: MarketCalendar,
  events: readonly NewsEvent[],
): Engine {
  const { cron, timezone } = config.schedule;
  return createEngine({ config, calendar, events, pollPeriodMs: pollPeriodMs(cron, timezone) });
}

/** A copy per instrument, so a reader never sees the engine's counters move under it. */
function screenCountsOf(engine: Engine, instruments: readonly Instrument[]): Record<string, ScreenCounts> {
  return Object.fromEntries(instruments.map((i) => [i.id, { ...engine.screenCounts(i.id) }]));
}

export function createMonitor(deps: MonitorDeps): Monitor {
  const { config: holder, store, quotes, sink, log, now: clock } = deps;
  const polled = () => holder.current().instruments.filter((i) => quotes.supports(i));
  let events = eventsOf(store, holder.current(), clock());
  const engine = createScheduledEngine(holder.current(), holder.calendar(), events);
  let crossMarket = createCrossMarket(holder.current().crossMarket);
  const memory = createTickMemory();
  restoreState({ store, engine, log, instruments: holder.current().instruments });
  const fixed = {
    quotes,
    engine,
    store,
    sink,
    log,
    ...(deps.onRecorded ? { onRecorded: deps.onRecorded } : {}),
    ...(deps.personal ? { personal: deps.personal } : {}),
  };
  const tickDeps = (): TickDeps => ({
    ...fixed,
    instruments: polled(),
    calendar: holder.calendar(),
    crossMarket,
  });
  const serial = createSerialQueue();
  const batch = createCoalescer(serial, async (prices: StreamedObservation[]) => {
    await runStreamTick(tickDeps(), memory, prices, clock());
  });
  const refreshEvents = (now: number) => {
    events = eventsOf(store, holder.current(), now);
    engine.reconfigure(holder.current(), events, holder.calendar());
  };
  holder.subscribe((next) => {
    crossMarket = createCrossMarket(next.crossMarket);
    refreshEvents(clock());
    log.info({ instruments: next.instruments.map((i) => i.id) }, 'config applied');
  });

  return {
    instruments: polled,
    tick: (now) => serial.run(() => runTick(tickDeps(), memory, now)),
    streamed: (price) => batch.add(price.symbol, price),
    events: () => events,
    refreshEvents,
    latestQuote: (symbol) => memory.latest.get(symbol),
    async currentQuote(instrument, now) {
      const known = memory.latest.get(instrument.id);
      if (known && memory.lastPollAt !== null && now - memory.lastPollAt < RECENT_POLL_MS) return known;
      const fresh = await quotes.fetchQuote(instrument);
      memory.latest.set(instrument.id, fresh);
      return fresh;
    },
    lastPollAt: () => memory.lastPollAt,
    isStale: (symbol) => holder.current().instruments.some((i) => i.id === symbol) && engine.isStale(symbol),
    screenCounts: () => screenCountsOf(engine, polled()),
    providerHealth: () => quotes.health?.() ?? [],
    activeProvider: () => quotes.activeProvider?.() ?? null,
    unquotable: () => unquotableOf(holder.current().instruments, quotes),
  };
}

/** Runs async work one piece at a time, in order; a failed piece does not stop the next. */
function createSerialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(work: () => Promise<T>): Promise<T> {
      const result = tail.then(work, work);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

/**
 * Keeps the latest item per key until the queue gets to them, then hands over all of them at once:
 * a burst of prices during a slow poll becomes one evaluation of each symbol's newest price.
 */
function createCoalescer<T>(
  queue: ReturnType<typeof createSerialQueue>,
  flush: (items: T[]) => Promise<void>,
) {
  const waiting = new Map<string, T>();
  let queued: Promise<void> | null = null;
  return {
    add(key: string, item: T): Promise<void> {
      waiting.set(key, item);
      queued ??= queue.run(() => {
        queued = null;
        const items = [...waiting.values()];
        waiting.clear();
        return flush(items);
      });
      return queued;
    },
  };
}
