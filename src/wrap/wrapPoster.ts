import type { Logger } from '../log.js';
import type { OutputHub } from '../hub/outputHub.js';
import { createCloseWatch } from './closeWatch.js';
import type { EndedDay } from './closeWatch.js';
import { buildMarketWrap } from './dailyWrap.js';
import type { WrapDeps } from './dailyWrap.js';
import { formatMarketWrap } from './formatWrap.js';

export interface WrapPosterDeps extends WrapDeps {
  readonly hub: Pick<OutputHub, 'publish'>;
  readonly log: Logger;
}

/**
 * Posts each watched market's daily wrap once its trading day ends; called after every poll. The
 * watch's looks and the wraps queued are kept in the store, so a restart or a failover neither
 * misses a day that ended meanwhile (within LOOK_REMEMBERED_MS) nor queues one twice.
 */
export function createWrapPoster(deps: WrapPosterDeps) {
  const { store } = deps;
  const watch = createCloseWatch({
    load: () => store.marketLooks(),
    save: (market, look) => {
      store.saveMarketLook(market, look);
    },
  });
  return {
    afterPoll(now: number): void {
      const { monitor } = deps;
      const markets = [...new Set(monitor.instruments().map((i) => i.market))];
      const ended = watch.ended(deps.config.calendar(), markets, now);
      if (!deps.config.current().signals.dailyWrap.enabled) return;
      for (const day of ended) postWrap(deps, day, now);
    },
  };
}

/** The claim and the queued post commit together: a wrap is queued once, or not at all. */
function postWrap(deps: WrapPosterDeps, { market, tradingDay, until }: EndedDay, now: number): void {
  deps.store.transaction(() => {
    if (!deps.store.claimWrap(market, tradingDay, now)) return;
    const wrap = buildMarketWrap(deps, market, until);
    const previousCloses = Object.fromEntries(
      wrap.instruments.flatMap((i) => (i.previousClose === null ? [] : [[i.id, i.previousClose]])),
    );
    const text = formatMarketWrap(wrap);
    deps.hub.publish({ kind: 'wrap', wrap: { market, tradingDay, text, until, previousCloses } });
    deps.log.info({ market, tradingDay }, 'daily wrap posted');
  });
}
