import type { Config, Instrument } from '../config/config.js';
import type { Alert } from '../domain/alert.js';
import type { PricePoint } from '../domain/quote.js';
import { formatPct } from '../presentation/alertText.js';
import { arrow, ruleLabel } from './alertEmbeds.js';
import type { ChartInput } from './chart/index.js';

/** The previous close the alert's day change was measured from, so the chart draws the same base. */
function previousCloseOf(alert: Alert): number | null {
  return alert.dayChangePct === null ? null : alert.price / (1 + alert.dayChangePct / 100);
}

/**
 * What an alert's chart draws: the session's prices, the trigger worded as the embed's title, and a
 * header with the alert's own price and day change (the embed's Day field), in the display zone.
 */
export function alertChartInput(
  alert: Alert,
  instrument: Instrument,
  points: readonly PricePoint[],
  discord: Pick<Config['discord'], 'colorConvention' | 'displayTimeZone'>,
): ChartInput {
  return {
    title: `${alert.symbol} · ${instrument.name} · ${alert.sessionId}`,
    points,
    previousClose: previousCloseOf(alert),
    trigger: {
      time: alert.time,
      price: alert.price,
      label: `${arrow(alert.direction)} ${formatPct(alert.changePct)} ${ruleLabel(alert)}`,
    },
    ...(alert.event ? { event: { time: alert.event.time, label: alert.event.title } } : {}),
    decimals: instrument.decimals,
    timeZone: discord.displayTimeZone,
    headline: { price: alert.price, changePct: alert.dayChangePct, base: 'previous close' },
    colors:
      discord.colorConvention === 'asian'
        ? { up: '#e74c3c', down: '#2ecc71' }
        : { up: '#2ecc71', down: '#e74c3c' },
  };
}
