import type { Direction, RuleName } from '../alert.js';

/** A rule's finding before the gates (cooldown, escalation) and before it becomes an alert. */
export interface Candidate {
  readonly rule: RuleName;
  readonly direction: Direction;
  /** Higher is more serious: the tier, or the multiple of the threshold reached. */
  readonly severity: number;
  readonly changePct: number;
  readonly basePrice: number;
  readonly thresholdPct: number;
  readonly windowMinutes?: number;
  readonly zScore?: number;
  readonly level?: number;
}

/**
 * Counts the consecutive polls `condition` has held under `key` and says whether it has held long
 * enough (the hold gate, see gates.ts); rules ask it before they change their own state.
 */
export type Hold = (key: string, condition: boolean) => boolean;

/** What every rule sees of one accepted quote. */
export interface RuleInput {
  readonly price: number;
  /** The previous close when usable, else null. */
  readonly previousClose: number | null;
  /** Threshold factor: 1, or the event window's tightening. */
  readonly factor: number;
  readonly held: Hold;
}

export function directionOf(pct: number): Direction {
  return pct >= 0 ? 'up' : 'down';
}

/** Percent change from `base` to `price`. */
export function changePct(price: number, base: number): number {
  return (price / base - 1) * 100;
}
