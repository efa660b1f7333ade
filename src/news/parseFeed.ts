import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isDayOnlyStamp, parseFeedDate } from './feedDates.js';
import { emptySkips } from './feedItem.js';
import type { NewsItem, ParsedFeed } from './feedItem.js';
import { plainText } from './feedText.js';

export type { NewsItem, ParsedFeed, SkipCounts } from './feedItem.js';
export { parseGdelt } from './gdelt.js';

/**
 * How precise a feed's stamps are. `auto`: a stamp without a time, or at midnight in the feed's zone,
 * is a day; `day`: every stamp is a day; `time`: every stamp is a minute, midnight included.
 */
export type DatePrecision = 'auto' | 'day' | 'time';

export interface FeedOptions {
  /** IANA zone for dates written without an offset, and for reading "CST" (China or US Central). */
  readonly timeZone?: string;
  readonly datePrecision?: DatePrecision;
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
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link' || name === 'category',
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

/** What one RSS item or Atom entry says, as text. */
interface RawEntry {
  readonly title: string;
  readonly link: string | null;
  readonly date: string;
  readonly body: string;
  readonly categories: readonly string[];
}

function isDayOnly(date: string, at: number, options: FeedOptions): boolean {
  const precision = options.datePrecision ?? 'auto';
  return precision === 'auto' ? isDayOnlyStamp(date, at, options.timeZone ?? 'UTC') : precision === 'day';
}

/** The item with only the fields it has: `exactOptionalPropertyTypes` keeps absent ones absent. */
function toItem(source: string, entry: RawEntry, publishedAt: number, options: FeedOptions): NewsItem {
  const body = plainText(entry.body);
  const categories = entry.categories.map((c) => plainText(c, 100)).filter(Boolean);
  return {
    source,
    title: entry.title,
    link: entry.link,
    publishedAt,
    ...(body ? { body } : {}),
    ...(categories.length > 0 ? { categories } : {}),
    ...(isDayOnly(entry.date, publishedAt, options) ? { dayOnly: true } : {}),
  };
}

function toItems(
  source: string,
  raw: readonly Record<string, unknown>[],
  options: FeedOptions,
  pick: (r: Record<string, unknown>) => RawEntry,
): ParsedFeed {
  const items: NewsItem[] = [];
  const skippedBy = emptySkips();
  for (const r of raw) {
    const entry = pick(r);
    const publishedAt = parseFeedDate(entry.date, options.timeZone ?? 'UTC');
    if (!entry.title.trim()) skippedBy.noTitle++;
    else if (publishedAt === null) skippedBy.badDate++;
    else items.push(toItem(source, entry, publishedAt, options));
  }
  return { items, skipped: skippedBy.noTitle + skippedBy.badDate, skippedBy };
}

/** RSS `<category>` text, or Atom `<category term label>`. */
function categoriesOf(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v
    .map((c: unknown) => {
      if (c && typeof c === 'object' && ('@label' in c || '@term' in c)) {
        const { '@label': label, '@term': term } = c as Record<string, unknown>;
        return text(label) || text(term);
      }
      return text(c);
    })
    .filter(Boolean);
}

/**
 * Parses RSS 2.0 or Atom; an item without a title or a readable date is skipped and counted, never
 * the feed. Throws an Error saying what is wrong when the document is neither.
 */
export function parseFeedXml(source: string, xml: string, options: FeedOptions = {}): ParsedFeed {
  assertWellFormed(xml);
  const doc = parseXml(xml) as {
    rss?: { channel?: { item?: Record<string, unknown>[] } };
    feed?: { entry?: Record<string, unknown>[] };
  };
  if (doc.rss) {
    return toItems(source, doc.rss.channel?.item ?? [], options, (r) => ({
      title: text(r.title),
      link: Array.isArray(r.link) ? text(r.link[0]) || null : null,
      date: text(r.pubDate) || text(r['dc:date']),
      body: text(r.description) || text(r['content:encoded']),
      categories: categoriesOf(r.category),
    }));
  }
  if (doc.feed) {
    return toItems(source, doc.feed.entry ?? [], options, (r) => ({
      title: text(r.title),
      link: atomLink(r.link),
      date: text(r.published) || text(r.updated),
      body: text(r.summary) || text(r.content),
      categories: categoriesOf(r.category),
    }));
  }
  throw new Error('neither an RSS <rss> nor an Atom <feed> document');
}
