import type { SqlDatabase } from './sqlDatabase.js';
import { isUsablePrice } from '../domain/quote.js';
import type { PricePoint } from '../domain/quote.js';

export interface BarStore {
  /** Stores points, a later price for the same minute replacing the earlier one; returns rows added or changed. */
  appendBars(symbol: string, points: readonly PricePoint[]): number;
  /** Points at or after sinceMs, oldest first. */
  recentBars(symbol: string, sinceMs: number): PricePoint[];
  /** The newest point at or after sinceMs, or null. */
  latestBar(symbol: string, sinceMs: number): PricePoint | null;
  /** The newest point strictly before beforeMs, or null. */
  barBefore(symbol: string, beforeMs: number): PricePoint | null;
  /** Deletes points of every symbol older than olderThanMs; returns how many. */
  pruneBars(olderThanMs: number): number;
}

export function barStore(db: SqlDatabase): BarStore {
  // The close of the current minute's bar moves until the minute ends, so the newest price wins;
  // the WHERE keeps identical re-sends out of the change count (qualified: PostgreSQL calls a bare
  // `price` there ambiguous).
  const upsert = db.prepare<[string, number, number]>(
    `INSERT INTO bars (symbol, time, price) VALUES (?, ?, ?)
     ON CONFLICT (symbol, time) DO UPDATE SET price = excluded.price WHERE bars.price <> excluded.price`,
  );
  const since = db.prepare<[string, number], PricePoint>(
    'SELECT time, price FROM bars WHERE symbol = ? AND time >= ? ORDER BY time',
  );
  const latest = db.prepare<[string, number], PricePoint>(
    'SELECT time, price FROM bars WHERE symbol = ? AND time >= ? ORDER BY time DESC LIMIT 1',
  );
  const before = db.prepare<[string, number], PricePoint>(
    'SELECT time, price FROM bars WHERE symbol = ? AND time < ? ORDER BY time DESC LIMIT 1',
  );
  const prune = db.prepare<[number]>('DELETE FROM bars WHERE time < ?');

  const appendAll = db.transaction((symbol: string, points: readonly PricePoint[]): number => {
    let changed = 0;
    for (const p of points) {
      // A NaN would be stored as NULL and come back as a non-number; the rules never want such points.
      if (!Number.isFinite(p.time) || !isUsablePrice(p.price)) continue;
      changed += upsert.run(symbol, p.time, p.price).changes;
    }
    return changed;
  });

  return {
    appendBars: (symbol, points) => appendAll(symbol, points),
    recentBars: (symbol, sinceMs) => since.all(symbol, sinceMs),
    latestBar: (symbol, sinceMs) => latest.get(symbol, sinceMs) ?? null,
    barBefore: (symbol, beforeMs) => before.get(symbol, beforeMs) ?? null,
    pruneBars: (olderThanMs) => prune.run(olderThanMs).changes,
  };
}
