/** A bridge worker for test/store/postgres/syncBridge.test.ts: answers after a delay, or fails with a code. */
import { parentPort, workerData } from 'node:worker_threads';
import { serveSyncBridge } from '../../../src/store/postgres/syncBridge.js';
import type { BridgeEnd } from '../../../src/store/postgres/syncBridge.js';

interface Ask {
  readonly value: string;
  readonly delayMs: number;
  readonly failWith?: string;
  /** Ends the worker thread instead of answering. */
  readonly exit?: boolean;
}

const { end } = workerData as { end: BridgeEnd };

serveSyncBridge(end, async (request) => {
  const ask = request as Ask;
  if (ask.exit === true) process.exit(0);
  await new Promise((resolve) => setTimeout(resolve, ask.delayMs));
  if (ask.failWith !== undefined) {
    throw Object.assign(new Error(`failed ${ask.value}`), { code: ask.failWith });
  }
  // Tells the test (on the ordinary worker channel) that this answer is now on the bridge.
  setImmediate(() => parentPort?.postMessage(ask.value));
  return ask.value;
});
