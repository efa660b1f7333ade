/**
 * Health, readiness and metrics for the composition root: the metrics and poll observer are made
 * before the bot is wired (the decorators need them), the HTTP server once it runs.
 */
import type { DiscordSession } from '../discord/discordSession.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/openStore.js';
import type { BotView } from './botView.js';
import { startOpsServer } from './httpServer.js';
import type { OpsServer } from './httpServer.js';
import { createBotMetrics } from './metrics.js';
import type { BotMetrics } from './metrics.js';
import { observePolls } from './observe.js';
import type { GatewayState } from './readiness.js';
import { openStoreProbe } from './storeProbe.js';
import type { StoreProbe } from './storeProbe.js';

export interface Ops {
  readonly metrics: BotMetrics;
  readonly polls: ReturnType<typeof observePolls>;
}

export function createOps(now: () => number): Ops {
  const metrics = createBotMetrics();
  return { metrics, polls: observePolls(metrics, now) };
}

/** The gateway session as the metrics and /readyz name it; a refusal is final. */
export function gatewayState(session: DiscordSession | null): () => GatewayState {
  if (!session) return () => 'disabled';
  let refused = false;
  void session.refused.then(() => {
    refused = true;
  });
  return () => {
    if (refused) return 'refused';
    return session.client() ? 'connected' : 'connecting';
  };
}

/** An in-memory database has no file for a second connection: its facts come from the store itself. */
function probeFor(store: Store): StoreProbe {
  if (store.path !== ':memory:') return openStoreProbe(store.path);
  return {
    outbox: () => ({
      pending: store.pendingCount(),
      oldestPendingAt: null,
      deadLetters: store.deadLetterSummary().count,
    }),
    writeProblem: () => null,
    close: () => undefined,
  };
}

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly store: Store;
  readonly log: Logger;
  /** Everything the view reads but the store facts, which the probe supplies. */
  readonly view: Omit<BotView, 'outbox' | 'storeProblem'>;
}

/** Starts the HTTP server; its close() also closes the probe's database connection. */
export async function serveOps(ops: Ops, options: ServeOptions): Promise<OpsServer> {
  const probe = probeFor(options.store);
  const view: BotView = {
    ...options.view,
    outbox: () => probe.outbox(),
    // The bot's own failed write is known at once; the probe finds a file that stopped taking any.
    storeProblem: () => options.store.writeFailure() ?? probe.writeProblem(),
  };
  try {
    const server = await startOpsServer({ ...options, metrics: ops.metrics, view });
    return {
      port: server.port,
      async close() {
        await server.close();
        probe.close();
      },
    };
  } catch (err) {
    probe.close();
    throw err;
  }
}
