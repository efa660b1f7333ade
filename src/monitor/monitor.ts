import type { Config, Instrument } from '../config/config.js';
import { createCalendar } from '../domain/calendar/index.js';
import { createCrossMarket } from '../domain/crossMarket.js';
import type { MarketCalendar } from '../domain/calendar/index.js';
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
import { createTickMemory, restoreState, runStreamTick, runTick } from '../scheduler/tick.js';
import type { StreamedObservation, TickDeps, TickResult } from '../scheduler/tick.js';
import type { AlertSink } from '../sinks/sink.js';
import type { Store } from '../store/openStore.js';
import type { StreamState } from '../stream/streamClient.js';

/** Run-time events older than this no longer matter to windows or reports. */
const EVENT_HISTORY_MS = 2 * 24 * 60 * 60_000;

/** A poll this recent answers /level without asking the provider again. */
const RECENT_POLL_MS = 90_000;

/** The running monitor: current config, core, memory between polls. Commands read it; the scheduler ticks it. */
export interface Monitor {
  config(): Config;
  calendar(): MarketCalendar;
  /** Instruments this monitor polls (those its quote source supports). */
  instruments(): readonly Instrument[];
  tick(now: number): Promise<TickResult>;
  /** Applies an edited config live: thresholds, cooldowns, events, calendars. */
  applyConfig(config: Config): void;
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
  /**
   * Streamed prices into the same decide → record → deliver path as polls, never interleaved with a
   * poll; under a burst only each symbol's latest price waiting is evaluated. Resolves once evaluated.
   */
  streamed(price: StreamedObservation): Promise<void>;
  /** Attaches the live stream (null detaches it): it reports its state and follows each poll. */
  attachStream(stream: AttachedStream | null): void;
  /** Connected, subscribed symbols, updates per minute, last update age, reconnects; for /status and /metrics. */
  streamState(): StreamState | null;
}

/** What the monitor needs of the live stream (src/stream). */
export interface AttachedStream {
  state(): StreamState;
  /** After each poll: subscribe to the markets open at `now`, unsubscribe the closed ones. */
  afterPoll(now: number): void;
}

export interface MonitorDeps {
  readonly config: Config;
  readonly store: Store;
  readonly quotes: QuoteSource;
  readonly sink: AlertSink;
  readonly log: Logger;
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
  const { config: initial, store, quotes, sink, log, now: clock } = deps;
  let config = initial;
  let calendar = createCalendar(config.markets);
  const polled = (c: Config) => c.instruments.filter((i) => quotes.supports(i));
  const allEvents = (c: Config, now: number) => eventsOf(store, c, now);
  let events = allEvents(config, clock());
  const engine = createScheduledEngine(config, calendar, events);
  let crossMarket = createCrossMarket(config.crossMarket);
  const memory = createTickMemory();
  restoreState({ store, engine, log, instruments: config.instruments });
  const fixed = { quotes, engine, store, sink, log };
  const tickDeps = (): TickDeps => ({ ...fixed, instruments: polled(config), calendar, crossMarket });
  const serial = createSerialQueue();
  const live = createStreamSide(serial, async (prices) => {
    await runStreamTick(tickDeps(), memory, prices, clock());
  });
  const refreshEvents = (now: number) => {
    events = allEvents(config, now);
    engine.reconfigure(config, events, calendar);
  };

  return {
    config: () => config,
    calendar: () => calendar,
    instruments: () => polled(config),
    tick: async (now) => {
      const result = await serial.run(() => runTick(tickDeps(), memory, now));
      live.afterPoll(now);
      return result;
    },
    streamed: live.streamed,
    attachStream: live.attachStream,
    streamState: live.streamState,
    events: () => events,
    refreshEvents,
    applyConfig(next) {
      config = next;
      calendar = createCalendar(next.markets);
      crossMarket = createCrossMarket(next.crossMarket);
      events = allEvents(next, clock());
      engine.reconfigure(next, events, calendar);
      log.info({ instruments: next.instruments.map((i) => i.id) }, 'config applied');
    },
    latestQuote: (symbol) => memory.latest.get(symbol),
    async currentQuote(instrument, now) {
      const known = memory.latest.get(instrument.id);
      if (known && memory.lastPollAt !== null && now - memory.lastPollAt < RECENT_POLL_MS) return known;
      const fresh = await quotes.fetchQuote(instrument);
      memory.latest.set(instrument.id, fresh);
      return fresh;
    },
    lastPollAt: () => memory.lastPollAt,
    isStale: (symbol) => config.instruments.some((i) => i.id === symbol) && engine.isStale(symbol),
    screenCounts: () => screenCountsOf(engine, polled(config)),
    providerHealth: () => quotes.health?.() ?? [],
    activeProvider: () => quotes.activeProvider?.() ?? null,
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

/** The live stream's side of the monitor: prices queued behind polls, and the attached stream. */
function createStreamSide(
  serial: ReturnType<typeof createSerialQueue>,
  evaluate: (prices: StreamedObservation[]) => Promise<void>,
) {
  const batch = createCoalescer(serial, evaluate);
  let stream: AttachedStream | null = null;
  return {
    streamed: (price: StreamedObservation) => batch.add(price.symbol, price),
    attachStream: (attached: AttachedStream | null) => {
      stream = attached;
    },
    streamState: () => stream?.state() ?? null,
    /** Following the polls keeps the stream off until the first one: nothing is dialled at start. */
    afterPoll: (now: number) => {
      stream?.afterPoll(now);
    },
  };
}
