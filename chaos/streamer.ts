import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { loadPricingType } from '../src/stream/pricingFrame.js';

/** The PricingData fields the chaos run sends (pricing.proto); price and time are what the bot reads. */
export interface PricingFields {
  readonly id: string;
  readonly price: number;
  readonly time: number;
  readonly previousClose?: number;
  /** Padding for an oversized frame: a string field the bot ignores. */
  readonly shortName?: string;
}

/** A v2 streamer frame: {"type":"pricing","message":"<base64 protobuf PricingData>"}. */
export function pricingFrame(fields: PricingFields): string {
  const type = loadPricingType();
  const bytes = type.encode(type.fromObject({ marketHours: 1, ...fields })).finish();
  return JSON.stringify({ type: 'pricing', message: Buffer.from(bytes).toString('base64') });
}

export interface ChaosStreamer {
  /** ws://127.0.0.1:port/?version=2, for streaming.url. */
  readonly url: string;
  /** Connections accepted so far. */
  connections(): number;
  /** Whether one open connection is subscribed to every one of these Yahoo symbols. */
  subscribedToAll(symbols: readonly string[]): boolean;
  /** Sends a text frame to every connection subscribed to `symbol`; returns how many got it. */
  send(symbol: string, frame: string): number;
  close(): Promise<void>;
}

/**
 * A local stand-in for Yahoo's streamer (protocol v2) that sends whatever the chaos script tells it,
 * however large or fast. Kept apart from test/support/fakeStreamer.ts, which the tests shape to
 * their own needs.
 */
export async function startChaosStreamer(): Promise<ChaosStreamer> {
  let accepted = 0;
  const subscriptions = new Map<WebSocket, Set<string>>();
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) => {
    accepted += 1;
    const symbols = new Set<string>();
    subscriptions.set(socket, symbols);
    socket.on('close', () => subscriptions.delete(socket));
    // A client that goes away mid-send is the bot's business, not the run's.
    socket.on('error', () => undefined);
    socket.on('message', (data) => {
      let message: { subscribe?: unknown; unsubscribe?: unknown };
      try {
        message = JSON.parse((data as Buffer).toString('utf8')) as typeof message;
      } catch {
        return;
      }
      const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
      for (const s of list(message.subscribe)) symbols.add(s);
      for (const s of list(message.unsubscribe)) symbols.delete(s);
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${String(port)}/?version=2`,
    connections: () => accepted,
    subscribedToAll: (symbols) =>
      [...subscriptions].some(
        ([socket, subscribed]) =>
          socket.readyState === socket.OPEN && symbols.every((s) => subscribed.has(s)),
      ),
    send(symbol, frame) {
      let sent = 0;
      for (const [socket, subscribed] of subscriptions) {
        if (socket.readyState !== socket.OPEN || !subscribed.has(symbol)) continue;
        socket.send(frame);
        sent += 1;
      }
      return sent;
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
