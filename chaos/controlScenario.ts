/**
 * The negative control: a Discord that forgets nonces at once, and the answers to a planned number
 * of alert posts dropped after Discord posted them (the moment between the POST and the bot marking
 * the message sent). Each drop must come back as a double, so the control passes only when the run
 * reports doubles: a suite that cannot see them here would not see them anywhere.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { POLL_EVERY_SECOND } from './chaosConfig.js';
import { dropAnswers } from './discordChaos.js';
import { PATHS, type InstrumentPath } from './pricePath.js';
import { seededRandom } from './random.js';
import { alertFigures, buildRig, closeRig, discordTraffic, keepOrRemove, outcomeOf, settle } from './rig.js';
import type { ScenarioReport } from './scenario.js';

const PLANNED_DROPS = 3;
/**
 * Five alert messages for three drops: HSI climbs through three day tiers, N225 falls through one,
 * USD/CNH rises through one (its own channel). The slack keeps every planned drop inside the run.
 */
const CONTROL_PLATEAUS: Record<InstrumentPath['id'], readonly number[]> = {
  HSI: [0.2, 1.2, 2.3, 3.4],
  N225: [0.1, -1.2],
  USDCNH: [0.0, 0.4],
};
const PATH_LIMIT_MS = 60_000;
const SETTLE_LIMIT_MS = 30_000;
const WATCH_MS = 250;

export async function runControlScenario(seed: number): Promise<ScenarioReport> {
  const startedAt = Date.now();
  const paths = PATHS.map((p) => ({ ...p, plateausPct: CONTROL_PLATEAUS[p.id] }));
  const rig = await buildRig({
    paths,
    yahoo: {
      random: seededRandom(seed),
      answersPerPlateau: 3,
      faultRate: 0,
      badTickRate: 0,
      maxBadTicksPerSymbol: 0,
    },
    discord: { random: seededRandom(seed + 1), failureRate: 0, nonceWindowMs: 0 },
    config: POLL_EVERY_SECOND,
  });
  try {
    rig.discord.calm();
    const drops = dropAnswers(rig.discord, PLANNED_DROPS);
    rig.bot.start();
    const deadline = startedAt + PATH_LIMIT_MS;
    while (
      (!rig.yahoo.finished() || drops.dropped() < PLANNED_DROPS) &&
      Date.now() < deadline &&
      rig.bot.running()
    ) {
      await sleep(WATCH_MS);
    }
    await settle(rig, Date.now() + SETTLE_LIMIT_MS);
    await rig.bot.stop();
    const { figures, details } = alertFigures(outcomeOf(rig, []), rig.bot.crashes);
    const caughtDoubles = figures.doubled > 0;
    const passed = caughtDoubles && figures.lost === 0 && figures.false === 0 && figures.crashes === 0;
    return {
      passed,
      // Its doubles are the point, not a fault of the bot: the run's totals leave them out.
      figures: { ...figures, doubled: 0 },
      report: {
        passed,
        expect: 'doubles: the run fails if this control shows none',
        caughtDoubles,
        wallSeconds: Math.round((Date.now() - startedAt) / 100) / 10,
        plannedDrops: PLANNED_DROPS,
        drops: drops.dropped(),
        alerts: figures,
        discord: discordTraffic(rig.discord),
        details,
        ...keepOrRemove(rig, passed),
      },
    };
  } finally {
    await closeRig(rig);
  }
}
