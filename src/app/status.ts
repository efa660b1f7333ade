import { serveOps } from '../ops/ops.js';
import type { Ops } from '../ops/ops.js';
import { pollPeriodMs } from '../scheduler/pollPeriod.js';
import { createStatusModel } from '../status/botStatus.js';
import type { StatusModel } from '../status/botStatus.js';
import type { GatewayState } from '../status/readiness.js';
import { probeFor } from '../store/storeProbe.js';
import type { StreamState } from '../stream/streamClient.js';
import type { BotContext, Core } from './context.js';
import { BotStartError } from './types.js';

/** The one status read model; its store facts come from a second connection, closed after the store's users. */
export function createStatus(
  ctx: BotContext,
  core: Core,
  parts: { readonly gateway: () => GatewayState; readonly stream: () => StreamState | null },
): StatusModel {
  const { store, config, now } = ctx;
  const probe = probeFor(store);
  ctx.teardown.push(() => {
    probe.close();
  });
  const { cron, timezone } = config.current().schedule;
  return createStatusModel({
    now,
    startedAt: now(),
    version: ctx.version,
    pollPeriodMs: pollPeriodMs(cron, timezone),
    config,
    monitor: core.monitor,
    newsHealth: () => core.news.health(),
    stream: parts.stream,
    gateway: parts.gateway,
    store: {
      outbox: () => probe.outbox(),
      // The bot's own failed write is known at once; the probe finds a file that stopped taking any.
      writeProblem: () => store.writeFailure() ?? probe.writeProblem(),
      deadLetterSummary: () => store.deadLetterSummary(),
      activeSilences: (at) => store.activeSilences(at),
    },
    ...(ctx.options.replica ? { replica: ctx.options.replica.view } : {}),
  });
}

/** /healthz, /readyz and /metrics over the status model; the server closes before the store. */
export async function serveHealth(ctx: BotContext, ops: Ops, status: StatusModel): Promise<number> {
  const { env, log } = ctx;
  const server = await serveOps(ops, { host: env.HTTP_HOST, port: env.HTTP_PORT ?? 0, log, status }).catch(
    (err: unknown) => {
      throw new BotStartError(err instanceof Error ? err.message : String(err));
    },
  );
  ctx.teardown.push(() => server.close(), 'close the health endpoint');
  return server.port;
}
