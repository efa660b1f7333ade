import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import type { StreamedPrice } from '../../src/stream/pricingFrame.js';
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

function connect(options: { silenceMs?: number; noticeAfterFailures?: number } = {}) {
  const prices: StreamedPrice[] = [];
  const notices: string[] = [];
  const { log, lines } = capturedLog();
  client = createStreamClient({
    url: fake.url,
    userAgent: 'test',
    backoff: { initialMs: 20, maxMs: 100 },
    silenceMs: options.silenceMs ?? 10_000,
    noticeAfterFailures: options.noticeAfterFailures ?? 3,
    onPrice: (p) => prices.push(p),
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
    expect(state).toMatchObject({ connected: true, updatesPerMinute: 1, reconnects: 0, down: false });
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

  it('GIVEN garbage frames THEN each kind is logged once, ignored, and good prices still arrive', async () => {
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
    const warned = lines.filter((l) => l.msg === 'stream frame ignored' && l.level === 40);
    expect(warned.map((l) => l.problem).sort()).toEqual(['bad base64', 'bad protobuf']);
    expect(lines.filter((l) => l.msg === 'stream frame ignored')).toHaveLength(9);
    expect(client.state().connected).toBe(true);
  });

  it('GIVEN silence while subscribed THEN people are told once, and once more when prices are back', async () => {
    fake = await startFakeStreamer();
    const { client, notices } = connect({ silenceMs: 150 });
    client.want(['^HSI']);
    await until(() => notices.length === 1, 'the silence notice');
    expect(notices[0]).toMatch(/Live prices are down \(no update for 0.15 s/);
    // Silent again after the reconnect: still one notice.
    await until(() => fake.connections() >= 3, 'more reconnects');
    expect(notices).toHaveLength(1);
    // 0.15 s of silence ends a connection, so on a loaded machine one can close before a price pushed
    // to it is read: push on every try until one lands.
    await until(() => {
      if (fake.subscribed().length === 1) fake.push({ id: '^HSI', price: 23_100, time: PRINT });
      return notices.length === 2;
    }, 'the recovery notice');
    expect(notices[1]).toMatch(/Live prices are back/);
    expect(client.state().down).toBe(false);
  });

  it('GIVEN refused handshakes THEN it tells people after the configured failures and keeps retrying', async () => {
    fake = await startFakeStreamer();
    fake.refuse(3);
    const { client, notices } = connect({ noticeAfterFailures: 2 });
    client.want(['CNH=X']);
    await until(() => notices.length === 1, 'the failure notice');
    expect(notices[0]).toMatch(/503/);
    await until(() => fake.subscribed().length === 1, 'the connection after refusals');
    expect(client.state()).toMatchObject({ down: true, connected: true });
  });
});
