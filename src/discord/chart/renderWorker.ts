/**
 * The worker side of chartRenderer.ts: one SVG to PNG per message, so resvg's synchronous render
 * runs here and never on the bot's event loop.
 */
import { parentPort } from 'node:worker_threads';
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

port.on('message', (job: RenderJob) => {
  let reply: RenderReply;
  try {
    reply = { id: job.id, png: svgToPng(job.svg) };
  } catch (err) {
    reply = { id: job.id, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
