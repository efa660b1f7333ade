/**
 * Whether the bot is doing its job, from facts the bot already keeps: the checks behind /readyz.
 * Pure, so each rule is tested without a bot.
 */

/** Where the Discord gateway session stands; `disabled` in console and webhook modes. */
export type GatewayState = 'connected' | 'connecting' | 'refused' | 'disabled';
export const GATEWAY_STATES: readonly GatewayState[] = ['connected', 'connecting', 'refused', 'disabled'];

/**
 * A poll is overdue after this many poll periods without one completing: one slow or skipped poll
 * (two providers timing out take 16 s; a tick still running makes the next skip) is not an outage.
 */
export const READY_POLL_PERIODS = 3;
/** …and never sooner than this, so a seconds-level schedule does not flap. */
export const READY_POLL_MIN_MS = 60_000;

export interface ReadinessFacts {
  readonly now: number;
  /** The last completed poll, by the bot's clock; null before the first. */
  readonly lastPollAt: number | null;
  readonly startedAt: number;
  /** The shortest gap between two scheduled polls (src/scheduler/pollPeriod.ts). */
  readonly pollPeriodMs: number;
  /** null when the state database takes writes, else why not. */
  readonly storeProblem: string | null;
  readonly gateway: GatewayState;
  readonly outboxPending: number;
}

export interface Check {
  readonly ok: boolean;
  readonly detail: string;
}

export interface Readiness {
  readonly ready: boolean;
  readonly checks: { readonly poll: Check; readonly store: Check; readonly discord: Check };
}

export function pollMaxAgeMs(pollPeriodMs: number): number {
  return Math.max(READY_POLL_PERIODS * pollPeriodMs, READY_POLL_MIN_MS);
}

function pollCheck(f: ReadinessFacts): Check {
  const since = f.lastPollAt ?? f.startedAt;
  const ageSeconds = Math.round((f.now - since) / 1000);
  const limitSeconds = Math.round(pollMaxAgeMs(f.pollPeriodMs) / 1000);
  const what =
    f.lastPollAt === null
      ? `no poll completed in ${ageSeconds} s since the start`
      : `last poll completed ${ageSeconds} s ago`;
  return { ok: f.now - since <= pollMaxAgeMs(f.pollPeriodMs), detail: `${what} (limit ${limitSeconds} s)` };
}

function storeCheck(f: ReadinessFacts): Check {
  if (f.storeProblem === null) return { ok: true, detail: 'the state database takes writes' };
  return { ok: false, detail: `the state database takes no writes: ${f.storeProblem}` };
}

/** A Discord outage is not a failure while alerts queue durably in the outbox; a refused token is. */
function discordCheck(f: ReadinessFacts): Check {
  switch (f.gateway) {
    case 'connected':
      return { ok: true, detail: 'connected' };
    case 'disabled':
      return { ok: true, detail: 'no gateway in this output mode' };
    case 'refused':
      return { ok: false, detail: 'Discord refused the bot token' };
    case 'connecting':
      return {
        ok: f.storeProblem === null,
        detail: `not connected; ${f.outboxPending} message(s) queued in the outbox`,
      };
  }
}

export function readiness(facts: ReadinessFacts): Readiness {
  const checks = { poll: pollCheck(facts), store: storeCheck(facts), discord: discordCheck(facts) };
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}
