import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QuoteSource } from '../../src/providers/quoteSource.js';
import { MAX_BODY_BYTES } from '../../src/http/http.js';
import { createYahooProvider } from '../../src/providers/yahoo.js';
import { fixtureJson, fixtureText } from '../support/fixtures.js';
import {
  config,
  HANG_TIMEOUT_MS,
  httpFor,
  instrument,
  providerFailure,
  withSymbols,
} from '../support/providerKit.js';
import { startQuoteServer, type QuoteServer } from '../support/quoteServer.js';

const HSI = instrument('HSI');
const HSI_PATH = '/v8/finance/chart/%5EHSI';

let server: QuoteServer;
let yahoo: QuoteSource;

beforeEach(async () => {
  server = await startQuoteServer();
  const http = httpFor(server);
  yahoo = createYahooProvider({ http });
});

afterEach(async () => {
  await server.close();
});

describe('yahoo provider', () => {
  it('asks for one day of 1-minute bars with a browser User-Agent and returns the parsed quote', async () => {
    server.route(HSI_PATH, { body: fixtureJson('yahoo/hsi-2025-06-02.json') });
    const quote = await yahoo.fetchQuote(HSI);
    expect(quote).toMatchObject({
      symbol: 'HSI',
      provider: 'yahoo',
      price: 23032.87,
      previousClose: 23289.77,
    });
    expect(quote.bars).toHaveLength(14);
    const [request] = server.requests;
    expect(request?.path).toBe(HSI_PATH);
    expect(Object.fromEntries(request?.query ?? [])).toEqual({ interval: '1m', range: '1d' });
    expect(request?.headers['user-agent']).toBe(config.providers.userAgent);
  });

  it('encodes symbols such as CNH=X into the path', async () => {
    server.route('/v8/finance/chart/CNH%3DX', { body: fixtureJson('yahoo/cnh-2025-06-02.json') });
    const quote = await yahoo.fetchQuote(instrument('USDCNH'));
    expect(quote.price).toBe(7.2099);
  });

  it('reports HTTP 404 with the chart error body as NOT_FOUND naming the symbol', async () => {
    server.route('/v8/finance/chart/%5EXXX', { status: 404, body: fixtureJson('yahoo/not-found.json') });
    const error = await providerFailure(yahoo.fetchQuote(withSymbols(HSI, { yahoo: '^XXX' })));
    expect(error).toMatchObject({ code: 'NOT_FOUND', retryable: false, symbol: '^XXX', provider: 'yahoo' });
    expect(error.message).toContain('unknown symbol "^XXX" (No data found, symbol may be delisted)');
  });

  it('reports HTTP 429 as RATE_LIMITED with the Retry-After delay', async () => {
    server.route(HSI_PATH, {
      status: 429,
      headers: { 'retry-after': '120' },
      body: fixtureText('yahoo/too-many-requests.txt'),
    });
    const error = await providerFailure(yahoo.fetchQuote(HSI));
    expect(error).toMatchObject({
      code: 'RATE_LIMITED',
      retryable: true,
      status: 429,
      retryAfterMs: 120_000,
    });
  });

  it('reports a "Too Many Requests" text body as RATE_LIMITED even with another status', async () => {
    server.route(HSI_PATH, { status: 200, body: fixtureText('yahoo/too-many-requests.txt') });
    const error = await providerFailure(yahoo.fetchQuote(HSI));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, status: 200 });
  });

  it("reports Yahoo's 'Will be right back' page as UNAVAILABLE and quotes the page in the message", async () => {
    const page = fixtureText('yahoo/will-be-right-back.html');
    server.route(HSI_PATH, {
      status: 502,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: page,
    });
    const error = await providerFailure(yahoo.fetchQuote(HSI));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true, status: 502 });
    expect(error.message).toContain('Will be right back... Thank you for your patience.');
  });

  it('reports an HTML page served with status 200 as UNAVAILABLE', async () => {
    server.route(HSI_PATH, { status: 200, body: fixtureText('yahoo/will-be-right-back.html') });
    const error = await providerFailure(yahoo.fetchQuote(HSI));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain('Will be right back');
  });

  it('reports a 5xx JSON answer as UNAVAILABLE', async () => {
    server.route(HSI_PATH, {
      status: 500,
      body: { chart: { result: null, error: { code: 'Internal Server Error' } } },
    });
    expect((await providerFailure(yahoo.fetchQuote(HSI))).code).toBe('UNAVAILABLE');
  });

  it('reports cut-off JSON as a retryable BAD_RESPONSE', async () => {
    const text = fixtureText('yahoo/hsi-2025-06-02.json');
    server.route(HSI_PATH, {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: text.slice(0, 700),
    });
    const error = await providerFailure(yahoo.fetchQuote(HSI));
    expect(error).toMatchObject({ code: 'BAD_RESPONSE', retryable: true });
    expect(error.message).toContain('invalid JSON');
  });

  it('reports an empty body as a retryable BAD_RESPONSE', async () => {
    server.route(HSI_PATH, { status: 200, body: '' });
    expect(await providerFailure(yahoo.fetchQuote(HSI))).toMatchObject({
      code: 'BAD_RESPONSE',
      retryable: true,
    });
  });

  it('reports a server that never answers as a retryable TIMEOUT', async () => {
    server.route(HSI_PATH, { behaviour: 'hang' });
    const impatient = createYahooProvider({ http: httpFor(server, HANG_TIMEOUT_MS) });
    const error = await providerFailure(impatient.fetchQuote(HSI));
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true });
  });

  it('reports a reset connection as a retryable NETWORK error', async () => {
    server.route(HSI_PATH, { behaviour: 'reset' });
    expect(await providerFailure(yahoo.fetchQuote(HSI))).toMatchObject({ code: 'NETWORK', retryable: true });
  });

  it('reports a connection cut in the middle of the body as a retryable NETWORK error', async () => {
    server.route(HSI_PATH, { behaviour: 'truncate', body: fixtureText('yahoo/hsi-2025-06-02.json') });
    expect(await providerFailure(yahoo.fetchQuote(HSI))).toMatchObject({ code: 'NETWORK', retryable: true });
  });

  it('reports a refused connection as a retryable NETWORK error', async () => {
    await server.close();
    const error = await providerFailure(yahoo.fetchQuote(HSI));
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true });
    expect(error.message).toContain('ECONNREFUSED');
    server = await startQuoteServer();
  });

  it('refuses bodies larger than the size limit', async () => {
    server.route(HSI_PATH, { body: 'x'.repeat(MAX_BODY_BYTES + 1) });
    expect(await providerFailure(yahoo.fetchQuote(HSI))).toMatchObject({ code: 'BAD_RESPONSE' });
  });
});
