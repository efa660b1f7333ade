import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../src/config/config.js';
import type { Quote } from '../../src/domain/quote.js';
import { ProviderError, type ProviderErrorCode } from '../../src/http/errors.js';
import { createProviderChain } from '../../src/providers/failover.js';
import { createLimiter } from '../../src/http/limiter.js';
import type { QuoteResults, QuoteSource } from '../../src/providers/quoteSource.js';
import { instrument } from '../support/providerKit.js';

const [HSI, N225, CNH] = [instrument('HSI'), instrument('N225'), instrument('USDCNH')];
const T0 = Date.parse('2025-06-02T01:30:00Z');

function quote(i: Instrument, provider: string): Quote {
  return { symbol: i.id, price: 100, time: T0, previousClose: 99, bars: [], provider };
}

function failure(provider: string, code: ProviderErrorCode): ProviderError {
  return new ProviderError({ provider, symbol: '?', code, retryable: true }, `${provider}: ${code} failure`);
}

/** A batch provider failing the instruments named in `failing`; it records each batch it is asked. */
function batchProvider(name: string, failing: Map<string, ProviderErrorCode>) {
  const batches: string[][] = [];
  const provider: QuoteSource = {
    name,
    supports: () => true,
    fetchQuote: () => Promise.reject(new Error('the batch form must be used')),
    fetchQuotes(instruments): Promise<QuoteResults> {
      batches.push(instruments.map((i) => i.id));
      return Promise.resolve(
        new Map(
          instruments.map((i) => {
            const code = failing.get(i.id);
            return [i.id, code ? failure(name, code) : quote(i, name)];
          }),
        ),
      );
    },
  };
  return { provider, batches };
}

/** A provider with only the single form, counting calls. */
function singleProvider(name: string) {
  const calls: string[] = [];
  const provider: QuoteSource = {
    name,
    supports: () => true,
    fetchQuote(i) {
      calls.push(i.id);
      return Promise.resolve(quote(i, name));
    },
  };
  return { provider, calls };
}

function chainOf(...providers: QuoteSource[]) {
  return createProviderChain({ providers, backoff: { initialSeconds: 30, maxSeconds: 240 }, now: () => T0 });
}

describe('provider chain, batch form', () => {
  it('GIVEN some instruments fail at the first provider THEN only those are asked of the next', async () => {
    const yahoo = batchProvider('yahoo', new Map([['N225', 'UNAVAILABLE']]));
    const twelve = singleProvider('twelvedata');
    const results = await chainOf(yahoo.provider, twelve.provider).fetchQuotes?.([HSI, N225, CNH]);
    expect(yahoo.batches).toEqual([['HSI', 'N225', 'USDCNH']]);
    expect(twelve.calls).toEqual(['N225']);
    expect([...(results ?? new Map()).values()].map((q: Quote) => q.provider)).toEqual([
      'yahoo',
      'twelvedata',
      'yahoo',
    ]);
  });

  it('GIVEN a provider quoted anything THEN it stays healthy despite one symbol failing', async () => {
    const yahoo = batchProvider('yahoo', new Map([['N225', 'UNAVAILABLE']]));
    const chain = chainOf(yahoo.provider, singleProvider('twelvedata').provider);
    await chain.fetchQuotes?.([HSI, N225]);
    expect(chain.health().find((h) => h.name === 'yahoo')).toMatchObject({ healthy: true, lastError: null });
  });

  it('GIVEN a provider failed every instrument THEN it backs off and is skipped at the next poll', async () => {
    const failing = new Map<string, ProviderErrorCode>([
      ['HSI', 'RATE_LIMITED'],
      ['N225', 'RATE_LIMITED'],
    ]);
    const yahoo = batchProvider('yahoo', failing);
    const twelve = singleProvider('twelvedata');
    const chain = chainOf(yahoo.provider, twelve.provider);
    await chain.fetchQuotes?.([HSI, N225]);
    await chain.fetchQuotes?.([HSI, N225]);
    expect(yahoo.batches).toHaveLength(1);
    expect(twelve.calls).toEqual(['HSI', 'N225', 'HSI', 'N225']);
    expect(chain.health().find((h) => h.name === 'yahoo')).toMatchObject({
      healthy: false,
      consecutiveFailures: 1,
    });
  });

  it('GIVEN every provider fails an instrument THEN its result names each reason', async () => {
    const yahoo = batchProvider('yahoo', new Map([['HSI', 'UNAVAILABLE']]));
    const twelve = batchProvider('twelvedata', new Map([['HSI', 'TIMEOUT']]));
    const results = await chainOf(yahoo.provider, twelve.provider).fetchQuotes?.([HSI, CNH]);
    const error = results?.get('HSI');
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toBe(
      'no provider could quote HSI:\n  - yahoo: UNAVAILABLE failure\n  - twelvedata: TIMEOUT failure',
    );
    expect(results?.get('USDCNH')).toMatchObject({ provider: 'yahoo' });
  });
});

describe('createLimiter', () => {
  it('GIVEN more tasks than slots THEN at most that many run at once and all finish in order', async () => {
    const limit = createLimiter(2);
    let running = 0;
    let most = 0;
    const finished: number[] = [];
    const task = (n: number) => async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      finished.push(n);
      return n;
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => limit(task(n))));
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect(finished).toHaveLength(5);
  });

  it('GIVEN a task that fails THEN its slot is freed for the next', async () => {
    const limit = createLimiter(1);
    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
