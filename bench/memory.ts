/**
 * Memory over a month: the whole bot (startBot, with test/support/botRig's quote board and
 * manual scheduler and a simulated clock) polled once a simulated minute for `--days` days
 * (default 30), the shipped instruments on their real calendars following a random walk,
 * delivering to the fake Discord on 127.0.0.1, logged in, charts on. The fake runs in a child
 * process and is not imported here, so neither its code nor what it records is counted. bench/run.ts
 * runs this with --expose-gc and the node options of `npm start`, so each reading is the bot's
 * process as shipped, after a forced GC: a bare node process (the reference, measured now with the
 * same options), the modules loaded, the bot started, day 1, each simulated week and the end, each
 * at rest (the poll's charts drawn and sent), and the high-water mark of the whole run.
 */
import { execFileSync, fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { startBot } from '../src/app/index.js';
import { MINUTE, PREV, T, manualScheduler, quoteBoard, testEnv } from '../test/support/botRig.js';
import { silentLog } from '../test/support/silentLog.js';
import { defaultConfigData } from '../test/support/testConfig.js';
import { round } from './measure.js';

/** Issue 21: the shipped config within 150 MB RSS, flat over 30 simulated days. */
const TARGET_RSS_MB = 150;
/** Flat: RSS from the first week on rises by at most this much a week (least squares). */
const FLAT_MB_PER_WEEK = 2;
const MINUTES_PER_DAY = 24 * 60;
const WEEK_MINUTES = 7 * MINUTES_PER_DAY;
const SYMBOLS = Object.keys(PREV) as (keyof typeof PREV)[];

interface FakeDiscordInfo {
  readonly token: string;
  readonly apiBase: string;
  readonly channelId: string;
}

/** Anonymous and file-backed resident memory (Linux); the file part is mostly node's own binary. */
function residentParts() {
  const status = '/proc/self/status';
  if (!existsSync(status)) return {};
  const text = readFileSync(status, 'utf8');
  const mb = (key: string) => round(Number(new RegExp(`${key}:\\s+(\\d+)`).exec(text)?.[1] ?? NaN) / 1024, 1);
  return { anonMb: mb('RssAnon'), fileMb: mb('RssFile'), highWaterMarkMb: mb('VmHWM') };
}

function reading(label: string, day: number) {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return {
    label,
    day: round(day, 1),
    rssMb: round(rss / 2 ** 20, 1),
    heapUsedMb: round(heapUsed / 2 ** 20, 1),
    ...residentParts(),
    load1: round(loadavg()[0] ?? NaN, 2),
  };
}

type Reading = ReturnType<typeof reading>;

/** Least-squares slope of RSS over the readings from day 7 on, in MB per week; 0 with fewer than two. */
function weeklySlopeMb(readings: readonly Reading[]): number {
  const late = readings.filter((r) => r.day >= 7);
  if (late.length < 2) return 0;
  const meanDay = late.reduce((sum, r) => sum + r.day, 0) / late.length;
  const meanRss = late.reduce((sum, r) => sum + r.rssMb, 0) / late.length;
  const covariance = late.reduce((sum, r) => sum + (r.day - meanDay) * (r.rssMb - meanRss), 0);
  const variance = late.reduce((sum, r) => sum + (r.day - meanDay) ** 2, 0);
  return round((covariance / variance) * 7, 2);
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
  return { bot, clock, board, delivery: bot.discord.delivery, discord: bot.discord };
}

async function simulate(days: number, rig: Awaited<ReturnType<typeof startMonitoredBot>>) {
  let seed = 7;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648 - 0.5;
  const prices = new Map(SYMBOLS.map((s) => [s, PREV[s] as number]));
  const readings: Reading[] = [];
  for (let minute = 1; minute <= days * MINUTES_PER_DAY; minute++) {
    rig.clock.now += MINUTE;
    for (const symbol of SYMBOLS) {
      const price = (prices.get(symbol) ?? 1) * (1 + rand() * 0.0006);
      prices.set(symbol, price);
      rig.board.set(symbol, price);
    }
    await rig.bot.poll();
    await rig.delivery.drain();
    if (minute === MINUTES_PER_DAY || minute % WEEK_MINUTES === 0 || minute === days * MINUTES_PER_DAY) {
      // At rest, as a live bot is between polls: this minute's charts drawn and their edits sent.
      await rig.discord.settle();
      readings.push(reading(`day ${minute / MINUTES_PER_DAY}`, minute / MINUTES_PER_DAY));
    }
  }
  return readings;
}

/** The reference: a bare node process's RSS after a forced GC, with this process's options, now. */
function bareNodeRssMb(): number {
  const script = 'globalThis.gc?.(); process.stdout.write(String(process.memoryUsage().rss))';
  const options = [...new Set(['--expose-gc', ...process.execArgv])];
  const rss = Number(execFileSync(process.execPath, [...options, '-e', script], { encoding: 'utf8' }));
  return round(rss / 2 ** 20, 1);
}

async function main() {
  const { values: flags } = parseArgs({
    options: { days: { type: 'string', default: '30' } },
    strict: false,
  });
  const days = Math.max(1, Number(flags.days) || 30);
  const dir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
  const bare = {
    label: 'bare node (reference)',
    rssMb: bareNodeRssMb(),
    load1: round(loadavg()[0] ?? NaN, 2),
  };
  // Modules loaded, nothing started: what the code alone costs before the bot holds any state.
  const loaded = reading('modules loaded', 0);
  const { child, info } = await startFakeDiscordProcess();
  const rig = await startMonitoredBot(dir, info);
  try {
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    const readings = [loaded, reading('bot started', 0), ...(await simulate(days, rig))];
    const cpu = process.cpuUsage(cpuBefore);
    const running = readings.slice(1).map((r) => r.rssMb);
    child.send('count');
    const { messages } = await nextMessage<{ messages: number }>(child);
    const peakRssMb = Math.max(...running);
    const slope = weeklySlopeMb(readings);
    const flat = slope <= FLAT_MB_PER_WEEK;
    return {
      instruments: SYMBOLS.length,
      simulatedDays: days,
      polls: days * MINUTES_PER_DAY,
      discordLoggedIn: true,
      discordMessages: messages,
      seconds: round(Number(process.hrtime.bigint() - started) / 1e9, 1),
      cpuSeconds: round((cpu.user + cpu.system) / 1e6, 1),
      nodeOptions: process.execArgv,
      forcedGc: typeof (globalThis as { gc?: unknown }).gc === 'function',
      reference: bare,
      readings,
      peakRssMb,
      peakOverBareNodeMb: round(peakRssMb - bare.rssMb, 1),
      // The most ever resident, at any moment (module loading, a render in flight, before a GC).
      highWaterMarkMb: readings.at(-1)?.highWaterMarkMb ?? null,
      rssSlopeFromDay7MbPerWeek: slope,
      targetRssMb: TARGET_RSS_MB,
      flat,
      meetsTarget: peakRssMb <= TARGET_RSS_MB && flat,
      verdict: `peak at rest ${peakRssMb} MB (bare node ${bare.rssMb} MB) against ${TARGET_RSS_MB} MB, ${slope} MB a week from day 7: ${peakRssMb <= TARGET_RSS_MB && flat ? 'met' : 'not met'}`,
    };
  } finally {
    await rig.bot.stop();
    child.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.stdout.write(`${JSON.stringify(await main(), null, 2)}\n`);
