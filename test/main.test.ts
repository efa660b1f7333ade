import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { openStore } from '../src/store/openStore.js';
import { fixtureJson } from './support/fixtures.js';
import { startFakeDiscord } from './support/fakeDiscord/index.js';
import type { FakeDiscord } from './support/fakeDiscord/index.js';
import { startQuoteServer } from './support/quoteServer.js';
import type { QuoteServer } from './support/quoteServer.js';

const PREV_CLOSE = 23_289.77;

/** The recorded HSI response moved to the present, 2% below the previous close. */
function liveChart(now: number): unknown {
  const body = fixtureJson('yahoo/hsi-2025-06-02.json') as any;
  const result = body.chart.result[0];
  const last = result.timestamp.at(-1) as number;
  const shift = Math.floor(now / 1000) - 10 - last;
  result.timestamp = result.timestamp.map((t: number) => t + shift);
  result.meta.regularMarketTime = last + shift;
  result.meta.regularMarketPrice = Math.round(PREV_CLOSE * 0.98 * 100) / 100;
  result.meta.chartPreviousClose = PREV_CLOSE;
  return body;
}

/** The shipped config, polling every second, watching HSI on a market that is always open. */
function writeConfig(dir: string): string {
  const data = parse(readFileSync('config/bot.yaml', 'utf8'));
  data.schedule.cron = '* * * * * *';
  data.markets.ALWAYS = {
    type: 'continuous',
    timezone: 'UTC',
    opens: { day: 'sunday', time: '00:00' },
    closes: { day: 'saturday', time: '23:59' },
  };
  data.instruments = [{ ...data.instruments[0], market: 'ALWAYS' }];
  const file = join(dir, 'bot.yaml');
  writeFileSync(file, stringify(data));
  return file;
}

interface Run {
  code: number | null;
  stdout: string;
}

/** Starts the bot, waits until `ready(stdout)` holds, then sends SIGTERM and waits for the exit. */
function runBot(env: Record<string, string>, ready: (out: string) => boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, ...env },
    });
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bot did not get ready; output so far:\n${stdout}`));
    }, 20_000);
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (ready(stdout) && !child.killed) child.kill('SIGTERM');
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout });
    });
  });
}

describe('the live bot (src/main.ts)', () => {
  let server: QuoteServer;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startQuoteServer();
    server.route('/v8/finance/chart/%5EHSI', { body: liveChart(Date.now()) });
    dir = mkdtempSync(join(tmpdir(), 'main-'));
    env = {
      CONFIG_PATH: writeConfig(dir),
      STATE_DB: join(dir, 'bot.db'),
      YAHOO_BASE_URL: server.baseUrl,
      LOG_PRETTY: '0',
      LOG_LEVEL: 'debug',
      TWELVEDATA_API_KEY: '',
    };
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN a 2% fall THEN it polls, alerts once, and stops cleanly on SIGTERM', async () => {
    const run = await runBot(env, (out) => (out.match(/"msg":"poll done"/g) ?? []).length >= 2);
    expect(run.code).toBe(0);
    const alertLines = run.stdout
      .split('\n')
      .filter((l) => l.includes('▼ Hang Seng Index (HSI) -2.00% vs previous close'));
    expect(alertLines).toHaveLength(1);
    expect(run.stdout).toContain('"msg":"bot started"');
    expect(run.stdout).toContain('"msg":"stopped"');
    expect(server.requests[0]?.headers['user-agent']).toMatch(/^Mozilla\/5\.0/);
    const store = openStore(env.STATE_DB ?? '');
    // The recorded bars before the quote also make it a windowed move.
    const recorded = store.recentAlerts(5).map((a) => `${a.symbol}:${a.rule}:${a.severity}`);
    expect(recorded.sort()).toEqual(['HSI:dayMove:2', 'HSI:windowMove:1']);
    store.close();
  });

  it('GIVEN a restart on the same state THEN the same quote is not alerted again', async () => {
    const run = await runBot(env, (out) => out.includes('"msg":"poll done"'));
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('Hang Seng Index (HSI) -2.00%');
  });

  it('GIVEN an invalid config THEN it exits 1 listing the problem, without a stack trace', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(env.CONFIG_PATH ?? '', 'utf8').replace('holdPolls: 1', 'holdPolls: 0'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, ...env, CONFIG_PATH: bad },
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('alerting.holdPolls');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

/** The environment of a bot on the fake Discord, quoting from the local server, logging every poll. */
function discordBotEnv(dir: string, configPath: string, server: QuoteServer, fake: FakeDiscord) {
  return {
    CONFIG_PATH: configPath,
    STATE_DB: join(dir, 'bot.db'),
    YAHOO_BASE_URL: server.baseUrl,
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiBase,
    LOG_PRETTY: '0',
    LOG_LEVEL: 'debug',
  };
}

describe('the live bot on Discord', () => {
  it('GIVEN a token THEN it logs in, and a broken hand edit of the config is posted once and not applied', async () => {
    const fake = await startFakeDiscord();
    const server = await startQuoteServer();
    server.route('/v8/finance/chart/%5EHSI', { body: liveChart(Date.now()) });
    const dir = mkdtempSync(join(tmpdir(), 'main-discord-'));
    const configPath = writeConfig(dir);
    writeFileSync(
      configPath,
      readFileSync(configPath, 'utf8').replace(
        /^ {2}channelId: null$/m,
        `  channelId: '${fake.guild.alertChannelId}'`,
      ),
    );
    const env = discordBotEnv(dir, configPath, server, fake);
    let secondWriteAt = Infinity;
    const run = await runBot(env, (out) => {
      if (out.includes('"msg":"Discord ready"') && secondWriteAt === Infinity) {
        const broken = readFileSync(configPath, 'utf8').replace('holdPolls: 1', 'holdPolls: 0');
        writeFileSync(configPath, broken);
        secondWriteAt = Date.now() + 500;
        setTimeout(() => {
          writeFileSync(configPath, broken);
        }, 500);
      }
      // Debug logs print every second, so this is re-checked until the repeat write has been seen.
      return Date.now() > secondWriteAt + 1_500 && fake.messages.length > 0;
    });
    try {
      expect(run.code).toBe(0);
      const notices = fake.messages.filter((m) => String(m.payload.content).includes('config was rejected'));
      expect(notices).toHaveLength(1);
      expect(String(notices[0]?.payload.content)).toContain('alerting.holdPolls');
      expect(run.stdout).not.toContain('"msg":"config applied"');
      expect(run.stdout).not.toContain(fake.token);
    } finally {
      await fake.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('GIVEN a feed with a relevant headline THEN an event opens and its reaction report is posted once', async () => {
    const fake = await startFakeDiscord();
    const server = await startQuoteServer();
    server.route('/v8/finance/chart/%5EHSI', { body: liveChart(Date.now()) });
    const published = new Date(Date.now() - 60_000).toUTCString();
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
      <item><title>China accuses US of serious trade truce breach, threatens firm response</title>
      <link>https://example.org/story</link><pubDate>${published}</pubDate></item>
      <item><title>Local weather: sunny</title><link>https://example.org/w</link><pubDate>${published}</pubDate></item>
      </channel></rss>`;
    server.route('/feed.xml', { headers: { 'content-type': 'application/rss+xml' }, body: rss });
    const dir = mkdtempSync(join(tmpdir(), 'main-news-'));
    const configPath = writeConfig(dir);
    const data = parse(readFileSync(configPath, 'utf8'));
    data.discord.channelId = fake.guild.alertChannelId;
    data.news = { schedule: '* * * * * *', feeds: [{ id: 'wire', url: `${server.baseUrl}/feed.xml` }] };
    writeFileSync(configPath, stringify(data));
    const env = discordBotEnv(dir, configPath, server, fake);
    const reports = () => fake.messages.filter((m) => JSON.stringify(m.payload.embeds).includes('📰'));
    let seenAt = Infinity;
    const run = await runBot(env, (out) => {
      if (reports().length > 0 && seenAt === Infinity) seenAt = Date.now();
      return Date.now() > seenAt + 2_500 && out.includes('"msg":"poll done"');
    });
    try {
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('"msg":"trade-news event"');
      expect(reports()).toHaveLength(1);
      const embed = (
        reports()[0]?.payload.embeds as { title: string; url: string; description: string }[]
      )[0];
      expect(embed?.title).toBe('📰 China accuses US of serious trade truce breach, threatens firm response');
      expect(embed?.url).toBe('https://example.org/story');
      expect(embed?.description).toContain('Matched: trade truce');
      expect(fake.validationErrors).toEqual([]);
    } finally {
      await fake.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
