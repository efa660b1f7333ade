import type { MarketStatus } from './calendar/index.js';
import { formatPct } from './format.js';
import type { PricePoint } from './quote.js';

/** The minutes after an event at which its reaction is measured and reported. */
export const REACTION_STEPS_MINUTES = [1, 5, 15, 30, 60] as const;
const MINUTE_MS = 60_000;

export interface ReactionInput {
  /** Event time, epoch ms. */
  readonly t0: number;
  /** The instrument's prices around T0, in any order; unusable prices are ignored. */
  readonly points: readonly PricePoint[];
  /** Previous close for the day change; null when unknown. */
  readonly previousClose: number | null;
  /** The instrument's market calendar. */
  readonly status: (at: number) => MarketStatus;
}

export interface ReactionStep {
  readonly minutes: number;
  /** T0 + minutes, or the first open + minutes when the market was closed at T0. */
  readonly at: number;
  /** Last price at or before `at`; null while that time has not come or there is no price yet. */
  readonly price: number | null;
  readonly changePct: number | null;
  readonly dayChangePct: number | null;
}

export interface Reaction {
  /** The price the moves are measured from. */
  readonly base: PricePoint | null;
  /** 'open': the market was closed (or at lunch) at T0, so the first reaction is at the next open. */
  readonly measuredFrom: 'event' | 'open';
  readonly firstOpen: number | null;
  readonly steps: readonly ReactionStep[];
}

function lastAtOrBefore(points: readonly PricePoint[], time: number): PricePoint | null {
  let found: PricePoint | null = null;
  for (const p of points) {
    if (p.time > time) break;
    found = p;
  }
  return found;
}

/**
 * Each step's move since the event. A market closed at T0 (night, weekend, lunch) could not react
 * then, so its reaction is measured from its next open: base = first price at or after the open.
 */
export function measureReaction(input: ReactionInput, until = Infinity): Reaction {
  const points = input.points
    .filter((p) => Number.isFinite(p.price) && p.price > 0)
    .slice()
    .sort((a, b) => a.time - b.time);
  const atT0 = input.status(input.t0);
  const open = atT0.state === 'open';
  const firstOpen = open ? null : atT0.nextOpen;
  const start = open ? input.t0 : firstOpen;
  const base =
    start === null
      ? null
      : open
        ? lastAtOrBefore(points, input.t0)
        : (points.find((p) => p.time >= start) ?? null);
  const prev = input.previousClose;
  const steps = REACTION_STEPS_MINUTES.map((minutes): ReactionStep => {
    const at = (start ?? input.t0) + minutes * MINUTE_MS;
    const point = base && at <= until ? lastAtOrBefore(points, at) : null;
    const price = point && base && point.time >= base.time ? point.price : null;
    return {
      minutes,
      at,
      price,
      changePct: price !== null && base ? (price / base.price - 1) * 100 : null,
      dayChangePct: price !== null && prev ? (price / prev - 1) * 100 : null,
    };
  });
  return { base, measuredFrom: open ? 'event' : 'open', firstOpen, steps };
}

/** A monospace table for a code block: one row per instrument, one column per step, then the day move. */
export function formatReactionTable(rows: readonly { label: string; reaction: Reaction }[]): string {
  const header = ['', ...REACTION_STEPS_MINUTES.map((m) => `T+${m}`), 'Day'];
  const body = rows.map(({ label, reaction }) => {
    const cells = reaction.steps.map((s) => (s.changePct === null ? '·' : formatPct(s.changePct)));
    const lastDay = [...reaction.steps].reverse().find((s) => s.dayChangePct !== null)?.dayChangePct ?? null;
    const note = reaction.measuredFrom === 'open' ? ' (from open)' : '';
    return [`${label}${note}`, ...cells, lastDay === null ? '·' : formatPct(lastDay)];
  });
  const all = [header, ...body];
  const widths = header.map((_, col) => Math.max(...all.map((r) => (r[col] ?? '').length)));
  return all
    .map((r) =>
      r
        .map((cell, col) =>
          cell.padStart(col === 0 ? 0 : (widths[col] ?? 0)).padEnd(col === 0 ? (widths[0] ?? 0) : 0),
        )
        .join('  '),
    )
    .join('\n');
}
