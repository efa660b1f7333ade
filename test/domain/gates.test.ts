import { describe, expect, it } from 'vitest';
import { checkGate, holdsLongEnough, passCooldowns } from '../../src/domain/gates.js';
import type { Cooldowns } from '../../src/domain/gates.js';
import type { Candidate } from '../../src/domain/rules/candidate.js';

const MINUTE = 60_000;

function candidate(over: Partial<Candidate> = {}): Candidate {
  return {
    rule: 'windowMove',
    direction: 'down',
    severity: 1,
    changePct: -0.8,
    basePrice: 100,
    thresholdPct: 0.75,
    ...over,
  };
}

describe('hold gate', () => {
  it('GIVEN holdPolls 3 THEN true from the third consecutive poll, and a lapse starts again', () => {
    const holds = new Map<string, number>();
    const polls = [true, true, true, true, false, true].map((c) => holdsLongEnough(holds, 'k', c, 3));
    expect(polls).toEqual([false, false, true, true, false, false]);
  });
});

describe('cooldown gate', () => {
  it.each([
    [undefined, 1, 0, 'pass'],
    [{ at: 0, severity: 1 }, 1, 29 * MINUTE, 'cooling-down'],
    [{ at: 0, severity: 1 }, 2, 29 * MINUTE, 'escalated'],
    [{ at: 0, severity: 1 }, 1, 30 * MINUTE, 'pass'],
  ] as const)('GIVEN memory %o, severity %s at %s THEN %s', (memory, severity, at, verdict) => {
    expect(checkGate(memory, severity, at, 30 * MINUTE)).toBe(verdict);
  });

  it('GIVEN candidates in one poll THEN a repeat inside the cooldown is muted but a reversal and an escalation pass', () => {
    const cooldowns: Cooldowns = new Map();
    passCooldowns(cooldowns, [candidate()], 0, 30 * MINUTE);
    const passed = passCooldowns(
      cooldowns,
      [candidate(), candidate({ direction: 'up' }), candidate({ rule: 'dayMove', severity: 2 })],
      MINUTE,
      30 * MINUTE,
    );
    expect(passed.map((p) => [p.candidate.rule, p.candidate.direction, p.verdict])).toEqual([
      ['windowMove', 'up', 'pass'],
      ['dayMove', 'down', 'pass'],
    ]);
    const escalated = passCooldowns(cooldowns, [candidate({ severity: 2 })], 2 * MINUTE, 30 * MINUTE);
    expect(escalated.map((p) => p.verdict)).toEqual(['escalated']);
  });

  it('GIVEN two levels crossed THEN each level has its own cooldown', () => {
    const cooldowns: Cooldowns = new Map();
    const levels = [7.2, 7.3].map((level) => candidate({ rule: 'levelCross', level, direction: 'up' }));
    expect(passCooldowns(cooldowns, levels, 0, 30 * MINUTE)).toHaveLength(2);
  });
});
