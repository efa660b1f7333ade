import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { ProviderError, providerError, stripQuery, type RequestContext } from './errors.js';

export { checkResponse, classifyStatus, isHtml, parseJsonBody, parseRetryAfter } from './responses.js';

export interface HttpClientOptions {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly userAgent: string;
}

export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** One client per provider. Bodies stay raw text so HTML pages and cut-off JSON get classified, not thrown. */
export function createHttpClient(options: HttpClientOptions): AxiosInstance {
  return axios.create({
    baseURL: options.baseUrl,
    timeout: options.timeoutMs,
    headers: {
      'User-Agent': options.userAgent,
      Accept: 'application/json, text/plain, */*',
      'Accept-Language': 'en-US,en;q=0.9',
    },
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    maxRedirects: 3,
    maxContentLength: MAX_BODY_BYTES,
    validateStatus: () => true,
  });
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_NETWORK',
]);

/**
 * Turns whatever axios or the socket threw into a ProviderError. The axios error is not kept as
 * `cause`: it holds the request config, query string and API key included.
 */
export function toProviderError(err: unknown, ctx: RequestContext): ProviderError {
  if (err instanceof ProviderError) return err;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  const detail = stripQuery(err instanceof Error ? err.message : String(err));
  const what = `request for "${ctx.symbol}" (${ctx.path})`;
  if (TIMEOUT_CODES.has(code)) {
    return providerError(
      ctx,
      'TIMEOUT',
      true,
      `${what} timed out (${detail}); the provider is slow or unreachable, it will be retried after a backoff`,
    );
  }
  if (detail.includes('maxContentLength')) {
    return providerError(
      ctx,
      'BAD_RESPONSE',
      true,
      `${what} returned more than ${MAX_BODY_BYTES} bytes; the endpoint is not answering with a quote, check the base URL`,
    );
  }
  if (code === 'ERR_FR_TOO_MANY_REDIRECTS') {
    return providerError(
      ctx,
      'UNAVAILABLE',
      true,
      `${what} was redirected too often (a consent or login wall?); check the base URL`,
    );
  }
  const kind =
    NETWORK_CODES.has(code) || /socket hang up|aborted/i.test(detail)
      ? 'connection lost'
      : 'unexpected error';
  return providerError(
    ctx,
    'NETWORK',
    true,
    `${what} failed: ${kind} (${code ? `${code}, ` : ''}${detail}); check connectivity and the base URL`,
  );
}

/** GET with the body as text; transport failures come out as ProviderError. */
export async function getText(
  http: AxiosInstance,
  ctx: RequestContext,
  params: Readonly<Record<string, string | number>>,
  headers: Readonly<Record<string, string>> = {},
): Promise<AxiosResponse<string>> {
  try {
    const res = await http.get<unknown>(ctx.path, { params, headers });
    return { ...res, data: typeof res.data === 'string' ? res.data : '' };
  } catch (err) {
    throw toProviderError(err, ctx);
  }
}
