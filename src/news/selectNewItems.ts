import type { NewsConfig } from '../config/newsSchema.js';
import { sanitizeHeadline } from '../domain/news/sanitize.js';
import type { NewsEventStore } from '../store/newsEvents.js';
import { forEachChunked } from './chunked.js';
import type { NewsItem } from './parseFeed.js';

/** A fetched item with its sanitised title and the key that recognises it when polled again. */
export interface CandidateItem extends NewsItem {
  readonly key: string;
}

export interface Selection {
  /** New items to read, oldest first. */
  readonly toRead: readonly CandidateItem[];
  /** New items over their source's per-poll cap: recorded as seen, never read, counted in the summary. */
  readonly capped: readonly CandidateItem[];
}

/** Items may be stamped slightly ahead of our clock; further ahead is a broken feed. */
const FUTURE_SLACK_MS = 5 * 60_000;

/** What identifies an item within its source: its guid or link, else its title. */
export function itemKey(item: NewsItem): string {
  const guid = (item as { guid?: string | null }).guid;
  return guid ?? item.link ?? `title:${item.title}`;
}

/**
 * Recent items not read before (same source and key, across restarts through the store), at most
 * `caps.itemsPerSourcePerPoll` per source, newest first. An item whose key was seen with a date more
 * than a window earlier is a re-issue and counts as new.
 */
export async function selectNewItems(
  items: readonly NewsItem[],
  deps: { readonly store: NewsEventStore; readonly news: NewsConfig; readonly now: number },
): Promise<Selection> {
  const windowMs = deps.news.dedupe.windowMinutes * 60_000;
  const fresh = items.filter(
    (i) => i.publishedAt >= deps.now - windowMs && i.publishedAt <= deps.now + FUTURE_SLACK_MS,
  );
  const unseen: CandidateItem[] = [];
  const batch = new Set<string>();
  await forEachChunked(fresh, (item) => {
    const key = itemKey(item);
    const seenAt = deps.store.seenPublishedAt(item.source, key);
    const batchKey = `${item.source}\n${key}`;
    if ((seenAt === null || item.publishedAt > seenAt + windowMs) && !batch.has(batchKey)) {
      batch.add(batchKey);
      unseen.push({ ...item, title: sanitizeHeadline(item.title), key });
    }
  });
  return capPerSource(unseen, deps.news.caps.itemsPerSourcePerPoll);
}

function capPerSource(items: readonly CandidateItem[], cap: number): Selection {
  const bySource = new Map<string, CandidateItem[]>();
  for (const item of items) {
    const list = bySource.get(item.source);
    if (list) list.push(item);
    else bySource.set(item.source, [item]);
  }
  const toRead: CandidateItem[] = [];
  const capped: CandidateItem[] = [];
  for (const list of bySource.values()) {
    const newestFirst = [...list].sort((a, b) => b.publishedAt - a.publishedAt);
    toRead.push(...newestFirst.slice(0, cap));
    capped.push(...newestFirst.slice(cap));
  }
  const oldestFirst = (a: CandidateItem, b: CandidateItem) =>
    a.publishedAt - b.publishedAt || a.source.localeCompare(b.source) || a.key.localeCompare(b.key);
  return { toRead: toRead.sort(oldestFirst), capped: capped.sort(oldestFirst) };
}
