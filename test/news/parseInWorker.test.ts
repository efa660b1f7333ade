import { afterAll, describe, expect, it } from 'vitest';
import { parseGdelt } from '../../src/news/gdelt.js';
import { parseFeedXml } from '../../src/news/parseFeed.js';
import { INLINE_MAX_CHARS, parseFeedOffThread, stopParseWorker } from '../../src/news/parseInWorker.js';
import { ITEMS_PER_MESSAGE } from '../../src/news/parseJob.js';
import type { ParseJob, ParseReply } from '../../src/news/parseJob.js';
import { startModuleWorker } from '../../src/workers/startWorker.js';
import { HEAVY_TEST_MS } from '../support/waitFor.js';

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

/**
 * Counts this thread's event-loop turns (a 1 ms timer re-armed each turn) while `work` is pending.
 * A parse on this thread would leave none; a count cannot be broken by load, as a time bound can.
 */
async function turnsWhile<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let timer = setTimeout(function turn() {
    turns += 1;
    timer = setTimeout(turn, 1);
  }, 1);
  try {
    const result = await work();
    return { result, turns };
  } finally {
    clearTimeout(timer);
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
  it(
    'GIVEN a 2 MB RSS feed of 10,000 items THEN the worker gives the inline items, and this thread keeps turning meanwhile',
    async () => {
      const xml = rssFeed(10_000);
      expect(Buffer.byteLength(xml)).toBeGreaterThan(1.8e6);
      const inline = parseFeedXml('wire', xml, { timeZone: 'Asia/Tokyo' });
      expect(inline.items).toHaveLength(9_900);

      const { result, turns } = await turnsWhile(() =>
        parseFeedOffThread('feed', 'wire', xml, { timeZone: 'Asia/Tokyo' }),
      );
      expect(result).toEqual(inline);
      expect(turns).toBeGreaterThan(0);
    },
    HEAVY_TEST_MS,
  );

  it(
    'GIVEN a big feed THEN the worker answers in slices of at most ITEMS_PER_MESSAGE items, so taking one in is short',
    async () => {
      const xml = rssFeed(3 * ITEMS_PER_MESSAGE);
      const inline = parseFeedXml('wire', xml);
      const worker = startModuleWorker(
        new URL('../../src/news/parseInWorker.ts', import.meta.url).href,
        'parseWorker',
      );
      try {
        const replies = await new Promise<ParseReply[]>((resolve, reject) => {
          const received: ParseReply[] = [];
          worker.on('message', (reply: ParseReply) => {
            received.push(reply);
            if (reply.type !== 'items') resolve(received);
          });
          worker.on('error', reject);
          const job: ParseJob = { id: 1, kind: 'feed', source: 'wire', text: xml, options: {} };
          worker.postMessage(job);
        });
        const slices = replies.flatMap((r) => (r.type === 'items' ? [r.items] : []));
        expect(slices.length).toBeGreaterThan(1);
        expect(Math.max(...slices.map((items) => items.length))).toBeLessThanOrEqual(ITEMS_PER_MESSAGE);
        expect(slices.flat()).toEqual(inline.items);
        expect(replies.at(-1)).toEqual({
          id: 1,
          type: 'done',
          skipped: inline.skipped,
          skippedBy: inline.skippedBy,
        });
      } finally {
        await worker.terminate();
      }
    },
    HEAVY_TEST_MS,
  );

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

  it(
    'GIVEN the worker stopped THEN the next big parse starts a fresh one',
    async () => {
      const xml = rssFeed(1_000);
      await stopParseWorker();
      await stopParseWorker();
      expect((await parseFeedOffThread('feed', 'wire', xml)).items).toHaveLength(990);
    },
    HEAVY_TEST_MS,
  );
});
