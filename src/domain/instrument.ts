import type { OnshoreGapSettings } from './onshoreGap.js';
import type { DayMoveThresholds } from './rules/dayMove.js';
import type { LevelCrossThresholds } from './rules/levelCross.js';
import type { VolatilityThresholds } from './rules/volatility.js';
import type { WindowMoveThresholds } from './rules/windowMove.js';

/** Every rule's thresholds for one instrument, in percent unless named otherwise. */
export interface RuleThresholds {
  readonly dayMove: DayMoveThresholds;
  readonly windowMove: WindowMoveThresholds;
  readonly volatility: VolatilityThresholds;
  readonly levelCross: LevelCrossThresholds;
  /** A poll-to-poll jump larger than this waits for the next poll to confirm it. */
  readonly sanityJumpPct: number;
}

/** What the core knows of one instrument; the config's resolved instrument satisfies it. */
export interface InstrumentSpec {
  /** Short id used in alerts, e.g. HSI. */
  readonly id: string;
  readonly name: string;
  /** Which market calendar applies. */
  readonly market: string;
  /** Decimals its prices are shown with. */
  readonly decimals: number;
  readonly thresholds: RuleThresholds;
}

/** The settings the engine reads; the config satisfies it as it is. */
export interface EngineSettings {
  readonly instruments: readonly InstrumentSpec[];
  readonly schedule: { readonly staleAfterMinutes: number };
  readonly alerting: { readonly cooldownMinutes: number; readonly holdPolls: number };
  /** Inside a trade-news event's window the percentage thresholds are multiplied by this. */
  readonly events: { readonly thresholdFactor: number };
  /** The offshore–onshore yuan gap (absent: off). */
  readonly signals?: { readonly onshoreGap: OnshoreGapSettings };
}
