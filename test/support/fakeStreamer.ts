import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { loadPricingType } from '../../src/stream/pricingFrame.js';

/** A PricingData frame as Yahoo's v2 streamer sends it: base64 protobuf inside {"type":"pricing"}. */
export function encodeFrame(fields: Record<string, unknown>): string {
  const type = loadPricingType();
  const message = Buffer.from(type.encode(type.fromObject(fields)).finish()).toString('base64');
  return JSON.stringify({ type: 'pricing', message });
}

export interface FakeStreamer {
  /** ws://127.0.0.1:port/?version=2 */
  readonly url: string;
  /** Every JSON message clients sent, in order ({subscribe: […]} or {unsubscribe: […]}). */
  readonly received: unknown[];
  /** Connections accepted so far. */
  connections(): number;
  /** Symbols the current connection is subscribed to. */
  subscribed(): string[];
  /** Sends a price to every client subscribed to `fields.id`; false if none is. */
  push(fields: { id: string; price: number; time: number } & Record<string, unknown>): boolean;
  /** Sends any text frame to every client (garbage tests). */
  sendRaw(text: string): void;
  /** Drops every connection without a close handshake. */
  dropAll(): void;
  /** Refuses the next `count` handshakes with HTTP 503. */
  refuse(count: number): void;
  close(): Promise<void>;
}

/** A local stand-in for wss://streamer.finance.yahoo.com speaking protocol version 2. */
export async function startFakeStreamer(): Promise<FakeStreamer> {
  let refusals = 0;
  let accepted = 0;
  const received: unknown[] = [];
  const subscriptions = new Map<WebSocket, Set<string>>();
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: (_info, done) => {
      if (refusals > 0) {
        refusals -= 1;
        done(false, 503, 'Service Unavailable');
      } else done(true);
    },
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) => {
    accepted += 1;
    const symbols = new Set<string>();
    subscriptions.set(socket, symbols);
    socket.on('close', () => subscriptions.delete(socket));
    socket.on('message', (data) => {
      const message = JSON.parse((data as Buffer).toString('utf8')) as {
        subscribe?: string[];
        unsubscribe?: string[];
      };
      received.push(message);
      for (const s of message.subscribe ?? []) symbols.add(s);
      for (const s of message.unsubscribe ?? []) symbols.delete(s);
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${String(port)}/?version=2`,
    received,
    connections: () => accepted,
    subscribed: () => [...subscriptions.values()].flatMap((s) => [...s]),
    push(fields) {
      const frame = encodeFrame(fields);
      let sent = false;
      for (const [socket, symbols] of subscriptions) {
        if (!symbols.has(fields.id)) continue;
        socket.send(frame);
        sent = true;
      }
      return sent;
    },
    sendRaw(text) {
      for (const socket of subscriptions.keys()) socket.send(text);
    },
    dropAll() {
      for (const socket of subscriptions.keys()) socket.terminate();
    },
    refuse(count) {
      refusals = count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of server.clients) socket.terminate();
        server.close(() => {
          resolve();
        });
      }),
  };
}
