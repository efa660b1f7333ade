import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, NewerSchemaError } from './migrations.js';
import { openPostgresStore } from './postgres/openPostgresStore.js';
import type { PostgresOptions } from './postgres/postgresDatabase.js';
import { sqliteDatabase } from './sqlDatabase.js';
import { composeStore, StoreOpenError } from './store.js';
import type { Store } from './store.js';
import { openStoreProbe } from './storeProbe.js';
import type { StoreProbe } from './storeProbe.js';

export type { Store } from './store.js';
export { StoreOpenError } from './store.js';
export { FencedOutError, StoreTimeoutError } from './postgres/errors.js';
export type { Fence } from './postgres/protocol.js';

/** Options of the PostgreSQL adapter (a SQLite file takes none). */
export type StoreOptions = PostgresOptions;

/** The leader lease's holder and fencing token, which a shared store checks at every write. */
export type { Fence as StoreFence } from './postgres/protocol.js';

const BUSY_TIMEOUT_MS = 5_000;
/**
 * SQLite's own default page cache (better-sqlite3 builds with 16 MB, which a month of bars and
 * outbox charts fills): the bot reads recent rows and the OS caches the file anyway.
 */
const PAGE_CACHE_KIB = 2_000;
/** quick_check lists at most this many problems; the first one is enough to tell the operator. */
const QUICK_CHECK_MAX_ERRORS = 5;

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

/** An in-memory database has no file for a second connection: its facts come from the store itself. */
function memoryProbe(store: Store): StoreProbe {
  return {
    outbox: () => ({
      pending: store.pendingCount(),
      oldestPendingAt: null,
      deadLetters: store.deadLetterSummary().count,
    }),
    writeProblem: () => null,
    close: () => undefined,
  };
}

function openSqliteStore(path: string): Store {
  const db = openDatabase(path);
  try {
    return composeStore(sqliteDatabase(db), {
      path,
      shared: false,
      openProbe: (store) => (path === ':memory:' ? memoryProbe(store) : openStoreProbe(path)),
    });
  } catch (err) {
    db.close();
    throw err;
  }
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/**
 * Opens the store at `location`: a `postgres://` or `postgresql://` URL is a PostgreSQL database
 * (connected, its schema brought up to date); anything else is a SQLite file (created if needed,
 * checked and migrated), or ':memory:'. Throws StoreOpenError when it cannot be used.
 */
export function openStore(location: string, options: StoreOptions = {}): Store {
  return POSTGRES_URL.test(location) ? openPostgresStore(location, options) : openSqliteStore(location);
}
