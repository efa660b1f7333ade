import type { MarketWrap } from './dailyWrap.js';
import { describeChange, formatPrice, pctChange } from '../presentation/alertText.js';
import { formatReactionTable } from '../presentation/reactionTable.js';

/** One line per instrument: close, day change, range and how many alerts. */
function instrumentLine(wrap: MarketWrap['instruments'][number]): string {
  const d = wrap.decimals;
  if (wrap.close === null) return `${wrap.id}: no prices stored for the day`;
  const change =
    wrap.previousClose === null
      ? ''
      : ` (${describeChange(pctChange(wrap.close, wrap.previousClose), 'previous close').text} vs prev close)`;
  const range =
    wrap.low === null || wrap.high === null
      ? ''
      : `, range ${formatPrice(wrap.low, d)} – ${formatPrice(wrap.high, d)}`;
  const alerts = wrap.alerts.length === 1 ? '1 alert' : `${wrap.alerts.length} alerts`;
  return `${wrap.id} ${formatPrice(wrap.close, d)}${change}${range}; ${alerts}`;
}

/**
 * The daily wrap as text: the instruments, the alerts that fired (their own sentences), and each
 * trade-news event of the day with its reaction table.
 */
export function formatMarketWrap(wrap: MarketWrap): string {
  const lines = [`${wrap.market} ${wrap.tradingDay}`, ...wrap.instruments.map(instrumentLine)];
  const alerts = wrap.instruments.flatMap((i) => i.alerts).sort((a, b) => a.time - b.time);
  if (alerts.length > 0) lines.push('', 'Alerts:', ...alerts.map((a) => `- ${a.message}`));
  for (const { event, rows } of wrap.events) {
    lines.push('', `Reaction to “${event.title}”:`, formatReactionTable(rows));
  }
  return lines.join('\n');
}
