/**
 * Keeps the bot logged in to Discord beside the monitoring, never in front of it: a login that
 * fails for an outage (5xx, network, timeout) is retried with backoff and logged at warn; a refused
 * token ends the session for good (`refused`), which the bot turns into a one-line exit.
 */
import type { Client } from 'discord.js';
import { backoffDelayMs, type BackoffPolicy } from '../resilience/backoff.js';
import { DiscordLoginError, realTimer, startDiscordClient } from './client.js';
import type { LiveClient, SetTimer, StartClientOptions } from './client.js';

/** Between failed logins: doubling from 2 s to 2 min. */
export const LOGIN_BACKOFF: BackoffPolicy = { initialMs: 2_000, maxMs: 120_000 };

export interface DiscordSession {
  /** The ready client, or null while logging in (slash commands answer only once it is set). */
  client(): Client | null;
  /** The first ready client; rejects if Discord refuses the bot or the session stops first. */
  readonly ready: Promise<Client>;
  /** Resolves when Discord refuses the bot (bad token); nothing is retried after that. */
  readonly refused: Promise<DiscordLoginError>;
  /** Logs out, or abandons a login in progress. Idempotent. */
  stop(): Promise<void>;
}

export type SessionOptions = Omit<StartClientOptions, 'signal' | 'onLost'> & {
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
};

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Marked handled: a session nobody waits on must not crash the process with an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal, setTimer: SetTimer): Promise<void> {
  return new Promise<void>((resolve) => {
    const wake = () => {
      cancel();
      signal.removeEventListener('abort', wake);
      resolve();
    };
    const cancel = setTimer(wake, ms);
    signal.addEventListener('abort', wake);
  });
}

/** What one session holds while it runs. */
interface SessionState {
  readonly stopping: AbortController;
  readonly ready: ReturnType<typeof deferred<Client>>;
  readonly refused: ReturnType<typeof deferred<DiscordLoginError>>;
  live: LiveClient | null;
  running: Promise<void>;
}

/** Logs in until it works, Discord refuses the bot, or the session stops. */
async function logIn(
  opts: SessionOptions,
  state: SessionState,
  onLost: (reason: string) => void,
): Promise<void> {
  const policy = opts.backoff ?? LOGIN_BACKOFF;
  const random = opts.random ?? Math.random;
  const { signal } = state.stopping;
  // A function, not the property: the stop can come during any await.
  const stopped = () => signal.aborted;
  for (let failures = 0; !stopped();) {
    try {
      state.live = await startDiscordClient({ ...opts, signal, onLost });
      state.ready.resolve(state.live.client);
      return;
    } catch (err) {
      if (stopped()) return;
      if (err instanceof DiscordLoginError) {
        state.refused.resolve(err);
        state.ready.reject(err);
        return;
      }
      failures += 1;
      const retryInMs = backoffDelayMs(policy, failures, { jitter: random() * 0.2 });
      const error = err instanceof Error ? err.message : String(err);
      opts.log.warn(
        { attempt: failures, err: { message: error }, retryInMs },
        'Discord login failed; retrying. Monitoring goes on and alerts queue until Discord answers',
      );
      await pause(retryInMs, signal, opts.setTimer ?? realTimer);
    }
  }
}

/** Starts logging in and returns at once. */
export function keepDiscordConnected(opts: SessionOptions): DiscordSession {
  const state: SessionState = {
    stopping: new AbortController(),
    ready: deferred<Client>(),
    refused: deferred<DiscordLoginError>(),
    live: null,
    running: Promise.resolve(),
  };
  const relogIn = (reason: string): void => {
    const lost = state.live;
    if (!lost || state.stopping.signal.aborted) return;
    state.live = null;
    opts.log.warn({ reason }, 'Discord session lost; logging in again');
    state.running = state.running
      .then(async () => {
        await lost.close();
        await logIn(opts, state, relogIn);
      })
      .catch((err: unknown) => {
        opts.log.error(
          { err },
          'logging in to Discord again failed; restart the bot to restore slash commands',
        );
      });
  };
  state.running = logIn(opts, state, relogIn);
  return {
    client: () => state.live?.client ?? null,
    ready: state.ready.promise,
    refused: state.refused.promise,
    async stop() {
      state.stopping.abort();
      state.ready.reject(new Error('the bot stopped before Discord was ready'));
      await state.running;
      const last = state.live;
      state.live = null;
      await last?.close();
    },
  };
}
