import { describe, expect, it } from 'vitest';
import type { ExpectedAlert } from '../../chaos/pricePath.js';
import { recordsFromRows, tally, type BotRecords, type RecordedAlert } from '../../chaos/tally.js';

const REFUSED = '300000000000000003';
const tier = (mark: number, topTier = false): ExpectedAlert => ({
  symbol: 'HSI',
  rule: 'dayMove',
  direction: 'up',
  mark,
  topTier,
});
const recorded = (id: string, severity: number, extra: Partial<RecordedAlert> = {}): RecordedAlert => ({
  id,
  symbol: 'HSI',
  rule: 'dayMove',
  direction: 'up',
  severity,
  price: 23_600 + severity,
  basePrice: 23_289.77,
  time: 1_000 * severity,
  recordedAt: 1_000 * severity + 50,
  ...extra,
});

function records(
  alerts: RecordedAlert[],
  outbox: [string, string[]][],
  dead: [string, string, string[]][] = [],
) {
  return {
    alerts,
    outbox: new Map(outbox),
    deadLetters: new Map(dead.map(([nonce, target, ids]) => [nonce, { target, ids }])),
    pendingMessages: 0,
  } satisfies BotRecords;
}

describe('tally', () => {
  it('GIVEN every expected tier posted once THEN nothing is lost or doubled', () => {
    const r = records(
      [recorded('a1', 1), recorded('a2', 2)],
      [
        ['n1', ['a1']],
        ['n2', ['a2']],
      ],
    );
    const t = tally(
      [tier(1), tier(2)],
      r,
      [
        { nonce: 'n1', channelId: 'c' },
        { nonce: 'n2', channelId: 'c' },
      ],
      REFUSED,
    );
    expect(t).toMatchObject({
      expected: 2,
      recorded: 2,
      delivered: 2,
      lost: 0,
      doubled: 0,
    });
  });

  it('GIVEN an expected tier the bot recorded but never posted THEN it is lost', () => {
    const r = records(
      [recorded('a1', 1), recorded('a2', 2)],
      [
        ['n1', ['a1']],
        ['n2', ['a2']],
      ],
    );
    const t = tally([tier(1), tier(2)], r, [{ nonce: 'n1', channelId: 'c' }], REFUSED);
    expect(t.lost).toBe(1);
    expect(t.details.lost).toEqual(['HSI:dayMove:up:2: expected, never posted']);
  });

  it('GIVEN an alert of another rule recorded and never posted THEN it is lost too', () => {
    const window = recorded('w1', 1.2, { rule: 'windowMove' });
    const r = records(
      [recorded('a1', 1), window],
      [
        ['n1', ['a1']],
        ['n2', ['w1']],
      ],
    );
    const t = tally([tier(1)], r, [{ nonce: 'n1', channelId: 'c' }], REFUSED);
    expect(t.details.lost).toEqual(['w1: recorded by the bot, never posted']);
  });

  it('GIVEN one alert carried by two messages THEN it is doubled', () => {
    const r = records(
      [recorded('a1', 1)],
      [
        ['n1', ['a1']],
        ['n2', ['a1']],
      ],
    );
    const t = tally(
      [tier(1)],
      r,
      [
        { nonce: 'n1', channelId: 'c' },
        { nonce: 'n2', channelId: 'c' },
      ],
      REFUSED,
    );
    expect(t.doubled).toBe(1);
  });

  it('GIVEN the same tier recorded under two ids and both posted THEN it is doubled', () => {
    const r = records(
      [recorded('a1', 1), recorded('a1-again', 1, { time: 9_000 })],
      [
        ['n1', ['a1']],
        ['n2', ['a1-again']],
      ],
    );
    const t = tally(
      [tier(1)],
      r,
      [
        { nonce: 'n1', channelId: 'c' },
        { nonce: 'n2', channelId: 'c' },
      ],
      REFUSED,
    );
    expect(t.details.doubled).toEqual(['HSI:dayMove:up:1 posted as 2 alerts']);
  });

  it('GIVEN the top tier in the refused channel’s dead letters THEN refused as designed; elsewhere THEN lost', () => {
    const alerts = [recorded('a4', 4), recorded('a1', 1)];
    const r = records(
      alerts,
      [],
      [
        ['n4', REFUSED, ['a4']],
        ['n1', '300000000000000001', ['a1']],
      ],
    );
    const t = tally([tier(4, true), tier(1)], r, [], REFUSED);
    expect(t.refusedAsDesigned).toBe(1);
    expect(t.details.lost).toEqual(['HSI:dayMove:up:1: expected, never posted']);
  });

  it('GIVEN the only posted alert of an expected tier was judged false THEN the tier is lost, not delivered by it', () => {
    const r = records([recorded('bad', 1)], [['n1', ['bad']]]);
    const t = tally([tier(1)], r, [{ nonce: 'n1', channelId: 'c' }], REFUSED, new Set(['bad']));
    expect(t.details.lost).toEqual(['HSI:dayMove:up:1: expected, never posted']);
  });

  it('GIVEN a false alert and a true one for the same tier THEN no double: the false one is the judge’s to count', () => {
    const r = records(
      [recorded('bad', 1, { time: 500 }), recorded('a1', 1)],
      [
        ['n1', ['bad']],
        ['n2', ['a1']],
      ],
    );
    const posted = [
      { nonce: 'n1', channelId: 'c' },
      { nonce: 'n2', channelId: 'c' },
    ];
    expect(tally([tier(1)], r, posted, REFUSED).doubled).toBe(1);
    expect(tally([tier(1)], r, posted, REFUSED, new Set(['bad'])).doubled).toBe(0);
  });
});

describe('recordsFromRows', () => {
  it('GIVEN PostgreSQL rows (bigints as text, JSON maybe parsed) or SQLite ones THEN the same records', () => {
    const alert = recorded('a1', 1);
    const { recordedAt, ...payload } = alert;
    const message = { alerts: [{ id: 'a1' }] };
    const rows = (json: (v: object) => string | Record<string, unknown>, n: (v: number) => number | string) =>
      recordsFromRows({
        alerts: [{ payload: json(payload), recorded_at: n(recordedAt) }],
        outbox: [{ nonce: 'n1', target: 'channel:c', payload: json(message) }],
        deadLetters: [{ nonce: 'n2', target: `channel:${REFUSED}`, payload: json(message) }],
        pending: n(3),
      });
    const fromSqlite = rows(
      (v) => JSON.stringify(v),
      (v) => v,
    );
    const fromPostgres = rows(
      (v) => ({ ...v }),
      (v) => String(v),
    );
    expect(fromPostgres).toEqual(fromSqlite);
    expect(fromSqlite).toEqual({
      alerts: [alert],
      outbox: new Map([['n1', ['a1']]]),
      deadLetters: new Map([['n2', { target: `channel:${REFUSED}`, ids: ['a1'] }]]),
      pendingMessages: 3,
    });
  });
});
