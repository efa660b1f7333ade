/**
 * Composition root of the live bot: environment → config → store → providers → monitor → Discord
 * (or console) → scheduler, config watching, and a graceful stop on SIGINT/SIGTERM. Nothing else
 * reads the environment.
 */
import { readFileSync } from 'node:fs';
import type { Client } from 'discord.js';
import { safeLink } from './domain/news/sanitize.js';
import { scoreHeadline } from './domain/news/score.js';
import { createEventService } from './services/eventService.js';
import { createThresholdEditor } from './services/thresholdEditor.js';
import { ConfigError } from './config/config.js';
import type { Config } from './config/config.js';
import { readEnv } from './config/env.js';
import { loadConfigFile } from './config/loadConfig.js';
import { watchConfig } from './config/watchConfig.js';
import { startDiscordClient } from './discord/client.js';
import { createDiscordOutput } from './discord/discordOutput.js';
import { createReactionReporter } from './discord/reactionReporter.js';
import type { DiscordOutput } from './discord/discordOutput.js';
import { createLogger, wantsPretty } from './log.js';
import { createMonitor } from './monitor/monitor.js';
import { ingestNews } from './news/ingestNews.js';
import { createNewsPoller } from './news/newsPoller.js';
import { createNewsSources } from './news/newsSources.js';
import type { Monitor } from './monitor/monitor.js';
import { createProviders } from './providers/index.js';
import { startPoller } from './scheduler/poller.js';
import { createConsoleSink } from './sinks/consoleSink.js';
import type { AlertBatch, AlertSink } from './sinks/sink.js';
import { openStore } from './store/openStore.js';

/** How often queued Discord messages are retried between polls. */
const DELIVERY_RETRY_MS = 5_000;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const envResult = readEnv(process.env);
if (!envResult.ok) fail(`Invalid environment:\n${envResult.problems.map((p) => `  - ${p}`).join('\n')}`);
const env = envResult.env;
const log = createLogger({ level: env.LOG_LEVEL, pretty: wantsPretty(process.env, process.stdout.isTTY) });
const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

let initialConfig: Config;
try {
  initialConfig = loadConfigFile(env.CONFIG_PATH);
} catch (err) {
  fail(err instanceof ConfigError ? err.message : String(err));
}

const store = openStore(env.STATE_DB);
const quotes = createProviders(initialConfig, env, Date.now);
const startedAt = Date.now();

// The monitor needs a sink and the Discord output needs the monitor's config; a late-bound sink breaks the cycle.
let sink: AlertSink = createConsoleSink(process.stdout, 'text');
const lateSink: AlertSink = {
  stage: (batch: AlertBatch) => sink.stage?.(batch),
  deliver: (batch: AlertBatch) => sink.deliver(batch),
};
const monitor: Monitor = createMonitor({
  config: initialConfig,
  store,
  quotes,
  sink: lateSink,
  log,
  now: Date.now,
});
let discord: DiscordOutput | null = null;

const watcher = watchConfig(env.CONFIG_PATH, {
  onChange: (config) => {
    monitor.applyConfig(config);
  },
  onInvalid: (problems) => {
    log.error({ problems }, 'config edit rejected; the running config is kept');
    discord?.notice(
      `⚠️ The edit to the bot's config was rejected and the running config kept:\n${problems.join('\n')}`,
    );
  },
  log,
});
const editor = createThresholdEditor({
  configPath: env.CONFIG_PATH,
  audit: store,
  apply: (config, text) => {
    watcher.markWritten(text);
    monitor.applyConfig(config);
  },
  now: Date.now,
  log,
});

const events = createEventService({
  store,
  monitor,
  score: (title) => scoreHeadline(title, monitor.config().news),
  safeLink,
  now: Date.now,
  log,
});

const newsPoller = createNewsPoller({
  sources: createNewsSources(
    initialConfig.news,
    initialConfig.providers.userAgent,
    initialConfig.news.timeoutMs,
  ),
  backoff: initialConfig.news.backoff,
  now: Date.now,
  log,
});

let client: Client | null = null;
if (env.DISCORD_TOKEN) {
  try {
    client = await startDiscordClient({
      token: env.DISCORD_TOKEN,
      apiUrl: env.DISCORD_API_URL,
      commands: {
        monitor,
        store,
        editor,
        events,
        newsHealth: () => newsPoller.health(),
        now: Date.now,
        log,
        startedAt,
        version,
      },
      log,
    });
  } catch (err) {
    store.close();
    fail((err as Error).message);
  }
}
discord = createDiscordOutput({
  env,
  store,
  config: () => monitor.config(),
  calendar: () => monitor.calendar(),
  ...(client ? { rest: client.rest } : {}),
  now: Date.now,
  log,
});
const output = discord;
if (output) sink = output.sink;
const botClient = client;
const reactions = botClient
  ? createReactionReporter({
      store,
      monitor,
      rest: botClient.rest,
      target: () => env.DISCORD_CHANNEL_ID ?? monitor.config().discord.channelId,
      now: Date.now,
      log,
    })
  : null;
const retryTimer = output ? setInterval(() => void output.delivery.drain(), DELIVERY_RETRY_MS) : null;

const poller = startPoller({
  cron: initialConfig.schedule.cron,
  timezone: initialConfig.schedule.timezone,
  log,
  tick: async () => {
    const result = await monitor.tick(Date.now());
    await reactions?.advance();
    log.debug({ ...result, alerts: result.alerts.length, provider: monitor.activeProvider() }, 'poll done');
  },
});
const newsTask =
  newsPoller.health().length > 0
    ? startPoller({
        cron: initialConfig.news.schedule,
        timezone: 'UTC',
        log,
        tick: async () => {
          const items = await newsPoller.poll();
          const added = ingestNews(items, { store, news: monitor.config().news, now: Date.now(), log });
          if (added.length > 0) {
            monitor.refreshEvents(Date.now());
            await reactions?.advance();
          }
        },
      })
    : null;
log.info(
  {
    version,
    instruments: initialConfig.instruments.map((i) => i.id),
    cron: initialConfig.schedule.cron,
    providers: monitor.providerHealth().map((h) => h.provider),
    newsSources: newsPoller.health().map((h) => h.source),
    output: client ? 'discord bot' : output ? 'discord webhook' : 'console',
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
  await newsTask?.stop();
  watcher.stop();
  if (retryTimer) clearInterval(retryTimer);
  await output?.delivery.drain();
  await client?.destroy();
  store.close();
  log.info('stopped');
  log.flush();
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void shutdown(signal));
}
