import { describe, expect, it } from 'vitest';
import { storeKinds, useStores } from './tempStore.js';
import { sampleAlert } from '../support/sampleAlert.js';

describe.each(storeKinds)('%s store', (kind) => {
  const { fresh, location, open } = useStores(kind);

  describe('recordAlerts', () => {
    it('returns only alerts whose id was not recorded before', () => {
      const store = fresh();
      const a = sampleAlert({ id: 'a' });
      const b = sampleAlert({ id: 'b' });
      expect(store.recordAlerts([a], 10)).toEqual([a]);
      expect(store.recordAlerts([a, b], 20)).toEqual([b]);
    });

    it('returns the first of two alerts with the same id in one batch only', () => {
      const store = fresh();
      const first = sampleAlert({ id: 'x', message: 'first' });
      expect(store.recordAlerts([first, sampleAlert({ id: 'x', message: 'second' })], 10)).toEqual([first]);
    });

    it('returns nothing when the same alerts are recorded again after closing and reopening the file', () => {
      const path = location();
      const alerts = [sampleAlert({ id: 'a' }), sampleAlert({ id: 'b', time: 2000 })];
      const before = open(path);
      expect(before.recordAlerts(alerts, 10)).toHaveLength(2);
      before.close();
      const after = open(path);
      expect(after.recordAlerts(alerts, 20)).toEqual([]);
      expect(after.recentAlerts(10).map((a) => a.id)).toEqual(['b', 'a']);
    });
  });

  describe('recentAlerts', () => {
    it('lists alerts newest first, ties in reverse recording order, up to the limit', () => {
      const store = fresh();
      store.recordAlerts(
        [sampleAlert({ id: 'old', time: 1000 }), sampleAlert({ id: 'new', time: 3000 })],
        10,
      );
      store.recordAlerts(
        [sampleAlert({ id: 'mid1', time: 2000 }), sampleAlert({ id: 'mid2', time: 2000 })],
        20,
      );
      expect(store.recentAlerts(10).map((a) => a.id)).toEqual(['new', 'mid2', 'mid1', 'old']);
      expect(store.recentAlerts(2).map((a) => a.id)).toEqual(['new', 'mid2']);
      expect(store.recentAlerts(0)).toEqual([]);
    });

    it('rejects a negative or fractional limit', () => {
      const store = fresh();
      expect(() => store.recentAlerts(-1)).toThrow(RangeError);
      expect(() => store.recentAlerts(1.5)).toThrow(RangeError);
    });

    it('gives back every field of an alert, including optional ones and the event', () => {
      const path = location();
      const full = sampleAlert({
        id: 'full',
        rule: 'levelCross',
        direction: 'up',
        severity: 1.75,
        dayChangePct: null,
        windowMinutes: 15,
        zScore: 3.2,
        level: 24000,
        event: { id: 'ev1', title: 'Tariff news', time: 900, link: 'https://example.com/n' },
        escalated: true,
      });
      const bare = sampleAlert({ id: 'bare', time: 500 });
      open(path).recordAlerts([full, bare], 10);
      const [first, second] = open(path).recentAlerts(2);
      expect(first).toStrictEqual(full);
      expect(second).toStrictEqual(bare);
    });
  });

  describe('alertsForSession', () => {
    it('returns one instrument-session pair, oldest first', () => {
      const store = fresh();
      store.recordAlerts(
        [
          sampleAlert({ id: 'later', time: 2000 }),
          sampleAlert({ id: 'earlier', time: 1000 }),
          sampleAlert({ id: 'other-session', sessionId: '2025-06-03' }),
          sampleAlert({ id: 'other-symbol', symbol: 'N225' }),
        ],
        10,
      );
      expect(store.alertsForSession('HSI', '2025-06-02').map((a) => a.id)).toEqual(['earlier', 'later']);
      expect(store.alertsForSession('HSI', '2025-06-04')).toEqual([]);
    });
  });
});
