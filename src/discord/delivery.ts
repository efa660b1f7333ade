import type { Logger } from '../log.js';
import type { OutboxEntry, OutboxStore } from '../store/outbox.js';

export interface DeliveryBackoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: DeliveryBackoff = { initialMs: 2_000, maxMs: 5 * 60_000 };

/** Sends one outbox entry; returns the posted message id (null if the target does not say). */
export type SendEntry = (entry: OutboxEntry, now: number) => Promise<string | null>;

export interface Delivery {
  /** Sends every due entry in order; stops at the first temporary failure so order is kept. */
  drain(): Promise<number>;
}

/** A 400 means Discord will never take this payload: retrying would block the queue forever. */
function isPermanent(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { status?: unknown }).status === 400;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const status = (err as { status?: unknown }).status;
    return typeof status === 'number' ? `HTTP ${status}: ${err.message}` : err.message;
  }
  return String(err);
}

export function createDelivery(deps: {
  readonly store: OutboxStore;
  readonly send: SendEntry;
  readonly now: () => number;
  readonly log: Logger;
  readonly backoff?: DeliveryBackoff;
}): Delivery {
  const { store, send, now, log } = deps;
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  let running: Promise<number> | null = null;

  async function drainOnce(): Promise<number> {
    let sent = 0;
    for (let entry = store.nextDue(now()); entry; entry = store.nextDue(now())) {
      try {
        const messageId = await send(entry, now());
        store.markSent(entry.seq, messageId, now());
        sent++;
        log.info(
          { seq: entry.seq, target: entry.target, messageId, attempts: entry.attempts + 1 },
          'delivered',
        );
      } catch (err) {
        const error = describe(err);
        if (isPermanent(err)) {
          store.markFailed(entry.seq, error);
          log.error(
            { seq: entry.seq, target: entry.target, error },
            'Discord rejected the message; dropped from the queue',
          );
          continue;
        }
        const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** entry.attempts);
        store.markRetry(entry.seq, error, now() + delay);
        log.warn(
          { seq: entry.seq, target: entry.target, error, retryInMs: delay, queued: store.pendingCount() },
          'delivery failed; queued alerts will go out in order when Discord answers',
        );
        break;
      }
    }
    return sent;
  }

  return {
    drain() {
      // One drain at a time: a tick and the retry timer must not send the same entry twice.
      running ??= drainOnce().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
