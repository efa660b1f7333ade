import type { AlertFacts } from './alert.js';
import { eventAt, lookup, type Setup } from './engineSetup.js';
import { createGapWatchState, evaluateGap, readGap } from './onshoreGap.js';
import type { GapReading, OnshoreGapSettings } from './onshoreGap.js';
import { lastAccepted } from './priceScreen.js';

/**
 * The gap signal as an engine stage after the rules: it reads both rates' last screened prices, so
 * it sees the same prices as every other rule, and runs once per poll over all instruments.
 */
export interface OnshoreGapStage {
  /** The alerts, the offshore rate's carrying the spread, plus the gap alerts of a new offshore price. */
  apply(setup: Setup, alerts: readonly AlertFacts[]): AlertFacts[];
}

/** The spread as of the last screened prices, or null when the signal is off or a price is missing. */
export function currentGap(setup: Setup): GapReading | null {
  const settings = setup.config.signals?.onshoreGap;
  if (!settings?.enabled || !setup.specs.has(settings.offshore) || !setup.specs.has(settings.onshore))
    return null;
  const offshore = lastAccepted(lookup(setup, settings.offshore).state.screen);
  const onshore = lastAccepted(lookup(setup, settings.onshore).state.screen);
  if (!offshore || !onshore) return null;
  const mainland = setup.calendar.status(settings.onshoreMarket, offshore.time);
  return readGap(offshore, { ...onshore, symbol: settings.onshore }, mainland);
}

function annotate(alerts: readonly AlertFacts[], settings: OnshoreGapSettings, reading: GapReading) {
  return alerts.map((a) => (a.symbol === settings.offshore ? { ...a, onshore: reading.context } : a));
}

export function createOnshoreGapStage(): OnshoreGapStage {
  const watch = createGapWatchState();
  let evaluatedAt: number | null = null;
  return {
    apply(setup, alerts) {
      const settings = setup.config.signals?.onshoreGap;
      const reading = currentGap(setup);
      if (!settings || !reading) return [...alerts];
      const annotated = annotate(alerts, settings, reading);
      // A poll without a new offshore price (market shut, failed fetch) says nothing new about the gap.
      if (evaluatedAt !== null && reading.time <= evaluatedAt) return annotated;
      evaluatedAt = reading.time;
      const { event } = eventAt(setup, reading.time);
      const tradingDay = lookup(setup, settings.offshore).state.screen.tradingDay ?? '';
      const ref = event ? { id: event.id, title: event.title, time: event.time, link: event.link } : null;
      return [...annotated, ...evaluateGap(watch, reading, { settings, tradingDay, event: ref })];
    },
  };
}
