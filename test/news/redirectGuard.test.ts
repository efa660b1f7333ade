import type { LookupAddress } from 'node:dns';
import type { AxiosRequestConfig } from 'axios';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NEWS_DEFAULTS } from '../../src/config/newsSchema.js';
import { isLocalUrl, isPublicAddress } from '../../src/news/publicAddress.js';
import { followPublicRedirectsOnly, publicOnlyLookup } from '../../src/news/redirectGuard.js';
import { createNewsSources } from '../../src/news/newsSources.js';
import { createHttpClient, getText } from '../../src/http/http.js';
import { fixtureText } from '../support/fixtures.js';
import { startQuoteServer } from '../support/quoteServer.js';
import type { QuoteServer } from '../support/quoteServer.js';

const RSS = { 'content-type': 'application/rss+xml; charset=utf-8' };

/** A resolver with fixed answers: a name a feed may use, and one that points inside this machine. */
function fakeDns(answers: Record<string, string[]>) {
  return (
    hostname: string,
    _options: unknown,
    done: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
  ) => {
    const found = answers[hostname];
    if (!found) {
      done(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
      return;
    }
    done(
      null,
      found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };
}

let server: QuoteServer;
let port: string;
beforeEach(async () => {
  server = await startQuoteServer();
  port = new URL(server.baseUrl).port;
  server.route('/internal.rss', { headers: RSS, body: fixtureText('news/outlet-a.rss.xml') });
});
afterEach(async () => {
  await server.close();
});

/**
 * A feed configured on a public-looking name (feeds.example, which this test's DNS points at the
 * local server) whose answer is a redirect to `location`; fetched as a feed source fetches it.
 */
async function fetchRedirectedTo(location: string): Promise<string> {
  server.route('/feed', { status: 302, headers: { location } });
  const dns = fakeDns({ 'feeds.example': ['127.0.0.1'], 'internal.example': ['127.0.0.1'] });
  const configured = `http://feeds.example:${port}/feed`;
  const http = followPublicRedirectsOnly(
    createHttpClient({ baseUrl: configured, timeoutMs: 2_000, userAgent: 'test' }),
    configured,
    dns,
  );
  // The first hop reaches the local server through this stand-in for DNS; later hops get the guard's lookup.
  const firstHop: NonNullable<AxiosRequestConfig['lookup']> = (hostname, _options, done) => {
    if (hostname === 'feeds.example') done(null, { address: '127.0.0.1', family: 4 });
    else done(new Error(`unexpected first hop to ${hostname}`), []);
  };
  http.defaults.lookup = firstHop;
  const ctx = { provider: 'news', symbol: 'feed', path: '' };
  return getText(http, ctx, {}).then(
    (res) => `fetched ${res.status}`,
    (err: unknown) => (err as Error).message,
  );
}

describe('feed redirects', () => {
  it.each(['127.0.0.2', '[::1]'])(
    'GIVEN a public feed redirecting to %s THEN the redirect is refused',
    async (host) => {
      const outcome = await fetchRedirectedTo(`http://${host}:${port}/internal.rss`);
      expect(outcome).toContain(`redirect to ${host.replace(/[[\]]/g, '')} refused: not a public address`);
    },
  );

  it('GIVEN a public feed redirecting to a name that resolves inside this machine THEN it is refused before connecting', async () => {
    const outcome = await fetchRedirectedTo(`http://internal.example:${port}/internal.rss`);
    expect(outcome).toContain(
      'redirect to internal.example refused: it resolves to 127.0.0.1, not a public address',
    );
    expect(server.requests.map((r) => r.path)).toEqual(['/feed']);
  });

  it('GIVEN a local configured feed redirecting locally THEN the redirect is followed (a local URL is trusted)', async () => {
    server.route('/feed', { status: 302, headers: { location: `${server.baseUrl}/internal.rss` } });
    const feeds = [
      {
        id: 'local',
        url: `${server.baseUrl}/feed`,
        kind: 'auto' as const,
        timeZone: 'UTC',
        enabled: true,
        datePrecision: 'auto' as const,
        intervalSeconds: 20,
      },
    ];
    const [source] = createNewsSources({ ...NEWS_DEFAULTS, feeds }, 'test', 2_000);
    const parsed = await source?.fetch();
    expect(parsed?.items.length).toBeGreaterThan(0);
    expect(server.requests.map((r) => r.path)).toEqual(['/feed', '/internal.rss']);
  });
});

describe('the connect-time lookup', () => {
  const lookUp = (answers: string[], all: boolean) =>
    new Promise<{ err: Error | null; result: unknown }>((resolve) => {
      publicOnlyLookup(fakeDns({ 'mirror.example': answers }))('mirror.example', { all }, (err, result) =>
        resolve({ err, result }),
      );
    });

  it('GIVEN a name with only public addresses THEN its addresses are returned', async () => {
    expect(await lookUp(['93.184.216.34'], false)).toEqual({ err: null, result: '93.184.216.34' });
    const both = await lookUp(['93.184.216.34', '2606:2800:220:1::1'], true);
    expect(both.result).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1::1', family: 6 },
    ]);
  });

  it('GIVEN a name with one private address among public ones THEN the lookup fails', async () => {
    const { err } = await lookUp(['93.184.216.34', '169.254.169.254'], true);
    expect(err?.message).toMatch(/^redirect to mirror\.example refused: it resolves to 169\.254\.169\.254/);
  });
});

describe('public addresses', () => {
  it.each([
    ['127.0.0.2', false],
    ['169.254.169.254', false],
    ['10.0.0.1', false],
    ['172.16.5.4', false],
    ['192.168.1.1', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['::1', false],
    ['::ffff:7f00:1', false],
    ['fd12:3456::1', false],
    ['fe80::1', false],
    ['93.184.216.34', true],
    ['2606:2800:220:1::1', true],
    ['not-an-address', false],
  ])('GIVEN %s THEN public is %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it('GIVEN configured URLs THEN only loopback, private and localhost ones count as local', () => {
    expect(isLocalUrl('http://127.0.0.1:8080/feed')).toBe(true);
    expect(isLocalUrl('http://[::1]/feed')).toBe(true);
    expect(isLocalUrl('http://localhost:3000/feed')).toBe(true);
    expect(isLocalUrl('https://www.federalregister.gov/api/v1/documents.rss')).toBe(false);
  });
});
