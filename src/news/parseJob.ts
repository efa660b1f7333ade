/** Messages between parseInWorker.ts (main thread) and parseWorker.ts (worker thread). */
import type { NewsItem, SkipCounts } from './feedItem.js';
import type { FeedOptions } from './parseFeed.js';
import type { PublicInspectionOptions } from './publicInspection.js';

/**
 * `feed`: RSS 2.0 or Atom XML; `gdelt`: a GDELT DOC 2.0 artlist JSON body; `public-inspection`: the
 * Federal Register's public-inspection JSON.
 */
export type FeedKind = 'feed' | 'gdelt' | 'public-inspection';

/** What a parse needs to know of its source besides the body. */
export type SourceOptions = FeedOptions & PublicInspectionOptions;

export interface ParseJob {
  readonly id: number;
  readonly kind: FeedKind;
  readonly source: string;
  readonly text: string;
  readonly options: SourceOptions;
}

/** An Error as plain data: what postMessage can carry without losing the parts callers read. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly cause?: SerializedError;
  /** Own enumerable primitive fields (a `code`, say). */
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** Items this many to a message, so taking one in never holds the main thread for long. */
export const ITEMS_PER_MESSAGE = 500;

/**
 * A parse's answer, as messages: its items in slices of ITEMS_PER_MESSAGE, then `done` with the
 * skip counts; or `error`. One message of 10,000 items would take the main thread tens of ms to
 * deserialize; slices let timers and I/O run in between.
 */
export type ParseReply =
  | { readonly id: number; readonly type: 'items'; readonly items: NewsItem[] }
  | {
      readonly id: number;
      readonly type: 'done';
      readonly skipped: number;
      readonly skippedBy?: Readonly<SkipCounts>;
    }
  | { readonly id: number; readonly type: 'error'; readonly error: SerializedError };
