import type { AlertFacts } from './alert.js';
import {
  eventAt,
  NO_ALERTS,
  eventFactor,
  lookup,
  reconfigure,
  usableOrNull,
  type Setup,
  type Tracked,
} from './engineSetup.js';
import type { Decision, Engine, EngineOptions } from './engineApi.js';
import { assembleAlert } from './alertAssembly.js';
import { activeEvent } from './events.js';
import { dayBaseAt, lastPointBefore } from './dayBase.js';
import { createOnshoreGapStage, currentGap } from './onshoreGapStage.js';
import { passCooldowns } from './gates.js';
import { resetForTradingDay, restoreSnapshot, toSnapshot, warmUpState } from './instrumentState.js';
import {
  acceptPrice,
  lastAccepted,
  screenQuote,
  type Note,
  type Observation,
  type SkipReason,
} from './priceScreen.js';
import type { PricePoint } from './quote.js';
import { dayMoveBase } from './rules/dayMove.js';
import { evaluateRules } from './rules/index.js';
import { createVolatilityTracker, feedReturn } from './rules/volatility.js';
import { currentWindowMove } from './rules/windowMove.js';

export type { Note, NoteKind, Observation, SkipReason } from './priceScreen.js';
export type { Decision, Engine, EngineOptions } from './engineApi.js';
export type { WindowMove } from './rules/windowMove.js';

const MINUTE_MS = 60_000;

/*
 * The engine orchestrates a pipeline of small pure parts, as Alertmanager does:
 * screen the quote (priceScreen) → run each rule (rules/) → gate (gates: hold, cooldown,
 * escalation) → assemble the alert (alertAssembly). Wording is not its job (src/presentation).
 */

function observe(setup: Setup, quote: Observation, now: number): Decision {
  const tracked = lookup(setup, quote.symbol);
  const { state, screenContext } = tracked;
  screenContext.now = now;
  // The reference before this quote, as scalars: a point is made only when one is needed.
  const { lastTime, lastPrice } = state.screen;
  const screened = screenQuote(state.screen, quote, screenContext);
  if (screened.newTradingDay) enterTradingDay(setup, tracked, quote, lastTime, lastPrice);
  const { notes } = screened;
  if (screened.skipped !== null) {
    const before = pointOrNull(lastTime, lastPrice);
    const caughtUp = streamedSinceLastPoll(quote, tracked, before, screened.skipped);
    if (caughtUp === null) return { alerts: NO_ALERTS, notes, skipped: screened.skipped, evaluated: null };
    const asPolled = { ...quote, time: caughtUp.time };
    return decided(
      tracked,
      evaluate(setup, tracked, asPolled, caughtUp.price),
      notes,
      asPolled,
      caughtUp.price,
    );
  }
  return decided(tracked, evaluate(setup, tracked, quote, screened.price), notes, quote, screened.price);
}

function pointOrNull(time: number | null, price: number | null): PricePoint | null {
  return time === null || price === null ? null : { time, price };
}

/** Day-scoped state starts again; the day's base may be the last price before the roll. */
function enterTradingDay(
  setup: Setup,
  { spec, state }: Tracked,
  quote: Observation,
  lastTime: number | null,
  lastPrice: number | null,
): void {
  const before = () => pointOrNull(lastTime, lastPrice);
  const dayBase = dayBaseAt(setup.calendar, spec.market, quote.time, before);
  resetForTradingDay(state, dayBase, usableOrNull(quote.previousClose));
}

/**
 * The decision with the accepted price and the base the day move measures from (for personal
 * alerts); a quiet quote reuses the instrument's decision object rather than making one.
 */
function decided(
  tracked: Tracked,
  alerts: readonly AlertFacts[],
  notes: readonly Note[],
  quote: Observation,
  price: number,
): Decision {
  const previousClose = dayMoveBase(tracked.state.dayMove, usableOrNull(quote.previousClose));
  if (alerts.length === 0 && notes.length === 0) {
    const { evaluated } = tracked.quiet;
    evaluated.price = price;
    evaluated.time = quote.time;
    evaluated.previousClose = previousClose;
    return tracked.quiet;
  }
  const evaluated = { symbol: quote.symbol, price, time: quote.time, previousClose };
  return { alerts, notes, skipped: null, evaluated };
}

/**
 * A poll that brings nothing newer than the stream already did still counts as a poll: it is
 * evaluated at the newest streamed price, so minute returns (volatility) and holds go on as they
 * would without the stream. Without streamed prices the last accepted price is the last polled
 * one, and a poll that has not advanced is skipped as always.
 */
function streamedSinceLastPoll(
  quote: Observation,
  { state }: Tracked,
  latest: PricePoint | null,
  skipped: SkipReason,
): PricePoint | null {
  const lastPolledTime = state.volatility.lastFedTime;
  if (
    quote.streamed === true ||
    skipped !== 'not advanced' ||
    latest === null ||
    Number.isNaN(lastPolledTime)
  )
    return null;
  return latest.time > lastPolledTime ? latest : null;
}

/** Rules → gates → alerts, for a quote the screen accepted. */
function evaluate(setup: Setup, tracked: Tracked, quote: Observation, price: number): readonly AlertFacts[] {
  const { spec, state, ruleInput } = tracked;
  const { time } = quote;
  const streamed = quote.streamed === true;
  // `previous` only counts when nothing was fed yet (feedReturn): it is looked up only then.
  const previous = Number.isNaN(state.volatility.lastFedTime) ? lastAccepted(state.screen) : null;
  const pollReturn = streamed ? null : feedReturn(state.volatility, previous, time, price);
  state.windowMove.window.push(time, price);
  const event = activeEvent(setup.events, quote.time);
  const previousClose = dayMoveBase(state.dayMove, usableOrNull(quote.previousClose));
  ruleInput.price = price;
  ruleInput.previousClose = previousClose;
  ruleInput.factor = eventFactor(setup, event);
  ruleInput.held = streamed ? tracked.heldIfStreamed : tracked.held;
  const nothingHeld = state.holds.size === 0;
  const candidates = evaluateRules(state, ruleInput, spec.thresholds, pollReturn, nothingHeld);
  acceptPrice(state.screen, time, price);
  if (candidates.length === 0) return NO_ALERTS;
  const tradingDay = state.screen.tradingDay ?? '';
  const context = { instrument: spec, price, time: quote.time, previousClose, tradingDay, event };
  const cooldownMs = setup.config.alerting.cooldownMinutes * MINUTE_MS;
  return passCooldowns(state.cooldowns, candidates, quote.time, cooldownMs).map(({ candidate, verdict }) =>
    assembleAlert(candidate, verdict, context),
  );
}

function warmUp(setup: Setup, symbol: string, points: readonly PricePoint[], previousClose: number | null) {
  const { spec, state } = lookup(setup, symbol);
  const last = points.at(-1);
  if (!last) return;
  // Warming up is entering the trading day of the newest point; an older saved day ends here.
  const { calendar } = setup;
  warmUpState(state, points, {
    tradingDay: calendar.status(spec.market, last.time).tradingDay,
    dayBase: dayBaseAt(calendar, spec.market, last.time, (rollAt) => lastPointBefore(points, rollAt)),
    providerClose: usableOrNull(previousClose),
  });
}

export function createEngine(options: EngineOptions): Engine {
  const { config, events, calendar, pollPeriodMs } = options;
  const specs = new Map(config.instruments.map((i) => [i.id, i]));
  const createVolatility = options.createVolatility ?? createVolatilityTracker;
  const setup: Setup = {
    config,
    events,
    calendar,
    specs,
    tracked: new Map(),
    createVolatility,
    pollPeriodMs,
  };
  const gapStage = createOnshoreGapStage();
  return {
    observe: (quote, now) => observe(setup, quote, now),
    warmUp(symbol, points, previousClose = null) {
      warmUp(setup, symbol, points, previousClose);
    },
    snapshot: (symbol) => toSnapshot(lookup(setup, symbol).state),
    restore: (symbol, snapshot) => restoreSnapshot(lookup(setup, symbol).state, symbol, snapshot),
    reconfigure: (next, nextEvents, nextCalendar) => {
      reconfigure(setup, next, nextEvents, nextCalendar);
    },
    eventAt: (time) => eventAt(setup, time),
    windowMove(symbol) {
      const { state } = lookup(setup, symbol);
      return currentWindowMove(state.windowMove, lastAccepted(state.screen));
    },
    isStale: (symbol) => lookup(setup, symbol).state.screen.stale,
    lastAccepted: (symbol) => lastAccepted(lookup(setup, symbol).state.screen),
    screenCounts: (symbol) => lookup(setup, symbol).state.screen.counts,
    withOnshoreGap: (alerts) => gapStage.apply(setup, alerts),
    onshoreGap: () => currentGap(setup),
  };
}
