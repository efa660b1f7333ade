import { describe, expect, it } from 'vitest';
import { openLeaderLease } from '../../src/replicas/leaderLease.js';
import { openStore } from '../../src/store/openStore.js';
import type { Store } from '../../src/store/store.js';
import type { LeaderLease } from '../../src/replicas/leaderLease.js';
import { createTestDatabase } from '../support/testDatabase.js';
import { HEAVY_TEST_MS, HUNG_AFTER_MS, waitForAnswer } from '../support/waitFor.js';

/** A fresh database and a lease opener on it. */
async function freshDatabase(): Promise<(replicaId: string, ttlSeconds?: number) => Promise<LeaderLease>> {
  const url = await createTestDatabase('lease');
  const opened: LeaderLease[] = [];
  return async (replicaId, ttlSeconds = 30) => {
    const lease = await openLeaderLease({
      url,
      replicaId,
      ttlSeconds,
      queryTimeoutMs: 5_000,
    });
    opened.push(lease);
    return lease;
  };
}

describe('the leader lease in PostgreSQL', () => {
  it(
    'GIVEN two replicas THEN one holds the lease, the other is refused, and a release hands it over with a new token',
    async () => {
      const open = await freshDatabase();
      const [a, b] = await Promise.all([open('a'), open('b')]);
      const tokenA = await a.tryAcquire();
      expect(tokenA).toBe(1);
      expect(await b.tryAcquire()).toBeNull();
      expect(await b.read()).toMatchObject({ holder: 'a', token: 1 });
      expect(await a.renew(1)).toBe(true);

      await a.release(1);
      expect(await b.tryAcquire()).toBe(2);
      // The old holder's renewal is refused: it must stop acting as the leader.
      expect(await a.renew(1)).toBe(false);
      expect(await a.tryAcquire()).toBeNull();
      await Promise.all([a.close(), b.close()]);
    },
    HEAVY_TEST_MS,
  );

  it(
    'GIVEN a leader that stops renewing (killed) THEN its lease expires by the database clock and a follower takes it',
    async () => {
      const open = await freshDatabase();
      const [a, b] = await Promise.all([open('a', 1), open('b', 1)]);
      expect(await a.tryAcquire()).toBe(1);
      const taken = await waitForAnswer(() => b.tryAcquire(), 'the expired lease to be taken');
      expect(taken).toBe(2);
      expect((await b.read()).holder).toBe('b');
      expect(await a.renew(1)).toBe(false);
      await Promise.all([a.close(), b.close()]);
    },
    HEAVY_TEST_MS,
  );

  it(
    'GIVEN replicas starting at once on an empty database THEN the lease table is made once and exactly one leads',
    async () => {
      const open = await freshDatabase();
      const leases = await Promise.all(['a', 'b', 'c', 'd'].map((id) => open(id)));
      const tokens = await Promise.all(leases.map((l) => l.tryAcquire()));
      expect(tokens.filter((t) => t !== null)).toEqual([1]);
      await Promise.all(leases.map((l) => l.close()));
    },
    HEAVY_TEST_MS,
  );

  it(
    'GIVEN a held lease THEN read reports the holder and how long it has held it',
    async () => {
      const open = await freshDatabase();
      const a = await open('a');
      expect(await a.read()).toEqual({ holder: null, token: 0, ageSeconds: null });
      await a.tryAcquire();
      const facts = await a.read();
      expect(facts.holder).toBe('a');
      expect(facts.ageSeconds).toBeGreaterThanOrEqual(0);
      expect(facts.ageSeconds).toBeLessThan(HUNG_AFTER_MS / 1000);
      await a.close();
    },
    HEAVY_TEST_MS,
  );

  it(
    'GIVEN a database that does not exist THEN opening the lease fails, naming it',
    async () => {
      await expect(
        openLeaderLease({
          url: Object.assign(new URL(await createTestDatabase('lease')), {
            pathname: '/no_such_database',
          }).toString(),
          replicaId: 'a',
          ttlSeconds: 10,
          queryTimeoutMs: 2_000,
        }),
      ).rejects.toThrow(/no_such_database/);
    },
    HEAVY_TEST_MS,
  );

  it.each([
    ['the lease before the store (a replica takes the lease, then builds the bot)', ['lease', 'store']],
    ['the store before the lease (a database a lone bot used first)', ['store', 'lease']],
  ] as const)(
    'GIVEN %s THEN both open on one database and the leader writes with its token',
    async (_order, order) => {
      const url = await createTestDatabase('lease_store');
      let lease: LeaderLease | undefined;
      let store: Store | undefined;
      for (const part of order) {
        if (part === 'lease') {
          lease = await openLeaderLease({ url, replicaId: 'a', ttlSeconds: 30, queryTimeoutMs: 5_000 });
        } else store = openStore(url, { fence: { holder: 'a', token: 1 } });
      }
      if (!lease || !store) throw new Error('both were opened');
      expect(await lease.tryAcquire()).toBe(1);
      store.silence('HSI', 5_000, 'tester', 1_000);
      expect(store.activeSilences(2_000).map((s) => s.symbol)).toEqual(['HSI']);
      store.close();
      await lease.close();
    },
    HEAVY_TEST_MS,
  );
});
