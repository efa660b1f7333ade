import { describe, expect, it } from 'vitest';
import { storeKinds, useStores } from './tempStore.js';

const snapshot = {
  firedTiers: { dayMove: [1, 2] },
  levelSides: { '24000': 'below' },
  cooldownUntil: { windowMove: 1_700_000_000_000 },
  lastQuoteTime: 1_699_999_999_000,
};

describe.each(storeKinds)('%s store', (kind) => {
  const { exec, fresh, location, open } = useStores(kind);

  describe('instrument state', () => {
    it('round-trips snapshots across closing and reopening the file', () => {
      const path = location();
      const store = open(path);
      store.saveInstrumentState('HSI', snapshot, 10);
      store.saveInstrumentState('USDJPY', { lastQuoteTime: 5 }, 10);
      store.close();
      const { states, problems } = open(path).loadInstrumentStates();
      expect(problems).toEqual([]);
      expect(states).toEqual(
        new Map<string, unknown>([
          ['HSI', snapshot],
          ['USDJPY', { lastQuoteTime: 5 }],
        ]),
      );
    });

    it('replaces an earlier snapshot for the same symbol', () => {
      const store = fresh();
      store.saveInstrumentState('HSI', { v: 1 }, 10);
      store.saveInstrumentState('HSI', { v: 2 }, 20);
      expect(store.loadInstrumentStates().states).toEqual(new Map([['HSI', { v: 2 }]]));
    });

    it('refuses a snapshot that has no JSON form', () => {
      const store = fresh();
      expect(() => {
        store.saveInstrumentState('HSI', undefined, 10);
      }).toThrow(/HSI.*no JSON form/);
    });

    it('reports a row whose snapshot is not valid JSON and still loads the others', async () => {
      const path = location();
      const store = open(path);
      store.saveInstrumentState('HSI', snapshot, 10);
      store.close();
      await exec(path, "INSERT INTO instrument_state VALUES ('N225', '{not json', 10)");
      const { states, problems } = open(path).loadInstrumentStates();
      expect(states).toEqual(new Map([['HSI', snapshot]]));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/N225.*not valid JSON/);
    });
  });
});
