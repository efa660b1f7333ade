import type { Alert } from './alert.js';

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

/** A threshold without false precision: 0.075 stays 0.075%, 1 becomes 1.00%. */
function formatThreshold(pct: number): string {
  const rounded = Number(pct.toFixed(3));
  return `${Number(rounded.toFixed(2)) === rounded ? rounded.toFixed(2) : rounded.toFixed(3)}%`;
}

function describeRule(alert: Omit<Alert, 'message'>, decimals: number): string {
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
  }
}

/** One line a person reads: arrow, instrument, what moved, price, day change and the event if any. */
export function formatAlertMessage(alert: Omit<Alert, 'message'>, decimals: number): string {
  const arrow = alert.direction === 'up' ? '▲' : '▼';
  const day = alert.dayChangePct === null ? '' : `, day ${formatPct(alert.dayChangePct)}`;
  const event = alert.event ? ` — in window of “${alert.event.title}”` : '';
  const escalated = alert.escalated ? ' [escalated]' : '';
  if (alert.rule === 'crossMarket')
    return `${arrow} ${alert.name}: ${describeRule(alert, decimals)} in the window${event}`;
  return `${arrow} ${alert.name} (${alert.symbol}) ${describeRule(alert, decimals)} at ${formatPrice(alert.price, decimals)}${day}${escalated}${event}`;
}
