import type { SqlDatabase } from './sqlDatabase.js';

/** One threshold change made through Discord: who, when, what, from and to. */
export interface ThresholdChange {
  readonly at: number;
  readonly userId: string;
  readonly userName: string;
  readonly symbol: string;
  readonly rule: string;
  readonly oldValue: string;
  readonly newValue: string;
}

export interface ThresholdAuditStore {
  recordThresholdChange(change: ThresholdChange): void;
  /** Newest first; all instruments when symbol is null. */
  thresholdChanges(symbol: string | null, limit: number): ThresholdChange[];
  /** Deletes changes made before olderThanMs; returns how many. */
  pruneThresholdAudit(olderThanMs: number): number;
}

interface AuditRow {
  at: number;
  user_id: string;
  user_name: string;
  symbol: string;
  rule: string;
  old_value: string;
  new_value: string;
}

export function thresholdAuditStore(db: SqlDatabase): ThresholdAuditStore {
  const insert = db.prepare<[number, string, string, string, string, string, string]>(
    `INSERT INTO threshold_audit (at, user_id, user_name, symbol, rule, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const recent = db.prepare<[string | null, string | null, number], AuditRow>(
    `SELECT at, user_id, user_name, symbol, rule, old_value, new_value FROM threshold_audit
     WHERE (CAST(? AS TEXT) IS NULL OR symbol = ?) ORDER BY at DESC, id DESC LIMIT ?`,
  );
  const prune = db.prepare<[number]>('DELETE FROM threshold_audit WHERE at < ?');
  return {
    pruneThresholdAudit: (olderThanMs) => prune.run(olderThanMs).changes,
    recordThresholdChange: (c) =>
      void insert.run(c.at, c.userId, c.userName, c.symbol, c.rule, c.oldValue, c.newValue),
    thresholdChanges: (symbol, limit) =>
      recent.all(symbol, symbol, limit).map((r) => ({
        at: r.at,
        userId: r.user_id,
        userName: r.user_name,
        symbol: r.symbol,
        rule: r.rule,
        oldValue: r.old_value,
        newValue: r.new_value,
      })),
  };
}
