import type Database from 'better-sqlite3';

/** The live reaction message of one event: where it is, how far it got. */
export interface ReactionReportRow {
  readonly eventId: string;
  readonly target: string;
  readonly nonce: string;
  readonly messageId: string | null;
  readonly stepsDone: number;
  readonly nextAttemptAt: number;
}

export interface ReactionReportStore {
  /** Schedules a report; false when the event already has one (restarts never duplicate it). */
  scheduleReport(eventId: string, target: string, nonce: string): boolean;
  openReports(): ReactionReportRow[];
  markPosted(eventId: string, messageId: string): void;
  markStep(eventId: string, stepsDone: number, finished: boolean): void;
  markReportRetry(eventId: string, error: string, nextAttemptAt: number): void;
}

interface Row {
  event_id: string;
  target: string;
  nonce: string;
  message_id: string | null;
  steps_done: number;
  next_attempt_at: number;
}

export function reactionReportStore(db: Database.Database): ReactionReportStore {
  const insert = db.prepare<[string, string, string]>(
    'INSERT OR IGNORE INTO reaction_reports (event_id, target, nonce) VALUES (?, ?, ?)',
  );
  const open = db.prepare<[], Row>(
    'SELECT event_id, target, nonce, message_id, steps_done, next_attempt_at FROM reaction_reports WHERE finished = 0 ORDER BY rowid',
  );
  const posted = db.prepare<[string, string]>(
    'UPDATE reaction_reports SET message_id = ?, last_error = NULL WHERE event_id = ?',
  );
  const step = db.prepare<[number, number, string]>(
    'UPDATE reaction_reports SET steps_done = ?, finished = ?, last_error = NULL WHERE event_id = ?',
  );
  const retry = db.prepare<[string, number, string]>(
    'UPDATE reaction_reports SET last_error = ?, next_attempt_at = ? WHERE event_id = ?',
  );
  return {
    scheduleReport: (eventId, target, nonce) => insert.run(eventId, target, nonce).changes > 0,
    openReports: () =>
      open.all().map((r) => ({
        eventId: r.event_id,
        target: r.target,
        nonce: r.nonce,
        messageId: r.message_id,
        stepsDone: r.steps_done,
        nextAttemptAt: r.next_attempt_at,
      })),
    markPosted: (eventId, messageId) => void posted.run(messageId, eventId),
    markStep: (eventId, stepsDone, finished) => void step.run(stepsDone, finished ? 1 : 0, eventId),
    markReportRetry: (eventId, error, nextAttemptAt) => void retry.run(error, nextAttemptAt, eventId),
  };
}
