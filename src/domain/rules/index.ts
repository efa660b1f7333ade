import type { RuleThresholds } from '../instrument.js';
import type { Candidate, RuleInput } from './candidate.js';
import { evaluateDayMove } from './dayMove.js';
import type { DayMoveState } from './dayMove.js';
import { evaluateLevelCross } from './levelCross.js';
import { evaluateRecovery } from './recovery.js';
import type { LevelCrossState } from './levelCross.js';
import { insideQuietBand, type QuietBand } from './quietBand.js';
import { evaluateVolatility } from './volatility.js';
import type { PollReturn } from './volatility.js';
import { evaluateWindowMove } from './windowMove.js';
import type { WindowMoveState } from './windowMove.js';

/** The state each rule keeps for one instrument, and the band where the day rules cannot fire. */
export interface RuleStates {
  readonly dayMove: DayMoveState;
  readonly windowMove: WindowMoveState;
  readonly levelCross: LevelCrossState;
  readonly quiet: QuietBand;
}

/** Most quotes raise nothing; one shared (frozen) empty list spares an allocation per quote. */
const NONE: readonly Candidate[] = Object.freeze([]);

function add(found: Candidate[] | null, candidate: Candidate | null): Candidate[] | null {
  if (candidate === null) return found;
  if (found === null) return [candidate];
  found.push(candidate);
  return found;
}

/**
 * Runs the rules on one accepted quote, in the order their alerts are listed. While no hold is
 * counting (`nothingHeld`), a quote inside the quiet band skips the day move, recovery and level
 * crosses, which could neither find nor change anything there (quietBand.ts).
 */
export function evaluateRules(
  states: RuleStates,
  input: RuleInput,
  thresholds: RuleThresholds,
  pollReturn: PollReturn | null,
  nothingHeld: boolean,
): readonly Candidate[] {
  const quiet =
    nothingHeld && insideQuietBand(states.quiet, states.dayMove, states.levelCross, input, thresholds);
  let found: Candidate[] | null = null;
  if (!quiet) {
    // The full rules may change their state: the band is computed afresh for the next quote.
    states.quiet.valid = false;
    found = add(found, evaluateDayMove(states.dayMove, input, thresholds.dayMove));
    found = add(found, evaluateRecovery(states.dayMove, input, thresholds.dayMove));
  }
  found = add(found, evaluateWindowMove(states.windowMove, input, thresholds.windowMove));
  found = add(found, evaluateVolatility(pollReturn, input, thresholds.volatility));
  if (!quiet) {
    const crosses = evaluateLevelCross(states.levelCross, input, thresholds.levelCross);
    if (crosses.length > 0) found = [...(found ?? []), ...crosses];
  }
  return found ?? NONE;
}
