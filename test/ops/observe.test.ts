import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../src/config/config.js';
import type { Quote } from '../../src/domain/quote.js';
import { createBotMetrics } from '../../src/ops/metrics.js';
import { observeOutbox, observeQuotes } from '../../src/ops/observe.js';
import { openStore } from '../../src/store/openStore.js';
import { ProviderError } from '../../src/http/errors.js';
import type { QuoteSource } from '../../src/providers/quoteSource.js';
import { makeConfig } from '../support/testConfig.js';

const T = Date.parse('2025-06-02T02:16:00Z');
const [HSI, N225] = makeConfig().instruments as [Instrument, Instrument];

function quoteOf(instrument: Instrument): Quote {
  return { symbol: instrument.id, price: 1, time: T, previousClose: 1, bars: [], provider: 'yahoo' };
}

/** A source with the batch form: HSI answers, N225 fails. */
function batchSource(): QuoteSource & { batches: number } {
  const source = {
    name: 'chain',
    batches: 0,
    supports: () => true,
    fetchQuote: (instrument: Instrument) => Promise.resolve(quoteOf(instrument)),
    fetchQuotes(instruments: readonly Instrument[]) {
      source.batches += 1;
      const failure = new ProviderError(
        { provider: 'twelvedata', symbol: N225.id, code: 'UNAVAILABLE', retryable: true, status: 503 },
        'HTTP 503',
      );
      return Promise.resolve(new Map(instruments.map((i) => [i.id, i === N225 ? failure : quoteOf(i)])));
    },
    health: () => [],
    activeProvider: () => 'yahoo',
  };
  return source;
}

async function countOf(metrics: ReturnType<typeof createBotMetrics>, provider: string, outcome: string) {
  const { values } = await metrics.fetchDuration.get();
  return values.find(
    (v) => v.metricName?.endsWith('_count') && v.labels.provider === provider && v.labels.outcome === outcome,
  )?.value;
}

describe('observeQuotes', () => {
  it('GIVEN a source with the batch form THEN it stays a batch: one request, results untouched, timed per provider and outcome', async () => {
    const metrics = createBotMetrics();
    const source = batchSource();
    const observed = observeQuotes(source, metrics);
    expect('fetchQuotes' in observed).toBe(true);
    const results = await observed.fetchQuotes?.([HSI, N225]);
    expect(source.batches).toBe(1);
    expect(results?.get(HSI.id)).toEqual(quoteOf(HSI));
    expect(results?.get(N225.id)).toBeInstanceOf(ProviderError);
    expect(await countOf(metrics, 'yahoo', 'ok')).toBe(1);
    expect(await countOf(metrics, 'twelvedata', 'failed')).toBe(1);
    expect(observed.activeProvider?.()).toBe('yahoo');
    expect(observed.health?.()).toEqual([]);
  });

  it('GIVEN a source without the batch form or health THEN the wrapper adds neither', () => {
    const single: QuoteSource = {
      name: 'board',
      supports: () => true,
      fetchQuote: (instrument) => Promise.resolve(quoteOf(instrument)),
    };
    const observed = observeQuotes(single, createBotMetrics());
    expect(['fetchQuotes', 'health', 'activeProvider'].filter((key) => key in observed)).toEqual([]);
  });
});

describe('observeOutbox', () => {
  it('GIVEN a message refused for good, then old dead letters pruned THEN the counter keeps the refusal', async () => {
    const store = openStore(':memory:');
    const metrics = createBotMetrics();
    const observed = observeOutbox(store, metrics);
    const seq = observed.enqueue(
      { nonce: 'n1', target: 'channel', payload: { content: 'x' }, eventTime: T },
      T,
    );
    observed.moveToDeadLetters(seq, 'Unknown Channel (404)', T + 1_000);
    store.pruneDeadLetters(T + 2_000);
    expect(store.deadLetterSummary().count).toBe(0);
    expect((await metrics.deadLettered.get()).values[0]?.value).toBe(1);
    store.close();
  });
});
