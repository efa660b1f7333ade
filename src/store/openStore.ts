import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { alertStore } from './alerts.js';
import type { AlertStore } from './alerts.js';
import { barStore } from './bars.js';
import type { BarStore } from './bars.js';
import { instrumentStateStore } from './instrumentState.js';
import type { InstrumentStateStore } from './instrumentState.js';
import { migrate, NewerSchemaError } from './migrations.js';
import { newsEventStore } from './newsEvents.js';
import type { NewsEventStore } from './newsEvents.js';
import { outboxStore } from './outbox.js';
import type { OutboxStore } from './outbox.js';
import { personalAlertStore } from './personalAlerts.js';
import type { PersonalAlertStore } from './personalAlerts.js';
import { reactionReportStore } from './reactionReports.js';
import type { ReactionReportStore } from './reactionReports.js';
import { silenceStore } from './silences.js';
import type { SilenceStore } from './silences.js';
import { thresholdAuditStore } from './thresholdAudit.js';
import { describeWriteFailure, isWriteFailure } from './writeFailure.js';
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
    ReactionReportStore,
    PersonalAlertStore {
  readonly path: string;
  /** Runs fn in one transaction (a savepoint when nested); fn must be synchronous. */
  transaction<T>(fn: () => T): T;
  /**
   * Why the last transaction could not write (disk full, I/O error, file read-only or moved), or
   * null when it committed (or none has failed so far).
   */
  writeFailure(): string | null;
  close(): void;
}

const BUSY_TIMEOUT_MS = 5_000;
/**
 * SQLite's own default page cache (better-sqlite3 builds with 16 MB, which a month of bars and
 * outbox charts fills): the bot reads recent rows and the OS caches the file anyway.
 */
const PAGE_CACHE_KIB = 2_000;
/** quick_check lists at most this many problems; the first one is enough to tell the operator. */
const QUICK_CHECK_MAX_ERRORS = 5;

/**
 * The state database cannot be used: its message is one line naming the file and what to do, for
 * the composition root to print without a stack trace.
 */
export class StoreOpenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreOpenError';
  }
}

function reason(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code !== undefined && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

function damaged(path: string, why: string, cause?: unknown): StoreOpenError {
  return new StoreOpenError(
    `The state database at ${path} is damaged or not a SQLite database (${why}); ` +
      'restore it from a backup, or move it aside to start with a fresh one; check STATE_DB.',
    { cause },
  );
}

/** Turns whatever opening, checking or migrating threw into one line that says what to do. */
function openError(path: string, err: unknown): StoreOpenError {
  if (err instanceof StoreOpenError) return err;
  const raw = (err as { code?: unknown } | null)?.code;
  const code = typeof raw === 'string' ? raw : '';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return damaged(path, reason(err), err);
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') {
    return new StoreOpenError(
      `Cannot write the state database at ${path} (${reason(err)}); the file and its folder must be writable by the bot's user; check STATE_DB.`,
      { cause: err },
    );
  }
  // migrate() refuses a newer schema with a message that already names the file and what to do.
  if (err instanceof NewerSchemaError) {
    return new StoreOpenError(err.message, { cause: err });
  }
  return new StoreOpenError(`Cannot open the state database at ${path} (${reason(err)}); check STATE_DB.`, {
    cause: err,
  });
}

/** A file with a valid header but overwritten pages opens fine and fails at the first poll; refuse it now. */
function checkIntegrity(db: Database.Database, path: string): void {
  const rows = db.pragma(`quick_check(${QUICK_CHECK_MAX_ERRORS})`) as { quick_check: string }[];
  // A row can hold several lines under a "*** in database main ***" heading; the first finding is enough.
  const problems = rows
    .flatMap((r) => r.quick_check.split('\n'))
    .filter((line) => line !== 'ok' && !line.startsWith('***') && line.trim() !== '');
  if (problems.length > 0) throw damaged(path, `quick_check: ${problems[0] ?? 'failed'}`);
}

export function openDatabase(path: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    checkIntegrity(db, path);
    migrate(db);
    return db;
  } catch (err) {
    db?.close();
    throw openError(path, err);
  }
}

/**
 * Opens (creating if needed), checks and migrates the state database at path, or ':memory:'.
 * Throws StoreOpenError when the file cannot be used.
 */
export function openStore(path: string): Store {
  const db = openDatabase(path);
  let writeFailure: string | null = null;
  const totalChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
  /**
   * Remembers whether the file took the transaction's writes, for /readyz and the outage count. Only
   * a transaction that wrote something ends an outage: one that wrote nothing commits even on a full
   * disk, and proves nothing.
   */
  const tracked = <T>(run: () => T): T => {
    const before = totalChanges.get();
    try {
      const result = run();
      if (totalChanges.get() !== before) writeFailure = null;
      return result;
    } catch (err) {
      if (isWriteFailure(err)) writeFailure = describeWriteFailure(err);
      throw err;
    }
  };
  try {
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
      ...personalAlertStore(db),
      transaction: <T>(fn: () => T): T =>
        tracked(
          db.transaction((): T => {
            const result = fn();
            // better-sqlite3 would commit before an async fn finished; fail inside so it rolls back instead.
            if (typeof (result as { then?: unknown } | null)?.then === 'function') {
              throw new TypeError('Store.transaction needs a synchronous function; it returned a promise');
            }
            return result;
          }),
        ),
      writeFailure: () => writeFailure,
      close: () => {
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
