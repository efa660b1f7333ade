import { z } from 'zod';
import { changePct, directionOf } from './candidate.js';
import type { Direction } from '../alert.js';
import type { Candidate, RuleInput } from './candidate.js';

/** Day move: tiers of the move against the day's base, each firing once per trading day, direction and base. */
export interface DayMoveThresholds {
  /** Strictly increasing, in percent. */
  readonly tiersPct: readonly number[];
  /** The "back inside" notice when a fired tier clears (absent: none). */
  readonly recovery?: DayMoveRecovery;
  /** Alerts beyond the top tier (absent: the top tier is the last). */
  readonly followThrough?: DayMoveFollowThrough | undefined;
}

/** After the top tier: a further tier every `stepPct`, and optionally each new extreme beyond the last alert. */
export interface DayMoveFollowThrough {
  readonly stepPct: number;
  /** A new extreme of the day beyond the last alert also alerts; the cooldown spaces these. */
  readonly extremes: boolean;
}

/** Like Alertmanager's resolved notification: one short message when a fired tier's condition clears. */
export interface DayMoveRecovery {
  readonly enabled: boolean;
  /** The move must come back inside the fired tier by this fraction of it, so it does not flap. */
  readonly hysteresisRatio: number;
}

type PerDirection<T> = { up: T; down: T };

export interface DayMoveState {
  /** The highest tier already reported per direction in the current trading day. */
  firedTiers: PerDirection<number>;
  /**
   * Each direction's first-tier threshold as it stood when the direction first fired today, in percent
   * with any event tightening: what "back inside" is measured against. Null when nothing fired (or
   * the snapshot predates it).
   */
  firedThresholdsPct: PerDirection<number | null>;
  /**
   * The size of the move at each direction's last finding beyond the top tier: a follow-through
   * extreme must go past it. Not persisted: after a restart the saved cooldown spaces the next one.
   */
  extremePct: PerDirection<number | null>;
  /**
   * The largest move already alerted per direction today, in percent. An event window tightens the
   * tiers, so that move may now lie past a "higher" tier: only a tier beyond it is news. Not persisted
   * (the saved tiers and cooldown guard a restart).
   */
  alertedPct: PerDirection<number | null>;
  /**
   * The day's base when the engine knows it better than the provider: the price at a roll that
   * happens while the market trades (FX at 17:00 New York). Null: the quote's previous close.
   */
  dayBase: number | null;
  /** The base the fired tiers were measured against; no tier fires twice against one base. */
  firedAgainst: number | null;
}

/** The persisted part (key `firedTiers` of the instrument snapshot; `thresholdsPct` only once known). */
export const dayMoveSnapshotSchema = z.object({
  up: z.number().int(),
  down: z.number().int(),
  thresholdsPct: z.object({ up: z.number().nullable(), down: z.number().nullable() }).optional(),
});
export type DayMoveSnapshot = z.infer<typeof dayMoveSnapshotSchema>;
/** The persisted bases (key `dayBase`, absent in snapshots older than it and while both are null). */
export const dayBaseSnapshotSchema = z.object({
  base: z.number().nullable(),
  firedAgainst: z.number().nullable(),
});
export type DayBaseSnapshot = z.infer<typeof dayBaseSnapshotSchema>;

export function createDayMoveState(): DayMoveState {
  return {
    firedTiers: { up: 0, down: 0 },
    firedThresholdsPct: { up: null, down: null },
    extremePct: { up: null, down: null },
    alertedPct: { up: null, down: null },
    dayBase: null,
    firedAgainst: null,
  };
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
    state.firedThresholdsPct = { up: null, down: null };
    state.extremePct = { up: null, down: null };
    state.alertedPct = { up: null, down: null };
    state.firedAgainst = null;
  }
  state.dayBase = dayBase;
}

/** The base the day move is measured against: the engine's day base, else the quote's previous close. */
export function dayMoveBase(state: DayMoveState, providerClose: number | null): number | null {
  return state.dayBase ?? providerClose;
}

export function dayMoveSnapshot(state: DayMoveState): DayMoveSnapshot {
  const { up, down } = state.firedThresholdsPct;
  // Written only when known, so a snapshot without it stays byte for byte what older code wrote.
  return up === null && down === null
    ? { ...state.firedTiers }
    : { ...state.firedTiers, thresholdsPct: { up, down } };
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
  state.firedTiers = { up: snapshot.up, down: snapshot.down };
  state.firedThresholdsPct = { up: null, down: null, ...snapshot.thresholdsPct };
  state.dayBase = bases?.base ?? null;
  state.firedAgainst = bases?.firedAgainst ?? null;
}

/**
 * The highest tier (1-based) that a move against the previous close reaches, or 0. Past the top tier,
 * each `stepPct` further is one more tier (follow-through). Tiers and steps are scaled by `factor`
 * (event windows tighten them).
 */
export function dayMoveTier(
  changePct: number,
  tiersPct: readonly number[],
  factor: number,
  stepPct = 0,
): number {
  const size = Math.abs(changePct);
  let tier = 0;
  for (let i = 0; i < tiersPct.length; i++) {
    if (size >= (tiersPct[i] ?? Infinity) * factor) tier = i + 1;
    else break;
  }
  const top = (tiersPct.at(-1) ?? Infinity) * factor;
  if (tier < tiersPct.length || stepPct <= 0) return tier;
  // A hair of tolerance so a move of exactly top + k steps counts despite floating point.
  return tier + Math.floor((size - top) / (stepPct * factor) + 1e-9);
}

/** The threshold of a tier in percent, before any event factor: a configured tier or a follow-through step. */
export function tierThresholdPct(tier: number, thresholds: DayMoveThresholds): number {
  const { tiersPct } = thresholds;
  if (tier <= tiersPct.length) return tiersPct[tier - 1] ?? 0;
  return (tiersPct.at(-1) ?? 0) + (tier - tiersPct.length) * (thresholds.followThrough?.stepPct ?? 0);
}

/** Beyond the top tier without a new step: whether the move is a new extreme past the last finding. */
function isNewExtreme(
  state: DayMoveState,
  thresholds: DayMoveThresholds,
  direction: Direction,
  size: number,
) {
  const fired = state.firedTiers[direction];
  const last = state.extremePct[direction];
  return (
    thresholds.followThrough?.extremes === true &&
    fired >= thresholds.tiersPct.length &&
    (last === null || size > last)
  );
}

/**
 * The tier already reported in a direction, as the current tiers see it: the tier recorded, or the
 * tier the largest alerted move reaches under today's factor if that is higher (a window opened).
 */
function reportedTier(
  state: DayMoveState,
  thresholds: DayMoveThresholds,
  direction: Direction,
  factor: number,
): number {
  const alerted = state.alertedPct[direction];
  const step = thresholds.followThrough?.stepPct;
  const reached = alerted === null ? 0 : dayMoveTier(alerted, thresholds.tiersPct, factor, step);
  return Math.max(state.firedTiers[direction], reached);
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
  const size = Math.abs(dayPct);
  const tier = dayMoveTier(dayPct, thresholds.tiersPct, factor, thresholds.followThrough?.stepPct);
  const beyond = (d: Direction) =>
    direction === d &&
    (tier > reportedTier(state, thresholds, d, factor) || isNewExtreme(state, thresholds, d, size));
  // Both directions are asked every poll so a lapsed condition resets its hold count.
  const up = held('dayMove:up', beyond('up'));
  const down = held('dayMove:down', beyond('down'));
  if (!up && !down) return null;
  if (tier >= thresholds.tiersPct.length) state.extremePct[direction] = size;
  const thresholdPct = tierThresholdPct(tier, thresholds) * factor;
  if (state.firedTiers[direction] === 0)
    state.firedThresholdsPct[direction] = (thresholds.tiersPct[0] ?? 0) * factor;
  state.firedTiers[direction] = Math.max(tier, state.firedTiers[direction]);
  state.alertedPct[direction] = Math.max(size, state.alertedPct[direction] ?? 0);
  state.firedAgainst = previousClose;
  return {
    rule: 'dayMove',
    direction,
    severity: tier,
    changePct: dayPct,
    basePrice: previousClose,
    thresholdPct,
  };
}
