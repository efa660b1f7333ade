import { describe, expect, it } from 'vitest';
import { pollMaxAgeMs, readiness } from '../../src/status/readiness.js';
import type { ReadinessFacts } from '../../src/status/readiness.js';

const T0 = Date.parse('2025-06-02T02:16:00Z');
const MINUTE = 60_000;

const healthy: ReadinessFacts = {
  now: T0 + MINUTE,
  lastPollAt: T0,
  startedAt: T0 - MINUTE,
  pollPeriodMs: MINUTE,
  storeProblem: null,
  gateway: 'connected',
  outboxPending: 0,
};

describe('readiness', () => {
  it('GIVEN a recent poll, a writable store and a connected gateway THEN ready', () => {
    expect(readiness(healthy)).toEqual({
      ready: true,
      checks: {
        poll: { ok: true, detail: 'last poll completed 60 s ago (limit 180 s)' },
        store: { ok: true, detail: 'the state database takes writes' },
        discord: { ok: true, detail: 'connected' },
      },
    });
  });

  it.each([
    [MINUTE, 3 * MINUTE],
    [30_000, 90_000],
    [5_000, MINUTE],
    [5 * MINUTE, 15 * MINUTE],
  ])('GIVEN a poll every %i ms THEN a poll is overdue after %i ms', (period, limit) => {
    expect(pollMaxAgeMs(period)).toBe(limit);
  });

  it('GIVEN no poll since the start for longer than the limit THEN not ready, saying so', () => {
    const result = readiness({ ...healthy, lastPollAt: null, now: T0 + 3 * MINUTE });
    expect(result.ready).toBe(false);
    expect(result.checks.poll).toEqual({
      ok: false,
      detail: 'no poll completed in 240 s since the start (limit 180 s)',
    });
  });

  it('GIVEN a store that takes no writes THEN not ready, and a disconnected gateway cannot queue either', () => {
    const result = readiness({
      ...healthy,
      storeProblem: 'attempt to write a readonly database',
      gateway: 'connecting',
    });
    expect(result.ready).toBe(false);
    expect(result.checks.store).toEqual({
      ok: false,
      detail: 'the state database takes no writes: attempt to write a readonly database',
    });
    expect(result.checks.discord.ok).toBe(false);
  });

  it('GIVEN Discord unreachable but alerts queueing THEN still ready', () => {
    const result = readiness({ ...healthy, gateway: 'connecting', outboxPending: 4 });
    expect(result.ready).toBe(true);
    expect(result.checks.discord).toEqual({
      ok: true,
      detail: 'not connected; 4 message(s) queued in the outbox',
    });
  });

  it('GIVEN a refused token THEN not ready; GIVEN console mode THEN the gateway is not required', () => {
    expect(readiness({ ...healthy, gateway: 'refused' }).checks.discord).toEqual({
      ok: false,
      detail: 'Discord refused the bot token',
    });
    expect(readiness({ ...healthy, gateway: 'disabled' }).ready).toBe(true);
  });
});
