/**
 * Health, readiness and metrics for the composition root: the metrics and poll observer are made
 * before the bot is wired (the decorators need them), the HTTP server once it runs.
 */
import type { Logger } from '../log.js';
import type { StatusModel } from '../status/botStatus.js';
import { startOpsServer } from './httpServer.js';
import type { OpsServer } from './httpServer.js';
import { createBotMetrics } from './metrics.js';
import type { BotMetrics } from './metrics.js';
import { observePolls } from './observe.js';

export interface Ops {
  readonly metrics: BotMetrics;
  readonly polls: ReturnType<typeof observePolls>;
}

export function createOps(): Ops {
  const metrics = createBotMetrics();
  return { metrics, polls: observePolls(metrics) };
}

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly log: Logger;
  readonly status: Pick<StatusModel, 'read'>;
}

/** Starts the HTTP server on the one status read model. */
export function serveOps(ops: Ops, options: ServeOptions): Promise<OpsServer> {
  return startOpsServer({ ...options, metrics: ops.metrics });
}
