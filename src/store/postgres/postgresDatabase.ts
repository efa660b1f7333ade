/**
 * The store's synchronous SQL port over PostgreSQL: every statement is one round trip through the
 * sync bridge to the worker that holds the connection. Transactions are BEGIN/COMMIT/ROLLBACK, nested
 * ones savepoints; with a fence, every outermost transaction and every lone write first checks that
 * this replica still holds the leader lease.
 */
import { startModuleWorker } from '../../workers/startWorker.js';
import type { SqlStatement, StoreDatabase } from '../sqlDatabase.js';
import { storeErrorOf, StoreTimeoutError } from './errors.js';
import type { ErrorContext } from './errors.js';
import { toNumberedPlaceholders } from './placeholders.js';
import { PROBE_TIMEOUT_MS } from './protocol.js';
import type { Fence, OpenAnswer, PgRequest, QueryAnswer } from './protocol.js';
import { openSyncBridge } from './syncBridge.js';
import type { BridgeError } from './syncBridge.js';

export interface PostgresOptions {
  /** The lease to check before each write: fixed, or read at each write (null: no check). */
  readonly fence?: Fence | (() => Fence | null);
  /** A statement (a lock wait included) that runs longer fails with StoreTimeoutError. */
  readonly timeoutMs?: number;
}

export interface PostgresDatabase extends StoreDatabase {
  /** null when a write would succeed now, else why not (one line); never waits long. */
  writeProblem(): string | null;
  readonly opened: OpenAnswer;
}

export const DEFAULT_STATEMENT_TIMEOUT_MS = 10_000;
const CONNECT_TIMEOUT_MS = 10_000;
/** The worker's own start (compiling it under tsx on a loaded machine) and the schema come on top. */
const OPEN_TIMEOUT_MS = 60_000;
/** The bridge waits beyond the server's own statement timeout for a stalled network. */
const BRIDGE_GRACE_MS = 3_000;
/** The probe's write gives up after PROBE_TIMEOUT_MS on the server; the bridge waits a little longer. */
const PROBE_WAIT_MS = 1_000;

const WRITE = /^\s*(INSERT|UPDATE|DELETE)\b/i;

/** postgresql://user@host:port/db, never with the password: for messages. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username === '' ? '' : `${decodeURIComponent(u.username)}@`;
    return `postgresql://${user}${u.host}${u.pathname === '' ? '/' : u.pathname}`;
  } catch {
    return 'postgresql://(an address that is not a valid URL)';
  }
}

function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

interface Transactions {
  depth: number;
  /** Changes made inside the open transaction per level (savepoints), counted once it commits. */
  pending: number[];
  committed: number;
}

/** Opens the connection on a worker and migrates; throws the worker's failure as a store error. */
export function openPostgresDatabase(url: string, options: PostgresOptions = {}): PostgresDatabase {
  const timeoutMs = options.timeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const ctx: ErrorContext = { where: describePostgresUrl(url), timeoutMs, secret: passwordOf(url) };
  const fenceOption = options.fence;
  const currentFence = (): Fence | null =>
    typeof fenceOption === 'function' ? fenceOption() : (fenceOption ?? null);
  let requestFence: Fence | null = null;
  const bridge = openSyncBridge(
    (end, transferList) =>
      startModuleWorker(import.meta.url, 'pgWorker', {
        workerData: {
          end,
          settings: {
            connectionString: url,
            statementTimeoutMs: timeoutMs,
            connectTimeoutMs: CONNECT_TIMEOUT_MS,
          },
        },
        transferList,
      }),
    {
      errorOf: (error: BridgeError) => storeErrorOf(error, ctx, requestFence),
      timeoutError: () => new StoreTimeoutError(ctx.where, timeoutMs),
    },
  );
  const call = (request: PgRequest, waitMs = timeoutMs + BRIDGE_GRACE_MS): unknown => {
    requestFence = 'fence' in request ? request.fence : null;
    return bridge.call(request, waitMs);
  };
  let opened: OpenAnswer;
  try {
    opened = call({ op: 'open' }, OPEN_TIMEOUT_MS) as OpenAnswer;
  } catch (err) {
    bridge.close();
    throw err;
  }
  const tx: Transactions = { depth: 0, pending: [], committed: 0 };
  return {
    dialect: 'postgres',
    opened,
    prepare: <P extends unknown[], R>(sql: string) => statement<P, R>(sql, { call, tx, currentFence }),
    transaction: (fn) => transactionOf(fn, { call, tx, currentFence }),
    totalChanges: () => tx.committed,
    writeProblem: () => {
      try {
        call({ op: 'probe' }, PROBE_WAIT_MS);
        return null;
      } catch (err) {
        if (err instanceof StoreTimeoutError) {
          return `a test write to ${ctx.where} did not finish within ${PROBE_TIMEOUT_MS} ms (a lock held by another connection, or a stalled server or network)`;
        }
        return err instanceof Error ? err.message : String(err);
      }
    },
    close: () => {
      try {
        call({ op: 'close' }, PROBE_WAIT_MS);
      } catch {
        // Closing a store whose server is gone: the worker is stopped below all the same.
      } finally {
        bridge.close();
      }
    },
  };
}

interface Session {
  readonly call: (request: PgRequest, waitMs?: number) => unknown;
  readonly tx: Transactions;
  readonly currentFence: () => Fence | null;
}

let statementCount = 0;

/** Changes count once committed: a lone statement's at once, a transaction's when it commits. */
function count(tx: Transactions, changes: number): void {
  const level = tx.pending.length - 1;
  if (level < 0) tx.committed += changes;
  else tx.pending[level] = (tx.pending[level] ?? 0) + changes;
}

function statement<P extends unknown[], R>(sql: string, s: Session): SqlStatement<P, R> {
  const text = toNumberedPlaceholders(sql);
  // A named statement is parsed and planned once per connection, then only bound and run.
  const name = `s${++statementCount}`;
  const write = WRITE.test(sql);
  const exec = (values: unknown[]): QueryAnswer => {
    const lone = s.tx.depth === 0;
    const answer = s.call({
      op: 'query',
      name,
      text,
      values,
      fence: write && lone ? s.currentFence() : null,
    }) as QueryAnswer;
    if (write) count(s.tx, answer.rowCount);
    return answer;
  };
  const make = (plucked: boolean): SqlStatement<P, R> => {
    const shape = (row: Record<string, unknown> | undefined): R | undefined =>
      (plucked && row !== undefined ? Object.values(row)[0] : row) as R | undefined;
    return {
      run: (...params) => ({ changes: exec(params).rowCount }),
      get: (...params) => shape(exec(params).rows[0]),
      all: (...params) => exec(params).rows.map((row) => shape(row) as R),
      pluck: () => make(true),
    };
  };
  return make(false);
}

function transactionOf<A extends unknown[], T>(fn: (...args: A) => T, s: Session): (...args: A) => T {
  return (...args: A): T => {
    const { tx } = s;
    const outermost = tx.depth === 0;
    const savepoint = `sp${tx.depth}`;
    try {
      if (outermost) s.call({ op: 'begin', fence: s.currentFence() });
      else s.call({ op: 'exec', sql: `SAVEPOINT ${savepoint}` });
    } catch (err) {
      // A BEGIN the worker runs after its caller gave up must not leave a transaction open.
      undo(s, outermost, savepoint);
      throw err;
    }
    tx.depth += 1;
    tx.pending.push(0);
    let result: T;
    try {
      result = fn(...args);
    } catch (err) {
      tx.depth -= 1;
      tx.pending.pop();
      undo(s, outermost, savepoint);
      throw err;
    }
    tx.depth -= 1;
    const changes = tx.pending.pop() ?? 0;
    finish(s, outermost, savepoint);
    count(tx, changes);
    return result;
  };
}

function finish(s: Session, outermost: boolean, savepoint: string): void {
  try {
    s.call({ op: 'exec', sql: outermost ? 'COMMIT' : `RELEASE SAVEPOINT ${savepoint}` });
  } catch (err) {
    undo(s, outermost, savepoint);
    throw err;
  }
}

/** Rolls back quietly: the error that brought us here is the one worth reporting. */
function undo(s: Session, outermost: boolean, savepoint: string): void {
  try {
    if (outermost) s.call({ op: 'exec', sql: 'ROLLBACK' });
    else {
      s.call({ op: 'exec', sql: `ROLLBACK TO SAVEPOINT ${savepoint}` });
      s.call({ op: 'exec', sql: `RELEASE SAVEPOINT ${savepoint}` });
    }
  } catch {
    // The connection is gone or the transaction already ended; nothing was committed either way.
  }
}
