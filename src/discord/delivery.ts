import type { Logger } from '../log.js';
import { redactSecretParams, type Redact } from '../http/redact.js';
import { backoffDelayMs, type BackoffPolicy } from '../resilience/backoff.js';
import type { OutboxEntry, OutboxStore } from '../store/outbox.js';

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 2_000, maxMs: 5 * 60_000 };

/** Sends one outbox entry; returns the posted message id (null if the target does not say). */
export type SendEntry = (entry: OutboxEntry, now: number) => Promise<string | null>;

export interface Delivery {
  /**
   * Sends every due entry, in order per destination; a temporary failure holds back only its own
   * destination, and a permanent one moves the entry to the dead letters.
   */
  drain(): Promise<number>;
}

/**
 * Answers that no retry can change: a payload Discord will never take (400), a channel, webhook or
 * message that is gone (404) or that the bot may not post to or edit (403). Discord's JSON codes say
 * the same for an unknown channel (10003), message (10008) or webhook (10015), missing access
 * (50001) or permissions (50013). Everything else (429, 5xx, 401, network) is an outage of Discord
 * or of the bot, and is retried.
 */
const PERMANENT_STATUSES: ReadonlySet<number> = new Set([400, 403, 404]);
const PERMANENT_CODES: ReadonlySet<number> = new Set([10003, 10008, 10015, 50001, 50013]);

function errorFacts(err: unknown): { status?: number; code?: number } {
  if (typeof err !== 'object' || err === null) return {};
  const { status, code } = err as { status?: unknown; code?: unknown };
  return {
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof code === 'number' ? { code } : {}),
  };
}

export function isPermanentFailure(err: unknown): boolean {
  const { status, code } = errorFacts(err);
  return (
    (status !== undefined && PERMANENT_STATUSES.has(status)) ||
    (code !== undefined && PERMANENT_CODES.has(code))
  );
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const { status, code } = errorFacts(err);
  const prefix = [status === undefined ? '' : `HTTP ${status}`, code === undefined ? '' : `code ${code}`]
    .filter(Boolean)
    .join(' ');
  return prefix ? `${prefix}: ${err.message}` : err.message;
}

/** `held`: not posted, because the entry could not be claimed; it stays queued for whoever can. */
type Outcome = 'sent' | 'dead' | 'retry' | 'held';

/**
 * Claims the entry in the store before posting it, so a write that would fail after the post fails
 * before it: on a shared store a replica that lost the leader lease is fenced out here, and a store
 * that takes no writes posts nothing it could not mark sent.
 */
function claimed(deps: DeliveryDeps, entry: OutboxEntry): boolean {
  try {
    return deps.store.claimForSend(entry.seq, deps.now());
  } catch (err) {
    const why = (deps.redact ?? redactSecretParams)(err instanceof Error ? err.message : String(err));
    deps.log.warn(
      { seq: entry.seq, target: entry.target, err: { message: why } },
      'not posted: the store refused the claim',
    );
    return false;
  }
}

interface DeliveryDeps {
  readonly store: OutboxStore;
  readonly send: SendEntry;
  readonly now: () => number;
  readonly log: Logger;
  readonly backoff?: BackoffPolicy;
  /**
   * Masks secrets in a failure's text before it is logged or kept (outbox, dead letters, /status):
   * Discord's error text, or a proxy's, may echo the token. Defaults to secret-named parameters.
   */
  readonly redact?: Redact;
}

/** One send: delivered, moved to the dead letters, or scheduled for a retry with backoff. */
async function attempt(deps: DeliveryDeps, entry: OutboxEntry): Promise<Outcome> {
  const { store, now, log } = deps;
  const { seq, target } = entry;
  if (entry.kind === 'edit' && entry.messageId === null) {
    // Its post went out without a message id (Discord did not say), so there is nothing to edit.
    store.moveToDeadLetters(seq, 'nothing to edit: its post has no message id', now());
    log.error({ seq, target, reportKey: entry.reportKey }, 'edit dropped: its post has no message id');
    return 'dead';
  }
  if (!claimed(deps, entry)) return 'held';
  try {
    const messageId = await deps.send(entry, now());
    store.markSent(seq, messageId, now());
    log.info({ seq, target, messageId, attempts: entry.attempts + 1 }, 'delivered');
    return 'sent';
  } catch (err) {
    const error = (deps.redact ?? redactSecretParams)(describe(err));
    if (isPermanentFailure(err)) {
      store.moveToDeadLetters(seq, error, now());
      log.error(
        { seq, target, err: { message: error } },
        'Discord refused the message for good; moved to the dead letters (see /status). Check the channel id and the bot’s permissions there',
      );
      return 'dead';
    }
    // The outbox row counts earlier attempts, so this failure is number attempts + 1.
    const delay = backoffDelayMs(deps.backoff ?? DEFAULT_BACKOFF, entry.attempts + 1);
    store.markRetry(seq, error, now() + delay);
    log.warn(
      { seq, target, err: { message: error }, retryInMs: delay, queued: store.pendingCount() },
      'delivery failed; this destination’s alerts will go out in order when Discord answers',
    );
    return 'retry';
  }
}

/** One destination's queue, in order, until it is empty, not yet due, or waiting on a retry. */
async function drainTarget(deps: DeliveryDeps, head: OutboxEntry): Promise<number> {
  let sent = 0;
  for (let entry: OutboxEntry | null = head; entry; entry = deps.store.nextDueFor(head.target, deps.now())) {
    const outcome = await attempt(deps, entry);
    if (outcome === 'retry' || outcome === 'held') break;
    if (outcome === 'sent') sent++;
  }
  return sent;
}

export function createDelivery(deps: DeliveryDeps): Delivery {
  // One worker per destination at a time, so a destination's entries are never sent twice or out of
  // order, and a slow or failing destination never delays another.
  const workers = new Map<string, Promise<number>>();
  return {
    async drain() {
      for (const head of deps.store.dueHeads(deps.now())) {
        if (workers.has(head.target)) continue;
        const worker = drainTarget(deps, head).finally(() => workers.delete(head.target));
        workers.set(head.target, worker);
      }
      const counts = await Promise.all([...workers.values()]);
      return counts.reduce((a, b) => a + b, 0);
    },
  };
}
