import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls until `probe` returns something other than undefined/null/false and resolves with it.
 * Polling keeps the fake free of per-record event plumbing; 5 ms is far below any REST round trip.
 */
export async function waitFor<T>(
  probe: () => T | undefined | null | false,
  timeoutMs = 2_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`fakeDiscord: timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}
