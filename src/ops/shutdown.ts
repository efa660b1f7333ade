/**
 * Undo actions in reverse order of acquisition, for a failed start and for stop(), within a
 * deadline: Docker kills a container 10 s after SIGTERM, and a poll can take two providers' timeouts
 * plus the outbox drain. Past the deadline the remaining steps are started (they release the store,
 * the session, the server) but not waited for, and the stop reports that it was cut short.
 */
import type { Logger } from '../log.js';

export interface StopOutcome {
  /** True when the deadline ended the stop before every step finished. */
  readonly cutShort: boolean;
  /** The step the deadline interrupted, by name (the ones after it were started, not waited for). */
  readonly unfinished: readonly string[];
}

interface Step {
  readonly run: () => unknown;
  readonly what: string;
}

/** Resolves to 'late' after `ms` (never for Infinity); clear() frees the timer. */
function deadlineAfter(ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const reached = new Promise<'late'>((resolve) => {
    if (Number.isFinite(ms))
      timer = setTimeout(() => {
        resolve('late');
      }, ms);
  });
  return {
    reached,
    clear: () => {
      clearTimeout(timer);
    },
  };
}

export function createTeardown(log: Logger) {
  const steps: Step[] = [];
  /** Runs a step; a failure is logged, never thrown, so one broken step cannot stop the rest. */
  const settle = (step: Step): Promise<'done'> =>
    Promise.resolve()
      .then(step.run)
      .then(
        () => 'done' as const,
        (err: unknown) => {
          log.error({ err, step: step.what }, 'a step of the shutdown failed; continuing');
          return 'done' as const;
        },
      );
  return {
    push(run: () => unknown, what = 'release a resource') {
      steps.push({ run, what });
    },
    /** Never rejects. */
    async run(deadlineMs = Number.POSITIVE_INFINITY): Promise<StopOutcome> {
      const deadline = deadlineAfter(deadlineMs);
      const unfinished: string[] = [];
      for (const step of steps.splice(0).reverse()) {
        const done = settle(step);
        // Past the deadline: start what is left (closing the store is synchronous) without waiting.
        if (unfinished.length > 0) continue;
        if ((await Promise.race([done, deadline.reached])) === 'late') unfinished.push(step.what);
      }
      deadline.clear();
      if (unfinished.length > 0)
        log.warn(
          { deadlineMs, unfinished },
          'shutdown deadline reached; stopped without waiting for the rest',
        );
      return { cutShort: unfinished.length > 0, unfinished };
    },
  };
}
export type Teardown = ReturnType<typeof createTeardown>;
