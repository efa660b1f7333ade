import { describe, expect, it } from 'vitest';
import { oneJobPerTurn } from '../../src/workers/oneJobPerTurn.js';
import { waitFor } from '../support/waitFor.js';

describe('oneJobPerTurn', () => {
  it('GIVEN a burst of jobs WHEN each leaves work for the next turn THEN that work runs before the next job', async () => {
    const events: string[] = [];
    const submit = oneJobPerTurn(
      (job: number) => events.push(`run ${job}`),
      () => {
        // As Node queues a collection's finalizers: in a setImmediate.
        const last = events.at(-1);
        setImmediate(() => events.push(`freed after ${last}`));
      },
    );
    for (const job of [1, 2, 3]) submit(job);
    await waitFor(() => events.length === 6, 'three jobs and their finalizers');
    expect(events).toEqual([
      'run 1',
      'freed after run 1',
      'run 2',
      'freed after run 2',
      'run 3',
      'freed after run 3',
    ]);
  });

  it('GIVEN a job submitted after the queue ran dry THEN it runs too', async () => {
    const ran: number[] = [];
    const submit = oneJobPerTurn(
      (job: number) => ran.push(job),
      () => undefined,
    );
    submit(1);
    await waitFor(() => ran.length === 1, 'the first job');
    submit(2);
    await waitFor(() => ran.length === 2, 'the second job');
    expect(ran).toEqual([1, 2]);
  });
});
