import { Client, GatewayIntentBits } from 'discord.js';
import type { Logger } from '../log.js';
import { createRedactor, errorText } from '../http/redact.js';
import type { Redact } from '../http/redact.js';
import { handleInteraction } from './commands/handleInteraction.js';
import type { CommandDeps } from './commands/context.js';
import { createGatewayPacer } from './gatewayPacer.js';
import { endStraySockets, trackGatewaySockets } from './gatewaySockets.js';
import type { GatewayPacer } from './gatewayPacer.js';

/** How long one login may take to reach a ready session before it counts as an outage. */
export const LOGIN_TIMEOUT_MS = 90_000;

const TOKEN_ADVICE = 'Check DISCORD_TOKEN (Developer Portal → your app → Bot → Reset Token).';

/** REST settings shared by the bot client and the REST-only uses (register commands, webhooks). */
export function restOptions(apiUrl: string | undefined) {
  // One quick retry inside discord.js; longer outages are the outbox's job, with backoff and order.
  return { ...(apiUrl ? { api: apiUrl } : {}), retries: 1, timeout: 15_000 };
}

/** Discord refused the bot for good (a bad token, or a gateway refusal no retry can change). */
export class DiscordLoginError extends Error {
  constructor(reason: string, advice: string = TOKEN_ADVICE) {
    super(`Discord login failed: ${reason.replace(/\.$/, '')}. ${advice}`);
    this.name = 'DiscordLoginError';
  }
}

/** Discord did not answer or answered 5xx: an outage, retried later. */
export class DiscordUnavailableError extends Error {
  constructor(reason: string) {
    super(`Discord is unreachable: ${reason}`);
    this.name = 'DiscordUnavailableError';
  }
}

/** Calls `fire` after `ms` and returns a cancel; the login timeout and the waits between logins use one. */
export type SetTimer = (fire: () => void, ms: number) => () => void;

export const realTimer: SetTimer = (fire, ms) => {
  const timer = setTimeout(fire, ms);
  return () => {
    clearTimeout(timer);
  };
};

/** A logged-in client; close() logs it out without its own close being reported as an outage. */
export interface LiveClient {
  readonly client: Client;
  close(): Promise<void>;
}

export interface StartClientOptions {
  readonly token: string;
  readonly apiUrl: string | undefined;
  readonly commands: CommandDeps;
  readonly log: Logger;
  /** Defaults to LOGIN_TIMEOUT_MS. */
  readonly timeoutMs?: number;
  /** Defaults to realTimer; tests pass one they fire themselves, so no login times out by load. */
  readonly setTimer?: SetTimer;
  /** Aborts a login in progress (the bot is stopping). */
  readonly signal?: AbortSignal;
  /** After ready: the gateway closed for good and discord.js will not reconnect by itself. */
  readonly onLost?: (reason: string) => void;
}

/**
 * 401 and discord.js's TokenInvalid mean a bad token; anything else (5xx, network) an outage. The
 * reason is masked: Discord's error text (or a proxy's at DISCORD_API_URL) may echo the token, and a
 * refusal's message ends up on stderr.
 */
function loginFailure(err: unknown, redact: Redact): Error {
  const { status, code } = (typeof err === 'object' && err !== null ? err : {}) as {
    status?: unknown;
    code?: unknown;
  };
  const reason = errorText(err, redact);
  if (status === 401 || code === 'TokenInvalid') return new DiscordLoginError(reason);
  return new DiscordUnavailableError(typeof status === 'number' ? `HTTP ${status}: ${reason}` : reason);
}

/** Close codes after which discord.js gives up (shardDisconnect): the token or the intents are refused. */
function gatewayRefusal(code: number): DiscordLoginError {
  if (code === 4004) return new DiscordLoginError('the gateway refused the token (close code 4004)');
  return new DiscordLoginError(
    `the gateway closed for good with code ${code}`,
    'Check the bot’s intents in the Developer Portal and that discord.js is up to date.',
  );
}

/** Handlers never throw into discord.js: errors become log lines; gateway trouble is logged at warn. */
function listen(client: Client, opts: StartClientOptions, pacer: GatewayPacer, closing: () => boolean): void {
  const { log } = opts;
  let sessions = 0;
  client.on('error', (err) => {
    log.error({ err }, 'Discord client error');
  });
  client.on('warn', (message) => {
    log.warn({ message }, 'Discord client warning');
  });
  client.on('shardReconnecting', (shard) => {
    if (closing()) return;
    log.warn(
      { shard, attempt: pacer.attempts() + 1 },
      'Discord gateway connection lost; reconnecting with backoff (alerts still go out through the REST API)',
    );
  });
  client.on('shardResume', (shard, replayed) => {
    pacer.connected();
    log.warn({ shard, replayed }, 'Discord gateway resumed');
  });
  client.on('shardReady', (shard) => {
    pacer.connected();
    sessions += 1;
    if (sessions > 1) log.warn({ shard }, 'Discord gateway session started again');
  });
  client.on('shardError', (err, shard) => {
    log.warn({ shard, err: { message: err.message } }, 'Discord gateway connection error');
  });
  client.on('interactionCreate', (interaction) => {
    handleInteraction(interaction, opts.commands).catch((err: unknown) => {
      log.error({ err }, 'interaction could not be answered');
    });
  });
}

/** Resolves at clientReady; rejects on a refusal, a timeout, an abort or a failed login. */
function untilReady(
  client: Client,
  opts: StartClientOptions,
  onLost: (reason: string) => void,
): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? LOGIN_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      cancelTimeout();
      opts.signal?.removeEventListener('abort', aborted);
      if (err) reject(err);
      else resolve();
    };
    const cancelTimeout = (opts.setTimer ?? realTimer)(() => {
      finish(new DiscordUnavailableError(`no gateway session within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const aborted = () => {
      finish(new DiscordUnavailableError('the bot is stopping'));
    };
    opts.signal?.addEventListener('abort', aborted);
    if (opts.signal?.aborted) aborted();
    // clientReady can fire before login() resolves, so listen first.
    client.once('clientReady', () => {
      finish();
    });
    client.on('shardDisconnect', (event) => {
      if (!settled) finish(gatewayRefusal(event.code));
      else onLost(`the gateway closed for good (code ${event.code})`);
    });
    client.on('invalidated', () => {
      onLost('the gateway session was invalidated');
    });
    client.login(opts.token).catch((err: unknown) => {
      finish(loginFailure(err, createRedactor([opts.token])));
    });
  });
}

/**
 * Logs in with only the Guilds intent (no privileged intents) and resolves once every guild is
 * ready. Throws DiscordLoginError when Discord refuses the bot, DiscordUnavailableError otherwise.
 */
export async function startDiscordClient(opts: StartClientOptions): Promise<LiveClient> {
  const { log } = opts;
  const pacer = createGatewayPacer({ log });
  const sockets = trackGatewaySockets();
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: restOptions(opts.apiUrl),
    allowedMentions: { parse: [] },
    ws: { buildStrategy: (manager) => sockets.track(pacer.buildStrategy(manager)) },
  });
  let closing = false;
  const close = async () => {
    closing = true;
    pacer.stop();
    const open = sockets.current();
    await client.destroy();
    const ended = endStraySockets(open);
    if (ended > 0) log.debug({ ended }, 'Discord gateway: ended a connection left mid-handshake');
  };
  listen(client, opts, pacer, () => closing);
  try {
    await untilReady(client, opts, (reason) => {
      if (!closing) opts.onLost?.(reason);
    });
  } catch (err) {
    await close();
    throw err;
  }
  log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'Discord ready');
  return { client, close };
}
