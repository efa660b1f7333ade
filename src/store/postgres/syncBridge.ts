/**
 * A synchronous call into an asynchronous worker thread, the technique synckit uses: the caller posts
 * a request on a MessagePort and sleeps on Atomics.wait over a SharedArrayBuffer; the worker answers
 * on the port and then flips the shared flag and notifies; the caller takes the answer with
 * receiveMessageOnPort, without running its event loop. This is what lets the PostgreSQL store offer
 * the same synchronous port as better-sqlite3 (see docs/storage.md).
 *
 * Every request has an id, so an answer that comes after its caller gave up (a timeout) is read and
 * dropped by the next call instead of being taken for that call's answer.
 */
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort, Worker } from 'node:worker_threads';

/** What the worker needs to answer: its end of the channel and the shared flag. */
export interface BridgeEnd {
  readonly port: MessagePort;
  readonly signal: SharedArrayBuffer;
}

/** An error as it crosses the thread boundary: Error objects lose their own fields when cloned. */
export interface BridgeError {
  readonly name: string;
  readonly message: string;
  readonly code: string;
}

type Reply = { readonly id: number } & (
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: BridgeError }
);

export interface SyncBridge {
  /**
   * Sends the request and blocks until its answer, which it returns; a failure the worker reports is
   * thrown as made by `errorOf`, and no answer within timeoutMs as made by `timeoutError`.
   */
  call(request: unknown, timeoutMs: number): unknown;
  /** Stops the worker (whatever it is doing); later calls throw. */
  close(): void;
}

const WORKER_STOPPED: BridgeError = {
  name: 'Error',
  message: "the store's worker thread stopped; restart the bot",
  code: 'WORKER_STOPPED',
};

export interface SyncBridgeOptions {
  readonly errorOf: (error: BridgeError) => Error;
  readonly timeoutError: (timeoutMs: number) => Error;
}

/** Slots of the shared memory: the answer flag the caller sleeps on, and whether the worker stopped. */
const FLAG = 0;
const STOPPED = 1;
const WAITING = 0;
const ANSWERED = 1;

/** Starts a worker with `start` (which must pass the end in workerData and its port in transferList). */
export function openSyncBridge(
  start: (end: BridgeEnd, transferList: MessagePort[]) => Worker,
  options: SyncBridgeOptions,
): SyncBridge {
  const { port1: port, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  const flag = new Int32Array(signal);
  const worker = start({ port: port2, signal }, [port2]);
  // The store owns the worker's life (close()); a store left open must not keep the process alive.
  worker.unref();
  let lastId = 0;
  let closed = false;
  const answer = (reply: Reply): unknown => {
    if (reply.ok) return reply.value;
    throw options.errorOf(reply.error);
  };
  return {
    call(request: unknown, timeoutMs: number): unknown {
      if (closed) throw new Error('the store is closed');
      const id = ++lastId;
      Atomics.store(flag, FLAG, WAITING);
      port.postMessage({ id, request });
      const deadline = performance.now() + timeoutMs;
      // The worker posts before it flips the flag, and the flag is reset before the port is read,
      // so an answer is either already on the port or wakes the wait: none is missed.
      for (;;) {
        const received = receiveMessageOnPort(port) as { message: Reply } | undefined;
        if (received !== undefined) {
          if (received.message.id === id) return answer(received.message);
          continue; // an earlier call's late answer
        }
        // A worker that died answers nothing: say so now rather than after the timeout.
        if (Atomics.load(flag, STOPPED) === 1) throw options.errorOf(WORKER_STOPPED);
        const left = deadline - performance.now();
        if (left <= 0) throw options.timeoutError(timeoutMs);
        Atomics.wait(flag, FLAG, WAITING, left);
        Atomics.store(flag, FLAG, WAITING);
      }
    },
    close() {
      if (closed) return;
      closed = true;
      port.close();
      void worker.terminate();
    },
  };
}

function toBridgeError(err: unknown): BridgeError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), code: '' };
  const code = (err as { code?: unknown }).code;
  return { name: err.name, message: err.message, code: typeof code === 'string' ? code : '' };
}

/**
 * The worker's side: answers each request with `handle`, one at a time in arrival order (one
 * connection, statements serialised as with SQLite), then wakes the caller.
 */
export function serveSyncBridge(end: BridgeEnd, handle: (request: unknown) => Promise<unknown>): void {
  const flag = new Int32Array(end.signal);
  const wake = () => {
    Atomics.store(flag, FLAG, ANSWERED);
    Atomics.notify(flag, FLAG);
  };
  process.once('exit', () => {
    Atomics.store(flag, STOPPED, 1);
    wake();
  });
  let queue = Promise.resolve();
  end.port.on('message', ({ id, request }: { id: number; request: unknown }) => {
    queue = queue.then(async () => {
      let reply: Reply;
      try {
        reply = { id, ok: true, value: await handle(request) };
      } catch (err) {
        reply = { id, ok: false, error: toBridgeError(err) };
      }
      try {
        end.port.postMessage(reply);
      } catch (err) {
        // An answer that cannot be copied (a value structured clone refuses) is a failure, not a crash.
        end.port.postMessage({ id, ok: false, error: toBridgeError(err) } satisfies Reply);
      }
      wake();
    });
  });
}
