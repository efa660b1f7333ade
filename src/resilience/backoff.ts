/**
 * Exponential backoff and the small "circuit" every retried outside call keeps (quote providers,
 * news sources, the Discord outbox). Pure: the time and any randomness are arguments.
 *
 * Not in src/domain: retrying outside calls is the adapters' concern, not the market's vocabulary.
 * The Discord outbox uses only the delay: its attempts and retry time live in the outbox rows, so
 * they survive a restart, rather than in a circuit held in memory.
 */

export interface BackoffPolicy {
  /** Delay after the first failure. */
  readonly initialMs: number;
  /** No delay is ever longer than this. */
  readonly maxMs: number;
  /** Growth per further failure; 2 (doubling) unless said otherwise. */
  readonly factor?: number;
}

export interface DelayOptions {
  /** A fraction in [0, 1) taken off the exponential delay, so many callers do not retry in step. */
  readonly jitter?: number;
  /** A floor the caller knows of, such as a server's Retry-After; still capped by maxMs. */
  readonly atLeastMs?: number;
}

/** The policy from a config's `{ initialSeconds, maxSeconds }`. */
export function policyFromSeconds(seconds: {
  readonly initialSeconds: number;
  readonly maxSeconds: number;
}): BackoffPolicy {
  return { initialMs: seconds.initialSeconds * 1000, maxMs: seconds.maxSeconds * 1000 };
}

/** How long to wait after the n-th consecutive failure (n ≥ 1). */
export function backoffDelayMs(policy: BackoffPolicy, failures: number, options: DelayOptions = {}): number {
  const exponential = policy.initialMs * (policy.factor ?? 2) ** Math.max(0, failures - 1);
  const jittered = exponential * (1 - (options.jitter ?? 0));
  return Math.min(Math.max(jittered, options.atLeastMs ?? 0), policy.maxMs);
}

/** What one retried target remembers between calls. */
export interface Circuit {
  readonly consecutiveFailures: number;
  /** While the clock is before this, calls are skipped. */
  readonly retryAt: number | null;
  readonly lastError: string | null;
  readonly lastSuccessAt: number | null;
}

export const CLOSED_CIRCUIT: Circuit = {
  consecutiveFailures: 0,
  retryAt: null,
  lastError: null,
  lastSuccessAt: null,
};

/** When the circuit may be tried again, or null if it may be tried now. */
export function skipUntil(circuit: Circuit, now: number): number | null {
  return circuit.retryAt !== null && now < circuit.retryAt ? circuit.retryAt : null;
}

export function recordSuccess(circuit: Circuit, now: number): Circuit {
  return { ...circuit, consecutiveFailures: 0, retryAt: null, lastError: null, lastSuccessAt: now };
}

export interface Failure extends DelayOptions {
  readonly now: number;
  readonly error: string;
  readonly policy: BackoffPolicy;
}

/**
 * Counts a failure and backs off. A failure while the backoff already runs came from a call that
 * started before it (same outage): it updates the error but does not lengthen the wait.
 */
export function recordFailure(circuit: Circuit, failure: Failure): Circuit {
  const { now, error, policy } = failure;
  if (skipUntil(circuit, now) !== null) return { ...circuit, lastError: error };
  const consecutiveFailures = circuit.consecutiveFailures + 1;
  const retryAt = now + backoffDelayMs(policy, consecutiveFailures, failure);
  return { ...circuit, consecutiveFailures, retryAt, lastError: error };
}
