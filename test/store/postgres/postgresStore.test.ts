import { createServer } from 'node:net';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FencedOutError,
  openStore,
  StoreOpenError,
  StoreTimeoutError,
} from '../../../src/store/openStore.js';
import type { Fence, Store } from '../../../src/store/openStore.js';
import { openPostgresDatabase } from '../../../src/store/postgres/postgresDatabase.js';
import type { PostgresDatabase } from '../../../src/store/postgres/postgresDatabase.js';
import { isWriteFailure } from '../../../src/store/writeFailure.js';
import { sampleAlert } from '../../support/sampleAlert.js';
import { useStores } from '../tempStore.js';

const { fresh, location, open } = useStores('postgres');

const clients: pg.Client[] = [];
const databases: PostgresDatabase[] = [];
afterEach(async () => {
  for (const db of databases.splice(0)) db.close();
  for (const client of clients.splice(0)) await client.end();
});

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: location() });
  clients.push(client);
  await client.connect();
  return client;
}

async function grantLease(client: pg.Client, fence: Fence): Promise<void> {
  await client.query(
    `INSERT INTO leader_lease (id, holder, token, renewed_at, expires_at) VALUES (1, $1, $2, now(), now() + interval '30 seconds')
     ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, token = excluded.token`,
    [fence.holder, fence.token],
  );
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address !== 'object') throw new Error('no port');
  return address.port;
}

describe('opening a PostgreSQL store', () => {
  it('GIVEN a URL THEN the store names the database without the password and is shared', () => {
    const store = fresh();
    expect(store.shared).toBe(true);
    expect(store.path).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/store_\d+_\d+$/);
    expect(store.path).not.toContain(new URL(location()).password);
  });

  it('GIVEN no server at the address THEN a one-line StoreOpenError names host and database, never the password', async () => {
    const url = `postgresql://bot:s3cret-Pw@127.0.0.1:${await freePort()}/market`;
    const error = thrown(() => openStore(url));
    expect(error).toBeInstanceOf(StoreOpenError);
    expect(error.message).toMatch(
      /^Cannot open the PostgreSQL store at postgresql:\/\/bot@127\.0\.0\.1:\d+\/market \(.*ECONNREFUSED.*\); check STORE_URL/,
    );
    expect(error.message).not.toContain('s3cret-Pw');
    expect(error.message).not.toContain('\n');
  });

  it('GIVEN a wrong password THEN a one-line StoreOpenError that does not repeat it', () => {
    const url = new URL(location());
    url.password = 'not-the-Password';
    const error = thrown(() => openStore(url.toString()));
    expect(error).toBeInstanceOf(StoreOpenError);
    expect(error.message).toMatch(/password authentication failed.*check STORE_URL/);
    expect(error.message).not.toContain('not-the-Password');
  });

  it('GIVEN a database written by a newer version THEN a one-line StoreOpenError saying to upgrade', async () => {
    fresh();
    const admin = await connect();
    await admin.query('UPDATE schema_version SET version = version + 1');
    try {
      const error = thrown(() => open(location(), { timeoutMs: 5_000 }));
      expect(error).toBeInstanceOf(StoreOpenError);
      expect(error.message).toMatch(/^The PostgreSQL store at .* newer version of the bot .*upgrade the bot/);
    } finally {
      await admin.query('UPDATE schema_version SET version = version - 1');
    }
  });
});

describe('SQL through the bridge', () => {
  it('GIVEN question marks inside string literals THEN only the real placeholders are bound', () => {
    fresh();
    const db = openPostgresDatabase(location());
    databases.push(db);
    const row = db
      .prepare<[string, number], Record<string, unknown>>(
        `SELECT '?' AS mark, 'it''s ?' AS quoted, CAST(? AS TEXT) AS first, CAST(? AS INTEGER) AS second`,
      )
      .get('a?b', 7);
    expect(row).toEqual({ mark: '?', quoted: "it's ?", first: 'a?b', second: 7 });
  });

  it('GIVEN BIGINT and NUMERIC values THEN they come back as numbers', () => {
    fresh();
    const db = openPostgresDatabase(location());
    databases.push(db);
    const row = db.prepare<[], Record<string, unknown>>(
      'SELECT CAST(1700000000000 AS BIGINT) AS ms, CAST(1.25 AS NUMERIC) AS n, count(*) AS c FROM bars',
    );
    expect(row.get()).toEqual({ ms: 1_700_000_000_000, n: 1.25, c: 0 });
    expect(row.pluck().get()).toBe(1_700_000_000_000);
  });
});

describe('fencing', () => {
  const A: Fence = { holder: 'replica-a', token: 1 };
  const B: Fence = { holder: 'replica-b', token: 2 };

  it('GIVEN the lease still held THEN fenced transactions and lone writes go through', async () => {
    fresh();
    await grantLease(await connect(), A);
    const store = open(location(), { fence: A });
    store.transaction(() => store.appendBars('HSI', [{ time: 1, price: 10 }]));
    store.appendBars('HSI', [{ time: 2, price: 11 }]);
    store.saveInstrumentState('HSI', { n: 1 }, 1);
    expect(store.recentBars('HSI', 0)).toHaveLength(2);
    expect(store.loadInstrumentStates().states.get('HSI')).toEqual({ n: 1 });
  });

  it('GIVEN a newer lease token THEN the old holder is refused, in a transaction and alone, and nothing is written', async () => {
    fresh();
    const admin = await connect();
    await grantLease(admin, A);
    const store = open(location(), { fence: A });
    await grantLease(admin, B);
    const inTransaction = thrown(() =>
      store.transaction(() => {
        store.appendBars('HSI', [{ time: 1, price: 10 }]);
      }),
    );
    expect(inTransaction).toBeInstanceOf(FencedOutError);
    expect(inTransaction.message).toMatch(
      /^Write refused: this replica \(replica-a, lease token 1\) no longer holds the leader lease, a newer leader does; it must stop\.$/,
    );
    const alone = thrown(() => store.enqueue({ nonce: 'n1', target: 'c1', payload: {}, eventTime: 1 }, 1));
    expect(alone).toBeInstanceOf(FencedOutError);
    // Refused writes are no storage outage: the outage count must not restart the bot for them.
    expect(isWriteFailure(alone)).toBe(false);
    expect(store.writeFailure()).toBeNull();
    // Reads are not fenced.
    expect(store.recentBars('HSI', 0)).toEqual([]);
    expect(store.pendingCount()).toBe(0);
  });

  it('GIVEN a fence read at each write THEN a replica that learns its new token writes again', async () => {
    fresh();
    const admin = await connect();
    await grantLease(admin, A);
    let fence: Fence | null = A;
    const store = open(location(), { fence: () => fence });
    await grantLease(admin, B);
    expect(() => store.appendBars('HSI', [{ time: 1, price: 10 }])).toThrow(FencedOutError);
    fence = B;
    expect(store.appendBars('HSI', [{ time: 1, price: 10 }])).toBe(1);
  });

  it('GIVEN a takeover holding the lease row past the timeout THEN a lone write times out and the next call works', async () => {
    fresh();
    const admin = await connect();
    await grantLease(admin, A);
    const store = open(location(), { fence: A, timeoutMs: 300 });
    const takeover = await connect();
    await takeover.query('BEGIN');
    await takeover.query('SELECT 1 FROM leader_lease WHERE id = 1 FOR UPDATE');
    // saveInstrumentState is one statement: outside a transaction it is fenced on its own.
    expect(() => store.saveInstrumentState('HSI', { n: 1 }, 1)).toThrow(StoreTimeoutError);
    await takeover.query('ROLLBACK');
    expect(store.loadInstrumentStates().states.size).toBe(0);
    store.saveInstrumentState('HSI', { n: 2 }, 2);
    expect(store.loadInstrumentStates().states.get('HSI')).toEqual({ n: 2 });
  });

  it('GIVEN a takeover while a fenced transaction is in flight THEN the takeover waits, the transaction commits, and later writes are refused', async () => {
    fresh();
    const admin = await connect();
    await grantLease(admin, A);
    const store = open(location(), { fence: A });
    const watcher = openPostgresDatabase(location());
    databases.push(watcher);
    let takeover: Promise<string> | undefined;
    store.transaction(() => {
      store.recordAlerts([sampleAlert({ id: 'in-flight' })], 1);
      takeover = runInBackground(
        location(),
        `UPDATE leader_lease SET holder = '${B.holder}', token = ${B.token} WHERE id = 1`,
      );
      waitUntilBlockedOnLock(watcher);
    });
    expect(await takeover).toBe('done');
    expect(store.recentAlerts(5).map((a) => a.id)).toEqual(['in-flight']);
    expect(() => store.recordAlerts([sampleAlert({ id: 'late' })], 2)).toThrow(FencedOutError);
    expect(store.recentAlerts(5).map((a) => a.id)).toEqual(['in-flight']);
  });
});

describe('a paused leader', () => {
  const A: Fence = { holder: 'replica-a', token: 1 };

  it('GIVEN a replica paused inside a fenced transaction THEN the server ends its session, the takeover proceeds and the late commit fails', async () => {
    fresh();
    await grantLease(await connect(), A);
    const store = open(location(), { fence: A, timeoutMs: 500 });
    const watcher = openPostgresDatabase(location());
    databases.push(watcher);
    const token = watcher.prepare<[], number>('SELECT token FROM leader_lease WHERE id = 1').pluck();
    let takeover: Promise<string> | undefined;
    const late = thrown(() =>
      store.transaction(() => {
        store.recordAlerts([sampleAlert({ id: 'paused' })], 1);
        takeover = runInBackground(
          location(),
          `UPDATE leader_lease SET holder = 'replica-b', token = 2 WHERE id = 1`,
        );
        // Paused (this thread does nothing) until the takeover went through.
        sleepUntil(() => token.get() === 2, 'the takeover never went through');
      }),
    );
    expect(await takeover).toBe('done');
    expect(isWriteFailure(late)).toBe(true);
    expect(store.recentAlerts(5)).toEqual([]);
    expect(() => store.recordAlerts([sampleAlert({ id: 'after' })], 2)).toThrow(FencedOutError);
  });
});

/** Blocks this thread, looking now and then, until the condition holds; the deadline only ends a hang. */
function sleepUntil(condition: () => boolean, what: string): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(what);
    Atomics.wait(pause, 0, 0, 20);
  }
}

/** Runs SQL on its own connection from a thread of its own, so it proceeds while this thread is blocked. */
function runInBackground(url: string, sql: string): Promise<string> {
  const worker = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const { Client } = require('pg');
     const client = new Client({ connectionString: workerData.url });
     client.connect()
       .then(() => client.query(workerData.sql))
       .then(() => client.end())
       .then(() => parentPort.postMessage('done'), (err) => parentPort.postMessage('failed: ' + err.message));`,
    { eval: true, workerData: { url, sql } },
  );
  return new Promise((resolve) => {
    worker.once('message', (answer: string) => {
      void worker.terminate();
      resolve(answer);
    });
  });
}

/** Blocks (this thread is inside a transaction) until another session of the database waits on a lock. */
function waitUntilBlockedOnLock(db: PostgresDatabase): void {
  const waiting = db
    .prepare<[], number>(
      `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    )
    .pluck();
  sleepUntil(() => (waiting.get() ?? 0) > 0, 'the takeover never waited on the lease row');
}

describe('timeouts and lost connections', () => {
  it('GIVEN a lock held by another connection past the timeout THEN a clear storage error the outage counts, and the next call works', async () => {
    fresh();
    const store = open(location(), { timeoutMs: 300 });
    const locker = await connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE bars IN ACCESS EXCLUSIVE MODE');
    const error = thrown(() => store.transaction(() => store.appendBars('HSI', [{ time: 1, price: 10 }])));
    expect(error).toBeInstanceOf(StoreTimeoutError);
    expect(error.message).toMatch(
      /^The PostgreSQL store at postgresql:\/\/postgres@127\.0\.0\.1:\d+\/\S+ did not answer within 300 ms \(a lock held by another connection/,
    );
    expect(isWriteFailure(error)).toBe(true);
    expect(store.writeFailure()).toMatch(/^PG_TIMEOUT: The PostgreSQL store/);
    await locker.query('ROLLBACK');
    store.transaction(() => store.appendBars('HSI', [{ time: 1, price: 10 }]));
    expect(store.recentBars('HSI', 0)).toEqual([{ time: 1, price: 10 }]);
    expect(store.writeFailure()).toBeNull();
  });

  it('GIVEN the connection killed by the server THEN the next call reconnects and works', async () => {
    const store = fresh();
    store.appendBars('HSI', [{ time: 1, price: 10 }]);
    const admin = await connect();
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'market-reaction-bot'`,
    );
    // The worker may learn of the loss only from this call, which then fails as an outage would.
    try {
      store.appendBars('HSI', [{ time: 2, price: 11 }]);
    } catch (err) {
      expect(isWriteFailure(err)).toBe(true);
    }
    store.appendBars('HSI', [{ time: 3, price: 12 }]);
    expect(store.latestBar('HSI', 0)).toEqual({ time: 3, price: 12 });
  });
});

describe('health probe', () => {
  it('GIVEN a writable database THEN no write problem, and the outbox facts', () => {
    const store: Store = fresh();
    store.enqueue({ nonce: 'n1', target: 'c1', payload: {}, eventTime: 1 }, 42);
    const probe = store.openProbe();
    expect(probe.writeProblem()).toBeNull();
    expect(probe.outbox()).toEqual({ pending: 1, oldestPendingAt: 42, deadLetters: 0 });
    probe.close();
  });

  it('GIVEN a lock that keeps writes out THEN the probe says so within its short wait', async () => {
    const store = fresh();
    const locker = await connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE schema_version IN ACCESS EXCLUSIVE MODE');
    try {
      expect(store.openProbe().writeProblem()).toMatch(/did not finish within 250 ms/);
    } finally {
      await locker.query('ROLLBACK');
    }
    expect(store.openProbe().writeProblem()).toBeNull();
  });
});
