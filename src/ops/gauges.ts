/**
 * The scrape-time gauges, set from the one status read model (src/status), so a scrape can never
 * disagree with /status or /readyz.
 */
import type { Health } from '../resilience/health.js';
import type { BotStatus } from '../status/botStatus.js';
import { readinessOf } from '../status/botStatus.js';
import { GATEWAY_STATES } from '../status/readiness.js';
import type { ReplicaView } from '../status/replicaView.js';
import type { BotMetrics } from './metrics.js';
import { fillStream } from './streamView.js';

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

/** The screen's running totals as a counter: reset and set to them, so a scrape never disagrees with /status. */
function fillScreenCounts(metrics: BotMetrics, counts: BotStatus['screenedOut']): void {
  metrics.pricesScreenedOut.reset();
  for (const [instrument, byReason] of Object.entries(counts))
    for (const [reason, count] of Object.entries(byReason))
      metrics.pricesScreenedOut.inc({ instrument, reason }, count);
}

/** Sets every scrape-time gauge from the bot's current status. */
export function fillGauges(metrics: BotMetrics, status: BotStatus): void {
  const { now } = status;
  metrics.quoteAge.reset();
  for (const { id, latest } of status.instruments) {
    if (latest) metrics.quoteAge.set({ instrument: id }, Math.max(0, now - latest.time) / 1000);
  }
  fillHealth(metrics.providerHealthy, metrics.providerFailures, 'provider', status.providers);
  fillHealth(metrics.newsHealthy, metrics.newsFailures, 'source', status.newsSources);
  const { outbox } = status;
  metrics.outboxDepth.set(outbox.pending);
  const oldest = outbox.oldestPendingAt;
  metrics.outboxOldestAge.set(oldest === null ? 0 : Math.max(0, now - oldest) / 1000);
  metrics.deadLetters.set(outbox.deadLetters);
  for (const state of GATEWAY_STATES) metrics.gateway.set({ state }, state === status.gateway ? 1 : 0);
  metrics.lastPollAge.set(Math.max(0, now - (status.lastPollAt ?? status.startedAt)) / 1000);
  fillStream(metrics, status.stream);
  fillScreenCounts(metrics, status.screenedOut);
  metrics.ready.set(readinessOf(status).ready ? 1 : 0);
  fillReplica(metrics, status.replica);
}

/** The role gauges, for the leader's scrape and a follower's alike. */
export function fillReplica(metrics: BotMetrics, view: ReplicaView | null): void {
  metrics.replicaLeader.set(view === null || view.role === 'leader' ? 1 : 0);
  metrics.leaseAge.set(view?.leaseAgeSeconds ?? 0);
}
