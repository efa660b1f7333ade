import type { Logger } from '../log.js';
import type { OutputHub } from '../hub/outputHub.js';
import { createCloseWatch } from './closeWatch.js';
import { buildMarketWrap } from './dailyWrap.js';
import type { WrapDeps } from './dailyWrap.js';
import { formatMarketWrap } from './formatWrap.js';

export interface WrapPosterDeps extends WrapDeps {
  readonly hub: Pick<OutputHub, 'publish'>;
  readonly log: Logger;
}

/** Posts each watched market's daily wrap once its trading day ends; called after every poll. */
export function createWrapPoster(deps: WrapPosterDeps) {
  const watch = createCloseWatch();
  return {
    afterPoll(now: number): void {
      const { monitor } = deps;
      const markets = [...new Set(monitor.instruments().map((i) => i.market))];
      const ended = watch.ended(deps.config.calendar(), markets, now);
      if (!deps.config.current().signals.dailyWrap.enabled) return;
      for (const { market, tradingDay, until } of ended) {
        const wrap = buildMarketWrap(deps, market, until);
        const previousCloses = Object.fromEntries(
          wrap.instruments.flatMap((i) => (i.previousClose === null ? [] : [[i.id, i.previousClose]])),
        );
        const text = formatMarketWrap(wrap);
        deps.hub.publish({ kind: 'wrap', wrap: { market, tradingDay, text, until, previousCloses } });
        deps.log.info({ market, tradingDay }, 'daily wrap posted');
      }
    },
  };
}
