import type Database from 'better-sqlite3';

/**
 * The port every store module talks to: the part of better-sqlite3 they use. It is synchronous on
 * purpose (docs/storage.md): a poll records bars, state, alerts and its outbox rows in one
 * transaction run by a synchronous function, so nothing else can interleave with it. SQLite is
 * better-sqlite3 itself; PostgreSQL is `pg` on a worker thread behind a blocking bridge
 * (src/store/postgres/).
 */
export interface SqlStatement<P extends unknown[] = unknown[], R = unknown> {
  run(...params: P): { readonly changes: number };
  get(...params: P): R | undefined;
  all(...params: P): R[];
  /** The first column of each row instead of the row. */
  pluck(): SqlStatement<P, R>;
}

export type SqlDialect = 'sqlite' | 'postgres';

export interface SqlDatabase {
  /** For the few statements that cannot be one text for both (see `jsonTextValues`). */
  readonly dialect: SqlDialect;
  /** SQL with `?` placeholders; PostgreSQL's adapter numbers them. */
  prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): SqlStatement<P, R>;
  /** Wraps fn so each call runs in one transaction; a call inside another is a savepoint. */
  transaction<A extends unknown[], T>(fn: (...args: A) => T): (...args: A) => T;
}

/** A database the store owns: it also counts committed changes (for the outage check) and closes. */
export interface StoreDatabase extends SqlDatabase {
  /** Rows changed by every committed statement since opening. */
  totalChanges(): number;
  close(): void;
}

/** `value` rows of a JSON array of strings bound to the one `?` (SQLite's json_each, PostgreSQL's own). */
export function jsonTextValues(dialect: SqlDialect): string {
  return dialect === 'sqlite'
    ? 'SELECT value FROM json_each(?)'
    : 'SELECT value FROM json_array_elements_text(CAST(? AS json))';
}

export function sqliteDatabase(db: Database.Database): StoreDatabase {
  const totalChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
  return {
    dialect: 'sqlite',
    prepare: <P extends unknown[], R>(sql: string) => db.prepare<P, R>(sql) as SqlStatement<P, R>,
    transaction: (fn) => db.transaction(fn),
    totalChanges: () => totalChanges.get() ?? 0,
    close: () => {
      db.close();
    },
  };
}
