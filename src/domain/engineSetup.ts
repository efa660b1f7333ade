import type { MarketCalendar } from './calendar/index.js';
import { activeEvent, type NewsEvent } from './events.js';
import type { EngineSettings, InstrumentSpec } from './instrument.js';
import { adaptToThresholds, createInstrumentState, type InstrumentState } from './instrumentState.js';
import { isUsablePrice } from './quote.js';
import type { VolatilityTracker } from './rules/volatility.js';

/** The engine's memory and its look-ups: the current settings and each instrument's state. */

export interface Tracked {
  readonly spec: InstrumentSpec;
  readonly state: InstrumentState;
}

/** The engine's memory: the current settings and each instrument's state. */
export interface Setup {
  config: EngineSettings;
  events: readonly NewsEvent[];
  calendar: MarketCalendar;
  specs: Map<string, InstrumentSpec>;
  readonly states: Map<string, InstrumentState>;
  readonly createVolatility: (lookbackReturns: number) => VolatilityTracker;
}

export function usableOrNull(price: number | null): number | null {
  return isUsablePrice(price) ? price : null;
}

export function lookup(setup: Setup, symbol: string): Tracked {
  const spec = setup.specs.get(symbol);
  if (!spec)
    throw new Error(`unknown instrument ${symbol}; configured: ${[...setup.specs.keys()].join(', ')}`);
  let state = setup.states.get(symbol);
  if (!state)
    setup.states.set(symbol, (state = createInstrumentState(spec.thresholds, setup.createVolatility)));
  return { spec, state };
}

export function eventAt(setup: Setup, time: number): { event: NewsEvent | null; factor: number } {
  const event = activeEvent(setup.events, time);
  return { event, factor: event ? setup.config.events.thresholdFactor : 1 };
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
  for (const [symbol, state] of setup.states) {
    const spec = setup.specs.get(symbol);
    if (spec)
      adaptToThresholds(state, previous.get(symbol)?.thresholds, spec.thresholds, setup.createVolatility);
    else setup.states.delete(symbol);
  }
}
