/**
 * The delivery scenario: the scripted price path polled from a fake Yahoo and a fake Discord that
 * both fail about 30 % of the time, lone bad ticks, and kill -9 restarts. Every expected alert must
 * be posted once, every recorded alert must be posted, none may be false.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../src/config/config.js';
import { POLL_EVERY_SECOND } from './chaosConfig.js';
import { chartTemplate } from './chartBody.js';
import { expectedAlerts, PATHS, type ExpectedAlert } from './pricePath.js';
import { seededRandom, type Random } from './random.js';
import {
  alertFigures,
  buildRig,
  closeRig,
  discordTraffic,
  faultyFakes,
  keepOrRemove,
  outcomeOf,
  settle,
  type Rig,
} from './rig.js';
import type { ScenarioReport } from './scenario.js';

const KILLS = 8;
const UPTIME_BEFORE_KILL_MS = { min: 4_000, max: 14_000 };
/**
 * From the scenario's start: the path stops here even if unfinished (the scenario then fails). It
 * takes about 100 s on two quiet cores and over 200 s on a machine loaded ten times over: every
 * Yahoo fault backs the provider off for 1–4 s, and every restart starts the bot again.
 */
const PATH_LIMIT_MS = 240_000;
const SETTLE_LIMIT_MS = 40_000;
/** Crashes are restarted so the path goes on; beyond this many the bot is hopeless. */
const MAX_CRASHES = 5;
const WATCH_MS = 250;

function expectationsFor(config: Config): ExpectedAlert[] {
  return PATHS.flatMap((path) => {
    const instrument = config.instruments.find((i) => i.id === path.id);
    if (!instrument) throw new Error(`chaos: ${path.id} is not in config/bot.yaml's instruments`);
    return expectedAlerts(path, chartTemplate(path).previousClose, instrument.thresholds);
  });
}

/** Runs the bot until the fake Yahoo has served the whole path, killing it now and then. */
async function runPath(rig: Rig, random: Random, deadline: number) {
  const { bot, yahoo } = rig;
  const nextUptime = () => Date.now() + random.between(UPTIME_BEFORE_KILL_MS.min, UPTIME_BEFORE_KILL_MS.max);
  let kills = 0;
  let killAt = nextUptime();
  bot.start();
  while (!yahoo.finished() && Date.now() < deadline) {
    await sleep(WATCH_MS);
    if (!bot.running()) {
      if (bot.crashes.length > MAX_CRASHES) break;
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

export async function runDeliveryScenario(seed: number): Promise<ScenarioReport> {
  const startedAt = Date.now();
  const rig = await buildRig({ paths: PATHS, ...faultyFakes(seed), config: POLL_EVERY_SECOND });
  try {
    const expected = expectationsFor(rig.config);
    const { kills, pathCompleted } = await runPath(rig, seededRandom(seed + 2), startedAt + PATH_LIMIT_MS);
    rig.discord.calm();
    await settle(rig, Date.now() + SETTLE_LIMIT_MS);
    await rig.bot.stop();
    const { figures, clean, details } = alertFigures(outcomeOf(rig, expected), rig.bot.crashes);
    const passed = pathCompleted && clean;
    return {
      passed,
      figures,
      report: {
        passed,
        wallSeconds: Math.round((Date.now() - startedAt) / 100) / 10,
        pathCompleted,
        alerts: figures,
        faults: {
          yahooAnswers: rig.yahoo.answers,
          badTicksPlanted: rig.yahoo.badTicks.length,
          discordInjected: rig.discord.injected,
          discord: discordTraffic(rig.discord),
          gatewayCloses: rig.discord.gatewayCloses,
          kills,
        },
        details,
        ...keepOrRemove(rig, passed),
      },
    };
  } finally {
    await closeRig(rig);
  }
}
