/**
 * The composition root of the live bot, as one straight build: config → store → pipeline → stream →
 * reload → Discord → outputs → status → schedules. `main.ts`, the tests and the harness all build the
 * bot here, so none of them re-wires the graph. Each step pushes its stop onto one LIFO teardown.
 */
import { createConfigHolder } from '../config/configHolder.js';
import { loadConfigFile } from '../config/loadConfig.js';
import { startupChecks } from '../config/startupChecks.js';
import { createOutputHub } from '../hub/outputHub.js';
import { packageVersion, redactingLogger } from '../log.js';
import { createRedactor } from '../http/redact.js';
import { secretValues } from '../config/env.js';
import { createOps } from '../ops/ops.js';
import { createTeardown } from '../ops/shutdown.js';
import type { StopOutcome, Teardown } from '../ops/shutdown.js';
import { openStore } from '../store/openStore.js';
import { startStreaming } from '../stream/startStreaming.js';
import { expected } from './context.js';
import type { BotContext, Core } from './context.js';
import { createCore } from './core.js';
import { connectIfToken, createGatewayState, stopOnFatal } from './discordBot.js';
import { subscribeOutput } from './outputs.js';
import { layStoredOverrides, startReload } from './reload.js';
import { afterPollSteps, startSchedules } from './schedules.js';
import { createStatus, serveHealth } from './status.js';
import { BotStartError } from './types.js';
import type { BotHandle, BotOptions } from './types.js';

/** Loads and checks the config and opens the store: the steps whose failures the operator fixes. */
function openContext(options: BotOptions): BotContext {
  const { env } = options;
  const redact = createRedactor(secretValues(env));
  const log = redactingLogger(options.log, redact);
  const configPath = options.configPath ?? env.CONFIG_PATH;
  const config = expected(
    () => loadConfigFile(configPath),
    (why) => why,
  );
  const checks = startupChecks(config, env, options.now());
  const refusal = checks.find((c) => c.level === 'refuse');
  if (refusal) throw new BotStartError(refusal.message);
  for (const check of checks) log.warn(check.message);
  // A StoreOpenError already names the file (or database) and what to do, in one line.
  const fence = options.replica?.fence;
  const store = expected(
    () => openStore(env.STORE_URL ?? env.STATE_DB, fence ? { fence } : {}),
    (why) => why,
  );
  const teardown = createTeardown(log);
  teardown.push(() => {
    store.close();
  }, 'close the state database');

  return {
    options,
    env,
    now: options.now,
    log,
    redact,
    version: options.version ?? packageVersion(),
    configPath,
    config: createConfigHolder(config),
    store,
    teardown,
    ops: env.HTTP_PORT === undefined ? null : createOps(),
    hub: createOutputHub(log),
  };
}

/** Builds and starts the live bot. Throws BotStartError for failures the operator can fix. */
export async function startBot(options: BotOptions): Promise<BotHandle> {
  const ctx = openContext(options);
  try {
    if (ctx.store.shared) await layStoredOverrides(ctx);
    return await build(ctx);
  } catch (err) {
    await ctx.teardown.run(options.env.SHUTDOWN_TIMEOUT_MS);
    throw err;
  }
}

/** The live stream beside polling, or null when it is off; closed at stop. */
function startStream(ctx: BotContext, core: Core) {
  const stream = startStreaming({
    config: ctx.config,
    monitor: core.monitor,
    hub: ctx.hub,
    now: ctx.now,
    log: ctx.log,
    quotesReplaced: ctx.options.quotes !== undefined,
    yahooBaseUrl: ctx.env.YAHOO_BASE_URL,
  });
  if (stream) ctx.teardown.push(() => stream.stop(), 'close the live stream');
  return stream;
}

async function build(ctx: BotContext): Promise<BotHandle> {
  const { log, ops } = ctx;
  const core = createCore(ctx);
  const stream = startStream(ctx, core);
  const editor = startReload(ctx);
  const gateway = createGatewayState();
  const status = createStatus(ctx, core, {
    gateway: () => gateway.state(),
    stream: () => stream?.state() ?? null,
  });
  const { config, store } = ctx;
  const bot = connectIfToken(ctx, {
    config,
    monitor: core.monitor,
    store,
    editor,
    events: core.events,
    personal: core.personal,
    status,
  });
  if (bot) gateway.follow(bot.session);
  const output = subscribeOutput(ctx, bot);
  const httpPort = ops ? await serveHealth(ctx, ops, status) : null;
  const schedules = startSchedules(ctx, core, output, afterPollSteps(ctx, core, stream));
  logStarted(ctx, core, output.kind);
  const { stop, stopOutcome } = stopOnce(ctx.teardown, ctx, schedules.halt);
  const session = bot?.session ?? null;
  return {
    config,
    monitor: core.monitor,
    store,
    status,
    output: output.kind,
    get client() {
      return session?.client() ?? null;
    },
    discordReady: session?.ready ?? null,
    fatal: stopOnFatal(
      [schedules.storeExhausted, ...(session ? [session.refused.then((r) => r.message)] : [])],
      stop,
      log,
    ),
    discord: output.discord,
    reactions: core.reports,
    news: core.news,
    poll: schedules.poll,
    newsTick: schedules.newsTick,
    httpPort,
    stop,
    stopOutcome,
  };
}

/** The handle's stop(): the teardown runs once, within SHUTDOWN_TIMEOUT_MS; `beforeStop` runs on every call. */
function stopOnce(
  teardown: Teardown,
  ctx: BotContext,
  beforeStop: () => void,
): { stop: () => Promise<void>; stopOutcome: () => StopOutcome | null } {
  let stopping: Promise<void> | null = null;
  let outcome: StopOutcome | null = null;
  const stop = () => {
    beforeStop();
    stopping ??= teardown.run(ctx.env.SHUTDOWN_TIMEOUT_MS).then((result) => {
      outcome = result;
      ctx.log.info({ cutShort: result.cutShort }, 'stopped');
    });
    return stopping;
  };
  return { stop, stopOutcome: () => outcome };
}

function logStarted(ctx: BotContext, core: Core, output: string): void {
  const config = ctx.config.current();
  ctx.log.info(
    {
      version: ctx.version,
      instruments: config.instruments.map((i) => i.id),
      cron: config.schedule.cron,
      providers: core.monitor.providerHealth().map((h) => h.name),
      newsSources: core.news.health().map((h) => h.name),
      output,
      store: ctx.store.path,
    },
    'bot started',
  );
}
