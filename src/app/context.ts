import type { ConfigHolder } from '../config/configHolder.js';
import { ConfigError } from '../config/config.js';
import type { Env } from '../config/env.js';
import type { OutputHub } from '../hub/outputHub.js';
import type { Redact } from '../http/redact.js';
import type { Logger } from '../log.js';
import type { NewsPoller } from '../news/newsPoller.js';
import type { Ops } from '../ops/ops.js';
import type { Teardown } from '../ops/shutdown.js';
import type { Monitor } from '../pipeline/monitor.js';
import type { ReactionReporter } from '../reports/reactionReporter.js';
import type { PersonalAlertService } from '../services/personalAlertService.js';
import type { EventService } from '../services/eventService.js';
import type { Store } from '../store/openStore.js';
import { BotStartError } from './types.js';
import type { BotOptions } from './types.js';

/**
 * What every build step of the bot shares, made once at the start: the steps take it instead of
 * threading the same five values through each other.
 */
export interface BotContext {
  readonly options: BotOptions;
  readonly env: Env;
  readonly now: () => number;
  /** The bot's log: every line passes the redactor, since text from any server may echo a secret. */
  readonly log: Logger;
  /** Masks the environment's secrets (and any 6+ character piece of one) in text. */
  readonly redact: Redact;
  readonly version: string;
  readonly configPath: string;
  readonly config: ConfigHolder;
  readonly store: Store;
  /** Stops run last-pushed first (a LIFO stack), each bounded by SHUTDOWN_TIMEOUT_MS as a whole. */
  readonly teardown: Teardown;
  /** Metrics, only when HTTP_PORT is set: without it the bot runs exactly as it would without them. */
  readonly ops: Ops | null;
  /** Every outgoing message (alerts, notices, wraps, reaction reports) goes through the hub. */
  readonly hub: OutputHub;
}

/** The pipeline and the news side, built on the context. */
export interface Core {
  readonly monitor: Monitor;
  readonly news: NewsPoller;
  readonly events: EventService;
  /** Members' own alerts (/alert): add, list, remove; matched in the pipeline. */
  readonly personal: PersonalAlertService;
  /** Reaction reports, published to the hub whatever the output. */
  readonly reports: ReactionReporter;
}

/** Runs `step`, turning a failure into a BotStartError whose message says what to fix. */
export function expected<T>(step: () => T, explain: (reason: string) => string): T {
  try {
    return step();
  } catch (err) {
    if (err instanceof ConfigError) throw new BotStartError(err.message);
    throw new BotStartError(explain(err instanceof Error ? err.message : String(err)));
  }
}
