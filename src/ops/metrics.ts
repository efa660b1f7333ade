/**
 * The bot's Prometheus metrics, in a registry of its own (not prom-client's global one), so several
 * bots in one process (the tests) never share or clash over a metric. Counters and histograms are
 * fed by the decorators in src/ops/observe.ts; gauges are filled at scrape time from state the bot
 * already keeps (src/ops/scrape.ts).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Every metric of the bot starts with this, so a shared Prometheus can tell them apart. */
export const METRIC_PREFIX = 'mrb_';

export type Outcome = 'ok' | 'failed';

/** What a poll and a quote fetch take: from a cached quote (ms) to two providers timing out (16 s). */
const DURATION_BUCKETS_SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32];
/** From an alert queued to it posted: instant, or retried with backoff through a Discord outage. */
const LATENCY_BUCKETS_SECONDS = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600];

function counters(registry: Registry) {
  const registers = [registry];
  return {
    polls: new Counter({
      name: `${METRIC_PREFIX}polls_total`,
      help: 'Polls run, by outcome (failed: the poll threw)',
      labelNames: ['outcome'] as const,
      registers,
    }),
    alerts: new Counter({
      name: `${METRIC_PREFIX}alerts_total`,
      help: 'Alerts published, by instrument and rule',
      labelNames: ['instrument', 'rule'] as const,
      registers,
    }),
    eventsOpened: new Counter({
      name: `${METRIC_PREFIX}news_events_opened_total`,
      help: 'Trade-news events opened from the feeds',
      registers,
    }),
    // A counter beside the dead-letter gauge: the gauge falls when old rows are pruned, so only the
    // counter's increase() means "a message was refused for good".
    deadLettered: new Counter({
      name: `${METRIC_PREFIX}dead_letters_total`,
      help: 'Discord messages moved to the dead letters since start (refused for good)',
      registers,
    }),
    // Set at scrape time from the price screen's own counts (src/domain/priceScreen.ts), kept since the start.
    pricesScreenedOut: new Counter({
      name: `${METRIC_PREFIX}prices_screened_out_total`,
      help: 'Prices kept from the rules, by instrument and reason: invalid, aheadOfClock, implausible, held (waiting for confirmation)',
      labelNames: ['instrument', 'reason'] as const,
      registers,
    }),
  };
}

function histograms(registry: Registry) {
  const registers = [registry];
  return {
    pollDuration: new Histogram({
      name: `${METRIC_PREFIX}poll_duration_seconds`,
      help: 'Wall time of one poll: quotes, rules, recording and delivery',
      buckets: DURATION_BUCKETS_SECONDS,
      registers,
    }),
    fetchDuration: new Histogram({
      name: `${METRIC_PREFIX}quote_fetch_duration_seconds`,
      help: 'Wall time of one quote fetch through the provider chain, by the provider that answered (or failed last) and outcome',
      labelNames: ['provider', 'outcome'] as const,
      buckets: DURATION_BUCKETS_SECONDS,
      registers,
    }),
    deliveryLatency: new Histogram({
      name: `${METRIC_PREFIX}delivery_latency_seconds`,
      help: 'From a Discord message queued in the outbox to it posted, by the bot clock',
      buckets: LATENCY_BUCKETS_SECONDS,
      registers,
    }),
  };
}

function gauge(registry: Registry, name: string, help: string, labelNames: readonly string[] = []) {
  return new Gauge({ name: `${METRIC_PREFIX}${name}`, help, labelNames, registers: [registry] });
}

function gauges(registry: Registry) {
  return {
    quoteAge: gauge(registry, 'quote_age_seconds', 'Age of the latest quote per instrument', ['instrument']),
    providerHealthy: gauge(
      registry,
      'provider_healthy',
      '1 while the provider has not failed since its last success',
      ['provider'],
    ),
    providerFailures: gauge(
      registry,
      'provider_consecutive_failures',
      'Failures of the provider since its last success',
      ['provider'],
    ),
    newsHealthy: gauge(
      registry,
      'news_source_healthy',
      '1 while the news source has not failed since its last success',
      ['source'],
    ),
    newsFailures: gauge(
      registry,
      'news_source_consecutive_failures',
      'Failures of the news source since its last success',
      ['source'],
    ),
    outboxDepth: gauge(registry, 'outbox_pending', 'Discord messages queued and not yet posted'),
    outboxOldestAge: gauge(
      registry,
      'outbox_oldest_pending_age_seconds',
      'Age of the oldest queued Discord message (0 when none)',
    ),
    deadLetters: gauge(
      registry,
      'dead_letters',
      'Messages Discord refused for good, kept in the dead letters',
    ),
    gateway: gauge(registry, 'discord_gateway_state', '1 for the current Discord gateway state', ['state']),
    lastPollAge: gauge(
      registry,
      'last_poll_age_seconds',
      'Time since the last completed poll (since the start before the first)',
    ),
    ...replicaGauges(registry),
  };
}

/** Replicas sharing a PostgreSQL store; a lone bot reports itself as the leader of a lease nobody holds. */
function replicaGauges(registry: Registry) {
  return {
    replicaLeader: gauge(
      registry,
      'replica_leader',
      '1 while this replica holds the leader lease (or runs alone)',
    ),
    leaseAge: gauge(
      registry,
      'lease_age_seconds',
      'Seconds since the current leader took the lease (0 when none)',
    ),
  };
}

/** The live price stream (src/stream); all 0 when none is attached (unlabelled gauges always have a value). */
function streamGauges(registry: Registry) {
  return {
    streamConnected: gauge(registry, 'stream_connected', '1 while the live price stream is connected'),
    streamSubscribed: gauge(registry, 'stream_subscribed_symbols', 'Symbols subscribed on the live stream'),
    streamUpdatesPerMinute: gauge(registry, 'stream_updates_per_minute', 'Price updates in the last minute'),
    streamLastUpdateAge: gauge(
      registry,
      'stream_last_update_age_seconds',
      'Time since the last streamed price',
    ),
    streamReconnects: gauge(registry, 'stream_reconnects', 'Connections opened after the first'),
    streamFailures: gauge(registry, 'stream_consecutive_failures', 'Stream failures in the current outage'),
    streamState: gauge(
      registry,
      'stream_state',
      '1 for the live stream state (connected, recovering, reconnecting, down = announced, connecting, idle)',
      ['state'],
    ),
    // Set from the stream's own running totals at scrape time (reset, then the total), so it never drifts.
    streamRejected: new Counter({
      name: `${METRIC_PREFIX}stream_frames_rejected_total`,
      help: 'Stream frames rejected since start, by reason (oversize closes the socket; the others are ignored)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    ready: gauge(
      registry,
      'ready',
      '1 when /readyz answers ready (polls on time, store writable, Discord reachable)',
    ),
  };
}

export type BotMetrics = ReturnType<typeof createBotMetrics>;

/** A fresh registry with Node's process metrics (CPU, memory, event-loop lag) and the bot's own. */
export function createBotMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    ...counters(registry),
    ...histograms(registry),
    ...gauges(registry),
    ...streamGauges(registry),
  };
}
