import type { Alert, AlertFacts, OnshoreContext } from '../domain/alert.js';

/*
 * How alerts and numbers read to a person, in one place for the console and Discord. The core
 * decides facts (src/domain/alert.ts); this module words them.
 */

/** The cross-market signal is about no single instrument; its price is the FX leg's. */
const CROSS_MARKET_DECIMALS = 4;

const formatters = new Map<number, Intl.NumberFormat>();

/** A price with the instrument's decimals and thousands separators, e.g. 23,157.97. */
export function formatPrice(price: number, decimals: number): string {
  let fmt = formatters.get(decimals);
  if (!fmt) {
    fmt = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    formatters.set(decimals, fmt);
  }
  return fmt.format(price);
}

/** A signed percentage, e.g. +0.15% or -1.30%; a move that rounds to nothing is plain 0.00%. */
export function formatPct(pct: number, decimals = 2): string {
  const fixed = pct.toFixed(decimals);
  if (Number(fixed) === 0) return `${(0).toFixed(decimals)}%`;
  return pct > 0 ? `+${fixed}%` : `${fixed}%`;
}

/** What a percentage is measured from; every figure a message shows names one. */
export type ChangeBase = 'previous close' | 'open' | 'T0';

/** Which way a figure reads: `flat` when it rounds to zero at the shown decimals. */
export type ChangeTone = 'up' | 'down' | 'flat';

/** One figure as a person reads it: the percent, its text, its tone and its base. */
export interface Change {
  readonly pct: number;
  readonly text: string;
  readonly tone: ChangeTone;
  readonly base: ChangeBase;
}

/** Percent change from base to price: the one calculation behind every move a message shows. */
export function pctChange(price: number, base: number): number {
  return (price / base - 1) * 100;
}

/**
 * A figure with its base. The tone follows the shown number, not the unrounded one: +0.004% shows
 * as 0.00% (no sign) and is flat, so a chart never paints a red ▼ over a move it calls zero.
 */
export function describeChange(pct: number, base: ChangeBase, decimals = 2): Change {
  const text = formatPct(pct, decimals);
  const tone: ChangeTone = Number(pct.toFixed(decimals)) === 0 ? 'flat' : pct > 0 ? 'up' : 'down';
  return { pct, text, tone, base };
}

/** The arrow of a tone: ▲, ▼, or none for a flat figure. */
export function toneArrow(tone: ChangeTone): string {
  return tone === 'up' ? '▲' : tone === 'down' ? '▼' : '';
}

/** A threshold without false precision: 0.075 stays 0.075%, 1 becomes 1.00%. */
function formatThreshold(pct: number): string {
  const rounded = Number(pct.toFixed(3));
  return `${Number(rounded.toFixed(2)) === rounded ? rounded.toFixed(2) : rounded.toFixed(3)}%`;
}

function describeRule(alert: AlertFacts, decimals: number): string {
  switch (alert.rule) {
    case 'dayMove':
      return `${formatPct(alert.changePct)} vs previous close ${formatPrice(alert.basePrice, decimals)} (tier ${alert.severity}, ${formatThreshold(alert.thresholdPct)})`;
    case 'windowMove':
      return `${formatPct(alert.changePct)} in ${alert.windowMinutes ?? '?'} min from ${formatPrice(alert.basePrice, decimals)} (threshold ${formatThreshold(alert.thresholdPct)})`;
    case 'volatility':
      return `${formatPct(alert.changePct, 3)} in one poll, ${Math.abs(alert.zScore ?? 0).toFixed(1)} SD of recent moves`;
    case 'levelCross':
      return `crossed ${alert.direction === 'up' ? 'above' : 'below'} ${formatPrice(alert.level ?? alert.basePrice, decimals)}`;
    case 'crossMarket':
      return (alert.legs ?? []).map((l) => `${l.symbol} ${formatPct(l.changePct)}`).join(', ');
    case 'recovery':
      return `back inside ${formatPct(alert.direction === 'up' ? alert.thresholdPct : -alert.thresholdPct)} (had reached tier ${alert.severity})`;
    case 'onshoreGap':
      return describeGap(alert, decimals);
  }
}

/** A signed whole number of pips, e.g. +104 pips. */
export function formatPips(pips: number): string {
  const whole = Math.round(pips);
  return `${whole > 0 ? '+' : ''}${whole} pips`;
}

/** On a day the mainland does not trade, why; else nothing. */
function mainlandNote(onshore: OnshoreContext): string {
  return onshore.mainlandTrades ? '' : `mainland closed (${onshore.mainlandStatus.replace(/^closed: /, '')})`;
}

/** The spread and, on a day the mainland does not trade, why: what traders read a CNH move against. */
export function formatOnshore(onshore: OnshoreContext): string {
  const spread = `CNH–CNY ${formatPips(onshore.spreadPips)} (${formatPct(onshore.spreadPct)})`;
  const note = mainlandNote(onshore);
  return note ? `${spread}, ${note}` : spread;
}

function describeGap(alert: AlertFacts, decimals: number): string {
  const onshore = alert.onshore;
  if (!onshore) return formatPct(alert.changePct);
  const rates = `${formatPrice(alert.price, decimals)} vs ${onshore.onshoreSymbol} ${formatPrice(onshore.onshorePrice, decimals)}`;
  const spread = `${formatPips(onshore.spreadPips)} (${formatPct(onshore.spreadPct)})`;
  const finding =
    onshore.widenedPips === undefined
      ? `reached ${onshore.levelPips ?? '?'} pips`
      : `widened ${Math.round(onshore.widenedPips)} pips in ${alert.windowMinutes ?? '?'} min`;
  const note = mainlandNote(onshore);
  return `${finding}, now ${spread}: ${rates}${note ? ` · ${note}` : ''}`;
}

/** One line a person reads: arrow, instrument, what moved, price, day change and the event if any. */
export function formatAlertMessage(alert: AlertFacts, decimals: number): string {
  const arrow = alert.direction === 'up' ? '▲' : '▼';
  const day = alert.dayChangePct === null ? '' : `, day ${formatPct(alert.dayChangePct)}`;
  const event = alert.event ? ` — in window of “${alert.event.title}”` : '';
  const escalated = alert.escalated ? ' [escalated]' : '';
  const onshore = alert.onshore ? ` · ${formatOnshore(alert.onshore)}` : '';
  if (alert.rule === 'crossMarket')
    return `${arrow} ${alert.name}: ${describeRule(alert, decimals)} in the window${event}`;
  if (alert.rule === 'onshoreGap') return `${arrow} ${alert.name}: ${describeRule(alert, decimals)}${event}`;
  const mark = alert.rule === 'recovery' ? '↩' : arrow;
  return `${mark} ${alert.name} (${alert.symbol}) ${describeRule(alert, decimals)} at ${formatPrice(alert.price, decimals)}${day}${escalated}${onshore}${event}`;
}

/**
 * The seam where the core's alerts leave for output: each gets its sentence, worded with its
 * instrument's decimals, before it is recorded and handed to the sinks.
 */
export function wordAlerts(
  alerts: readonly AlertFacts[],
  instruments: readonly { readonly id: string; readonly decimals: number }[],
): Alert[] {
  const decimals = new Map(instruments.map((i) => [i.id, i.decimals]));
  return alerts.map((a) => ({
    ...a,
    message: formatAlertMessage(a, decimals.get(a.symbol) ?? CROSS_MARKET_DECIMALS),
  }));
}
