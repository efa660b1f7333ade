import type { MarketCalendar } from './calendar/index.js';
import { activeEvent, type NewsEvent } from './events.js';
import { holdsLongEnough, holdWouldPass } from './gates.js';
import type { EngineSettings, InstrumentSpec } from './instrument.js';
import { adaptToThresholds, createInstrumentState, type InstrumentState } from './instrumentState.js';
import { plausibleWhenWithin } from './jumpJudge.js';
import { isUsablePrice } from './quote.js';
import type { ScreenContext } from './priceScreen.js';
import type { Hold, RuleInput } from './rules/candidate.js';
import type { VolatilityTracker } from './rules/volatility.js';
import type { AlertFacts } from './alert.js';
import type { Decision } from './engineApi.js';
import type { Note } from './priceScreen.js';
import type { ScreenedPrice } from './personalAlert.js';

/** Most quotes raise nothing; sharing one (frozen) empty list spares an allocation per quote. */
export const NO_ALERTS: readonly AlertFacts[] = Object.freeze([]);
const NO_NOTES: readonly Note[] = Object.freeze([]);

const MINUTE_MS = 60_000;

/** The engine's memory and its look-ups: the current settings and each instrument's state. */

export interface Tracked {
  readonly spec: InstrumentSpec;
  readonly state: InstrumentState;
  /** The hold gate on this instrument's counts, made once rather than on every quote. */
  readonly held: Hold;
  /** The same gate for a streamed price: it reads the counts and leaves them alone. */
  readonly heldIfStreamed: Hold;
  /** Reused for every quote (only `now` changes), so screening one allocates no context. */
  readonly screenContext: Mutable<ScreenContext>;
  /** Reused for every accepted quote: the rules read it and keep nothing of it. */
  readonly ruleInput: Mutable<RuleInput>;
  /**
   * The usual decision (accepted, nothing to say), reused for every such quote with its accepted
   * price filled in: valid until this instrument's next quote, which the pipeline never reaches first.
   */
  readonly quiet: { evaluated: Mutable<ScreenedPrice> } & Omit<Decision, 'evaluated'>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The engine's memory: the current settings and each instrument's state. */
export interface Setup {
  config: EngineSettings;
  events: readonly NewsEvent[];
  calendar: MarketCalendar;
  specs: Map<string, InstrumentSpec>;
  /** Kept between quotes so that looking an instrument up allocates nothing. */
  readonly tracked: Map<string, Tracked>;
  readonly createVolatility: (lookbackReturns: number) => VolatilityTracker;
  readonly pollPeriodMs: number;
}

export function usableOrNull(price: number | null): number | null {
  return isUsablePrice(price) ? price : null;
}

export function lookup(setup: Setup, symbol: string): Tracked {
  const known = setup.tracked.get(symbol);
  if (known) return known;
  const spec = setup.specs.get(symbol);
  if (!spec)
    throw new Error(`unknown instrument ${symbol}; configured: ${[...setup.specs.keys()].join(', ')}`);
  return track(setup, spec, createInstrumentState(spec.thresholds, setup.createVolatility));
}

function track(setup: Setup, spec: InstrumentSpec, state: InstrumentState): Tracked {
  // Reads the counts and holdPolls at each call: a restore replaces the one, a reconfigure the other.
  // Most polls meet no condition while nothing is held; skipping the Map delete then spares most
  // of the gate's work (the gate tops a year replay's CPU profile).
  const held: Hold = (key, condition) =>
    !condition && state.holds.size === 0
      ? false
      : holdsLongEnough(state.holds, key, condition, setup.config.alerting.holdPolls);
  const heldIfStreamed: Hold = (key, condition) =>
    holdWouldPass(state.holds, key, condition, setup.config.alerting.holdPolls);
  const screenContext = {
    symbol: spec.id,
    market: spec.market,
    sanityJumpPct: spec.thresholds.sanityJumpPct,
    pollPeriodMs: setup.pollPeriodMs,
    withinIsPlausible: plausibleWhenWithin(spec.thresholds.sanityJumpPct),
    calendar: setup.calendar,
    staleAfterMs: setup.config.schedule.staleAfterMinutes * MINUTE_MS,
    now: 0,
  };
  const ruleInput = { price: 0, previousClose: null, factor: 1, held };
  const quiet = {
    alerts: NO_ALERTS,
    notes: NO_NOTES,
    skipped: null,
    evaluated: { symbol: spec.id, price: 0, time: 0, previousClose: null },
  };
  const tracked = { spec, state, held, heldIfStreamed, screenContext, ruleInput, quiet };
  setup.tracked.set(spec.id, tracked);
  return tracked;
}

/** The threshold factor while `event` is on: the configured tightening, else 1. */
export function eventFactor(setup: Setup, event: NewsEvent | null): number {
  return event ? setup.config.events.thresholdFactor : 1;
}

export function eventAt(setup: Setup, time: number): { event: NewsEvent | null; factor: number } {
  const event = activeEvent(setup.events, time);
  return { event, factor: eventFactor(setup, event) };
}

/** Applies an edited config; per-instrument memory is kept, adapted to changed thresholds. */
export function reconfigure(
  setup: Setup,
  config: EngineSettings,
  events: readonly NewsEvent[],
  calendar: MarketCalendar,
) {
  const previous = setup.specs;
  Object.assign(setup, {
    config,
    events,
    calendar,
    specs: new Map(config.instruments.map((i) => [i.id, i])),
  });
  // A copy: re-tracking an instrument re-inserts it, which would extend a live iteration.
  for (const [symbol, { state }] of [...setup.tracked]) {
    const spec = setup.specs.get(symbol);
    setup.tracked.delete(symbol);
    if (!spec) continue;
    adaptToThresholds(state, previous.get(symbol)?.thresholds, spec.thresholds, setup.createVolatility);
    track(setup, spec, state);
  }
}
