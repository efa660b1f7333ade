import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import { z } from 'zod';

/** One headline as a source gave it, before scoring. Times are epoch ms. */
export interface NewsItem {
  readonly source: string;
  readonly title: string;
  readonly link: string | null;
  readonly publishedAt: number;
}

export interface ParsedFeed {
  readonly items: NewsItem[];
  /** Items dropped for a missing title or an unreadable date. */
  readonly skipped: number;
}

// Entity expansion stays limited to XML's own five: a feed cannot inflate itself.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  processEntities: true,
  textNodeName: '#text',
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

const text = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number'
    ? String(v)
    : v && typeof v === 'object' && '#text' in v
      ? String(v['#text'])
      : '';

function atomLink(links: unknown): string | null {
  if (!Array.isArray(links)) return null;
  const candidates = links as Record<string, unknown>[];
  const alternate =
    candidates.find((l) => l['@rel'] === undefined || l['@rel'] === 'alternate') ?? candidates[0];
  const href = alternate?.['@href'];
  return typeof href === 'string' ? href : null;
}

function toItems(
  source: string,
  raw: readonly Record<string, unknown>[],
  pick: (r: Record<string, unknown>) => { title: string; link: string | null; date: string },
): ParsedFeed {
  const items: NewsItem[] = [];
  let skipped = 0;
  for (const r of raw) {
    const { title, link, date } = pick(r);
    const publishedAt = Date.parse(date);
    if (!title.trim() || Number.isNaN(publishedAt)) skipped++;
    else items.push({ source, title, link, publishedAt });
  }
  return { items, skipped };
}

/** Parses RSS 2.0 or Atom; throws an Error saying what is wrong when it is neither. */
export function parseFeedXml(source: string, xml: string): ParsedFeed {
  try {
    // No DOCTYPE entities at all: a feed has no use for them, and they are how XML bombs inflate.
    SyntaxValidator.validate(xml, { docType: { maxEntityCount: 0 } });
  } catch (err) {
    throw new Error(`not well-formed XML (${(err as Error).message})`, { cause: err });
  }
  const doc = parser.parse(xml) as {
    rss?: { channel?: { item?: Record<string, unknown>[] } };
    feed?: { entry?: Record<string, unknown>[] };
  };
  if (doc.rss) {
    return toItems(source, doc.rss.channel?.item ?? [], (r) => ({
      title: text(r.title),
      link: Array.isArray(r.link) ? text(r.link[0]) || null : null,
      date: text(r.pubDate) || text(r['dc:date']),
    }));
  }
  if (doc.feed) {
    return toItems(source, doc.feed.entry ?? [], (r) => ({
      title: text(r.title),
      link: atomLink(r.link),
      date: text(r.published) || text(r.updated),
    }));
  }
  throw new Error('neither an RSS <rss> nor an Atom <feed> document');
}

const gdeltSchema = z.object({
  articles: z
    .array(
      z.object({ url: z.string(), title: z.string(), seendate: z.string().regex(/^\d{8}T\d{6}Z$/) }).loose(),
    )
    .default([]),
});

/** GDELT DOC 2.0 artlist JSON; `seendate` is like 20250602T021500Z. An empty result is `{}`. */
export function parseGdelt(source: string, body: string): ParsedFeed {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error(`GDELT answered with text, not JSON: "${body.slice(0, 80).trim()}"`);
  }
  const parsed = gdeltSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`unexpected GDELT JSON (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return toItems(source, parsed.data.articles, (a) => {
    const d = String(a.seendate);
    return {
      title: String(a.title),
      link: String(a.url),
      date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`,
    };
  });
}
