import type { Candidate, RuleInput } from './candidate.js';
import { changePct } from './candidate.js';
import type { DayMoveState, DayMoveThresholds } from './dayMove.js';

/**
 * The "back inside" notice of a day move, as Alertmanager's resolved notification: once a direction
 * that fired today has come back inside its first tier (as crossed, with any event tightening) by the
 * hysteresis, and held there, one candidate; severity is the highest tier it had reached. The tiers
 * are armed again, so a second breach is a new alert (the cooldown still spaces them). Runs after
 * evaluateDayMove on the same quote.
 */
export function evaluateRecovery(
  state: DayMoveState,
  input: RuleInput,
  thresholds: DayMoveThresholds,
): Candidate | null {
  const { previousClose, held } = input;
  const settings = thresholds.recovery;
  if (previousClose === null) return null;
  const dayPct = changePct(input.price, previousClose);
  let found: Candidate | null = null;
  for (const direction of ['up', 'down'] as const) {
    const tier = state.firedTiers[direction];
    // An older snapshot knows the tiers fired but not how tight: the plain first tier then.
    const firstPct = state.firedThresholdsPct[direction] ?? thresholds.tiersPct[0] ?? 0;
    const size = direction === 'up' ? dayPct : -dayPct;
    const inside = settings?.enabled === true && tier > 0 && size < firstPct * (1 - settings.hysteresisRatio);
    // Asked every poll for both directions, so a lapsed condition resets its hold count.
    if (!held(`recovery:${direction}`, inside)) continue;
    state.firedTiers[direction] = 0;
    state.firedThresholdsPct[direction] = null;
    state.extremePct[direction] = null;
    state.alertedPct[direction] = null;
    found = {
      rule: 'recovery',
      direction,
      severity: tier,
      changePct: dayPct,
      basePrice: previousClose,
      thresholdPct: firstPct,
    };
  }
  return found;
}
