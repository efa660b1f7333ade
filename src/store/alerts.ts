import type { SqlDatabase } from './sqlDatabase.js';
import type { Alert } from '../domain/alert.js';

export interface AlertStore {
  /** Records alerts by id and returns only those not recorded before, in input order. */
  recordAlerts(alerts: readonly Alert[], recordedAt: number): Alert[];
  /** The latest alerts by trigger time, newest first. */
  recentAlerts(limit: number): Alert[];
  /** Alerts of one instrument in one trading session, oldest first. */
  alertsForSession(symbol: string, sessionId: string): Alert[];
  /** Deletes alerts that triggered before olderThanMs; returns how many. */
  pruneAlerts(olderThanMs: number): number;
}

interface PayloadRow {
  readonly id: string;
  readonly payload: string;
}

function parsePayload(row: PayloadRow): Alert {
  try {
    return JSON.parse(row.payload) as Alert;
  } catch (err) {
    throw new Error(`alerts row ${row.id} has a payload that is not valid JSON (${String(err)})`, {
      cause: err,
    });
  }
}

export function alertStore(db: SqlDatabase): AlertStore {
  const insert = db.prepare<[string, string, string, string, number, number, string, string, number]>(
    `INSERT INTO alerts (id, symbol, rule, direction, severity, time, session_id, payload, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  // rowid (a serial column on PostgreSQL) breaks ties so alerts of the same quote keep the order they
  // were recorded in.
  const recent = db.prepare<[number], PayloadRow>(
    'SELECT id, payload FROM alerts ORDER BY time DESC, rowid DESC LIMIT ?',
  );
  const forSession = db.prepare<[string, string], PayloadRow>(
    'SELECT id, payload FROM alerts WHERE symbol = ? AND session_id = ? ORDER BY time, rowid',
  );

  const prune = db.prepare<[number]>('DELETE FROM alerts WHERE time < ?');

  const recordAll = db.transaction((alerts: readonly Alert[], recordedAt: number): Alert[] =>
    alerts.filter(
      (a) =>
        insert.run(
          a.id,
          a.symbol,
          a.rule,
          a.direction,
          a.severity,
          a.time,
          a.sessionId,
          JSON.stringify(a),
          recordedAt,
        ).changes === 1,
    ),
  );

  return {
    recordAlerts: (alerts, recordedAt) => recordAll(alerts, recordedAt),
    recentAlerts: (limit) => {
      // SQLite reads a negative LIMIT as "no limit", which is never what a caller asking for n rows means.
      if (!Number.isSafeInteger(limit) || limit < 0) {
        throw new RangeError(`recentAlerts limit must be a non-negative integer, got ${limit}`);
      }
      return recent.all(limit).map(parsePayload);
    },
    alertsForSession: (symbol, sessionId) => forSession.all(symbol, sessionId).map(parsePayload),
    pruneAlerts: (olderThanMs) => prune.run(olderThanMs).changes,
  };
}
