import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';

export type { Logger } from 'pino';

/** Keys that may carry secrets anywhere in a logged object; pino replaces their values. */
export const REDACTED_PATHS = [
  'token',
  'apiKey',
  'apikey',
  '*.token',
  '*.apiKey',
  '*.apikey',
  'headers.authorization',
  '*.headers.authorization',
  'config.params.apikey',
  'env.DISCORD_TOKEN',
  'env.TWELVEDATA_API_KEY',
];

/** Names the bot in every log line, so a shared log store can tell it from other services. */
export const SERVICE_NAME = 'market-reaction-bot';

/** The version in package.json (the same file in src/ and in the built dist/). */
export function packageVersion(): string {
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

export interface LogOptions {
  readonly level?: string | undefined;
  /** Human-readable lines instead of JSON. */
  readonly pretty?: boolean | undefined;
  /** Where JSON lines go; defaults to stdout (fd 1). Pretty output goes to the same fd. */
  readonly fd?: 1 | 2 | undefined;
  readonly stream?: DestinationStream | undefined;
  /** The `version` field of every line; defaults to package.json's. */
  readonly version?: string | undefined;
}

export function createLogger(options: LogOptions = {}): Logger {
  const base = {
    level: options.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // An expected failure is logged as `err: { message }`, without a stack: keep it as written.
    serializers: { err: (err: unknown) => (err instanceof Error ? pino.stdSerializers.err(err) : err) },
    // pino's own pid and hostname kept, with who is logging added.
    base: {
      pid: process.pid,
      hostname: hostname(),
      service: SERVICE_NAME,
      version: options.version ?? packageVersion(),
    },
  };
  if (options.stream) return pino(base, options.stream);
  const fd = options.fd ?? 1;
  if (options.pretty) {
    return pino(
      base,
      pino.transport({ target: 'pino-pretty', options: { destination: fd, colorize: true } }),
    );
  }
  return pino(base, pino.destination({ fd, sync: true }));
}

/**
 * The same logger with every line passed through `redact` as it is written: messages, fields and
 * error texts from any server, however deeply nested, cannot carry a secret into the log. pino has no
 * child option for this, so the child gets its own `streamWrite` hook through pino's exported symbols.
 */
export function redactingLogger(log: Logger, redact: (line: string) => string): Logger {
  const child = log.child({});
  type Hooks = { streamWrite?: (line: string) => string } | undefined;
  const hooks = (child as unknown as Record<symbol, Hooks>)[pino.symbols.hooksSym];
  const inner = hooks?.streamWrite;
  const streamWrite = (line: string) => redact(inner ? inner(line) : line);
  Object.defineProperty(child, pino.symbols.hooksSym, { value: { ...hooks, streamWrite } });
  return child;
}

/** LOG_PRETTY=1 forces pretty output, LOG_PRETTY=0 forces JSON; otherwise pretty on a terminal. */
export function wantsPretty(env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  if (env.LOG_PRETTY === '1') return true;
  if (env.LOG_PRETTY === '0') return false;
  return isTty;
}
