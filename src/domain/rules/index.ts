import type { RuleThresholds } from '../instrument.js';
import type { Candidate, RuleInput } from './candidate.js';
import { evaluateDayMove } from './dayMove.js';
import type { DayMoveState } from './dayMove.js';
import { evaluateLevelCross } from './levelCross.js';
import { evaluateRecovery } from './recovery.js';
import type { LevelCrossState } from './levelCross.js';
import { evaluateVolatility } from './volatility.js';
import type { PollReturn } from './volatility.js';
import { evaluateWindowMove } from './windowMove.js';
import type { WindowMoveState } from './windowMove.js';

/** The state each rule keeps for one instrument. */
export interface RuleStates {
  readonly dayMove: DayMoveState;
  readonly windowMove: WindowMoveState;
  readonly levelCross: LevelCrossState;
}

/** Runs the four rules on one accepted quote, in the order their alerts are listed. */
export function evaluateRules(
  states: RuleStates,
  input: RuleInput,
  thresholds: RuleThresholds,
  pollReturn: PollReturn | null,
): Candidate[] {
  const found: Candidate[] = [];
  const dayMove = evaluateDayMove(states.dayMove, input, thresholds.dayMove);
  if (dayMove) found.push(dayMove);
  const recovered = evaluateRecovery(states.dayMove, input, thresholds.dayMove);
  if (recovered) found.push(recovered);
  const windowMove = evaluateWindowMove(states.windowMove, input, thresholds.windowMove);
  if (windowMove) found.push(windowMove);
  const volatility = evaluateVolatility(pollReturn, input, thresholds.volatility);
  if (volatility) found.push(volatility);
  found.push(...evaluateLevelCross(states.levelCross, input, thresholds.levelCross));
  return found;
}
