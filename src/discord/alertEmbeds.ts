import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Config, Instrument } from '../config/config.js';
import type { Alert, Direction } from '../domain/alert.js';
import type { MarketStatus } from '../domain/calendar/index.js';
import { YUAN_PIP } from '../domain/onshoreGap.js';
import type { Quote } from '../domain/quote.js';
import { formatOnshore, formatPct, formatPips, formatPrice } from '../presentation/alertText.js';
import { inertText } from '../presentation/inertText.js';

const GREEN = 0x2ecc71;
const RED = 0xe74c3c;
const EMBED_TITLE_MAX = 256;

/** Discord's relative timestamp markup, rendered in each reader's own zone. */
export function discordTime(ms: number, style: 'R' | 'f' | 't' = 'R'): string {
  return `<t:${Math.floor(ms / 1000)}:${style}>`;
}

export function directionColor(
  direction: Direction,
  convention: Config['discord']['colorConvention'],
): number {
  const up = convention === 'asian' ? RED : GREEN;
  const down = convention === 'asian' ? GREEN : RED;
  return direction === 'up' ? up : down;
}

export function arrow(direction: Direction): string {
  return direction === 'up' ? '▲' : '▼';
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function trigger(alert: Alert, decimals: number): string {
  switch (alert.rule) {
    case 'dayMove':
      return `${formatPct(alert.changePct)} vs previous close ${formatPrice(alert.basePrice, decimals)} · tier ${alert.severity} (≥ ${alert.thresholdPct}%)`;
    case 'windowMove':
      return `${formatPct(alert.changePct)} in ${alert.windowMinutes ?? '?'} min from ${formatPrice(alert.basePrice, decimals)} (≥ ${alert.thresholdPct}%)`;
    case 'volatility':
      return `${formatPct(alert.changePct, 3)} in one poll from ${formatPrice(alert.basePrice, decimals)}`;
    case 'levelCross':
      return `crossed ${alert.direction === 'up' ? 'above' : 'below'} ${formatPrice(alert.level ?? alert.basePrice, decimals)}`;
    case 'crossMarket':
      return legsLine(alert);
    case 'recovery':
    case 'onshoreGap':
      // Their sentence already says what cleared or how the gap stands; it may quote a headline.
      return inertText(alert.message);
  }
}

function legsLine(alert: Alert): string {
  return (alert.legs ?? []).map((l) => `${l.symbol} ${formatPct(l.changePct)}`).join(' · ');
}

/** Short rule wording for titles and chart labels: 'on the day', 'in 15 min', … */
export function ruleLabel(alert: Alert): string {
  switch (alert.rule) {
    case 'dayMove':
      return 'on the day';
    case 'windowMove':
      return `in ${alert.windowMinutes ?? '?'} min`;
    case 'volatility':
      return `in one poll (${Math.abs(alert.zScore ?? 0).toFixed(1)}σ)`;
    case 'levelCross':
      return `through ${alert.level ?? ''}`;
    case 'crossMarket':
      return 'across markets';
    case 'recovery':
      return 'back inside its tier';
    case 'onshoreGap':
      return 'offshore vs onshore';
  }
}

/** The grouped risk-off/risk-on signal: every leg's move in the window, and the event if any. */
export function crossMarketEmbed(alert: Alert, convention: Config['discord']['colorConvention']): APIEmbed {
  const fields: APIEmbedField[] = (alert.legs ?? []).map((l) => ({
    name: l.symbol,
    value: formatPct(l.changePct),
    inline: true,
  }));
  if (alert.event) {
    fields.push({ name: 'Trade-news event', value: inertText(truncate(alert.event.title, 200)) });
  }
  return {
    title: `${arrow(alert.direction)} ${alert.name}: indices and the yuan moved together`,
    description: 'Windowed and volatility alerts these moves would trigger are held back for the cooldown.',
    color: directionColor(alert.direction, convention),
    fields,
    timestamp: new Date(alert.time).toISOString(),
  };
}

/**
 * /levels: the offshore–onshore spread when both yuan rates are watched. They are found by their Yahoo
 * symbols (CNH=X, CNY=X), the one name both rates have whatever their ids in the config.
 */
export function onshoreGapFields(
  views: readonly { readonly instrument: Instrument; readonly quote: Quote | null }[],
): APIEmbedField[] {
  const priceOf = (yahoo: string) => views.find((v) => v.instrument.symbols.yahoo === yahoo)?.quote?.price;
  const offshore = priceOf('CNH=X');
  const onshore = priceOf('CNY=X');
  if (!offshore || !onshore) return [];
  const spread = offshore - onshore;
  const value = `${formatPips(spread / YUAN_PIP)} (${formatPct((spread / onshore) * 100)})`;
  return [{ name: 'Offshore–onshore yuan (CNH − CNY)', value }];
}

export function marketLine(status: MarketStatus): string {
  if (status.state === 'open') {
    return status.closesAt === null ? 'open' : `open · closes ${discordTime(status.closesAt)}`;
  }
  const next = status.nextOpen === null ? '' : ` · opens ${discordTime(status.nextOpen)}`;
  return `${status.reason}${next}`;
}

/** What an alert message needs besides the alert itself. */
export interface AlertContext {
  readonly instrument: Instrument;
  readonly status: MarketStatus;
  readonly provider: string | null;
  readonly convention: Config['discord']['colorConvention'];
  /** Minutes late, when the alert is delivered late; null when on time. */
  readonly delayedMinutes: number | null;
  /** Attachment file name of the chart, if one is attached. */
  readonly chartFile: string | null;
}

/** One embed for one alert: title with arrow and move, fields a trader scans in a second. */
export function alertEmbed(alert: Alert, ctx: AlertContext): APIEmbed {
  const d = ctx.instrument.decimals;
  const fields: APIEmbedField[] = [
    { name: 'Price', value: formatPrice(alert.price, d), inline: true },
    {
      name: 'Day',
      value: alert.dayChangePct === null ? 'n/a' : `${formatPct(alert.dayChangePct)} vs prev close`,
      inline: true,
    },
    { name: 'Trigger', value: trigger(alert, d) },
  ];
  if (alert.onshore) fields.push({ name: 'Offshore–onshore', value: formatOnshore(alert.onshore) });
  if (alert.zScore !== undefined) {
    fields.push({ name: 'Z-score', value: `${alert.zScore.toFixed(1)} SD of recent moves`, inline: true });
  }
  if (alert.event) {
    const title = inertText(truncate(alert.event.title, 200));
    const link = alert.event.link ? `[${title}](${alert.event.link})` : title;
    fields.push({ name: 'Trade-news event', value: `${link} · ${discordTime(alert.event.time)}` });
  }
  fields.push(
    { name: 'Market', value: marketLine(ctx.status), inline: true },
    {
      name: 'Data',
      value: `${ctx.provider ?? 'unknown'} · quote ${discordTime(alert.time)}`,
      inline: true,
    },
  );
  const escalated = alert.escalated ? ' (escalated)' : '';
  return {
    title: truncate(
      `${arrow(alert.direction)} ${ctx.instrument.name} ${formatPct(alert.changePct)} ${ruleLabel(alert)}${escalated}`,
      EMBED_TITLE_MAX,
    ),
    color: directionColor(alert.direction, ctx.convention),
    fields,
    timestamp: new Date(alert.time).toISOString(),
    ...(ctx.chartFile ? { image: { url: `attachment://${ctx.chartFile}` } } : {}),
    ...(ctx.delayedMinutes === null
      ? {}
      : {
          footer: {
            text: `Delayed: delivered ${ctx.delayedMinutes} min after the move (Discord was unreachable)`,
          },
        }),
  };
}

/** One embed for several instruments that moved in the same poll. */
export function groupEmbed(alerts: readonly Alert[], contexts: readonly AlertContext[]): APIEmbed {
  const downs = alerts.filter((a) => a.direction === 'down').length;
  const direction: Direction = downs * 2 >= alerts.length ? 'down' : 'up';
  const first = contexts[0];
  const fields = alerts.slice(0, 25).map((alert, i) => {
    const ctx = contexts[i] ?? first;
    const d = ctx?.instrument.decimals ?? 2;
    const day = alert.dayChangePct === null ? '' : ` · day ${formatPct(alert.dayChangePct)}`;
    return {
      name: truncate(`${arrow(alert.direction)} ${ctx?.instrument.name ?? alert.symbol}`, 256),
      value: `${trigger(alert, d)}\n${formatPrice(alert.price, d)}${day}`,
    };
  });
  const event = alerts.find((a) => a.event)?.event;
  if (event) fields.push({ name: 'Trade-news event', value: inertText(truncate(event.title, 200)) });
  const symbols = [...new Set(alerts.map((a) => a.symbol))].join(', ');
  return {
    title: truncate(`${arrow(direction)} ${symbols} moved together`, EMBED_TITLE_MAX),
    color: directionColor(direction, first?.convention ?? 'western'),
    fields,
    timestamp: new Date(alerts[0]?.time ?? 0).toISOString(),
    ...(first?.chartFile ? { image: { url: `attachment://${first.chartFile}` } } : {}),
    ...(first?.delayedMinutes == null
      ? {}
      : {
          footer: {
            text: `Delayed: delivered ${first.delayedMinutes} min after the move (Discord was unreachable)`,
          },
        }),
  };
}
