import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  CLOSED_CIRCUIT,
  policyFromSeconds,
  recordFailure,
  recordSuccess,
  skipUntil,
} from '../../src/resilience/backoff.js';

const POLICY = { initialMs: 1_000, maxMs: 10_000 };
const T0 = 1_000_000;

describe('backoffDelayMs', () => {
  it('GIVEN consecutive failures THEN the delay doubles from initialMs and stops at maxMs', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(POLICY, n));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it('GIVEN a factor THEN the delay grows by it', () => {
    expect(backoffDelayMs({ ...POLICY, factor: 3 }, 3)).toBe(9_000);
  });

  it('GIVEN jitter THEN that fraction is taken off the delay', () => {
    expect(backoffDelayMs(POLICY, 2, { jitter: 0.25 })).toBe(1_500);
  });

  it('GIVEN a longer floor such as Retry-After THEN the floor wins, still capped by maxMs', () => {
    expect(backoffDelayMs(POLICY, 1, { atLeastMs: 5_000 })).toBe(5_000);
    expect(backoffDelayMs(POLICY, 1, { atLeastMs: 500 })).toBe(1_000);
    expect(backoffDelayMs(POLICY, 1, { atLeastMs: Infinity })).toBe(10_000);
  });

  it('GIVEN a config in seconds THEN the policy is in milliseconds', () => {
    expect(policyFromSeconds({ initialSeconds: 30, maxSeconds: 240 })).toEqual({
      initialMs: 30_000,
      maxMs: 240_000,
    });
  });
});

describe('circuit', () => {
  it('GIVEN a closed circuit THEN it may be tried now', () => {
    expect(skipUntil(CLOSED_CIRCUIT, T0)).toBeNull();
  });

  it('GIVEN a failure THEN calls are skipped until the backoff ends, and allowed from then on', () => {
    const failed = recordFailure(CLOSED_CIRCUIT, { now: T0, error: 'HTTP 503', policy: POLICY });
    expect(failed).toMatchObject({ consecutiveFailures: 1, retryAt: T0 + 1_000, lastError: 'HTTP 503' });
    expect(skipUntil(failed, T0 + 999)).toBe(T0 + 1_000);
    expect(skipUntil(failed, T0 + 1_000)).toBeNull();
  });

  it('GIVEN a second failure after the backoff ended THEN the wait doubles', () => {
    const once = recordFailure(CLOSED_CIRCUIT, { now: T0, error: 'a', policy: POLICY });
    const twice = recordFailure(once, { now: T0 + 1_000, error: 'b', policy: POLICY });
    expect(twice).toMatchObject({ consecutiveFailures: 2, retryAt: T0 + 3_000, lastError: 'b' });
  });

  it('GIVEN a failure while the backoff still runs THEN only the error changes (same outage)', () => {
    const once = recordFailure(CLOSED_CIRCUIT, { now: T0, error: 'a', policy: POLICY });
    const late = recordFailure(once, { now: T0 + 10, error: 'late answer', policy: POLICY });
    expect(late).toEqual({ ...once, lastError: 'late answer' });
  });

  it('GIVEN a success after failures THEN the circuit closes and remembers when', () => {
    const failed = recordFailure(CLOSED_CIRCUIT, { now: T0, error: 'a', policy: POLICY });
    expect(recordSuccess(failed, T0 + 5_000)).toEqual({
      consecutiveFailures: 0,
      retryAt: null,
      lastError: null,
      lastSuccessAt: T0 + 5_000,
    });
  });
});
