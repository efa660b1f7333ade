import { createTask } from 'node-cron';

/** How many upcoming runs are sampled; enough to see the shortest gap of any practical schedule. */
const SAMPLED_RUNS = 64;

/**
 * The shortest time between two runs of a cron schedule, e.g. 60 000 for `* * * * *`: the poll period
 * that provider backoff must not undercut. The task is only inspected, never started.
 */
export function pollPeriodMs(cron: string, timezone: string): number {
  const task = createTask(cron, () => undefined, { timezone });
  try {
    const runs = task.getNextRuns(SAMPLED_RUNS).map((d) => d.getTime());
    const gaps = runs.slice(1).map((time, i) => time - (runs[i] ?? time));
    const positive = gaps.filter((gap) => gap > 0);
    return positive.length === 0 ? 0 : Math.min(...positive);
  } finally {
    void task.destroy();
  }
}
