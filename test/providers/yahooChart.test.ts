import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/http/errors.js';
import { parseYahooChart, parseYahooChartDay } from '../../src/providers/yahooChart.js';
import { fixtureJson } from '../support/fixtures.js';

type Json = Record<string, unknown>;

/** A deep copy of a fixture's first result, to edit. */
function editable(path: string): { body: Json; result: Json; meta: Json } {
  const body = structuredClone(fixtureJson(path)) as { chart: { result: Json[] } };
  const result = body.chart.result[0] as Json;
  return { body, result, meta: result.meta as Json };
}

function thrown(fn: () => unknown): ProviderError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ProviderError);
    return err as ProviderError;
  }
  throw new Error('expected a ProviderError');
}

describe('parseYahooChart', () => {
  it('takes price and time from regularMarketPrice and regularMarketTime', () => {
    const quote = parseYahooChart(fixtureJson('yahoo/hsi-2025-06-02.json'), 'HSI', 'yahoo');
    expect(quote).toMatchObject({ symbol: 'HSI', provider: 'yahoo', price: 23032.87, time: 1748828661_000 });
    expect(quote.previousClose).toBe(23289.77);
  });

  it('turns bar timestamps into milliseconds and drops the minute whose close is null', () => {
    const quote = parseYahooChart(fixtureJson('yahoo/hsi-2025-06-02.json'), 'HSI', 'yahoo');
    expect(quote.bars).toHaveLength(14);
    expect(quote.bars[0]).toEqual({ time: 1748827800_000, price: 23098.51953125 });
    expect(quote.bars.map((b) => b.time)).not.toContain(1748828220_000);
    expect(quote.bars.every((b, i, all) => i === 0 || b.time > (all[i - 1]?.time ?? 0))).toBe(true);
  });

  it('uses previousClose when chartPreviousClose is missing, and chartPreviousClose alone when that is all there is', () => {
    expect(parseYahooChart(fixtureJson('yahoo/cnh-2025-06-02.json'), 'USDCNH', 'yahoo').previousClose).toBe(
      7.1979,
    );
    expect(parseYahooChart(fixtureJson('yahoo/n225-2025-06-02.json'), 'N225', 'yahoo').previousClose).toBe(
      37965.1,
    );
  });

  it('reports no previous close when the meta has neither field', () => {
    const { body, meta } = editable('yahoo/hsi-2025-06-02.json');
    delete meta.chartPreviousClose;
    delete meta.previousClose;
    expect(parseYahooChart(body, 'HSI', 'yahoo').previousClose).toBeNull();
  });

  it('falls back to the last non-null bar when the meta has no price or time', () => {
    const { body, meta } = editable('yahoo/hsi-2025-06-02.json');
    delete meta.regularMarketPrice;
    delete meta.regularMarketTime;
    const quote = parseYahooChart(body, 'HSI', 'yahoo');
    expect(quote.price).toBe(23032.869140625);
    expect(quote.time).toBe(1748828640_000);
  });

  it('accepts a window without bars: no timestamp key and indicators.quote [{}]', () => {
    const quote = parseYahooChart(fixtureJson('yahoo/hsi-preopen.json'), 'HSI', 'yahoo');
    expect(quote.bars).toEqual([]);
    expect(quote.price).toBe(23289.77);
    expect(quote.time).toBe(1748592480_000);
  });

  it('ignores fields it does not know', () => {
    const { body, meta } = editable('yahoo/hsi-2025-06-02.json');
    meta.someFieldYahooAddsNextYear = { nested: [1, 2, 3] };
    expect(parseYahooChart(body, 'HSI', 'yahoo').price).toBe(23032.87);
  });

  it('turns the not-found body into a NOT_FOUND that names the symbol and the config key', () => {
    const error = thrown(() => parseYahooChart(fixtureJson('yahoo/not-found.json'), 'HSI', 'yahoo', '^XXX'));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.retryable).toBe(false);
    expect(error.symbol).toBe('^XXX');
    expect(error.message).toBe(
      'yahoo: unknown symbol "^XXX" (No data found, symbol may be delisted); check instruments[].symbols.yahoo in the config',
    );
  });

  it('reports a body that breaks the schema as BAD_RESPONSE with the path of the problem', () => {
    const { body, meta } = editable('yahoo/hsi-2025-06-02.json');
    meta.regularMarketPrice = '23032.87';
    const error = thrown(() => parseYahooChart(body, 'HSI', 'yahoo', '^HSI'));
    expect(error.code).toBe('BAD_RESPONSE');
    expect(error.message).toContain('chart.result.0.meta.regularMarketPrice');
  });

  it('rejects bar arrays whose length does not match the timestamps', () => {
    const { body, result } = editable('yahoo/hsi-2025-06-02.json');
    const quote = (result.indicators as { quote: Json[] }).quote[0] as { close: unknown[] };
    quote.close.pop();
    const error = thrown(() => parseYahooChart(body, 'HSI', 'yahoo'));
    expect(error.code).toBe('BAD_RESPONSE');
    expect(error.message).toContain('15 timestamps but 14 closes');
  });

  it('rejects a window with neither a time in the meta nor any bar', () => {
    const { body, meta } = editable('yahoo/hsi-preopen.json');
    delete meta.regularMarketTime;
    expect(thrown(() => parseYahooChart(body, 'HSI', 'yahoo')).code).toBe('BAD_RESPONSE');
  });
});

describe('parseYahooChartDay', () => {
  it('returns the Yahoo symbol, the previous close, the bars and the meta', () => {
    const day = parseYahooChartDay(fixtureJson('yahoo/n225-2025-06-02.json'));
    expect(day.yahooSymbol).toBe('^N225');
    expect(day.previousClose).toBe(37965.1);
    expect(day.bars).toHaveLength(9);
    expect(day.meta.exchangeTimezoneName).toBe('Asia/Tokyo');
    expect(day.meta.currentTradingPeriod?.regular.end).toBe(1748845800);
  });
});
