import type { NewsEvent } from '../domain/events.js';
import { GAP_ROW_LABEL, offshoreOverOnshore } from '../domain/onshoreGap.js';
import { measureReaction } from '../domain/reaction.js';
import type { Reaction } from '../domain/reaction.js';
import type { PricePoint } from '../domain/quote.js';
import type { ConfigHolder } from '../config/configHolder.js';
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

type RowDeps = {
  readonly monitor: Pick<Monitor, 'instruments' | 'latestQuote'>;
  readonly config: Pick<ConfigHolder, 'current' | 'calendar'>;
  readonly store: BarStore;
};

/** An instrument's stored bars from shortly before the last bar ahead of T0 up to `now`. */
function barsAround(store: BarStore, symbol: string, event: NewsEvent, now: number): PricePoint[] {
  // Read from just before the last bar ahead of T0, not the whole lookback: this runs every poll.
  const lastBefore = store.barBefore(symbol, event.time)?.time ?? event.time;
  const from = Math.max(lastBefore, event.time - LOOKBACK_MS) - CONTEXT_MS;
  return store.recentBars(symbol, from).filter((p) => p.time <= now);
}

/** The chart starts shortly before the reaction does (T0, or the next open), not at the base. */
function row(label: string, reaction: Reaction, event: NewsEvent): ReactionRow {
  const chartFrom = (reaction.firstOpen ?? event.time) - CONTEXT_MS;
  return { label, reaction, points: reaction.points.filter((p) => p.time >= chartFrom) };
}

/**
 * The offshore–onshore gap's reaction, as the row CNH/CNY: the offshore rate's move against the
 * onshore one, which is the spread's change in percent of the onshore rate (0.07 % ≈ 50 pips).
 * Only while the gap signal is on and both rates are watched.
 */
function onshoreGapRow(deps: RowDeps, event: NewsEvent, now: number): ReactionRow | null {
  const settings = deps.config.current().signals.onshoreGap;
  const instruments = deps.monitor.instruments();
  const offshore = instruments.find((i) => i.id === settings.offshore);
  const onshore = instruments.find((i) => i.id === settings.onshore);
  if (!settings.enabled || !offshore || !onshore) return null;
  const closeOf = (id: string) => deps.monitor.latestQuote(id)?.previousClose ?? null;
  const [offshoreClose, onshoreClose] = [closeOf(offshore.id), closeOf(onshore.id)];
  const reaction = measureReaction(
    {
      t0: event.time,
      points: offshoreOverOnshore(
        barsAround(deps.store, offshore.id, event, now),
        barsAround(deps.store, onshore.id, event, now),
      ),
      previousClose: offshoreClose && onshoreClose ? offshoreClose / onshoreClose : null,
      status: (at) => deps.config.calendar().status(offshore.market, at),
      sanityJumpPct: offshore.thresholds.sanityJumpPct,
    },
    now,
  );
  return row(GAP_ROW_LABEL, reaction, event);
}

/**
 * Each instrument's reaction to an event as of `now`, from the recorded bars, then the offshore–onshore
 * gap's. The day change uses the latest known previous close, which is the event's session for the
 * reports this bot makes.
 */
export function reactionRows(deps: RowDeps, event: NewsEvent, now: number): ReactionRow[] {
  const { monitor, store, config } = deps;
  const rows = monitor.instruments().map((inst) => {
    const reaction = measureReaction(
      {
        t0: event.time,
        points: barsAround(store, inst.id, event, now),
        previousClose: monitor.latestQuote(inst.id)?.previousClose ?? null,
        status: (at) => config.calendar().status(inst.market, at),
        sanityJumpPct: inst.thresholds.sanityJumpPct,
      },
      now,
    );
    return row(inst.id, reaction, event);
  });
  const gap = onshoreGapRow(deps, event, now);
  return gap ? [...rows, gap] : rows;
}
