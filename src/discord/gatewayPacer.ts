/**
 * Spaces out gateway connection attempts during an outage. discord.js v14 reconnects 500 ms after
 * every failed attempt and exposes no option for the delay (ClientOptions.ws offers only
 * large_threshold, version, buildStrategy and buildIdentifyThrottler): a 10-minute outage made 819
 * attempts. Its one hook is `ws.buildStrategy`, which receives @discordjs/ws's manager; every
 * connection attempt first awaits `manager.options.retrieveSessionInfo` while its shard is still
 * idle, so waiting there (and only then: dispatches and heartbeats look sessions up too) spaces the
 * attempts without replacing any of discord.js's reconnect logic.
 */
import { SimpleShardingStrategy, WebSocketShardStatus } from 'discord.js';
import type { WebSocketOptions } from 'discord.js';
import type { Logger } from '../log.js';
import { backoffDelayMs, type BackoffPolicy } from '../resilience/backoff.js';

/** Doubling from 1 s to 1 min between attempts that follow a failed one. */
export const GATEWAY_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000 };

type BuildStrategy = NonNullable<WebSocketOptions['buildStrategy']>;

/** What a strategy keeps per shard: private fields of @discordjs/ws, read as plain properties. */
interface ShardSockets {
  readonly shards?: ReadonlyMap<
    number,
    { readonly connection?: { on(event: 'error', listener: () => void): unknown } | null }
  >;
}

/**
 * @discordjs/ws destroys a shard whose socket is still opening by dropping the socket's error handler
 * without closing it, so the socket's later failure (refused, reset, handshake timeout) would be an
 * uncaught 'error' that ends the process. Each socket gets a listener first. Should the private
 * fields move, nothing is guarded (test/discord/clientResilience.test.ts then fails).
 */
function guardSockets(strategy: ShardSockets | null): void {
  for (const shard of strategy?.shards?.values() ?? []) shard.connection?.on('error', () => undefined);
}

export interface GatewayPacer {
  /** For `new Client({ ws: { buildStrategy } })`. */
  readonly buildStrategy: BuildStrategy;
  /** A session started or resumed: the next lost connection is retried at once. */
  connected(): void;
  /** Connection attempts since the last session (the first one included). */
  attempts(): number;
  /**
   * No further attempt is made: a waiting one never proceeds (the client is being destroyed). Call
   * it before destroying the client: it also keeps the sockets' late errors from crashing the process.
   */
  stop(): void;
}

export function createGatewayPacer(opts: {
  readonly log: Logger;
  readonly policy?: BackoffPolicy;
  readonly random?: () => number;
}): GatewayPacer {
  const policy = opts.policy ?? GATEWAY_BACKOFF;
  const random = opts.random ?? Math.random;
  const timers = new Set<NodeJS.Timeout>();
  let strategy: SimpleShardingStrategy | null = null;
  let attempts = 0;
  let stopped = false;

  function beforeAttempt(): Promise<void> {
    attempts += 1;
    // Never resolved after stop(): the shard stays idle instead of reconnecting a destroyed client.
    if (stopped) return new Promise(() => undefined);
    // The first attempt, and the first after a working session (a quick resume), go at once.
    if (attempts === 1) return Promise.resolve();
    const waitMs = backoffDelayMs(policy, attempts - 1, { jitter: random() * 0.2 });
    opts.log.debug(
      { attempt: attempts, waitMs },
      'Discord gateway: waiting before the next connection attempt',
    );
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, waitMs);
      timers.add(timer);
    });
  }

  return {
    buildStrategy(manager) {
      const built = new SimpleShardingStrategy(manager);
      strategy = built;
      const lookUp = manager.options.retrieveSessionInfo.bind(manager.options);
      manager.options.retrieveSessionInfo = async (shardId) => {
        const status = (await built.fetchStatus()).get(shardId);
        if (status === WebSocketShardStatus.Idle) await beforeAttempt();
        return lookUp(shardId);
      };
      return built;
    },
    connected() {
      attempts = 0;
    },
    attempts: () => attempts,
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      guardSockets(strategy as ShardSockets | null);
    },
  };
}
