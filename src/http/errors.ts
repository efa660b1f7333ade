import type { Logger } from '../log.js';
import { redactSecretParams, type Redact } from './redact.js';

export type ProviderErrorCode =
  'NOT_FOUND' | 'RATE_LIMITED' | 'UNAVAILABLE' | 'TIMEOUT' | 'NETWORK' | 'BAD_RESPONSE' | 'AUTH';

export interface ProviderErrorInit {
  readonly provider: string;
  /** The symbol as the provider knows it, e.g. ^HSI or USD/CNH. */
  readonly symbol: string;
  readonly code: ProviderErrorCode;
  readonly retryable: boolean;
  readonly status?: number | undefined;
  readonly retryAfterMs?: number | undefined;
}

/**
 * Every provider failure. The message says what went wrong and what to do; it never carries a
 * request URL's query string or a secret-named parameter, because API keys travel there. The
 * message is masked before Error captures it in the stack.
 */
export class ProviderError extends Error {
  readonly provider: string;
  readonly symbol: string;
  readonly code: ProviderErrorCode;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: ProviderErrorInit, message: string) {
    super(redactSecretParams(message));
    this.name = 'ProviderError';
    this.provider = init.provider;
    this.symbol = init.symbol;
    this.code = init.code;
    this.retryable = init.retryable;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
  }
}

export function isProviderError(value: unknown): value is ProviderError {
  return value instanceof ProviderError;
}

/** What a request was for. `path` must not carry a query string: API keys travel there. */
export interface RequestContext {
  readonly provider: string;
  readonly symbol: string;
  readonly path: string;
  /** Masks the provider's secrets in server text before it is cut short (a cut key would escape it). */
  readonly redact?: Redact | undefined;
}

export function providerError(
  ctx: Pick<RequestContext, 'provider' | 'symbol'>,
  code: ProviderErrorCode,
  retryable: boolean,
  message: string,
  extra: { status?: number | undefined; retryAfterMs?: number | undefined } = {},
): ProviderError {
  return new ProviderError(
    { provider: ctx.provider, symbol: ctx.symbol, code, retryable, ...extra },
    `${ctx.provider}: ${message}`,
  );
}

/** Drops anything URL-query-like from third-party error text, so a key can never leak through it. */
export function stripQuery(text: string): string {
  return text.replace(/\?\S*/g, '');
}

/** The same error with its message passed through `redact` (e.g. to mask a configured API key). */
export function redactError(error: ProviderError, redact: Redact): ProviderError {
  const message = redact(error.message);
  if (message === error.message) return error;
  const { provider, symbol, code, retryable, status, retryAfterMs } = error;
  return new ProviderError({ provider, symbol, code, retryable, status, retryAfterMs }, message);
}

/**
 * Logs a failed fetch. A ProviderError is expected (outages, rate limits, bad pages): one line with
 * the facts and no stack, which only debug adds. Anything else is a bug and keeps its stack.
 */
export function logFetchFailure(
  log: Logger,
  fields: Readonly<Record<string, unknown>>,
  err: unknown,
  message: string,
): void {
  if (!(err instanceof ProviderError)) {
    log.warn({ ...fields, err }, message);
    return;
  }
  const { provider, code, retryable, status, retryAfterMs } = err;
  log.warn(
    { ...fields, provider, code, retryable, status, retryAfterMs, err: { message: err.message } },
    message,
  );
  log.debug({ ...fields, err }, `${message} (stack)`);
}
