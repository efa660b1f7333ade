import { describe, expect, it } from 'vitest';
import { storeKinds, useStores } from './tempStore.js';

describe.each(storeKinds)('%s store', (kind) => {
  const { fresh, location, open } = useStores(kind);

  describe('outbox', () => {
    it('GIVEN entries THEN they come out strictly in order and only when due', () => {
      const store = fresh();
      const a = store.enqueue({ nonce: 'n1', target: 'c1', payload: { x: 1 }, eventTime: 5 }, 100);
      store.enqueue({ nonce: 'n2', target: 'c1', payload: { x: 2 }, eventTime: 6 }, 100);
      expect(store.nextDueFor('c1', 100)).toMatchObject({
        seq: a,
        nonce: 'n1',
        payload: { x: 1 },
        eventTime: 5,
        attempts: 0,
      });
      store.markRetry(a, 'HTTP 503', 200);
      // The head is not due yet, and nothing behind it may overtake it.
      expect(store.nextDueFor('c1', 150)).toBeNull();
      expect(store.dueHeads(150)).toEqual([]);
      expect(store.nextDueFor('c1', 200)).toMatchObject({ nonce: 'n1', attempts: 1 });
      store.markSent(a, '123456789012345678', 200);
      expect(store.nextDueFor('c1', 200)?.nonce).toBe('n2');
      expect(store.pendingCount()).toBe(1);
    });

    it('GIVEN a restart THEN pending entries survive with their nonce', () => {
      const path = location();
      const first = open(path);
      first.enqueue({ nonce: 'keep-me', target: 'c1', payload: {}, eventTime: 1 }, 1);
      first.close();
      const second = open(path);
      expect(second.dueHeads(2).map((e) => e.nonce)).toEqual(['keep-me']);
    });

    it("GIVEN a destination waiting on a retry THEN the other destinations' heads are still due, oldest first", () => {
      const store = fresh();
      const stuck = store.enqueue({ nonce: 'a1', target: 'a', payload: {}, eventTime: 1 }, 1);
      store.enqueue({ nonce: 'a2', target: 'a', payload: {}, eventTime: 1 }, 1);
      store.enqueue({ nonce: 'b1', target: 'b', payload: {}, eventTime: 1 }, 1);
      store.enqueue({ nonce: 'c1', target: 'c', payload: {}, eventTime: 1 }, 1);
      expect(store.dueHeads(1).map((e) => e.nonce)).toEqual(['a1', 'b1', 'c1']);
      store.markRetry(stuck, 'HTTP 503', 100);
      // a2 is due by its own time but must not overtake a1.
      expect(store.dueHeads(50).map((e) => e.nonce)).toEqual(['b1', 'c1']);
      expect(store.nextDueFor('a', 50)).toBeNull();
      expect(store.dueHeads(100).map((e) => e.nonce)).toEqual(['a1', 'b1', 'c1']);
    });

    it('GIVEN a permanently refused entry THEN it moves to the dead letters and stops blocking its queue', () => {
      const store = fresh();
      const a = store.enqueue({ nonce: 'bad', target: 'c1', payload: {}, eventTime: 1 }, 1);
      store.enqueue({ nonce: 'good', target: 'c1', payload: {}, eventTime: 1 }, 1);
      expect(store.deadLetterSummary()).toEqual({ count: 0, latest: null });
      store.moveToDeadLetters(a, 'HTTP 404 code 10003: Unknown Channel', 7);
      expect(store.nextDueFor('c1', 7)?.nonce).toBe('good');
      expect(store.pendingCount()).toBe(1);
      expect(store.deadLetterSummary()).toEqual({
        count: 1,
        latest: { seq: a, target: 'c1', reason: 'HTTP 404 code 10003: Unknown Channel', deadAt: 7 },
      });
    });

    it('GIVEN the same nonce twice THEN the store refuses the duplicate', () => {
      const store = fresh();
      store.enqueue({ nonce: 'dup', target: 'c1', payload: {}, eventTime: 1 }, 1);
      expect(() => store.enqueue({ nonce: 'dup', target: 'c1', payload: {}, eventTime: 1 }, 1)).toThrow(
        /unique/i,
      );
    });
  });

  describe('outbox edits of a report', () => {
    const post = (nonce: string, reportKey = 'ev-1') => ({
      nonce,
      target: 'c1',
      payload: { v: 0 },
      eventTime: 1,
      reportKey,
    });
    const edit = (nonce: string, v: number, reportKey = 'ev-1') => ({
      reportKey,
      nonce,
      payload: { v },
      eventTime: 1,
    });

    it('GIVEN edits queued while the post waits THEN only the newest stays, behind the post, with its message id once sent', () => {
      const store = fresh();
      const p = store.enqueue(post('p'), 1);
      store.enqueue({ nonce: 'other', target: 'c2', payload: {}, eventTime: 1 }, 1);
      expect(store.enqueueEdit(edit('e1', 1), 2)).not.toBeNull();
      const newest = store.enqueueEdit(edit('e2', 2), 3);
      expect(store.pendingCount()).toBe(3);
      expect(store.nextDueFor('c1', 3)).toMatchObject({
        seq: p,
        kind: 'post',
        reportKey: 'ev-1',
        messageId: null,
        postSentAt: null,
      });
      store.markSent(p, '111111111111111111', 4);
      expect(store.nextDueFor('c1', 4)).toEqual({
        seq: newest,
        nonce: 'e2',
        target: 'c1',
        payload: { v: 2 },
        eventTime: 1,
        createdAt: 3,
        attempts: 0,
        kind: 'edit',
        reportKey: 'ev-1',
        messageId: '111111111111111111',
        postSentAt: 4,
      });
    });

    it('GIVEN no post for the report THEN an edit is not queued', () => {
      const store = fresh();
      store.enqueue(post('p', 'ev-1'), 1);
      expect(store.enqueueEdit(edit('e', 1, 'ev-2'), 2)).toBeNull();
      expect(store.pendingCount()).toBe(1);
    });

    it('GIVEN a second post for the same report THEN the store refuses it', () => {
      const store = fresh();
      store.enqueue(post('p1'), 1);
      expect(() => store.enqueue(post('p2'), 1)).toThrow(/unique/i);
    });

    it('GIVEN a refused post THEN its queued edits go with it, later ones are not queued, and one dead letter counts', () => {
      const store = fresh();
      const p = store.enqueue(post('p'), 1);
      store.enqueueEdit(edit('e1', 1), 2);
      store.moveToDeadLetters(p, 'HTTP 404 code 10003: Unknown Channel', 3);
      expect(store.pendingCount()).toBe(0);
      expect(store.enqueueEdit(edit('e2', 2), 4)).toBeNull();
      expect(store.pendingCount()).toBe(0);
      expect(store.deadLetterSummary()).toMatchObject({ count: 1, latest: { seq: p } });
    });

    it('GIVEN a refused edit (the message was deleted) THEN later edits of that report are not queued', () => {
      const store = fresh();
      const p = store.enqueue(post('p'), 1);
      store.markSent(p, '111111111111111111', 2);
      const e = store.enqueueEdit(edit('e1', 1), 3) ?? -1;
      store.moveToDeadLetters(e, 'HTTP 404 code 10008: Unknown Message', 4);
      expect(store.enqueueEdit(edit('e2', 2), 5)).toBeNull();
      expect(store.pendingCount()).toBe(0);
    });
  });

  describe('silences and threshold audit', () => {
    it('GIVEN a silence THEN it is active until it expires and can be lifted', () => {
      const store = fresh();
      store.silence('HSI', 1_000, 'alice', 0);
      expect(store.activeSilences(999)).toEqual([{ symbol: 'HSI', until: 1_000, silencedBy: 'alice' }]);
      expect(store.activeSilences(1_000)).toEqual([]);
      expect(store.unsilence('HSI')).toBe(true);
      expect(store.unsilence('HSI')).toBe(false);
    });

    it('GIVEN threshold changes THEN they are listed newest first, per symbol or all', () => {
      const store = fresh();
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
});
