import type { GateMemory, InstrumentState } from './instrumentState.js';

/**
 * Counts consecutive polls a condition has held and says whether it has held long enough.
 * A condition that lapses starts again from zero, as Alertmanager's `for:` does.
 */
export function holdsLongEnough(
  state: InstrumentState,
  key: string,
  condition: boolean,
  holdPolls: number,
): boolean {
  if (!condition) {
    state.holds.delete(key);
    return false;
  }
  const count = (state.holds.get(key) ?? 0) + 1;
  state.holds.set(key, count);
  return count >= holdPolls;
}

export type GateVerdict = 'pass' | 'escalated' | 'cooling-down';

/** Cooldown per gate key; a more severe alert than the last one gets through (escalation). */
export function checkGate(
  memory: GateMemory | undefined,
  severity: number,
  at: number,
  cooldownMs: number,
): GateVerdict {
  if (!memory || at - memory.at >= cooldownMs) return 'pass';
  return severity > memory.severity ? 'escalated' : 'cooling-down';
}
