import { describe, expect, it } from 'vitest';
import { pruneOlderThan, RETENTION_PRUNE_EVERY_MS, startRetention } from '../../src/store/retention.js';
import type { Store } from '../../src/store/openStore.js';
import { silentLog } from '../support/silentLog.js';
import { storeKinds, useStores } from './tempStore.js';
import { sampleAlert } from '../support/sampleAlert.js';

const DAY = 24 * 60 * 60_000;
const NOW = Date.parse('2025-07-01T00:00:00Z');
const OLD = NOW - 31 * DAY;
const RECENT = NOW - 29 * DAY;

/** One row of every pruned kind at `time`, plus a message still waiting for Discord. */
function fill(store: Store, time: number, tag: string): void {
  store.appendBars('HSI', [{ time, price: 23_000 }]);
  store.recordAlerts(
    [sampleAlert({ id: `HSI:dayMove:2:${time}`, time, sessionId: 'HKEX:2025-06-02' })],
    time,
  );
  const sent = store.enqueue({ nonce: `sent-${tag}`, target: 'c1', payload: {}, eventTime: time }, time);
  store.markSent(sent, '1', time);
  const dead = store.enqueue({ nonce: `dead-${tag}`, target: 'gone', payload: {}, eventTime: time }, time);
  store.moveToDeadLetters(dead, 'HTTP 404 code 10003: Unknown Channel', time);
  store.enqueue({ nonce: `pending-${tag}`, target: 'down', payload: {}, eventTime: time }, time);
  store.recordThresholdChange({
    at: time,
    userId: '1',
    userName: 'alice',
    symbol: 'HSI',
    rule: 'windowMove.thresholdPct',
    oldValue: '0.75',
    newValue: '0.5',
  });
}

describe.each(storeKinds)('%s store', (kind) => {
  const { fresh } = useStores(kind);

  describe('retention', () => {
    it('GIVEN rows older and younger than the retention period THEN only the old ones are removed, and queued messages never', () => {
      const store = fresh();
      fill(store, OLD, 'old');
      fill(store, RECENT, 'recent');

      expect(pruneOlderThan(store, NOW, 30)).toEqual({
        bars: 1,
        alerts: 1,
        sentOutbox: 1,
        deadLetters: 1,
        thresholdAudit: 1,
      });
      expect(store.recentBars('HSI', 0).map((b) => b.time)).toEqual([RECENT]);
      expect(store.recentAlerts(10).map((a) => a.time)).toEqual([RECENT]);
      expect(store.thresholdChanges(null, 10).map((c) => c.at)).toEqual([RECENT]);
      expect(store.deadLetterSummary()).toMatchObject({ count: 1, latest: { deadAt: RECENT } });
      // Both undelivered messages survive, however old: pruning them would lose alerts.
      expect(store.pendingCount()).toBe(2);
      expect(store.dueHeads(NOW).map((e) => e.nonce)).toEqual(['pending-old']);
      expect(pruneOlderThan(store, NOW, 30)).toEqual({
        bars: 0,
        alerts: 0,
        sentOutbox: 0,
        deadLetters: 0,
        thresholdAudit: 0,
      });
    });

    it('GIVEN a shorter period THEN more is removed', () => {
      const store = fresh();
      fill(store, RECENT, 'recent');
      expect(pruneOlderThan(store, NOW, 7).bars).toBe(1);
    });

    it('GIVEN the bot starts THEN it prunes at once and then once a day with the period configured at that time', () => {
      const store = fresh();
      fill(store, OLD, 'old');
      fill(store, RECENT, 'recent');
      let days = 30;
      const timers: { ms: number; tick: () => void }[] = [];
      const timer = {
        every(ms: number, tick: () => void) {
          timers.push({ ms, tick });
          return { stop: () => Promise.resolve() };
        },
      };
      startRetention({ store, retentionDays: () => days, now: () => NOW, log: silentLog }, timer);
      expect(store.recentBars('HSI', 0)).toHaveLength(1);
      expect(timers.map((t) => t.ms)).toEqual([RETENTION_PRUNE_EVERY_MS]);
      expect(RETENTION_PRUNE_EVERY_MS).toBe(DAY);
      days = 7;
      timers[0]?.tick();
      expect(store.recentBars('HSI', 0)).toEqual([]);
    });

    it('GIVEN a report still being edited THEN its old post survives pruning, and goes once the report is finished', () => {
      const store = fresh();
      store.scheduleReport('ev-1');
      const post = store.enqueue(
        { nonce: 'p', target: 'c1', payload: {}, eventTime: OLD, reportKey: 'ev-1' },
        OLD,
      );
      store.markSent(post, '111111111111111111', OLD);
      store.markPublished('ev-1', 3, false);
      expect(pruneOlderThan(store, NOW, 30).sentOutbox).toBe(0);
      expect(
        store.enqueueEdit({ reportKey: 'ev-1', nonce: 'e', payload: {}, eventTime: NOW }, NOW),
      ).not.toBeNull();
      store.markPublished('ev-1', 15, true);
      // The final edit is still queued: the post it changes stays until the edit is sent.
      expect(pruneOlderThan(store, NOW, 30).sentOutbox).toBe(0);
      const edit = store.nextDueFor('c1', NOW);
      store.markSent(edit?.seq ?? -1, '111111111111111111', NOW);
      expect(pruneOlderThan(store, NOW, 30).sentOutbox).toBe(1);
    });
  });
});
