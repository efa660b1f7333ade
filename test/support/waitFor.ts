import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How long a wait may last before the test is taken for hung. Not a measurement: nothing a test
 * waits for comes close to it even on a loaded machine; it only turns a wait that would never end
 * into an error naming what was awaited, before vitest's 15 s testTimeout ends the test unexplained.
 */
export const HUNG_AFTER_MS = 10_000;

/**
 * The vitest timeout of a test that starts Node or a worker thread under tsx, or renders a day of
 * charts: a second or so of CPU at idle, which the 15 s default does not cover on a loaded machine
 * (at a load of 25 on two cores such a test took over 15 s).
 */
export const HEAVY_TEST_MS = 60_000;

/**
 * Polls `probe` until it returns something other than undefined/null/false and resolves with it.
 * Polling keeps fakes free of per-record event plumbing; every 1 ms, as a replay waits thousands of
 * times for one local round trip each.
 * Tests keep the default deadline; the benchmarks, which run with no vitest timeout, may wait longer.
 */
export async function waitFor<T>(
  probe: () => T | undefined | null | false,
  what: string,
  hungAfterMs = HUNG_AFTER_MS,
): Promise<T> {
  const deadline = Date.now() + hungAfterMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${hungAfterMs / 1000} s waiting for ${what}`);
    await sleep(1);
  }
}

/** waitFor for a probe that must ask over the network (a database, an HTTP endpoint): every 20 ms. */
export async function waitForAnswer<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  hungAfterMs = HUNG_AFTER_MS,
): Promise<T> {
  const deadline = Date.now() + hungAfterMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${hungAfterMs / 1000} s waiting for ${what}`);
    await sleep(20);
  }
}
