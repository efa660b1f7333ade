import type Database from 'better-sqlite3';

/** One message waiting for (or past) delivery. `target` names where it goes; `payload` is the sender's JSON. */
export interface OutboxEntry {
  readonly seq: number;
  readonly nonce: string;
  readonly target: string;
  readonly payload: unknown;
  /** When what the message reports happened, epoch ms: a late delivery is marked as delayed. */
  readonly eventTime: number;
  readonly createdAt: number;
  readonly attempts: number;
}

export interface OutboxStore {
  enqueue(entry: { nonce: string; target: string; payload: unknown; eventTime: number }, at: number): number;
  /** The oldest pending entry due by `at`, or null; delivery is strictly in order. */
  nextDue(at: number): OutboxEntry | null;
  markSent(seq: number, messageId: string | null, at: number): void;
  /** Keeps the entry pending and schedules the next try. */
  markRetry(seq: number, error: string, nextAttemptAt: number): void;
  /** Gives up on an entry Discord will never accept (e.g. a 400), so it cannot block the queue. */
  markFailed(seq: number, error: string): void;
  pendingCount(): number;
}

interface OutboxRow {
  seq: number;
  nonce: string;
  target: string;
  payload: string;
  event_time: number;
  created_at: number;
  attempts: number;
}

export function outboxStore(db: Database.Database): OutboxStore {
  const insert = db.prepare<[string, string, string, number, number, number]>(
    `INSERT INTO outbox (nonce, target, payload, event_time, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const head = db.prepare<[], OutboxRow & { next_attempt_at: number }>(
    `SELECT seq, nonce, target, payload, event_time, created_at, attempts, next_attempt_at
     FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT 1`,
  );
  const sent = db.prepare<[string | null, number, number]>(
    `UPDATE outbox SET state = 'sent', message_id = ?, sent_at = ?, attempts = attempts + 1 WHERE seq = ?`,
  );
  const retry = db.prepare<[string, number, number]>(
    `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE seq = ?`,
  );
  const failed = db.prepare<[string, number]>(
    `UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE seq = ?`,
  );
  const pending = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM outbox WHERE state = 'pending'`);

  return {
    enqueue: (entry, at) =>
      Number(
        insert.run(entry.nonce, entry.target, JSON.stringify(entry.payload), entry.eventTime, at, at)
          .lastInsertRowid,
      ),
    nextDue: (at) => {
      const row = head.get();
      if (!row || row.next_attempt_at > at) return null;
      return {
        seq: row.seq,
        nonce: row.nonce,
        target: row.target,
        payload: JSON.parse(row.payload) as unknown,
        eventTime: row.event_time,
        createdAt: row.created_at,
        attempts: row.attempts,
      };
    },
    markSent: (seq, messageId, at) => void sent.run(messageId, at, seq),
    markRetry: (seq, error, nextAttemptAt) => void retry.run(error, nextAttemptAt, seq),
    markFailed: (seq, error) => void failed.run(error, seq),
    pendingCount: () => pending.get()?.n ?? 0,
  };
}
