import type { RuleThresholds } from '../instrument.js';
import { changePct } from './candidate.js';
import type { RuleInput } from './candidate.js';
import { tierThresholdPct, type DayMoveState, type DayMoveThresholds } from './dayMove.js';
import { type LevelCrossState, type LevelCrossThresholds, type Side, sideOfLevel } from './levelCross.js';

/*
 * Nearly every quote is far from any threshold. While nothing is held, the day move, its recovery
 * and the level crosses can neither raise a candidate nor change their state for a price inside a
 * band that depends only on their state, the base and the event factor: next tier up and down, the
 * recovery floors of fired directions, and the hysteresis edge of each level on its known side.
 * The band is computed once for those inputs and the three rules are skipped inside it.
 * It is kept a hair narrower than the exact band (SHRINK), so rounding can only send a quote to
 * the full rules, never keep one from them.
 */

const SHRINK = 1e-6;

/** The cached band and what it was computed from; `valid` is cleared whenever the full rules run. */
export interface QuietBand {
  valid: boolean;
  thresholds: RuleThresholds | null;
  firedTiers: object | null;
  sides: object | null;
  previousClose: number;
  factor: number;
  /** Day move in percent strictly between these: nothing from the day move or its recovery. */
  lowPct: number;
  highPct: number;
  /** Price strictly between these: no level changes side. */
  lowPrice: number;
  highPrice: number;
}

export function createQuietBand(): QuietBand {
  return {
    valid: false,
    thresholds: null,
    firedTiers: null,
    sides: null,
    previousClose: NaN,
    factor: NaN,
    lowPct: 0,
    highPct: 0,
    lowPrice: 0,
    highPrice: 0,
  };
}

/** Whether the day move, recovery and level-cross rules may be skipped for this quote (nothing held). */
export function insideQuietBand(
  band: QuietBand,
  dayMove: DayMoveState,
  levelCross: LevelCrossState,
  input: RuleInput,
  thresholds: RuleThresholds,
): boolean {
  const { previousClose, price, factor } = input;
  if (previousClose === null) return false;
  if (
    !band.valid ||
    band.thresholds !== thresholds ||
    band.firedTiers !== dayMove.firedTiers ||
    band.sides !== levelCross.sides ||
    band.previousClose !== previousClose ||
    band.factor !== factor
  ) {
    computeBand(band, dayMove, levelCross, previousClose, factor, thresholds);
  }
  if (price <= band.lowPrice || price >= band.highPrice) return false;
  const dayPct = changePct(price, previousClose);
  return dayPct > band.lowPct && dayPct < band.highPct;
}

function computeBand(
  band: QuietBand,
  dayMove: DayMoveState,
  levelCross: LevelCrossState,
  previousClose: number,
  factor: number,
  thresholds: RuleThresholds,
): void {
  Object.assign(band, {
    valid: true,
    thresholds,
    firedTiers: dayMove.firedTiers,
    sides: levelCross.sides,
    previousClose,
    factor,
  });
  const day = thresholds.dayMove;
  const recoveryFloor = (direction: 'up' | 'down'): number => {
    const hysteresis = day.recovery?.enabled === true ? day.recovery.hysteresisRatio : null;
    if (hysteresis === null || dayMove.firedTiers[direction] <= 0) return -Infinity;
    const firstPct = dayMove.firedThresholdsPct[direction] ?? day.tiersPct[0] ?? 0;
    return firstPct * (1 - hysteresis);
  };
  // Up: below the next tier (and the last extreme) and above the up recovery floor; down mirrored.
  const high = Math.min(nextTierPct(dayMove, day, 'up', factor), -recoveryFloor('down'));
  const low = Math.max(-nextTierPct(dayMove, day, 'down', factor), recoveryFloor('up'));
  band.highPct = Number.isFinite(high) ? high - Math.abs(high) * SHRINK : high;
  band.lowPct = Number.isFinite(low) ? low + Math.abs(low) * SHRINK : low;
  levelBand(band, levelCross, thresholds.levelCross, previousClose);
}

/** The size of a move in `direction` from which the day move may find something (a new tier or extreme). */
function nextTierPct(
  state: DayMoveState,
  thresholds: DayMoveThresholds,
  direction: 'up' | 'down',
  factor: number,
): number {
  const fired = state.firedTiers[direction];
  const { tiersPct, followThrough } = thresholds;
  const beyondTop = fired >= tiersPct.length;
  let next = beyondTop && !(followThrough !== undefined && followThrough.stepPct > 0) ? Infinity : 0;
  if (next === 0) next = tierThresholdPct(fired + 1, thresholds) * factor;
  if (beyondTop && followThrough?.extremes === true) next = Math.min(next, state.extremePct[direction] ?? 0);
  // A down move of exactly 0 % counts as up (directionOf), so the band never reaches below 0 on that side.
  return Math.max(0, next);
}

function levelBand(
  band: QuietBand,
  state: LevelCrossState,
  thresholds: LevelCrossThresholds,
  previousClose: number,
): void {
  band.lowPrice = 0;
  band.highPrice = Infinity;
  for (const level of thresholds.levels) {
    const width = (level * thresholds.hysteresisPct) / 100;
    const known: Side | null =
      state.sides.get(String(level)) ?? sideOfLevel(previousClose, level, thresholds.hysteresisPct, null);
    if (known === null) {
      band.highPrice = 0;
      return;
    }
    // Above stays above until the price reaches level − band; below until level + band.
    if (known === 'above') band.lowPrice = Math.max(band.lowPrice, (level - width) * (1 + SHRINK));
    else band.highPrice = Math.min(band.highPrice, (level + width) * (1 - SHRINK));
  }
}
