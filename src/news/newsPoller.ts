import type { Logger } from '../log.js';
import {
  backoffDelayMs,
  CLOSED_CIRCUIT,
  policyFromSeconds,
  recordFailure,
  recordSuccess,
  skipUntil,
  type Circuit,
} from '../resilience/backoff.js';
import { healthOf, type Health } from '../resilience/health.js';
import type { NewsItem } from './parseFeed.js';
import type { NewsSource } from './newsSources.js';

export interface SourceHealth extends Health {
  /** Items of the last fetch dropped for a missing title or an unreadable date. */
  readonly skippedItems: number;
}

export interface NewsPoller {
  /** Fetches every source not backing off; one failing source never stops the others. */
  poll(): Promise<NewsItem[]>;
  health(): SourceHealth[];
}

export function createNewsPoller(deps: {
  readonly sources: readonly NewsSource[];
  readonly backoff: { readonly initialSeconds: number; readonly maxSeconds: number };
  readonly now: () => number;
  readonly log: Logger;
}): NewsPoller {
  const policy = policyFromSeconds(deps.backoff);
  const circuits = new Map<string, Circuit>(deps.sources.map((s) => [s.id, CLOSED_CIRCUIT]));
  const skippedItems = new Map<string, number>();

  async function pollOne(source: NewsSource, now: number): Promise<NewsItem[]> {
    const circuit = circuits.get(source.id);
    if (!circuit || skipUntil(circuit, now) !== null) return [];
    try {
      const { items, skipped, skippedBy } = await source.fetch();
      circuits.set(source.id, recordSuccess(circuit, now));
      skippedItems.set(source.id, skipped);
      if (skipped > 0)
        deps.log.warn({ source: source.id, skipped, ...skippedBy }, 'feed items skipped (the rest kept)');
      return items;
    } catch (err) {
      const error = (err as Error).message;
      const failed = recordFailure(circuits.get(source.id) ?? circuit, { now, error, policy });
      circuits.set(source.id, failed);
      const failures = failed.consecutiveFailures;
      const retryInSeconds = backoffDelayMs(policy, failures) / 1000;
      deps.log.warn(
        { source: source.id, failures, retryInSeconds, err: { message: error } },
        'news source failed',
      );
      return [];
    }
  }

  return {
    async poll() {
      const now = deps.now();
      const results = await Promise.all(deps.sources.map((s) => pollOne(s, now)));
      return results.flat();
    },
    health: () =>
      [...circuits].map(([id, circuit]) => ({
        ...healthOf(id, circuit),
        skippedItems: skippedItems.get(id) ?? 0,
      })),
  };
}
