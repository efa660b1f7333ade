import { holdsLongEnough } from '../../../src/domain/gates.js';
import type { RuleInput } from '../../../src/domain/rules/candidate.js';

/** A rule input whose hold gate counts polls in `holds`, as the engine's does. */
export function ruleInput(
  price: number,
  over: Partial<Omit<RuleInput, 'held'>> & { holdPolls?: number; holds?: Map<string, number> } = {},
): RuleInput {
  const holds = over.holds ?? new Map<string, number>();
  const holdPolls = over.holdPolls ?? 1;
  return {
    price,
    previousClose: over.previousClose === undefined ? 100 : over.previousClose,
    factor: over.factor ?? 1,
    held: (key, condition) => holdsLongEnough(holds, key, condition, holdPolls),
  };
}
