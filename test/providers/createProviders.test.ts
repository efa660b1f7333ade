import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/config.js';
import { createProviders } from '../../src/providers/index.js';
import { fixtureJson, fixtureText } from '../support/fixtures.js';
import { config, instrument, providerFailure } from '../support/providerKit.js';
import { startQuoteServer, type QuoteServer } from '../support/quoteServer.js';

const HSI = instrument('HSI');
const T0 = Date.parse('2025-06-02T01:45:00Z');
/** The test config polls every minute. */
const POLL_PERIOD_MS = 60_000;

let yahooServer: QuoteServer;
let twelveServer: QuoteServer;

beforeEach(async () => {
  [yahooServer, twelveServer] = await Promise.all([startQuoteServer(), startQuoteServer()]);
  twelveServer.route('/time_series', { body: fixtureJson('twelvedata/time_series-hsi.json') });
  twelveServer.route('/quote', { body: fixtureJson('twelvedata/quote-hsi.json') });
});

afterEach(async () => {
  await Promise.all([yahooServer.close(), twelveServer.close()]);
});

function env(extra: Record<string, string> = {}) {
  return { YAHOO_BASE_URL: yahooServer.baseUrl, TWELVEDATA_BASE_URL: twelveServer.baseUrl, ...extra };
}

function withOrder(order: Config['providers']['order']): Config {
  return { ...config, providers: { ...config.providers, order } };
}

describe('createProviders', () => {
  it('sends requests to the base URLs from the environment, in the configured order', async () => {
    yahooServer.route('/v8/finance/chart/%5EHSI', { body: fixtureJson('yahoo/hsi-2025-06-02.json') });
    const chain = createProviders(config, env({ TWELVEDATA_API_KEY: 'k' }), () => T0, POLL_PERIOD_MS);
    expect((await chain.fetchQuote(HSI)).provider).toBe('yahoo');
    expect(chain.health().map((h) => h.name)).toEqual(['yahoo', 'twelvedata']);
    expect(yahooServer.requests).toHaveLength(1);
  });

  it('falls over from a rate-limited Yahoo to Twelve Data and reports both in health', async () => {
    yahooServer.route('/v8/finance/chart/%5EHSI', {
      status: 429,
      body: fixtureText('yahoo/too-many-requests.txt'),
    });
    const chain = createProviders(config, env({ TWELVEDATA_API_KEY: 'k' }), () => T0, POLL_PERIOD_MS);
    const quote = await chain.fetchQuote(HSI);
    expect(quote).toMatchObject({ provider: 'twelvedata', previousClose: 23289.76953 });
    expect(chain.activeProvider()).toBe('twelvedata');
    expect(chain.health()[0]).toMatchObject({
      name: 'yahoo',
      healthy: false,
      // The configured 30 s is shorter than the 60 s poll: the backoff is raised to 1.5 poll periods.
      retryAt: T0 + 90_000,
    });
  });

  it('GIVEN a backoff shorter than the poll period THEN a 429 keeps the provider away from the next poll', async () => {
    yahooServer.route('/v8/finance/chart/%5EHSI', { status: 429, body: 'Too Many Requests' });
    let clock = T0;
    const chain = createProviders(config, env({ TWELVEDATA_API_KEY: '' }), () => clock, POLL_PERIOD_MS);
    for (let poll = 0; poll < 6; poll += 1) {
      await chain.fetchQuote(HSI).catch(() => undefined);
      clock += 60_000;
    }
    // Polls at 0, 1, 2, 3, 4, 5 min: asked at 0, skipped at 1 (backoff 90 s), asked at 2, skipped at
    // 3 and 4 (180 s), asked at 5. Before the floor a 30 s backoff asked at every poll.
    expect(yahooServer.requests).toHaveLength(3);
  });

  it.each([
    ['seconds', { 'retry-after': '600' }],
    [
      'an HTTP date',
      { 'retry-after': 'Mon, 02 Jun 2025 01:55:15 GMT', date: 'Mon, 02 Jun 2025 01:45:15 GMT' },
    ],
  ])(
    'GIVEN a 429 with Retry-After in %s THEN the provider is not asked again before it',
    async (_form, headers) => {
      yahooServer.route('/v8/finance/chart/%5EHSI', { status: 429, headers, body: 'Too Many Requests' });
      let clock = T0;
      const chain = createProviders(config, env({ TWELVEDATA_API_KEY: '' }), () => clock, POLL_PERIOD_MS);
      await providerFailure(chain.fetchQuote(HSI));
      expect(chain.health()[0]).toMatchObject({ retryAt: T0 + 600_000 });
      clock = T0 + 599_000;
      await providerFailure(chain.fetchQuote(HSI));
      expect(yahooServer.requests).toHaveLength(1);
      clock = T0 + 600_000;
      await providerFailure(chain.fetchQuote(HSI));
      expect(yahooServer.requests).toHaveLength(2);
    },
  );

  it('leaves Twelve Data out without TWELVEDATA_API_KEY', () => {
    const chain = createProviders(config, env({ TWELVEDATA_API_KEY: '' }), () => T0, POLL_PERIOD_MS);
    expect(chain.health().map((h) => h.name)).toEqual(['yahoo']);
  });

  it('puts Twelve Data first when the order says so', async () => {
    const chain = createProviders(
      withOrder(['twelvedata', 'yahoo']),
      env({ TWELVEDATA_API_KEY: 'k' }),
      () => T0,
      POLL_PERIOD_MS,
    );
    expect((await chain.fetchQuote(HSI)).provider).toBe('twelvedata');
    expect(yahooServer.requests).toHaveLength(0);
  });

  it('refuses a configuration that enables no provider', () => {
    expect(() => createProviders(withOrder(['twelvedata']), env(), () => T0, POLL_PERIOD_MS)).toThrow(
      /TWELVEDATA_API_KEY is not set/,
    );
  });

  it('refuses a base URL override that is not a URL, naming the variable', () => {
    expect(() =>
      createProviders(config, { YAHOO_BASE_URL: 'query1 yahoo' }, () => T0, POLL_PERIOD_MS),
    ).toThrow(/YAHOO_BASE_URL/);
  });

  it('turns a total outage into one error that lists each provider', async () => {
    yahooServer.route('/v8/finance/chart/%5EHSI', { status: 503, body: '' });
    twelveServer.route('/time_series', { body: fixtureJson('twelvedata/error-401.json') });
    const chain = createProviders(config, env({ TWELVEDATA_API_KEY: 'k' }), () => T0, POLL_PERIOD_MS);
    const error = await providerFailure(chain.fetchQuote(HSI));
    expect(error.message).toMatch(
      /no provider could quote HSI:\n {2}- yahoo: HTTP 503[^\n]*\n {2}- twelvedata: API key rejected/,
    );
  });
});
