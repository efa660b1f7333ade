import { describe, expect, it } from 'vitest';
import { createDelivery, isPermanentFailure } from '../../src/discord/delivery.js';
import type { SendEntry } from '../../src/discord/delivery.js';
import { silentLog as log } from '../support/silentLog.js';
import pg from 'pg';
import { openStore } from '../../src/store/openStore.js';
import { useTempStores } from '../store/tempStore.js';
import { createTestDatabase } from '../support/testDatabase.js';
import { HEAVY_TEST_MS } from '../support/waitFor.js';

const { dbPath, open } = useTempStores();

/** A sender that fails with the given errors in turn, then succeeds; it records what it sent. */
function flakySender(failures: Error[]) {
  const sent: string[] = [];
  const send: SendEntry = (entry) => {
    const failure = failures.shift();
    if (failure) return Promise.reject(failure);
    sent.push(entry.nonce);
    return Promise.resolve(`msg-${entry.nonce}`);
  };
  return { send, sent };
}

function httpError(status: number): Error {
  return Object.assign(new Error(`HTTP ${status}`), { status });
}

describe('outbox delivery', () => {
  it('GIVEN Discord down THEN nothing is lost and everything goes out in order when it returns', async () => {
    const store = open(dbPath());
    let now = 1_000;
    const { send, sent } = flakySender([httpError(503), new Error('ECONNRESET')]);
    const delivery = createDelivery({
      store,
      send,
      now: () => now,
      log,
      backoff: { initialMs: 100, maxMs: 1_000 },
    });
    for (const nonce of ['a', 'b', 'c'])
      store.enqueue({ nonce, target: 'c', payload: {}, eventTime: 0 }, now);

    expect(await delivery.drain()).toBe(0);
    expect(store.pendingCount()).toBe(3);
    // Inside the backoff nothing is tried; 'b' never overtakes 'a'.
    now += 50;
    expect(await delivery.drain()).toBe(0);
    now += 50;
    expect(await delivery.drain()).toBe(0);
    now += 200;
    expect(await delivery.drain()).toBe(3);
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(store.pendingCount()).toBe(0);
  });

  it('GIVEN a message Discord rejects with 400 THEN it is dropped and the queue moves on', async () => {
    const store = open(dbPath());
    const { send, sent } = flakySender([httpError(400)]);
    const delivery = createDelivery({ store, send, now: () => 0, log });
    store.enqueue({ nonce: 'bad', target: 'c', payload: {}, eventTime: 0 }, 0);
    store.enqueue({ nonce: 'good', target: 'c', payload: {}, eventTime: 0 }, 0);
    expect(await delivery.drain()).toBe(1);
    expect(sent).toEqual(['good']);
    expect(store.deadLetterSummary()).toMatchObject({ count: 1, latest: { reason: 'HTTP 400: HTTP 400' } });
  });

  it('GIVEN one destination failing for a while THEN the others keep receiving, each in order', async () => {
    const store = open(dbPath());
    let now = 0;
    const sent: string[] = [];
    const send: SendEntry = (entry) => {
      if (entry.target === 'down' && now < 1_000) return Promise.reject(new Error('ECONNRESET'));
      sent.push(entry.nonce);
      return Promise.resolve(null);
    };
    const delivery = createDelivery({
      store,
      send,
      now: () => now,
      log,
      backoff: { initialMs: 1_000, maxMs: 1_000 },
    });
    for (const n of [1, 2, 3])
      for (const target of ['up', 'down'])
        store.enqueue({ nonce: `${target}${n}`, target, payload: {}, eventTime: 0 }, 0);

    expect(await delivery.drain()).toBe(3);
    expect(sent).toEqual(['up1', 'up2', 'up3']);
    now = 1_000;
    expect(await delivery.drain()).toBe(3);
    expect(sent.slice(3)).toEqual(['down1', 'down2', 'down3']);
  });

  it('GIVEN one destination hanging THEN a message staged later for another still goes out at once', async () => {
    const store = open(dbPath());
    const sent: string[] = [];
    let release: () => void = () => undefined;
    const hanging = new Promise<null>((resolve) => {
      release = () => {
        resolve(null);
      };
    });
    const send: SendEntry = (entry) => {
      if (entry.target === 'slow') return hanging;
      sent.push(entry.nonce);
      return Promise.resolve(null);
    };
    const delivery = createDelivery({ store, send, now: () => 0, log });
    store.enqueue({ nonce: 'hangs', target: 'slow', payload: {}, eventTime: 0 }, 0);
    const first = delivery.drain();
    store.enqueue({ nonce: 'later', target: 'fast', payload: {}, eventTime: 0 }, 0);
    const second = delivery.drain();
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual(['later']);
    release();
    await Promise.all([first, second]);
    expect(store.pendingCount()).toBe(0);
  });

  it('GIVEN Discord errors THEN only gone, forbidden or unacceptable messages count as permanent', () => {
    const discordError = (status: number, code: number) => Object.assign(new Error('x'), { status, code });
    for (const err of [
      httpError(400),
      httpError(403),
      httpError(404),
      discordError(404, 10003),
      discordError(404, 10008),
      discordError(404, 10015),
      discordError(403, 50001),
      discordError(403, 50013),
    ])
      expect(isPermanentFailure(err)).toBe(true);
    for (const err of [
      httpError(429),
      httpError(500),
      httpError(503),
      httpError(401),
      new Error('ECONNRESET'),
      'boom',
    ])
      expect(isPermanentFailure(err)).toBe(false);
  });

  it('GIVEN two drains at once THEN each entry is sent once', async () => {
    const store = open(dbPath());
    const { send, sent } = flakySender([]);
    const delivery = createDelivery({ store, send, now: () => 0, log });
    store.enqueue({ nonce: 'only', target: 'c', payload: {}, eventTime: 0 }, 0);
    await Promise.all([delivery.drain(), delivery.drain()]);
    expect(sent).toEqual(['only']);
  });

  it('GIVEN repeated failures THEN the backoff doubles up to its cap', async () => {
    const store = open(dbPath());
    let now = 0;
    const { send } = flakySender([httpError(502), httpError(502), httpError(502), httpError(502)]);
    const delivery = createDelivery({
      store,
      send,
      now: () => now,
      log,
      backoff: { initialMs: 100, maxMs: 300 },
    });
    store.enqueue({ nonce: 'x', target: 'c', payload: {}, eventTime: 0 }, 0);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      await delivery.drain();
      let wait = 0;
      while (!store.nextDueFor('c', now + wait)) wait += 10;
      waits.push(wait);
      now += wait;
    }
    expect(waits).toEqual([100, 200, 300, 300]);
  });

  it('GIVEN a report post retried THEN its edit waits behind it and is sent with the message id the post got', async () => {
    const store = open(dbPath());
    let now = 0;
    const calls: string[] = [];
    const failures = [httpError(503)];
    const send: SendEntry = (entry) => {
      calls.push(`${entry.kind} ${entry.nonce} ${entry.messageId ?? '-'}`);
      const failure = failures.shift();
      if (failure) return Promise.reject(failure);
      return Promise.resolve(entry.kind === 'post' ? '222222222222222222' : entry.messageId);
    };
    const delivery = createDelivery({
      store,
      send,
      now: () => now,
      log,
      backoff: { initialMs: 100, maxMs: 100 },
    });
    store.enqueue({ nonce: 'post', target: 'c', payload: {}, eventTime: 0, reportKey: 'ev-1' }, 0);
    store.enqueueEdit({ reportKey: 'ev-1', nonce: 'edit1', payload: {}, eventTime: 0 }, 0);
    expect(await delivery.drain()).toBe(0);
    store.enqueueEdit({ reportKey: 'ev-1', nonce: 'edit2', payload: {}, eventTime: 0 }, 0);
    now = 100;
    expect(await delivery.drain()).toBe(2);
    expect(calls).toEqual(['post post -', 'post post -', 'edit edit2 222222222222222222']);
  });

  it('GIVEN an edit refused for good THEN it is dead after one attempt and the report is edited no more', async () => {
    const store = open(dbPath());
    const { send, sent } = flakySender([]);
    const delivery = createDelivery({ store, send, now: () => 0, log });
    store.enqueue({ nonce: 'post', target: 'c', payload: {}, eventTime: 0, reportKey: 'ev-1' }, 0);
    await delivery.drain();
    const gone = Object.assign(new Error('Unknown Message'), { status: 404, code: 10008 });
    const refusing = createDelivery({ store, send: () => Promise.reject(gone), now: () => 0, log });
    store.enqueueEdit({ reportKey: 'ev-1', nonce: 'edit1', payload: {}, eventTime: 0 }, 0);
    expect(await refusing.drain()).toBe(0);
    expect(store.deadLetterSummary()).toMatchObject({
      count: 1,
      latest: { reason: 'HTTP 404 code 10008: Unknown Message' },
    });
    expect(store.enqueueEdit({ reportKey: 'ev-1', nonce: 'edit2', payload: {}, eventTime: 0 }, 0)).toBeNull();
    expect(sent).toEqual(['post']);
  });

  it('GIVEN an edit whose post got no message id THEN it goes to the dead letters without a request', async () => {
    const store = open(dbPath());
    const { send, sent } = flakySender([]);
    const delivery = createDelivery({ store, send, now: () => 0, log });
    const post = store.enqueue(
      { nonce: 'post', target: 'c', payload: {}, eventTime: 0, reportKey: 'ev-1' },
      0,
    );
    store.markSent(post, null, 0);
    store.enqueueEdit({ reportKey: 'ev-1', nonce: 'edit', payload: {}, eventTime: 0 }, 0);
    expect(await delivery.drain()).toBe(0);
    expect(sent).toEqual([]);
    expect(store.pendingCount()).toBe(0);
    expect(store.deadLetterSummary()).toMatchObject({ count: 1, latest: { reason: /no message id/ } });
  });

  it(
    'GIVEN a replica whose lease a newer leader holds THEN it posts nothing: the claim is fenced out before the post',
    async () => {
      const url = await createTestDatabase('fenced_delivery');
      const leader = openStore(url);
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(
        `INSERT INTO leader_lease (id, holder, token, expires_at) VALUES (1, 'b', 2, now() + interval '1 minute')`,
      );
      await admin.end();
      leader.enqueue({ nonce: 'n1', target: 'c', payload: {}, eventTime: 0 }, 0);
      const stale = openStore(url, { fence: { holder: 'a', token: 1 } });
      const { send, sent } = flakySender([]);
      try {
        expect(await createDelivery({ store: stale, send, now: () => 0, log }).drain()).toBe(0);
        expect(sent).toEqual([]);
        expect(leader.pendingCount()).toBe(1);
      } finally {
        stale.close();
        leader.close();
      }
    },
    HEAVY_TEST_MS,
  );
});
