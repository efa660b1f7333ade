import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { gcFunction } from '../../src/workers/collectGarbage.js';

/** A WeakRef's target is kept until the current job ends, so the object is made and dropped a turn earlier. */
async function droppedObject(): Promise<WeakRef<object>> {
  const ref = new WeakRef({ payload: new Array<number>(10_000).fill(1) });
  await new Promise((resolve) => setImmediate(resolve));
  return ref;
}

describe('gcFunction', () => {
  it('GIVEN an object nothing holds WHEN the returned function runs THEN the object is collected', async () => {
    const ref = await droppedObject();
    gcFunction()();
    expect(ref.deref()).toBeUndefined();
  });

  it('GIVEN a process started without --expose-gc THEN later contexts still have no gc global', () => {
    const startedWithGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
    gcFunction();
    expect(runInNewContext('typeof gc')).toBe(startedWithGc ? 'function' : 'undefined');
  });
});
