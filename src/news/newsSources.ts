import type { NewsConfig } from '../config/newsSchema.js';
import { providerError } from '../http/errors.js';
import type { RequestContext } from '../http/errors.js';
import { createHttpClient } from '../http/http.js';
import { conditionalGet } from './conditionalGet.js';
import { followPublicRedirectsOnly } from './redirectGuard.js';
import type { ParsedFeed } from './feedItem.js';
import { parseFeedOffThread } from './parseInWorker.js';
import type { FeedKind, SourceOptions } from './parseJob.js';

/** A place headlines come from: one feed, the public-inspection desk, or GDELT. */
export interface NewsSource {
  readonly id: string;
  /** How long after one poll the source is due again (the poller takes up to 10 % off). */
  readonly intervalMs: number;
  /** Fetches, conditionally: an unchanged source answers `notModified` with no items. */
  fetch(): Promise<ParsedFeed>;
  /** Reads a saved body of this source exactly as a fetched one (`npm run news` on files). */
  parse(body: string): Promise<ParsedFeed>;
}

/** Everything a source needs from the config: where, how often, and how its body is read. */
export interface SourceSpec {
  readonly id: string;
  readonly kind: FeedKind;
  readonly intervalSeconds: number;
  readonly options: SourceOptions;
  readonly baseUrl: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string | number>>;
  /** Throws when the answer's content type cannot carry this kind of body. */
  readonly checkType?: (contentType: string, ctx: RequestContext) => void;
}

const NOT_MODIFIED: ParsedFeed = { items: [], skipped: 0, notModified: true };

const XML_TYPES = /xml|rss|atom/i;

function checkXmlType(type: string, ctx: RequestContext): void {
  if (type && !XML_TYPES.test(type) && !/^text\/plain/i.test(type)) {
    throw providerError(
      ctx,
      'BAD_RESPONSE',
      true,
      `feed ${ctx.symbol} answered with ${type}, not XML; check its URL`,
    );
  }
}

/** A source for one spec, fetching with the bot's HTTP client (timeouts, size limit, content checks). */
export function createNewsSource(spec: SourceSpec, userAgent: string, timeoutMs: number): NewsSource {
  // A feed may redirect only to a public address, unless its configured URL is itself local.
  const http = followPublicRedirectsOnly(
    createHttpClient({ baseUrl: spec.baseUrl, timeoutMs, userAgent }),
    spec.baseUrl,
  );
  const ctx = { provider: 'news', symbol: spec.id, path: spec.path };
  const get = conditionalGet(http, ctx);
  async function parse(body: string): Promise<ParsedFeed> {
    try {
      return await parseFeedOffThread(spec.kind, spec.id, body, spec.options);
    } catch (err) {
      throw providerError(ctx, 'BAD_RESPONSE', true, `${spec.id}: ${(err as Error).message}`);
    }
  }
  return {
    id: spec.id,
    intervalMs: spec.intervalSeconds * 1000,
    parse,
    async fetch() {
      const feed = await get.get(spec.params, (res) => {
        spec.checkType?.(String(res.headers['content-type'] ?? ''), ctx);
        return parse(res.data);
      });
      return feed ?? NOT_MODIFIED;
    },
  };
}

type FeedConfig = NewsConfig['feeds'][number];

/** How a feed of the config is fetched and read; the CLI reads saved copies of it the same way. */
export function feedSpec(feed: FeedConfig): SourceSpec {
  return {
    id: feed.id,
    kind: 'feed',
    intervalSeconds: feed.intervalSeconds,
    options: { timeZone: feed.timeZone, datePrecision: feed.datePrecision },
    baseUrl: feed.url,
    path: '',
    params: {},
    checkType: checkXmlType,
  };
}

export const PUBLIC_INSPECTION_ID = 'federal-register-public-inspection';

function publicInspectionSpec(desk: NewsConfig['publicInspection']): SourceSpec {
  return {
    id: PUBLIC_INSPECTION_ID,
    kind: 'public-inspection',
    intervalSeconds: desk.intervalSeconds,
    options: { agencies: desk.agencies, presidentialDocuments: desk.presidentialDocuments },
    baseUrl: desk.url,
    path: '',
    params: {},
  };
}

function gdeltSpec(gdelt: NewsConfig['gdelt']): SourceSpec {
  return {
    id: 'gdelt',
    kind: 'gdelt',
    intervalSeconds: gdelt.intervalSeconds,
    options: {},
    baseUrl: gdelt.baseUrl,
    path: '/api/v2/doc/doc',
    params: {
      query: gdelt.query,
      mode: 'artlist',
      format: 'json',
      timespan: gdelt.timespan,
      maxrecords: gdelt.maxRecords,
      sort: 'datedesc',
    },
  };
}

/** The specs of every enabled source of the config: feeds, then the desk, then GDELT. */
export function sourceSpecs(news: NewsConfig): SourceSpec[] {
  return [
    ...news.feeds.filter((f) => f.enabled).map(feedSpec),
    ...(news.publicInspection.enabled ? [publicInspectionSpec(news.publicInspection)] : []),
    ...(news.gdelt.enabled ? [gdeltSpec(news.gdelt)] : []),
  ];
}

/** Every enabled source of the config. Base URLs may be overridden in it (tests, proxies). */
export function createNewsSources(news: NewsConfig, userAgent: string, timeoutMs: number): NewsSource[] {
  return sourceSpecs(news).map((spec) => createNewsSource(spec, userAgent, timeoutMs));
}
