import type { SqlDatabase } from './sqlDatabase.js';

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
  /** 'post' sends a new message (with its nonce); 'edit' changes the message its keyed post became. */
  readonly kind: 'post' | 'edit';
  /**
   * The key a post shares with its edits: a reaction report's event id, or an alert message's
   * (`alert:` and its nonce; its one edit adds the chart); null for messages never edited.
   */
  readonly reportKey: string | null;
  /** Edits: the id of the message to change, which its post got when sent; null for posts. */
  readonly messageId: string | null;
  /** Edits: when their post was sent (what a late post's wording refers to); null for posts. */
  readonly postSentAt: number | null;
}

/** A message to queue; a post to be edited later carries the key its edits name. */
export interface NewOutboxEntry {
  readonly nonce: string;
  readonly target: string;
  readonly payload: unknown;
  readonly eventTime: number;
  readonly reportKey?: string;
}

/** A new version of a keyed message (a report's, an alert's with its chart); it goes where its post went. */
export interface NewOutboxEdit {
  readonly reportKey: string;
  /** Unique like every entry's, though never sent: an edit is an idempotent PATCH. */
  readonly nonce: string;
  readonly payload: unknown;
  readonly eventTime: number;
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
  /** Queues a post; a report's post (with `reportKey`) is the only post of that report. */
  enqueue(entry: NewOutboxEntry, at: number): number;
  /**
   * Queues an edit of a report's posted message behind its post (same destination, so it waits until
   * the post is sent). Only the newest version matters: it replaces the report's edits still queued.
   * Returns null, queuing nothing, when there is nothing to edit: no post was queued for the report,
   * or Discord refused its post or an edit for good.
   */
  enqueueEdit(edit: NewOutboxEdit, at: number): number | null;
  /** The head of every destination's queue that is due by `at`, oldest first. */
  dueHeads(at: number): OutboxEntry[];
  /** The head of one destination's queue if it is due by `at`, else null (a later entry never overtakes it). */
  nextDueFor(target: string, at: number): OutboxEntry | null;
  /**
   * Claims a pending entry just before it is posted; false when it is no longer pending. On a shared
   * store the write is fenced, so a replica that has lost the leader lease fails here, before posting.
   */
  claimForSend(seq: number, at: number): boolean;
  markSent(seq: number, messageId: string | null, at: number): void;
  /** Keeps the entry pending at the head of its queue and schedules the next try. */
  markRetry(seq: number, error: string, nextAttemptAt: number): void;
  /**
   * Moves an entry Discord will never accept to the dead letters, so it cannot block its destination.
   * A refused report post takes its queued edits with it: they have no message to change.
   */
  moveToDeadLetters(seq: number, reason: string, at: number): void;
  pendingCount(): number;
  deadLetterSummary(): DeadLetterSummary;
  /**
   * Deletes entries sent before olderThanMs (pending ones are never pruned), except the posts of
   * reports still being edited; returns how many.
   */
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
  kind: 'post' | 'edit';
  report_key: string | null;
  edits_message_id: string | null;
  edits_sent_at: number | null;
}

// An edit reads the message id its post got and when; the post precedes it in the same queue.
const ENTRY_COLUMNS = `o.seq, o.nonce, o.target, o.payload, o.event_time, o.created_at, o.attempts, o.kind,
  o.report_key, CASE WHEN o.kind = 'edit' THEN (SELECT p.message_id FROM outbox p
    WHERE p.kind = 'post' AND p.report_key = o.report_key) END AS edits_message_id,
  CASE WHEN o.kind = 'edit' THEN (SELECT p.sent_at FROM outbox p
    WHERE p.kind = 'post' AND p.report_key = o.report_key) END AS edits_sent_at`;

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    seq: row.seq,
    nonce: row.nonce,
    target: row.target,
    payload: JSON.parse(row.payload) as unknown,
    eventTime: row.event_time,
    createdAt: row.created_at,
    attempts: row.attempts,
    kind: row.kind,
    reportKey: row.report_key,
    messageId: row.edits_message_id,
    postSentAt: row.edits_sent_at,
  };
}

function queueStatements(db: SqlDatabase) {
  return {
    insert: db.prepare<
      [string, string, string, number, number, number, 'post' | 'edit', string | null],
      { seq: number }
    >(
      `INSERT INTO outbox (nonce, target, payload, event_time, created_at, next_attempt_at, kind, report_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
    ),
    // Only a head may be sent: a later entry of the same destination waits even when it is due.
    heads: db.prepare<[number], OutboxRow>(
      `SELECT ${ENTRY_COLUMNS} FROM outbox o
       WHERE o.seq IN (SELECT min(seq) FROM outbox WHERE state = 'pending' GROUP BY target)
         AND o.next_attempt_at <= ?
       ORDER BY o.seq`,
    ),
    headOf: db.prepare<[string], OutboxRow & { next_attempt_at: number }>(
      `SELECT ${ENTRY_COLUMNS}, o.next_attempt_at FROM outbox o
       WHERE o.state = 'pending' AND o.target = ? ORDER BY o.seq LIMIT 1`,
    ),
    sent: db.prepare<[string | null, number, number]>(
      `UPDATE outbox SET state = 'sent', message_id = ?, sent_at = ?, attempts = attempts + 1 WHERE seq = ?`,
    ),
    claim: db.prepare<[number, number]>(
      `UPDATE outbox SET claimed_at = ? WHERE seq = ? AND state = 'pending'`,
    ),
    retry: db.prepare<[string, number, number]>(
      `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE seq = ?`,
    ),
    pending: db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM outbox WHERE state = 'pending'`),
    // A report's post stays while the report may still be edited: its edits need the message id.
    pruneSent: db.prepare<[number]>(
      `DELETE FROM outbox WHERE state = 'sent' AND sent_at < ?
       AND NOT (kind = 'post' AND report_key IS NOT NULL AND (
         EXISTS (SELECT 1 FROM reaction_reports r WHERE r.event_id = outbox.report_key AND r.finished = 0)
         OR EXISTS (SELECT 1 FROM outbox e
                    WHERE e.kind = 'edit' AND e.report_key = outbox.report_key AND e.state = 'pending')))`,
    ),
  };
}

function editStatements(db: SqlDatabase) {
  return {
    post: db.prepare<[string], { target: string }>(
      `SELECT target FROM outbox WHERE kind = 'post' AND report_key = ?`,
    ),
    refused: db.prepare<[string], { n: number }>(
      `SELECT count(*) AS n FROM dead_letters WHERE report_key = ?`,
    ),
    dropQueued: db.prepare<[string]>(
      `DELETE FROM outbox WHERE kind = 'edit' AND report_key = ? AND state = 'pending'`,
    ),
  };
}

function deadLetterStatements(db: SqlDatabase) {
  return {
    copy: db.prepare<[string, number, number]>(
      `INSERT INTO dead_letters (seq, nonce, target, payload, event_time, created_at, attempts, reason, dead_at, kind, report_key)
       SELECT seq, nonce, target, payload, event_time, created_at, attempts + 1, ?, ?, kind, report_key
       FROM outbox WHERE seq = ?`,
    ),
    entry: db.prepare<[number], { kind: 'post' | 'edit'; report_key: string | null }>(
      `SELECT kind, report_key FROM outbox WHERE seq = ?`,
    ),
    remove: db.prepare<[number]>(`DELETE FROM outbox WHERE seq = ?`),
    count: db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM dead_letters`),
    latest: db.prepare<[], { seq: number; target: string; reason: string; dead_at: number }>(
      `SELECT seq, target, reason, dead_at FROM dead_letters ORDER BY dead_at DESC, seq DESC LIMIT 1`,
    ),
    prune: db.prepare<[number]>(`DELETE FROM dead_letters WHERE dead_at < ?`),
  };
}

export function outboxStore(db: SqlDatabase): OutboxStore {
  const q = queueStatements(db);
  const edits = editStatements(db);
  const dead = deadLetterStatements(db);
  const insert = (entry: NewOutboxEntry, kind: 'post' | 'edit', at: number): number => {
    const row = q.insert.get(
      entry.nonce,
      entry.target,
      JSON.stringify(entry.payload),
      entry.eventTime,
      at,
      at,
      kind,
      entry.reportKey ?? null,
    );
    if (row === undefined) throw new Error('outbox insert returned no row');
    return row.seq;
  };
  const enqueueEdit = db.transaction((edit: NewOutboxEdit, at: number): number | null => {
    const post = edits.post.get(edit.reportKey);
    if (!post || (edits.refused.get(edit.reportKey)?.n ?? 0) > 0) return null;
    edits.dropQueued.run(edit.reportKey);
    return insert({ ...edit, target: post.target }, 'edit', at);
  });
  const move = db.transaction((seq: number, reason: string, at: number) => {
    const entry = dead.entry.get(seq);
    dead.copy.run(reason, at, seq);
    dead.remove.run(seq);
    if (entry?.kind === 'post' && entry.report_key !== null) edits.dropQueued.run(entry.report_key);
  });

  return {
    enqueue: (entry, at) => insert(entry, 'post', at),
    enqueueEdit: (edit, at) => enqueueEdit(edit, at),
    dueHeads: (at) => q.heads.all(at).map(toEntry),
    nextDueFor: (target, at) => {
      const row = q.headOf.get(target);
      return row && row.next_attempt_at <= at ? toEntry(row) : null;
    },
    claimForSend: (seq, at) => q.claim.run(at, seq).changes === 1,
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
