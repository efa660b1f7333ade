import type { SqlDatabase } from './sqlDatabase.js';

export interface Silence {
  readonly symbol: string;
  readonly until: number;
  readonly silencedBy: string;
}

export interface SilenceStore {
  silence(symbol: string, until: number, by: string, at: number): void;
  /** Returns whether a silence was lifted. */
  unsilence(symbol: string): boolean;
  /** Silences still in force at `at`. */
  activeSilences(at: number): Silence[];
}

export function silenceStore(db: SqlDatabase): SilenceStore {
  const upsert = db.prepare<[string, number, string, number]>(
    `INSERT INTO silences (symbol, until, silenced_by, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (symbol) DO UPDATE SET until = excluded.until, silenced_by = excluded.silenced_by, created_at = excluded.created_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM silences WHERE symbol = ?');
  const active = db.prepare<[number], { symbol: string; until: number; silenced_by: string }>(
    'SELECT symbol, until, silenced_by FROM silences WHERE until > ? ORDER BY symbol',
  );
  return {
    silence: (symbol, until, by, at) => void upsert.run(symbol, until, by, at),
    unsilence: (symbol) => remove.run(symbol).changes > 0,
    activeSilences: (at) =>
      active.all(at).map((r) => ({ symbol: r.symbol, until: r.until, silencedBy: r.silenced_by })),
  };
}
