/**
 * Keeps the bot logged in to Discord beside the monitoring, never in front of it: a login that
 * fails for an outage (5xx, network, timeout) is retried with backoff and logged at warn; a refused
 * token ends the session for good (`refused`), which the bot turns into a one-line exit.
 */
import type { Client } from 'discord.js';
import { backoffDelayMs, type BackoffPolicy } from '../resilience/backoff.js';
import { DiscordLoginError, startDiscordClient } from './client.js';
import type { LiveClient, StartClientOptions } from './client.js';

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

/** Starts logging in and returns at once. */
export function keepDiscordConnected(opts: SessionOptions): DiscordSession {
  const { log } = opts;
  const policy = opts.backoff ?? LOGIN_BACKOFF;
  const random = opts.random ?? Math.random;
  const stopping = new AbortController();
  // A function, not the property: the stop can come during any await.
  const stopped = () => stopping.signal.aborted;
  const ready = deferred<Client>();
  const refused = deferred<DiscordLoginError>();
  let live: LiveClient | null = null;

  /** Resolves after `ms`, or at once when the session stops. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        stopping.signal.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      stopping.signal.addEventListener('abort', wake);
    });

  async function logIn(): Promise<void> {
    for (let failures = 0; !stopped();) {
      try {
        live = await startDiscordClient({ ...opts, signal: stopping.signal, onLost: relogIn });
        ready.resolve(live.client);
        return;
      } catch (err) {
        if (stopped()) return;
        if (err instanceof DiscordLoginError) {
          refused.resolve(err);
          ready.reject(err);
          return;
        }
        failures += 1;
        const retryInMs = backoffDelayMs(policy, failures, { jitter: random() * 0.2 });
        const error = err instanceof Error ? err.message : String(err);
        log.warn(
          { attempt: failures, error, retryInMs },
          'Discord login failed; retrying. Monitoring goes on and alerts queue until Discord answers',
        );
        await pause(retryInMs);
      }
    }
  }

  let running = logIn();

  function relogIn(reason: string): void {
    const lost = live;
    if (!lost || stopped()) return;
    live = null;
    log.warn({ reason }, 'Discord session lost; logging in again');
    running = running
      .then(async () => {
        await lost.close();
        await logIn();
      })
      .catch((err: unknown) => {
        log.error({ err }, 'logging in to Discord again failed; restart the bot to restore slash commands');
      });
  }

  return {
    client: () => live?.client ?? null,
    ready: ready.promise,
    refused: refused.promise,
    async stop() {
      stopping.abort();
      ready.reject(new Error('the bot stopped before Discord was ready'));
      await running;
      const last = live;
      live = null;
      await last?.close();
    },
  };
}
