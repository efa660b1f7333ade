import type { SqlDatabase } from './sqlDatabase.js';

/**
 * A threshold set at run time (`/threshold set`), kept in the store so that every replica applies
 * the same one: the config file is the seed, the overrides are laid over it.
 */
export interface ThresholdOverride {
  readonly symbol: string;
  readonly rule: string;
  /** The value as written by the member; null: back to the file's value. */
  readonly valueText: string | null;
  readonly updatedAt: number;
}

export interface ThresholdOverrideStore {
  /** Sets (or resets, with null) the override of one instrument's rule, replacing the earlier one. */
  recordThresholdOverride(symbol: string, rule: string, valueText: string | null, at: number): void;
  /** Every override, oldest change first (the order to apply them in). */
  thresholdOverrides(): ThresholdOverride[];
}

interface Row {
  readonly symbol: string;
  readonly rule: string;
  readonly value_text: string | null;
  readonly updated_at: number;
}

export function thresholdOverrideStore(db: SqlDatabase): ThresholdOverrideStore {
  const upsert = db.prepare<[string, string, string | null, number]>(
    `INSERT INTO threshold_overrides (symbol, rule, value_text, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (symbol, rule) DO UPDATE SET value_text = excluded.value_text, updated_at = excluded.updated_at`,
  );
  const all = db.prepare<[], Row>(
    'SELECT symbol, rule, value_text, updated_at FROM threshold_overrides ORDER BY updated_at, symbol, rule',
  );
  return {
    recordThresholdOverride: (symbol, rule, valueText, at) => void upsert.run(symbol, rule, valueText, at),
    thresholdOverrides: () =>
      all
        .all()
        .map((r) => ({ symbol: r.symbol, rule: r.rule, valueText: r.value_text, updatedAt: r.updated_at })),
  };
}
