import type { SqlDatabase } from './sqlDatabase.js';
import { parseStoryIdentity, type StoryIdentity } from '../domain/news/storyIdentity.js';

/** One headline merged into an event: the first is the event's own, later ones are updates or other outlets. */
export interface EventItem {
  readonly source: string;
  readonly title: string;
  readonly link: string | null;
  readonly publishedAt: number;
}

/** A trade-news event the bot learnt of at run time (a feed or /event add); config events live in the config. */
export interface StoredEvent {
  readonly id: string;
  readonly time: number;
  readonly title: string;
  readonly source: string;
  readonly link: string | null;
  readonly matchedTerms: readonly string[];
  readonly score: number;
  readonly origin: 'feed' | 'command';
  /** Over the hourly reaction-report cap: the event tightens thresholds but gets no report. */
  readonly quiet?: boolean;
  /** The headlines merged into it, oldest first (filled by `events`; empty for /event add). */
  readonly items?: readonly EventItem[];
}

/** A headline as merged into an event, with what identifies its story and what identifies the item. */
export interface MemberItem extends EventItem {
  readonly key: string;
  readonly identity: StoryIdentity;
}

export interface StoryMember {
  readonly eventId: string;
  readonly eventTime: number;
  readonly identity: StoryIdentity;
  /** Removed with /event remove: its story stays known, so other outlets of it do not bring it back. */
  readonly removed: boolean;
}

export interface NewsEventStore {
  /** Returns false when the id is already known (a story seen again after a restart). */
  addEvent(event: StoredEvent, at: number): boolean;
  /** Events from `sinceMs` on, oldest first, without removed ones, each with its merged items. */
  events(sinceMs: number): StoredEvent[];
  removeEvent(id: string): boolean;
  /** Records a headline as part of an event; false when it already is. */
  addEventItem(eventId: string, item: MemberItem, at: number): boolean;
  /** The story identities of the items of events from `sinceMs` on (removed ones too), by event then time. */
  storyMembers(sinceMs: number): StoryMember[];
  /** When the item (source + guid/link) was published as last read, or null if never read. */
  seenPublishedAt(source: string, key: string): number | null;
  markSeen(source: string, key: string, publishedAt: number, at: number): void;
  /** Forgets items read before `beforeMs`; they are long out of every window. */
  pruneSeen(beforeMs: number): void;
  /** Feed events created since `sinceMs` that were given a reaction report (not quiet). */
  reportedFeedEventsSince(sinceMs: number): number;
  /** Ids of quiet events from `sinceMs` on: the reaction reporter skips them. */
  quietEventIds(sinceMs: number): ReadonlySet<string>;
}

interface EventRow {
  id: string;
  time: number;
  title: string;
  source: string;
  link: string | null;
  matched: string;
  score: number;
  origin: 'feed' | 'command';
  quiet: number;
}

interface ItemRow {
  event_id: string;
  source: string;
  title: string;
  link: string | null;
  published_at: number;
}

function eventStatements(db: SqlDatabase) {
  return {
    insert: db.prepare<
      [string, number, string, string, string | null, string, number, string, number, number]
    >(
      `INSERT INTO news_events (id, time, title, source, link, matched, score, origin, created_at, quiet)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    since: db.prepare<[number], EventRow>(
      `SELECT id, time, title, source, link, matched, score, origin, quiet FROM news_events
       WHERE removed = 0 AND time >= ? ORDER BY time, id`,
    ),
    itemsSince: db.prepare<[number], ItemRow>(
      `SELECT i.event_id, i.source, i.title, i.link, i.published_at FROM news_event_items i
       JOIN news_events e ON e.id = i.event_id
       WHERE e.removed = 0 AND e.time >= ? ORDER BY i.published_at, i.source`,
    ),
    remove: db.prepare<[string]>('UPDATE news_events SET removed = 1 WHERE id = ? AND removed = 0'),
    reported: db.prepare<[number], { n: number }>(
      `SELECT count(*) AS n FROM news_events WHERE origin = 'feed' AND quiet = 0 AND created_at >= ?`,
    ),
    quiet: db.prepare<[number], { id: string }>(
      'SELECT id FROM news_events WHERE quiet = 1 AND removed = 0 AND time >= ?',
    ),
  };
}

function itemStatements(db: SqlDatabase) {
  return {
    insert: db.prepare<[string, string, string, string, string | null, number, string, number]>(
      `INSERT INTO news_event_items
       (event_id, source, item_key, title, link, published_at, identity, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    ),
    members: db.prepare<[number], { event_id: string; time: number; identity: string; removed: number }>(
      `SELECT i.event_id, e.time, i.identity, e.removed FROM news_event_items i
       JOIN news_events e ON e.id = i.event_id
       WHERE e.time >= ? ORDER BY e.time, i.event_id, i.published_at`,
    ),
    seen: db.prepare<[string, string], { published_at: number }>(
      'SELECT published_at FROM news_seen WHERE source = ? AND item_key = ?',
    ),
    markSeen: db.prepare<[string, string, number, number]>(
      `INSERT INTO news_seen (source, item_key, published_at, seen_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (source, item_key) DO UPDATE SET published_at = excluded.published_at, seen_at = excluded.seen_at`,
    ),
    prune: db.prepare<[number]>('DELETE FROM news_seen WHERE seen_at < ?'),
  };
}

function toEvent(r: EventRow, items: readonly EventItem[]): StoredEvent {
  return {
    id: r.id,
    time: r.time,
    title: r.title,
    source: r.source,
    link: r.link,
    matchedTerms: JSON.parse(r.matched) as string[],
    score: r.score,
    origin: r.origin,
    quiet: r.quiet === 1,
    items,
  };
}

function itemsByEvent(rows: readonly ItemRow[]): Map<string, EventItem[]> {
  const byEvent = new Map<string, EventItem[]>();
  for (const r of rows) {
    const list = byEvent.get(r.event_id) ?? [];
    list.push({ source: r.source, title: r.title, link: r.link, publishedAt: r.published_at });
    byEvent.set(r.event_id, list);
  }
  return byEvent;
}

export function newsEventStore(db: SqlDatabase): NewsEventStore {
  const ev = eventStatements(db);
  const it = itemStatements(db);
  return {
    addEvent: (e, at) =>
      ev.insert.run(
        e.id,
        e.time,
        e.title,
        e.source,
        e.link,
        JSON.stringify(e.matchedTerms),
        e.score,
        e.origin,
        at,
        e.quiet === true ? 1 : 0,
      ).changes > 0,
    events: (sinceMs) => {
      const items = itemsByEvent(ev.itemsSince.all(sinceMs));
      return ev.since.all(sinceMs).map((r) => toEvent(r, items.get(r.id) ?? []));
    },
    removeEvent: (id) => ev.remove.run(id).changes > 0,
    addEventItem: (eventId, item, at) =>
      it.insert.run(
        eventId,
        item.source,
        item.key,
        item.title,
        item.link,
        item.publishedAt,
        JSON.stringify(item.identity),
        at,
      ).changes > 0,
    storyMembers: (sinceMs) =>
      it.members.all(sinceMs).map((r) => ({
        eventId: r.event_id,
        eventTime: r.time,
        identity: parseStoryIdentity(JSON.parse(r.identity)),
        removed: r.removed === 1,
      })),
    seenPublishedAt: (source, key) => it.seen.get(source, key)?.published_at ?? null,
    markSeen: (source, key, publishedAt, at) => void it.markSeen.run(source, key, publishedAt, at),
    pruneSeen: (beforeMs) => void it.prune.run(beforeMs),
    reportedFeedEventsSince: (sinceMs) => ev.reported.get(sinceMs)?.n ?? 0,
    quietEventIds: (sinceMs) => new Set(ev.quiet.all(sinceMs).map((r) => r.id)),
  };
}
