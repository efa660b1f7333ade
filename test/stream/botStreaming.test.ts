import { join } from 'node:path';
import axios from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot } from '../../src/app/index.js';
import type { BotHandle } from '../../src/app/index.js';
import { streamLine } from '../../src/discord/commands/streamLine.js';
import { streamUrl } from '../../src/stream/startStreaming.js';
import { manualScheduler, PREV, quoteBoard, startTestBot, T, testEnv } from '../support/botHarness.js';
import { startFakeStreamer } from '../support/fakeStreamer.js';
import type { FakeStreamer } from '../support/fakeStreamer.js';
import { silentLog } from '../support/silentLog.js';
import { useTempDirs } from '../support/tempDirs.js';
import { makeConfig, writeAlwaysOpenConfig } from '../support/testConfig.js';
import { waitFor as until } from '../support/waitFor.js';

const tempDir = useTempDirs('bot-streaming-');
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function streamingBot(fake: FakeStreamer, env: Record<string, string> = {}) {
  const dir = tempDir();
  const clock = { now: T };
  const board = quoteBoard(clock);
  const stdout: string[] = [];
  const backoff = { initialSeconds: 0.05, maxSeconds: 0.2 };
  const configPath = writeAlwaysOpenConfig(dir, (d) => (d.streaming = { url: fake.url, backoff }));
  const bot: BotHandle = await startBot({
    env: testEnv({ CONFIG_PATH: configPath, STATE_DB: join(dir, 'bot.db'), ...env }),
    now: () => clock.now,
    log: silentLog,
    quotes: board.source,
    scheduler: manualScheduler(),
    stdout: { write: (text: string) => stdout.push(text) },
    version: '0.0.0',
  });
  cleanup.push(async () => {
    await bot.stop();
  });
  return { bot, clock, board, stdout };
}

describe('startBot with a live stream', () => {
  it('GIVEN a streamed fall THEN it alerts before the next poll, once, and the poll does not repeat it', async () => {
    const fake = await startFakeStreamer();
    cleanup.push(() => fake.close());
    const { bot, clock, board } = await streamingBot(fake);
    // Nothing is dialled before the first poll.
    expect(fake.connections()).toBe(0);
    await bot.poll();
    await until(() => fake.subscribed().includes('^HSI'), 'the subscription after the first poll');
    clock.now += 5_000;
    const fall = PREV.HSI * 0.97;
    fake.push({ id: '^HSI', price: fall, time: clock.now });
    await until(() => bot.store.recentAlerts(10).length > 0, 'the streamed alert');
    const alerts = bot.store.recentAlerts(10);
    expect(alerts.map((a) => a.rule)).toContain('dayMove');
    expect(alerts.every((a) => a.symbol === 'HSI' && a.direction === 'down' && a.time === clock.now)).toBe(
      true,
    );
    expect(bot.status.read().stream).toMatchObject({
      connected: true,
      updatesTotal: 1,
      subscribed: ['^HSI'],
    });
    // The next poll sees the same fall: no second alert.
    clock.now += 55_000;
    board.set('HSI', Math.fround(fall));
    await bot.poll();
    expect(
      bot.store
        .recentAlerts(10)
        .map((a) => a.id)
        .sort(),
    ).toEqual(alerts.map((a) => a.id).sort());
  });
});

async function get(port: number | null, path: string): Promise<string> {
  if (port === null) throw new Error('the bot serves no HTTP: HTTP_PORT was not passed');
  const res = await axios.get<string>(`http://127.0.0.1:${port}${path}`, {
    validateStatus: () => true,
    responseType: 'text',
  });
  return res.data;
}

describe('a bot fed a huge frame', () => {
  it('GIVEN a 5 MB frame THEN the bot stays up, reconnects, still alerts, and /metrics, /readyz and /status show it', async () => {
    const fake = await startFakeStreamer();
    cleanup.push(() => fake.close());
    const { bot, clock } = await streamingBot(fake, { HTTP_PORT: '0' });
    await bot.poll();
    await until(() => fake.subscribed().includes('^HSI'), 'the subscription');
    fake.sendRaw(JSON.stringify({ type: 'pricing', message: 'A'.repeat(5 * 1024 * 1024) }));
    await until(() => fake.connections() === 2 && fake.subscribed().includes('^HSI'), 'the reconnect');
    clock.now += 5_000;
    fake.push({ id: '^HSI', price: PREV.HSI * 0.97, time: clock.now });
    await until(() => bot.store.recentAlerts(10).length > 0, 'the alert after the reconnect');

    const metrics = await get(bot.httpPort, '/metrics');
    expect(metrics).toContain('mrb_stream_frames_rejected_total{reason="oversize"} 1');
    expect(metrics).toContain('mrb_stream_frames_rejected_total{reason="bad_base64"} 0');
    expect(metrics).toContain('mrb_stream_state{state="recovering"} 1');
    expect(metrics).toContain('mrb_stream_consecutive_failures 1');
    const ready = JSON.parse(await get(bot.httpPort, '/readyz')) as { stream: unknown };
    expect(ready.stream).toMatchObject({
      state: 'recovering',
      outageAnnounced: false,
      lastError: 'a frame over 64 KiB (closed with code 1009)',
      framesRejected: { oversize: 1 },
    });
    expect(streamLine(bot.status.read().stream)).toContain('frames rejected: oversize 1');
  });
});

describe('the bot on Discord with a stream of wrong prints (issue 18)', () => {
  it('GIVEN a repeated ×1.2 print, absurd prints and a print stamped a day ahead THEN nothing is posted, and a real level cross is posted after its print', async () => {
    const fake = await startFakeStreamer();
    cleanup.push(() => fake.close());
    const b = await startTestBot(tempDir(), { streamUrl: fake.url });
    cleanup.push(() => b.close());
    b.board.set('USDCNH', 7.204);
    await b.poll();
    expect(b.fake.messages).toEqual([]);
    await until(() => fake.subscribed().length === 4, 'the subscriptions after the first poll');
    const second = 1_000;
    b.clock.now = T + 40 * second;
    const wrong: { id: string; price: number; time: number }[] = [
      // ×1.2 repeated over 36 s: implausible at first, then held; never confirmed by the stream.
      ...Array.from({ length: 36 }, (_, i) => ({
        id: '^HSI',
        price: PREV.HSI * 1.2,
        time: T + (i + 1) * second,
      })),
      { id: '^N225', price: PREV.N225 * 1000, time: T + 2 * second },
      { id: '^N225', price: 3.4e38, time: T + 3 * second },
      // A real-looking print below the 7.20 level, stamped a day ahead.
      { id: 'CNH=X', price: 7.19, time: T + 24 * 60 * 60 * second },
    ];
    // One at a time, each judged before the next is pushed (every wrong print is counted as screened out).
    const screenedOut = () =>
      Object.values(b.monitor.screenCounts()).reduce(
        (sum, counts) => sum + Object.values(counts).reduce((a, n) => a + n, 0),
        0,
      );
    for (const [i, print] of wrong.entries()) {
      expect(fake.push(print)).toBe(true);
      await until(() => screenedOut() === i + 1, `wrong print ${String(i)} judged`);
    }
    expect(b.monitor.screenCounts()).toMatchObject({
      N225: { implausible: 2 },
      USDCNH: { aheadOfClock: 1 },
    });
    b.clock.now = T + 60 * second;
    await b.poll();
    expect(b.fake.messages).toEqual([]);
    expect(b.monitor.latestQuote('HSI')).toMatchObject({ price: PREV.HSI, time: b.clock.now });
    // A real cross below 7.20, streamed five seconds after the poll.
    b.clock.now = T + 65 * second;
    fake.push({ id: 'CNH=X', price: 7.1984, time: b.clock.now });
    const posted = await b.fake.waitFor(() => b.fake.messages[0], 'the level-cross post');
    const embeds = posted.payload.embeds as { title: string }[];
    expect(embeds.map((e) => e.title)).toEqual([
      expect.stringMatching(/^▼ USD\/CNH .* through 7\.2$/) as string,
    ]);
    expect(b.fake.messages).toHaveLength(1);
  }, 30_000);
});

describe('which streamer is dialled', () => {
  const config = makeConfig();
  it('GIVEN the shipped config polled from Yahoo itself THEN Yahoo’s streamer', () => {
    expect(streamUrl(config, { quotesReplaced: false }).url).toBe(
      'wss://streamer.finance.yahoo.com/?version=2',
    );
  });

  it.each([
    ['a replaced quote source', { quotesReplaced: true }],
    ['YAHOO_BASE_URL on a test server', { quotesReplaced: false, yahooBaseUrl: 'http://127.0.0.1:9' }],
  ])('GIVEN %s and no streaming.url THEN nothing is dialled', (_what, deps) => {
    expect(streamUrl(config, deps)).toMatchObject({
      url: null,
      why: expect.stringContaining('streaming.url'),
    });
  });

  it('GIVEN streaming.enabled false THEN nothing is dialled, even with a URL', () => {
    const off = makeConfig((d: any) => (d.streaming = { enabled: false, url: 'ws://127.0.0.1:9/' }));
    expect(streamUrl(off, { quotesReplaced: true })).toEqual({
      url: null,
      why: 'streaming.enabled is false',
    });
  });
});
