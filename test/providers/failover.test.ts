import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../src/config/config.js';
import type { Quote } from '../../src/domain/quote.js';
import { ProviderError, type ProviderErrorCode } from '../../src/http/errors.js';
import { createProviderChain } from '../../src/providers/failover.js';
import type { QuoteSource } from '../../src/providers/quoteSource.js';
import { instrument, providerFailure, withSymbols } from '../support/providerKit.js';

const HSI = instrument('HSI');
const N225 = instrument('N225');
const T0 = Date.parse('2025-06-02T01:30:00Z');
const BACKOFF = { initialSeconds: 30, maxSeconds: 240 };

type Outcome = 'ok' | ProviderError | Error;

/** A provider that answers from a script per instrument id (default: 'ok') and counts its calls. */
function scripted(name: string, only?: (i: Instrument) => boolean) {
  const outcomes = new Map<string, Outcome>();
  const calls: string[] = [];
  const provider: QuoteSource = {
    name,
    supports: (i) => only?.(i) ?? true,
    fetchQuote(i): Promise<Quote> {
      calls.push(i.id);
      const outcome = outcomes.get(i.id) ?? 'ok';
      if (outcome !== 'ok') return Promise.reject(outcome);
      return Promise.resolve({
        symbol: i.id,
        price: 100,
        time: T0,
        previousClose: 99,
        bars: [],
        provider: name,
      });
    },
  };
  return { provider, calls, set: (id: string, outcome: Outcome) => outcomes.set(id, outcome) };
}

function failure(provider: string, code: ProviderErrorCode, retryable: boolean, retryAfterMs?: number) {
  return new ProviderError(
    { provider, symbol: '^HSI', code, retryable, retryAfterMs },
    `${provider}: ${code} failure`,
  );
}

function setup() {
  let clock = T0;
  const yahoo = scripted('yahoo');
  const twelve = scripted('twelvedata');
  const chain = createProviderChain({
    providers: [yahoo.provider, twelve.provider],
    backoff: BACKOFF,
    now: () => clock,
  });
  const health = (name: string) => chain.health().find((h) => h.name === name);
  return { chain, yahoo, twelve, health, advance: (seconds: number) => (clock += seconds * 1000) };
}

describe('provider chain', () => {
  it('uses the first provider while it works and reports it as active', async () => {
    const { chain, yahoo, twelve, health } = setup();
    expect(chain.activeProvider()).toBeNull();
    expect((await chain.fetchQuote(HSI)).provider).toBe('yahoo');
    expect(twelve.calls).toEqual([]);
    expect(chain.activeProvider()).toBe('yahoo');
    expect(health('yahoo')).toEqual({
      name: 'yahoo',
      healthy: true,
      consecutiveFailures: 0,
      retryAt: null,
      lastError: null,
      lastSuccessAt: T0,
    });
    expect(yahoo.calls).toEqual(['HSI']);
  });

  it('falls over to the next provider on a retryable failure and backs the failed one off', async () => {
    const { chain, yahoo, health } = setup();
    yahoo.set('HSI', failure('yahoo', 'UNAVAILABLE', true));
    expect((await chain.fetchQuote(HSI)).provider).toBe('twelvedata');
    expect(chain.activeProvider()).toBe('twelvedata');
    expect(health('yahoo')).toMatchObject({
      healthy: false,
      consecutiveFailures: 1,
      retryAt: T0 + 30_000,
      lastError: 'yahoo: UNAVAILABLE failure',
    });
  });

  it('skips a provider during its backoff and tries it again once the backoff has passed', async () => {
    const { chain, yahoo, advance } = setup();
    yahoo.set('HSI', failure('yahoo', 'TIMEOUT', true));
    await chain.fetchQuote(HSI);
    advance(29);
    await chain.fetchQuote(N225);
    expect(yahoo.calls).toEqual(['HSI']);
    advance(1);
    expect((await chain.fetchQuote(N225)).provider).toBe('yahoo');
    expect(yahoo.calls).toEqual(['HSI', 'N225']);
  });

  it('doubles the backoff on each consecutive failure up to maxSeconds', async () => {
    const { chain, yahoo, health, advance } = setup();
    yahoo.set('HSI', failure('yahoo', 'NETWORK', true));
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = T0 + delays.reduce((a, b) => a + b, 0);
      await chain.fetchQuote(HSI);
      const retryAt = health('yahoo')?.retryAt ?? 0;
      delays.push(retryAt - before);
      advance((retryAt - before) / 1000);
    }
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 240_000]);
    expect(health('yahoo')?.consecutiveFailures).toBe(5);
  });

  it('counts failures of requests that were in flight together as one', async () => {
    const { chain, yahoo, health } = setup();
    const down = failure('yahoo', 'UNAVAILABLE', true);
    for (const id of ['HSI', 'N225', 'USDCNH']) yahoo.set(id, down);
    await Promise.all(['HSI', 'N225', 'USDCNH'].map((id) => chain.fetchQuote(instrument(id))));
    expect(health('yahoo')).toMatchObject({ consecutiveFailures: 1, retryAt: T0 + 30_000 });
  });

  it('lets a Retry-After longer than the backoff win, and ignores a shorter one', async () => {
    const { chain, yahoo, twelve, health } = setup();
    yahoo.set('HSI', failure('yahoo', 'RATE_LIMITED', true, 200_000));
    twelve.set('HSI', failure('twelvedata', 'RATE_LIMITED', true, 5_000));
    await providerFailure(chain.fetchQuote(HSI));
    expect(health('yahoo')?.retryAt).toBe(T0 + 200_000);
    expect(health('twelvedata')?.retryAt).toBe(T0 + 30_000);
  });

  it('caps a Retry-After at maxSeconds', async () => {
    const { chain, yahoo, health } = setup();
    yahoo.set('HSI', failure('yahoo', 'RATE_LIMITED', true, 3_600_000));
    await chain.fetchQuote(HSI);
    expect(health('yahoo')?.retryAt).toBe(T0 + 240_000);
  });

  it('resets the failure count and records the time on the next success', async () => {
    const { chain, yahoo, health, advance } = setup();
    yahoo.set('HSI', failure('yahoo', 'UNAVAILABLE', true));
    await chain.fetchQuote(HSI);
    advance(30);
    yahoo.set('HSI', 'ok');
    await chain.fetchQuote(HSI);
    expect(health('yahoo')).toMatchObject({
      healthy: true,
      consecutiveFailures: 0,
      retryAt: null,
      lastError: null,
      lastSuccessAt: T0 + 30_000,
    });
    expect(chain.activeProvider()).toBe('yahoo');
  });

  it('keeps a provider healthy when one symbol is not found, backing off only that symbol', async () => {
    const { chain, yahoo, health, advance } = setup();
    yahoo.set('HSI', failure('yahoo', 'NOT_FOUND', false));
    expect((await chain.fetchQuote(HSI)).provider).toBe('twelvedata');
    expect(health('yahoo')).toMatchObject({ healthy: true, consecutiveFailures: 0, retryAt: null });
    advance(10);
    expect((await chain.fetchQuote(N225)).provider).toBe('yahoo');
    expect((await chain.fetchQuote(HSI)).provider).toBe('twelvedata');
    expect(yahoo.calls).toEqual(['HSI', 'N225']);
    advance(20);
    await chain.fetchQuote(HSI);
    expect(yahoo.calls).toEqual(['HSI', 'N225', 'HSI']);
  });

  it('backs a provider off for maxSeconds at once after a non-retryable failure such as a rejected key', async () => {
    const { chain, yahoo, twelve, health } = setup();
    yahoo.set('HSI', failure('yahoo', 'UNAVAILABLE', true));
    twelve.set('HSI', failure('twelvedata', 'AUTH', false));
    await providerFailure(chain.fetchQuote(HSI));
    expect(health('twelvedata')).toMatchObject({
      healthy: false,
      consecutiveFailures: 1,
      retryAt: T0 + 240_000,
    });
    expect(health('yahoo')?.retryAt).toBe(T0 + 30_000);
  });

  it('does not call a provider that has no symbol for the instrument', async () => {
    const yahoo = scripted('yahoo');
    const twelve = scripted('twelvedata', (i) => i.symbols.twelvedata !== undefined);
    const chain = createProviderChain({
      providers: [twelve.provider, yahoo.provider],
      backoff: BACKOFF,
      now: () => T0,
    });
    const quote = await chain.fetchQuote(withSymbols(HSI, { yahoo: '^HSI' }));
    expect(quote.provider).toBe('yahoo');
    expect(twelve.calls).toEqual([]);
  });

  it("lists every provider's failure when all of them fail", async () => {
    const { chain, yahoo, twelve } = setup();
    yahoo.set('HSI', failure('yahoo', 'UNAVAILABLE', true));
    twelve.set('HSI', failure('twelvedata', 'AUTH', false));
    const error = await providerFailure(chain.fetchQuote(HSI));
    expect(error.message).toBe(
      'no provider could quote HSI:\n  - yahoo: UNAVAILABLE failure\n  - twelvedata: AUTH failure',
    );
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true, symbol: 'HSI' });
  });

  it('names the backoff of a skipped provider in the combined failure', async () => {
    const { chain, yahoo, twelve } = setup();
    yahoo.set('HSI', failure('yahoo', 'TIMEOUT', true));
    twelve.set('HSI', failure('twelvedata', 'TIMEOUT', true));
    await providerFailure(chain.fetchQuote(HSI));
    const error = await providerFailure(chain.fetchQuote(HSI));
    expect(error.message).toContain('yahoo: skipped until 2025-06-02T01:30:30.000Z after 1 failure(s)');
    expect(error.code).toBe('UNAVAILABLE');
  });

  it('keeps the code when every provider failed the same way', async () => {
    const { chain, yahoo, twelve } = setup();
    yahoo.set('HSI', failure('yahoo', 'NOT_FOUND', false));
    twelve.set('HSI', failure('twelvedata', 'NOT_FOUND', false));
    expect(await providerFailure(chain.fetchQuote(HSI))).toMatchObject({
      code: 'NOT_FOUND',
      retryable: false,
    });
  });

  it('treats an unexpected exception from a provider as a retryable failure of that provider', async () => {
    const { chain, yahoo, health } = setup();
    yahoo.set('HSI', new TypeError('boom'));
    expect((await chain.fetchQuote(HSI)).provider).toBe('twelvedata');
    expect(health('yahoo')).toMatchObject({
      consecutiveFailures: 1,
      lastError: 'yahoo: unexpected failure for HSI (boom)',
    });
  });

  it('GIVEN a minimum delay longer than the configured backoff THEN no backoff is shorter, and it still doubles', async () => {
    let clock = T0;
    const yahoo = scripted('yahoo');
    const chain = createProviderChain({
      providers: [yahoo.provider],
      backoff: BACKOFF,
      now: () => clock,
      minDelayMs: 90_000,
    });
    yahoo.set('HSI', failure('yahoo', 'RATE_LIMITED', true));
    const delays: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      await providerFailure(chain.fetchQuote(HSI));
      const retryAt = chain.health()[0]?.retryAt ?? 0;
      delays.push(retryAt - clock);
      clock = retryAt;
    }
    // Capped at maxSeconds (240 s) as before; the floor only raises the start.
    expect(delays).toEqual([90_000, 180_000, 240_000, 240_000]);
  });

  it('GIVEN an error that names a secret parameter THEN the chain keeps and throws it masked', async () => {
    const { chain, yahoo, twelve, health } = setup();
    yahoo.set('HSI', new Error('GET /chart?symbol=HSI&apikey=abcd1234 failed'));
    twelve.set('HSI', failure('twelvedata', 'AUTH', false));
    const error = await providerFailure(chain.fetchQuote(HSI));
    expect(error.message).toContain('apikey=***');
    expect(`${error.stack} ${health('yahoo')?.lastError}`).not.toContain('abcd1234');
  });
});
