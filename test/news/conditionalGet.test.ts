import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NEWS_DEFAULTS } from '../../src/config/newsSchema.js';
import type { NewsConfig } from '../../src/config/newsSchema.js';
import { feedSchema } from '../../src/config/newsSourcesSchema.js';
import { createNewsPoller } from '../../src/news/newsPoller.js';
import { createNewsSources } from '../../src/news/newsSources.js';
import { silentLog } from '../support/silentLog.js';
import { startQuoteServer } from '../support/quoteServer.js';

const T = Date.parse('2025-06-02T02:16:00Z');
const SECOND = 1_000;
const RSS = { 'content-type': 'application/rss+xml; charset=utf-8' };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const rss = (titles: readonly string[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>${titles
    .map(
      (t, i) =>
        `<item><title>${t}</title><link>https://wire.example.org/${i}</link><pubDate>Mon, 02 Jun 2025 02:1${i}:00 GMT</pubDate></item>`,
    )
    .join('')}</channel></rss>`;

/**
 * A feed server as WordPress or a static file server answers: ETag and Last-Modified on every 200,
 * and 304 with no body when If-None-Match names the current version.
 */
async function validatingFeed() {
  let version = 1;
  let titles = ['US raises tariffs on Chinese goods to 84%'];
  const requests: IncomingHttpHeaders[] = [];
  const statuses: number[] = [];
  const server = createServer((req, res) => {
    requests.push(req.headers);
    const etag = `"v${version}"`;
    if (req.headers['if-none-match'] === etag) {
      statuses.push(304);
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    statuses.push(200);
    res.writeHead(200, { ...RSS, etag, 'last-modified': `Mon, 02 Jun 2025 02:1${version}:00 GMT` });
    res.end(rss(titles));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed/`,
    requests,
    statuses,
    publish(title: string) {
      version++;
      titles = [title, ...titles];
    },
  };
}

function newsWith(url: string): NewsConfig {
  return {
    ...NEWS_DEFAULTS,
    feeds: [feedSchema.parse({ id: 'wire', url })],
    publicInspection: { ...NEWS_DEFAULTS.publicInspection, enabled: false },
    gdelt: { ...NEWS_DEFAULTS.gdelt, enabled: false },
  };
}

function pollerFor(url: string, clock: { now: number }) {
  return createNewsPoller({
    sources: createNewsSources(newsWith(url), 'Mozilla/5.0 test', 2_000),
    backoff: NEWS_DEFAULTS.backoff,
    now: () => clock.now,
    log: silentLog,
    random: () => 0,
  });
}

describe('conditional GET', () => {
  it('GIVEN an unchanged feed THEN its ETag and Last-Modified go back, the 304 brings no body and no items, and the source stays healthy', async () => {
    const feed = await validatingFeed();
    const clock = { now: T };
    const poller = pollerFor(feed.url, clock);
    expect((await poller.poll()).map((i) => i.title)).toEqual(['US raises tariffs on Chinese goods to 84%']);
    expect(feed.requests[0]?.['if-none-match']).toBeUndefined();

    clock.now += 20 * SECOND;
    expect(await poller.poll()).toEqual([]);
    expect(feed.requests[1]).toMatchObject({
      'if-none-match': '"v1"',
      'if-modified-since': 'Mon, 02 Jun 2025 02:11:00 GMT',
    });
    expect(feed.statuses).toEqual([200, 304]);
    expect(poller.health()[0]).toMatchObject({
      healthy: true,
      consecutiveFailures: 0,
      lastSuccessAt: clock.now,
    });

    feed.publish('China retaliates with tariffs on US farm goods');
    clock.now += 20 * SECOND;
    const changed = await poller.poll();
    expect(changed.map((i) => i.title)).toContain('China retaliates with tariffs on US farm goods');
    expect(feed.statuses).toEqual([200, 304, 200]);
    expect(feed.requests[2]?.['if-none-match']).toBe('"v1"');
  });

  it('GIVEN a source polled before its interval has passed THEN no request is made', async () => {
    const feed = await validatingFeed();
    const clock = { now: T };
    const poller = pollerFor(feed.url, clock);
    await poller.poll();
    for (const seconds of [5, 10, 17]) {
      clock.now = T + seconds * SECOND;
      await poller.poll();
    }
    expect(feed.requests).toHaveLength(1);
    clock.now = T + 20 * SECOND;
    await poller.poll();
    expect(feed.requests).toHaveLength(2);
  });
});

describe('rate limits', () => {
  it.each([
    ['429', 429],
    ['503', 503],
  ])(
    'GIVEN a %s with Retry-After: 120 THEN the source is left alone 120 s (not the 60 s backoff), then asked and read',
    async (_label, status) => {
      const server = await startQuoteServer();
      closers.push(() => server.close());
      server.route(
        '/feed',
        { status, headers: { ...RSS, 'retry-after': '120' }, body: 'slow down' },
        { headers: RSS, body: rss(['US raises tariffs on Chinese goods to 84%']) },
      );
      const clock = { now: T };
      const poller = pollerFor(`${server.baseUrl}/feed`, clock);
      expect(await poller.poll()).toEqual([]);
      expect(poller.health()[0]).toMatchObject({ healthy: false, retryAt: T + 120 * SECOND });
      for (const seconds of [20, 60, 119]) {
        clock.now = T + seconds * SECOND;
        await poller.poll();
      }
      expect(server.requests).toHaveLength(1);
      clock.now = T + 120 * SECOND;
      expect(await poller.poll()).toHaveLength(1);
      expect(server.requests).toHaveLength(2);
      expect(poller.health()[0]).toMatchObject({ healthy: true, consecutiveFailures: 0 });
    },
  );
});
