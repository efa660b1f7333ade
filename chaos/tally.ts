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

const alertIdsOf = (payload: string): string[] => {
  const parsed = JSON.parse(payload) as { alerts?: { id: string }[] };
  return (parsed.alerts ?? []).map((a) => a.id);
};

export function readBotRecords(dbPath: string): BotRecords {
  if (!existsSync(dbPath)) {
    throw new Error(`chaos: the bot never created ${dbPath}; its output is in bot.log beside it`);
  }
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const alerts = db
      .prepare<[], { payload: string; recorded_at: number }>(
        'SELECT payload, recorded_at FROM alerts ORDER BY recorded_at, time',
      )
      .all()
      .map((row) => ({ ...(JSON.parse(row.payload) as RecordedAlert), recordedAt: row.recorded_at }));
    const rows = (table: string) =>
      db
        .prepare<[], { nonce: string; target: string; payload: string }>(
          `SELECT nonce, target, payload FROM ${table}`,
        )
        .all();
    return {
      alerts,
      outbox: new Map(rows('outbox').map((r) => [r.nonce, alertIdsOf(r.payload)])),
      deadLetters: new Map(
        rows('dead_letters').map((r) => [r.nonce, { target: r.target, ids: alertIdsOf(r.payload) }]),
      ),
      pendingMessages:
        db.prepare<[], { n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get()?.n ??
        0,
    };
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
