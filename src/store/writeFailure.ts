/**
 * Codes that mean the database cannot take writes while the bot runs. SQLite: the disk is full
 * (SQLITE_FULL), the device fails (SQLITE_IOERR_*), the file became read-only, was moved or deleted
 * (SQLITE_READONLY_*), cannot be reopened (SQLITE_CANTOPEN_*) or is refused by the OS (SQLITE_PERM).
 * PostgreSQL (src/store/postgres/errors.ts): the server cannot be reached or the connection was lost
 * (PG_CONNECTION, SQLSTATE class 08), a statement ran out of time (PG_TIMEOUT: a lock held elsewhere,
 * a stalled server), the server is out of disk or memory (class 53), shutting down or refusing
 * connections (class 57), fails on I/O (class 58) or internally (XX), or is a read-only standby
 * (25006). A constraint or a programming error is not one: it says nothing about the database, and
 * neither is a write refused to a replica that lost the leader lease (STORE_FENCED).
 */
const WRITE_FAILURE =
  /^(SQLITE_(FULL|IOERR|READONLY|CANTOPEN|PERM)|PG_(CONNECTION|TIMEOUT|08|53|57|58|XX|25006))/;

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

export function isWriteFailure(err: unknown): boolean {
  return WRITE_FAILURE.test(codeOf(err));
}

/** One line: the code and its message. */
export function describeWriteFailure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = codeOf(err);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
