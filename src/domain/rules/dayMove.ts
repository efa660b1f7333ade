import { z } from 'zod';
import { changePct, directionOf } from './candidate.js';
import type { Candidate, RuleInput } from './candidate.js';

/** Day move: tiers of the move against the day's base, each firing once per trading day, direction and base. */
export interface DayMoveThresholds {
  /** Strictly increasing, in percent. */
  readonly tiersPct: readonly number[];
}

export interface DayMoveState {
  /** The highest tier already reported per direction in the current trading day. */
  firedTiers: { up: number; down: number };
  /**
   * The day's base when the engine knows it better than the provider: the price at a roll that
   * happens while the market trades (FX at 17:00 New York). Null: the quote's previous close.
   */
  dayBase: number | null;
  /** The base the fired tiers were measured against; no tier fires twice against one base. */
  firedAgainst: number | null;
}

/** The persisted part (key `firedTiers` of the instrument snapshot). */
export const dayMoveSnapshotSchema = z.object({ up: z.number().int(), down: z.number().int() });
export type DayMoveSnapshot = z.infer<typeof dayMoveSnapshotSchema>;
/** The persisted bases (key `dayBase`, absent in snapshots older than it and while both are null). */
export const dayBaseSnapshotSchema = z.object({
  base: z.number().nullable(),
  firedAgainst: z.number().nullable(),
});
export type DayBaseSnapshot = z.infer<typeof dayBaseSnapshotSchema>;

export function createDayMoveState(): DayMoveState {
  return { firedTiers: { up: 0, down: 0 }, dayBase: null, firedAgainst: null };
}

/**
 * A new trading day fires every tier again, measured against `dayBase` (or, when null, the
 * provider's previous close), unless that is the very base the tiers already fired against: a
 * provider whose previous close has not rolled yet must not repeat yesterday's alerts.
 */
export function resetDayMove(
  state: DayMoveState,
  dayBase: number | null = null,
  providerClose: number | null = null,
): void {
  const base = dayBase ?? providerClose;
  if (base === null || base !== state.firedAgainst) {
    state.firedTiers = { up: 0, down: 0 };
    state.firedAgainst = null;
  }
  state.dayBase = dayBase;
}

/** The base the day move is measured against: the engine's day base, else the quote's previous close. */
export function dayMoveBase(state: DayMoveState, providerClose: number | null): number | null {
  return state.dayBase ?? providerClose;
}

export function dayMoveSnapshot(state: DayMoveState): DayMoveSnapshot {
  return { ...state.firedTiers };
}

export function dayBaseSnapshot(state: DayMoveState): DayBaseSnapshot | null {
  const { dayBase, firedAgainst } = state;
  return dayBase === null && firedAgainst === null ? null : { base: dayBase, firedAgainst };
}

export function restoreDayMove(
  state: DayMoveState,
  snapshot: DayMoveSnapshot,
  bases?: DayBaseSnapshot,
): void {
  state.firedTiers = { ...snapshot };
  state.dayBase = bases?.base ?? null;
  state.firedAgainst = bases?.firedAgainst ?? null;
}

/**
 * The highest tier (1-based) that a move against the previous close reaches, or 0.
 * Tiers are scaled by `factor` (event windows tighten them).
 */
export function dayMoveTier(changePct: number, tiersPct: readonly number[], factor: number): number {
  const size = Math.abs(changePct);
  let tier = 0;
  for (let i = 0; i < tiersPct.length; i++) {
    if (size >= (tiersPct[i] ?? Infinity) * factor) tier = i + 1;
    else break;
  }
  return tier;
}

/** A tier higher than any reported today in the move's direction, once it has held long enough. */
export function evaluateDayMove(
  state: DayMoveState,
  input: RuleInput,
  thresholds: DayMoveThresholds,
): Candidate | null {
  const { previousClose, price, factor, held } = input;
  if (previousClose === null) return null;
  const dayPct = changePct(price, previousClose);
  const direction = directionOf(dayPct);
  const tier = dayMoveTier(dayPct, thresholds.tiersPct, factor);
  // Both directions are asked every poll so a lapsed condition resets its hold count.
  const up = held('dayMove:up', direction === 'up' && tier > state.firedTiers.up);
  const down = held('dayMove:down', direction === 'down' && tier > state.firedTiers.down);
  if (!up && !down) return null;
  state.firedTiers[direction] = tier;
  state.firedAgainst = previousClose;
  return {
    rule: 'dayMove',
    direction,
    severity: tier,
    changePct: dayPct,
    basePrice: previousClose,
    thresholdPct: (thresholds.tiersPct[tier - 1] ?? 0) * factor,
  };
}
