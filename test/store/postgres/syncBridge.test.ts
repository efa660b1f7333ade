import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { openSyncBridge } from '../../../src/store/postgres/syncBridge.js';
import type { BridgeError, SyncBridge } from '../../../src/store/postgres/syncBridge.js';
import { startModuleWorker } from '../../../src/workers/startWorker.js';

class Timeout extends Error {}

const bridges: SyncBridge[] = [];
afterEach(() => {
  for (const bridge of bridges.splice(0)) bridge.close();
});

function open(): { bridge: SyncBridge; worker: () => Worker } {
  let worker: Worker | undefined;
  const bridge = openSyncBridge(
    (end, transferList) => {
      worker = startModuleWorker(import.meta.url, 'delayWorker', { workerData: { end }, transferList });
      return worker;
    },
    {
      errorOf: (error: BridgeError) => Object.assign(new Error(error.message), { code: error.code }),
      timeoutError: (ms) => new Timeout(`no answer within ${ms} ms`),
    },
  );
  bridges.push(bridge);
  return { bridge, worker: () => worker as Worker };
}

/** Long enough for a worker started under tsx on a loaded machine; only ends a hung test. */
const START_MS = 10_000;

describe('sync bridge', () => {
  it('GIVEN a worker that answers later THEN the caller blocks until the answer and gets it', () => {
    const { bridge } = open();
    expect(bridge.call({ value: 'first', delayMs: 0 }, START_MS)).toBe('first');
    expect(bridge.call({ value: 'second', delayMs: 30 }, START_MS)).toBe('second');
  });

  it('GIVEN a failure in the worker THEN the caller gets an error with its message and code', () => {
    const { bridge } = open();
    expect(() => bridge.call({ value: 'x', delayMs: 0, failWith: '53100' }, START_MS)).toThrow(
      expect.objectContaining({ message: 'failed x', code: '53100' }),
    );
  });

  it('GIVEN an answer later than the timeout THEN the call throws, and the late answer is dropped by the next call', async () => {
    const { bridge, worker } = open();
    bridge.call({ value: 'warm', delayMs: 0 }, START_MS);
    expect(() => bridge.call({ value: 'late', delayMs: 300 }, 20)).toThrow(Timeout);
    // Wait until the late answer is on the bridge: the next call must skip it.
    await waitForLate(worker());
    expect(bridge.call({ value: 'next', delayMs: 0 }, START_MS)).toBe('next');
  });

  it('GIVEN a worker that stops THEN the call fails saying so, without waiting for its timeout', () => {
    const { bridge } = open();
    bridge.call({ value: 'warm', delayMs: 0 }, START_MS);
    const error = (() => {
      try {
        bridge.call({ value: 'x', delayMs: 0, exit: true }, START_MS);
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(error).not.toBeInstanceOf(Timeout);
    expect(error).toMatchObject({
      code: 'WORKER_STOPPED',
      message: expect.stringMatching(/worker thread stopped/),
    });
    expect(() => bridge.call({ value: 'y', delayMs: 0 }, START_MS)).toThrow(/worker thread stopped/);
  });

  it('GIVEN a closed bridge THEN a call throws at once', () => {
    const { bridge } = open();
    bridge.close();
    expect(() => bridge.call({ value: 'x', delayMs: 0 }, START_MS)).toThrow(/closed/);
  });
});

/** The worker tells of each answer it put on the bridge; the test has listened since before it could. */
async function waitForLate(worker: Worker): Promise<void> {
  for (;;) {
    const [value] = (await once(worker, 'message')) as [string];
    if (value === 'late') return;
  }
}
