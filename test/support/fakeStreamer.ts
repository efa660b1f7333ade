import type { AddressInfo, Socket } from 'node:net';
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
  /** Sends any text frame to every client (garbage and oversize tests). */
  sendRaw(text: string): void;
  /** Writes bytes that are not a valid websocket frame (RSV2 set) straight to every client's TCP socket. */
  sendBroken(): void;
  /** Drops every connection without a close handshake. */
  dropAll(): void;
  /** Refuses the next `count` handshakes with this HTTP status (503 unless said). */
  refuse(count: number, status?: number): void;
  close(): Promise<void>;
}

/** A local stand-in for wss://streamer.finance.yahoo.com speaking protocol version 2. */
export async function startFakeStreamer(): Promise<FakeStreamer> {
  let refusals = 0;
  let refusalStatus = 503;
  let accepted = 0;
  const tcpSockets = new Set<Socket>();
  const received: unknown[] = [];
  const subscriptions = new Map<WebSocket, Set<string>>();
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: (_info, done) => {
      if (refusals > 0) {
        refusals -= 1;
        done(false, refusalStatus);
      } else done(true);
    },
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  server.on('connection', (socket, request) => {
    accepted += 1;
    tcpSockets.add(request.socket);
    request.socket.on('close', () => tcpSockets.delete(request.socket));
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
    sendBroken() {
      // FIN | RSV2 | text opcode, empty payload: the client must fail the connection (code 1002).
      for (const tcp of tcpSockets) tcp.write(Buffer.from([0xa1, 0x00]));
    },
    dropAll() {
      for (const socket of subscriptions.keys()) socket.terminate();
    },
    refuse(count, status = 503) {
      refusals = count;
      refusalStatus = status;
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
