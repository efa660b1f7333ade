import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderError } from '../../src/http/errors.js';
import type { QuoteSource } from '../../src/providers/quoteSource.js';
import { createTwelveDataProvider } from '../../src/providers/twelveData.js';
import { fixtureJson, fixtureText } from '../support/fixtures.js';
import {
  HANG_TIMEOUT_MS,
  httpFor,
  instrument,
  providerFailure,
  withSymbols,
} from '../support/providerKit.js';
import { startQuoteServer, type QuoteServer, type Reply } from '../support/quoteServer.js';

const API_KEY = 'td-SECRET-4f2a9c';
const HSI = instrument('HSI');
const USDCNH = instrument('USDCNH');

let server: QuoteServer;
let twelveData: QuoteSource;
/** A minute after the fixtures' newest HSI bar. */
const NOW = Date.parse('2025-06-02T01:35:00Z');

beforeEach(async () => {
  server = await startQuoteServer();
  const http = httpFor(server);
  twelveData = createTwelveDataProvider({ http, apiKey: API_KEY, now: () => NOW });
});

afterEach(async () => {
  await server.close();
});

function serveHsi(): void {
  server.route('/time_series', { body: fixtureJson('twelvedata/time_series-hsi.json') });
  server.route('/quote', { body: fixtureJson('twelvedata/quote-hsi.json') });
}

describe('twelvedata provider', () => {
  it('supports only instruments with a twelvedata symbol', () => {
    expect(twelveData.supports(HSI)).toBe(true);
    expect(twelveData.supports(withSymbols(HSI, { yahoo: '^HSI' }))).toBe(false);
  });

  it("returns the latest 1-minute close with today's bars oldest first and the previous close from /quote", async () => {
    serveHsi();
    const quote = await twelveData.fetchQuote(HSI);
    expect(quote).toMatchObject({
      symbol: 'HSI',
      provider: 'twelvedata',
      price: 22995.6,
      previousClose: 23289.76953,
    });
    expect(quote.time).toBe(Date.parse('2025-06-02T01:34:00Z'));
    expect(quote.bars.map((b) => b.price)).toEqual([23098.52, 23061.4, 23040.11, 23012.87, 22995.6]);
  });

  it('GIVEN a bar stamped a day ahead of the clock THEN it is ignored: the quote is the newest real bar, with its day', async () => {
    const series = fixtureJson('twelvedata/time_series-hsi.json') as { values: Record<string, string>[] };
    const [newest] = series.values;
    series.values.unshift({ ...newest, datetime: '2025-06-03 01:34:00', close: '22000.00000' });
    server.route('/time_series', { body: series });
    server.route('/quote', { body: fixtureJson('twelvedata/quote-hsi.json') });
    const quote = await twelveData.fetchQuote(HSI);
    expect(quote).toMatchObject({ price: 22995.6, time: Date.parse('2025-06-02T01:34:00Z') });
    expect(quote.bars).toHaveLength(5);
  });

  it('asks for 1-minute bars in UTC and sends the API key as the apikey parameter', async () => {
    serveHsi();
    await twelveData.fetchQuote(HSI);
    const series = server.requests.find((r) => r.path === '/time_series');
    expect(Object.fromEntries(series?.query ?? [])).toMatchObject({
      symbol: 'HSI',
      interval: '1min',
      timezone: 'UTC',
      apikey: API_KEY,
    });
    expect(server.requests.find((r) => r.path === '/quote')?.query.get('symbol')).toBe('HSI');
  });

  it('asks /quote for the previous close only once per trading day', async () => {
    serveHsi();
    await twelveData.fetchQuote(HSI);
    await twelveData.fetchQuote(HSI);
    expect(server.requests.filter((r) => r.path === '/time_series')).toHaveLength(2);
    expect(server.requests.filter((r) => r.path === '/quote')).toHaveLength(1);
  });

  it('cuts the day at UTC midnight for FX, whose series carries no exchange time zone', async () => {
    server.route('/time_series', { body: fixtureJson('twelvedata/time_series-usdcnh.json') });
    server.route('/quote', { body: fixtureJson('twelvedata/quote-usdcnh.json') });
    const quote = await twelveData.fetchQuote(USDCNH);
    expect(quote.bars[0]?.time).toBe(Date.parse('2025-06-02T00:00:00Z'));
    expect(quote.bars).toHaveLength(6);
    expect(quote).toMatchObject({ price: 7.2019, previousClose: 7.1979 });
  });

  const apiErrors: Array<[string, string, Partial<ProviderError>]> = [
    ['a rejected key', 'error-401.json', { code: 'AUTH', retryable: false }],
    ['an invalid symbol', 'error-404-symbol.json', { code: 'NOT_FOUND', retryable: false }],
    ['an unknown symbol', 'error-400-not-found.json', { code: 'NOT_FOUND', retryable: false }],
    ['a symbol outside the plan', 'error-403-plan.json', { code: 'NOT_FOUND', retryable: false }],
    ['exhausted credits', 'error-429.json', { code: 'RATE_LIMITED', retryable: true, retryAfterMs: 60_000 }],
  ];
  for (const [what, file, expected] of apiErrors) {
    it(`classifies ${what} sent as HTTP 200 with an error body`, async () => {
      server.route('/time_series', { status: 200, body: fixtureJson(`twelvedata/${file}`) });
      const error = await providerFailure(twelveData.fetchQuote(HSI));
      expect(error).toMatchObject({ ...expected, provider: 'twelvedata', symbol: 'HSI', status: 200 });
    });
  }

  it('says which config key to fix when the symbol is unknown', async () => {
    server.route('/time_series', { body: fixtureJson('twelvedata/error-400-not-found.json') });
    const error = await providerFailure(twelveData.fetchQuote(HSI));
    expect(error.message).toContain('instruments[].symbols.twelvedata');
  });

  it('classifies an error body sent with a real HTTP 401 as AUTH', async () => {
    server.route('/time_series', { status: 401, body: fixtureJson('twelvedata/error-401.json') });
    const error = await providerFailure(twelveData.fetchQuote(HSI));
    expect(error).toMatchObject({ code: 'AUTH', status: 401 });
    expect(error.message).toContain('TWELVEDATA_API_KEY');
  });

  it('fails when /quote fails, even though the bars arrived', async () => {
    server.route('/time_series', { body: fixtureJson('twelvedata/time_series-hsi.json') });
    server.route('/quote', {
      status: 503,
      body: '<html><title>503 Service Temporarily Unavailable</title></html>',
    });
    expect(await providerFailure(twelveData.fetchQuote(HSI))).toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
    });
  });

  it('reports a series without values as BAD_RESPONSE naming the field', async () => {
    server.route('/time_series', { body: { meta: { symbol: 'HSI' }, values: [], status: 'ok' } });
    const error = await providerFailure(twelveData.fetchQuote(HSI));
    expect(error.code).toBe('BAD_RESPONSE');
    expect(error.message).toContain('values');
  });
});

describe('twelvedata API key', () => {
  const failures: Array<[string, Reply]> = [
    ['a timeout', { behaviour: 'hang' }],
    ['a reset connection', { behaviour: 'reset' }],
    [
      'a connection cut mid-body',
      { behaviour: 'truncate', body: fixtureText('twelvedata/time_series-hsi.json') },
    ],
    ['a rejected key', { body: fixtureJson('twelvedata/error-401.json') }],
    [
      'a server message quoting the request',
      { body: { code: 500, message: `failed: /time_series?apikey=${API_KEY}`, status: 'error' } },
    ],
    ['a message echoing the key', { body: { code: 400, message: `bad apikey ${API_KEY}`, status: 'error' } }],
    ['cut-off JSON', { body: `{"meta":{"symbol":"HSI","apikey":"${API_KEY}"` }],
    [
      'an HTML page',
      {
        status: 502,
        headers: { 'content-type': 'text/html' },
        body: `<p>/time_series?apikey=${API_KEY}</p>`,
      },
    ],
    ['HTTP 500', { status: 500, body: '' }],
  ];
  for (const [what, reply] of failures) {
    it(`never appears in the error after ${what}`, async () => {
      server.route('/time_series', reply);
      const provider =
        reply.behaviour === 'hang'
          ? createTwelveDataProvider({
              http: httpFor(server, HANG_TIMEOUT_MS),
              apiKey: API_KEY,
              now: () => NOW,
            })
          : twelveData;
      const error = await providerFailure(provider.fetchQuote(HSI));
      expect(error.message).not.toContain(API_KEY);
      expect(inspect(error, { depth: 10 })).not.toContain(API_KEY);
      expect(JSON.stringify(error)).not.toContain(API_KEY);
    });
  }
});
