/**
 * Composition root of the live bot: environment → config → store → providers → core → sink →
 * scheduler, and a graceful stop on SIGINT/SIGTERM. Nothing else reads the environment.
 */
import { ConfigError } from './config/config.js';
import { readEnv } from './config/env.js';
import { loadConfigFile } from './config/loadConfig.js';
import { createCalendar } from './domain/calendar.js';
import { createEngine } from './domain/engine.js';
import { toNewsEvents } from './domain/events.js';
import { createLogger, wantsPretty } from './log.js';
import { createProviders } from './providers/index.js';
import { startPoller } from './scheduler/poller.js';
import { createTickMemory, restoreState, runTick } from './scheduler/tick.js';
import { createConsoleSink } from './sinks/consoleSink.js';
import { openStore } from './store/openStore.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const envResult = readEnv(process.env);
if (!envResult.ok) fail(`Invalid environment:\n${envResult.problems.map((p) => `  - ${p}`).join('\n')}`);
const env = envResult.env;
const log = createLogger({ level: env.LOG_LEVEL, pretty: wantsPretty(process.env, process.stdout.isTTY) });

let config;
try {
  config = loadConfigFile(env.CONFIG_PATH);
} catch (err) {
  fail(err instanceof ConfigError ? err.message : String(err));
}

const store = openStore(env.STATE_DB);
const calendar = createCalendar(config.markets);
const quotes = createProviders(config, env, Date.now);
const engine = createEngine({
  config,
  calendar,
  events: toNewsEvents(config.events.list, config.events.windowMinutes),
});
const deps = {
  instruments: config.instruments,
  calendar,
  quotes,
  engine,
  store,
  sink: createConsoleSink(process.stdout, 'text'),
  log,
};
restoreState(deps);
const memory = createTickMemory();

const poller = startPoller({
  cron: config.schedule.cron,
  timezone: config.schedule.timezone,
  log,
  tick: async () => {
    const result = await runTick(deps, memory, Date.now());
    log.debug({ ...result, alerts: result.alerts.length, provider: quotes.activeProvider() }, 'poll done');
  },
});
log.info(
  {
    instruments: config.instruments.map((i) => i.id),
    cron: config.schedule.cron,
    providers: quotes.health().map((h) => h.provider),
    stateDb: env.STATE_DB,
  },
  'bot started',
);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'stopping: finishing the current poll');
  await poller.stop();
  store.close();
  log.info('stopped');
  log.flush();
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void shutdown(signal));
}
