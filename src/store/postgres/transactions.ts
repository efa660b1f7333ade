/**
 * Statements and transactions of the PostgreSQL adapter, on the store's thread. Every statement is
 * one round trip through the bridge. Transaction control is deferred and rides ahead of the next
 * statement (protocol.ts, PreludeStep): a poll's transaction costs its statements and one COMMIT, a
 * savepoint (a store module's own transaction inside the poll's) costs no round trip, and a
 * transaction or savepoint that ran no statement costs nothing.
 */
import type { SqlStatement } from '../sqlDatabase.js';
import type { Fence, PgRequest, PreludeStep, QueryAnswer } from './protocol.js';

export interface TxState {
  /** 0 outside a transaction; 1 in one; more inside savepoints. */
  depth: number;
  /** Changes made per open level, counted once the transaction commits. */
  readonly pending: number[];
  /** Rows changed by committed statements since opening. */
  committed: number;
  /** Transaction control not sent yet. */
  readonly prelude: PreludeStep[];
}

export interface Session {
  readonly call: (request: PgRequest) => unknown;
  readonly tx: TxState;
  readonly currentFence: () => Fence | null;
}

type Carrier = Extract<PgRequest, { op: 'query' | 'exec' }>;

/** Sends a request with the deferred transaction control ahead of it. */
function send(s: Session, request: Carrier): unknown {
  const prelude = s.tx.prelude.splice(0);
  return s.call(prelude.length === 0 ? request : { ...request, prelude });
}

/** Changes count once committed: a lone statement's at once, a transaction's when it commits. */
function count(tx: TxState, changes: number): void {
  const level = tx.pending.length - 1;
  if (level < 0) tx.committed += changes;
  else tx.pending[level] = (tx.pending[level] ?? 0) + changes;
}

const WRITE = /^\s*(INSERT|UPDATE|DELETE)\b/i;
let statementCount = 0;

/** A statement of SQL with `?` placeholders, already numbered as `text`. */
export function statement<P extends unknown[], R>(sql: string, text: string, s: Session): SqlStatement<P, R> {
  // A named statement is parsed and planned once per connection, then only bound and run.
  const name = `s${++statementCount}`;
  const write = WRITE.test(sql);
  const exec = (values: unknown[]): QueryAnswer => {
    // A write outside any transaction checks the fence in a transaction of its own (one round trip).
    const fence = write && s.tx.depth === 0 ? s.currentFence() : null;
    const answer = send(s, { op: 'query', name, text, values, fence }) as QueryAnswer;
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

/** True (and forgotten) when the level's opening step was never sent: nothing ran inside it. */
function neverSent(tx: TxState, opening: PreludeStep): boolean {
  if (tx.prelude.at(-1) !== opening) return false;
  tx.prelude.pop();
  return true;
}

/** Wraps fn in a transaction (depth 0) or a savepoint, as better-sqlite3's db.transaction does. */
export function transactionOf<A extends unknown[], T>(fn: (...args: A) => T, s: Session): (...args: A) => T {
  return (...args: A): T => {
    const { tx } = s;
    const level = tx.depth;
    const opening: PreludeStep = level === 0 ? { begin: s.currentFence() } : { sql: `SAVEPOINT sp${level}` };
    tx.prelude.push(opening);
    tx.depth += 1;
    tx.pending.push(0);
    let result: T;
    try {
      result = fn(...args);
    } catch (err) {
      tx.depth -= 1;
      tx.pending.pop();
      if (!neverSent(tx, opening)) abandon(s, level);
      throw err;
    }
    tx.depth -= 1;
    const changes = tx.pending.pop() ?? 0;
    if (!neverSent(tx, opening)) settle(s, level);
    count(tx, changes);
    return result;
  };
}

function settle(s: Session, level: number): void {
  if (level > 0) {
    s.tx.prelude.push({ sql: `RELEASE SAVEPOINT sp${level}` });
    return;
  }
  try {
    send(s, { op: 'exec', sql: 'COMMIT' });
  } catch (err) {
    abandon(s, 0);
    throw err;
  }
}

/** Rolls back; at the outermost level at once and quietly: the error that brought us here is the one to report. */
function abandon(s: Session, level: number): void {
  if (level > 0) {
    s.tx.prelude.push({ sql: `ROLLBACK TO SAVEPOINT sp${level}` }, { sql: `RELEASE SAVEPOINT sp${level}` });
    return;
  }
  s.tx.prelude.length = 0;
  try {
    s.call({ op: 'exec', sql: 'ROLLBACK' });
  } catch {
    // The connection is gone or the transaction already ended; nothing was committed either way.
  }
}
