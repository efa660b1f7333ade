import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase, openStore, StoreOpenError } from '../../src/store/openStore.js';
import { SCHEMA_VERSION } from '../../src/store/migrations.js';
import { escapeRegExp as escape, storeKinds, useStores, useTempStores } from './tempStore.js';
import { HEAVY_TEST_MS } from '../support/waitFor.js';

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

  it('is not shared with other replicas', () => {
    expect(open(dbPath()).shared).toBe(false);
  });

  it('GIVEN a connection THEN its page cache is 2 MB, the SQLite default, not the 16 MB better-sqlite3 builds with', () => {
    const db = openDatabase(dbPath());
    try {
      expect(db.pragma('cache_size', { simple: true })).toBe(-2_000);
    } finally {
      db.close();
    }
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

describe.each(storeKinds)('Store.transaction (%s store)', (kind) => {
  const { fresh } = useStores(kind);

  it('commits everything the function did', () => {
    const store = fresh();
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
    const store = fresh();
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

  it('GIVEN a nested transaction that throws THEN only its savepoint is rolled back and the outer one commits', () => {
    const store = fresh();
    store.transaction(() => {
      store.appendBars('HSI', [{ time: 1, price: 10 }]);
      expect(() =>
        store.transaction(() => {
          store.appendBars('HSI', [{ time: 2, price: 11 }]);
          store.saveInstrumentState('HSI', { n: 2 }, 5);
          throw new Error('inner');
        }),
      ).toThrow('inner');
      store.transaction(() => store.appendBars('HSI', [{ time: 3, price: 12 }]));
    });
    expect(store.recentBars('HSI', 0)).toEqual([
      { time: 1, price: 10 },
      { time: 3, price: 12 },
    ]);
    expect(store.loadInstrumentStates().states.size).toBe(0);
  });

  it('GIVEN a statement that fails inside a nested transaction THEN the outer one goes on and commits', () => {
    const store = fresh();
    const entry = (nonce: string) => ({ nonce, target: 'c1', payload: {}, eventTime: 1 });
    store.transaction(() => {
      store.enqueue(entry('first'), 1);
      expect(() => store.transaction(() => store.enqueue(entry('first'), 2))).toThrow(/unique/i);
      store.enqueue(entry('second'), 3);
    });
    expect(store.dueHeads(10).map((e) => e.nonce)).toEqual(['first']);
    expect(store.pendingCount()).toBe(2);
  });

  it('refuses an async function and rolls back what it did before its first await', () => {
    const store = fresh();
    expect(() =>
      store.transaction(async () => {
        store.appendBars('HSI', [{ time: 1, price: 10 }]);
        await Promise.resolve();
      }),
    ).toThrow(/synchronous/);
    expect(store.recentBars('HSI', 0)).toEqual([]);
  });
});

describe.each(storeKinds)('threshold overrides (%s store)', (kind) => {
  const { fresh, location, open } = useStores(kind);

  it('GIVEN overrides set, replaced and reset THEN each instrument-rule pair has its newest value, oldest change first', () => {
    const store = fresh();
    expect(store.thresholdOverrides()).toEqual([]);
    store.recordThresholdOverride('HSI', 'dayMove.tiersPct', '2, 3', 10);
    store.recordThresholdOverride('N225', 'windowMove.thresholdPct', '0.5', 20);
    store.recordThresholdOverride('HSI', 'dayMove.tiersPct', '1.5, 3', 30);
    store.recordThresholdOverride('N225', 'windowMove.thresholdPct', null, 40);
    expect(store.thresholdOverrides()).toEqual([
      { symbol: 'HSI', rule: 'dayMove.tiersPct', valueText: '1.5, 3', updatedAt: 30 },
      { symbol: 'N225', rule: 'windowMove.thresholdPct', valueText: null, updatedAt: 40 },
    ]);
  });

  it('GIVEN an override THEN it survives a restart', () => {
    const path = location();
    const first = open(path);
    first.recordThresholdOverride('HSI', 'volatility.zScore', '3.5', 10);
    first.close();
    expect(open(path).thresholdOverrides()).toEqual([
      { symbol: 'HSI', rule: 'volatility.zScore', valueText: '3.5', updatedAt: 10 },
    ]);
  });
});

describe('schema version', () => {
  it('is recorded in user_version after opening', () => {
    const path = dbPath();
    open(path).close();
    expect(pragma(path, 'user_version')).toBe(SCHEMA_VERSION);
  });
});

/** Writes a database with enough rows to span many pages, then overwrites pages 2 and 3 with garbage (the header stays valid). */
function writeDamagedDatabase(path: string): void {
  const store = openStore(path);
  store.appendBars(
    'HSI',
    Array.from({ length: 2_000 }, (_, i) => ({ time: i * 60_000, price: 20_000 + i })),
  );
  store.close();
  const pageSize = pragma(path, 'page_size') as number;
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, randomBytes(2 * pageSize), 0, 2 * pageSize, pageSize);
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens the store in a child process as a user the folder does not let write. Root writes
 * anywhere, so under root the child runs as nobody.
 */
function openAsUnprivileged(path: string): string {
  const script = `import { openStore } from ${JSON.stringify(resolve('src/store/openStore.ts'))};
    try { openStore(process.argv[1]).close(); console.log('opened'); }
    catch (err) { console.log(err.name + ' ' + err.message); }`;
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, path], {
    encoding: 'utf8',
    // tsx's transform cache lives in a folder of the user who ran the tests first; skip it.
    env: { ...process.env, TSX_DISABLE_CACHE: '1' },
    ...asNobody,
  });
  return `${child.stdout}${child.stderr}`.trim();
}

describe('storage start errors', () => {
  it('GIVEN a file with a valid header and two overwritten pages THEN it refuses to start, naming the file and what to do', () => {
    const path = dbPath();
    writeDamagedDatabase(path);
    expect(readFileSync(path).subarray(0, 15).toString()).toBe('SQLite format 3');
    let error: unknown;
    try {
      openStore(path);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StoreOpenError);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`^The state database at ${escape(path)} is damaged`));
    expect(message).toMatch(/restore it from a backup, or move it aside to start with a fresh one/);
    expect(message).not.toContain('\n');
  });

  it('GIVEN random bytes THEN a one-line StoreOpenError', () => {
    const path = dbPath();
    writeFileSync(path, randomBytes(8192));
    expect(() => openStore(path)).toThrow(StoreOpenError);
    expect(() => openStore(path)).toThrow(
      /^The state database at .* is damaged or not a SQLite database \([^\n]*$/,
    );
  });

  it('GIVEN a database written by a newer version THEN a one-line StoreOpenError', () => {
    const path = dbPath();
    open(path).close();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openStore(path)).toThrow(StoreOpenError);
    expect(() => openStore(path)).toThrow(/^State database .* newer version[^\n]*upgrade the bot/);
  });

  it(
    'GIVEN a database in a folder the bot may not write THEN a one-line StoreOpenError saying so',
    () => {
      const path = dbPath();
      open(path).close();
      const folder = dirname(path);
      chmodSync(dirname(folder), 0o755);
      chmodSync(path, 0o444);
      chmodSync(folder, 0o555);
      try {
        const answer = openAsUnprivileged(path);
        expect(answer).toMatch(
          new RegExp(
            `^StoreOpenError Cannot write the state database at ${escape(path)} \\(.*readonly.*\\); the file and its folder must be writable`,
          ),
        );
        expect(answer).not.toContain('\n');
      } finally {
        chmodSync(folder, 0o755);
      }
    },
    HEAVY_TEST_MS,
  );
});
