import type { NewsEvent } from '../domain/events.js';
import { measureReaction } from '../domain/reaction.js';
import type { Reaction } from '../domain/reaction.js';
import type { PricePoint } from '../domain/quote.js';
import type { BarStore } from '../store/bars.js';
import type { Monitor } from './monitor.js';

/** A last price before T0 older than this (a long outage) is no base. Covers a long weekend. */
const LOOKBACK_MS = 4 * 24 * 60 * 60_000;
/** Bars before the base that give the price screen its reference, and the chart its lead-in. */
const CONTEXT_MS = 30 * 60_000;

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
  deps: {
    readonly monitor: Pick<Monitor, 'instruments' | 'latestQuote' | 'calendar'>;
    readonly store: BarStore;
  },
  event: NewsEvent,
  now: number,
): ReactionRow[] {
  const { monitor, store } = deps;
  return monitor.instruments().map((inst) => {
    // Read from just before the last bar ahead of T0, not the whole lookback: this runs every poll.
    const lastBefore = store.barBefore(inst.id, event.time)?.time ?? event.time;
    const from = Math.max(lastBefore, event.time - LOOKBACK_MS) - CONTEXT_MS;
    const points = store.recentBars(inst.id, from).filter((p) => p.time <= now);
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
    // The chart starts shortly before the reaction does (T0, or the next open), not at the base.
    const chartFrom = (reaction.firstOpen ?? event.time) - CONTEXT_MS;
    return { label: inst.id, reaction, points: reaction.points.filter((p) => p.time >= chartFrom) };
  });
}
