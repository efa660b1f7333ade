/**
 * The stream scenario: the built bot polls a calm fake Yahoo every 5 s and listens to the chaos
 * streamer, which plants the faults of issue 18 one after the other (a repeated bad print, absurd
 * prints, prints stamped a day ahead, a 5 MB frame, a flood). After each, the script prints real
 * level crosses (probes), which must reach Discord within 2 s. Every alert is judged against the
 * true prices; a crash is restarted (so the later faults are still measured) and fails the scenario.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChaosConfigOptions } from './chaosConfig.js';
import { alertKey, PATHS, type ExpectedAlert, type InstrumentPath } from './pricePath.js';
import { seededRandom } from './random.js';
import { alertFigures, buildRig, closeRig, keepOrRemove, outcomeOf, settle, type Rig } from './rig.js';
import type { ScenarioReport } from './scenario.js';
import { PLANT, type FaultContext, type StreamFault } from './streamFaults.js';
import { streamMarket } from './streamMarket.js';
import { probeTiming, streamFaultReport, type Phase, type Probe } from './streamReport.js';
import { startChaosStreamer, type ChaosStreamer } from './streamer.js';
import { keyOf, readBotRecords } from './tally.js';

/** Plateaus (percent from the previous close) clear of every day tier, windowed move and cross-market move. */
const STREAM_PLATEAUS: Record<InstrumentPath['id'], readonly number[]> = {
  HSI: [0.2, 0.65, -0.6],
  N225: [0.1, 0.65, -0.6],
  USDCNH: [0.0, 0.08],
};
/** Levels between the plateaus, each plateau at least 0.1 % beyond a level's hysteresis band. */
const STREAM_LEVELS = { HSI: [23_200, 23_400], N225: [37_800, 38_150], USDCNH: [7.2, 7.3] };
const streamConfig = (streamUrl: string): ChaosConfigOptions => ({
  cron: '*/5 * * * * *',
  providerBackoff: { initialSeconds: 8, maxSeconds: 30 },
  levels: STREAM_LEVELS,
  streamUrl,
});

type Step =
  | { readonly fault: StreamFault }
  | { readonly probe: InstrumentPath['id']; readonly plateau: number; readonly expect: ExpectedAlert };

const cross = (symbol: InstrumentPath['id'], direction: 'up' | 'down', level: number): ExpectedAlert => ({
  symbol,
  rule: 'levelCross',
  direction,
  mark: level,
  topTier: false,
});

/**
 * A probe first (the rig works), then each fault and real crosses after it; each level and direction
 * once (the cooldown would mute a second). The day-ahead stamp comes last: in a bot that believes it,
 * every later print is "not advanced", which would hide what the faults after it do.
 */
const SCRIPT: readonly Step[] = [
  { probe: 'HSI', plateau: 1, expect: cross('HSI', 'up', 23_400) },
  { fault: 'repeatedBadPrint' },
  { probe: 'N225', plateau: 1, expect: cross('N225', 'up', 38_150) },
  { fault: 'absurdPrint' },
  { probe: 'HSI', plateau: 0, expect: cross('HSI', 'down', 23_400) },
  { fault: 'hugeFrame' },
  { probe: 'HSI', plateau: 2, expect: cross('HSI', 'down', 23_200) },
  { fault: 'flood' },
  { probe: 'USDCNH', plateau: 1, expect: cross('USDCNH', 'up', 7.2) },
  { probe: 'N225', plateau: 0, expect: cross('N225', 'down', 38_150) },
  { fault: 'futureStamp' },
  { probe: 'HSI', plateau: 0, expect: cross('HSI', 'up', 23_200) },
  { probe: 'USDCNH', plateau: 0, expect: cross('USDCNH', 'down', 7.2) },
  { probe: 'N225', plateau: 2, expect: cross('N225', 'down', 37_800) },
];

const STREAMED = PATHS.map((p) => p.yahooSymbol);
const SUBSCRIBED_WITHIN_MS = 40_000;
/** From the scenario's start: steps not begun by then are skipped (their probes count as lost). */
const SCRIPT_LIMIT_MS = 180_000;
const HEARTBEAT_MS = 1_000;
/** Lets a fault's aftermath (holds, confirmations by later prints or polls) play out before the probe. */
const AFTERMATH_MS = 2_000;
/** A poll period and more: a probe not posted by then is left to the final count (late or lost). */
const PROBE_WAIT_MS = 7_000;
const SETTLE_LIMIT_MS = 30_000;
const WATCH_MS = 200;
/** Beyond this many crashes the bot is not restarted again. */
const MAX_CRASHES = 5;

/** Waits until `done` or `ms` passed, restarting a crashed bot (the crash is counted) so the run goes on. */
async function waitWhileAlive(rig: Rig, done: () => boolean, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; !done() && Date.now() < deadline;) {
    if (!rig.bot.running() && rig.bot.crashes.length <= MAX_CRASHES) rig.bot.start();
    await sleep(WATCH_MS);
  }
  return done();
}

function posted(rig: Rig, key: string): boolean {
  const records = readBotRecords(rig.dbPath);
  const ids = new Set(records.alerts.filter((a) => keyOf(a) === key).map((a) => a.id));
  return rig.discord.fake.messages.some((m) =>
    (records.outbox.get(String(m.nonce)) ?? []).some((id) => ids.has(id)),
  );
}

/** The bot's longest event-loop stall since the last scrape (prom-client resets it on each). */
async function eventLoopLagMaxMs(port: number | null): Promise<number | null> {
  if (port === null) return null;
  try {
    const res = await fetch(`http://127.0.0.1:${String(port)}/metrics`, {
      signal: AbortSignal.timeout(10_000),
    });
    const found = /^nodejs_eventloop_lag_max_seconds\s+(\S+)/m.exec(await res.text());
    return found?.[1] === undefined ? null : Math.round(Number(found[1]) * 1000);
  } catch {
    return null;
  }
}

interface ScriptRun {
  readonly phases: Phase[];
  readonly probes: Probe[];
  readonly planted: Record<string, Record<string, unknown>>;
  stepsSkipped: number;
}

async function runScript(
  rig: Rig,
  streamer: ChaosStreamer,
  context: FaultContext,
  deadline: number,
): Promise<ScriptRun> {
  const run: ScriptRun = {
    phases: [{ name: 'baseline', at: Date.now() }],
    probes: [],
    planted: {},
    stepsSkipped: 0,
  };
  const streaming = () => rig.bot.running() && streamer.subscribedToAll(STREAMED);
  for (const [i, step] of SCRIPT.entries()) {
    if (Date.now() >= deadline) {
      run.stepsSkipped = SCRIPT.length - i;
      break;
    }
    // After a dropped socket or a restart, the next step waits for the stream to be back.
    await waitWhileAlive(rig, streaming, Math.min(SUBSCRIBED_WITHIN_MS, deadline - Date.now()));
    if ('fault' in step) {
      run.phases.push({ name: step.fault, at: Date.now() });
      run.planted[step.fault] = await PLANT[step.fault](context);
      await waitWhileAlive(rig, () => false, AFTERMATH_MS);
      continue;
    }
    const key = alertKey(step.expect);
    const printAt = context.market.move(step.probe, step.plateau);
    run.probes.push({ key, after: run.phases.at(-1)?.name ?? 'baseline', printAt });
    await waitWhileAlive(rig, () => posted(rig, key), PROBE_WAIT_MS);
  }
  return run;
}

interface StreamRig {
  readonly rig: Rig;
  readonly streamer: ChaosStreamer;
  readonly context: FaultContext;
  readonly stopHeartbeat: () => void;
}

/** The chaos streamer, a calm Yahoo and Discord, the bot wired to them (not started), and the prints every second. */
async function startStreamRig(seed: number): Promise<StreamRig> {
  const streamer = await startChaosStreamer();
  const paths = PATHS.map((p) => ({ ...p, plateausPct: STREAM_PLATEAUS[p.id] }));
  const calm = { faultRate: 0, badTickRate: 0, maxBadTicksPerSymbol: 0 };
  const rig = await buildRig({
    paths,
    yahoo: { random: seededRandom(seed), answersPerPlateau: Infinity, ...calm },
    discord: { random: seededRandom(seed + 1), failureRate: 0 },
    config: streamConfig(streamer.url),
    metrics: true,
  });
  rig.discord.calm();
  const market = streamMarket(paths, rig.yahoo, streamer, rig.truth);
  const heartbeat = setInterval(() => {
    market.heartbeat();
  }, HEARTBEAT_MS);
  const context = { market, yahoo: rig.yahoo, eventLoopLagMaxMs: () => eventLoopLagMaxMs(rig.httpPort) };
  const stopHeartbeat = () => {
    clearInterval(heartbeat);
  };
  return { rig, streamer, context, stopHeartbeat };
}

/** The figures, the per-fault report and whether the scenario passed, once the bot has stopped. */
function streamScenarioReport(s: StreamRig, run: ScriptRun | null, startedAt: number): ScenarioReport {
  const expected = SCRIPT.flatMap((step) => ('probe' in step ? [step.expect] : []));
  const outcome = outcomeOf(s.rig, expected);
  const crashes = s.rig.bot.crashes;
  const { figures, clean, details } = alertFigures(outcome, crashes);
  const falseIds = new Set(outcome.falseAlerts.map((f) => f.id));
  const messages = s.rig.discord.fake.messages;
  const probes = (run?.probes ?? []).map((p) => probeTiming(p, outcome.records, messages, falseIds));
  const late = probes.filter((p) => p.verdict === 'late').length;
  const passed = run !== null && clean && late === 0;
  const faults = run
    ? streamFaultReport({
        ...run,
        probes,
        falseAlerts: outcome.falseAlerts,
        crashes,
        records: outcome.records,
      })
    : {};
  return {
    passed,
    figures: { ...figures, late },
    report: {
      passed,
      wallSeconds: Math.round((Date.now() - startedAt) / 100) / 10,
      streamSubscribed: run !== null,
      stepsSkipped: run?.stepsSkipped ?? SCRIPT.length,
      alerts: { ...figures, late },
      streamConnections: s.streamer.connections(),
      faults,
      details,
      ...keepOrRemove(s.rig, passed),
    },
  };
}

export async function runStreamScenario(seed: number): Promise<ScenarioReport> {
  const startedAt = Date.now();
  const s = await startStreamRig(seed);
  const { rig, streamer } = s;
  try {
    rig.bot.start();
    const subscribed = await waitWhileAlive(
      rig,
      () => streamer.subscribedToAll(STREAMED),
      SUBSCRIBED_WITHIN_MS,
    );
    const deadline = startedAt + SCRIPT_LIMIT_MS;
    const run = subscribed ? await runScript(rig, streamer, s.context, deadline) : null;
    s.stopHeartbeat();
    await settle(rig, Date.now() + SETTLE_LIMIT_MS);
    await rig.bot.stop();
    return streamScenarioReport(s, run, startedAt);
  } finally {
    s.stopHeartbeat();
    await closeRig(rig);
    await streamer.close();
  }
}
