/**
 * The operator's window on the bot, over plain node:http: /healthz (the process answers), /readyz
 * (the bot does its job; 503 naming each failing check; the live stream's state beside them) and
 * /metrics (Prometheus text).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.js';
import type { StatusModel } from '../status/botStatus.js';
import { readinessOf } from '../status/botStatus.js';
import { replicaReadout } from '../status/replicaView.js';
import { fillGauges } from './gauges.js';
import type { BotMetrics } from './metrics.js';
import { streamReadout } from './streamView.js';

export interface OpsServerOptions {
  readonly host: string;
  /** 0 = any free port (tests). */
  readonly port: number;
  readonly metrics: BotMetrics;
  readonly status: Pick<StatusModel, 'read'>;
  readonly log: Logger;
}

export interface OpsServer {
  /** The port bound, which differs from the one asked for when that was 0. */
  readonly port: number;
  close(): Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${JSON.stringify(body)}\n`);
}

async function answer(req: IncomingMessage, res: ServerResponse, options: OpsServerOptions): Promise<void> {
  // The request target as sent, query cut: `//` or `//host/healthz` is no path of ours (a 404), and
  // URL parsing would read it as a host and throw.
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, { error: 'only GET is served' });
    return;
  }
  if (path === '/healthz') {
    sendJson(res, 200, { status: 'ok' });
  } else if (path === '/readyz') {
    const status = options.status.read();
    const { ready, checks } = readinessOf(status);
    const failing = Object.entries(checks)
      .filter(([, check]) => !check.ok)
      .map(([name]) => name);
    const stream = streamReadout(status.stream);
    const replica = replicaReadout(status.replica);
    sendJson(res, ready ? 200 : 503, {
      status: ready ? 'ready' : 'not ready',
      ...replica,
      failing,
      checks,
      stream,
    });
  } else if (path === '/metrics') {
    fillGauges(options.metrics, options.status.read());
    const text = await options.metrics.registry.metrics();
    res.writeHead(200, { 'content-type': options.metrics.registry.contentType });
    res.end(text);
  } else {
    sendJson(res, 404, { error: 'not found; try /healthz, /readyz or /metrics' });
  }
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Binds a health server; rejects with a one-line Error when the address cannot be bound (in use, not local). */
export async function bindOpsServer(server: Server, host: string, wanted: number): Promise<OpsServer> {
  const port = await listen(server, host, wanted).catch((err: unknown) => {
    const code = (err as { code?: string }).code ?? (err instanceof Error ? err.message : String(err));
    throw new Error(
      `cannot serve health and metrics on ${host}:${wanted} (${code}); set HTTP_PORT to a free port or unset it`,
    );
  });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        // Scrapers keep connections alive; the stop must not wait for them to hang up.
        server.closeAllConnections();
      }),
  };
}

/** Rejects with a one-line Error when the address cannot be bound (in use, not local). */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const { log, host } = options;
  const server = createServer((req, res) => {
    answer(req, res, options).catch((err: unknown) => {
      log.error({ err }, 'the health endpoint failed to answer');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error; see the bot log' });
      else res.destroy();
    });
  });
  const bound = await bindOpsServer(server, host, options.port);
  log.info({ host, port: bound.port }, 'health and metrics served: /healthz /readyz /metrics');
  return bound;
}
