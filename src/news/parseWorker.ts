/**
 * The worker side of parseInWorker.ts: parses one body per message, off the main thread, and
 * answers with the parsed feed or the parser's error as plain fields (an Error does not survive
 * postMessage with its class or cause intact, so the main thread rebuilds it).
 */
import { parentPort } from 'node:worker_threads';
import { ITEMS_PER_MESSAGE } from './parseJob.js';
import type { ParseJob, ParseReply, SerializedError } from './parseJob.js';
import type { ParsedFeed } from './feedItem.js';
import { parseBody } from './parseBody.js';

function serialize(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(err)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  }
  return {
    name: err.name,
    message: err.message,
    ...(err.stack === undefined ? {} : { stack: err.stack }),
    ...(err.cause === undefined ? {} : { cause: serialize(err.cause) }),
    fields,
  };
}

const port = parentPort;
if (!port) throw new Error('parseWorker.ts runs as a worker thread, started by parseInWorker.ts');

port.on('message', (job: ParseJob) => {
  const post = (reply: ParseReply) => {
    port.postMessage(reply);
  };
  let feed: ParsedFeed;
  try {
    feed = parseBody(job.kind, job.source, job.text, job.options);
  } catch (err) {
    post({ id: job.id, type: 'error', error: serialize(err) });
    return;
  }
  for (let i = 0; i < feed.items.length; i += ITEMS_PER_MESSAGE) {
    post({ id: job.id, type: 'items', items: feed.items.slice(i, i + ITEMS_PER_MESSAGE) });
  }
  const { skipped, skippedBy } = feed;
  post({ id: job.id, type: 'done', skipped, ...(skippedBy ? { skippedBy } : {}) });
});
