/**
 * The composition root of the live bot: config → store → quotes → monitor → outputs (Discord or
 * console) → commands, news, config watching and schedules. `main.ts`, the tests and the harness all
 * build the bot here, so none of them re-wires the graph.
 */
import { REST } from 'discord.js';
import type { Client } from 'discord.js';
import { ConfigError } from './config/config.js';
import type { Config } from './config/config.js';
import { secretValues } from './config/env.js';
import type { Env } from './config/env.js';
import { loadConfigFile } from './config/loadConfig.js';
import { startupChecks } from './config/startupChecks.js';
import { watchConfig } from './config/watchConfig.js';
import type { ConfigWatch } from './config/watchConfig.js';
import { restOptions } from './discord/client.js';
import type { DiscordOutput } from './discord/discordOutput.js';
import { keepDiscordConnected } from './discord/discordSession.js';
import type { DiscordSession } from './discord/discordSession.js';
import { createReactionReporter } from './discord/reactionReporter.js';
import type { ReactionReporter } from './discord/reactionReporter.js';
import { safeLink } from './domain/news/sanitize.js';
import { scoreHeadline } from './domain/news/score.js';
import { packageVersion, redactingLogger } from './log.js';
import type { Logger } from './log.js';
import { createMonitor } from './monitor/monitor.js';
import type { Monitor } from './monitor/monitor.js';
import { ingestNews } from './news/ingestNews.js';
import { createNewsPoller } from './news/newsPoller.js';
import type { NewsPoller } from './news/newsPoller.js';
import { createNewsSources } from './news/newsSources.js';
import { observeOutbox, observeQuotes } from './ops/observe.js';
import { createOps, gatewayState, serveOps } from './ops/ops.js';
import type { Ops } from './ops/ops.js';
import { createTeardown } from './ops/shutdown.js';
import { watchStoreOutage } from './ops/storeOutage.js';
import type { StopOutcome, Teardown } from './ops/shutdown.js';
import { createProviders } from './providers/index.js';
import { createRedactor } from './providers/redact.js';
import type { Redact } from './providers/redact.js';
import type { QuoteSource } from './providers/quoteSource.js';
import { pollPeriodMs } from './scheduler/pollPeriod.js';
import { startPoller } from './scheduler/poller.js';
import { startStreaming } from './stream/startStreaming.js';
import type { TickResult } from './scheduler/tick.js';
import { createEventService } from './services/eventService.js';
import type { EventService } from './services/eventService.js';
import { createThresholdEditor } from './services/thresholdEditor.js';
import type { ThresholdEditor } from './services/thresholdEditor.js';
import { createAlertOutput } from './sinks/alertOutput.js';
import type { OutputKind } from './sinks/alertOutput.js';
import type { TextSink } from './sinks/consoleSink.js';
import { createOutputHub } from './sinks/outputHub.js';
import type { OutputHub } from './sinks/outputHub.js';
import { createWrapPoster } from './wrap/wrapPoster.js';
import { openStore } from './store/openStore.js';
import type { Store } from './store/openStore.js';
import { startRetention } from './store/retention.js';

/** How often queued Discord messages are retried between polls. */
const DELIVERY_RETRY_MS = 5_000;

/** A start that failed for a reason the operator can fix (config, token, paths): its message says how. */
export class BotStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BotStartError';
  }
}

/** A running schedule; stopping waits for a tick in progress. */
export interface ScheduledTask {
  stop(): Promise<void>;
}

/** What runs the bot's recurring work; tests pass a manual one and trigger ticks themselves. */
export interface Scheduler {
  cron(job: { readonly cron: string; readonly timezone: string; tick(): Promise<void> }): ScheduledTask;
  every(ms: number, tick: () => void): ScheduledTask;
}

/** node-cron for the schedules (no overlapping runs), a timer for the retries. */
export function cronScheduler(log: Logger): Scheduler {
  return {
    cron: (job) => startPoller({ ...job, log }),
    every(ms, tick) {
      const timer = setInterval(tick, ms);
      return {
        stop() {
          clearInterval(timer);
          return Promise.resolve();
        },
      };
    },
  };
}

export interface BotOptions {
  /** The parsed environment (src/config/env.ts). */
  readonly env: Env;
  /** Defaults to env.CONFIG_PATH. */
  readonly configPath?: string;
  readonly now: () => number;
  readonly log: Logger;
  /** Replaces the provider chain built from the config (tests: a quote board). */
  readonly quotes?: QuoteSource;
  /** Defaults to node-cron and timers. */
  readonly scheduler?: Scheduler;
  /** Where alerts are printed in console mode; defaults to process.stdout. */
  readonly stdout?: TextSink;
  /** Shown by /status; defaults to package.json's. */
  readonly version?: string;
}

export interface BotHandle {
  readonly config: Config;
  readonly monitor: Monitor;
  readonly store: Store;
  readonly output: OutputKind;
  /** The ready client in bot mode; null while logging in (or retrying an outage) and in other modes. */
  readonly client: Client | null;
  /** Bot mode: the first ready client (login runs beside monitoring). Rejects if the token is refused. */
  readonly discordReady: Promise<Client> | null;
  /**
   * Resolves, once the bot has stopped itself, when Discord refuses the token after start (an
   * invalid token is learnt only from the login, which does not hold up monitoring) or when the state
   * database took no writes for storage.exitAfterFailedPolls polls in a row. Never otherwise.
   */
  readonly fatal: Promise<BotStartError>;
  /** The Discord outbox in bot or webhook mode, else null. */
  readonly discord: DiscordOutput | null;
  /** Reaction reports (bot mode only). */
  readonly reactions: ReactionReporter | null;
  readonly news: NewsPoller;
  /** One poll as the schedule runs it: quotes → alerts → delivery, then reaction reports. */
  poll(): Promise<void>;
  /** One news fetch as the schedule runs it: feeds → events → windows and reports. */
  newsTick(): Promise<void>;
  /** The port /healthz, /readyz and /metrics answer on, or null when HTTP_PORT is unset. */
  readonly httpPort: number | null;
  /**
   * Stops the schedules, finishes the current poll, drains the outbox, logs out, closes the store,
   * within SHUTDOWN_TIMEOUT_MS (then cut short). Idempotent; never rejects.
   */
  stop(): Promise<void>;
  /** Once stop() has resolved: whether the deadline cut it short, and where; null before. */
  stopOutcome(): StopOutcome | null;
}

/** The options as the bot runs with them: a log that masks secrets, the redactor, the version. */
interface RunOptions extends BotOptions {
  readonly redact: Redact;
  readonly version: string;
}

/** Runs `step`, turning a failure into a BotStartError whose message says what to fix. */
function expected<T>(step: () => T, explain: (reason: string) => string): T {
  try {
    return step();
  } catch (err) {
    if (err instanceof ConfigError) throw new BotStartError(err.message);
    throw new BotStartError(explain(err instanceof Error ? err.message : String(err)));
  }
}

/** Polls and news ticks in progress, so stop() can let them finish. */
function createInFlight() {
  const running = new Set<Promise<void>>();
  return {
    track(work: () => Promise<void>): Promise<void> {
      const p = work().finally(() => running.delete(p));
      running.add(p);
      return p;
    },
    async settle() {
      await Promise.allSettled([...running]);
    },
  };
}

interface Core {
  readonly hub: OutputHub;
  readonly monitor: Monitor;
  readonly news: NewsPoller;
  readonly events: EventService;
}

function createCore(options: BotOptions, config: Config, store: Store, ops: Ops | null): Core {
  const { env, now, log } = options;
  const source =
    options.quotes ??
    expected(
      () => createProviders(config, env, now),
      (why) => `cannot set up the quote providers: ${why}`,
    );
  const quotes = ops ? observeQuotes(source, ops.metrics) : source;
  const hub = createOutputHub();
  const monitor = createMonitor({ config, store, quotes, sink: hub.sink, log, now });
  const news = createNewsPoller({
    sources: createNewsSources(config.news, config.providers.userAgent, config.news.timeoutMs),
    backoff: config.news.backoff,
    now,
    log,
  });
  const events = createEventService({
    store,
    monitor,
    score: (title) => scoreHeadline(title, monitor.config().news),
    safeLink,
    now,
    log,
  });
  return { hub, monitor, news, events };
}

/** Hand edits are applied live (or rejected with a notice); /threshold edits are not mistaken for them. */
function watchAndEdit(
  configPath: string,
  core: Core,
  options: BotOptions,
  store: Store,
): { watcher: ConfigWatch; editor: ThresholdEditor } {
  const { monitor, hub } = core;
  const { log, now } = options;
  const watcher = watchConfig(configPath, {
    onChange: (config) => {
      monitor.applyConfig(config);
    },
    // The watcher logs the rejection (one line); the channel hears of it too.
    onInvalid: (problems) => {
      hub.notice(
        `⚠️ The edit to the bot's config was rejected and the running config kept:\n${problems.join('\n')}`,
      );
    },
    log,
  });
  const editor = createThresholdEditor({
    configPath,
    audit: store,
    apply: (config, text) => {
      watcher.markWritten(text);
      monitor.applyConfig(config);
    },
    now,
    log,
  });
  return { watcher, editor };
}

/**
 * Bot mode: logs in beside the monitoring (retried with backoff through outages). Alerts are sent
 * through a REST client of their own, so they go out whenever Discord's API answers, with or
 * without a gateway session; the gateway only brings slash commands.
 */
function connectIfToken(
  options: RunOptions,
  store: Store,
  core: Core,
  editor: ThresholdEditor,
): { session: DiscordSession; rest: REST } | null {
  const { env, now, log } = options;
  if (!env.DISCORD_TOKEN) return null;
  const commands = {
    monitor: core.monitor,
    store,
    editor,
    events: core.events,
    newsHealth: () => core.news.health(),
    now,
    log,
    startedAt: now(),
    version: options.version,
    redact: options.redact,
  };
  const session = keepDiscordConnected({
    token: env.DISCORD_TOKEN,
    apiUrl: env.DISCORD_API_URL,
    commands,
    log,
  });
  return { session, rest: new REST(restOptions(env.DISCORD_API_URL)).setToken(env.DISCORD_TOKEN) };
}

function subscribeOutput(options: RunOptions, store: Store, core: Core, rest: REST | null, ops: Ops | null) {
  const { env, now, log } = options;
  const { monitor } = core;
  const chosen = expected(
    () =>
      createAlertOutput({
        env,
        store: ops ? observeOutbox(store, ops.metrics) : store,
        config: () => monitor.config(),
        calendar: () => monitor.calendar(),
        ...(rest ? { rest } : {}),
        console: { stream: options.stdout ?? process.stdout, format: 'text' },
        now,
        log,
      }),
    (why) => `cannot set up the Discord output: ${why}; check DISCORD_WEBHOOK_URL`,
  );
  core.hub.subscribe(chosen.output);
  const reactions = rest
    ? createReactionReporter({
        store,
        monitor,
        rest,
        target: () => env.DISCORD_CHANNEL_ID ?? monitor.config().discord.channelId,
        now,
        log,
        redact: options.redact,
      })
    : null;
  return { ...chosen, reactions };
}

type Wired = Core & ReturnType<typeof subscribeOutput> & { readonly session: DiscordSession | null };

/** The work of one poll and of one news fetch, shared by the schedules and by the handle. */
function ticks(wired: Wired, store: Store, options: BotOptions, ops: Ops | null) {
  const { monitor, reactions, news, hub } = wired;
  const { log, now } = options;
  const wraps = createWrapPoster({ monitor, store, hub, log });
  const storeOutage = watchStoreOutage({
    writeFailure: () => store.writeFailure(),
    maxFailedPolls: () => monitor.config().storage.exitAfterFailedPolls,
    log,
  });
  const pollOnce = async (): Promise<TickResult> => {
    const result = await monitor.tick(now());
    await reactions?.advance();
    wraps.afterPoll(now());
    log.debug({ ...result, alerts: result.alerts.length, provider: monitor.activeProvider() }, 'poll done');
    return result;
  };
  return {
    storeOutage,
    async poll(): Promise<void> {
      await storeOutage.poll(async () => {
        if (ops) await ops.polls.run(pollOnce);
        else await pollOnce();
      });
    },
    async newsTick() {
      const items = await news.poll();
      const { added, summary } = await ingestNews(items, {
        store,
        news: monitor.config().news,
        now: now(),
        log,
      });
      if (summary !== null) hub.notice(summary);
      ops?.metrics.eventsOpened.inc(added.length);
      if (added.length === 0) return;
      monitor.refreshEvents(now());
      await reactions?.advance();
    },
  };
}

/** Builds and starts the live bot. Throws BotStartError for failures the operator can fix. */
export async function startBot(given: BotOptions): Promise<BotHandle> {
  const { env } = given;
  const configPath = given.configPath ?? env.CONFIG_PATH;
  // Every line the bot logs passes the redactor: text from any server may echo a secret.
  const redact = createRedactor(secretValues(env));
  const log = redactingLogger(given.log, redact);
  const options: RunOptions = { ...given, log, redact, version: given.version ?? packageVersion() };
  const config = expected(
    () => loadConfigFile(configPath),
    (why) => why,
  );
  const checks = startupChecks(config, env, options.now());
  const refusal = checks.find((c) => c.level === 'refuse');
  if (refusal) throw new BotStartError(refusal.message);
  for (const check of checks) log.warn(check.message);
  const store = expected(
    () => openStore(env.STATE_DB),
    // A StoreOpenError already names the file and what to do, in one line.
    (why) => why,
  );
  const teardown = createTeardown(log);
  teardown.push(() => {
    store.close();
  }, 'close the state database');
  // Metrics only when served: without HTTP_PORT the bot runs exactly as it would without them.
  const ops = env.HTTP_PORT === undefined ? null : createOps(options.now);
  try {
    const wired = wire(options, configPath, config, store, teardown, ops);
    const httpPort = ops ? await serveHealth(ops, wired, options, store, teardown) : null;
    return handle(wired, options, config, store, teardown, { ops, httpPort });
  } catch (err) {
    await teardown.run(env.SHUTDOWN_TIMEOUT_MS);
    throw err;
  }
}

/** /healthz, /readyz and /metrics over the wired bot; the server closes before the store. */
async function serveHealth(
  ops: Ops,
  wired: Wired,
  options: BotOptions,
  store: Store,
  teardown: Teardown,
): Promise<number> {
  const { env, now, log } = options;
  const { monitor, news, session } = wired;
  const { cron, timezone } = monitor.config().schedule;
  const view = {
    now,
    startedAt: now(),
    pollPeriodMs: pollPeriodMs(cron, timezone),
    lastPollAt: () => ops.polls.lastCompletedAt(),
    instruments: () => monitor.instruments(),
    latestQuote: (symbol: string) => monitor.latestQuote(symbol),
    providerHealth: () => monitor.providerHealth(),
    newsHealth: () => news.health(),
    gateway: gatewayState(session),
    streamState: () => monitor.streamState(),
  };
  const server = await serveOps(ops, {
    host: env.HTTP_HOST,
    port: env.HTTP_PORT ?? 0,
    store,
    log,
    view,
  }).catch((err: unknown) => {
    throw new BotStartError(err instanceof Error ? err.message : String(err));
  });
  teardown.push(() => server.close(), 'close the health endpoint');
  return server.port;
}

function wire(
  options: RunOptions,
  configPath: string,
  config: Config,
  store: Store,
  teardown: Teardown,
  ops: Ops | null,
): Wired {
  const core = createCore(options, config, store, ops);
  const { env, now, log, quotes } = options;
  const stream = startStreaming({
    monitor: core.monitor,
    hub: core.hub,
    now,
    log,
    quotesReplaced: quotes !== undefined,
    yahooBaseUrl: env.YAHOO_BASE_URL,
  });
  if (stream) teardown.push(() => stream.stop(), 'close the live stream');
  const { watcher, editor } = watchAndEdit(configPath, core, options, store);
  teardown.push(() => {
    watcher.stop();
  });
  const discordBot = connectIfToken(options, store, core, editor);
  const session = discordBot?.session ?? null;
  if (session) teardown.push(() => session.stop(), 'log out of Discord');
  const output = subscribeOutput(options, store, core, discordBot?.rest ?? null, ops);
  const { discord } = output;
  // Drained last before logging out, so alerts queued by the final poll still go out.
  if (discord) teardown.push(() => discord.delivery.drain(), 'send the queued Discord messages');
  return { ...core, ...output, session };
}

function handle(
  wired: Wired,
  options: BotOptions,
  config: Config,
  store: Store,
  teardown: Teardown,
  { ops, httpPort }: { ops: Ops | null; httpPort: number | null },
): BotHandle {
  const { log } = options;
  const scheduler = options.scheduler ?? cronScheduler(log);
  const inFlight = createInFlight();
  const work = ticks(wired, store, options, ops);
  let stopped = false;
  const poll = () => (stopped ? Promise.resolve() : inFlight.track(() => work.poll()));
  const newsTick = () => (stopped ? Promise.resolve() : inFlight.track(() => work.newsTick()));
  const { discord } = wired;
  if (discord) {
    const retry = scheduler.every(DELIVERY_RETRY_MS, () => void discord.delivery.drain());
    teardown.push(() => retry.stop());
  }
  const retentionDays = () => wired.monitor.config().storage.retentionDays;
  const pruning = startRetention({ store, retentionDays, now: options.now, log }, scheduler);
  teardown.push(() => pruning.stop());
  teardown.push(() => inFlight.settle(), 'finish the current poll');
  const { cron, timezone } = config.schedule;
  const polls = scheduler.cron({ cron, timezone, tick: poll });
  teardown.push(() => polls.stop(), 'stop the poll schedule (waits for a running poll)');
  if (wired.news.health().length > 0) {
    const newsTask = scheduler.cron({ cron: config.news.schedule, timezone: 'UTC', tick: newsTick });
    teardown.push(() => newsTask.stop());
  }
  logStarted(wired, options, config);
  const { stop, stopOutcome } = stopOnce(teardown, options, () => {
    stopped = true;
  });
  const { session } = wired;
  return {
    config,
    monitor: wired.monitor,
    store,
    output: wired.kind,
    get client() {
      return session?.client() ?? null;
    },
    discordReady: session?.ready ?? null,
    fatal: stopOnFatal(
      [work.storeOutage.exhausted, ...(session ? [session.refused.then((r) => r.message)] : [])],
      stop,
      log,
    ),
    discord,
    reactions: wired.reactions,
    news: wired.news,
    poll,
    newsTick,
    httpPort,
    stop,
    stopOutcome,
  };
}

/** The handle's stop(): the teardown runs once, within SHUTDOWN_TIMEOUT_MS; `beforeStop` runs on every call. */
function stopOnce(
  teardown: Teardown,
  options: BotOptions,
  beforeStop: () => void,
): { stop: () => Promise<void>; stopOutcome: () => StopOutcome | null } {
  let stopping: Promise<void> | null = null;
  let outcome: StopOutcome | null = null;
  const stop = () => {
    beforeStop();
    stopping ??= teardown.run(options.env.SHUTDOWN_TIMEOUT_MS).then((result) => {
      outcome = result;
      options.log.info({ cutShort: result.cutShort }, 'stopped');
    });
    return stopping;
  };
  return { stop, stopOutcome: () => outcome };
}

/**
 * A refused token, or a state database that took no writes for storage.exitAfterFailedPolls polls,
 * cannot heal by itself: stop (finishing the current poll) and report it for a one-line exit.
 */
async function stopOnFatal(
  reasons: readonly Promise<string>[],
  stop: () => Promise<void>,
  log: Logger,
): Promise<BotStartError> {
  const reason = await Promise.race(reasons);
  log.error({ err: { message: reason } }, 'stopping: the bot cannot go on by itself');
  await stop();
  return new BotStartError(reason);
}

function logStarted(wired: Wired, options: BotOptions, config: Config): void {
  options.log.info(
    {
      version: options.version,
      instruments: config.instruments.map((i) => i.id),
      cron: config.schedule.cron,
      providers: wired.monitor.providerHealth().map((h) => h.name),
      newsSources: wired.news.health().map((h) => h.name),
      output: wired.kind,
      stateDb: options.env.STATE_DB,
    },
    'bot started',
  );
}
