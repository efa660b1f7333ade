import { describe, expect, it } from 'vitest';
import type { YahooChartDay } from '../../src/providers/yahooChart.js';
import { parseYahooSpark, type SparkDays } from '../../src/providers/yahooSpark.js';
import { keepBarsSince } from '../../src/providers/yahooSparkTail.js';
import { fixtureJson } from '../support/fixtures.js';

const ctx = { provider: 'yahoo', symbol: '3 symbols' };
const barsOf = (days: SparkDays, symbol: string) => (days.get(symbol) as YahooChartDay).bars;
const SYMBOLS = ['^HSI', '^N225', 'CNH=X'];

describe('keepBarsSince', () => {
  it('GIVEN a whole-day answer to a "since" request THEN each series keeps exactly its bars from period1 on', () => {
    const whole = parseYahooSpark(fixtureJson('yahoo/spark-2025-06-02-1d.json'), SYMBOLS, ctx);
    const hsiBars = barsOf(whole, '^HSI');
    const fromS = (hsiBars.at(-4)?.time ?? 0) / 1000;
    const body = fixtureJson('yahoo/spark-2025-06-02-1d.json');
    keepBarsSince(body, fromS);
    const tail = parseYahooSpark(body, SYMBOLS, ctx);
    for (const symbol of SYMBOLS) {
      const all = barsOf(whole, symbol);
      const kept = barsOf(tail, symbol);
      expect(kept).toEqual(all.filter((bar) => bar.time >= fromS * 1000));
    }
    expect(barsOf(tail, '^HSI')).toHaveLength(4);
  });

  it('GIVEN timestamps and closes of different lengths THEN they are left for validation to reject', () => {
    const body = fixtureJson('yahoo/spark-2025-06-02-1d.json') as {
      spark: {
        result: { response: { timestamp: number[]; indicators: { quote: { close: number[] }[] } }[] }[];
      };
    };
    const series = body.spark.result[0]?.response[0];
    series?.indicators.quote[0]?.close.pop();
    const closes = series?.indicators.quote[0]?.close.length;
    keepBarsSince(body, series?.timestamp.at(-2) ?? 0);
    expect(series?.timestamp).toHaveLength(2);
    expect(series?.indicators.quote[0]?.close).toHaveLength(closes ?? -1);
  });

  it('GIVEN a body of another shape THEN it is left untouched', () => {
    const body = { spark: { result: null, error: { code: 'Bad Request' } } };
    keepBarsSince(body, 0);
    expect(body).toEqual({ spark: { result: null, error: { code: 'Bad Request' } } });
  });
});
