import { z } from 'zod';
import type { Direction } from '../alert.js';
import { changePct } from './candidate.js';
import type { Candidate, RuleInput } from './candidate.js';

export type Side = 'above' | 'below';

/** Level crosses with a hysteresis band, so a price wobbling on a level never flips. */
export interface LevelCrossThresholds {
  readonly levels: readonly number[];
  /** Band around each level, in percent of it. */
  readonly hysteresisPct: number;
}

export interface LevelCrossState {
  /** Confirmed side per level (keyed by the level as a string); kept across trading days. */
  sides: Map<string, Side>;
}

/** The persisted part (key `levelSides` of the instrument snapshot). */
export const levelCrossSnapshotSchema = z.record(z.string(), z.enum(['above', 'below']));
export type LevelCrossSnapshot = z.infer<typeof levelCrossSnapshotSchema>;

export function createLevelCrossState(): LevelCrossState {
  return { sides: new Map() };
}

export function levelCrossSnapshot(state: LevelCrossState): LevelCrossSnapshot {
  return Object.fromEntries(state.sides);
}

export function restoreLevelCross(state: LevelCrossState, snapshot: LevelCrossSnapshot): void {
  state.sides = new Map(Object.entries(snapshot));
}

/**
 * Which side of `level` a price is on, with a hysteresis band of `hysteresisPct` of the level:
 * inside the band the previous side is kept, so a price wobbling on the level never flips.
 */
export function sideOfLevel(
  price: number,
  level: number,
  hysteresisPct: number,
  previous: Side | null,
): Side | null {
  const band = (level * hysteresisPct) / 100;
  if (price >= level + band) return 'above';
  if (price <= level - band) return 'below';
  return previous;
}

/** One candidate per level whose side changed and held long enough; the first price only learns the side. */
export function evaluateLevelCross(
  state: LevelCrossState,
  input: RuleInput,
  thresholds: LevelCrossThresholds,
): Candidate[] {
  const found: Candidate[] = [];
  for (const level of thresholds.levels) {
    const crossed = crossOf(state, input, level, thresholds.hysteresisPct);
    if (crossed) found.push(crossed);
  }
  return found;
}

function crossOf(state: LevelCrossState, input: RuleInput, level: number, hysteresisPct: number) {
  const key = String(level);
  const { price, previousClose } = input;
  const known =
    state.sides.get(key) ??
    (previousClose === null ? null : sideOfLevel(previousClose, level, hysteresisPct, null));
  const side = sideOfLevel(price, level, hysteresisPct, known);
  if (known === null) {
    if (side !== null) state.sides.set(key, side);
    return null;
  }
  if (!input.held(`levelCross:${key}`, side !== known) || side === null) return null;
  // The side moves on even if a cooldown mutes the alert: a late alert for an old cross is noise.
  state.sides.set(key, side);
  const direction: Direction = side === 'above' ? 'up' : 'down';
  return {
    rule: 'levelCross',
    direction,
    severity: 1,
    changePct: changePct(price, level),
    basePrice: level,
    thresholdPct: hysteresisPct,
    level,
  } satisfies Candidate;
}
