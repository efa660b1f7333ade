import type { BridgeError } from './syncBridge.js';
import type { Fence } from './protocol.js';
import { WORKER_CODES } from './protocol.js';

/**
 * A write was refused because this replica's lease token is no longer the lease's: another replica
 * took the lease over (this one was paused, cut off or too slow to renew). Nothing was written; the
 * replica must stop acting as the leader. Not a storage outage: the database is fine.
 */
export class FencedOutError extends Error {
  readonly code = 'STORE_FENCED';
  constructor(readonly fence: Fence) {
    super(
      `Write refused: this replica (${fence.holder}, lease token ${fence.token}) no longer holds the leader lease, a newer leader does; it must stop.`,
    );
    this.name = 'FencedOutError';
  }
}

/**
 * A statement took longer than the store's timeout (a lock another connection holds, an overloaded
 * server, a stalled network). Its code makes the outage handling count it as a failed write.
 */
export class StoreTimeoutError extends Error {
  readonly code = 'PG_TIMEOUT';
  constructor(where: string, timeoutMs: number) {
    super(
      `The PostgreSQL store at ${where} did not answer within ${timeoutMs} ms (a lock held by another connection, or a stalled server or network); the statement was abandoned; check the server if this repeats.`,
    );
    this.name = 'StoreTimeoutError';
  }
}

/**
 * Any other failure, its code `PG_` and the SQLSTATE (`PG_23505` a unique violation, `PG_53100` a
 * full disk) or `PG_CONNECTION` when the server could not be reached or the connection was lost.
 */
export class PostgresStoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PostgresStoreError';
  }
}

/** query_canceled (statement_timeout) and lock_not_available: the statement ran out of time. */
const TIMED_OUT = new Set(['57014', '55P03']);
const SQLSTATE = /^[0-9A-Z]{5}$/;

export interface ErrorContext {
  /** The database, named without its password. */
  readonly where: string;
  readonly timeoutMs: number;
  /** The password, masked wherever a server or driver message repeats it. */
  readonly secret: string;
}

function masked(text: string, secret: string): string {
  return secret.length > 0 ? text.split(secret).join('***') : text;
}

/** The store's error for a failure the worker reported. */
export function storeErrorOf(error: BridgeError, ctx: ErrorContext, fence: Fence | null): Error {
  const message = masked(error.message, ctx.secret);
  if (error.code === WORKER_CODES.fenced && fence !== null) return new FencedOutError(fence);
  if (TIMED_OUT.has(error.code) || message === 'Query read timeout') {
    return new StoreTimeoutError(ctx.where, ctx.timeoutMs);
  }
  if (error.code === WORKER_CODES.newerSchema) return new PostgresStoreError('PG_NEWER_SCHEMA', message);
  if (error.code === WORKER_CODES.connectionLost) return new PostgresStoreError('PG_CONNECTION', message);
  if (SQLSTATE.test(error.code)) return new PostgresStoreError(`PG_${error.code}`, message);
  const cause = error.code !== '' && !message.includes(error.code) ? `${error.code}: ${message}` : message;
  return new PostgresStoreError('PG_CONNECTION', `cannot use PostgreSQL at ${ctx.where} (${cause})`);
}
