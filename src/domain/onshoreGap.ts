import type { AlertFacts, Direction, EventRef, OnshoreContext } from './alert.js';
import { isDayOff, type MarketStatus } from './calendar/index.js';
import type { PricePoint } from './quote.js';

/** One pip of a yuan rate. */
export const YUAN_PIP = 0.0001;
const MINUTE_MS = 60_000;

/** The gap signal's settings; the config's `signals.onshoreGap` satisfies it. */
export interface OnshoreGapSettings {
  readonly enabled: boolean;
  /** Instrument id of the offshore rate (USD/CNH). */
  readonly offshore: string;
  /** Instrument id of the onshore rate (USD/CNY). */
  readonly onshore: string;
  /** Market (calendar) of the onshore rate. */
  readonly onshoreMarket: string;
  /** Spread sizes that alert, in pips, increasing. */
  readonly levelsPips: readonly number[];
  readonly hysteresisPips: number;
  readonly widenPips: number;
  readonly widenMinutes: number;
  readonly cooldownMinutes: number;
}

/** The spread at one offshore price. */
export interface GapReading {
  /** Time of the offshore price. */
  readonly time: number;
  readonly offshorePrice: number;
  readonly context: OnshoreContext;
}

/** The offshore–onshore spread of two prices, with whether the mainland trades that day. */
export function readGap(
  offshore: PricePoint,
  onshore: PricePoint & { readonly symbol: string },
  mainland: MarketStatus,
): GapReading {
  const spread = offshore.price - onshore.price;
  return {
    time: offshore.time,
    offshorePrice: offshore.price,
    context: {
      onshoreSymbol: onshore.symbol,
      onshorePrice: onshore.price,
      // Rounded to a tenth of a pip: float noise (7.2054 − 7.195) must not decide a level.
      spreadPips: Math.round((spread / YUAN_PIP) * 10) / 10,
      spreadPct: (spread / onshore.price) * 100,
      mainlandTrades: !isDayOff(mainland),
      mainlandStatus: mainland.reason,
    },
  };
}

/**
 * Offshore over onshore at each offshore point, against the last onshore point at or before it: a
 * series whose percent moves are the spread's change in percent of the onshore rate (0.07 % ≈ 50 pips),
 * what reaction reports and the event study show as CNH/CNY. Both inputs sorted by time.
 */
export function offshoreOverOnshore(
  offshore: readonly PricePoint[],
  onshore: readonly PricePoint[],
): PricePoint[] {
  const ratios: PricePoint[] = [];
  let j = -1;
  for (const p of offshore) {
    while (j + 1 < onshore.length && (onshore[j + 1]?.time ?? Infinity) <= p.time) j++;
    const base = onshore[j];
    if (base) ratios.push({ time: p.time, price: p.price / base.price });
  }
  return ratios;
}

/** The label of the gap's row in reaction tables. */
export const GAP_ROW_LABEL = 'CNH/CNY';

/** What the gap signal remembers between offshore prices. */
export interface GapWatchState {
  /** How many levels the spread has reached and not yet come back inside; null before the first reading. */
  reachedLevels: number | null;
  /** Readings inside the widening window, oldest first. */
  recent: GapReading[];
  lastWidenAt: number | null;
}

export function createGapWatchState(): GapWatchState {
  return { reachedLevels: null, recent: [], lastWidenAt: null };
}

/** The alert's identity and wording facts besides the reading. */
interface GapAlertContext {
  readonly settings: OnshoreGapSettings;
  readonly tradingDay: string;
  readonly event: EventRef | null;
}

function gapAlert(
  reading: GapReading,
  ctx: GapAlertContext,
  finding: { kind: string; severity: number; thresholdPips: number; detail: Partial<OnshoreContext> },
): AlertFacts {
  const { offshore, onshore, widenMinutes } = ctx.settings;
  const { spreadPips, spreadPct, onshorePrice } = reading.context;
  const direction: Direction = spreadPips >= 0 ? 'up' : 'down';
  const widening = finding.detail.widenedPips !== undefined;
  return {
    id: `${offshore}:onshoreGap:${finding.kind}:${direction}:${reading.time}`,
    symbol: offshore,
    name: `${offshore}−${onshore} gap`,
    rule: 'onshoreGap',
    direction,
    severity: finding.severity,
    price: reading.offshorePrice,
    changePct: spreadPct,
    dayChangePct: null,
    basePrice: onshorePrice,
    thresholdPct: ((finding.thresholdPips * YUAN_PIP) / onshorePrice) * 100,
    windowMinutes: widening ? widenMinutes : undefined,
    time: reading.time,
    sessionId: ctx.tradingDay,
    event: ctx.event ?? undefined,
    onshore: { ...reading.context, ...finding.detail },
    escalated: false,
  };
}

/**
 * Levels, like day-move tiers over the spread's size: each alerts once on the way out and is armed
 * again only after the spread comes back `hysteresisPips` inside it. The first reading only learns
 * where the spread stands, so a restart does not repeat a level already told.
 */
function levelAlert(state: GapWatchState, reading: GapReading, ctx: GapAlertContext): AlertFacts | null {
  const { levelsPips, hysteresisPips } = ctx.settings;
  const size = Math.abs(reading.context.spreadPips);
  const reached = levelsPips.filter((level) => size >= level).length;
  let armed = state.reachedLevels ?? reached;
  while (armed > 0 && size < (levelsPips[armed - 1] ?? 0) - hysteresisPips) armed--;
  state.reachedLevels = Math.max(armed, reached);
  if (reached <= armed) return null;
  const level = levelsPips[reached - 1] ?? 0;
  return gapAlert(reading, ctx, {
    kind: `level:${level}`,
    severity: reached,
    thresholdPips: level,
    detail: { levelPips: level },
  });
}

/** How far the spread moved away from zero within the window: from its narrowest point on its side. */
function widenedBy(recent: readonly GapReading[], current: GapReading): number {
  const now = current.context.spreadPips;
  const spreads = recent.map((r) => r.context.spreadPips);
  return now >= 0 ? now - Math.min(...spreads) : Math.max(...spreads) - now;
}

function widenAlert(state: GapWatchState, reading: GapReading, ctx: GapAlertContext): AlertFacts | null {
  const { widenPips, widenMinutes, cooldownMinutes } = ctx.settings;
  state.recent = state.recent.filter((r) => reading.time - r.time <= widenMinutes * MINUTE_MS);
  state.recent.push(reading);
  const widened = widenedBy(state.recent, reading);
  const cooling =
    state.lastWidenAt !== null && reading.time - state.lastWidenAt < cooldownMinutes * MINUTE_MS;
  if (widened < widenPips || cooling) return null;
  state.lastWidenAt = reading.time;
  const widenedPips = Math.round(widened * 10) / 10;
  return gapAlert(reading, ctx, {
    kind: 'widen',
    severity: 1,
    thresholdPips: widenPips,
    detail: { widenedPips },
  });
}

/** The gap alerts one new offshore reading raises: a level reached, a fast widening, or both. */
export function evaluateGap(state: GapWatchState, reading: GapReading, ctx: GapAlertContext): AlertFacts[] {
  const found = [widenAlert(state, reading, ctx), levelAlert(state, reading, ctx)];
  return found.filter((a): a is AlertFacts => a !== null);
}
