import { performance } from 'node:perf_hooks';

/** Work per slice before yielding: well under the 50 ms a poll, a slash command or SIGTERM may wait. */
export const CHUNK_BUDGET_MS = 5;

const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

/**
 * Runs `work` on every item in order, in slices of at most `budgetMs` (at least one item each),
 * yielding to the event loop between slices so timers, I/O and signals keep being served.
 * `slice` wraps each slice, e.g. in one store transaction; it must run its argument synchronously.
 */
export async function forEachChunked<T>(
  items: readonly T[],
  work: (item: T) => void,
  options: { readonly budgetMs?: number; readonly slice?: (run: () => void) => void } = {},
): Promise<void> {
  const budgetMs = options.budgetMs ?? CHUNK_BUDGET_MS;
  const slice =
    options.slice ??
    ((run: () => void) => {
      run();
    });
  let next = 0;
  while (next < items.length) {
    slice(() => {
      const start = performance.now();
      do {
        work(items[next] as T);
        next++;
      } while (next < items.length && performance.now() - start < budgetMs);
    });
    if (next < items.length) await yieldToEventLoop();
  }
}
