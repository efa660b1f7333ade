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
    }
  /** Starts a transaction, checking the fence first when there is one. */
  | { readonly op: 'begin'; readonly fence: Fence | null }
  /** COMMIT, ROLLBACK or a savepoint statement. */
  | { readonly op: 'exec'; readonly sql: string }
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
