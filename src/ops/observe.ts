/**
 * Decorators the composition root wraps around the quote source, the poll and the outbox, so the
 * modules they wrap stay unaware of metrics. Durations are wall time (performance.now), not the
 * bot's clock: a test's manual clock stands still while real work takes real time.
 */
import { performance } from 'node:perf_hooks';
import type { Instrument } from '../config/config.js';
import type { QuoteResults, QuoteSource } from '../providers/quoteSource.js';
import type { Store } from '../store/openStore.js';
import type { BotMetrics, Outcome } from './metrics.js';

const secondsSince = (startMs: number) => (performance.now() - startMs) / 1000;

/** The provider a failure is charged to: the one that failed last (ProviderError names it), else the source. */
function failedProvider(err: unknown, source: QuoteSource): string {
  const provider = (err as { provider?: unknown } | null)?.provider;
  return typeof provider === 'string' ? provider : source.name;
}

/** A batch counts once per provider and outcome among its results, with the batch's wall time. */
function observeBatch(
  metrics: BotMetrics,
  source: QuoteSource,
  results: QuoteResults,
  seconds: number,
): void {
  const labels = new Map<string, { provider: string; outcome: Outcome }>();
  for (const result of results.values()) {
    const sample: { provider: string; outcome: Outcome } =
      result instanceof Error
        ? { provider: failedProvider(result, source), outcome: 'failed' }
        : { provider: result.provider, outcome: 'ok' };
    labels.set(`${sample.provider} ${sample.outcome}`, sample);
  }
  for (const sample of labels.values()) metrics.fetchDuration.observe(sample, seconds);
}

/**
 * Times every fetch by the provider that answered. Every member of QuoteSource is forwarded
 * explicitly: the batch form (fetchQuotes) must stay visible, or polls would fall back to one
 * request per instrument whenever metrics are on.
 */
export function observeQuotes(source: QuoteSource, metrics: BotMetrics): QuoteSource {
  const observed: QuoteSource = {
    name: source.name,
    supports: (instrument) => source.supports(instrument),
    async fetchQuote(instrument) {
      const started = performance.now();
      try {
        const quote = await source.fetchQuote(instrument);
        metrics.fetchDuration.observe({ provider: quote.provider, outcome: 'ok' }, secondsSince(started));
        return quote;
      } catch (err) {
        const provider = failedProvider(err, source);
        metrics.fetchDuration.observe({ provider, outcome: 'failed' }, secondsSince(started));
        throw err;
      }
    },
  };
  const batch = source.fetchQuotes?.bind(source);
  return {
    ...observed,
    ...(batch && {
      async fetchQuotes(instruments: readonly Instrument[]) {
        const started = performance.now();
        const results = await batch(instruments);
        observeBatch(metrics, source, results, secondsSince(started));
        return results;
      },
    }),
    ...(source.health ? { health: () => source.health?.() ?? [] } : {}),
    ...(source.activeProvider ? { activeProvider: () => source.activeProvider?.() ?? null } : {}),
    ...(source.rejectedSymbols ? { rejectedSymbols: () => source.rejectedSymbols?.() ?? [] } : {}),
  };
}

/** Counts and times each poll. */
export function observePolls(metrics: BotMetrics) {
  return {
    async run(poll: () => Promise<unknown>): Promise<void> {
      const started = performance.now();
      let outcome: Outcome = 'failed';
      try {
        await poll();
        outcome = 'ok';
      } finally {
        metrics.polls.inc({ outcome });
        metrics.pollDuration.observe(secondsSince(started));
      }
    },
  };
}

/**
 * The store as the Discord delivery sees it, timing each message from queued to posted: the queue
 * heads it reads carry their creation time, markSent says when it went out.
 */
export function observeOutbox(store: Store, metrics: BotMetrics): Store {
  const queuedAt = new Map<number, number>();
  const remember = <T extends { seq: number; createdAt: number } | null>(entry: T): T => {
    if (entry) queuedAt.set(entry.seq, entry.createdAt);
    return entry;
  };
  return {
    ...store,
    dueHeads: (at) => store.dueHeads(at).map(remember),
    nextDueFor: (target, at) => remember(store.nextDueFor(target, at)),
    markSent(seq, messageId, at) {
      store.markSent(seq, messageId, at);
      const created = queuedAt.get(seq);
      queuedAt.delete(seq);
      if (created !== undefined) metrics.deliveryLatency.observe(Math.max(0, at - created) / 1000);
    },
    moveToDeadLetters(seq, reason, at) {
      queuedAt.delete(seq);
      store.moveToDeadLetters(seq, reason, at);
      metrics.deadLettered.inc();
    },
  };
}

/**
 * Counts recorded alerts where they are committed, so an alert decided from the stream counts as
 * one decided by a poll does (each once: the store records an id once).
 */
export function countAlerts(metrics: BotMetrics) {
  return (alerts: readonly { readonly symbol: string; readonly rule: string }[]): void => {
    for (const { symbol, rule } of alerts) metrics.alerts.inc({ instrument: symbol, rule });
  };
}
