/**
 * The one read model of the bot's state: /status, /readyz and /metrics all read a `BotStatus`, so no
 * surface assembles its facts twice and a scrape can never disagree with /status. Facts are read at
 * request time from state the bot keeps anyway.
 */
import type { Config } from '../config/config.js';
import type { ScreenCounts } from '../domain/priceScreen.js';
import type { Quote } from '../domain/quote.js';
import type { Monitor, UnquotableInstrument } from '../pipeline/monitor.js';
import type { Health } from '../resilience/health.js';
import type { DeadLetterSummary } from '../store/outbox.js';
import type { Silence } from '../store/silences.js';
import type { OutboxFacts } from '../store/storeProbe.js';
import type { StreamState } from '../stream/streamClient.js';
import { readiness } from './readiness.js';
import type { GatewayState, Readiness } from './readiness.js';
import type { ReplicaView } from './replicaView.js';

export interface InstrumentStatus {
  readonly id: string;
  readonly latest: Quote | null;
  readonly stale: boolean;
}

export interface BotStatus {
  readonly now: number;
  readonly startedAt: number;
  readonly version: string;
  readonly pollPeriodMs: number;
  /** The last poll, by the bot's clock; null before the first. */
  readonly lastPollAt: number | null;
  readonly activeProvider: string | null;
  readonly providers: readonly Health[];
  readonly newsSources: readonly Health[];
  /** The live price stream, or null when none runs. */
  readonly stream: StreamState | null;
  readonly instruments: readonly InstrumentStatus[];
  /** Configured instruments that get no quotes (no symbol for the source, or a symbol refused), and why. */
  readonly unquotable: readonly UnquotableInstrument[];
  readonly outbox: OutboxFacts;
  readonly deadLetters: DeadLetterSummary;
  readonly silences: readonly Silence[];
  readonly gateway: GatewayState;
  /** null while the state database takes writes, else why not. */
  readonly storeProblem: string | null;
  /** Per instrument, prices the screen kept from the rules since the start, by reason. */
  readonly screenedOut: Readonly<Record<string, ScreenCounts>>;
  /** This replica's role and the lease when replicas share a PostgreSQL store; null on a lone bot. */
  readonly replica: ReplicaView | null;
}

/** Where the facts come from; the composition root hands each in. */
export interface StatusSources {
  readonly now: () => number;
  readonly startedAt: number;
  readonly version: string;
  readonly pollPeriodMs: number;
  readonly config: { current(): Config };
  readonly monitor: Pick<
    Monitor,
    | 'instruments'
    | 'latestQuote'
    | 'lastPollAt'
    | 'isStale'
    | 'providerHealth'
    | 'activeProvider'
    | 'screenCounts'
    | 'unquotable'
  >;
  readonly newsHealth: () => readonly Health[];
  readonly stream: () => StreamState | null;
  readonly gateway: () => GatewayState;
  readonly store: {
    outbox(): OutboxFacts;
    deadLetterSummary(): DeadLetterSummary;
    activeSilences(at: number): Silence[];
    writeProblem(): string | null;
  };
  /** Absent on a lone bot. */
  readonly replica?: () => ReplicaView;
}

export interface StatusModel {
  read(): BotStatus;
  readiness(): Readiness;
}

export function createStatusModel(sources: StatusSources): StatusModel {
  const { monitor, store } = sources;
  const read = (): BotStatus => {
    const now = sources.now();
    return {
      now,
      startedAt: sources.startedAt,
      version: sources.version,
      pollPeriodMs: sources.pollPeriodMs,
      lastPollAt: monitor.lastPollAt(),
      activeProvider: monitor.activeProvider(),
      providers: monitor.providerHealth(),
      newsSources: sources.newsHealth(),
      stream: sources.stream(),
      instruments: sources.config.current().instruments.map((i) => ({
        id: i.id,
        latest: monitor.latestQuote(i.id) ?? null,
        stale: monitor.isStale(i.id),
      })),
      unquotable: monitor.unquotable(),
      outbox: store.outbox(),
      deadLetters: store.deadLetterSummary(),
      silences: store.activeSilences(now),
      gateway: sources.gateway(),
      storeProblem: store.writeProblem(),
      screenedOut: monitor.screenCounts(),
      replica: sources.replica?.() ?? null,
    };
  };
  return { read, readiness: () => readinessOf(read()) };
}

export function readinessOf(status: BotStatus): Readiness {
  return readiness({
    now: status.now,
    lastPollAt: status.lastPollAt,
    startedAt: status.startedAt,
    pollPeriodMs: status.pollPeriodMs,
    storeProblem: status.storeProblem,
    gateway: status.gateway,
    outboxPending: status.outbox.pending,
  });
}
