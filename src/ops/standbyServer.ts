/**
 * The operator's window on a follower replica, which runs no bot yet: /healthz answers, /readyz says
 * 503 with its role and the lease holder (a load balancer sends nothing to a follower), /metrics
 * carries the role gauges and the process metrics. Closed when the replica is promoted, before the
 * bot's own server binds the same port.
 */
import { createServer } from 'node:http';
import type { Logger } from '../log.js';
import type { ReplicaView } from '../status/replicaView.js';
import { replicaReadout } from '../status/replicaView.js';
import { fillReplica } from './gauges.js';
import { bindOpsServer, sendJson } from './httpServer.js';
import type { OpsServer } from './httpServer.js';
import { createBotMetrics } from './metrics.js';

export interface StandbyServerOptions {
  readonly host: string;
  readonly port: number;
  readonly log: Logger;
  readonly replica: () => ReplicaView;
}

export async function startStandbyServer(options: StandbyServerOptions): Promise<OpsServer> {
  const metrics = createBotMetrics();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') sendJson(res, 200, { status: 'ok' });
    else if (path === '/readyz') {
      sendJson(res, 503, {
        status: 'standby',
        ...replicaReadout(options.replica()),
        failing: ['leader lease'],
      });
    } else if (path === '/metrics') {
      fillReplica(metrics, options.replica());
      void metrics.registry.metrics().then((text) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(text);
      });
    } else sendJson(res, 404, { error: 'not found; try /healthz, /readyz or /metrics' });
  });
  const bound = await bindOpsServer(server, options.host, options.port);
  options.log.info(
    { host: options.host, port: bound.port },
    'standing by for the leader lease; /healthz /readyz /metrics served',
  );
  return bound;
}
