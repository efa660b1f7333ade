import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { alertStore } from './alerts.js';
import type { AlertStore } from './alerts.js';
import { barStore } from './bars.js';
import type { BarStore } from './bars.js';
import { instrumentStateStore } from './instrumentState.js';
import type { InstrumentStateStore } from './instrumentState.js';
import { migrate } from './migrations.js';
import { newsEventStore } from './newsEvents.js';
import type { NewsEventStore } from './newsEvents.js';
import { outboxStore } from './outbox.js';
import type { OutboxStore } from './outbox.js';
import { reactionReportStore } from './reactionReports.js';
import type { ReactionReportStore } from './reactionReports.js';
import { silenceStore } from './silences.js';
import type { SilenceStore } from './silences.js';
import { thresholdAuditStore } from './thresholdAudit.js';
import type { ThresholdAuditStore } from './thresholdAudit.js';

export interface Store
  extends
    BarStore,
    AlertStore,
    InstrumentStateStore,
    OutboxStore,
    SilenceStore,
    ThresholdAuditStore,
    NewsEventStore,
    ReactionReportStore {
  readonly path: string;
  /** Runs fn in one transaction (a savepoint when nested); fn must be synchronous. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

const BUSY_TIMEOUT_MS = 5_000;

function reason(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code !== undefined && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

function openDatabase(path: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (err) {
    db?.close();
    throw new Error(`Cannot open the state database at ${path} (${reason(err)}); check STATE_DB.`, {
      cause: err,
    });
  }
}

/** Opens (creating if needed) and migrates the state database at path, or ':memory:'. */
export function openStore(path: string): Store {
  const db = openDatabase(path);
  try {
    migrate(db);
    return {
      path,
      ...barStore(db),
      ...alertStore(db),
      ...instrumentStateStore(db),
      ...outboxStore(db),
      ...silenceStore(db),
      ...thresholdAuditStore(db),
      ...newsEventStore(db),
      ...reactionReportStore(db),
      transaction: <T>(fn: () => T): T =>
        db.transaction((): T => {
          const result = fn();
          // better-sqlite3 would commit before an async fn finished; fail inside so it rolls back instead.
          if (typeof (result as { then?: unknown } | null)?.then === 'function') {
            throw new TypeError('Store.transaction needs a synchronous function; it returned a promise');
          }
          return result;
        })(),
      close: () => {
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
