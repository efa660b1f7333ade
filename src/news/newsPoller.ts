import type { Logger } from '../log.js';
import { isProviderError } from '../http/errors.js';
import {
  CLOSED_CIRCUIT,
  policyFromSeconds,
  recordFailure,
  recordSuccess,
  skipUntil,
  type BackoffPolicy,
  type Circuit,
} from '../resilience/backoff.js';
import { healthOf, type Health } from '../resilience/health.js';
import { createFirstSight, type FirstSight } from './firstSight.js';
import type { NewsItem } from './parseFeed.js';
import type { NewsSource } from './newsSources.js';

export interface SourceHealth extends Health {
  /** Items of the last fetch dropped for a missing title or an unreadable date. */
  readonly skippedItems: number;
}

export interface NewsPoller {
  /**
   * Fetches every source that is due (its interval since its last poll has passed) and not backing
   * off; one failing source never stops the others. Call it every few seconds: each source keeps its
   * own pace. Day-stamped items come back with the moment they were first seen as their time.
   */
  poll(): Promise<NewsItem[]>;
  health(): SourceHealth[];
}

/**
 * Up to this fraction of a source's interval, and of a backoff, is taken off at random, so sources
 * (and bots) do not poll in step. Taken off, never added: an interval is also a promise of freshness.
 */
const JITTER = 0.1;

interface SourceState {
  circuit: Circuit;
  /** Not polled before this instant (interval since the last poll, less jitter). */
  dueAt: number;
  /** A fetch whose items were read: whatever a later fetch adds appeared in between. */
  looked: boolean;
  skippedItems: number;
  readonly firstSight: FirstSight;
}

export function createNewsPoller(deps: {
  readonly sources: readonly NewsSource[];
  readonly backoff: { readonly initialSeconds: number; readonly maxSeconds: number };
  readonly now: () => number;
  readonly log: Logger;
  /** [0, 1): the jitter's randomness (tests pass a fixed one). */
  readonly random?: () => number;
}): NewsPoller {
  const policy = policyFromSeconds(deps.backoff);
  const random = deps.random ?? Math.random;
  const tracked = deps.sources.map((source): { source: NewsSource; state: SourceState } => ({
    source,
    state: {
      circuit: CLOSED_CIRCUIT,
      dueAt: -Infinity,
      looked: false,
      skippedItems: 0,
      firstSight: createFirstSight(),
    },
  }));
  const pollSource = sourcePoller({ policy, random, log: deps.log });

  return {
    async poll() {
      const now = deps.now();
      const due = tracked.filter(({ state }) => now >= state.dueAt && skipUntil(state.circuit, now) === null);
      const results = await Promise.all(due.map(({ source, state }) => pollSource(source, state, now)));
      return results.flat();
    },
    health: () =>
      tracked.map(({ source, state }) => ({
        ...healthOf(source.id, state.circuit),
        skippedItems: state.skippedItems,
      })),
  };
}

/** One poll of one source: fetch, then either its items (first sights resolved) or a backoff. */
function sourcePoller(ctx: {
  readonly policy: BackoffPolicy;
  readonly random: () => number;
  readonly log: Logger;
}) {
  const { policy, random, log } = ctx;
  return async function pollSource(source: NewsSource, state: SourceState, now: number): Promise<NewsItem[]> {
    state.dueAt = now + source.intervalMs * (1 - JITTER * random());
    try {
      const feed = await source.fetch();
      state.circuit = recordSuccess(state.circuit, now);
      state.skippedItems = feed.skipped;
      if (feed.skipped > 0)
        log.warn(
          { source: source.id, skipped: feed.skipped, ...feed.skippedBy },
          'feed items skipped (the rest kept)',
        );
      const items = state.firstSight.resolve(feed.items, { now, baseline: !state.looked });
      // A 304 shows nothing new only relative to a body read before; alone it is no first look.
      state.looked ||= feed.notModified !== true;
      return items;
    } catch (err) {
      const error = (err as Error).message;
      // A 429 or 503 says how long to stay away; the backoff honours it (capped by maxSeconds).
      const retryAfterMs = isProviderError(err) ? err.retryAfterMs : undefined;
      state.circuit = recordFailure(state.circuit, {
        now,
        error,
        policy,
        jitter: JITTER * random(),
        ...(retryAfterMs === undefined ? {} : { atLeastMs: retryAfterMs }),
      });
      const failures = state.circuit.consecutiveFailures;
      const retryInSeconds = ((state.circuit.retryAt ?? now) - now) / 1000;
      log.warn(
        { source: source.id, failures, retryInSeconds, err: { message: error } },
        'news source failed',
      );
      return [];
    }
  };
}
