/**
 * The PostgreSQL store's worker thread: holds ONE `pg` connection and runs the statements the store's
 * thread sends through the sync bridge, one at a time. A lost connection is reopened at the next
 * request, except inside a transaction, whose remaining statements fail until it ends.
 */
import { workerData } from 'node:worker_threads';
import pg from 'pg';
import type { Fence, OpenAnswer, PgRequest, PreludeStep, QueryAnswer, WorkerSettings } from './protocol.js';
import { PROBE_TIMEOUT_MS, WORKER_CODES } from './protocol.js';
import { MIGRATION_LOCK_KEY, POSTGRES_MIGRATIONS, POSTGRES_SCHEMA_VERSION } from './schema.js';
import { serveSyncBridge } from './syncBridge.js';
import type { BridgeEnd } from './syncBridge.js';

const { end, settings } = workerData as { end: BridgeEnd; settings: WorkerSettings };

/** BIGINT (ms times, count(*), serial ids) and NUMERIC come back as JS numbers, as SQLite's do. */
const NUMBER_TYPES = new Set([20, 1700]);
const builtInParser = pg.types.getTypeParser.bind(pg.types) as (
  oid: number,
  format?: 'text' | 'binary',
) => (value: string) => unknown;
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    NUMBER_TYPES.has(oid) ? Number : builtInParser(oid, format),
};
/** Beyond the server's statement timeout, how long to wait for a server or network that says nothing. */
const NETWORK_GRACE_MS = 2_000;

class WorkerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let client: pg.Client | null = null;
let inTransaction = false;
let lostInTransaction = false;

function forget(c: pg.Client): void {
  if (client !== c) return;
  client = null;
  if (inTransaction) lostInTransaction = true;
  c.end().catch(() => undefined);
}

function lostError(): WorkerError {
  return new WorkerError(
    WORKER_CODES.connectionLost,
    'the connection to PostgreSQL was lost during the transaction, which did not commit',
  );
}

async function connection(): Promise<pg.Client> {
  if (lostInTransaction) throw lostError();
  if (client !== null) return client;
  const c = new pg.Client({
    connectionString: settings.connectionString,
    types,
    statement_timeout: settings.statementTimeoutMs,
    // A replica paused inside a transaction (SIGSTOP, a frozen VM) would hold its share lock on the
    // lease row, and so block a takeover, for as long as it sleeps: the server ends such a session.
    idle_in_transaction_session_timeout: settings.statementTimeoutMs,
    query_timeout: settings.statementTimeoutMs + NETWORK_GRACE_MS,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    keepAlive: true,
    application_name: 'market-reaction-bot',
  });
  c.on('error', () => {
    forget(c);
  });
  try {
    await c.connect();
  } catch (err) {
    c.end().catch(() => undefined);
    throw err;
  }
  client = c;
  return c;
}

/** A server error leaves the connection usable, except those that end the session; anything else breaks it. */
function breaksConnection(err: unknown): boolean {
  if (err instanceof pg.DatabaseError) return /^(08|57P)/.test(err.code ?? '');
  return true;
}

async function query(text: string, values?: readonly unknown[], name?: string): Promise<QueryAnswer> {
  const c = await connection();
  try {
    const result = await c.query<Record<string, unknown>>({ text, values: values as unknown[], name });
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  } catch (err) {
    if (breaksConnection(err)) forget(c);
    throw err;
  }
}

async function endTransaction(sql: 'COMMIT' | 'ROLLBACK'): Promise<void> {
  const lost = lostInTransaction;
  inTransaction = false;
  lostInTransaction = false;
  // A new connection has no transaction to end: a commit failed, a rollback has nothing to do.
  if (lost && sql === 'COMMIT') throw lostError();
  if (!lost) await query(sql);
}

async function rollbackQuietly(): Promise<void> {
  await endTransaction('ROLLBACK').catch(() => undefined);
}

async function begin(fence: Fence | null): Promise<void> {
  await query('BEGIN');
  inTransaction = true;
  if (fence === null) return;
  // FOR SHARE: a takeover's UPDATE of the lease waits until this transaction ends, so each write
  // is either before the takeover or refused.
  const held = await query(
    'SELECT 1 FROM leader_lease WHERE id = 1 AND holder = $1 AND token = $2 FOR SHARE',
    [fence.holder, fence.token],
  );
  if (held.rowCount === 0) {
    await rollbackQuietly();
    throw new WorkerError(WORKER_CODES.fenced, `lease holder ${fence.holder}, token ${fence.token}`);
  }
}

/** A write outside a transaction with a fence: BEGIN, check, the statement, COMMIT, in one request. */
async function fencedStatement(
  request: Extract<PgRequest, { op: 'query' }>,
  fence: Fence,
): Promise<QueryAnswer> {
  try {
    // Inside the try: a check that fails for another reason must not leave the transaction open.
    await begin(fence);
    const answer = await query(request.text, request.values, request.name);
    await endTransaction('COMMIT');
    return answer;
  } catch (err) {
    await rollbackQuietly();
    throw err;
  }
}

async function migrate(): Promise<OpenAnswer> {
  await begin(null);
  try {
    // Two replicas starting on a fresh database take turns: the second finds the schema made.
    await query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await query(
      'CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)',
    );
    await query('INSERT INTO schema_version (id, version) VALUES (1, 0) ON CONFLICT DO NOTHING');
    const from = Number((await query('SELECT version FROM schema_version')).rows[0]?.version ?? 0);
    if (from > POSTGRES_SCHEMA_VERSION) {
      throw new WorkerError(
        WORKER_CODES.newerSchema,
        `schema ${from}, this build knows up to ${POSTGRES_SCHEMA_VERSION}`,
      );
    }
    for (let version = from; version < POSTGRES_SCHEMA_VERSION; version++) {
      await query(POSTGRES_MIGRATIONS[version] ?? '');
    }
    await query('UPDATE schema_version SET version = $1', [POSTGRES_SCHEMA_VERSION]);
    await endTransaction('COMMIT');
    return { from, to: POSTGRES_SCHEMA_VERSION };
  } catch (err) {
    await rollbackQuietly();
    throw err;
  }
}

async function probe(): Promise<null> {
  await begin(null);
  try {
    await query(`SET LOCAL statement_timeout = ${PROBE_TIMEOUT_MS}`);
    await query('UPDATE schema_version SET version = version');
    return null;
  } finally {
    await rollbackQuietly();
  }
}

/** Deferred transaction control, run ahead of the request that carries it; SQL in one round trip. */
async function runPrelude(prelude: readonly PreludeStep[] | undefined): Promise<void> {
  let sql: string[] = [];
  const flush = async () => {
    if (sql.length > 0) await query(sql.join('; '));
    sql = [];
  };
  for (const step of prelude ?? []) {
    if ('begin' in step) {
      await flush();
      await begin(step.begin);
    } else {
      sql.push(step.sql);
    }
  }
  await flush();
}

async function handle(request: PgRequest): Promise<unknown> {
  switch (request.op) {
    case 'open':
      return migrate();
    case 'query':
      await runPrelude(request.prelude);
      return request.fence === null
        ? query(request.text, request.values, request.name)
        : fencedStatement(request, request.fence);
    case 'exec':
      await runPrelude(request.prelude);
      await endTransaction(request.sql);
      return null;
    case 'probe':
      return probe();
    case 'close':
      await client?.end();
      client = null;
      return null;
  }
}

serveSyncBridge(end, (request) => handle(request as PgRequest));
