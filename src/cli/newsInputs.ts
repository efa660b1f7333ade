import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { feedSchema } from '../config/newsSourcesSchema.js';
import type { NewsConfig } from '../config/newsSchema.js';
import type { NewsItem } from '../news/feedItem.js';
import {
  createNewsSource,
  feedSpec,
  PUBLIC_INSPECTION_ID,
  sourceSpecs,
  type SourceSpec,
} from '../news/newsSources.js';

/** A feed, desk or GDELT response named on the command line: a saved file or a URL. */
export interface NewsInput {
  readonly kind: 'feed' | 'gdelt' | 'public-inspection';
  /** `[<feed id>=]<file|url>` for a feed; `<file|url>` otherwise. */
  readonly location: string;
}

/** Something the person can fix (a missing file, a dead URL, an unknown feed id): one line, exit 1. */
export class NewsInputError extends Error {}

/** What the run reads: the items, and a note per input read with assumptions (an unconfigured feed). */
export interface LoadedInputs {
  readonly items: NewsItem[];
  readonly notes: string[];
}

const isUrl = (location: string) => /^https?:\/\//i.test(location);

/** `federal-register-bis=saved.xml` names the configured feed a saved copy belongs to. */
function splitNamed(input: NewsInput): { id: string | null; location: string } {
  const named = input.kind === 'feed' ? /^([\w.-]+)=(.+)$/.exec(input.location) : null;
  return named ? { id: named[1] ?? null, location: named[2] ?? '' } : { id: null, location: input.location };
}

/**
 * The source id items of an unconfigured input are filed under (and remembered by with --state): the
 * name given, the file's name without extensions, or the URL's host and path, so the same input is
 * the same source on every run. A configured feed's URL is filed under the feed's id, as the bot files it.
 */
export function sourceId(input: NewsInput): string {
  if (input.kind === 'gdelt') return 'gdelt';
  if (input.kind === 'public-inspection') return PUBLIC_INSPECTION_ID;
  const { id, location } = splitNamed(input);
  if (id !== null) return id;
  if (!isUrl(location)) return basename(location).replace(/\..*$/, '') || 'feed';
  const url = new URL(location);
  return `${url.host}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * The configured source an input is a copy of, so it is read as the bot reads that source (time zone,
 * date precision, agencies): by the id given, else by file name or URL; null for an unknown feed.
 */
function configuredSpec(input: NewsInput, news: NewsConfig): SourceSpec | null {
  const all = sourceSpecs({
    ...news,
    feeds: news.feeds.map((f) => ({ ...f, enabled: true })),
    publicInspection: { ...news.publicInspection, enabled: true },
    gdelt: { ...news.gdelt, enabled: true },
  });
  if (input.kind !== 'feed') return all.find((s) => s.kind === input.kind) ?? null;
  const { id, location } = splitNamed(input);
  const byId = all.find((s) => s.kind === 'feed' && s.id === (id ?? sourceId(input)));
  if (id !== null && !byId)
    throw new NewsInputError(
      `no feed "${id}" in news.feeds of the config; use one of its ids or give the file alone`,
    );
  return byId ?? all.find((s) => s.kind === 'feed' && s.baseUrl === location) ?? null;
}

/** The spec an input is read with: its configured source (its id too), or a feed with the schema's defaults. */
function specFor(input: NewsInput, news: NewsConfig, notes: string[]): SourceSpec {
  const { location } = splitNamed(input);
  const configured = configuredSpec(input, news);
  if (configured) {
    const where = input.kind === 'gdelt' && isUrl(location) ? new URL(location).origin : location;
    return { ...configured, ...(isUrl(location) ? { baseUrl: where } : {}) };
  }
  const id = sourceId(input);
  notes.push(
    `${location}: not a feed of news.feeds, so dates without an offset are read as UTC; name it <feed id>=${location} to read it as that feed`,
  );
  // A saved file is only parsed, never fetched; the schema still wants a URL.
  return feedSpec(feedSchema.parse({ id, url: isUrl(location) ? location : 'https://feed.invalid/' }));
}

function readSaved(location: string): string {
  try {
    return readFileSync(location, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new NewsInputError(`cannot read ${location} (${code}); check the path`);
  }
}

/** One input's items, through the bot's own source code: its parser for files, its fetch for URLs. */
async function loadOne(input: NewsInput, news: NewsConfig, userAgent: string, notes: string[]) {
  const { location } = splitNamed(input);
  const source = createNewsSource(specFor(input, news, notes), userAgent, news.timeoutMs);
  if (!isUrl(location)) {
    const text = readSaved(location);
    try {
      return (await source.parse(text)).items;
    } catch (err) {
      throw new NewsInputError(`${location}: ${(err as Error).message}`);
    }
  }
  try {
    return (await source.fetch()).items;
  } catch (err) {
    throw new NewsInputError(`cannot fetch ${location}: ${(err as Error).message}`);
  }
}

/** Every input's items, in the order given. Throws NewsInputError for the first that cannot be read. */
export async function loadNewsInputs(
  inputs: readonly NewsInput[],
  news: NewsConfig,
  userAgent: string,
): Promise<LoadedInputs> {
  const items: NewsItem[] = [];
  const notes: string[] = [];
  for (const input of inputs) items.push(...(await loadOne(input, news, userAgent, notes)));
  return { items, notes };
}
