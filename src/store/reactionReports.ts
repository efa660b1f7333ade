import type { SqlDatabase } from './sqlDatabase.js';

/** How far one event's reaction report got; where it went is its outbox post's business. */
export interface ReactionReportRow {
  readonly eventId: string;
  /** Its first version was published (an output posted it, or queued the post). */
  readonly published: boolean;
  /** Settled cells (instrument × step: a price, or known to have none) in the last version published. */
  readonly stepsDone: number;
}

export interface ReactionReportStore {
  /** Schedules a report; false when the event already has one (restarts never duplicate it). */
  scheduleReport(eventId: string): boolean;
  openReports(): ReactionReportRow[];
  /** Records a published version; a finished report is never published again. */
  markPublished(eventId: string, stepsDone: number, finished: boolean): void;
  /** Stops a report without another version (its event was removed). */
  closeReport(eventId: string): void;
}

interface Row {
  event_id: string;
  published: number;
  steps_done: number;
}

export function reactionReportStore(db: SqlDatabase): ReactionReportStore {
  const insert = db.prepare<[string]>(
    'INSERT INTO reaction_reports (event_id) VALUES (?) ON CONFLICT DO NOTHING',
  );
  const open = db.prepare<[], Row>(
    'SELECT event_id, published, steps_done FROM reaction_reports WHERE finished = 0 ORDER BY rowid',
  );
  const published = db.prepare<[number, number, string]>(
    'UPDATE reaction_reports SET published = 1, steps_done = ?, finished = ? WHERE event_id = ?',
  );
  const close = db.prepare<[string]>('UPDATE reaction_reports SET finished = 1 WHERE event_id = ?');
  return {
    scheduleReport: (eventId) => insert.run(eventId).changes > 0,
    openReports: () =>
      open.all().map((r) => ({ eventId: r.event_id, published: r.published === 1, stepsDone: r.steps_done })),
    markPublished: (eventId, stepsDone, finished) => void published.run(stepsDone, finished ? 1 : 0, eventId),
    closeReport: (eventId) => void close.run(eventId),
  };
}
