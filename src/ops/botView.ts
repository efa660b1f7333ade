/**
 * What /metrics and /readyz read from the running bot, at request time: state the bot keeps anyway
 * (latest quotes, provider and news-source health, the outbox, the gateway session), so nothing is
 * counted twice and a scrape can never disagree with /status.
 */
import type { Instrument } from '../config/config.js';
import type { ScreenCounts } from '../domain/priceScreen.js';
import type { Quote } from '../domain/quote.js';
import type { Health } from '../resilience/health.js';
import type { StreamState } from '../stream/streamClient.js';
import type { BotMetrics } from './metrics.js';
import { GATEWAY_STATES, readiness } from './readiness.js';
import type { GatewayState, Readiness } from './readiness.js';
import type { OutboxFacts } from './storeProbe.js';

export interface BotView {
  now(): number;
  readonly startedAt: number;
  readonly pollPeriodMs: number;
  lastPollAt(): number | null;
  instruments(): readonly Instrument[];
  latestQuote(symbol: string): Quote | undefined;
  providerHealth(): readonly Health[];
  newsHealth(): readonly Health[];
  outbox(): OutboxFacts;
  storeProblem(): string | null;
  gateway(): GatewayState;
  /** The live price stream's state, or null when none is attached. */
  streamState(): StreamState | null;
  /** Per instrument, prices the screen kept from the rules since the start, by reason. */
  screenCounts(): Readonly<Record<string, ScreenCounts>>;
}

function fillHealth(
  healthy: BotMetrics['providerHealthy'],
  failures: BotMetrics['providerFailures'],
  label: 'provider' | 'source',
  records: readonly Health[],
): void {
  healthy.reset();
  failures.reset();
  for (const h of records) {
    healthy.set({ [label]: h.name }, h.healthy ? 1 : 0);
    failures.set({ [label]: h.name }, h.consecutiveFailures);
  }
}

/** Unlabelled gauges always have a value: all 0 stands for "no stream attached". */
function fillStream(metrics: BotMetrics, state: StreamState | null): void {
  metrics.streamConnected.set(state?.connected ? 1 : 0);
  metrics.streamSubscribed.set(state?.subscribed.length ?? 0);
  metrics.streamUpdatesPerMinute.set(state?.updatesPerMinute ?? 0);
  metrics.streamLastUpdateAge.set((state?.lastUpdateAgeMs ?? 0) / 1000);
  metrics.streamReconnects.set(state?.reconnects ?? 0);
  metrics.streamFailures.set(state?.consecutiveFailures ?? 0);
}

/** The screen's running totals as a counter: reset and set to them, so a scrape never disagrees with /status. */
function fillScreenCounts(metrics: BotMetrics, counts: Readonly<Record<string, ScreenCounts>>): void {
  metrics.pricesScreenedOut.reset();
  for (const [instrument, byReason] of Object.entries(counts))
    for (const [reason, count] of Object.entries(byReason))
      metrics.pricesScreenedOut.inc({ instrument, reason }, count);
}

/** Sets every scrape-time gauge from the bot's current state. */
export function fillGauges(metrics: BotMetrics, view: BotView): void {
  const now = view.now();
  metrics.quoteAge.reset();
  for (const { id } of view.instruments()) {
    const quote = view.latestQuote(id);
    if (quote) metrics.quoteAge.set({ instrument: id }, Math.max(0, now - quote.time) / 1000);
  }
  fillHealth(metrics.providerHealthy, metrics.providerFailures, 'provider', view.providerHealth());
  fillHealth(metrics.newsHealthy, metrics.newsFailures, 'source', view.newsHealth());
  const outbox = view.outbox();
  metrics.outboxDepth.set(outbox.pending);
  const oldest = outbox.oldestPendingAt;
  metrics.outboxOldestAge.set(oldest === null ? 0 : Math.max(0, now - oldest) / 1000);
  metrics.deadLetters.set(outbox.deadLetters);
  const gateway = view.gateway();
  for (const state of GATEWAY_STATES) metrics.gateway.set({ state }, state === gateway ? 1 : 0);
  metrics.lastPollAge.set(Math.max(0, now - (view.lastPollAt() ?? view.startedAt)) / 1000);
  fillStream(metrics, view.streamState());
  fillScreenCounts(metrics, view.screenCounts());
}

export function readinessOf(view: BotView): Readiness {
  return readiness({
    now: view.now(),
    lastPollAt: view.lastPollAt(),
    startedAt: view.startedAt,
    pollPeriodMs: view.pollPeriodMs,
    storeProblem: view.storeProblem(),
    gateway: view.gateway(),
    outboxPending: view.outbox().pending,
  });
}
