import { describe, expect, it } from 'vitest';
import type { RuleThresholds } from '../../../src/domain/instrument.js';
import { createDayMoveState, evaluateDayMove, type DayMoveState } from '../../../src/domain/rules/dayMove.js';
import { createLevelCrossState, evaluateLevelCross } from '../../../src/domain/rules/levelCross.js';
import type { LevelCrossState } from '../../../src/domain/rules/levelCross.js';
import { createQuietBand, insideQuietBand } from '../../../src/domain/rules/quietBand.js';
import { evaluateRules } from '../../../src/domain/rules/index.js';
import { createWindowMoveState } from '../../../src/domain/rules/windowMove.js';
import { evaluateRecovery } from '../../../src/domain/rules/recovery.js';
import { ruleInput } from './ruleInput.js';

const THRESHOLDS: RuleThresholds = {
  dayMove: {
    tiersPct: [1, 2, 3],
    recovery: { enabled: true, hysteresisRatio: 0.25 },
    followThrough: { stepPct: 1, extremes: true },
  },
  windowMove: { windowMinutes: 15, thresholdPct: 0.5 },
  volatility: { lookbackReturns: 30, zScore: 4, minMovePct: 0.3 },
  levelCross: { levels: [98.5, 101.25], hysteresisPct: 0.1 },
  sanityJumpPct: 5,
};

interface Scenario {
  readonly name: string;
  readonly dayMove: () => DayMoveState;
  readonly sides: Record<string, 'above' | 'below'>;
  /** How many of the swept prices at least are skipped. */
  readonly leastQuiet: number;
}

function fired(up: number, down: number, extremeUp: number | null = null): () => DayMoveState {
  return () => ({
    ...createDayMoveState(),
    firedTiers: { up, down },
    firedThresholdsPct: { up: up > 0 ? 1 : null, down: down > 0 ? 1 : null },
    extremePct: { up: extremeUp, down: null },
  });
}

const SCENARIOS: Scenario[] = [
  { name: 'nothing fired, sides from the previous close', dayMove: fired(0, 0), sides: {}, leastQuiet: 20 },
  {
    name: 'tier 1 up fired (recovery armed)',
    dayMove: fired(1, 0),
    sides: { '101.25': 'below' },
    leastQuiet: 10,
  },
  {
    name: 'top tier up, last extreme 3.4 %',
    dayMove: fired(3, 0, 3.4),
    sides: { '98.5': 'above' },
    leastQuiet: 20,
  },
  // Each price is either back inside one fired side or outside the other: never quiet.
  { name: 'both directions fired', dayMove: fired(1, 2), sides: {}, leastQuiet: 0 },
];

/** Runs the three day rules in full on copies of the state; true when they find or change something. */
function fullRulesAct(dayMove: DayMoveState, levels: LevelCrossState, price: number, factor: number) {
  const day = structuredClone(dayMove);
  const cross = { sides: new Map(levels.sides) };
  const input = ruleInput(price, { factor });
  const found = [
    evaluateDayMove(day, input, THRESHOLDS.dayMove),
    evaluateRecovery(day, input, THRESHOLDS.dayMove),
    ...evaluateLevelCross(cross, input, THRESHOLDS.levelCross),
  ].filter((c) => c !== null);
  const changed =
    JSON.stringify(day) !== JSON.stringify(dayMove) ||
    JSON.stringify([...cross.sides]) !== JSON.stringify([...levels.sides]);
  return found.length > 0 || changed;
}

describe('quiet band', () => {
  for (const scenario of SCENARIOS) {
    for (const factor of [1, 0.5]) {
      it(`skips only prices where the full rules do nothing: ${scenario.name}, factor ${factor}`, () => {
        const dayMove = scenario.dayMove();
        const levels: LevelCrossState = { sides: new Map(Object.entries(scenario.sides)) };
        const band = createQuietBand();
        let quiet = 0;
        for (let price = 94; price <= 106; price += 0.0125) {
          const input = ruleInput(price, { factor });
          if (!insideQuietBand(band, dayMove, levels, input, THRESHOLDS)) continue;
          quiet++;
          expect(fullRulesAct(dayMove, levels, price, factor), `price ${price}`).toBe(false);
        }
        expect(quiet).toBeGreaterThanOrEqual(scenario.leastQuiet);
      });
    }
  }

  it('follows a change of state: a tier fired by the full rules moves the band', () => {
    const states = {
      dayMove: createDayMoveState(),
      levelCross: createLevelCrossState(),
      windowMove: createWindowMoveState(15),
      quiet: createQuietBand(),
    };
    const quiet = (price: number) =>
      insideQuietBand(states.quiet, states.dayMove, states.levelCross, ruleInput(price), THRESHOLDS);
    expect(quiet(100.9)).toBe(true);
    expect(quiet(101.5)).toBe(false);
    const found = evaluateRules(states, ruleInput(101.1), THRESHOLDS, null, true);
    expect(found.map((c) => c.rule)).toEqual(['dayMove']);
    // Tier 1 fired: 1.3 % is below tier 2, and 0.5 % is back inside tier 1 (recovery must run).
    expect(quiet(101.3)).toBe(true);
    expect(quiet(100.9)).toBe(true);
    expect(quiet(100.5)).toBe(false);
  });

  it('never skips while a level has no known side', () => {
    const band = createQuietBand();
    const input = ruleInput(98.6, { previousClose: 98.5 });
    expect(insideQuietBand(band, createDayMoveState(), createLevelCrossState(), input, THRESHOLDS)).toBe(
      false,
    );
  });
});
