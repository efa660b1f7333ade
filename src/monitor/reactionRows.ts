import type { NewsEvent } from '../domain/events.js';
import { measureReaction } from '../domain/reaction.js';
import type { Reaction } from '../domain/reaction.js';
import type { PricePoint } from '../domain/quote.js';
import type { BarStore } from '../store/bars.js';
import type { Monitor } from './monitor.js';

/** Bars from this long before T0 give the base price even across a long weekend. */
const LOOKBACK_MS = 4 * 24 * 60 * 60_000;

export interface ReactionRow {
  readonly label: string;
  readonly reaction: Reaction;
  readonly points: readonly PricePoint[];
}

/**
 * Each instrument's reaction to an event as of `now`, from the recorded bars. The day change uses the
 * latest known previous close, which is the event's session for the reports this bot makes.
 */
export function reactionRows(
  deps: { readonly monitor: Monitor; readonly store: BarStore },
  event: NewsEvent,
  now: number,
): ReactionRow[] {
  const { monitor, store } = deps;
  return monitor.instruments().map((inst) => {
    const points = store.recentBars(inst.id, event.time - LOOKBACK_MS).filter((p) => p.time <= now);
    const reaction = measureReaction(
      {
        t0: event.time,
        points,
        previousClose: monitor.latestQuote(inst.id)?.previousClose ?? null,
        status: (at) => monitor.calendar().status(inst.market, at),
        sanityJumpPct: inst.thresholds.sanityJumpPct,
      },
      now,
    );
    return { label: inst.id, reaction, points: reaction.points };
  });
}
