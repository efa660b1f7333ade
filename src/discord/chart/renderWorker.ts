/**
 * The worker side of chartRenderer.ts: one SVG to PNG per message, so resvg's synchronous render
 * runs here and never on the bot's event loop. After each reply the worker collects its garbage:
 * each render leaves about 1.7 MB of native memory behind JS wrappers (collectGarbage.ts), and
 * letting a hundred renders pile up between V8's own collections cost 70–150 MB of resident memory
 * that the allocator then kept. A full collection of this small heap costs a few ms, after the
 * reply, so no chart waits for it.
 */
import { parentPort } from 'node:worker_threads';
import { gcFunction } from '../../workers/collectGarbage.js';
import { oneJobPerTurn } from '../../workers/oneJobPerTurn.js';
import { svgToPng } from './render.js';

export interface RenderJob {
  readonly id: number;
  readonly svg: string;
}

/** The PNG, or what went wrong as one line (an Error does not cross postMessage intact). */
export type RenderReply =
  { readonly id: number; readonly png: Uint8Array } | { readonly id: number; readonly error: string };

const port = parentPort;
if (!port) throw new Error('renderWorker.ts runs as a worker thread, started by chartRenderer.ts');

function renderJob(job: RenderJob): void {
  let reply: RenderReply;
  try {
    reply = { id: job.id, png: svgToPng(job.svg) };
  } catch (err) {
    reply = { id: job.id, error: err instanceof Error ? err.message : String(err) };
  }
  port?.postMessage(reply);
}

// One render per turn, so the finalizers each collection queues free a render's memory before the
// next: a burst of 45 charts at a market's roll held 90 MB when rendered back to back.
port.on('message', oneJobPerTurn(renderJob, gcFunction()));
