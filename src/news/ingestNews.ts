import { createHash } from 'node:crypto';
import type { NewsConfig } from '../config/newsSchema.js';
import type { HeadlineReading } from '../domain/news/headline.js';
import { readNewsItem } from '../domain/news/readItem.js';
import { safeLink } from '../domain/news/sanitize.js';
import { storyIdentity } from '../domain/news/storyIdentity.js';
import { createStoryIndex } from '../domain/news/storyIndex.js';
import type { StoryIndex } from '../domain/news/storyIndex.js';
import type { Logger } from '../log.js';
import type { EventItem, MemberItem, NewsEventStore, StoredEvent } from '../store/newsEvents.js';
import { forEachChunked } from './chunked.js';
import { floodSummary } from './floodSummary.js';
import { selectNewItems } from './selectNewItems.js';
import type { CandidateItem } from './selectNewItems.js';
import type { NewsItem } from './parseFeed.js';
import './languageModel.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** The reaction reporter opens reports only for events this recent (see reactionReporter.ts). */
const REPORTABLE_WITHIN_MS = HOUR_MS;
/** Seen-item keys are kept this long: far past any window, so a re-poll is never mistaken for news. */
const SEEN_KEPT_MS = 30 * 24 * HOUR_MS;
/** Per story key only this many recent stories are compared (see StoryIndexOptions.recentPerKey). */
const RECENT_STORIES_PER_KEY = 32;

export interface IngestDeps {
  readonly store: NewsEventStore & { transaction<T>(fn: () => T): T };
  readonly news: NewsConfig;
  readonly now: number;
  readonly log: Logger;
}

export interface MergedItem {
  readonly eventId: string;
  readonly item: EventItem;
}

export interface IngestResult {
  /** New events, oldest first. */
  readonly added: readonly StoredEvent[];
  /** Headlines that joined a known event: another outlet, or a later update of the story. */
  readonly attached: readonly MergedItem[];
  /** One channel message for what the flood caps held back, or null. */
  readonly summary: string | null;
  /** New items read this time (after the seen check and the per-source cap). */
  readonly read: number;
}

/** Not the title alone: the same words re-issued by the same source on another day are another event. */
export function newsEventId(item: { source: string; key: string; publishedAt: number }): string {
  const digest = createHash('sha256')
    .update(`${item.source}\n${item.key}\n${item.publishedAt}`)
    .digest('hex');
  return `news-${digest.slice(0, 12)}`;
}

/** A new event from its first headline. */
function feedEvent(reading: HeadlineReading, member: MemberItem, quiet: boolean): StoredEvent {
  return {
    id: newsEventId(member),
    time: member.publishedAt,
    title: reading.title,
    source: member.source,
    link: member.link,
    matchedTerms: [...new Set(reading.concepts.map((c) => c.replace(/^term:/, '')))],
    score: reading.score,
    origin: 'feed',
    quiet,
  };
}

/** The story index of recent events, and which of them were removed by hand. */
async function loadStoryIndex(deps: IngestDeps): Promise<{ index: StoryIndex; removed: Set<string> }> {
  const windowMs = deps.news.dedupe.windowMinutes * MINUTE_MS;
  const index = createStoryIndex({
    windowMs,
    minMatch: deps.news.dedupe.similarity,
    recentPerKey: RECENT_STORIES_PER_KEY,
  });
  const members = deps.store.storyMembers(deps.now - 2 * windowMs);
  const removed = new Set<string>();
  await forEachChunked(members, (m) => {
    index.open(m.eventId, m.eventTime, m.identity);
    if (m.removed) removed.add(m.eventId);
  });
  return { index, removed };
}

/** Reads items one at a time and files each under its story: a new event or one already known. */
function createMerger(deps: IngestDeps, { index, removed }: Awaited<ReturnType<typeof loadStoryIndex>>) {
  const { store, news, now } = deps;
  let reportsLeft = Math.max(0, news.caps.reportsPerHour - store.reportedFeedEventsSince(now - HOUR_MS));
  const added: StoredEvent[] = [];
  const attached: MergedItem[] = [];
  const quiet: StoredEvent[] = [];

  /** Only events recent enough for a report use the hourly allowance; the rest never get one anyway. */
  function quietFor(time: number): boolean {
    if (time < now - REPORTABLE_WITHIN_MS) return true;
    if (reportsLeft === 0) return true;
    reportsLeft--;
    return false;
  }

  function openEvent(reading: HeadlineReading, member: MemberItem): void {
    const reportable = member.publishedAt >= now - REPORTABLE_WITHIN_MS;
    const event = feedEvent(reading, member, quietFor(member.publishedAt));
    if (!store.addEvent(event, now)) {
      if (event.quiet !== true) reportsLeft++; // known already: it used no allowance
      return;
    }
    store.addEventItem(event.id, member, now);
    index.open(event.id, event.time, member.identity);
    added.push(event);
    if (event.quiet === true && reportable) quiet.push(event);
    deps.log.info(
      { eventId: event.id, source: event.source, score: event.score, concepts: event.matchedTerms },
      'trade-news event',
    );
  }

  function take(item: CandidateItem): void {
    store.markSeen(item.source, item.key, item.publishedAt, now);
    const reading = readNewsItem(item, news);
    if (!reading.relevant) return;
    const link = item.link === null ? null : safeLink(item.link);
    const member: MemberItem = { ...item, title: reading.title, link, identity: storyIdentity(reading) };
    const known = index.find(member.identity, member.publishedAt);
    if (known === null) {
      openEvent(reading, member);
    } else if (removed.has(known)) {
      // Someone removed this story's event: more outlets of it must not bring it back.
    } else if (store.addEventItem(known, member, now)) {
      index.attach(known, member.identity);
      attached.push({ eventId: known, item: member });
      deps.log.info({ eventId: known, source: item.source, title: reading.title }, 'trade-news update');
    }
  }

  return { take, added, attached, quiet };
}

/**
 * Turns fetched headlines into events: only new items (seen ones are skipped through the store, so
 * across restarts too), at most a cap per source, read and filed by story identity, in slices that
 * yield to the event loop. Relevant headlines of a known story join its event; others open one.
 */
export async function ingestNews(items: readonly NewsItem[], deps: IngestDeps): Promise<IngestResult> {
  const { store, now } = deps;
  const inTransaction = (run: () => void) => {
    store.transaction(run);
  };
  const { toRead, capped } = await selectNewItems(items, deps);
  const merger = createMerger(deps, await loadStoryIndex(deps));
  const markSeen = (i: CandidateItem) => {
    store.markSeen(i.source, i.key, i.publishedAt, now);
  };
  await forEachChunked(capped, markSeen, { slice: inTransaction });
  await forEachChunked(toRead, merger.take, { slice: inTransaction });
  store.pruneSeen(now - SEEN_KEPT_MS);
  const summary = floodSummary({ capped, quiet: merger.quiet }, deps.news.caps);
  if (summary !== null) {
    deps.log.warn({ capped: capped.length, quiet: merger.quiet.length }, 'news flood caps reached');
  }
  return { added: merger.added, attached: merger.attached, summary, read: toRead.length };
}
