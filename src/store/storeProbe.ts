/**
 * What the health endpoint asks the store beside its own interface: the oldest queued message and
 * whether the database still takes writes. For a SQLite file it is a second connection, so neither
 * question adds to the connection the bot runs on; better-sqlite3 is synchronous, so this connection
 * never meets the bot's own transactions half-way. PostgreSQL's adapter answers through its own
 * connection (src/store/postgres/), which is idle whenever the health endpoint runs.
 */
import Database from 'better-sqlite3';
import { sqliteDatabase } from './sqlDatabase.js';
import type { SqlDatabase } from './sqlDatabase.js';

export interface OutboxFacts {
  readonly pending: number;
  /** When the oldest pending message was queued (epoch ms), or null when none is pending. */
  readonly oldestPendingAt: number | null;
  readonly deadLetters: number;
}

export interface StoreProbe {
  outbox(): OutboxFacts;
  /** null when a write would succeed, else why not (one line). */
  writeProblem(): string | null;
  close(): void;
}

/** A busy database answers a scrape late rather than failing it, but never holds it long. */
const PROBE_BUSY_TIMEOUT_MS = 250;

/** The outbox's facts, read with the statements of any adapter. */
export function outboxFacts(db: SqlDatabase): () => OutboxFacts {
  const pending = db.prepare<[], { n: number; oldest: number | null }>(
    `SELECT count(*) AS n, min(created_at) AS oldest FROM outbox WHERE state = 'pending'`,
  );
  const dead = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM dead_letters`);
  return () => {
    const row = pending.get();
    return { pending: row?.n ?? 0, oldestPendingAt: row?.oldest ?? null, deadLetters: dead.get()?.n ?? 0 };
  };
}

export function openStoreProbe(path: string): StoreProbe {
  const db = new Database(path, { fileMustExist: true });
  db.pragma(`busy_timeout = ${PROBE_BUSY_TIMEOUT_MS}`);
  const outbox = outboxFacts(sqliteDatabase(db));
  return {
    outbox,
    writeProblem() {
      try {
        // A real write of the header, rolled back: fails on a read-only file or a locked database.
        const version = db.pragma('user_version', { simple: true }) as number;
        db.exec('BEGIN IMMEDIATE');
        try {
          db.pragma(`user_version = ${version}`);
        } finally {
          db.exec('ROLLBACK');
        }
        return null;
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
    },
    close() {
      db.close();
    },
  };
}

/** The store's probe (each adapter opens its own; an in-memory database answers from the store itself). */
export function probeFor(store: { openProbe(): StoreProbe }): StoreProbe {
  return store.openProbe();
}
