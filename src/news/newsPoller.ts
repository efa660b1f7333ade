import type { Logger } from '../log.js';
import type { NewsItem } from './parseFeed.js';
import type { NewsSource } from './newsSources.js';

export interface SourceHealth {
  readonly source: string;
  readonly healthy: boolean;
  readonly consecutiveFailures: number;
  readonly retryAt: number | null;
  readonly lastError: string | null;
  readonly lastSuccessAt: number | null;
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
  const health = new Map<string, SourceHealth>(
    deps.sources.map((s) => [
      s.id,
      {
        source: s.id,
        healthy: true,
        consecutiveFailures: 0,
        retryAt: null,
        lastError: null,
        lastSuccessAt: null,
        skippedItems: 0,
      },
    ]),
  );

  async function pollOne(source: NewsSource, now: number): Promise<NewsItem[]> {
    const h = health.get(source.id);
    if (!h || (h.retryAt !== null && now < h.retryAt)) return [];
    try {
      const { items, skipped } = await source.fetch();
      health.set(source.id, {
        ...h,
        healthy: true,
        consecutiveFailures: 0,
        retryAt: null,
        lastError: null,
        lastSuccessAt: now,
        skippedItems: skipped,
      });
      if (skipped > 0)
        deps.log.warn({ source: source.id, skipped }, 'feed items skipped (no title or bad date)');
      return items;
    } catch (err) {
      const failures = h.consecutiveFailures + 1;
      const waitS = Math.min(deps.backoff.maxSeconds, deps.backoff.initialSeconds * 2 ** (failures - 1));
      const lastError = (err as Error).message;
      health.set(source.id, {
        ...h,
        healthy: false,
        consecutiveFailures: failures,
        retryAt: now + waitS * 1000,
        lastError,
      });
      deps.log.warn(
        { source: source.id, failures, retryInSeconds: waitS, error: lastError },
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
    health: () => [...health.values()],
  };
}
