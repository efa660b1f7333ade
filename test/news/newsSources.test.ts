import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NEWS_DEFAULTS } from '../../src/config/newsSchema.js';
import type { NewsConfig } from '../../src/config/newsSchema.js';
import { createNewsPoller } from '../../src/news/newsPoller.js';
import { createNewsSources } from '../../src/news/newsSources.js';
import { fixtureText } from '../support/fixtures.js';
import { startQuoteServer } from '../support/quoteServer.js';
import type { QuoteServer } from '../support/quoteServer.js';
import { silentLog } from '../support/silentLog.js';

const UA = 'Mozilla/5.0 test';
const RSS = { 'content-type': 'application/rss+xml; charset=utf-8' };
const ATOM = { 'content-type': 'application/atom+xml' };

let server: QuoteServer;
beforeEach(async () => {
  server = await startQuoteServer();
});
afterEach(async () => {
  await server.close();
});

function news(feeds: { id: string; path: string }[], gdelt = false): NewsConfig {
  return {
    ...NEWS_DEFAULTS,
    feeds: feeds.map((f) => ({ id: f.id, url: `${server.baseUrl}${f.path}`, kind: 'auto' as const })),
    gdelt: { ...NEWS_DEFAULTS.gdelt, enabled: gdelt, baseUrl: server.baseUrl },
  };
}

async function fetchOne(path: string) {
  const [source] = createNewsSources(news([{ id: 'feed', path }]), UA, 1_000);
  return source?.fetch();
}

describe('news sources over HTTP', () => {
  it('GIVEN an RSS feed THEN items with titles, links and times; undated ones are skipped and counted', async () => {
    server.route('/rss', { headers: RSS, body: fixtureText('news/mofcom.rss.xml') });
    const parsed = await fetchOne('/rss');
    expect(parsed?.items.map((i) => [i.title.slice(0, 40), i.publishedAt])).toEqual([
      ['MOFCOM spokesperson: US seriously violat', Date.parse('2025-06-02T02:00:00Z')],
      ['China-ASEAN Expo to open in Nanning in S', Date.parse('2025-06-02T01:30:00Z')],
    ]);
    expect(parsed?.items[0]?.link).toBe(
      'http://english.mofcom.gov.cn/newsrelease/press/202506/20250602.shtml',
    );
    expect(parsed?.skipped).toBe(1);
    expect(server.requests[0]?.headers['user-agent']).toBe(UA);
  });

  it('GIVEN an Atom feed THEN entries with their alternate link and published time', async () => {
    server.route('/atom', { headers: ATOM, body: fixtureText('news/markets.atom.xml') });
    const parsed = await fetchOne('/atom');
    expect(parsed?.items[0]).toEqual({
      source: 'feed',
      title: 'China accuses US of "serious" trade truce breach, threatens firm response - Markets Wire',
      link: 'https://news.example.org/china/trade-truce-breach',
      publishedAt: Date.parse('2025-06-02T02:03:00Z'),
    });
    expect(parsed?.items[1]?.publishedAt).toBe(Date.parse('2025-06-02T01:55:00Z'));
  });

  it('GIVEN GDELT THEN the artlist query is sent and articles come back with their seen date', async () => {
    server.route('/api/v2/doc/doc', { body: JSON.parse(fixtureText('news/gdelt-artlist.json')) as unknown });
    const sources = createNewsSources(news([], true), UA, 1_000);
    const parsed = await sources[0]?.fetch();
    expect(parsed?.items).toHaveLength(3);
    expect(parsed?.items[0]?.publishedAt).toBe(Date.parse('2025-06-02T02:15:00Z'));
    const q = server.requests[0]?.query;
    expect([q?.get('mode'), q?.get('format')]).toEqual(['artlist', 'json']);
    expect(q?.get('query')).toContain('trade truce');
  });

  it.each([
    ['bad XML', { headers: RSS, body: fixtureText('news/broken.rss.xml') }, /not well-formed XML/],
    [
      'an HTML error page with 200',
      { headers: { 'content-type': 'text/html' }, body: fixtureText('news/error-page.html') },
      /Service Temporarily Unavailable|HTML/i,
    ],
    [
      'a wrong content type',
      { headers: { 'content-type': 'image/png' }, body: 'PNG' },
      /answered with image\/png/,
    ],
    [
      'a huge body',
      { headers: RSS, body: `<rss>${'x'.repeat(6 * 1024 * 1024)}</rss>` },
      /more than \d+ bytes/,
    ],
    [
      'an entity bomb',
      { headers: RSS, body: fixtureText('news/bomb.rss.xml') },
      /not well-formed XML \(Entity count/,
    ],
    ['a 500', { status: 500, headers: RSS, body: 'oops' }, /500|unavailable/i],
  ])('GIVEN %s THEN the fetch fails with a clear, typed error', async (_label, reply, message) => {
    server.route('/feed', reply);
    const error = await fetchOne('/feed').then(
      () => null,
      (err: unknown) => err as Error,
    );
    expect(error?.message).toMatch(message);
  });

  it('GIVEN a redirect loop THEN it stops at the redirect limit', async () => {
    server.route('/loop', { status: 302, headers: { location: '/loop' }, body: '' });
    await expect(fetchOne('/loop')).rejects.toThrow(/redirected too often/);
    expect(server.requests.length).toBeLessThanOrEqual(4);
  });

  it('GIVEN GDELT answering with text THEN a clear error', async () => {
    server.route('/api/v2/doc/doc', { body: fixtureText('news/gdelt-error.txt') });
    const [source] = createNewsSources(news([], true), UA, 1_000);
    await expect(source?.fetch()).rejects.toThrow(/GDELT answered with text, not JSON: "Invalid query/);
  });
});

describe('news poller', () => {
  it('GIVEN one broken source THEN the others still deliver and only it backs off', async () => {
    server.route('/good', { headers: RSS, body: fixtureText('news/mofcom.rss.xml') });
    server.route('/bad', { headers: RSS, body: fixtureText('news/broken.rss.xml') });
    let now = 1_000_000;
    const poller = createNewsPoller({
      sources: createNewsSources(
        news([
          { id: 'good', path: '/good' },
          { id: 'bad', path: '/bad' },
        ]),
        UA,
        1_000,
      ),
      backoff: { initialSeconds: 60, maxSeconds: 600 },
      now: () => now,
      log: silentLog,
    });
    expect(await poller.poll()).toHaveLength(2);
    const [good, bad] = poller.health();
    expect(good).toMatchObject({ source: 'good', healthy: true, skippedItems: 1 });
    expect(bad).toMatchObject({
      source: 'bad',
      healthy: false,
      consecutiveFailures: 1,
      retryAt: now + 60_000,
    });
    expect(bad?.lastError).toMatch(/not well-formed XML/);

    const before = server.requests.filter((r) => r.path === '/bad').length;
    now += 30_000;
    await poller.poll();
    expect(server.requests.filter((r) => r.path === '/bad').length).toBe(before);
    server.route('/bad', { headers: RSS, body: fixtureText('news/mofcom.rss.xml') });
    now += 31_000;
    await poller.poll();
    expect(poller.health()[1]).toMatchObject({ healthy: true, consecutiveFailures: 0 });
  });
});
