import type { AxiosInstance } from 'axios';
import type { NewsConfig } from '../config/newsSchema.js';
import { providerError } from '../providers/errors.js';
import { checkResponse, createHttpClient, getText } from '../providers/http.js';
import type { ParsedFeed } from './feedItem.js';
import { parseFeedOffThread } from './parseInWorker.js';
import { followPublicRedirectsOnly } from './redirectGuard.js';

/** A place headlines come from: one feed, or GDELT. */
export interface NewsSource {
  readonly id: string;
  fetch(): Promise<ParsedFeed>;
}

const XML_TYPES = /xml|rss|atom/i;

type FeedConfig = NewsConfig['feeds'][number];

function feedSource(feed: FeedConfig, userAgent: string, timeoutMs: number): NewsSource {
  const { id, url, timeZone } = feed;
  const http: AxiosInstance = followPublicRedirectsOnly(
    createHttpClient({ baseUrl: url, timeoutMs, userAgent }),
    url,
  );
  const ctx = { provider: 'news', symbol: id, path: '' };
  return {
    id,
    async fetch() {
      const res = await getText(http, ctx, {});
      checkResponse(res, ctx);
      const type = String(res.headers['content-type'] ?? '');
      if (type && !XML_TYPES.test(type) && !/^text\/plain/i.test(type)) {
        throw providerError(
          ctx,
          'BAD_RESPONSE',
          true,
          `feed ${id} answered with ${type}, not XML; check its URL`,
        );
      }
      try {
        return await parseFeedOffThread('feed', id, res.data, { timeZone });
      } catch (err) {
        throw providerError(ctx, 'BAD_RESPONSE', true, `feed ${id}: ${(err as Error).message}`);
      }
    },
  };
}

function gdeltSource(gdelt: NewsConfig['gdelt'], userAgent: string, timeoutMs: number): NewsSource {
  const http = followPublicRedirectsOnly(
    createHttpClient({ baseUrl: gdelt.baseUrl, timeoutMs, userAgent }),
    gdelt.baseUrl,
  );
  const ctx = { provider: 'news', symbol: 'gdelt', path: '/api/v2/doc/doc' };
  return {
    id: 'gdelt',
    async fetch() {
      const params = {
        query: gdelt.query,
        mode: 'artlist',
        format: 'json',
        timespan: gdelt.timespan,
        maxrecords: gdelt.maxRecords,
        sort: 'datedesc',
      };
      const res = await getText(http, ctx, params);
      checkResponse(res, ctx);
      try {
        return await parseFeedOffThread('gdelt', 'gdelt', res.data);
      } catch (err) {
        throw providerError(ctx, 'BAD_RESPONSE', true, (err as Error).message);
      }
    },
  };
}

/** Every configured source; GDELT only when enabled. The base URL may be overridden (tests, proxies). */
export function createNewsSources(news: NewsConfig, userAgent: string, timeoutMs: number): NewsSource[] {
  const feeds = news.feeds.map((f) => feedSource(f, userAgent, timeoutMs));
  return news.gdelt.enabled ? [...feeds, gdeltSource(news.gdelt, userAgent, timeoutMs)] : feeds;
}
