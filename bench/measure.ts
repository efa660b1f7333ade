import { PerformanceObserver } from 'node:perf_hooks';

/** Shared by the benches: timing, medians and garbage-collection time. */

export function round(value: number, decimals = 3): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export interface Timing<T> {
  readonly result: T;
  readonly wallSeconds: number;
  /**
   * CPU time of this process (user + system): on a busy machine wall time also counts the time
   * other processes held the core, CPU time does not. The work is single-threaded; GC helpers add a little.
   */
  readonly cpuSeconds: number;
}

export function timed<T>(work: () => T): Timing<T> {
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = work();
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { result, wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/**
 * `timed`, plus the summed durations of the garbage collections perf_hooks reports meanwhile.
 * GC entries are delivered after the synchronous work ends, hence the wait before reading them.
 * A full collection first (with --expose-gc, as the bench runs), so that a run is not charged for
 * the garbage of what ran before it (the untimed run's recorded returns, the previous run).
 */
export async function timedWithGc<T>(work: () => T): Promise<Timing<T> & { gcSeconds: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  let gcMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  const timing = timed(work);
  await new Promise((resolve) => setTimeout(resolve, 20));
  for (const entry of observer.takeRecords()) gcMs += entry.duration;
  observer.disconnect();
  return { ...timing, gcSeconds: gcMs / 1000 };
}

/** Medians of `runs` timings of `work`, in seconds. */
export function medianTiming(runs: number, work: () => unknown) {
  const timings = Array.from({ length: runs }, () => timed(work));
  return {
    cpuSeconds: round(median(timings.map((t) => t.cpuSeconds)), 4),
    wallSeconds: round(median(timings.map((t) => t.wallSeconds)), 4),
    runs,
  };
}
