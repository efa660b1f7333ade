import { afterEach, describe, expect, it } from 'vitest';
import type { Instrument } from '../../src/config/config.js';
import { createCalendar } from '../../src/domain/calendar/index.js';
import type { Quote } from '../../src/domain/quote.js';
import { providerError } from '../../src/http/errors.js';
import { createProviders } from '../../src/providers/index.js';
import type { QuoteSource } from '../../src/providers/quoteSource.js';
import { fetchOpenQuotes } from '../../src/pipeline/fetchOpenQuotes.js';
import { startFakeYahooSpark, type FakeYahooSpark } from '../support/fakeYahooSpark.js';
import { config, instrument } from '../support/providerKit.js';
import { silentLog } from '../support/silentLog.js';

/** Monday 2 June 2025, 09:00:30 UTC: HKEX and TSE closed, FX open. */
const T = Date.parse('2025-06-02T09:00:30Z');
const ALWAYS = {
  type: 'continuous',
  timezone: 'UTC',
  opens: { day: 'sunday', time: '00:00' },
  closes: { day: 'saturday', time: '23:59' },
  dayRollsAt: '00:00',
  overrides: [],
} as const;
const calendar = createCalendar({ ...config.markets, ALWAYS });
const [HSI, N225, CNH] = [instrument('HSI'), instrument('N225'), instrument('USDCNH')];

function quoteFor(i: Instrument): Quote {
  return { symbol: i.id, price: 1, time: T, previousClose: 1, bars: [], provider: 'fake' };
}

describe('fetchOpenQuotes', () => {
  it('GIVEN a source with a batch form THEN the open instruments are asked in one call, in order', async () => {
    const asked: string[][] = [];
    const quotes = {
      name: 'batch',
      supports: () => true,
      fetchQuote: () => Promise.reject(new Error('the batch form must be used')),
      fetchQuotes: (instruments: readonly Instrument[]) => {
        asked.push(instruments.map((i) => i.id));
        return Promise.resolve(new Map([[CNH.id, quoteFor(CNH)]]));
      },
    } satisfies QuoteSource;
    const always = { ...N225, id: 'ALWAYS1', market: 'ALWAYS' };
    const result = await fetchOpenQuotes(
      { instruments: [HSI, N225, CNH, always], calendar, quotes, log: silentLog },
      T,
    );
    expect(asked).toEqual([['USDCNH', 'ALWAYS1']]);
    expect(result.quotes.map((q) => q.symbol)).toEqual(['USDCNH']);
    // Left out of the answer: failed and named, never dropped silently.
    expect(result.failed).toEqual(['ALWAYS1']);
  });

  it('GIVEN an instrument the batch could not quote THEN it is named as failed and the rest are kept', async () => {
    const always = { ...N225, id: 'ALWAYS1', market: 'ALWAYS' };
    const quotes = {
      name: 'batch',
      supports: () => true,
      fetchQuote: () => Promise.reject(new Error('unused')),
      fetchQuotes: () =>
        Promise.resolve(
          new Map<string, Quote | ReturnType<typeof providerError>>([
            [CNH.id, quoteFor(CNH)],
            [always.id, providerError({ provider: 'yahoo', symbol: '^N225' }, 'UNAVAILABLE', true, 'down')],
          ]),
        ),
    } satisfies QuoteSource;
    const result = await fetchOpenQuotes({ instruments: [CNH, always], calendar, quotes, log: silentLog }, T);
    expect(result).toEqual({ quotes: [quoteFor(CNH)], failed: ['ALWAYS1'] });
  });

  it('GIVEN a batch that throws as a whole THEN every open instrument fails and the poll goes on', async () => {
    const quotes = {
      name: 'batch',
      supports: () => true,
      fetchQuote: () => Promise.reject(new Error('unused')),
      fetchQuotes: () => Promise.reject(new Error('bug')),
    } satisfies QuoteSource;
    const result = await fetchOpenQuotes({ instruments: [HSI, CNH], calendar, quotes, log: silentLog }, T);
    expect(result).toEqual({ quotes: [], failed: ['USDCNH'] });
  });

  it('GIVEN a source without a batch form THEN each open instrument is fetched on its own', async () => {
    const asked: string[] = [];
    const quotes = {
      fetchQuote: (i: Instrument) => {
        asked.push(i.id);
        return Promise.resolve(quoteFor(i));
      },
    };
    const result = await fetchOpenQuotes(
      { instruments: [HSI, N225, CNH], calendar, quotes, log: silentLog },
      T,
    );
    expect(asked).toEqual(['USDCNH']);
    expect(result.failed).toEqual([]);
  });
});

describe('fetchOpenQuotes at 500 instruments over HTTP', () => {
  let fake: FakeYahooSpark | undefined;
  afterEach(async () => {
    await fake?.close();
  });

  it('GIVEN 500 open instruments THEN a poll costs at most 30 requests and never more than the cap in flight', async () => {
    const clock = { now: T };
    const instruments = Array.from({ length: 500 }, (_, n) => ({
      ...HSI,
      id: `I${n}`,
      market: 'ALWAYS',
      symbols: { yahoo: `S${n}.HK` },
    }));
    fake = await startFakeYahooSpark({
      symbols: instruments.map((i) => i.symbols.yahoo),
      now: () => clock.now,
      sessionStartMs: Date.parse('2025-06-02T00:00:00Z'),
      latencyMs: 2,
    });
    const quotes = createProviders(config, { YAHOO_BASE_URL: fake.baseUrl }, () => clock.now, 60_000);
    const deps = { instruments, calendar, quotes, log: silentLog };
    const perPoll: number[] = [];
    // The first poll fetches whole days, the second only new bars.
    for (let poll = 0; poll < 2; poll += 1) {
      fake.resetStats();
      const { quotes: got, failed } = await fetchOpenQuotes(deps, clock.now);
      expect(failed).toEqual([]);
      expect(got).toHaveLength(500);
      expect(fake.stats.chartRequests).toBe(0);
      expect(fake.stats.maxInFlight).toBeLessThanOrEqual(config.providers.requests.maxConcurrentRequests);
      perPoll.push(fake.stats.requests);
      clock.now += 60_000;
    }
    expect(perPoll).toEqual([25, 25]);
  });

  it('GIVEN a server that ignores period1 and sends whole days THEN the quotes equal those of one that honours it', async () => {
    const clock = { now: T };
    const instruments = Array.from({ length: 30 }, (_, n) => ({
      ...HSI,
      id: `I${n}`,
      market: 'ALWAYS',
      symbols: { yahoo: `S${n}.HK` },
    }));
    const symbols = instruments.map((i) => i.symbols.yahoo);
    const sessionStartMs = Date.parse('2025-06-02T00:00:00Z');
    const honouring = await startFakeYahooSpark({ symbols, now: () => clock.now, sessionStartMs });
    const whole = await startFakeYahooSpark({
      symbols,
      now: () => clock.now,
      sessionStartMs,
      wholeDays: true,
    });
    try {
      const depsOf = (server: FakeYahooSpark) => ({
        instruments,
        calendar,
        quotes: createProviders(config, { YAHOO_BASE_URL: server.baseUrl }, () => clock.now, 60_000),
        log: silentLog,
      });
      const [a, b] = [depsOf(honouring), depsOf(whole)] as const;
      for (let poll = 0; poll < 3; poll += 1) {
        const fromHonouring = await fetchOpenQuotes(a, clock.now);
        const fromWhole = await fetchOpenQuotes(b, clock.now);
        expect(fromWhole.failed).toEqual([]);
        expect(fromWhole.quotes).toEqual(fromHonouring.quotes);
        expect(fromWhole.quotes[0]?.bars.length).toBeGreaterThan(500);
        clock.now += 60_000;
      }
    } finally {
      await Promise.all([honouring.close(), whole.close()]);
    }
  });
});
