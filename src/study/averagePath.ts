import type { Reaction } from '../domain/reaction.js';
import type { StudyRow } from './eventStudy.js';

const MINUTE_MS = 60_000;

/** One minute of an instrument's average reaction: the mean and the interquartile range across events. */
export interface PathPoint {
  readonly minutes: number;
  readonly mean: number;
  readonly q1: number;
  readonly q3: number;
  /** How many events had a price at this minute. */
  readonly events: number;
}

/** An instrument's average path after the events, minute by minute from its base (T0, or the open). */
export interface AveragePath {
  readonly symbol: string;
  /** Events measured (with a base price). */
  readonly events: number;
  readonly points: readonly PathPoint[];
}

/** The q-quantile of sorted values, linearly interpolated (the "type 7" rule of R and numpy). */
export function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? a;
  return a + (b - a) * (pos - lo);
}

/** % from the base price, minute by minute: the last bar known (ended) by each minute. */
function minutePath(reaction: Reaction, minutes: number): number[] {
  const base = reaction.base;
  const first = reaction.steps[0];
  if (!base || !first) return [];
  // The clock the steps count from: T0, or the first open after it.
  const anchor = first.at - first.minutes * MINUTE_MS;
  const points = reaction.points.filter((p) => p.time + MINUTE_MS > base.time);
  const path: number[] = [];
  let i = 0;
  // Until a bar after the base ends, the last known price is the base itself.
  let last = base.price;
  for (let m = 0; m <= minutes; m++) {
    const at = anchor + m * MINUTE_MS;
    while (i < points.length && (points[i]?.time ?? Infinity) + MINUTE_MS <= at)
      last = points[i++]?.price ?? last;
    path.push((last / base.price - 1) * 100);
  }
  return path;
}

/**
 * Each instrument's mean path across the events over the first `minutes` after its base, with the
 * spread between events as the interquartile range.
 */
export function averagePaths(rows: readonly StudyRow[], minutes = 60): AveragePath[] {
  const symbols = [...new Set(rows.map((r) => r.symbol))];
  return symbols.flatMap((symbol) => {
    const paths = rows
      .filter((r) => r.symbol === symbol && r.reaction?.base)
      .map((r) => minutePath(r.reaction as Reaction, minutes));
    if (paths.length === 0) return [];
    const points: PathPoint[] = [];
    for (let m = 0; m <= minutes; m++) {
      const values = paths.flatMap((p) => (typeof p[m] === 'number' ? [p[m] as number] : []));
      if (values.length === 0) continue;
      const sorted = [...values].sort((a, b) => a - b);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      points.push({
        minutes: m,
        mean,
        q1: quantile(sorted, 0.25),
        q3: quantile(sorted, 0.75),
        events: values.length,
      });
    }
    return [{ symbol, events: paths.length, points }];
  });
}
