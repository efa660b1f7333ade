import type { Client } from 'discord.js';
import type { ConfigHolder } from '../config/configHolder.js';
import type { Env } from '../config/env.js';
import type { RenderChartPng } from '../discord/alertMessage.js';
import type { DiscordOutput } from '../discord/discordOutput.js';
import type { ReactionReporter } from '../reports/reactionReporter.js';
import type { Logger } from '../log.js';
import type { NewsPoller } from '../news/newsPoller.js';
import type { StopOutcome } from '../ops/shutdown.js';
import type { Monitor } from '../pipeline/monitor.js';
import type { QuoteSource } from '../providers/quoteSource.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { StatusModel } from '../status/botStatus.js';
import type { Store, StoreFence } from '../store/openStore.js';
import type { ReplicaView } from '../status/replicaView.js';
import type { TextSink } from '../console/consoleSink.js';

/** Where alerts go. */
export type OutputKind = 'discord bot' | 'discord webhook' | 'console';

/** A start that failed for a reason the operator can fix (config, token, paths): its message says how. */
export class BotStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BotStartError';
  }
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
  /** Renders alert charts; defaults to the chart worker (the delivery bench turns charts off with it). */
  readonly renderChartPng?: RenderChartPng;
  /** Shown by /status; defaults to package.json's. */
  readonly version?: string;
  /**
   * Set when this bot leads replicas sharing a PostgreSQL store (src/replicas): every store write
   * carries the lease's fencing token, and /readyz and /metrics show the role.
   */
  readonly replica?: {
    readonly fence: StoreFence;
    readonly view: () => ReplicaView;
  };
}

export interface BotHandle {
  /** The running config: hand edits and /threshold edits arrive here. */
  readonly config: ConfigHolder;
  readonly monitor: Monitor;
  readonly store: Store;
  /** The one status read model behind /status, /readyz and /metrics. */
  readonly status: StatusModel;
  readonly output: OutputKind;
  /** The ready client in bot mode; null while logging in (or retrying an outage) and in other modes. */
  readonly client: Client | null;
  /** Bot mode: the first ready client (login runs beside monitoring). Rejects if the token is refused. */
  readonly discordReady: Promise<Client> | null;
  /**
   * Resolves, once the bot has stopped itself, when Discord refuses the token after start (an
   * invalid token is learnt only from the login, which does not hold up monitoring). Never otherwise.
   */
  readonly fatal: Promise<BotStartError>;
  /** The Discord outbox in bot or webhook mode, else null. */
  readonly discord: DiscordOutput | null;
  /** Reaction reports, in every output mode (Discord posts then edits them; the console prints them). */
  readonly reactions: ReactionReporter;
  readonly news: NewsPoller;
  /** One poll as the schedule runs it: quotes → alerts → delivery, then the after-poll steps. */
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
