import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/http/errors.js';
import { parseYahooChartDay } from '../../src/providers/yahooChart.js';
import { parseYahooSpark } from '../../src/providers/yahooSpark.js';
import { fixtureJson } from '../support/fixtures.js';

const ctx = { provider: 'yahoo', symbol: '3 symbols' };

describe('parseYahooSpark', () => {
  it('GIVEN a range=1d answer THEN each symbol has the same day as its chart answer', () => {
    const days = parseYahooSpark(
      fixtureJson('yahoo/spark-2025-06-02-1d.json'),
      ['^HSI', '^N225', 'CNH=X'],
      ctx,
    );
    for (const [symbol, chart] of [
      ['^HSI', 'hsi-2025-06-02'],
      ['^N225', 'n225-2025-06-02'],
      ['CNH=X', 'cnh-2025-06-02'],
    ] as const) {
      const fromChart = parseYahooChartDay(fixtureJson(`yahoo/${chart}.json`));
      expect(days.get(symbol)).toMatchObject({
        yahooSymbol: symbol,
        previousClose: fromChart.previousClose,
        bars: fromChart.bars,
      });
    }
  });

  it('GIVEN an answer that leaves a symbol out THEN that symbol alone gets a retryable error', () => {
    const days = parseYahooSpark(fixtureJson('yahoo/spark-partial.json'), ['^HSI', '^XXX', 'CNH=X'], ctx);
    expect(days.get('^HSI')).not.toBeInstanceOf(ProviderError);
    expect(days.get('CNH=X')).not.toBeInstanceOf(ProviderError);
    const missing = days.get('^XXX');
    expect(missing).toBeInstanceOf(ProviderError);
    expect(missing).toMatchObject({ code: 'UNAVAILABLE', retryable: true, symbol: '^XXX' });
  });

  it('GIVEN the 400 body for too many symbols THEN the whole batch fails as BAD_RESPONSE', () => {
    expect(() => parseYahooSpark(fixtureJson('yahoo/spark-too-many-symbols.json'), ['^HSI'], ctx)).toThrow(
      expect.objectContaining({ code: 'BAD_RESPONSE', retryable: false }),
    );
  });

  it('GIVEN a body of another shape THEN it names the field and blames a format change', () => {
    expect(() => parseYahooSpark({ spark: { result: [{ symbol: '^HSI' }] } }, ['^HSI'], ctx)).toThrow(
      /spark\.result\.0\.response.*Yahoo may have changed its format/,
    );
  });

  it('GIVEN a series whose timestamps and closes differ in length THEN only that symbol fails', () => {
    const body = fixtureJson('yahoo/spark-2025-06-02-1d.json') as any;
    body.spark.result[0].response[0].timestamp.pop();
    const days = parseYahooSpark(body, ['^HSI', 'CNH=X'], ctx);
    expect(days.get('^HSI')).toMatchObject({ code: 'BAD_RESPONSE' });
    expect(days.get('CNH=X')).not.toBeInstanceOf(ProviderError);
  });
});
