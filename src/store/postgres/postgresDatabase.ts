/**
 * The store's synchronous SQL port over PostgreSQL: every statement is one round trip through the
 * sync bridge to the worker that holds the connection. Transactions are BEGIN/COMMIT/ROLLBACK, nested
 * ones savepoints; with a fence, every outermost transaction and every lone write first checks that
 * this replica still holds the leader lease.
 */
import { startModuleWorker } from '../../workers/startWorker.js';
import type { StoreDatabase } from '../sqlDatabase.js';
import { storeErrorOf, StoreTimeoutError } from './errors.js';
import type { ErrorContext } from './errors.js';
import { toNumberedPlaceholders } from './placeholders.js';
import { PROBE_TIMEOUT_MS } from './protocol.js';
import type { Fence, OpenAnswer, PgRequest } from './protocol.js';
import { openSyncBridge } from './syncBridge.js';
import type { BridgeError } from './syncBridge.js';
import { statement, transactionOf } from './transactions.js';
import type { Session } from './transactions.js';

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

/** Which lease a request checks (a lone write's, or its transaction's BEGIN), to name it when refused. */
function fenceOf(request: PgRequest): Fence | null {
  if (request.op !== 'query' && request.op !== 'exec') return null;
  if (request.op === 'query' && request.fence !== null) return request.fence;
  const begin = request.prelude?.find((step) => 'begin' in step);
  return begin && 'begin' in begin ? begin.begin : null;
}

type Call = (request: PgRequest, waitMs?: number) => unknown;

/** Starts the worker that holds the connection; calls turn its failures into the store's errors. */
function startWorker(url: string, ctx: ErrorContext): { readonly call: Call; readonly stop: () => void } {
  let requestFence: Fence | null = null;
  const settings = {
    connectionString: url,
    statementTimeoutMs: ctx.timeoutMs,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
  };
  const bridge = openSyncBridge(
    (end, transferList) =>
      startModuleWorker(import.meta.url, 'pgWorker', { workerData: { end, settings }, transferList }),
    {
      errorOf: (error: BridgeError) => storeErrorOf(error, ctx, requestFence),
      timeoutError: () => new StoreTimeoutError(ctx.where, ctx.timeoutMs),
    },
  );
  return {
    call: (request, waitMs = ctx.timeoutMs + BRIDGE_GRACE_MS) => {
      requestFence = fenceOf(request);
      return bridge.call(request, waitMs);
    },
    stop: () => {
      bridge.close();
    },
  };
}

function writeProblem(call: Call, where: string): string | null {
  try {
    call({ op: 'probe' }, PROBE_WAIT_MS);
    return null;
  } catch (err) {
    if (err instanceof StoreTimeoutError) {
      return `a test write to ${where} did not finish within ${PROBE_TIMEOUT_MS} ms (a lock held by another connection, or a stalled server or network)`;
    }
    return err instanceof Error ? err.message : String(err);
  }
}

/** Opens the connection on a worker and migrates; throws the worker's failure as a store error. */
export function openPostgresDatabase(url: string, options: PostgresOptions = {}): PostgresDatabase {
  const timeoutMs = options.timeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const ctx: ErrorContext = { where: describePostgresUrl(url), timeoutMs, secret: passwordOf(url) };
  const { fence } = options;
  const currentFence = (): Fence | null => (typeof fence === 'function' ? fence() : (fence ?? null));
  const { call, stop } = startWorker(url, ctx);
  let opened: OpenAnswer;
  try {
    opened = call({ op: 'open' }, OPEN_TIMEOUT_MS) as OpenAnswer;
  } catch (err) {
    stop();
    throw err;
  }
  const session: Session = { call, tx: { depth: 0, pending: [], committed: 0, prelude: [] }, currentFence };
  return {
    dialect: 'postgres',
    opened,
    prepare: <P extends unknown[], R>(sql: string) =>
      statement<P, R>(sql, toNumberedPlaceholders(sql), session),
    transaction: (fn) => transactionOf(fn, session),
    totalChanges: () => session.tx.committed,
    writeProblem: () => writeProblem(call, ctx.where),
    close: () => {
      try {
        call({ op: 'close' }, PROBE_WAIT_MS);
      } catch {
        // Closing a store whose server is gone: the worker is stopped below all the same.
      } finally {
        stop();
      }
    },
  };
}
