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
 * request URL's query string, because API keys travel there.
 */
export class ProviderError extends Error {
  readonly provider: string;
  readonly symbol: string;
  readonly code: ProviderErrorCode;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: ProviderErrorInit, message: string) {
    super(message);
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
