import type Database from 'better-sqlite3';

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
}

export interface NewsEventStore {
  /** Returns false when the id is already known (a story seen again after a restart). */
  addEvent(event: StoredEvent, at: number): boolean;
  /** Events from `sinceMs` on, oldest first, without removed ones. */
  events(sinceMs: number): StoredEvent[];
  removeEvent(id: string): boolean;
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
}

export function newsEventStore(db: Database.Database): NewsEventStore {
  const insert = db.prepare<[string, number, string, string, string | null, string, number, string, number]>(
    `INSERT OR IGNORE INTO news_events (id, time, title, source, link, matched, score, origin, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const since = db.prepare<[number], EventRow>(
    `SELECT id, time, title, source, link, matched, score, origin FROM news_events
     WHERE removed = 0 AND time >= ? ORDER BY time, id`,
  );
  const remove = db.prepare<[string]>('UPDATE news_events SET removed = 1 WHERE id = ? AND removed = 0');
  return {
    addEvent: (e, at) =>
      insert.run(
        e.id,
        e.time,
        e.title,
        e.source,
        e.link,
        JSON.stringify(e.matchedTerms),
        e.score,
        e.origin,
        at,
      ).changes > 0,
    events: (sinceMs) =>
      since.all(sinceMs).map((r) => ({
        id: r.id,
        time: r.time,
        title: r.title,
        source: r.source,
        link: r.link,
        matchedTerms: JSON.parse(r.matched) as string[],
        score: r.score,
        origin: r.origin,
      })),
    removeEvent: (id) => remove.run(id).changes > 0,
  };
}
