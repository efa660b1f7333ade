/**
 * A second connection to the state database, for the health endpoint only: it answers what the
 * store's own interface does not (the oldest queued message) and checks the file still takes writes,
 * without adding either to the store the bot runs on. better-sqlite3 is synchronous, so this
 * connection never meets the bot's own transactions half-way.
 */
import Database from 'better-sqlite3';
import type { Store } from './openStore.js';

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

export function openStoreProbe(path: string): StoreProbe {
  const db = new Database(path, { fileMustExist: true });
  db.pragma(`busy_timeout = ${PROBE_BUSY_TIMEOUT_MS}`);
  const pending = db.prepare<[], { n: number; oldest: number | null }>(
    `SELECT count(*) AS n, min(created_at) AS oldest FROM outbox WHERE state = 'pending'`,
  );
  const dead = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM dead_letters`);
  return {
    outbox() {
      const row = pending.get();
      return { pending: row?.n ?? 0, oldestPendingAt: row?.oldest ?? null, deadLetters: dead.get()?.n ?? 0 };
    },
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

/** An in-memory database has no file for a second connection: its facts come from the store itself. */
export function probeFor(store: Store): StoreProbe {
  if (store.path !== ':memory:') return openStoreProbe(store.path);
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
