import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { parseGdelt } from '../../src/news/gdelt.js';
import { parseFeedXml } from '../../src/news/parseFeed.js';
import { INLINE_MAX_CHARS, parseFeedOffThread, stopParseWorker } from '../../src/news/parseInWorker.js';

const NOW = Date.parse('2025-06-02T05:30:00Z');

/** A real RSS 2.0 feed of `count` items, ~200 bytes each; every 100th has no title, to be skipped. */
function rssFeed(count: number): string {
  const items = Array.from({ length: count }, (_, i) => {
    const title = i % 100 === 99 ? '' : `US raises tariffs on China imports worth $${i + 1}bn &amp; more`;
    const date = new Date(NOW - i * 1_000).toUTCString();
    return `<item><title>${title}</title><link>https://wire.example.org/n/${i}</link><guid isPermaLink="false">wire-${i}</guid><pubDate>${date}</pubDate></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example.org/</link><description>Trade news</description>${items.join('')}</channel></rss>`;
}

function gdeltBody(count: number): string {
  const articles = Array.from({ length: count }, (_, i) => ({
    url: `https://news.example.org/a/${i}`,
    title: `China threatens firm response , talks : day ${i}`,
    seendate: '20250602T013000Z',
    domain: 'news.example.org',
  }));
  return JSON.stringify({ articles });
}

/** The longest gap between ticks of a 5 ms interval on this thread while `work` runs. */
async function worstGapWhile<T>(work: () => Promise<T>): Promise<{ result: T; worstGapMs: number }> {
  let last = performance.now();
  let worstGapMs = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    worstGapMs = Math.max(worstGapMs, now - last);
    last = now;
  }, 5);
  try {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const result = await work();
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { result, worstGapMs };
  } finally {
    clearInterval(probe);
  }
}

const thrown = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw');
};

afterAll(async () => {
  await stopParseWorker();
});

describe('parseFeedOffThread', () => {
  it('GIVEN a 2 MB RSS feed of 10,000 items THEN the worker gives the inline items, and the event loop never stalls', async () => {
    const xml = rssFeed(10_000);
    expect(Buffer.byteLength(xml)).toBeGreaterThan(1.8e6);
    const inline = parseFeedXml('wire', xml, { timeZone: 'Asia/Tokyo' });
    expect(inline.items).toHaveLength(9_900);

    const { result, worstGapMs } = await worstGapWhile(() =>
      parseFeedOffThread('feed', 'wire', xml, { timeZone: 'Asia/Tokyo' }),
    );
    expect(result).toEqual(inline);
    expect(worstGapMs).toBeLessThan(100);
  }, 30_000);

  it('GIVEN a malformed big feed THEN the same error as inline, cause included', async () => {
    const xml = rssFeed(2_000).replace('</title><link>https://wire.example.org/n/1500', '<link>');
    expect(xml.length).toBeGreaterThan(INLINE_MAX_CHARS);
    const inline = thrown(() => parseFeedXml('wire', xml));
    const offThread = await parseFeedOffThread('feed', 'wire', xml).then(
      () => new Error('expected a rejection'),
      (err: unknown) => err as Error,
    );
    expect(offThread).toBeInstanceOf(Error);
    expect(offThread.message).toMatch(/^not well-formed XML/);
    expect([offThread.name, offThread.message]).toEqual([inline.name, inline.message]);
    expect((offThread.cause as Error).message).toBe((inline.cause as Error).message);
  });

  it('GIVEN a big body neither RSS nor Atom THEN the same error as inline', async () => {
    const xml = `<html>${'<p>x</p>'.repeat(10_000)}</html>`;
    await expect(parseFeedOffThread('feed', 'page', xml)).rejects.toThrow(
      thrown(() => parseFeedXml('page', xml)).message,
    );
  });

  it('GIVEN a big GDELT body THEN the inline articles; GDELT text THEN the inline error', async () => {
    const body = gdeltBody(5_000);
    expect(body.length).toBeGreaterThan(INLINE_MAX_CHARS);
    expect(await parseFeedOffThread('gdelt', 'gdelt', body)).toEqual(parseGdelt('gdelt', body));
    const text = `Invalid query. ${'x'.repeat(INLINE_MAX_CHARS)}`;
    await expect(parseFeedOffThread('gdelt', 'gdelt', text)).rejects.toThrow(
      /^GDELT answered with text, not JSON: "Invalid query/,
    );
  });

  it('GIVEN a small feed THEN it parses inline with the same result', async () => {
    const xml = rssFeed(20);
    expect(xml.length).toBeLessThan(INLINE_MAX_CHARS);
    expect(await parseFeedOffThread('feed', 'wire', xml)).toEqual(parseFeedXml('wire', xml));
    await expect(parseFeedOffThread('feed', 'wire', '<rss')).rejects.toThrow(/^not well-formed XML/);
  });

  it('GIVEN the worker stopped THEN the next big parse starts a fresh one', async () => {
    const xml = rssFeed(1_000);
    await stopParseWorker();
    await stopParseWorker();
    expect((await parseFeedOffThread('feed', 'wire', xml)).items).toHaveLength(990);
  });
});
