import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BotStartError, startBot } from '../../src/app/index.js';
import { writeFileAtomic } from '../../src/config/writeFileAtomic.js';
import { DEFAULT_BACKOFF } from '../../src/discord/delivery.js';
import type { BotHandle } from '../../src/app/index.js';
import { createLogger } from '../../src/log.js';
import { openStore } from '../../src/store/openStore.js';
import { liveHsiChart } from '../support/fixtures.js';
import { manualScheduler, testEnv } from '../support/botHarness.js';
import { startFakeDiscord } from '../support/fakeDiscord/index.js';
import type { FakeDiscord } from '../support/fakeDiscord/index.js';
import { startGatewayDoor } from '../support/gatewayDoor.js';
import { startQuoteServer } from '../support/quoteServer.js';
import type { QuoteServer } from '../support/quoteServer.js';
import { silentLog } from '../support/silentLog.js';
import { useTempDirs } from '../support/tempDirs.js';
import { writeAlwaysOpenConfig } from '../support/testConfig.js';

const PREV_CLOSE = 23_289.77;
const tempDir = useTempDirs('bot-');
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** The recorded HSI response moved to the present, 2% below the previous close. */
function liveChart(now: number): unknown {
  const body = liveHsiChart(now);
  const result = body.chart.result[0];
  result.meta.regularMarketPrice = Math.round(PREV_CLOSE * 0.98 * 100) / 100;
  result.meta.chartPreviousClose = PREV_CLOSE;
  return body;
}

const writeConfig = writeAlwaysOpenConfig;

async function quoteServer(): Promise<QuoteServer> {
  const server = await startQuoteServer();
  cleanup.push(() => server.close());
  server.route('/v8/finance/chart/%5EHSI', { body: liveChart(Date.now()) });
  return server;
}

async function fakeDiscord(): Promise<FakeDiscord> {
  const fake = await startFakeDiscord();
  cleanup.push(() => fake.close());
  return fake;
}

/** A bot on the real provider chain (against the local server), real clock, manual schedule. */
async function start(vars: Record<string, string>, stdout?: { write(text: string): unknown }) {
  const bot = await startBot({
    env: testEnv(vars),
    now: Date.now,
    log: silentLog,
    scheduler: manualScheduler(),
    version: '1.2.3',
    ...(stdout ? { stdout } : {}),
  });
  cleanup.push(() => bot.stop());
  return bot;
}

describe('startBot in console mode', () => {
  it('GIVEN a 2% fall THEN one poll prints the alert once, and a restart on the same state does not repeat it', async () => {
    const server = await quoteServer();
    const dir = tempDir();
    const vars = {
      CONFIG_PATH: writeConfig(dir),
      STATE_DB: join(dir, 'bot.db'),
      YAHOO_BASE_URL: server.baseUrl,
    };
    let printed = '';
    const first = await start(vars, { write: (text: string) => (printed += text) });
    expect(first.output).toBe('console');
    await first.poll();
    await first.poll();
    expect(printed.match(/▼ Hang Seng Index \(HSI\) -2\.00% vs previous close/g)).toHaveLength(1);
    expect(server.requests[0]?.headers['user-agent']).toMatch(/^Mozilla\/5\.0/);
    // The recorded bars before the quote also make it a windowed move.
    const recorded = first.store.recentAlerts(5).map((a) => `${a.symbol}:${a.rule}:${a.severity}`);
    expect(recorded.sort()).toEqual(['HSI:dayMove:2', 'HSI:windowMove:1']);
    await first.stop();

    printed = '';
    const second = await start(vars, { write: (text: string) => (printed += text) });
    await second.poll();
    expect(second.monitor.lastPollAt()).not.toBeNull();
    expect(printed).toBe('');
  });

  it('GIVEN stop() during a poll THEN the poll finishes first, a second stop is harmless, later polls do nothing', async () => {
    const server = await quoteServer();
    const dir = tempDir();
    const vars = {
      CONFIG_PATH: writeConfig(dir),
      STATE_DB: join(dir, 'bot.db'),
      YAHOO_BASE_URL: server.baseUrl,
    };
    const bot = await start(vars, { write: () => true });
    const polling = bot.poll();
    await Promise.all([bot.stop(), bot.stop()]);
    // The poll completed and was recorded before the store closed.
    await polling;
    expect(bot.monitor.lastPollAt()).not.toBeNull();
    await expect(bot.poll()).resolves.toBeUndefined();
    expect(() => bot.store.recentAlerts(1)).toThrow();
  });

  it('GIVEN an invalid config THEN a BotStartError lists the problem and nothing stays open', async () => {
    const dir = tempDir();
    const configPath = writeConfig(dir, (data) => (data.alerting.holdPolls = 0));
    const attempt = start({ CONFIG_PATH: configPath, STATE_DB: join(dir, 'bot.db') });
    await expect(attempt).rejects.toBeInstanceOf(BotStartError);
    await expect(attempt).rejects.toThrow(/alerting\.holdPolls/);
  });

  it('GIVEN a state database path under a file THEN the error names STATE_DB', async () => {
    const dir = tempDir();
    const attempt = start({ CONFIG_PATH: writeConfig(dir), STATE_DB: join(dir, 'bot.yaml', 'bot.db') });
    await expect(attempt).rejects.toThrow(/check STATE_DB/);
  });
});

describe('startBot on Discord', () => {
  it('GIVEN a token Discord refuses (401) THEN monitoring started, then the bot stops itself with a one-line BotStartError', async () => {
    const fake = await fakeDiscord();
    const server = await quoteServer();
    const dir = tempDir();
    const bot = await start({
      CONFIG_PATH: writeConfig(dir),
      STATE_DB: join(dir, 'bot.db'),
      YAHOO_BASE_URL: server.baseUrl,
      DISCORD_TOKEN: 'not-the-token',
      DISCORD_API_URL: fake.apiBase,
      DISCORD_CHANNEL_ID: fake.guild.alertChannelId,
    });
    const failure = await bot.fatal;
    expect(failure).toBeInstanceOf(BotStartError);
    expect(failure.message).toMatch(/^Discord login failed: .*Check DISCORD_TOKEN/);
    expect(failure.message).not.toContain('\n');
    await expect(bot.discordReady).rejects.toThrow(/Check DISCORD_TOKEN/);
    // A refused token is not an outage: no retry.
    expect(fake.requests.filter((r) => r.path.endsWith('/gateway/bot'))).toHaveLength(1);
    expect(() => bot.store.recentAlerts(1)).toThrow();
  });

  it('GIVEN a broken hand edit of the config THEN it is posted once and not applied', async () => {
    const fake = await fakeDiscord();
    const dir = tempDir();
    const configPath = writeConfig(dir, (data) => (data.discord.channelId = fake.guild.alertChannelId));
    const lines: string[] = [];
    const log = createLogger({ level: 'info', stream: { write: (l: string) => lines.push(l) } });
    const bot = await startBot({
      env: testEnv({
        CONFIG_PATH: configPath,
        STATE_DB: join(dir, 'bot.db'),
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiBase,
      }),
      now: Date.now,
      log,
      scheduler: manualScheduler(),
    });
    cleanup.push(() => bot.stop());
    expect(bot.output).toBe('discord bot');
    const broken = readFileSync(configPath, 'utf8').replace('holdPolls: 1', 'holdPolls: 0');
    writeFileSync(configPath, broken);
    await fake.waitFor(() => fake.messages.length > 0, 'the notice');
    expect(bot.config.current().alerting.holdPolls).toBe(1);
    // A valid save afterwards: once it is applied, every event of the broken save has been judged.
    await writeFileAtomic(configPath, broken.replace('holdPolls: 0', 'holdPolls: 2'));
    await fake.waitFor(() => bot.config.current().alerting.holdPolls === 2, 'the valid edit applied');
    const notices = fake.messages.filter((m) => String(m.payload.content).includes('config was rejected'));
    expect(notices).toHaveLength(1);
    expect(String(notices[0]?.payload.content)).toContain('alerting.holdPolls');
    expect(lines.join('')).not.toContain(fake.token);
  });

  it('GIVEN a feed with a relevant headline THEN a news tick opens an event and its reaction report is posted once', async () => {
    const fake = await fakeDiscord();
    const server = await quoteServer();
    const published = new Date(Date.now() - 60_000).toUTCString();
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
      <item><title>China accuses US of serious trade truce breach, threatens firm response</title>
      <link>https://example.org/story</link><pubDate>${published}</pubDate></item>
      <item><title>Local weather: sunny</title><link>https://example.org/w</link><pubDate>${published}</pubDate></item>
      </channel></rss>`;
    server.route('/feed.xml', { headers: { 'content-type': 'application/rss+xml' }, body: rss });
    const dir = tempDir();
    const configPath = writeConfig(dir, (data) => {
      data.discord.channelId = fake.guild.alertChannelId;
      data.news.feeds = [{ id: 'wire', url: `${server.baseUrl}/feed.xml` }];
    });
    const bot: BotHandle = await start({
      CONFIG_PATH: configPath,
      STATE_DB: join(dir, 'bot.db'),
      YAHOO_BASE_URL: server.baseUrl,
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiBase,
    });
    await bot.newsTick();
    await bot.poll();
    await bot.newsTick();
    await bot.poll();
    const reports = fake.messages.filter((m) => JSON.stringify(m.payload.embeds).includes('📰'));
    expect(reports).toHaveLength(1);
    const [embed] = reports[0]?.payload.embeds as { title: string; url: string; description: string }[];
    expect(embed?.title).toBe('📰 China accuses US of serious trade truce breach, threatens firm response');
    expect(embed?.url).toBe('https://example.org/story');
    expect(embed?.description).toMatch(/^Reaction since <t:\d+:f>\nMatched: /);
    expect(bot.monitor.events().some((e) => e.title.startsWith('China accuses US'))).toBe(true);
    expect(fake.validationErrors).toEqual([]);
  });
});

/** Pino lines at warn (40) as parsed objects. */
function captureLog() {
  const lines: { level: number; msg: string }[] = [];
  const log = createLogger({
    level: 'info',
    stream: { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) },
  });
  return { log, warnings: () => lines.filter((l) => l.level === 40).map((l) => l.msg) };
}

describe('startBot while Discord is down', () => {
  async function startOnDiscord(fake: FakeDiscord, log = silentLog, now = Date.now) {
    const server = await quoteServer();
    const dir = tempDir();
    const bot = await startBot({
      env: testEnv({
        CONFIG_PATH: writeConfig(dir, (data) => (data.discord.channelId = fake.guild.alertChannelId)),
        STATE_DB: join(dir, 'bot.db'),
        YAHOO_BASE_URL: server.baseUrl,
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiBase,
      }),
      now,
      log,
      scheduler: manualScheduler(),
    });
    cleanup.push(() => bot.stop());
    return bot;
  }

  it('GIVEN /gateway/bot answering 503 THEN a poll records and queues the alert at once, and it goes out when Discord is back', async () => {
    const fake = await fakeDiscord();
    fake.setDown(true);
    const { log, warnings } = captureLog();
    // The bot's clock, moved past the outbox's retry delay instead of waiting it out.
    let skewMs = 0;
    const bot = await startOnDiscord(fake, log, () => Date.now() + skewMs);
    expect(bot.client).toBeNull();
    await bot.poll();
    expect(bot.store.recentAlerts(5).map((a) => a.rule)).toContain('dayMove');
    expect(bot.store.pendingCount()).toBe(1);
    expect(fake.messages).toEqual([]);
    expect(warnings()).toContain(
      'Discord login failed; retrying. Monitoring goes on and alerts queue until Discord answers',
    );

    fake.setDown(false);
    const client = await bot.discordReady;
    expect(client?.isReady()).toBe(true);
    expect(bot.client).toBe(client);
    skewMs += DEFAULT_BACKOFF.initialMs;
    await bot.discord?.delivery.drain();
    expect(fake.messages).toHaveLength(1);
    expect(bot.store.pendingCount()).toBe(0);
  });

  it('GIVEN the gateway refusing connections THEN alerts still go out through the REST API, attempts back off, and commands come with the gateway', async () => {
    const fake = await fakeDiscord();
    const door = await startGatewayDoor(fake, 'refuse');
    cleanup.push(() => door.close());
    const bot = await startOnDiscord(fake);
    await bot.poll();
    expect(fake.messages).toHaveLength(1);
    expect(bot.client).toBeNull();

    await fake.waitFor(() => door.attempts.length === 1, 'a first gateway attempt');
    door.setMode('open');
    const client = await bot.discordReady;
    expect(client?.isReady()).toBe(true);
    // discord.js alone tries again 0.5 s after the refusal; the backoff adds 0.8 to 1 s. A lower
    // bound only: the refusal happens as the first attempt is recorded, and timers never fire early.
    const [first = 0, second = 0] = door.attempts;
    expect(door.attempts).toHaveLength(2);
    expect(second - first).toBeGreaterThanOrEqual(1_300);
    fake.dispatchInteraction(fake.chatInputInteraction({ name: 'status' }));
    const reply = await fake.waitFor(() => fake.interactionResponses[0], 'the /status answer');
    expect(reply.type).toBe(4);
  });

  it('GIVEN a gateway close THEN the disconnect and the resume are logged at warn', async () => {
    const fake = await fakeDiscord();
    const { log, warnings } = captureLog();
    const bot = await startOnDiscord(fake, log);
    await bot.discordReady;
    fake.disconnectGateway(4000);
    await fake.waitFor(() => fake.resumes === 1, 'resume');
    await fake.waitFor(() => warnings().includes('Discord gateway resumed'), 'the resume line');
    expect(warnings()).toContain(
      'Discord gateway connection lost; reconnecting with backoff (alerts still go out through the REST API)',
    );
  });
});

describe('startBot on a damaged state database', () => {
  it('GIVEN a file with two overwritten pages in the middle THEN a one-line BotStartError names the file and what to do', async () => {
    const dir = tempDir();
    const path = join(dir, 'bot.db');
    const store = openStore(path);
    store.appendBars(
      'HSI',
      Array.from({ length: 4_000 }, (_, i) => ({ time: i * 60_000, price: 20_000 + i })),
    );
    store.close();
    const pageSize = 4096; // SQLite's default
    const middlePage = Math.floor(statSync(path).size / pageSize / 2);
    const fd = openSync(path, 'r+');
    writeSync(fd, randomBytes(2 * pageSize), 0, 2 * pageSize, middlePage * pageSize);
    closeSync(fd);

    const attempt = start({ CONFIG_PATH: writeConfig(dir), STATE_DB: path });
    await expect(attempt).rejects.toBeInstanceOf(BotStartError);
    const message = await attempt.catch((err: unknown) => (err as Error).message);
    expect(message).toContain(path);
    expect(message).toMatch(/damaged/);
    expect(message).not.toContain('\n');
  });
});
