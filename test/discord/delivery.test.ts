import { describe, expect, it } from 'vitest';
import { createDelivery } from '../../src/discord/delivery.js';
import type { SendEntry } from '../../src/discord/delivery.js';
import { silentLog as log } from '../support/silentLog.js';
import { useTempStores } from '../store/tempStore.js';

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
      while (!store.nextDue(now + wait)) wait += 10;
      waits.push(wait);
      now += wait;
    }
    expect(waits).toEqual([100, 200, 300, 300]);
  });
});
