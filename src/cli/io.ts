import { createLogger, wantsPretty } from '../log.js';
import type { Logger } from '../log.js';
import type { TextSink } from '../console/consoleSink.js';

/** What a command-line tool may touch, handed in so tests run it in-process. */
export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal (pretty logs by default). */
  readonly stderrIsTty: boolean;
}

/** The real process streams and environment. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stderrIsTty: process.stderr.isTTY,
  };
}

/** Logs to the tool's stderr, so stdout carries only the tool's output. */
export function cliLogger(io: CliIo, defaultLevel: string): Logger {
  const level = io.env.LOG_LEVEL ?? defaultLevel;
  if (wantsPretty(io.env, io.stderrIsTty)) return createLogger({ level, pretty: true, fd: 2 });
  return createLogger({ level, stream: { write: (line: string) => io.stderr.write(line) } });
}
