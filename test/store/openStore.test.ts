import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/openStore.js';
import { SCHEMA_VERSION } from '../../src/store/migrations.js';
import { escapeRegExp as escape, useTempStores } from './tempStore.js';

const { dbPath, open } = useTempStores();

function pragma(path: string, name: string): unknown {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma(name, { simple: true });
  } finally {
    db.close();
  }
}

describe('openStore', () => {
  it('creates missing parent folders and the database file', () => {
    const path = join(dirname(dbPath()), 'nested', 'deeper', 'state.db');
    open(path);
    expect(existsSync(path)).toBe(true);
  });

  it('puts the database in WAL mode', () => {
    const path = dbPath();
    open(path).close();
    expect(pragma(path, 'journal_mode')).toBe('wal');
  });

  it('opens an in-memory database without touching the file system', () => {
    const store = open(':memory:');
    expect(store.appendBars('HSI', [{ time: 1, price: 2 }])).toBe(1);
    expect(existsSync(':memory:')).toBe(false);
  });

  it('names the path and STATE_DB when the parent of the path is a file', () => {
    const blocker = dbPath('not-a-folder');
    writeFileSync(blocker, 'x');
    const path = join(blocker, 'state.db');
    expect(() => openStore(path)).toThrow(`Cannot open the state database at ${path}`);
    expect(() => openStore(path)).toThrow(/check STATE_DB/);
  });

  it('names the path and STATE_DB when the path is a folder', () => {
    const path = dbPath('a-folder');
    mkdirSync(path);
    expect(() => openStore(path)).toThrow(new RegExp(`state database at ${escape(path)}.*check STATE_DB`));
  });

  it('names the path and STATE_DB when the file is not a SQLite database', () => {
    const path = dbPath();
    writeFileSync(path, 'this is not sqlite, just some text that is long enough to have a header'.repeat(10));
    expect(() => openStore(path)).toThrow(
      new RegExp(`state database at ${escape(path)}.*not a database.*check STATE_DB`),
    );
  });
});

describe('Store.transaction', () => {
  it('commits everything the function did', () => {
    const store = open(':memory:');
    const result = store.transaction(() => {
      store.appendBars('HSI', [{ time: 1, price: 10 }]);
      store.saveInstrumentState('HSI', { n: 1 }, 5);
      return 'done';
    });
    expect(result).toBe('done');
    expect(store.recentBars('HSI', 0)).toHaveLength(1);
    expect(store.loadInstrumentStates().states.get('HSI')).toEqual({ n: 1 });
  });

  it('rolls back everything when the function throws, including nested store transactions', () => {
    const store = open(':memory:');
    expect(() =>
      store.transaction(() => {
        store.appendBars('HSI', [{ time: 1, price: 10 }]);
        store.saveInstrumentState('HSI', { n: 1 }, 5);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.recentBars('HSI', 0)).toEqual([]);
    expect(store.loadInstrumentStates().states.size).toBe(0);
  });

  it('refuses an async function and rolls back what it did before its first await', () => {
    const store = open(':memory:');
    expect(() =>
      store.transaction(async () => {
        store.appendBars('HSI', [{ time: 1, price: 10 }]);
        await Promise.resolve();
      }),
    ).toThrow(/synchronous/);
    expect(store.recentBars('HSI', 0)).toEqual([]);
  });
});

describe('schema version', () => {
  it('is recorded in user_version after opening', () => {
    const path = dbPath();
    open(path).close();
    expect(pragma(path, 'user_version')).toBe(SCHEMA_VERSION);
  });
});
