import type { Logger } from '../log.js';
import { startPoller } from './poller.js';

/** A running schedule; stopping waits for a tick in progress. */
export interface ScheduledTask {
  stop(): Promise<void>;
}

/** What runs the bot's recurring work; tests pass a manual one and trigger ticks themselves. */
export interface Scheduler {
  cron(job: { readonly cron: string; readonly timezone: string; tick(): Promise<void> }): ScheduledTask;
  every(ms: number, tick: () => void): ScheduledTask;
}

/** node-cron for the schedules (no overlapping runs), a timer for the retries. */
export function cronScheduler(log: Logger): Scheduler {
  return {
    cron: (job) => startPoller({ ...job, log }),
    every(ms, tick) {
      const timer = setInterval(tick, ms);
      return {
        stop() {
          clearInterval(timer);
          return Promise.resolve();
        },
      };
    },
  };
}
