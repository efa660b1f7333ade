/**
 * SQLite result codes that mean the database file cannot take writes while the bot runs: the disk is
 * full (SQLITE_FULL), the device fails (SQLITE_IOERR_*), the file became read-only, was moved or
 * deleted (SQLITE_READONLY_*), cannot be reopened (SQLITE_CANTOPEN_*) or is refused by the OS
 * (SQLITE_PERM). A constraint or a programming error is not one: it says nothing about the file.
 */
const WRITE_FAILURE = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|PERM)/;

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

export function isWriteFailure(err: unknown): boolean {
  return WRITE_FAILURE.test(codeOf(err));
}

/** One line: the SQLite code and its message. */
export function describeWriteFailure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = codeOf(err);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
