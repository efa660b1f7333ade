import type { AxiosResponse } from 'axios';
import { providerError, stripQuery, type ProviderError, type RequestContext } from './errors.js';
import { redactSecretParams, type Redact } from './redact.js';

function header(res: AxiosResponse, name: string): string | undefined {
  const value: unknown = (res.headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Retry-After as milliseconds: delta seconds, or an HTTP date measured against the response's own Date
 * (so a skewed local clock does not matter), or against `now` when the response has no usable Date.
 */
export function parseRetryAfter(
  value: string | undefined,
  responseDate?: string,
  now: number = Date.now(),
): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  const sent = responseDate === undefined ? Number.NaN : Date.parse(responseDate);
  return Math.max(0, at - (Number.isNaN(sent) ? now : sent));
}

function extraOf(res: AxiosResponse) {
  return {
    status: res.status,
    retryAfterMs: parseRetryAfter(header(res, 'retry-after'), header(res, 'date')),
  };
}

/** An HTML page (an edge's error page), told apart from XML feeds, which also start with '<'. */
export function isHtml(res: AxiosResponse<string>): boolean {
  return (
    (header(res, 'content-type') ?? '').includes('text/html') ||
    /^<(!doctype html|html)[\s>]/i.test(res.data.trimStart())
  );
}

function htmlSnippet(html: string, redact: Redact = redactSecretParams): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.trim();
  const text = html.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ');
  const page = [title, text.replace(/\s+/g, ' ').trim()].filter(Boolean).join(' | ');
  return stripQuery(redact(page)).slice(0, 120);
}

/** Classifies by status alone; null for 2xx. */
export function classifyStatus(res: AxiosResponse, ctx: RequestContext): ProviderError | null {
  const { status } = res;
  const extra = extraOf(res);
  const what = `HTTP ${status} for "${ctx.symbol}" (${ctx.path})`;
  if (status >= 200 && status < 300) return null;
  if (status === 429)
    return providerError(ctx, 'RATE_LIMITED', true, `${what}: rate limited; polling less often helps`, extra);
  if (status === 401 || status === 403) {
    return providerError(
      ctx,
      'AUTH',
      false,
      `${what}: access refused; check the API key and providers.userAgent`,
      extra,
    );
  }
  if (status === 404)
    return providerError(
      ctx,
      'NOT_FOUND',
      false,
      `${what}: not found; check the symbol and the base URL`,
      extra,
    );
  if (status === 408) return providerError(ctx, 'TIMEOUT', true, `${what}: the server timed out`, extra);
  if (status >= 500)
    return providerError(
      ctx,
      'UNAVAILABLE',
      true,
      `${what}: the provider is having trouble; it will be retried after a backoff`,
      extra,
    );
  if (status >= 400)
    return providerError(ctx, 'BAD_RESPONSE', false, `${what}: request rejected; check the symbol`, extra);
  return providerError(ctx, 'UNAVAILABLE', true, `${what}: unexpected status`, extra);
}

/** Throws for rate-limit text bodies, error statuses and HTML pages (quoting the page), else returns. */
export function checkResponse(res: AxiosResponse<string>, ctx: RequestContext): void {
  const extra = extraOf(res);
  if (res.status !== 429 && res.data.trimStart().startsWith('Too Many Requests')) {
    throw providerError(
      ctx,
      'RATE_LIMITED',
      true,
      `"Too Many Requests" (HTTP ${res.status}) for "${ctx.symbol}"; polling less often helps`,
      extra,
    );
  }
  const byStatus = classifyStatus(res, ctx);
  if (isHtml(res) && (byStatus === null || byStatus.code === 'UNAVAILABLE')) {
    const page = htmlSnippet(res.data, ctx.redact);
    throw providerError(
      ctx,
      'UNAVAILABLE',
      true,
      `got an HTML page instead of data for "${ctx.symbol}" (HTTP ${res.status}: ${page}); the provider's edge is failing, it will be retried`,
      extra,
    );
  }
  if (byStatus) throw byStatus;
}

/** JSON.parse that reports cut-off or garbage bodies as a retryable BAD_RESPONSE. */
export function parseJsonBody(text: string, ctx: RequestContext): unknown {
  if (text.trim() === '') {
    throw providerError(
      ctx,
      'BAD_RESPONSE',
      true,
      `empty response body for "${ctx.symbol}"; it will be retried`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    // JSON.parse quotes the start of the body, which may be an echoed API key: keep only its verdict.
    const reason = (err instanceof Error ? err.message : String(err)).replace(
      /'[^']*'|"[^"]*"(\.\.\.)?/g,
      '…',
    );
    throw providerError(
      ctx,
      'BAD_RESPONSE',
      true,
      `invalid JSON for "${ctx.symbol}" (${text.length} bytes, probably truncated: ${reason}); it will be retried`,
    );
  }
}
