/**
 * Feed and GDELT parsing off the main thread. fast-xml-parser and GDELT's JSON repair are
 * synchronous: a 2 MB feed blocks the event loop for a second or more, so a big body is parsed on
 * one lazily started worker thread and the bot's event loop stays free. A small body parses inline,
 * since handing it over costs more than parsing it.
 *
 * The worker is unref'd while idle and ref'd only while a parse is pending, so it never keeps the
 * process (or vitest) alive, yet a caller awaiting a parse is not cut short. stopParseWorker()
 * terminates it; the next parse starts a fresh one.
 *
 * Settings: built (dist/news/parseWorker.js, plain node), and tsx or vitest (this file is .ts, so
 * the worker is parseWorker.ts started with tsx's loader; tsx is only a devDependency).
 */
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../workers/startWorker.js';
import type { NewsItem, ParsedFeed } from './feedItem.js';
import { parseBody } from './parseBody.js';
import type { FeedKind, ParseJob, ParseReply, SerializedError, SourceOptions } from './parseJob.js';

export type { FeedKind } from './parseJob.js';

/** Bodies shorter than this (in UTF-16 code units, about bytes) parse inline: a few ms at most. */
export const INLINE_MAX_CHARS = 64 * 1024;

interface Pending {
  /** The items received so far, slice by slice. */
  readonly items: NewsItem[];
  resolve(feed: ParsedFeed): void;
  reject(err: Error): void;
}

let worker: Worker | null = null;
const pending = new Map<number, Pending>();
let nextId = 1;

const ERROR_CLASSES: Readonly<Record<string, ErrorConstructor>> = {
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  URIError,
  EvalError,
};

/** The worker's error as the inline parser would have thrown it: class, message, cause, fields. */
export function rebuildError(e: SerializedError): Error {
  const Ctor = ERROR_CLASSES[e.name] ?? Error;
  const err = e.cause ? new Ctor(e.message, { cause: rebuildError(e.cause) }) : new Ctor(e.message);
  if (err.name !== e.name) err.name = e.name;
  if (e.fields) Object.assign(err, e.fields);
  if (e.stack !== undefined) err.stack = e.stack;
  return err;
}

/** Rejects every parse the worker `w` still owed, and forgets it so the next parse starts a fresh one. */
function abandon(w: Worker, err: Error): void {
  if (worker !== w) return;
  worker = null;
  const owed = [...pending.values()];
  pending.clear();
  for (const p of owed) p.reject(err);
}

function startWorker(): Worker {
  const w = startModuleWorker(import.meta.url, 'parseWorker');
  w.unref();
  w.on('message', (reply: ParseReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    if (reply.type === 'items') {
      for (const item of reply.items) p.items.push(item);
      return;
    }
    pending.delete(reply.id);
    if (pending.size === 0) w.unref();
    if (reply.type === 'error') {
      p.reject(rebuildError(reply.error));
      return;
    }
    const { skipped, skippedBy } = reply;
    p.resolve({ items: p.items, skipped, ...(skippedBy ? { skippedBy } : {}) });
  });
  w.on('error', (err) => {
    abandon(w, new Error(`news parse worker failed: ${err.message}`, { cause: err }));
  });
  w.on('exit', (code) => {
    abandon(w, new Error(`news parse worker exited (code ${code})`));
  });
  return w;
}

/**
 * Parses a feed (RSS 2.0 or Atom), a GDELT artlist or a public-inspection body as parseBody would,
 * with the same result and the same errors, but a big body on a worker thread.
 */
export function parseFeedOffThread(
  kind: FeedKind,
  source: string,
  text: string,
  options: SourceOptions = {},
): Promise<ParsedFeed> {
  if (text.length < INLINE_MAX_CHARS) {
    try {
      return Promise.resolve(parseBody(kind, source, text, options));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }
  const w = (worker ??= startWorker());
  const id = nextId++;
  const job: ParseJob = { id, kind, source, text, options };
  return new Promise<ParsedFeed>((resolve, reject) => {
    pending.set(id, { items: [], resolve, reject });
    w.ref();
    w.postMessage(job);
  });
}

/** Terminates the worker, if one is running; a parse still pending rejects. Idempotent. */
export async function stopParseWorker(): Promise<void> {
  const w = worker;
  if (!w) return;
  abandon(w, new Error('news parse worker stopped'));
  await w.terminate();
}
