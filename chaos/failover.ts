/**
 * Failover timing from what the HA run saw: when each leader was killed (the supervisor's clock),
 * when a replica logged "leader lease acquired" (its pino `time`, the same machine clock), and when
 * the fake Yahoo was asked for a quote (only a leader polls). Pure, so it is tested on its own.
 */

/**
 * A replica's lease log line: it took the lease, gave it up on SIGTERM, or lost it (could not renew
 * in time, so it exits for its supervisor to restart it as a follower).
 */
export interface LeaseEvent {
  readonly kind: 'acquired' | 'released' | 'lost';
  readonly replica: string;
  readonly token: string | null;
  /** Epoch ms, as the replica logged it. */
  readonly at: number;
}

const LEASE_MESSAGES: Record<string, LeaseEvent['kind']> = {
  'leader lease acquired': 'acquired',
  'leader lease released': 'released',
  'leader lease lost': 'lost',
};

/** The lease event a pino JSON line reports, or null for any other line (or text that is not JSON). */
export function leaseEventOf(line: string): LeaseEvent | null {
  if (!line.startsWith('{')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { msg, replica, token, time } = parsed as Record<string, unknown>;
  const kind = typeof msg === 'string' ? LEASE_MESSAGES[msg] : undefined;
  if (kind === undefined || typeof replica !== 'string' || typeof time !== 'number') return null;
  const fencing = typeof token === 'string' || typeof token === 'number' ? String(token) : null;
  return { kind, replica, token: fencing, at: time };
}

/**
 * How a leader was ended: `kill -9` at a random moment or right after Discord posted one of its
 * messages (before answering), or SIGTERM (a clean stop, which releases the lease).
 */
export type KillKind = 'random' | 'afterPost' | 'sigterm';

export interface Kill {
  readonly replica: string;
  readonly kind: KillKind;
  /** Epoch ms of the signal. */
  readonly at: number;
}

export interface Failover {
  readonly kill: Kill;
  /** The replica that took the lease next, or null if none did before the run ended. */
  readonly newLeader: string | null;
  /** Kill → the next "leader lease acquired". */
  readonly leaseSeconds: number | null;
  /** Kill → the first quote request at or after that acquisition: alerts flow again. */
  readonly pollSeconds: number | null;
}

const seconds = (ms: number): number => Math.round(ms / 100) / 10;

/**
 * Each kill's failover: the first acquisition after it, and the first poll from then on. A poll
 * before the acquisition may be the killed leader's request still on its way, so it never counts.
 */
export function failoversOf(
  kills: readonly Kill[],
  events: readonly LeaseEvent[],
  pollTimes: readonly number[],
): Failover[] {
  const acquisitions = events.filter((e) => e.kind === 'acquired').sort((a, b) => a.at - b.at);
  const polls = [...pollTimes].sort((a, b) => a - b);
  return kills.map((kill) => {
    const next = acquisitions.find((e) => e.at >= kill.at);
    const poll = next === undefined ? undefined : polls.find((t) => t >= next.at);
    return {
      kill,
      newLeader: next?.replica ?? null,
      leaseSeconds: next === undefined ? null : seconds(next.at - kill.at),
      pollSeconds: poll === undefined ? null : seconds(poll - kill.at),
    };
  });
}

export interface FailoverSummary {
  /** Kills followed by a new leader's first poll. */
  readonly failovers: number;
  /** Kills after which no leader polled again before the run ended. */
  readonly unresolved: number;
  /** The longest kill → first poll by the new leader, in seconds (null without failovers). */
  readonly maxFailoverSeconds: number | null;
  /** The longest kill → "leader lease acquired", in seconds. */
  readonly maxLeaseTakeoverSeconds: number | null;
  /** Each failover's kill → first poll, in kill order. */
  readonly failoverSeconds: readonly (number | null)[];
}

export function summariseFailovers(failovers: readonly Failover[]): FailoverSummary {
  const max = (values: readonly (number | null)[]): number | null => {
    const known = values.filter((v): v is number => v !== null);
    return known.length === 0 ? null : Math.max(...known);
  };
  const polls = failovers.map((f) => f.pollSeconds);
  return {
    failovers: polls.filter((p) => p !== null).length,
    unresolved: polls.filter((p) => p === null).length,
    maxFailoverSeconds: max(polls),
    maxLeaseTakeoverSeconds: max(failovers.map((f) => f.leaseSeconds)),
    failoverSeconds: polls,
  };
}
