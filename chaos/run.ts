/**
 * `npm run chaos`: the built bot (node dist/main.js) against a local fake Yahoo and a local fake
 * Discord, both failing about 30 % of the time, with kill -9 restarts; prints one JSON summary and
 * exits 1 on any lost, doubled, unexpected or bad-data alert. Only 127.0.0.1 is ever contacted.
 * CHAOS_SEED replays a run's choices; CHAOS_KEEP=1 keeps its folder (config, state, bot log);
 * CHAOS_NONCE_WINDOW_MS shortens the fake Discord's nonce memory (0 shows the run catching doubles).
 * See docs/chaos.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { botProcess, type BotProcess } from './botProcess.js';
import { ensureBuilt } from './build.js';
import { writeChaosConfig } from './chaosConfig.js';
import { chartTemplate } from './chartBody.js';
import { startChaoticDiscord, type ChaoticDiscord } from './discordChaos.js';
import { startFakeYahoo, type FakeYahoo } from './fakeYahoo.js';
import { expectedAlerts, PATHS, type ExpectedAlert } from './pricePath.js';
import { seededRandom, type Random } from './random.js';
import { readBotRecords, tally } from './tally.js';
import type { Config } from '../src/config/config.js';

const FAULT_RATE = 0.3;
const BAD_TICK_RATE = 0.05;
const ANSWERS_PER_PLATEAU = 3;
const KILLS = 8;
const UPTIME_BEFORE_KILL_MS = { min: 4_000, max: 14_000 };
const MAX_BAD_TICKS_PER_SYMBOL = 3;
/** From the start (build included): the path stops here even if unfinished (the run then fails)... */
const PATH_LIMIT_MS = 220_000;
/** ...and draining the outbox here, so that with the bot's stop grace the run ends inside 5 minutes. */
const SETTLE_END_MS = 265_000;
const SETTLE_LIMIT_MS = 40_000;
const QUIET_MS = 5_000;
const MAX_UNPLANNED_EXITS = 5;
const WATCH_MS = 250;

function expectationsFor(config: Config): ExpectedAlert[] {
  return PATHS.flatMap((path) => {
    const instrument = config.instruments.find((i) => i.id === path.id);
    if (!instrument) throw new Error(`chaos: ${path.id} is not in config/bot.yaml's instruments`);
    return expectedAlerts(path, chartTemplate(path).previousClose, instrument.thresholds);
  });
}

/** Runs the bot until the fake Yahoo has served the whole path, killing it now and then. */
async function runPath(bot: BotProcess, yahoo: FakeYahoo, random: Random, deadline: number) {
  const nextUptime = () => Date.now() + random.between(UPTIME_BEFORE_KILL_MS.min, UPTIME_BEFORE_KILL_MS.max);
  let kills = 0;
  let killAt = nextUptime();
  bot.start();
  while (!yahoo.finished() && Date.now() < deadline) {
    await sleep(WATCH_MS);
    if (!bot.running()) {
      if (bot.unplannedExits.length > MAX_UNPLANNED_EXITS) break;
      bot.start();
    } else if (kills < KILLS && Date.now() >= killAt) {
      await bot.kill();
      kills += 1;
      bot.start();
      killAt = nextUptime();
    }
  }
  return { kills, pathCompleted: yahoo.finished() };
}

/** Lets the outbox drain: until nothing is pending and no message arrived for a while, bounded. */
async function settle(
  bot: BotProcess,
  discord: ChaoticDiscord,
  dbPath: string,
  deadline: number,
): Promise<void> {
  let count = -1;
  let quietSince = Date.now();
  while (Date.now() < deadline && bot.running()) {
    await sleep(WATCH_MS);
    const now = discord.fake.messages.length;
    if (now !== count) [count, quietSince] = [now, Date.now()];
    const quiet = Date.now() - quietSince >= QUIET_MS;
    if (quiet && readBotRecords(dbPath).pendingMessages === 0) return;
  }
}

interface Rig {
  readonly dir: string;
  readonly dbPath: string;
  readonly discord: ChaoticDiscord;
  readonly yahoo: FakeYahoo;
  readonly bot: BotProcess;
  readonly expected: ExpectedAlert[];
}

/** The fakes, the derived config, and the bot process wired to them (not started). */
async function buildRig(yahooRandom: Random, discordRandom: Random): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'chaos-'));
  const dbPath = join(dir, 'bot.db');
  const nonceWindow = process.env.CHAOS_NONCE_WINDOW_MS;
  const discord = await startChaoticDiscord(
    discordRandom,
    FAULT_RATE,
    nonceWindow === undefined ? undefined : Number(nonceWindow),
  );
  const { path: configPath, config } = writeChaosConfig(dir, discord.fake.guild.id, discord.channels);
  const yahoo = await startFakeYahoo({
    paths: PATHS,
    random: yahooRandom,
    answersPerPlateau: ANSWERS_PER_PLATEAU,
    faultRate: FAULT_RATE,
    badTickRate: BAD_TICK_RATE,
    maxBadTicksPerSymbol: MAX_BAD_TICKS_PER_SYMBOL,
  });
  const env = {
    CONFIG_PATH: configPath,
    STATE_DB: dbPath,
    YAHOO_BASE_URL: yahoo.baseUrl,
    DISCORD_TOKEN: discord.fake.token,
    DISCORD_API_URL: discord.fake.apiBase,
  };
  const bot = botProcess(env, join(dir, 'bot.log'));
  return { dir, dbPath, discord, yahoo, bot, expected: expectationsFor(config) };
}

/** What the fake Discord saw: posts, accepted messages, and posts answered with an earlier message by nonce. */
function discordTraffic(discord: ChaoticDiscord) {
  const posts = discord.fake.requests.filter(
    (r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path),
  );
  // A dropped answer still posted its message; every other post that created one was answered 200.
  const created = posts.filter((r) => r.status === 200 || r.status === 'drop').length;
  const messages = discord.fake.messages.length;
  return { messagePosts: posts.length, messages, nonceReplays: created - messages };
}

/** Drives the run on a built rig and prints the summary; returns whether it passed. */
async function measure(rig: Rig, seed: number, startedAt: number, rebuilt: boolean): Promise<boolean> {
  const { discord, yahoo, bot } = rig;
  const kill = seededRandom(seed + 2);
  const { kills, pathCompleted } = await runPath(bot, yahoo, kill, startedAt + PATH_LIMIT_MS);
  discord.calm();
  await settle(bot, discord, rig.dbPath, Math.min(Date.now() + SETTLE_LIMIT_MS, startedAt + SETTLE_END_MS));
  await bot.stop();
  const records = readBotRecords(rig.dbPath);
  const result = tally(
    rig.expected,
    records,
    discord.fake.messages,
    yahoo.badTicks,
    discord.channels.refused,
  );
  const { details, ...alerts } = result;
  const failures = [alerts.lost, alerts.doubled, alerts.fromBadData, alerts.unexpected];
  const passed = pathCompleted && failures.every((n) => n === 0);
  const keep = !passed || process.env.CHAOS_KEEP === '1';
  const summary = {
    passed,
    seed,
    wallSeconds: Math.round((Date.now() - startedAt) / 100) / 10,
    rebuilt,
    pathCompleted,
    alerts,
    faults: {
      yahooAnswers: yahoo.answers,
      badTicksPlanted: yahoo.badTicks.length,
      discordInjected: discord.injected,
      discord: discordTraffic(discord),
      gatewayCloses: discord.gatewayCloses,
      kills,
      unplannedExits: bot.unplannedExits,
    },
    details,
    ...(keep ? { kept: rig.dir } : {}),
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  if (!keep) rmSync(rig.dir, { recursive: true, force: true });
  return passed;
}

async function main(): Promise<number> {
  const startedAt = Date.now();
  const seed = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
  if (!Number.isSafeInteger(seed))
    throw new Error(`chaos: CHAOS_SEED must be an integer, got "${process.env.CHAOS_SEED}"`);
  const rebuilt = ensureBuilt();
  // One stream per component, so one component's extra draws do not shift another's choices.
  const rig = await buildRig(seededRandom(seed), seededRandom(seed + 1));
  try {
    return (await measure(rig, seed, startedAt, rebuilt)) ? 0 : 1;
  } finally {
    // Also on an error: no bot process or server outlives the run.
    await rig.bot.kill();
    await Promise.all([rig.yahoo.close(), rig.discord.close()]);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
