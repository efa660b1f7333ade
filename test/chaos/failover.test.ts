import { describe, expect, it } from 'vitest';
import {
  failoversOf,
  leaseEventOf,
  summariseFailovers,
  type Kill,
  type LeaseEvent,
} from '../../chaos/failover.js';

const line = (fields: Record<string, unknown>): string =>
  JSON.stringify({ level: 30, time: 1_000, pid: 7, hostname: 'vm', ...fields });

const acquired = (replica: string, at: number): LeaseEvent => ({ kind: 'acquired', replica, token: '1', at });
const kill = (replica: string, at: number): Kill => ({ replica, kind: 'random', at });

describe('leaseEventOf', () => {
  it('GIVEN the replica lease lines THEN each is read with its replica, token and log time', () => {
    expect(leaseEventOf(line({ replica: 'replica-a', token: 4, msg: 'leader lease acquired' }))).toEqual({
      kind: 'acquired',
      replica: 'replica-a',
      token: '4',
      at: 1_000,
    });
    expect(leaseEventOf(line({ replica: 'b', token: '[redacted]', msg: 'leader lease released' }))).toEqual({
      kind: 'released',
      replica: 'b',
      token: '[redacted]',
      at: 1_000,
    });
    expect(leaseEventOf(line({ replica: 'c', msg: 'leader lease lost' }))?.kind).toBe('lost');
  });

  it('GIVEN other log lines, text or a lease line without its replica THEN none is an event', () => {
    expect(leaseEventOf(line({ msg: 'bot started' }))).toBeNull();
    expect(leaseEventOf('Error: boom')).toBeNull();
    expect(leaseEventOf('{"msg": "leader lease acquired"')).toBeNull();
    expect(leaseEventOf(line({ msg: 'leader lease acquired' }))).toBeNull();
  });
});

describe('failoversOf', () => {
  it('GIVEN a kill THEN the failover runs to the first poll at or after the next acquisition', () => {
    const [failover] = failoversOf(
      [kill('a', 10_000)],
      [acquired('a', 2_000), acquired('b', 16_000)],
      [9_000, 10_050, 16_800, 17_000],
    );
    expect(failover).toMatchObject({ newLeader: 'b', leaseSeconds: 6, pollSeconds: 6.8 });
  });

  it('GIVEN the killed leader’s request arriving after the kill THEN it is not the new leader’s poll', () => {
    const [failover] = failoversOf([kill('a', 10_000)], [acquired('b', 15_000)], [10_040, 15_900]);
    expect(failover?.pollSeconds).toBe(5.9);
  });

  it('GIVEN events and polls out of order THEN each kill still finds its own next leader', () => {
    const failovers = failoversOf(
      [kill('a', 10_000), kill('b', 30_000)],
      [acquired('c', 36_000), acquired('b', 15_000)],
      [37_000, 15_500],
    );
    expect(failovers.map((f) => [f.newLeader, f.pollSeconds])).toEqual([
      ['b', 5.5],
      ['c', 7],
    ]);
  });

  it('GIVEN no acquisition, or no poll after it, THEN the failover is unresolved', () => {
    const failovers = failoversOf([kill('a', 10_000), kill('b', 50_000)], [acquired('b', 14_000)], [14_500]);
    expect(failovers.map((f) => [f.newLeader, f.leaseSeconds, f.pollSeconds])).toEqual([
      ['b', 4, 4.5],
      [null, null, null],
    ]);
  });
});

describe('summariseFailovers', () => {
  it('GIVEN resolved and unresolved failovers THEN it counts both and takes the longest of each measure', () => {
    const summary = summariseFailovers(
      failoversOf(
        [kill('a', 0), kill('b', 100_000), kill('c', 200_000)],
        [acquired('b', 5_000), acquired('c', 107_000)],
        [5_500, 112_000],
      ),
    );
    expect(summary).toEqual({
      failovers: 2,
      unresolved: 1,
      maxFailoverSeconds: 12,
      maxLeaseTakeoverSeconds: 7,
      failoverSeconds: [5.5, 12, null],
    });
  });

  it('GIVEN no kills THEN there is no longest failover', () => {
    expect(summariseFailovers([])).toMatchObject({ failovers: 0, maxFailoverSeconds: null });
  });
});
