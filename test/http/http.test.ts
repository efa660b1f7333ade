import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError, type RequestContext } from '../../src/http/errors.js';
import { getText, parseRetryAfter, toProviderError } from '../../src/http/http.js';
import { checkResponse } from '../../src/http/responses.js';
import { httpFor, providerFailure } from '../support/providerKit.js';
import { startQuoteServer, type QuoteServer } from '../support/quoteServer.js';

const ctx: RequestContext = { provider: 'test', symbol: 'SYM', path: '/q' };

let server: QuoteServer;

beforeEach(async () => {
  server = await startQuoteServer();
});

afterEach(async () => {
  await server.close();
});

async function classify(
  status: number,
  headers: Record<string, string> = {},
  body = '{}',
): Promise<ProviderError> {
  server.route('/q', { status, headers, body });
  const http = httpFor(server);
  return providerFailure(
    getText(http, ctx, {}).then((res) => {
      checkResponse(res, ctx);
    }),
  );
}

describe('parseRetryAfter', () => {
  it('reads delay seconds', () => {
    expect(parseRetryAfter(' 30 ')).toBe(30_000);
  });

  it("measures an HTTP date against the response's own Date header", () => {
    expect(parseRetryAfter('Mon, 02 Jun 2025 01:31:00 GMT', 'Mon, 02 Jun 2025 01:30:15 GMT')).toBe(45_000);
  });

  it('GIVEN an HTTP date without a Date header THEN it is measured against the local clock', () => {
    const now = Date.parse('2025-06-02T01:30:00Z');
    expect(parseRetryAfter('Mon, 02 Jun 2025 01:32:00 GMT', undefined, now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 02 Jun 2025 01:32:00 GMT', 'not a date', now)).toBe(120_000);
  });

  it('GIVEN garbage THEN there is no Retry-After', () => {
    expect(parseRetryAfter('soon', 'Mon, 02 Jun 2025 01:30:15 GMT')).toBeUndefined();
  });
});

describe('shared response classification', () => {
  it('maps 401 and 403 to AUTH, which is not retryable', async () => {
    expect(await classify(401)).toMatchObject({ code: 'AUTH', retryable: false, status: 401 });
    expect(await classify(403)).toMatchObject({ code: 'AUTH', retryable: false, status: 403 });
  });

  it('maps 5xx to UNAVAILABLE and keeps a Retry-After', async () => {
    expect(await classify(503, { 'retry-after': '7' })).toMatchObject({
      code: 'UNAVAILABLE',
      retryAfterMs: 7000,
    });
  });

  it('maps 408 to TIMEOUT and other 4xx to a non-retryable BAD_RESPONSE', async () => {
    expect(await classify(408)).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(await classify(400)).toMatchObject({ code: 'BAD_RESPONSE', retryable: false });
  });

  it('stops following a redirect loop and reports it as UNAVAILABLE', async () => {
    server.route('/q', { status: 302, headers: { location: '/q' }, body: '' });
    const http = httpFor(server);
    const error = await providerFailure(getText(http, ctx, {}));
    expect(error.code).toBe('UNAVAILABLE');
    expect(server.requests.length).toBeLessThanOrEqual(4);
  });
});

describe('toProviderError', () => {
  it('keeps the query string out of the message', () => {
    const error = toProviderError(
      Object.assign(new Error('failed GET /q?apikey=xyz'), { code: 'ECONNRESET' }),
      ctx,
    );
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true });
    expect(error.message).not.toContain('xyz');
  });

  it('passes a ProviderError through unchanged', () => {
    const original = new ProviderError(
      { provider: 'p', symbol: 's', code: 'AUTH', retryable: false },
      'p: no',
    );
    expect(toProviderError(original, ctx)).toBe(original);
  });
});
