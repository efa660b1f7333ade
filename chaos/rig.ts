import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../src/config/config.js';
import { botProcess, type BotProcess, type Crash } from './botProcess.js';
import { writeChaosConfig, type ChaosConfigOptions } from './chaosConfig.js';
import { chartTemplate } from './chartBody.js';
import { startChaoticDiscord, type ChaoticDiscord, type ChaoticDiscordOptions } from './discordChaos.js';
import { startFakeYahoo, type FakeYahoo, type FakeYahooOptions } from './fakeYahoo.js';
import { judgeAlerts, type FalseAlert, type JudgeSettings } from './judge.js';
import type { ExpectedAlert, InstrumentPath } from './pricePath.js';
import { seededRandom } from './random.js';
import { readBotRecords, tally, type BotRecords, type Tally } from './tally.js';
import { truthRecorder, type TruthRecorder } from './truth.js';

const WATCH_MS = 250;
const QUIET_MS = 5_000;

/** One scenario's folder, fakes and derived config: what every bot process of it is pointed at. */
export interface Fakes {
  readonly dir: string;
  readonly discord: ChaoticDiscord;
  readonly yahoo: FakeYahoo;
  readonly truth: TruthRecorder;
  readonly config: Config;
  /** The environment every bot process of the scenario shares: the config file, the fakes, the token. */
  readonly env: Readonly<Record<string, string>>;
}

/** One scenario's fakes, its derived config and the bot process wired to them (not started). */
export interface Rig extends Fakes {
  readonly dbPath: string;
  readonly bot: BotProcess;
  /** The bot's /metrics port, when the scenario reads its metrics. */
  readonly httpPort: number | null;
}

export interface FakesOptions {
  readonly paths: readonly InstrumentPath[];
  readonly yahoo: Omit<FakeYahooOptions, 'paths' | 'truth'>;
  readonly discord: ChaoticDiscordOptions;
  readonly config: ChaosConfigOptions;
}

const FAULT_RATE = 0.3;

/**
 * The faults of the delivery and HA scenarios, from one seed (one stream per fake, so one fake's extra
 * draws do not shift the other's choices): about 30 % of Yahoo answers and Discord calls fail, and a
 * few lone bad ticks are planted.
 */
export function faultyFakes(seed: number): Pick<FakesOptions, 'yahoo' | 'discord'> {
  return {
    yahoo: {
      random: seededRandom(seed),
      answersPerPlateau: 3,
      faultRate: FAULT_RATE,
      badTickRate: 0.05,
      maxBadTicksPerSymbol: 3,
    },
    discord: { random: seededRandom(seed + 1), failureRate: FAULT_RATE },
  };
}

export interface RigOptions extends FakesOptions {
  /** Serve /metrics (HTTP_PORT) on a free local port. */
  readonly metrics?: boolean;
}

/** A port free a moment ago, for a bot's ops endpoint (the bot does not say which one it got). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  if (address === null || typeof address === 'string') throw new Error('chaos: no free local port');
  return address.port;
}

export async function startFakes(options: FakesOptions): Promise<Fakes> {
  const dir = mkdtempSync(join(tmpdir(), 'chaos-'));
  const discord = await startChaoticDiscord(options.discord);
  const { path: configPath, config } = writeChaosConfig(
    dir,
    discord.fake.guild.id,
    discord.channels,
    options.config,
  );
  const truth = truthRecorder(new Map(options.paths.map((p) => [p.id, chartTemplate(p).previousClose])));
  const yahoo = await startFakeYahoo({ ...options.yahoo, paths: options.paths, truth });
  const env = {
    CONFIG_PATH: configPath,
    YAHOO_BASE_URL: yahoo.baseUrl,
    DISCORD_TOKEN: discord.fake.token,
    DISCORD_API_URL: discord.fake.apiBase,
  };
  return { dir, discord, yahoo, truth, config, env };
}

export async function buildRig(options: RigOptions): Promise<Rig> {
  const fakes = await startFakes(options);
  const dbPath = join(fakes.dir, 'bot.db');
  const httpPort = options.metrics === true ? await freePort() : null;
  const env = {
    ...fakes.env,
    STATE_DB: dbPath,
    ...(httpPort === null ? {} : { HTTP_PORT: String(httpPort) }),
  };
  const bot = botProcess(env, join(fakes.dir, 'bot.log'));
  return { ...fakes, dbPath, bot, httpPort };
}

export async function closeFakes(fakes: Fakes): Promise<void> {
  await Promise.all([fakes.yahoo.close(), fakes.discord.close()]);
}

/** No bot process or server outlives the scenario, also after an error. */
export async function closeRig(rig: Rig): Promise<void> {
  await rig.bot.kill();
  await closeFakes(rig);
}

/** What settling watches: whether a bot still runs, and how many messages its outbox holds. */
export interface OutboxProbe {
  running(): boolean;
  pending(): number | Promise<number>;
}

/** Lets the outbox drain: until nothing is pending and no message arrived for a while, bounded. */
export async function settleOutbox(fakes: Fakes, probe: OutboxProbe, deadline: number): Promise<void> {
  let count = -1;
  let quietSince = Date.now();
  while (Date.now() < deadline && probe.running()) {
    await sleep(WATCH_MS);
    const now = fakes.discord.fake.messages.length;
    if (now !== count) [count, quietSince] = [now, Date.now()];
    const quiet = Date.now() - quietSince >= QUIET_MS;
    if (quiet && (await probe.pending()) === 0) return;
  }
}

export async function settle(rig: Rig, deadline: number): Promise<void> {
  const probe = {
    running: () => rig.bot.running(),
    pending: () => readBotRecords(rig.dbPath).pendingMessages,
  };
  await settleOutbox(rig, probe, deadline);
}

export function judgeSettings(config: Config): JudgeSettings {
  return {
    thresholds: new Map(config.instruments.map((i) => [i.id, i.thresholds])),
    crossMarket: config.crossMarket,
  };
}

/** What the fake Discord saw: posts, accepted messages, and posts answered with an earlier message by nonce. */
export function discordTraffic(discord: ChaoticDiscord) {
  const posts = discord.fake.requests.filter(
    (r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path),
  );
  // A dropped answer still posted its message; every other post that created one was answered 200.
  const created = posts.filter((r) => r.status === 200 || r.status === 'drop').length;
  const messages = discord.fake.messages.length;
  return { messagePosts: posts.length, messages, nonceReplays: created - messages };
}

export interface Outcome {
  readonly records: BotRecords;
  readonly tally: Tally;
  readonly falseAlerts: readonly FalseAlert[];
  readonly judged: Record<string, number>;
  readonly unjudged: Record<string, number>;
}

/** After the bot stopped: what it recorded, what reached Discord, and the judge's verdict on every alert. */
export function outcomeOf(rig: Rig, expected: readonly ExpectedAlert[]): Outcome {
  return outcomeFrom(rig, readBotRecords(rig.dbPath), expected);
}

/** The outcome of what the bots recorded (`records`, from whichever store they share) against the fakes. */
export function outcomeFrom(fakes: Fakes, records: BotRecords, expected: readonly ExpectedAlert[]): Outcome {
  const judgement = judgeAlerts(records.alerts, fakes.truth.truth(), judgeSettings(fakes.config));
  const falseIds = new Set(judgement.false.map((f) => f.id));
  const { messages } = fakes.discord.fake;
  const counted = tally(expected, records, messages, fakes.discord.channels.refused, falseIds);
  return {
    records,
    tally: counted,
    falseAlerts: judgement.false,
    judged: judgement.judged,
    unjudged: judgement.unjudged,
  };
}

/** The figures every scenario reports, and whether they are all zero. */
export function alertFigures(outcome: Outcome, crashes: readonly Crash[]) {
  const { details, ...counts } = outcome.tally;
  const figures = {
    ...counts,
    false: outcome.falseAlerts.length,
    crashes: crashes.length,
    judged: outcome.judged,
    unjudged: outcome.unjudged,
  };
  const clean = [figures.lost, figures.doubled, figures.false, figures.crashes].every((n) => n === 0);
  return { figures, clean, details: { ...details, false: outcome.falseAlerts, crashes } };
}

/** The scenario's folder is kept when it failed or when asked (CHAOS_KEEP=1), removed otherwise. */
export function keepOrRemove(rig: Pick<Fakes, 'dir'>, passed: boolean): { kept?: string } {
  if (!passed || process.env.CHAOS_KEEP === '1') return { kept: rig.dir };
  rmSync(rig.dir, { recursive: true, force: true });
  return {};
}
