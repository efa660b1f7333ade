import { describe, expect, it } from 'vitest';
import { useTempStores } from './tempStore.js';

const { dbPath, open } = useTempStores();

describe('outbox', () => {
  it('GIVEN entries THEN they come out strictly in order and only when due', () => {
    const store = open(dbPath());
    const a = store.enqueue({ nonce: 'n1', target: 'c1', payload: { x: 1 }, eventTime: 5 }, 100);
    store.enqueue({ nonce: 'n2', target: 'c1', payload: { x: 2 }, eventTime: 6 }, 100);
    expect(store.nextDue(100)).toMatchObject({
      seq: a,
      nonce: 'n1',
      payload: { x: 1 },
      eventTime: 5,
      attempts: 0,
    });
    store.markRetry(a, 'HTTP 503', 200);
    // The head is not due yet, and nothing behind it may overtake it.
    expect(store.nextDue(150)).toBeNull();
    expect(store.nextDue(200)).toMatchObject({ nonce: 'n1', attempts: 1 });
    store.markSent(a, '123456789012345678', 200);
    expect(store.nextDue(200)?.nonce).toBe('n2');
    expect(store.pendingCount()).toBe(1);
  });

  it('GIVEN a restart THEN pending entries survive with their nonce', () => {
    const path = dbPath();
    const first = open(path);
    first.enqueue({ nonce: 'keep-me', target: 'c1', payload: {}, eventTime: 1 }, 1);
    first.close();
    const second = open(path);
    expect(second.nextDue(2)?.nonce).toBe('keep-me');
  });

  it('GIVEN a permanently rejected entry THEN it stops blocking the queue', () => {
    const store = open(dbPath());
    const a = store.enqueue({ nonce: 'bad', target: 'c1', payload: {}, eventTime: 1 }, 1);
    store.enqueue({ nonce: 'good', target: 'c1', payload: {}, eventTime: 1 }, 1);
    store.markFailed(a, 'HTTP 400');
    expect(store.nextDue(1)?.nonce).toBe('good');
  });

  it('GIVEN the same nonce twice THEN the store refuses the duplicate', () => {
    const store = open(dbPath());
    store.enqueue({ nonce: 'dup', target: 'c1', payload: {}, eventTime: 1 }, 1);
    expect(() => store.enqueue({ nonce: 'dup', target: 'c1', payload: {}, eventTime: 1 }, 1)).toThrow(
      /UNIQUE/,
    );
  });
});

describe('silences and threshold audit', () => {
  it('GIVEN a silence THEN it is active until it expires and can be lifted', () => {
    const store = open(dbPath());
    store.silence('HSI', 1_000, 'alice', 0);
    expect(store.activeSilences(999)).toEqual([{ symbol: 'HSI', until: 1_000, silencedBy: 'alice' }]);
    expect(store.activeSilences(1_000)).toEqual([]);
    expect(store.unsilence('HSI')).toBe(true);
    expect(store.unsilence('HSI')).toBe(false);
  });

  it('GIVEN threshold changes THEN they are listed newest first, per symbol or all', () => {
    const store = open(dbPath());
    const base = {
      userId: '1',
      userName: 'alice',
      rule: 'windowMove.thresholdPct',
      oldValue: '0.75',
      newValue: '0.5',
    };
    store.recordThresholdChange({ ...base, at: 1, symbol: 'HSI' });
    store.recordThresholdChange({ ...base, at: 2, symbol: 'N225' });
    store.recordThresholdChange({ ...base, at: 3, symbol: 'HSI', newValue: '0.6' });
    expect(store.thresholdChanges('HSI', 10).map((c) => [c.at, c.newValue])).toEqual([
      [3, '0.6'],
      [1, '0.5'],
    ]);
    expect(store.thresholdChanges(null, 2).map((c) => c.symbol)).toEqual(['HSI', 'N225']);
  });
});
