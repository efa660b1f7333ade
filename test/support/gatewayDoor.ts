import { connect, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import type { FakeDiscord } from './fakeDiscord/index.js';

/**
 * What the door does with a gateway connection: `refuse` resets it (a gateway outage), `hold` accepts
 * it and never answers (a gateway that hangs: the socket stays opening), `open` forwards it.
 */
export type DoorMode = 'refuse' | 'hold' | 'open';

export interface GatewayDoor {
  setMode(mode: DoorMode): void;
  /** Connection attempts so far, with the times they came (Date.now()). */
  readonly attempts: number[];
  /** Resets every held connection, as a gateway that finally gives up. */
  resetHeld(): void;
  close(): Promise<void>;
}

/**
 * A gateway address in front of the fake's gateway, named in the next answer to GET /gateway/bot
 * (discord.js caches it for reset_after, so later logins ask again only after a failed one).
 */
export async function startGatewayDoor(fake: FakeDiscord, mode: DoorMode): Promise<GatewayDoor> {
  const target = new URL(fake.gatewayUrl);
  let current = mode;
  const attempts: number[] = [];
  const held = new Set<Socket>();
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      held.delete(socket);
    });
  };
  const server = createServer((socket) => {
    attempts.push(Date.now());
    track(socket);
    if (current === 'refuse') {
      socket.resetAndDestroy();
      return;
    }
    if (current === 'hold') {
      held.add(socket);
      socket.on('error', () => undefined);
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    track(upstream);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.failNext('GET', '/gateway/bot', {
    status: 200,
    body: {
      url: `ws://127.0.0.1:${port}/gateway`,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 3_600_000, max_concurrency: 1 },
    },
  });
  return {
    setMode(next) {
      current = next;
    },
    attempts,
    resetHeld() {
      for (const socket of held) socket.resetAndDestroy();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
