import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot } from '../../src/bot.js';
import type { BotHandle } from '../../src/bot.js';
import { streamLine } from '../../src/discord/commands/statusCommand.js';
import { streamUrl } from '../../src/stream/startStreaming.js';
import { manualScheduler, PREV, quoteBoard, T, testEnv } from '../support/botHarness.js';
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

async function streamingBot(fake: FakeStreamer) {
  const dir = tempDir();
  const clock = { now: T };
  const board = quoteBoard(clock);
  const stdout: string[] = [];
  const configPath = writeAlwaysOpenConfig(dir, (d) => (d.streaming = { url: fake.url }));
  const bot: BotHandle = await startBot({
    env: testEnv({ CONFIG_PATH: configPath, STATE_DB: join(dir, 'bot.db') }),
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
    expect(bot.monitor.streamState()).toMatchObject({
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

describe('/status live stream line', () => {
  const base = {
    subscribed: ['^HSI'],
    updatesPerMinute: 12,
    updatesTotal: 40,
    lastUpdateAgeMs: 3_000,
    reconnects: 1,
    consecutiveFailures: 0,
    down: false,
    lastError: null,
  };
  it('GIVEN no stream THEN off', () => {
    expect(streamLine(null)).toBe('off (polling only)');
  });
  it('GIVEN a connected stream THEN symbols, rate, age and reconnects', () => {
    expect(streamLine({ ...base, connected: true })).toBe('✅ ^HSI · 12/min · last 3 s ago · 1 reconnect');
  });
  it('GIVEN a failing stream THEN down, failures and the last error', () => {
    const line = streamLine({
      ...base,
      connected: false,
      consecutiveFailures: 4,
      down: true,
      lastError: 'Unexpected server response: 503',
    });
    expect(line).toBe(
      '⚠️ down after 4 failures, retrying · last 3 s ago · last error: Unexpected server response: 503',
    );
  });
});
