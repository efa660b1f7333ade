/** What the store's thread asks its PostgreSQL worker (src/store/postgres/pgWorker.ts), and the answers. */

/** The leader lease a write must still hold: every fenced write checks it first (docs/storage.md). */
export interface Fence {
  readonly holder: string;
  readonly token: number;
}

/** The health probe's write answers a health check: it never waits long on a lock. */
export const PROBE_TIMEOUT_MS = 250;

export interface WorkerSettings {
  readonly connectionString: string;
  /** PostgreSQL cancels a statement (a lock wait included) that runs longer than this. */
  readonly statementTimeoutMs: number;
  readonly connectTimeoutMs: number;
}

/**
 * Transaction control the store's thread defers until its next request (BEGIN with the fence check,
 * SAVEPOINT, RELEASE, ROLLBACK TO), which carries it ahead of its own statement: no round trip of
 * its own, and none at all for a transaction or savepoint that ran no statement.
 */
export type PreludeStep = { readonly begin: Fence | null } | { readonly sql: string };

export type PgRequest =
  /** Connects and brings the schema up to date. */
  | { readonly op: 'open' }
  /** One statement; with a fence (a write outside a transaction) it runs in its own fenced transaction. */
  | {
      readonly op: 'query';
      readonly name: string;
      readonly text: string;
      readonly values: readonly unknown[];
      readonly fence: Fence | null;
      readonly prelude?: readonly PreludeStep[];
    }
  /** COMMIT or ROLLBACK. */
  | { readonly op: 'exec'; readonly sql: 'COMMIT' | 'ROLLBACK'; readonly prelude?: readonly PreludeStep[] }
  /** A write in a rolled-back transaction: does the database still take writes? */
  | { readonly op: 'probe' }
  | { readonly op: 'close' };

export interface QueryAnswer {
  readonly rows: Record<string, unknown>[];
  readonly rowCount: number;
}

export interface OpenAnswer {
  readonly from: number;
  readonly to: number;
}

/** Codes of the failures the worker itself raises (PostgreSQL's own carry their SQLSTATE). */
export const WORKER_CODES = {
  fenced: 'FENCED',
  newerSchema: 'NEWER_SCHEMA',
  connectionLost: 'CONNECTION_LOST',
} as const;
