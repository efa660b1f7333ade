import type { CliIo } from '../../src/cli/io.js';

/** A CLI's io captured in memory: stdout and stderr as strings, an explicit environment. */
export function captureIo(env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { LOG_PRETTY: '0', ...env },
    stderrIsTty: false,
  };
  return {
    io,
    stdout: () => stdout,
    stderr: () => stderr,
  };
}
