import { describe, expect, it } from 'vitest';
import { CLOSED_CIRCUIT, recordFailure } from '../../src/resilience/backoff.js';
import { healthOf } from '../../src/resilience/health.js';

describe('healthOf', () => {
  it('GIVEN a closed circuit THEN healthy, named, with the circuit facts', () => {
    expect(healthOf('yahoo', CLOSED_CIRCUIT)).toEqual({ name: 'yahoo', healthy: true, ...CLOSED_CIRCUIT });
  });

  it('GIVEN a failing circuit THEN unhealthy with its retry time and error', () => {
    const failed = recordFailure(CLOSED_CIRCUIT, {
      now: 0,
      error: 'HTTP 503',
      policy: { initialMs: 1_000, maxMs: 2_000 },
    });
    expect(healthOf('gdelt', failed)).toMatchObject({
      name: 'gdelt',
      healthy: false,
      consecutiveFailures: 1,
      retryAt: 1_000,
      lastError: 'HTTP 503',
    });
  });
});
