import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { newsSchema } from '../config/newsSchema.js';
import type { NewsConfig } from '../config/newsSchema.js';
import { createNewsSources } from '../news/newsSources.js';
import { parseFeedXml, parseGdelt } from '../news/parseFeed.js';
import type { NewsItem } from '../news/parseFeed.js';

/** A feed or GDELT response named on the command line: a saved file or a URL. */
export interface NewsInput {
  readonly kind: 'feed' | 'gdelt';
  readonly location: string;
}

/** Something the person can fix (a missing file, a dead URL): reported in one line, exit 1. */
export class NewsInputError extends Error {}

const isUrl = (location: string) => /^https?:\/\//i.test(location);

/**
 * The source id items are filed under (and remembered by with --state): the file's name without
 * extensions, or the URL's host and path, so the same input is the same source on every run.
 */
export function sourceId(input: NewsInput): string {
  if (input.kind === 'gdelt') return 'gdelt';
  if (!isUrl(input.location)) return basename(input.location).replace(/\..*$/, '') || 'feed';
  const url = new URL(input.location);
  return `${url.host}${url.pathname}`.replace(/\/+$/, '');
}

function readSaved(input: NewsInput, id: string): NewsItem[] {
  let text: string;
  try {
    text = readFileSync(input.location, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new NewsInputError(`cannot read ${input.location} (${code}); check the path`);
  }
  try {
    return (input.kind === 'gdelt' ? parseGdelt(id, text) : parseFeedXml(id, text)).items;
  } catch (err) {
    throw new NewsInputError(`${input.location}: ${(err as Error).message}`);
  }
}

/** URLs go through the bot's own source code (timeouts, size limits, content checks). */
async function fetchRemote(
  input: NewsInput,
  id: string,
  news: NewsConfig,
  userAgent: string,
): Promise<NewsItem[]> {
  const config: NewsConfig =
    input.kind === 'gdelt'
      ? {
          ...news,
          feeds: [],
          gdelt: { ...news.gdelt, enabled: true, baseUrl: new URL(input.location).origin },
        }
      : {
          ...news,
          feeds: newsSchema.parse({ feeds: [{ id, url: input.location }] }).feeds,
          gdelt: { ...news.gdelt, enabled: false },
        };
  const [source] = createNewsSources(config, userAgent, news.timeoutMs);
  try {
    return source ? (await source.fetch()).items : [];
  } catch (err) {
    throw new NewsInputError(`cannot fetch ${input.location}: ${(err as Error).message}`);
  }
}

/** Every input's items, in the order given. Throws NewsInputError for the first that cannot be read. */
export async function loadNewsInputs(
  inputs: readonly NewsInput[],
  news: NewsConfig,
  userAgent: string,
): Promise<NewsItem[]> {
  const items: NewsItem[] = [];
  for (const input of inputs) {
    const id = sourceId(input);
    items.push(
      ...(isUrl(input.location) ? await fetchRemote(input, id, news, userAgent) : readSaved(input, id)),
    );
  }
  return items;
}
