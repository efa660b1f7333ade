import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import type { StreamedPrice } from '../../src/stream/pricingFrame.js';
import { FRAMES_PER_TURN } from '../../src/stream/frameIntake.js';
import { createStreamClient } from '../../src/stream/streamClient.js';
import type { StreamClient } from '../../src/stream/streamClient.js';
import { startFakeStreamer } from '../support/fakeStreamer.js';
import type { FakeStreamer } from '../support/fakeStreamer.js';
import { waitFor as until } from '../support/waitFor.js';

const PRINT = Date.parse('2025-06-02T02:16:07Z');

function capturedLog() {
  const lines: { msg: string; problem?: string; level: number }[] = [];
  const log = createLogger({
    level: 'debug',
    stream: new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as { msg: string; level: number });
        done();
      },
    }),
  });
  return { log, lines };
}

let fake: FakeStreamer;
let client: StreamClient | null = null;
afterEach(async () => {
  client?.stop();
  client = null;
  await fake.close();
});

interface ConnectOptions {
  silenceMs?: number;
  announceAfterFailures?: number;
  announceAfterMs?: number;
  stableMs?: number;
  onPrice?: (price: StreamedPrice) => void;
}

function connect(options: ConnectOptions = {}) {
  const prices: StreamedPrice[] = [];
  const notices: string[] = [];
  const { log, lines } = capturedLog();
  client = createStreamClient({
    url: fake.url,
    userAgent: 'test',
    backoff: { initialMs: 20, maxMs: 100 },
    silenceMs: options.silenceMs ?? 10_000,
    outage: {
      announceAfterFailures: options.announceAfterFailures ?? 3,
      announceAfterMs: options.announceAfterMs ?? 60_000,
      stableMs: options.stableMs ?? 60_000,
    },
    onPrice: (p) => {
      prices.push(p);
      options.onPrice?.(p);
    },
    onNotice: (text) => notices.push(text),
    now: () => Date.now(),
    log,
  });
  return { client, prices, notices, lines };
}

describe('stream client against a local fake streamer', () => {
  it('GIVEN wanted symbols THEN it connects, subscribes and passes prices on', async () => {
    fake = await startFakeStreamer();
    const { client, prices } = connect();
    client.want(['^HSI', 'CNH=X']);
    await until(() => fake.subscribed().length === 2, 'subscriptions');
    expect(fake.received[0]).toEqual({ subscribe: ['^HSI', 'CNH=X'] });
    fake.push({ id: '^HSI', price: 23_200, time: PRINT });
    await until(() => prices.length === 1, 'a price');
    expect(prices[0]).toMatchObject({ yahooSymbol: '^HSI', price: 23_200, time: PRINT });
    const state = client.state();
    expect(state).toMatchObject({ status: 'connected', connected: true, updatesPerMinute: 1, reconnects: 0 });
    expect(state.subscribed).toEqual(['^HSI', 'CNH=X']);
  });

  it('GIVEN a market closes THEN its symbol is unsubscribed, and no symbols closes the socket', async () => {
    fake = await startFakeStreamer();
    const { client } = connect();
    client.want(['^HSI', '^N225']);
    await until(() => fake.subscribed().length === 2, 'subscriptions');
    client.want(['^N225']);
    await until(() => fake.subscribed().length === 1, 'the unsubscribe');
    expect(fake.received).toContainEqual({ unsubscribe: ['^HSI'] });
    client.want([]);
    expect(client.state().connected).toBe(false);
    await until(() => fake.subscribed().length === 0, 'the server to see the close');
    expect(fake.connections()).toBe(1);
  });

  it('GIVEN the connection drops THEN it reconnects with backoff and subscribes again', async () => {
    fake = await startFakeStreamer();
    const { client, prices } = connect();
    client.want(['^N225']);
    await until(() => fake.subscribed().length === 1, 'first subscription');
    fake.dropAll();
    await until(() => fake.connections() === 2 && fake.subscribed().length === 1, 'resubscription');
    fake.push({ id: '^N225', price: 37_500, time: PRINT });
    await until(() => prices.length === 1, 'a price after the reconnect');
    expect(client.state().reconnects).toBe(1);
  });

  it('GIVEN garbage frames THEN each kind is logged once, counted, ignored, and good prices still arrive', async () => {
    fake = await startFakeStreamer();
    const { client, prices, lines } = connect();
    client.want(['^HSI']);
    await until(() => fake.subscribed().length === 1, 'subscription');
    for (let i = 0; i < 3; i++) {
      fake.sendRaw('{"type":"pricing","message":"%%%"}');
      fake.sendRaw('{"type":"pricing","message":"/////w=="}');
      fake.sendRaw('not json at all {');
    }
    fake.push({ id: '^HSI', price: 23_100, time: PRINT });
    await until(() => prices.length === 1, 'the good price');
    const warned = lines.filter((l) => l.msg === 'stream frame rejected' && l.level === 40);
    expect(warned.map((l) => l.problem).sort()).toEqual(['bad_base64', 'bad_protobuf']);
    expect(lines.filter((l) => l.msg === 'stream frame rejected')).toHaveLength(9);
    expect(client.state()).toMatchObject({
      status: 'connected',
      rejectedFrames: { bad_base64: 6, bad_protobuf: 3, oversize: 0 },
    });
  });

  it('GIVEN a 5 MB frame THEN the socket is closed, the frame counted as oversize, and it reconnects', async () => {
    fake = await startFakeStreamer();
    const { client, prices } = connect();
    client.want(['^HSI']);
    await until(() => fake.subscribed().length === 1, 'subscription');
    fake.sendRaw(JSON.stringify({ type: 'pricing', message: 'A'.repeat(5 * 1024 * 1024) }));
    await until(() => fake.connections() === 2 && fake.subscribed().length === 1, 'the reconnect');
    fake.push({ id: '^HSI', price: 23_100, time: PRINT });
    await until(() => prices.length === 1, 'a price after the reconnect');
    const state = client.state();
    expect(state.rejectedFrames.oversize).toBe(1);
    expect(state.lastError).toBe('a frame over 64 KiB (closed with code 1009)');
    expect(state).toMatchObject({ status: 'recovering', consecutiveFailures: 1, reconnects: 1 });
  });

  it('GIVEN bytes that are no websocket frame THEN the error is handled and it reconnects', async () => {
    fake = await startFakeStreamer();
    const { client, prices } = connect();
    client.want(['^HSI']);
    await until(() => fake.subscribed().length === 1, 'subscription');
    fake.sendBroken();
    await until(() => fake.connections() === 2 && fake.subscribed().length === 1, 'the reconnect');
    fake.push({ id: '^HSI', price: 23_100, time: PRINT });
    await until(() => prices.length === 1, 'a price after the reconnect');
    expect(client.state().lastError).toMatch(/Invalid WebSocket frame/);
  });

  it('GIVEN 20,000 frames in one burst THEN each event-loop turn reads a bounded number and hands on one price per symbol', async () => {
    fake = await startFakeStreamer();
    const handed: { symbol: string; price: number; turn: number; readSoFar: number }[] = [];
    let turn = 0;
    const stream = connect({
      onPrice: (p) =>
        handed.push({
          symbol: p.yahooSymbol,
          price: p.price,
          turn,
          readSoFar: stream.client.state().updatesTotal,
        }),
    });
    let counting = true;
    const countTurns = () => {
      turn += 1;
      if (counting) setImmediate(countTurns);
    };
    setImmediate(countTurns);
    const symbols = ['^HSI', '^N225', 'CNH=X'];
    stream.client.want(symbols);
    await until(() => fake.subscribed().length === 3, 'subscriptions');
    for (let n = 0; n < 20_000; n++)
      fake.push({ id: symbols[n % 3] ?? '', price: 20_000 + n, time: PRINT + n });
    await until(() => stream.client.state().updatesTotal === 20_000, 'every frame read', 10_000);
    counting = false;
    const perTurn = new Map<number, string[]>();
    for (const h of handed) perTurn.set(h.turn, [...(perTurn.get(h.turn) ?? []), h.symbol]);
    for (const symbolsOfTurn of perTurn.values())
      expect(new Set(symbolsOfTurn).size).toBe(symbolsOfTurn.length);
    const readPerTurn = [...new Map(handed.map((h) => [h.turn, h.readSoFar])).values()].map(
      (total, i, all) => total - (all[i - 1] ?? 0),
    );
    expect(Math.max(...readPerTurn)).toBeLessThanOrEqual(FRAMES_PER_TURN);
    expect(handed.length).toBeLessThanOrEqual(perTurn.size * 3);
    // The newest price of each symbol gets through.
    expect(symbols.map((s) => handed.filter((h) => h.symbol === s).at(-1)?.price)).toEqual([
      39_998, 39_999, 39_997,
    ]);
  });

  it('GIVEN repeated silences THEN one "down" notice, and one "back" once prices have flowed steadily', async () => {
    fake = await startFakeStreamer();
    const { client, notices } = connect({ silenceMs: 100, announceAfterFailures: 3, stableMs: 300 });
    client.want(['^HSI']);
    // Five silences, each after a reconnect that brought one price (the old rule said down + back each time).
    for (let n = 1; n <= 5; n++) {
      await until(() => fake.connections() === n && fake.subscribed().length === 1, `connection ${n}`);
      fake.push({ id: '^HSI', price: 23_100 + n, time: PRINT + n });
      await until(() => fake.connections() === n + 1, `the silence after connection ${n}`);
    }
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      /^⚠️ Live prices are down \(3 failures in about 1 min; last: no update for 0.1 s/,
    );
    expect(client.state()).toMatchObject({ status: expect.stringMatching(/down|recovering/) });
    // Prices every 20 ms until the outage ends (a late timer only prolongs the same outage).
    let n = 0;
    const pusher = setInterval(() => fake.push({ id: '^HSI', price: 23_200, time: PRINT + 100 + n++ }), 20);
    try {
      await until(() => notices.length === 2, 'the recovery notice', 10_000);
    } finally {
      clearInterval(pusher);
    }
    expect(notices[1]).toMatch(/^✅ Live prices are back/);
    expect(client.state()).toMatchObject({ status: 'connected', outage: null, consecutiveFailures: 0 });
  });

  it('GIVEN handshakes refused with 408 THEN it tells people after the configured failures and keeps retrying', async () => {
    fake = await startFakeStreamer();
    fake.refuse(3, 408);
    const { client, notices } = connect({ announceAfterFailures: 2 });
    client.want(['CNH=X']);
    await until(() => notices.length === 1, 'the failure notice');
    expect(notices[0]).toMatch(/Unexpected server response: 408/);
    expect(client.state().status).toBe('down');
    await until(() => fake.subscribed().length === 1, 'the connection after refusals');
    expect(client.state()).toMatchObject({ status: 'recovering', connected: true });
  });
});
