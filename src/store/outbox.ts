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

/** A message Discord refused for good, moved out of its destination's queue. */
export interface DeadLetter {
  readonly seq: number;
  readonly target: string;
  readonly reason: string;
  readonly deadAt: number;
}

export interface DeadLetterSummary {
  readonly count: number;
  readonly latest: DeadLetter | null;
}

/**
 * One queue per destination (channel or webhook): entries of a destination go out strictly in
 * order, and a destination waiting on a retry never holds up another.
 */
export interface OutboxStore {
  enqueue(entry: { nonce: string; target: string; payload: unknown; eventTime: number }, at: number): number;
  /** The head of every destination's queue that is due by `at`, oldest first. */
  dueHeads(at: number): OutboxEntry[];
  /** The head of one destination's queue if it is due by `at`, else null (a later entry never overtakes it). */
  nextDueFor(target: string, at: number): OutboxEntry | null;
  markSent(seq: number, messageId: string | null, at: number): void;
  /** Keeps the entry pending at the head of its queue and schedules the next try. */
  markRetry(seq: number, error: string, nextAttemptAt: number): void;
  /** Moves an entry Discord will never accept to the dead letters, so it cannot block its destination. */
  moveToDeadLetters(seq: number, reason: string, at: number): void;
  pendingCount(): number;
  deadLetterSummary(): DeadLetterSummary;
  /** Deletes sent entries sent before olderThanMs (pending ones are never pruned); returns how many. */
  pruneSentOutbox(olderThanMs: number): number;
  /** Deletes dead letters older than olderThanMs; returns how many. */
  pruneDeadLetters(olderThanMs: number): number;
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

const ENTRY_COLUMNS = 'seq, nonce, target, payload, event_time, created_at, attempts';

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    seq: row.seq,
    nonce: row.nonce,
    target: row.target,
    payload: JSON.parse(row.payload) as unknown,
    eventTime: row.event_time,
    createdAt: row.created_at,
    attempts: row.attempts,
  };
}

function queueStatements(db: Database.Database) {
  return {
    insert: db.prepare<[string, string, string, number, number, number]>(
      `INSERT INTO outbox (nonce, target, payload, event_time, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    // Only a head may be sent: a later entry of the same destination waits even when it is due.
    heads: db.prepare<[number], OutboxRow>(
      `SELECT ${ENTRY_COLUMNS} FROM outbox
       WHERE seq IN (SELECT min(seq) FROM outbox WHERE state = 'pending' GROUP BY target)
         AND next_attempt_at <= ?
       ORDER BY seq`,
    ),
    headOf: db.prepare<[string], OutboxRow & { next_attempt_at: number }>(
      `SELECT ${ENTRY_COLUMNS}, next_attempt_at FROM outbox
       WHERE state = 'pending' AND target = ? ORDER BY seq LIMIT 1`,
    ),
    sent: db.prepare<[string | null, number, number]>(
      `UPDATE outbox SET state = 'sent', message_id = ?, sent_at = ?, attempts = attempts + 1 WHERE seq = ?`,
    ),
    retry: db.prepare<[string, number, number]>(
      `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE seq = ?`,
    ),
    pending: db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM outbox WHERE state = 'pending'`),
    pruneSent: db.prepare<[number]>(`DELETE FROM outbox WHERE state = 'sent' AND sent_at < ?`),
  };
}

function deadLetterStatements(db: Database.Database) {
  return {
    copy: db.prepare<[string, number, number]>(
      `INSERT INTO dead_letters (seq, nonce, target, payload, event_time, created_at, attempts, reason, dead_at)
       SELECT seq, nonce, target, payload, event_time, created_at, attempts + 1, ?, ? FROM outbox WHERE seq = ?`,
    ),
    remove: db.prepare<[number]>(`DELETE FROM outbox WHERE seq = ?`),
    count: db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM dead_letters`),
    latest: db.prepare<[], { seq: number; target: string; reason: string; dead_at: number }>(
      `SELECT seq, target, reason, dead_at FROM dead_letters ORDER BY dead_at DESC, seq DESC LIMIT 1`,
    ),
    prune: db.prepare<[number]>(`DELETE FROM dead_letters WHERE dead_at < ?`),
  };
}

export function outboxStore(db: Database.Database): OutboxStore {
  const q = queueStatements(db);
  const dead = deadLetterStatements(db);
  const move = db.transaction((seq: number, reason: string, at: number) => {
    dead.copy.run(reason, at, seq);
    dead.remove.run(seq);
  });

  return {
    enqueue: (entry, at) =>
      Number(
        q.insert.run(entry.nonce, entry.target, JSON.stringify(entry.payload), entry.eventTime, at, at)
          .lastInsertRowid,
      ),
    dueHeads: (at) => q.heads.all(at).map(toEntry),
    nextDueFor: (target, at) => {
      const row = q.headOf.get(target);
      return row && row.next_attempt_at <= at ? toEntry(row) : null;
    },
    markSent: (seq, messageId, at) => void q.sent.run(messageId, at, seq),
    markRetry: (seq, error, nextAttemptAt) => void q.retry.run(error, nextAttemptAt, seq),
    moveToDeadLetters: (seq, reason, at) => {
      move(seq, reason, at);
    },
    pendingCount: () => q.pending.get()?.n ?? 0,
    deadLetterSummary: () => {
      const row = dead.latest.get();
      const latest = row
        ? { seq: row.seq, target: row.target, reason: row.reason, deadAt: row.dead_at }
        : null;
      return { count: dead.count.get()?.n ?? 0, latest };
    },
    pruneSentOutbox: (olderThanMs) => q.pruneSent.run(olderThanMs).changes,
    pruneDeadLetters: (olderThanMs) => dead.prune.run(olderThanMs).changes,
  };
}
