/**
 * The HA scenario (`npm run chaos -- --ha`): three replicas of the built bot on one embedded
 * PostgreSQL, against the delivery scenario's fakes and faults (Yahoo and Discord failing about
 * 30 % of the time, lone bad ticks, gateway closes). The leader is killed with SIGKILL again and
 * again, at random moments and right after Discord posted one of its messages (before the answer
 * reaches it, so it cannot have marked the message sent); each killed replica comes back as a new follower. Every expected alert must be
 * posted once, no alert twice, and alerts must flow again within 30 s of each kill.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmbeddedPostgres } from '../test/support/embeddedPostgres.js';
import { POLL_EVERY_SECOND, type LeaseTimings } from './chaosConfig.js';
import { chartTemplate } from './chartBody.js';
import { failoversOf, summariseFailovers, type Kill } from './failover.js';
import { HA_PATHS, haLevels } from './haPath.js';
import { pendingInPostgres, readPostgresRecords } from './pgRecords.js';
import { expectedAlerts, type ExpectedAlert } from './pricePath.js';
import { seededRandom, type Random } from './random.js';
import { readyzOf, startReplicas, type Leadership, type ReplicaSet } from './replicas.js';
import {
  alertFigures,
  closeFakes,
  discordTraffic,
  faultyFakes,
  keepOrRemove,
  outcomeFrom,
  settleOutbox,
  startFakes,
  type Fakes,
} from './rig.js';
import type { ScenarioReport } from './scenario.js';
import type { BotRecords } from './tally.js';

const REPLICAS = 3;
/** Shorter than the defaults (15 / 5 / 1 s), so two dozen failovers fit in minutes. */
export const CHAOS_LEASE: LeaseTimings = { ttlSeconds: 6, renewEverySeconds: 2, retryEverySeconds: 0.5 };
const MIN_KILLS = 20;
/** How long a new leader leads before a random kill, from its "leader lease acquired". */
const LEADER_UPTIME_MS = { min: 2_000, max: 12_000 };
/** The share of leaders killed right after Discord carries out their next post. */
const AFTER_POST_SHARE = 0.35;
/** A leader waiting for its fatal post that posts nothing this long is killed anyway (as random). */
const AFTER_POST_WAIT_MS = 20_000;
const MAX_FAILOVER_SECONDS = 30;
const MAX_CLEAN_HANDOVER_SECONDS = 5;
/** From the scenario's start; the path takes about 5 minutes with its kills on two quiet cores. */
const PATH_LIMIT_MS = 900_000;
const FIRST_LEADER_LIMIT_MS = 60_000;
const SETTLE_LIMIT_MS = 60_000;
const MAX_CRASHES = 5;
const WATCH_MS = 100;
const DATABASE = 'chaos_ha';

/** One leadership's end: at `killAt`, unless an armed post kills it first. */
interface KillPlan {
  readonly leader: Leadership;
  readonly killAt: number;
}

interface HaRun {
  readonly fakes: Fakes;
  readonly replicas: ReplicaSet;
  readonly storeUrl: string;
  readonly pollTimes: number[];
  readonly kills: Kill[];
}

function expectationsFor(fakes: Fakes): ExpectedAlert[] {
  return HA_PATHS.flatMap((path) => {
    const instrument = fakes.config.instruments.find((i) => i.id === path.id);
    if (!instrument) throw new Error(`chaos: ${path.id} is not in config/bot.yaml's instruments`);
    return expectedAlerts(path, chartTemplate(path).previousClose, instrument.thresholds);
  });
}

const sameLeadership = (a: Leadership | null, b: Leadership): boolean =>
  a !== null && a.replica === b.replica && a.run === b.run;

/** Kills the current leader (if it is still `leader`) and writes the kill down. */
function killer(run: HaRun) {
  return (leader: Leadership, kind: Kill['kind']): void => {
    if (!sameLeadership(run.replicas.leader(), leader)) return;
    const killed = run.replicas.killLeader();
    if (killed) run.kills.push({ replica: killed.replica.id, kind, at: Date.now() });
  };
}

function planKill(run: HaRun, leader: Leadership, random: Random): KillPlan {
  const kill = killer(run);
  if (random.chance(AFTER_POST_SHARE)) {
    // The fake Discord calls this with the message posted and its answer not yet written.
    run.fakes.discord.afterNextPost(() => {
      kill(leader, 'afterPost');
    });
    return { leader, killAt: leader.since + AFTER_POST_WAIT_MS };
  }
  const uptime = random.between(LEADER_UPTIME_MS.min, LEADER_UPTIME_MS.max);
  return { leader, killAt: leader.since + uptime };
}

/** Why the kills must stop before the path is served, or null while they may go on. */
function stopReason(run: HaRun, startedAt: number): string | null {
  if (Date.now() > startedAt + PATH_LIMIT_MS)
    return `the path did not finish within ${PATH_LIMIT_MS / 1000} s`;
  if (run.replicas.crashes().length > MAX_CRASHES) return `more than ${MAX_CRASHES} crashes`;
  const noLeaderYet = run.replicas.events.length === 0;
  if (noLeaderYet && Date.now() > startedAt + FIRST_LEADER_LIMIT_MS) {
    return `no replica logged "leader lease acquired" within ${FIRST_LEADER_LIMIT_MS / 1000} s`;
  }
  return null;
}

/** Runs the path, killing each leader in turn, until the path is served and enough kills were made. */
async function runKills(run: HaRun, random: Random, startedAt: number): Promise<string | null> {
  const { replicas, fakes, kills } = run;
  let plan: KillPlan | null = null;
  replicas.startStopped();
  while (!(fakes.yahoo.finished() && kills.length >= MIN_KILLS)) {
    await sleep(WATCH_MS);
    const problem = stopReason(run, startedAt);
    if (problem !== null) return problem;
    replicas.startStopped();
    const leader = replicas.leader();
    if (leader === null) continue;
    if (plan === null || !sameLeadership(leader, plan.leader)) plan = planKill(run, leader, random);
    else if (Date.now() >= plan.killAt) killer(run)(leader, 'random');
  }
  fakes.discord.afterNextPost(() => undefined);
  return null;
}

/** Waits until some replica leads, up to `deadline`. */
async function aLeader(replicas: ReplicaSet, deadline: number): Promise<Leadership | null> {
  while (replicas.leader() === null && Date.now() < deadline) await sleep(WATCH_MS);
  return replicas.leader();
}

/** SIGTERM to the leader, which must hand the lease over within 5 s: the stop, timed later. */
async function cleanStop(run: HaRun): Promise<Kill | null> {
  const leader = await aLeader(run.replicas, Date.now() + SETTLE_LIMIT_MS);
  if (leader === null) return null;
  const stop: Kill = { replica: leader.replica.id, kind: 'sigterm', at: Date.now() };
  await leader.replica.bot.stop();
  return stop;
}

/** Every running replica's /readyz: exactly one leader, and all name it as the lease holder. */
async function readyzAgreement(replicas: ReplicaSet) {
  const running = replicas.replicas.filter((r) => r.bot.running());
  const views = await Promise.all(running.map(readyzOf));
  const leaders = views.filter((v) => v.role === 'leader');
  const holder = leaders[0]?.replica;
  const agrees =
    leaders.length === 1 &&
    leaders[0]?.status === 200 &&
    views.every((v) => v.leaseHolder === holder && (v.role === 'leader' || v.status === 503));
  return { agrees, views };
}

async function drain(run: HaRun): Promise<void> {
  const probe = {
    running: () => run.replicas.replicas.some((r) => r.bot.running()),
    pending: () => pendingInPostgres(run.storeUrl),
  };
  await aLeader(run.replicas, Date.now() + SETTLE_LIMIT_MS);
  await settleOutbox(run.fakes, probe, Date.now() + SETTLE_LIMIT_MS);
}

function killCounts(kills: readonly Kill[]) {
  return {
    total: kills.length,
    random: kills.filter((k) => k.kind === 'random').length,
    afterPost: kills.filter((k) => k.kind === 'afterPost').length,
  };
}

async function startRun(seed: number, storeUrl: string): Promise<HaRun> {
  const pollTimes: number[] = [];
  const faults = faultyFakes(seed);
  const fakes = await startFakes({
    paths: HA_PATHS,
    yahoo: { ...faults.yahoo, onRequest: (at) => pollTimes.push(at) },
    discord: faults.discord,
    config: { ...POLL_EVERY_SECOND, levels: haLevels(), lease: CHAOS_LEASE },
  });
  const env = { ...fakes.env, STORE_URL: storeUrl };
  const replicas = await startReplicas(REPLICAS, env, fakes.dir);
  return { fakes, replicas, storeUrl, pollTimes, kills: [] };
}

/** The end of a run that went its course: drain, a clean handover, /readyz. */
async function wrapUp(run: HaRun, stoppedEarly: string | null) {
  run.fakes.discord.calm();
  if (stoppedEarly !== null) return { stop: null, readyz: { agrees: false, views: [] } };
  await drain(run);
  const stop = await cleanStop(run);
  await drain(run);
  return { stop, readyz: await readyzAgreement(run.replicas) };
}

const NO_RECORDS: BotRecords = { alerts: [], outbox: new Map(), deadLetters: new Map(), pendingMessages: 0 };

/** What the replicas recorded; nothing (every expected alert lost) when the store cannot be read. */
async function storeRecords(url: string): Promise<{ records: BotRecords; problem: string | null }> {
  try {
    return { records: await readPostgresRecords(url), problem: null };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { records: NO_RECORDS, problem: `the store's records could not be read (${why})` };
  }
}

/** Everything after the kills: wrap up, stop every replica, and count. */
async function finish(run: HaRun, startedAt: number, stoppedEarly: string | null) {
  const expected = expectationsFor(run.fakes);
  const { stop, readyz } = await wrapUp(run, stoppedEarly);
  await run.replicas.stopAll();
  const { records, problem } = await storeRecords(run.storeUrl);
  const problems = [stoppedEarly, problem].filter((p): p is string => p !== null);
  const outcome = outcomeFrom(run.fakes, records, expected);
  const { figures, clean, details } = alertFigures(outcome, run.replicas.crashes());
  const failovers = summariseFailovers(failoversOf(run.kills, run.replicas.events, run.pollTimes));
  const [handover] = failoversOf(stop ? [stop] : [], run.replicas.events, run.pollTimes);
  const failoverOk =
    failovers.unresolved === 0 && (failovers.maxFailoverSeconds ?? Infinity) <= MAX_FAILOVER_SECONDS;
  const handoverOk = handover?.pollSeconds != null && handover.pollSeconds <= MAX_CLEAN_HANDOVER_SECONDS;
  const enoughKills = run.kills.length >= MIN_KILLS;
  const passed = problems.length === 0 && clean && failoverOk && handoverOk && enoughKills && readyz.agrees;
  return { passed, figures, details, failovers, handover, readyz, startedAt, problems };
}

function reportOf(run: HaRun, f: Awaited<ReturnType<typeof finish>>): ScenarioReport {
  const { figures, failovers } = f;
  const report = {
    passed: f.passed,
    wallSeconds: Math.round((Date.now() - f.startedAt) / 100) / 10,
    ...(f.problems.length === 0 ? {} : { problems: f.problems }),
    replicas: REPLICAS,
    lease: CHAOS_LEASE,
    kills: killCounts(run.kills),
    failovers: failovers.failovers,
    failoverMeasuredTo: 'the new leader\'s first quote request (after its "leader lease acquired")',
    maxFailoverSeconds: failovers.maxFailoverSeconds,
    maxLeaseTakeoverSeconds: failovers.maxLeaseTakeoverSeconds,
    unresolvedFailovers: failovers.unresolved,
    cleanHandoverSeconds: f.handover?.pollSeconds ?? null,
    alertsExpected: figures.expected,
    delivered: figures.delivered,
    lost: figures.lost,
    doubled: figures.doubled,
    false: figures.false,
    crashes: figures.crashes,
    recorded: figures.recorded,
    refusedAsDesigned: figures.refusedAsDesigned,
    pathCompleted: run.fakes.yahoo.finished(),
    leaseOverlaps: run.replicas.overlaps,
    leaseLosses: run.replicas.leaseLosses().length,
    readyzAgrees: f.readyz.agrees,
    failoverSeconds: failovers.failoverSeconds,
    faults: {
      yahooAnswers: run.fakes.yahoo.answers,
      discordInjected: run.fakes.discord.injected,
      discord: discordTraffic(run.fakes.discord),
    },
    details: { ...f.details, readyz: f.readyz.views, leaseEvents: run.replicas.events.length },
    ...keepOrRemove(run.fakes, f.passed),
  };
  return { passed: f.passed, figures, report };
}

export async function runHaScenario(seed: number): Promise<ScenarioReport> {
  const startedAt = Date.now();
  const postgres = await startEmbeddedPostgres();
  try {
    await postgres.createDatabase(DATABASE);
    const run = await startRun(seed, postgres.url(DATABASE));
    try {
      const stoppedEarly = await runKills(run, seededRandom(seed + 2), startedAt);
      return reportOf(run, await finish(run, startedAt, stoppedEarly));
    } finally {
      await Promise.all(run.replicas.replicas.map((r) => r.bot.kill()));
      await closeFakes(run.fakes);
    }
  } finally {
    await postgres.stop();
  }
}
