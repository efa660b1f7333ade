/**
 * Memory over a month: the whole bot (startBot, with test/support/botHarness's quote board and
 * manual scheduler and a simulated clock) polled once a simulated minute for `--days` days
 * (default 30), the three shipped instruments on their real calendars following a random walk,
 * delivering to the fake Discord on 127.0.0.1, logged in. The fake runs in a child process so that
 * what it records is not counted. Prints RSS and heap at the start, after each simulated week and at
 * the end, each after a forced GC when run with --expose-gc (bench/run.ts does).
 */
import { execFileSync, fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { startBot } from '../src/app/index.js';
import { MINUTE, PREV, T, manualScheduler, quoteBoard, testEnv } from '../test/support/botHarness.js';
import { silentLog } from '../test/support/silentLog.js';
import { defaultConfigData } from '../test/support/testConfig.js';
import { round } from './measure.js';

/** Issue 21: the shipped config within 150 MB RSS, flat over 30 simulated days. */
const TARGET_RSS_MB = 150;
const MINUTES_PER_DAY = 24 * 60;
const WEEK_MINUTES = 7 * MINUTES_PER_DAY;
const SYMBOLS = Object.keys(PREV) as (keyof typeof PREV)[];

interface FakeDiscordInfo {
  readonly token: string;
  readonly apiBase: string;
  readonly channelId: string;
}

function reading(day: number) {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { day: round(day, 1), rssMb: round(rss / 2 ** 20, 1), heapUsedMb: round(heapUsed / 2 ** 20, 1) };
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (message) => {
      resolve(message as T);
    });
  });
}

async function startFakeDiscordProcess() {
  const fromTs = import.meta.url.endsWith('.ts');
  const file = fileURLToPath(
    new URL(fromTs ? './fakeDiscordProcess.ts' : './fakeDiscordProcess.js', import.meta.url),
  );
  const child = fork(file, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return { child, info: await nextMessage<FakeDiscordInfo>(child) };
}

/** The shipped config with the fake's channel and no news source (nothing beyond 127.0.0.1). */
function writeConfig(dir: string, channelId: string): string {
  const data = defaultConfigData() as {
    discord: { channelId: string };
    news: { feeds: unknown[]; gdelt: { enabled: boolean } };
  };
  data.discord.channelId = channelId;
  data.news.feeds = [];
  data.news.gdelt.enabled = false;
  const file = join(dir, 'bot.yaml');
  writeFileSync(file, stringify(data));
  return file;
}

async function startMonitoredBot(dir: string, fake: FakeDiscordInfo) {
  const clock = { now: T };
  const board = quoteBoard(clock);
  const env = testEnv({
    CONFIG_PATH: writeConfig(dir, fake.channelId),
    STATE_DB: join(dir, 'bot.db'),
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiBase,
  });
  const bot = await startBot({
    env,
    now: () => clock.now,
    log: silentLog,
    quotes: board.source,
    scheduler: manualScheduler(),
    version: 'bench',
  });
  if (!(await bot.discordReady) || !bot.discord)
    throw new Error('the bot did not log in to the fake Discord');
  return { bot, clock, board, delivery: bot.discord.delivery };
}

async function simulate(days: number, rig: Awaited<ReturnType<typeof startMonitoredBot>>) {
  let seed = 7;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648 - 0.5;
  const prices = new Map(SYMBOLS.map((s) => [s, PREV[s] as number]));
  const readings = [reading(0)];
  for (let minute = 1; minute <= days * MINUTES_PER_DAY; minute++) {
    rig.clock.now += MINUTE;
    for (const symbol of SYMBOLS) {
      const price = (prices.get(symbol) ?? 1) * (1 + rand() * 0.0006);
      prices.set(symbol, price);
      rig.board.set(symbol, price);
    }
    await rig.bot.poll();
    await rig.delivery.drain();
    if (minute % WEEK_MINUTES === 0 || minute === days * MINUTES_PER_DAY)
      readings.push(reading(minute / MINUTES_PER_DAY));
  }
  return readings;
}

/** The reference: a bare node process's RSS after a forced GC, measured now on this machine. */
function bareNodeRssMb(): number {
  const script = 'globalThis.gc?.(); process.stdout.write(String(process.memoryUsage().rss))';
  const rss = Number(execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' }));
  return round(rss / 2 ** 20, 1);
}

async function main() {
  const { values: flags } = parseArgs({
    options: { days: { type: 'string', default: '30' } },
    strict: false,
  });
  const days = Math.max(1, Number(flags.days) || 30);
  const dir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
  // Modules loaded, nothing started: what the code alone costs before the bot holds any state.
  const beforeStart = reading(0);
  const { child, info } = await startFakeDiscordProcess();
  const rig = await startMonitoredBot(dir, info);
  try {
    const started = process.hrtime.bigint();
    const readings = await simulate(days, rig);
    const rss = readings.map((r) => r.rssMb);
    child.send('count');
    const { messages } = await nextMessage<{ messages: number }>(child);
    return {
      instruments: SYMBOLS.length,
      simulatedDays: days,
      polls: days * MINUTES_PER_DAY,
      discordLoggedIn: true,
      discordMessages: messages,
      seconds: round(Number(process.hrtime.bigint() - started) / 1e9, 1),
      forcedGc: typeof (globalThis as { gc?: unknown }).gc === 'function',
      bareNodeRssMb: bareNodeRssMb(),
      beforeStartRssMb: beforeStart.rssMb,
      readings,
      rssFirstWeekToEndMb: round((rss.at(-1) ?? 0) - (rss[1] ?? 0), 1),
      peakRssMb: Math.max(...rss),
      targetRssMb: TARGET_RSS_MB,
      meetsTarget: Math.max(...rss) <= TARGET_RSS_MB,
    };
  } finally {
    await rig.bot.stop();
    child.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.stdout.write(`${JSON.stringify(await main(), null, 2)}\n`);
