import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTask } from 'node-cron';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startBot } from '../../src/app/index.js';
import type { BotHandle } from '../../src/app/index.js';
import type { Scheduler } from '../../src/scheduler/scheduler.js';
import { PUBLIC_INSPECTION_ID } from '../../src/news/newsSources.js';
import { quoteBoard, T, testEnv } from '../support/botHarness.js';
import { startQuoteServer } from '../support/quoteServer.js';
import type { QuoteServer } from '../support/quoteServer.js';
import { silentLog } from '../support/silentLog.js';
import { useTempDirs } from '../support/tempDirs.js';

const tempDir = useTempDirs('first-sight-');
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const SECOND = 1_000;
const RSS = { 'content-type': 'application/rss+xml; charset=utf-8' };
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

interface Job {
  readonly cron: string;
  readonly timezone: string;
  tick(): Promise<void>;
}

/** A scheduler that runs nothing by itself and records the cron jobs the bot asks for. */
function recordingScheduler(): Scheduler & { readonly jobs: Job[] } {
  const jobs: Job[] = [];
  const idle = { stop: () => Promise.resolve() };
  return {
    jobs,
    cron(job) {
      jobs.push(job);
      return idle;
    },
    every: () => idle,
  };
}

const rss = (items: readonly { title: string; at: number; n: number }[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed</title><link>https://example.gov/</link><description>test</description>${items
    .map(
      (i) =>
        `<item><title>${i.title}</title><link>https://example.gov/n/${i.n}</link><guid>n-${i.n}</guid><pubDate>${new Date(i.at).toUTCString()}</pubDate></item>`,
    )
    .join('')}</channel></rss>`;

/** A desk listing of one presidential document filed at `at` (written with the Eastern offset, as the desk does). */
const desk = (title: string, at: number) =>
  JSON.stringify({
    count: 1,
    results: [
      {
        agencies: [
          {
            raw_name: 'EXECUTIVE OFFICE OF THE PRESIDENT',
            name: 'Executive Office of the President',
            slug: 'executive-office-of-the-president',
          },
        ],
        document_number: '2025-10199',
        filed_at: new Date(at - 4 * 3_600_000).toISOString().replace('Z', '-04:00'),
        filing_type: 'special',
        html_url: 'https://www.federalregister.gov/public-inspection/2025-10199/order',
        title,
        toc_subject: 'Trade',
        type: 'Presidential Document',
      },
    ],
  });

/**
 * The bot as shipped (config/bot.yaml: the news tick, every source and its interval), with each
 * source's URL pointed at a local server that lists one old item, and a clock that only the test moves.
 */
async function shippedBot() {
  const server = await startQuoteServer();
  cleanup.push(() => server.close());
  const data = parse(readFileSync('config/bot.yaml', 'utf8'));
  const feeds = (data.news.feeds as { id: string; url: string; enabled?: boolean }[]).map((f) => ({
    ...f,
    url: `${server.baseUrl}/feed/${f.id}`,
  }));
  data.news.feeds = feeds;
  data.news.publicInspection.url = `${server.baseUrl}/desk`;
  data.news.gdelt.baseUrl = server.baseUrl;
  for (const f of feeds)
    server.route(`/feed/${f.id}`, {
      headers: RSS,
      body: rss([{ title: 'Old notice', at: T - 86_400_000, n: 0 }]),
    });
  server.route('/desk', { headers: JSON_TYPE, body: '{"count":0,"results":[]}' });
  server.route('/api/v2/doc/doc', { headers: JSON_TYPE, body: '{}' });
  const dir = tempDir();
  writeFileSync(join(dir, 'bot.yaml'), stringify(data));
  const clock = { now: T };
  const scheduler = recordingScheduler();
  const bot = await startBot({
    env: testEnv({ CONFIG_PATH: join(dir, 'bot.yaml'), STATE_DB: join(dir, 'bot.db') }),
    now: () => clock.now,
    log: silentLog,
    quotes: quoteBoard(clock).source,
    scheduler,
    stdout: { write: () => true },
    version: '9.9.9',
  });
  cleanup.push(() => bot.stop());
  const newsJob = scheduler.jobs.find((j) => j.cron === data.news.schedule);
  if (!newsJob) throw new Error('the bot scheduled no job on news.schedule');
  // node-cron's own matcher says which seconds the shipped expression fires on; never started.
  const cron = createTask(newsJob.cron, () => undefined, { timezone: newsJob.timezone });
  cleanup.push(() => cron.destroy());
  return { bot, server, clock, feeds, newsJob, cron, data };
}

type Shipped = Awaited<ReturnType<typeof shippedBot>>;

/** Moves the clock a second at a time, running the news job whenever its expression fires, until `done`. */
async function runUntil(s: Shipped, done: () => boolean, limitMs: number): Promise<void> {
  const end = s.clock.now + limitMs;
  while (!done()) {
    if (s.clock.now >= end) throw new Error(`not done within ${limitMs / SECOND} s of simulated time`);
    s.clock.now += SECOND;
    if (s.cron.match(new Date(s.clock.now))) await s.newsJob.tick();
  }
}

const requestsTo = (server: QuoteServer, path: string) =>
  server.requests.filter((r) => r.path === path).length;
const eventTitled = (bot: BotHandle, title: string) =>
  bot.store.events(T - 86_400_000).some((e) => e.title === title);

/**
 * Waits for a poll of `path`, publishes a relevant headline just after it (stamped that moment), and
 * returns how long the bot took to turn it into an event.
 */
async function latencyOf(s: Shipped, path: string, publish: (at: number) => string, title: string) {
  const before = requestsTo(s.server, path);
  await runUntil(s, () => requestsTo(s.server, path) > before, 120 * SECOND);
  const appearedAt = s.clock.now;
  s.server.route(path, { headers: path === '/desk' ? JSON_TYPE : RSS, body: publish(appearedAt) });
  await runUntil(s, () => eventTitled(s.bot, title), 120 * SECOND);
  return s.clock.now - appearedAt;
}

describe('first sight with the shipped config', () => {
  it('GIVEN a relevant headline that appears just after a poll THEN it is an event within 30 s, on every feed and the desk', async () => {
    const s = await shippedBot();
    const enabled = s.feeds.filter((f) => f.enabled !== false);
    expect(enabled.length).toBeGreaterThanOrEqual(5);
    const latencies: Record<string, number> = {};
    for (const [k, feed] of enabled.entries()) {
      const title = `US raises tariffs on Chinese steel to ${41 + k}%`;
      latencies[feed.id] = await latencyOf(
        s,
        `/feed/${feed.id}`,
        (at) => rss([{ title, at, n: 1 + k }]),
        title,
      );
    }
    const order =
      "Further Modifying Reciprocal Tariff Rates To Reflect Ongoing Discussions With the People's Republic of China";
    latencies[PUBLIC_INSPECTION_ID] = await latencyOf(s, '/desk', (at) => desk(order, at), order);
    for (const [source, ms] of Object.entries(latencies)) {
      expect(ms, source).toBeLessThanOrEqual(30 * SECOND);
      expect(ms, source).toBeGreaterThan(0);
    }
  });

  it('GIVEN ten quiet minutes THEN each source is asked at its own pace: feeds about every 20 s, GDELT every minute', async () => {
    const s = await shippedBot();
    const start = s.clock.now;
    await runUntil(s, () => s.clock.now - start >= 600 * SECOND, 601 * SECOND);
    const paths: [string, number][] = [
      ...s.feeds.filter((f) => f.enabled !== false).map((f): [string, number] => [`/feed/${f.id}`, 20]),
      ['/desk', 20],
      ['/api/v2/doc/doc', 60],
    ];
    for (const [path, intervalSeconds] of paths) {
      const count = requestsTo(s.server, path);
      // Up to 10 % jitter comes off each interval, and a due source waits for the next 5 s tick.
      expect(count, path).toBeGreaterThanOrEqual(Math.floor(600 / (intervalSeconds + 5)));
      expect(count, path).toBeLessThanOrEqual(Math.floor(600 / (intervalSeconds * 0.9)) + 1);
    }
    for (const f of s.feeds.filter((f) => f.enabled === false))
      expect(requestsTo(s.server, `/feed/${f.id}`)).toBe(0);
  });
});
