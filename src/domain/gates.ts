import { z } from 'zod';
import type { Candidate } from './rules/candidate.js';

/*
 * The gates between a rule's finding and an alert, as Alertmanager's pipeline has them:
 * hold ("must hold for N polls", its `for:`), then a cooldown per instrument, rule, direction (and
 * level) that a more severe finding still gets through (escalation).
 */

/** Consecutive polls each condition has held, by hold key (e.g. `windowMove:up`). */
export type HoldCounts = Map<string, number>;

/** The last alert of one gate key (instrument, rule, direction[, level]): what a cooldown compares with. */
export interface GateMemory {
  at: number;
  severity: number;
}

/** The last alert per gate key. */
export type Cooldowns = Map<string, GateMemory>;

/** Persisted parts (keys `holds` and `gates` of the instrument snapshot). */
export const holdsSnapshotSchema = z.record(z.string(), z.number().int());
export const cooldownsSnapshotSchema = z.record(
  z.string(),
  z.object({ at: z.number(), severity: z.number() }),
);

/**
 * Counts consecutive polls a condition has held and says whether it has held long enough.
 * A condition that lapses starts again from zero, as Alertmanager's `for:` does.
 */
export function holdsLongEnough(
  holds: HoldCounts,
  key: string,
  condition: boolean,
  holdPolls: number,
): boolean {
  if (!condition) {
    holds.delete(key);
    return false;
  }
  const count = (holds.get(key) ?? 0) + 1;
  holds.set(key, count);
  return count >= holdPolls;
}

/**
 * Whether `condition` would have held long enough, without counting this observation: a streamed
 * price between polls may complete a hold the polls have built, but never builds or breaks one.
 */
export function holdWouldPass(
  holds: HoldCounts,
  key: string,
  condition: boolean,
  holdPolls: number,
): boolean {
  return condition && (holds.get(key) ?? 0) + 1 >= holdPolls;
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

/** Direction is part of the key, so a reversal inside the cooldown is still reported. */
function gateKey(candidate: Candidate): string {
  return `${candidate.rule}:${candidate.level ?? ''}:${candidate.direction}`;
}

/** The candidates that pass their cooldown, with how; each one that passes is remembered. */
export function passCooldowns(
  cooldowns: Cooldowns,
  candidates: readonly Candidate[],
  at: number,
  cooldownMs: number,
): { candidate: Candidate; verdict: Exclude<GateVerdict, 'cooling-down'> }[] {
  const passed: { candidate: Candidate; verdict: Exclude<GateVerdict, 'cooling-down'> }[] = [];
  for (const candidate of candidates) {
    const key = gateKey(candidate);
    const verdict = checkGate(cooldowns.get(key), candidate.severity, at, cooldownMs);
    if (verdict === 'cooling-down') continue;
    cooldowns.set(key, { at, severity: candidate.severity });
    passed.push({ candidate, verdict });
  }
  return passed;
}
