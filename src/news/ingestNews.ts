import { createHash } from 'node:crypto';
import type { NewsConfig } from '../config/newsSchema.js';
import { safeLink, sanitizeHeadline } from '../domain/news/sanitize.js';
import { scoreHeadline } from '../domain/news/score.js';
import { normaliseTitle, titleSimilarity } from '../domain/news/similarity.js';
import type { Logger } from '../log.js';
import type { NewsEventStore, StoredEvent } from '../store/newsEvents.js';
import type { NewsItem } from './parseFeed.js';

/**
 * Turns fetched headlines into events: sanitised, scored, only relevant and recent ones, and one
 * event per story (the same story from several feeds, or seen again after a restart, is not new).
 */
export function ingestNews(
  items: readonly NewsItem[],
  deps: {
    readonly store: NewsEventStore;
    readonly news: NewsConfig;
    readonly now: number;
    readonly log: Logger;
  },
): StoredEvent[] {
  const { news, now } = deps;
  const windowMs = news.dedupe.windowMinutes * 60_000;
  const known = deps.store.events(now - 2 * windowMs);
  const added: StoredEvent[] = [];
  for (const item of [...items].sort((a, b) => a.publishedAt - b.publishedAt)) {
    if (item.publishedAt < now - windowMs || item.publishedAt > now + 5 * 60_000) continue;
    const title = sanitizeHeadline(item.title);
    const { score, matched, relevant } = scoreHeadline(title, news);
    if (!relevant) continue;
    const same = [...known, ...added].find(
      (e) =>
        Math.abs(e.time - item.publishedAt) <= windowMs &&
        titleSimilarity(e.title, title) >= news.dedupe.similarity,
    );
    if (same) continue;
    const id = `news-${createHash('sha256').update(normaliseTitle(title)).digest('hex').slice(0, 12)}`;
    const event: StoredEvent = {
      id,
      time: item.publishedAt,
      title,
      source: item.source,
      link: item.link === null ? null : safeLink(item.link),
      matchedTerms: matched,
      score,
      origin: 'feed',
    };
    if (deps.store.addEvent(event, now)) {
      added.push(event);
      deps.log.info({ eventId: id, source: item.source, score, matched }, 'trade-news event');
    }
  }
  return added;
}
