import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { JudgedAlert } from './judge.js';
import { alertKey, type ExpectedAlert } from './pricePath.js';

/** The facts of a recorded alert the tally and the judge need (the bot's Alert has more). */
export type RecordedAlert = JudgedAlert;

/** What the bot's state database says it decided and queued, read after it stopped. */
export interface BotRecords {
  readonly alerts: readonly RecordedAlert[];
  /** Alert ids carried by each outbox message, by nonce. */
  readonly outbox: ReadonlyMap<string, readonly string[]>;
  /** Messages Discord refused for good: their destination and alert ids, by nonce. */
  readonly deadLetters: ReadonlyMap<string, { readonly target: string; readonly ids: readonly string[] }>;
  readonly pendingMessages: number;
}

/** A payload column as either store hands it back: SQLite as text, PostgreSQL maybe parsed already. */
type PayloadColumn = string | Record<string, unknown>;

const parsed = (payload: PayloadColumn): Record<string, unknown> =>
  typeof payload === 'string' ? (JSON.parse(payload) as Record<string, unknown>) : payload;

const alertIdsOf = (payload: PayloadColumn): string[] =>
  ((parsed(payload) as { alerts?: { id: string }[] }).alerts ?? []).map((a) => a.id);

interface MessageRow {
  readonly nonce: string;
  readonly target: string;
  readonly payload: PayloadColumn;
}

/** The rows the records are made of, as a store's driver returns them (PostgreSQL's bigint as text). */
export interface RecordRows {
  readonly alerts: readonly { readonly payload: PayloadColumn; readonly recorded_at: number | string }[];
  readonly outbox: readonly MessageRow[];
  readonly deadLetters: readonly MessageRow[];
  readonly pending: number | string;
}

/** The same queries for either store: the tables and columns are the same in both. */
export const RECORD_QUERIES = {
  alerts: 'SELECT payload, recorded_at FROM alerts ORDER BY recorded_at, time',
  outbox: 'SELECT nonce, target, payload FROM outbox',
  deadLetters: 'SELECT nonce, target, payload FROM dead_letters',
  pending: "SELECT count(*) AS n FROM outbox WHERE state = 'pending'",
} as const;

export function recordsFromRows(rows: RecordRows): BotRecords {
  return {
    alerts: rows.alerts.map((row) => ({
      ...(parsed(row.payload) as unknown as RecordedAlert),
      recordedAt: Number(row.recorded_at),
    })),
    outbox: new Map(rows.outbox.map((r) => [r.nonce, alertIdsOf(r.payload)])),
    deadLetters: new Map(
      rows.deadLetters.map((r) => [r.nonce, { target: r.target, ids: alertIdsOf(r.payload) }]),
    ),
    pendingMessages: Number(rows.pending),
  };
}

export function readBotRecords(dbPath: string): BotRecords {
  if (!existsSync(dbPath)) {
    throw new Error(`chaos: the bot never created ${dbPath}; its output is in bot.log beside it`);
  }
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const all = <T>(sql: string) => db.prepare<[], T>(sql).all();
    return recordsFromRows({
      alerts: all<{ payload: string; recorded_at: number }>(RECORD_QUERIES.alerts),
      outbox: all<MessageRow>(RECORD_QUERIES.outbox),
      deadLetters: all<MessageRow>(RECORD_QUERIES.deadLetters),
      pending: db.prepare<[], { n: number }>(RECORD_QUERIES.pending).get()?.n ?? 0,
    });
  } finally {
    db.close();
  }
}

/** A message the fake Discord accepted (nonce replays return the first and are not counted again). */
export interface PostedMessage {
  readonly nonce: string | number | undefined;
  readonly channelId: string;
}

export interface Tally {
  readonly expected: number;
  /** Every alert the bot recorded, of any rule. */
  readonly recorded: number;
  readonly delivered: number;
  readonly lost: number;
  readonly doubled: number;
  /** Expected top-tier alerts the refused channel turned away, found among the dead letters. */
  readonly refusedAsDesigned: number;
  readonly recordedByRule: Record<string, number>;
  readonly unattributedMessages: number;
  readonly details: {
    readonly lost: string[];
    readonly doubled: string[];
  };
}

/** The condition an alert reports, as expected alerts are keyed: a tier or a level, not a time. */
export const keyOf = (a: RecordedAlert): string =>
  alertKey({
    symbol: a.symbol,
    rule: a.rule as ExpectedAlert['rule'],
    direction: a.direction,
    mark: a.level ?? a.severity,
  });

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

const ONCE_ONLY_RULES = new Set(['dayMove', 'levelCross']);

interface Deliveries {
  /** How many accepted messages carried each alert id. */
  readonly postsById: Map<string, number>;
  readonly unattributed: number;
}

function deliveriesOf(messages: readonly PostedMessage[], records: BotRecords): Deliveries {
  const ids: string[] = [];
  let unattributed = 0;
  for (const m of messages) {
    const nonce = String(m.nonce);
    const carried = records.outbox.get(nonce) ?? records.deadLetters.get(nonce)?.ids;
    if (carried) ids.push(...carried);
    else unattributed += 1;
  }
  return { postsById: countBy(ids, (id) => id), unattributed };
}

/** The same alert posted twice, or a once-only condition (a tier, a level cross) posted as two alerts. */
function findDoubles(
  postsById: Map<string, number>,
  alerts: ReadonlyMap<string, RecordedAlert>,
  falseIds: ReadonlySet<string>,
): string[] {
  const doubles = [...postsById].filter(([, n]) => n > 1).map(([id, n]) => `${id} posted ${n} times`);
  const onceOnly = [...postsById.keys()]
    .filter((id) => !falseIds.has(id))
    .map((id) => alerts.get(id))
    .filter((a): a is RecordedAlert => a !== undefined && ONCE_ONLY_RULES.has(a.rule));
  for (const [key, n] of countBy(onceOnly, keyOf)) if (n > 1) doubles.push(`${key} posted as ${n} alerts`);
  return doubles;
}

/** Expected conditions never posted (top tiers: never refused), and recorded alerts never posted. */
function findLosses(
  expected: readonly ExpectedAlert[],
  records: BotRecords,
  postsById: Map<string, number>,
  refusedIds: ReadonlySet<string>,
  falseIds: ReadonlySet<string>,
): { lost: string[]; refusedAsDesigned: number } {
  const keysOf = (ids: Iterable<string>) =>
    new Set(
      [...ids]
        .filter((id) => !falseIds.has(id))
        .flatMap((id) => records.alerts.filter((a) => a.id === id).map(keyOf)),
    );
  const postedKeys = keysOf(postsById.keys());
  const refusedKeys = keysOf(refusedIds);
  const lost: string[] = [];
  let refusedAsDesigned = 0;
  for (const e of expected) {
    const key = alertKey(e);
    if (e.topTier && refusedKeys.has(key)) refusedAsDesigned += 1;
    else if (e.topTier) lost.push(`${key}: top tier, never reached the refused channel's dead letters`);
    else if (!postedKeys.has(key)) lost.push(`${key}: expected, never posted`);
  }
  const expectedKeys = new Set(expected.map(alertKey));
  for (const a of records.alerts) {
    if (postsById.has(a.id) || refusedIds.has(a.id) || expectedKeys.has(keyOf(a))) continue;
    lost.push(`${a.id}: recorded by the bot, never posted`);
  }
  return { lost, refusedAsDesigned };
}

/**
 * Compares what the path must produce, what the bot recorded and what the fake Discord received.
 * Whether the recorded alerts are right is the judge's part (chaos/judge.ts): the alerts it found
 * false (`falseIds`) neither deliver an expected alert nor double one; they are counted as false.
 */
export function tally(
  expected: readonly ExpectedAlert[],
  records: BotRecords,
  messages: readonly PostedMessage[],
  refusedChannel: string,
  falseIds: ReadonlySet<string> = new Set(),
): Tally {
  const alerts = new Map(records.alerts.map((a) => [a.id, a]));
  const { postsById, unattributed } = deliveriesOf(messages, records);
  const refusedIds = new Set(
    [...records.deadLetters.values()].filter((d) => d.target.includes(refusedChannel)).flatMap((d) => d.ids),
  );
  const { lost, refusedAsDesigned } = findLosses(expected, records, postsById, refusedIds, falseIds);
  const doubled = findDoubles(postsById, alerts, falseIds);
  return {
    expected: expected.length,
    recorded: records.alerts.length,
    delivered: postsById.size,
    lost: lost.length,
    doubled: doubled.length,
    refusedAsDesigned,
    recordedByRule: Object.fromEntries(countBy(records.alerts, (a) => a.rule)),
    unattributedMessages: unattributed,
    details: { lost, doubled },
  };
}
