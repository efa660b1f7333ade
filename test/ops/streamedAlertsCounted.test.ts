import { join } from 'node:path';
import axios from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot } from '../../src/app/index.js';
import { manualScheduler, PREV, quoteBoard, T, testEnv } from '../support/botHarness.js';
import { startFakeStreamer } from '../support/fakeStreamer.js';
import { silentLog } from '../support/silentLog.js';
import { useTempDirs } from '../support/tempDirs.js';
import { writeAlwaysOpenConfig } from '../support/testConfig.js';

const tempDir = useTempDirs('alerts-counted-');
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** Waits on a condition the bot makes true; the deadline only stops a hung test. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The sum of mrb_alerts_total over its labels, as Prometheus would scrape it. */
async function alertsTotal(port: number): Promise<number> {
  const res = await axios.get<string>(`http://127.0.0.1:${port}/metrics`, { responseType: 'text' });
  return res.data
    .split('\n')
    .filter((l) => l.startsWith('mrb_alerts_total{'))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

describe('mrb_alerts_total', () => {
  it('GIVEN alerts decided from the stream and from polls THEN each recorded alert is counted once', async () => {
    const fake = await startFakeStreamer();
    cleanup.push(() => fake.close());
    const dir = tempDir();
    const clock = { now: T };
    const board = quoteBoard(clock);
    const bot = await startBot({
      env: testEnv({
        CONFIG_PATH: writeAlwaysOpenConfig(dir, (d) => (d.streaming = { url: fake.url })),
        STATE_DB: join(dir, 'bot.db'),
        HTTP_PORT: '0',
      }),
      now: () => clock.now,
      log: silentLog,
      quotes: board.source,
      scheduler: manualScheduler(),
      stdout: { write: () => true },
      version: '0.0.0',
    });
    cleanup.push(() => bot.stop());
    const port = bot.httpPort ?? 0;
    await bot.poll();
    await until(() => fake.subscribed().includes('^HSI'), 'the subscription after the first poll');
    clock.now += 5_000;
    fake.push({ id: '^HSI', price: PREV.HSI * 0.97, time: clock.now });
    await until(() => bot.store.recentAlerts(50).length > 0, 'the streamed alert');
    const streamed = bot.store.recentAlerts(50).length;
    expect(await alertsTotal(port)).toBe(streamed);
    // A poll that sees a further fall adds its own alerts, counted on top.
    clock.now += 55_000;
    board.set('N225', PREV.N225 * 0.95);
    await bot.poll();
    const recorded = bot.store.recentAlerts(50).length;
    expect(recorded).toBeGreaterThan(streamed);
    expect(await alertsTotal(port)).toBe(recorded);
  });
});
