import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { openStore } from '../../src/store/openStore.js';
import type { Store, StoreOptions } from '../../src/store/openStore.js';
import { createTestDatabase } from '../support/testDatabase.js';

/** Gives each test a fresh folder under the OS temp dir; stores opened through it are closed and the folder removed after the test. */
export function useTempStores(): { dbPath: (name?: string) => string; open: (path: string) => Store } {
  const dirs: string[] = [];
  const opened: Store[] = [];
  afterEach(() => {
    for (const store of opened.splice(0)) store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    dbPath: (name = 'state.db') => {
      const dir = mkdtempSync(join(tmpdir(), 'store-test-'));
      dirs.push(dir);
      return join(dir, name);
    },
    open: (path) => {
      const store = openStore(path);
      opened.push(store);
      return store;
    },
  };
}

export type StoreKind = 'sqlite' | 'postgres';

/** Both adapters: a store test run with `describe.each(storeKinds)` makes the same assertions on each. */
export const storeKinds: readonly StoreKind[] = ['sqlite', 'postgres'];

export interface StoreFixture {
  readonly kind: StoreKind;
  /** An empty store for this test, closed after it. */
  fresh(): Store;
  /** Where an empty store opens for this test: a new file, or this file's database, emptied before each test. */
  location(): string;
  /** Opens the store at a location (again, for a restart); closed after the test. */
  open(location: string, options?: StoreOptions): Store;
  /** Runs SQL on the database at a location past the store (to damage a row, say). */
  exec(location: string, sql: string): Promise<void>;
}

/** Stores of one kind for the tests of the describe block it is called in. */
export function useStores(kind: StoreKind): StoreFixture {
  return kind === 'sqlite' ? sqliteStores() : postgresStores();
}

function sqliteStores(): StoreFixture {
  const { dbPath, open } = useTempStores();
  return {
    kind: 'sqlite',
    location: () => dbPath(),
    open: (path) => open(path),
    fresh: () => open(dbPath()),
    exec: (path, sql) => {
      const raw = new Database(path);
      try {
        raw.exec(sql);
      } finally {
        raw.close();
      }
      return Promise.resolve();
    },
  };
}

/** The run's server may still be starting when the first file needs it; this only ends a hang. */
const SERVER_START_MS = 60_000;

async function emptyTables(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_version'`,
  );
  const tables = rows.map((r) => admin.escapeIdentifier(r.tablename)).join(', ');
  if (tables !== '') await admin.query(`TRUNCATE ${tables} RESTART IDENTITY`);
}

/**
 * A worker thread per PostgreSQL store costs about half a second to start under tsx, so the file
 * shares one store whose database is emptied before each test; a second open of the same location
 * in a test (a restart) is a real new store.
 */
function postgresStores(): StoreFixture {
  let url = '';
  let shared: Store | undefined;
  let admin: pg.Client | undefined;
  let handedOut = false;
  const opened: Store[] = [];
  beforeAll(async () => {
    url = await createTestDatabase('store');
    shared = openStore(url);
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  }, SERVER_START_MS);
  beforeEach(async () => {
    handedOut = false;
    if (admin) await emptyTables(admin);
  });
  afterEach(() => {
    for (const store of opened.splice(0)) store.close();
  });
  afterAll(async () => {
    shared?.close();
    await admin?.end();
  });
  const sharedStore = (): Store => {
    if (!shared) throw new Error('the test database is not open yet (use the fixture inside a test)');
    handedOut = true;
    // Closed after the file, not by the test: its close() only stands for a restart.
    return { ...shared, close: () => undefined };
  };
  return {
    kind: 'postgres',
    location: () => url,
    fresh: () => {
      if (handedOut)
        throw new Error('one fresh PostgreSQL store per test: the database is emptied between tests');
      return sharedStore();
    },
    open: (location, options) => {
      if (location === url && !handedOut && options === undefined) return sharedStore();
      const store = openStore(location, options);
      opened.push(store);
      return store;
    },
    exec: async (location, sql) => {
      if (location !== url || !admin) throw new Error(`no connection to ${location}`);
      await admin.query(sql);
    },
  };
}

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
