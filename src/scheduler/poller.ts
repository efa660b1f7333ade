import { schedule } from 'node-cron';
import type { Logger } from '../log.js';

export interface Poller {
  /** Stops scheduling and waits for a running tick to finish. */
  stop(): Promise<void>;
}

export interface PollerOptions {
  readonly cron: string;
  readonly timezone: string;
  readonly tick: () => Promise<unknown>;
  readonly log: Logger;
}

/** Runs `tick` on the cron schedule; a tick still running when the next is due makes that one skip. */
export function startPoller({ cron, timezone, tick, log }: PollerOptions): Poller {
  let running: Promise<unknown> | null = null;
  const task = schedule(
    cron,
    async () => {
      running = tick().catch((err: unknown) => {
        log.error({ err }, 'poll failed');
      });
      await running;
      running = null;
    },
    { timezone, name: 'poll', noOverlap: true },
  );
  task.on('execution:overlap', () => {
    log.warn('previous poll still running; skipped this one');
  });
  return {
    async stop() {
      await task.stop();
      if (running) await running;
      await task.destroy();
    },
  };
}
