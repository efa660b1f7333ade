import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseFeedDate } from './feedDates.js';
import { emptySkips } from './feedItem.js';
import type { NewsItem, ParsedFeed } from './feedItem.js';

export type { NewsItem, ParsedFeed, SkipCounts } from './feedItem.js';
export { parseGdelt } from './gdelt.js';

export interface FeedOptions {
  /** IANA zone for dates written without an offset, and for reading "CST" (China or US Central). */
  readonly timeZone?: string;
}

// Entity expansion stays limited to XML's own five plus HTML's named and numeric ones (WordPress
// feeds such as the White House's write titles with &#8217;). A feed has no use for DOCTYPE
// entities, and they are how XML bombs inflate: the library's floor is one entity of one
// character (it raises 0 to 1), which cannot inflate anything since every reference to it is longer
// than its text; a second entity, or a longer one, fails the parse. The parser never reads
// external (SYSTEM) entities and refuses parameter entities, and entity values that reference
// other entities are never expanded, so nesting (billion laughs) cannot multiply either.
const ONE_HARMLESS_ENTITY = { maxEntityCount: 1, maxEntitySize: 1 } as const;
// Deeper than any RSS or Atom document; nesting past it fails the parse instead of growing a tree.
const MAX_NESTED_TAGS = 100;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  processEntities: ONE_HARMLESS_ENTITY,
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- its replacement, entityDecoder, needs an EntityDecoder from @nodable/entities, a transitive dependency we do not import
  htmlEntities: true,
  textNodeName: '#text',
  maxNestedTags: MAX_NESTED_TAGS,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

/**
 * Throws unless `xml` is well-formed. The parser alone accepts broken documents (an unclosed
 * <item> closed by </channel>), which would yield items cut at the wrong place.
 */
function assertWellFormed(xml: string): void {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- deprecated only in favour of the author's separate fast-xml-validator, which brings a second XML stack; this one still ships, and is still fixed, in fast-xml-parser 5
  const verdict = XMLValidator.validate(xml);
  if (verdict === true) return;
  const { code, msg, line, col } = verdict.err;
  const cause = Object.assign(new Error(msg), { code, line, col });
  throw new Error(`not well-formed XML (line ${line}, column ${col}: ${msg})`, { cause });
}

function parseXml(xml: string): unknown {
  try {
    return parser.parse(xml);
  } catch (err) {
    throw new Error(`XML refused by the parser (${(err as Error).message})`, { cause: err });
  }
}

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
  timeZone: string,
  pick: (r: Record<string, unknown>) => { title: string; link: string | null; date: string },
): ParsedFeed {
  const items: NewsItem[] = [];
  const skippedBy = emptySkips();
  for (const r of raw) {
    const { title, link, date } = pick(r);
    const publishedAt = parseFeedDate(date, timeZone);
    if (!title.trim()) skippedBy.noTitle++;
    else if (publishedAt === null) skippedBy.badDate++;
    else items.push({ source, title, link, publishedAt });
  }
  return { items, skipped: skippedBy.noTitle + skippedBy.badDate, skippedBy };
}

/**
 * Parses RSS 2.0 or Atom; an item without a title or a readable date is skipped and counted, never
 * the feed. Throws an Error saying what is wrong when the document is neither.
 */
export function parseFeedXml(source: string, xml: string, options: FeedOptions = {}): ParsedFeed {
  const timeZone = options.timeZone ?? 'UTC';
  assertWellFormed(xml);
  const doc = parseXml(xml) as {
    rss?: { channel?: { item?: Record<string, unknown>[] } };
    feed?: { entry?: Record<string, unknown>[] };
  };
  if (doc.rss) {
    return toItems(source, doc.rss.channel?.item ?? [], timeZone, (r) => ({
      title: text(r.title),
      link: Array.isArray(r.link) ? text(r.link[0]) || null : null,
      date: text(r.pubDate) || text(r['dc:date']),
    }));
  }
  if (doc.feed) {
    return toItems(source, doc.feed.entry ?? [], timeZone, (r) => ({
      title: text(r.title),
      link: atomLink(r.link),
      date: text(r.published) || text(r.updated),
    }));
  }
  throw new Error('neither an RSS <rss> nor an Atom <feed> document');
}
