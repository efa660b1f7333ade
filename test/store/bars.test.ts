import { describe, expect, it } from 'vitest';
import { storeKinds, useStores } from './tempStore.js';

describe.each(storeKinds)('%s store', (kind) => {
  const { fresh, location, open } = useStores(kind);

  describe('bars', () => {
    it('returns appended points at or after the start time, oldest first', () => {
      const store = fresh();
      store.appendBars('HSI', [
        { time: 3000, price: 103 },
        { time: 1000, price: 101 },
        { time: 2000, price: 102 },
      ]);
      expect(store.recentBars('HSI', 2000)).toEqual([
        { time: 2000, price: 102 },
        { time: 3000, price: 103 },
      ]);
    });

    it('keeps symbols apart', () => {
      const store = fresh();
      store.appendBars('HSI', [{ time: 1000, price: 101 }]);
      store.appendBars('USDJPY', [{ time: 1000, price: 150 }]);
      expect(store.recentBars('USDJPY', 0)).toEqual([{ time: 1000, price: 150 }]);
    });

    it('stores a repeated point once and counts only new or changed rows', () => {
      const store = fresh();
      const batch = [
        { time: 1000, price: 101 },
        { time: 2000, price: 102 },
      ];
      expect(store.appendBars('HSI', batch)).toBe(2);
      expect(store.appendBars('HSI', batch)).toBe(0);
      expect(store.recentBars('HSI', 0)).toHaveLength(2);
    });

    it('lets a later price for the same minute replace the earlier one', () => {
      const store = fresh();
      store.appendBars('HSI', [{ time: 1000, price: 101 }]);
      expect(store.appendBars('HSI', [{ time: 1000, price: 101.5 }])).toBe(1);
      expect(store.recentBars('HSI', 0)).toEqual([{ time: 1000, price: 101.5 }]);
    });

    it('skips points with unusable prices or times instead of storing nulls', () => {
      const store = fresh();
      const added = store.appendBars('HSI', [
        { time: 1000, price: Number.NaN },
        { time: 2000, price: 0 },
        { time: 3000, price: -1 },
        { time: Number.NaN, price: 100 },
        { time: 4000, price: 104 },
      ]);
      expect(added).toBe(1);
      expect(store.recentBars('HSI', 0)).toEqual([{ time: 4000, price: 104 }]);
    });

    it('prunes points older than the cut-off across symbols and reports how many', () => {
      const store = fresh();
      store.appendBars('HSI', [
        { time: 1000, price: 101 },
        { time: 2000, price: 102 },
      ]);
      store.appendBars('N225', [
        { time: 1500, price: 38000 },
        { time: 2500, price: 38100 },
      ]);
      expect(store.pruneBars(2000)).toBe(2);
      expect(store.recentBars('HSI', 0)).toEqual([{ time: 2000, price: 102 }]);
      expect(store.recentBars('N225', 0)).toEqual([{ time: 2500, price: 38100 }]);
    });

    it('keeps bars across reopening the file', () => {
      const path = location();
      open(path).appendBars('HSI', [{ time: 1000, price: 101 }]);
      expect(open(path).recentBars('HSI', 0)).toEqual([{ time: 1000, price: 101 }]);
    });
    it('GIVEN bars of two symbols THEN latestBar gives the newest of the one asked at or after the start, or null', () => {
      const store = fresh();
      store.appendBars('HSI', [
        { time: 1000, price: 101 },
        { time: 3000, price: 103 },
      ]);
      store.appendBars('N225', [{ time: 4000, price: 38_000 }]);
      expect(store.latestBar('HSI', 0)).toEqual({ time: 3000, price: 103 });
      expect(store.latestBar('HSI', 3001)).toBeNull();
    });
    it('GIVEN bars of two symbols THEN barBefore gives the newest of the one asked strictly before the time, or null', () => {
      const store = fresh();
      store.appendBars('HSI', [
        { time: 1000, price: 101 },
        { time: 3000, price: 103 },
      ]);
      store.appendBars('N225', [{ time: 2000, price: 38_000 }]);
      expect(store.barBefore('HSI', 3000)).toEqual({ time: 1000, price: 101 });
      expect(store.barBefore('HSI', 3001)).toEqual({ time: 3000, price: 103 });
      expect(store.barBefore('HSI', 1000)).toBeNull();
    });
  });
});
