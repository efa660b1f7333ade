import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Quote } from '../../src/domain/quote.js';
import { ProviderError } from '../../src/http/errors.js';
import type { QuoteResults } from '../../src/providers/quoteSource.js';
import { createYahooProvider } from '../../src/providers/yahoo.js';
import { parseYahooChart } from '../../src/providers/yahooChart.js';
import { fixtureJson, fixtureText } from '../support/fixtures.js';
import { httpFor, instrument, withSymbols } from '../support/providerKit.js';
import { startQuoteServer, type QuoteServer } from '../support/quoteServer.js';

const HSI = instrument('HSI');
const CNH = instrument('USDCNH');
const XXX = { ...withSymbols(HSI, { yahoo: '^XXX' }), id: 'XXX' };
const SPARK = '/v7/finance/spark';
/** 09:44:30 in Hong Kong on 2 June 2025, just after the recorded HSI answer. */
const NOW = 1748828670_000;

let server: QuoteServer;
const clock = { now: NOW };

function provider() {
  return createYahooProvider({ http: httpFor(server), now: () => clock.now });
}

function chartQuote(fixture: string, id: string, symbol: string): Quote {
  return parseYahooChart(fixtureJson(`yahoo/${fixture}.json`), id, 'yahoo', symbol);
}

function quoteOf(results: QuoteResults, id: string): Quote {
  const result = results.get(id);
  if (result === undefined || result instanceof ProviderError)
    throw new Error(`no quote for ${id}: ${String(result)}`);
  return result;
}

const sparkRequests = () => server.requests.filter((r) => r.path === SPARK);

beforeEach(async () => {
  server = await startQuoteServer();
  clock.now = NOW;
});

afterEach(async () => {
  await server.close();
});

describe('yahoo spark batches', () => {
  it('GIVEN a first poll THEN one spark request asks for the whole day and the quotes equal the chart ones', async () => {
    server.route(SPARK, { body: fixtureJson('yahoo/spark-2025-06-02-1d.json') });
    const results = await provider().fetchQuotes?.([HSI, CNH]);
    expect(server.requests).toHaveLength(1);
    expect(Object.fromEntries(sparkRequests()[0]?.query ?? [])).toEqual({
      symbols: '^HSI,CNH=X',
      interval: '1m',
      range: '1d',
      indicators: 'close',
    });
    expect(quoteOf(results ?? new Map(), 'HSI')).toEqual(chartQuote('hsi-2025-06-02', 'HSI', '^HSI'));
    expect(quoteOf(results ?? new Map(), 'USDCNH')).toEqual(chartQuote('cnh-2025-06-02', 'USDCNH', 'CNH=X'));
  });

  it('GIVEN the next poll THEN only new bars are asked for and merged into the same day', async () => {
    server.route(
      SPARK,
      { body: fixtureJson('yahoo/spark-2025-06-02-1d.json') },
      { body: fixtureJson('yahoo/spark-2025-06-02-since.json') },
    );
    const yahoo = provider();
    const first = quoteOf((await yahoo.fetchQuotes?.([HSI, CNH])) ?? new Map(), 'HSI');
    clock.now = NOW + 60_000;
    const second = quoteOf((await yahoo.fetchQuotes?.([HSI, CNH])) ?? new Map(), 'HSI');

    const query = Object.fromEntries(sparkRequests()[1]?.query ?? []);
    // Sorted by where their new bars start, so neighbours in time share a request.
    expect(query).toEqual({
      symbols: 'CNH=X,^HSI',
      interval: '1m',
      period1: '1748828160',
      period2: String((NOW + 60_000) / 1000 + 60),
      indicators: 'close',
    });
    expect(second.previousClose).toBe(first.previousClose);
    expect(second).toMatchObject({ price: 23041.6, time: 1748828725_000, symbol: 'HSI', provider: 'yahoo' });
    expect(second.bars.slice(0, 7)).toEqual(first.bars.slice(0, 7));
    expect(second.bars.slice(7).map((b) => b.price)).toEqual([
      23012.4, 23021.900390625, 23033.470703125, 23018.25, 23001.76953125, 22990.359375, 23009.880859375,
      23034.2, 23041.6,
    ]);
  });

  it('GIVEN a restart THEN the new provider asks for the whole day again', async () => {
    server.route(SPARK, { body: fixtureJson('yahoo/spark-2025-06-02-1d.json') });
    await provider().fetchQuotes?.([HSI]);
    clock.now = NOW + 60_000;
    await provider().fetchQuotes?.([HSI]);
    expect(sparkRequests().map((r) => r.query.get('range'))).toEqual(['1d', '1d']);
  });

  it('GIVEN the next session THEN the whole new day replaces the old one', async () => {
    server.route(
      SPARK,
      { body: fixtureJson('yahoo/spark-2025-06-02-1d.json') },
      { body: fixtureJson('yahoo/spark-2025-06-03-1d.json') },
    );
    const yahoo = provider();
    await yahoo.fetchQuotes?.([HSI]);
    clock.now = 1748914700_000;
    const next = quoteOf((await yahoo.fetchQuotes?.([HSI])) ?? new Map(), 'HSI');
    expect(sparkRequests()[1]?.query.get('range')).toBe('1d');
    expect(next).toEqual(chartQuote('hsi-2025-06-03', 'HSI', '^HSI'));
  });

  it('GIVEN an answer without one symbol THEN that one is asked of the chart, which names it unknown', async () => {
    server.route(SPARK, { body: fixtureJson('yahoo/spark-partial.json') });
    server.route('/v8/finance/chart/%5EXXX', { status: 404, body: fixtureJson('yahoo/not-found.json') });
    const results = (await provider().fetchQuotes?.([HSI, XXX, CNH])) ?? new Map();
    expect(server.requests.map((r) => r.path)).toEqual([SPARK, '/v8/finance/chart/%5EXXX']);
    expect(results.get('XXX')).toMatchObject({ code: 'NOT_FOUND' });
    expect(quoteOf(results, 'HSI').price).toBe(chartQuote('hsi-2025-06-02', 'HSI', '^HSI').price);
    expect(quoteOf(results, 'USDCNH').provider).toBe('yahoo');
  });

  it('GIVEN a spark request rejected as a whole THEN each instrument falls back to the chart', async () => {
    server.route(SPARK, { status: 400, body: fixtureJson('yahoo/spark-too-many-symbols.json') });
    server.route('/v8/finance/chart/%5EHSI', { body: fixtureJson('yahoo/hsi-2025-06-02.json') });
    server.route('/v8/finance/chart/CNH%3DX', { body: fixtureJson('yahoo/cnh-2025-06-02.json') });
    const results = (await provider().fetchQuotes?.([HSI, CNH])) ?? new Map();
    expect(server.requests).toHaveLength(3);
    expect(quoteOf(results, 'HSI')).toEqual(chartQuote('hsi-2025-06-02', 'HSI', '^HSI'));
    expect(quoteOf(results, 'USDCNH')).toEqual(chartQuote('cnh-2025-06-02', 'USDCNH', 'CNH=X'));
  });

  it('GIVEN a rate-limited spark request THEN its instruments fail RATE_LIMITED with no chart storm', async () => {
    server.route(SPARK, {
      status: 429,
      headers: { 'retry-after': '120' },
      body: fixtureText('yahoo/too-many-requests.txt'),
    });
    const results = (await provider().fetchQuotes?.([HSI, CNH])) ?? new Map();
    expect(server.requests).toHaveLength(1);
    expect(results.get('HSI')).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 120_000 });
    expect(results.get('USDCNH')).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('GIVEN more instruments than a request may carry THEN they are split into requests of at most 20', async () => {
    server.route(SPARK, { status: 429, body: fixtureText('yahoo/too-many-requests.txt') });
    const many = Array.from({ length: 45 }, (_, n) => ({
      ...withSymbols(HSI, { yahoo: `S${n}.HK` }),
      id: `S${n}`,
    }));
    const results = (await provider().fetchQuotes?.(many)) ?? new Map();
    expect(results.size).toBe(45);
    const sizes = sparkRequests().map((r) => r.query.get('symbols')?.split(',').length);
    expect(sizes.sort((a, b) => (b ?? 0) - (a ?? 0))).toEqual([20, 20, 5]);
  });

  it('GIVEN a lone fetch after a batch THEN the chart asks only for new bars', async () => {
    server.route(SPARK, { body: fixtureJson('yahoo/spark-2025-06-02-1d.json') });
    server.route('/v8/finance/chart/%5EHSI', { body: fixtureJson('yahoo/hsi-2025-06-02.json') });
    const yahoo = provider();
    await yahoo.fetchQuotes?.([HSI]);
    clock.now = NOW + 60_000;
    await yahoo.fetchQuote(HSI);
    const chart = server.requests.find((r) => r.path === '/v8/finance/chart/%5EHSI');
    expect(chart?.query.get('range')).toBeNull();
    expect(chart?.query.get('period1')).toBe(String((1748828640_000 - 5 * 60_000) / 1000));
  });
});
