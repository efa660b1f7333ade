/**
 * When people are told the live stream is down, and when that it is back: one rule with hysteresis,
 * so a flapping or intermittently silent stream makes at most one "down" and one "back" per outage.
 * Pure: times are arguments; the stream client arms one timer for `nextCheckAt`.
 *
 * - An outage starts with the first failure (drop, refusal, silence, oversize frame) after a stable
 *   stream, dated from the last moment the stream was known good (its last price, or when the socket
 *   opened), so a silence counts from the silence's start.
 * - It is announced once, when it has lasted `announceAfterMs` or counted `announceAfterFailures`
 *   failures, whichever comes first, and only while no prices are flowing.
 * - It ends only when prices have flowed for `stableMs` without a failure; a failure meanwhile
 *   continues the same outage. "Back" is said only for an outage that was announced.
 * - Closing the stream because no market is open ends an outage nobody was told of; an announced
 *   one waits for the next session's stable prices.
 */

export interface OutagePolicy {
  readonly announceAfterMs: number;
  readonly announceAfterFailures: number;
  readonly stableMs: number;
}

export interface Outage {
  readonly startedAt: number;
  /** Failures since the outage started (a price between them does not reset the count). */
  readonly failures: number;
  /** "Down" was said. */
  readonly announced: boolean;
  /** When prices started flowing again without a failure since, or null while they do not. */
  readonly flowingSince: number | null;
}

export type OutageNotice = 'down' | 'back';

export interface OutageStep {
  readonly outage: Outage | null;
  readonly notice: OutageNotice | null;
}

/** A failure: starts an outage dated `knownGoodAt`, or continues the current one. */
export function outageFailure(outage: Outage | null, knownGoodAt: number): Outage {
  const current = outage ?? { startedAt: knownGoodAt, failures: 0, announced: false, flowingSince: null };
  return { ...current, failures: current.failures + 1, flowingSince: null };
}

/** A price arrived: an outage starts counting its stable time from the first one. */
export function outagePrice(outage: Outage | null, now: number): Outage | null {
  if (outage === null || outage.flowingSince !== null) return outage;
  return { ...outage, flowingSince: now };
}

/**
 * The stream was closed on purpose (no market open): a blip nobody was told of is forgotten; an
 * announced outage stays, and its stable time starts again with the next session's prices.
 */
export function outagePaused(outage: Outage | null): Outage | null {
  if (outage === null || !outage.announced) return null;
  return { ...outage, flowingSince: null };
}

/** What is due at `now`: the "down" notice, the outage's end (with "back" if "down" was said), or nothing. */
export function outageDue(outage: Outage | null, now: number, policy: OutagePolicy): OutageStep {
  if (outage === null) return { outage, notice: null };
  if (outage.flowingSince !== null) {
    if (now - outage.flowingSince < policy.stableMs) return { outage, notice: null };
    return { outage: null, notice: outage.announced ? 'back' : null };
  }
  const long = now - outage.startedAt >= policy.announceAfterMs;
  const many = outage.failures >= policy.announceAfterFailures;
  if (outage.announced || !(long || many)) return { outage, notice: null };
  return { outage: { ...outage, announced: true }, notice: 'down' };
}

/** When `outageDue` may next have something to say, or null if only a new event can change it. */
export function outageNextCheckAt(outage: Outage | null, policy: OutagePolicy): number | null {
  if (outage === null) return null;
  if (outage.flowingSince !== null) return outage.flowingSince + policy.stableMs;
  return outage.announced ? null : outage.startedAt + policy.announceAfterMs;
}

/** What people read: "down" with the outage's failures, length and last error, or "back". */
export function outageNoticeText(
  notice: OutageNotice,
  outage: Outage,
  reason: string | null,
  now: number,
): string {
  const minutes = Math.max(1, Math.round((now - outage.startedAt) / 60_000));
  if (notice === 'back') {
    return `✅ Live prices are back after about ${minutes} min: alerts again follow the market within seconds.`;
  }
  const failures = `${outage.failures} failure${outage.failures === 1 ? '' : 's'}`;
  return `⚠️ Live prices are down (${failures} in about ${minutes} min; last: ${reason ?? 'unknown'}). Alerts keep coming from polling, up to a poll period later; the stream is retried with backoff.`;
}
