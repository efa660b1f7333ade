import type { AlertFacts } from './alert.js';
import type { MarketCalendar } from './calendar/index.js';
import type { NewsEvent } from './events.js';
import type { EngineSettings } from './instrument.js';
import type { InstrumentSnapshot } from './instrumentState.js';
import type { Note, Observation, ScreenCounts, SkipReason } from './priceScreen.js';
import type { GapReading } from './onshoreGap.js';
import type { ScreenedPrice } from './personalAlert.js';
import type { PricePoint } from './quote.js';
import type { VolatilityTracker } from './rules/volatility.js';
import type { WindowMove } from './rules/windowMove.js';

/** What the engine offers the monitor: the interface its orchestration (engine.ts) implements. */

export interface Decision {
  readonly alerts: readonly AlertFacts[];
  readonly notes: readonly Note[];
  /** Why the quote was not evaluated, or null when the rules ran. */
  readonly skipped: SkipReason | null;
  /** The accepted price the rules ran on, with the day's base; null when skipped. */
  readonly evaluated: ScreenedPrice | null;
}

export interface EngineOptions {
  readonly config: EngineSettings;
  readonly calendar: MarketCalendar;
  readonly events: readonly NewsEvent[];
  /**
   * The time between polls: a jump beyond the sanity bound is confirmed by the next poll or by
   * agreeing prints this far apart, and streamed prints earn their bound in proportion to it.
   */
  readonly pollPeriodMs: number;
  /** How volatility is tracked; the streaming tracker unless a benchmark compares another. */
  readonly createVolatility?: (lookbackReturns: number) => VolatilityTracker;
}

export interface Engine {
  /** Evaluates one quote at wall-clock time `now` (epoch ms). */
  observe(observation: Observation, now: number): Decision;
  /**
   * Rebuilds the price window and volatility from recorded (screened) points, without alerting;
   * `previousClose` is the quote's, for the day base when the points start a new trading day.
   */
  warmUp(symbol: string, points: readonly PricePoint[], previousClose?: number | null): void;
  snapshot(symbol: string): InstrumentSnapshot;
  /** Restores persisted state; returns a problem description instead of throwing on a bad snapshot. */
  restore(symbol: string, snapshot: unknown): string | null;
  isStale(symbol: string): boolean;
  /** The price the screen last accepted (what the rules last saw), or null. */
  lastAccepted(symbol: string): PricePoint | null;
  /** Prices the screen kept from the rules since the start, by reason. */
  screenCounts(symbol: string): Readonly<ScreenCounts>;
  /** The trade-news event whose window contains `time`, and the threshold factor that applies then. */
  eventAt(time: number): { event: NewsEvent | null; factor: number };
  /** A poll's alerts with the offshore yuan's carrying the onshore gap, plus the gap's own alerts. */
  withOnshoreGap(alerts: readonly AlertFacts[]): AlertFacts[];
  /** The offshore–onshore spread as of the last screened prices, or null (src/domain/onshoreGap.ts). */
  onshoreGap(): GapReading | null;
  /** The move over the instrument's rolling window as of its last accepted quote, or null. */
  windowMove(symbol: string): WindowMove | null;
  /** Applies an edited config (thresholds, cooldowns, events) live; per-instrument memory is kept. */
  reconfigure(config: EngineSettings, events: readonly NewsEvent[], calendar: MarketCalendar): void;
}
