/**
 * Chart PNGs off the event loop. resvg renders synchronously (40 to 100 ms for an alert chart, 50 ms
 * more with the CJK font), so on the main thread a render would hold up polls, interactions and
 * deliveries. One lazily started worker thread renders instead and callers await a Promise.
 *
 * One worker, not a pool: alerts come a few per poll and a render takes well under the poll period,
 * so a queue of one is short; each further worker would cost its own resvg and font memory and, on
 * the one or two cores of a small VM, would compete with the main thread rather than help it.
 * resvg's own renderAsync (libuv thread pool) was not used: a render there cannot be stopped, and it
 * would hold a pool thread that file and DNS work share.
 *
 * A render that fails or takes longer than the timeout rejects, and the caller sends its message
 * without the image. On a timeout the worker is terminated, since a stuck render would hold every
 * later one; the next render starts a fresh worker. As in src/news/parseInWorker.ts, the worker is
 * unref'd while idle, so it never keeps the process alive. It belongs to the process, not to one
 * bot: a stopped bot leaves it for the next (tests start hundreds), and close() is for whoever must
 * end it early (its tests).
 */
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../workers/startWorker.js';
import type { RenderJob, RenderReply } from './renderWorker.js';

/** Covers a cold start of the worker (3 to 6 s measured on a loaded two-core machine) and a slow render. */
export const RENDER_TIMEOUT_MS = 15_000;

export interface ChartRenderer {
  /** The SVG document as a PNG, rendered on the worker thread. */
  render(svg: string): Promise<Buffer>;
  /** Terminates the worker, if one is running; renders still pending reject. Idempotent. */
  close(): Promise<void>;
}

interface Pending {
  resolve(png: Buffer): void;
  reject(err: Error): void;
  readonly timer: NodeJS.Timeout;
}

/** One renderer's worker (null until the first render, or after a stop) and the renders it owes. */
interface RendererState {
  worker: Worker | null;
  readonly pending: Map<number, Pending>;
  nextId: number;
  readonly timeoutMs: number;
}

/** Rejects every render the worker `w` still owed and forgets it, so the next render starts afresh. */
function abandon(state: RendererState, w: Worker, err: Error): void {
  if (state.worker !== w) return;
  state.worker = null;
  const owed = [...state.pending.values()];
  state.pending.clear();
  for (const p of owed) {
    clearTimeout(p.timer);
    p.reject(err);
  }
}

function settle(state: RendererState, w: Worker, reply: RenderReply): void {
  const p = state.pending.get(reply.id);
  if (!p) return;
  state.pending.delete(reply.id);
  clearTimeout(p.timer);
  if (state.pending.size === 0) w.unref();
  if ('error' in reply) p.reject(new Error(`chart render failed: ${reply.error}`));
  else p.resolve(Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength));
}

function startWorker(state: RendererState): Worker {
  const w = startModuleWorker(import.meta.url, 'renderWorker');
  w.unref();
  w.on('message', (reply: RenderReply) => {
    settle(state, w, reply);
  });
  w.on('error', (err) => {
    abandon(state, w, new Error(`chart worker failed: ${err.message}`, { cause: err }));
  });
  w.on('exit', (code) => {
    abandon(state, w, new Error(`chart worker exited (code ${code})`));
  });
  return w;
}

function render(state: RendererState, svg: string): Promise<Buffer> {
  const w = (state.worker ??= startWorker(state));
  const job: RenderJob = { id: state.nextId++, svg };
  return new Promise<Buffer>((resolve, reject) => {
    const timer = setTimeout(() => {
      abandon(state, w, new Error(`chart render took over ${state.timeoutMs} ms; worker restarted`));
      void w.terminate();
    }, state.timeoutMs);
    timer.unref();
    state.pending.set(job.id, { resolve, reject, timer });
    w.ref();
    w.postMessage(job);
  });
}

export function createChartRenderer(timeoutMs = RENDER_TIMEOUT_MS): ChartRenderer {
  const state: RendererState = { worker: null, pending: new Map(), nextId: 1, timeoutMs };
  return {
    render: (svg) => render(state, svg),
    async close() {
      const w = state.worker;
      if (!w) return;
      abandon(state, w, new Error('chart worker stopped'));
      await w.terminate();
    },
  };
}

/** The bot's one renderer: alert messages, reaction reports and /level share its worker. */
const shared = createChartRenderer();

export function renderSvgOffThread(svg: string): Promise<Buffer> {
  return shared.render(svg);
}

/** Stops the shared worker (startBot's teardown); a later render starts a new one. */
export function closeChartRenderer(): Promise<void> {
  return shared.close();
}
