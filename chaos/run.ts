/**
 * `npm run chaos`: the built bot (node dist/main.js) in three scenarios, one after the other, each
 * against local fakes (Yahoo, Discord, the streamer) on 127.0.0.1 only:
 *   delivery  30 % Yahoo and Discord faults, lone bad ticks, kill -9 restarts;
 *   stream    the stream faults of issue 18, each followed by real level crosses;
 *   control   a Discord without nonce memory and planned dropped answers: it must show doubles.
 * Prints one JSON summary; exits 1 on any lost, doubled or false alert, late probe or crash, or when
 * the control shows no doubles; 2 when it could not run. CHAOS_SEED replays the choices of faults,
 * CHAOS_KEEP=1 keeps every scenario's folder, CHAOS_ONLY=stream,control runs some.
 *
 * `npm run chaos -- --ha` runs only the HA scenario instead (replicas on an embedded PostgreSQL,
 * the leader killed again and again) and prints its summary as one JSON line. See docs/chaos.md.
 */
import { ensureBuilt } from './build.js';
import { runControlScenario } from './controlScenario.js';
import { runDeliveryScenario } from './deliveryScenario.js';
import { runHaScenario } from './haScenario.js';
import type { ScenarioReport } from './scenario.js';
import { runStreamScenario } from './streamScenario.js';

const SCENARIOS: Record<string, (seed: number) => Promise<ScenarioReport>> = {
  delivery: runDeliveryScenario,
  stream: runStreamScenario,
  control: runControlScenario,
};

type Scenario = [name: string, run: (seed: number) => Promise<ScenarioReport>];

function chosenScenarios(): Scenario[] {
  const only = process.env.CHAOS_ONLY;
  if (only === undefined || only === '') return Object.entries(SCENARIOS);
  const names = only.split(',').map((n) => n.trim());
  const chosen = Object.entries(SCENARIOS).filter(([name]) => names.includes(name));
  const unknown = names.filter((n) => !(n in SCENARIOS));
  if (unknown.length > 0) {
    throw new Error(
      `chaos: CHAOS_ONLY names no scenario ${unknown.join(', ')}; use ${Object.keys(SCENARIOS).join(', ')}`,
    );
  }
  return chosen;
}

function chosenSeed(): number {
  const seed = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
  if (!Number.isSafeInteger(seed))
    throw new Error(`chaos: CHAOS_SEED must be an integer, got "${process.env.CHAOS_SEED}"`);
  return seed;
}

/** The HA run alone, its summary on one line. */
async function mainHa(): Promise<number> {
  const startedAt = Date.now();
  const seed = chosenSeed();
  const rebuilt = ensureBuilt();
  const { passed, report } = await runHaScenario(seed);
  const wallSeconds = Math.round((Date.now() - startedAt) / 100) / 10;
  process.stdout.write(`${JSON.stringify({ scenario: 'ha', seed, rebuilt, ...report, wallSeconds })}\n`);
  return passed ? 0 : 1;
}

function chosenRun(args: readonly string[]): () => Promise<number> {
  const unknown = args.filter((a) => a !== '--ha');
  if (unknown.length > 0) throw new Error(`chaos: unknown option ${unknown.join(' ')}; the only one is --ha`);
  return args.includes('--ha') ? mainHa : main;
}

async function main(): Promise<number> {
  const startedAt = Date.now();
  const seed = chosenSeed();
  const scenarios = chosenScenarios();
  const rebuilt = ensureBuilt();
  const results: Record<string, ScenarioReport> = {};
  // One after the other: the flood and the kills would otherwise disturb each other's timings.
  for (const [name, run] of scenarios) results[name] = await run(seed);
  const sum = (pick: (r: ScenarioReport) => number) =>
    Object.values(results).reduce((n, r) => n + pick(r), 0);
  const totals = {
    lost: sum((r) => r.figures.lost),
    doubled: sum((r) => r.figures.doubled),
    false: sum((r) => r.figures.false),
    crashes: sum((r) => r.figures.crashes),
    late: sum((r) => r.figures.late ?? 0),
  };
  const passed = Object.values(results).every((r) => r.passed);
  const summary = {
    passed,
    seed,
    wallSeconds: Math.round((Date.now() - startedAt) / 100) / 10,
    rebuilt,
    totals,
    failed: Object.keys(results).filter((name) => results[name]?.passed === false),
    scenarios: Object.fromEntries(Object.entries(results).map(([name, r]) => [name, r.report])),
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  return passed ? 0 : 1;
}

Promise.resolve()
  .then(() => chosenRun(process.argv.slice(2))())
  .then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
