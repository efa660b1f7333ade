import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Config, Instrument } from '../config/config.js';
import type { Direction } from '../domain/alert.js';
import type { MarketStatus } from '../domain/calendar/index.js';
import { formatPct, formatPrice } from '../presentation/alertText.js';
import type { Quote } from '../domain/quote.js';
import { arrow, directionColor, discordTime, marketLine, onshoreGapFields } from './alertEmbeds.js';
import {
  BOLLINGER_PERIOD,
  BOLLINGER_STD_DEV,
  RSI_MIN_BARS,
  RSI_PERIOD,
  type LevelIndicators,
} from './chart/indicators.js';

const NEUTRAL = 0x95a5a6;

export interface LevelView {
  readonly instrument: Instrument;
  readonly quote: Quote | null;
  readonly status: MarketStatus;
  readonly stale: boolean;
  readonly silencedUntil: number | null;
}

function dayChange(quote: Quote | null): number | null {
  if (!quote?.price || !quote.previousClose) return null;
  return (quote.price / quote.previousClose - 1) * 100;
}

function range(quote: Quote, decimals: number): string {
  const prices = quote.bars.map((b) => b.price);
  if (prices.length === 0) return 'n/a';
  return `${formatPrice(Math.min(...prices), decimals)} – ${formatPrice(Math.max(...prices), decimals)}`;
}

function headline(view: LevelView): string {
  const d = view.instrument.decimals;
  const q = view.quote;
  if (!q?.price) return 'no quote';
  const change = dayChange(q);
  const dir: Direction = (change ?? 0) >= 0 ? 'up' : 'down';
  return `${change === null ? '' : `${arrow(dir)} `}${formatPrice(q.price, d)}${change === null ? '' : ` (${formatPct(change)})`}`;
}

function notes(view: LevelView): string {
  const parts = [];
  if (view.stale) parts.push('⚠️ stale: quotes stopped updating');
  if (view.silencedUntil !== null) parts.push(`🔕 silenced until ${discordTime(view.silencedUntil, 'f')}`);
  return parts.join('\n');
}

/** Overbought and oversold at the usual 70 and 30. */
function rsiWord(rsi: number): string {
  if (rsi >= 70) return 'overbought';
  if (rsi <= 30) return 'oversold';
  return 'neutral';
}

function rsiLine(indicators: LevelIndicators): string {
  if (indicators.bars < RSI_MIN_BARS)
    return `needs ${RSI_MIN_BARS} one-minute bars (${indicators.bars} so far)`;
  if (indicators.rsi === null) return `n/a: no change over the last ${RSI_MIN_BARS} bars`;
  return `${indicators.rsi.toFixed(1)} · ${rsiWord(indicators.rsi)}`;
}

/** Where the price sits in the latest bands: outside one, or its half, with %B (0 lower, 1 upper). */
function bandPosition(price: number, band: { upper: number; lower: number }): string {
  const width = band.upper - band.lower;
  if (!(width > 0)) return 'bands flat: no movement';
  const percentB = (price - band.lower) / width;
  const where =
    percentB > 1
      ? 'above the upper band'
      : percentB < 0
        ? 'below the lower band'
        : percentB >= 0.5
          ? 'upper half'
          : 'lower half';
  return `${where} (%B ${percentB.toFixed(2)})`;
}

function bandsLine(indicators: LevelIndicators, price: number | null, decimals: number): string {
  const band = indicators.bands.at(-1);
  if (!band) return `needs ${BOLLINGER_PERIOD} one-minute bars (${indicators.bars} so far)`;
  const levels = [band.upper, band.middle, band.lower].map((v) => formatPrice(v, decimals)).join(' / ');
  return price === null ? levels : `${bandPosition(price, band)}\n${levels}`;
}

/** RSI and Bollinger fields, from today's one-minute bars. */
function indicatorFields(view: LevelView, indicators: LevelIndicators): APIEmbedField[] {
  const price = view.quote?.price ?? view.quote?.bars.at(-1)?.price ?? null;
  return [
    { name: `RSI (${RSI_PERIOD}, 1 min)`, value: rsiLine(indicators), inline: true },
    {
      name: `Bollinger (${BOLLINGER_PERIOD}, ${BOLLINGER_STD_DEV}) upper / mid / lower`,
      value: bandsLine(indicators, price, view.instrument.decimals),
      inline: true,
    },
  ];
}

/** /level: one instrument in detail; the indicators only when there is a quote. */
export function levelEmbed(
  view: LevelView,
  convention: Config['discord']['colorConvention'],
  chartFile: string | null,
  indicators: LevelIndicators | null,
): APIEmbed {
  const q = view.quote;
  const d = view.instrument.decimals;
  const change = dayChange(q);
  const note = notes(view);
  return {
    title: `${view.instrument.name} (${view.instrument.id}) ${headline(view)}`.slice(0, 256),
    color: change === null ? NEUTRAL : directionColor(change >= 0 ? 'up' : 'down', convention),
    ...(note ? { description: note } : {}),
    fields: [
      { name: 'Price', value: q?.price ? formatPrice(q.price, d) : 'n/a', inline: true },
      { name: 'Day', value: change === null ? 'n/a' : formatPct(change), inline: true },
      { name: 'Day range', value: q ? range(q, d) : 'n/a', inline: true },
      {
        name: 'Previous close',
        value: q?.previousClose ? formatPrice(q.previousClose, d) : 'n/a',
        inline: true,
      },
      { name: 'Market', value: marketLine(view.status), inline: true },
      {
        name: 'Data',
        value: q ? `${q.provider} · quote ${discordTime(q.time)}` : 'no quote yet',
        inline: true,
      },
      ...(indicators ? indicatorFields(view, indicators) : []),
    ],
    ...(chartFile ? { image: { url: `attachment://${chartFile}` } } : {}),
  };
}

/** /levels: every instrument, one line each. */
export function levelsEmbed(views: readonly LevelView[]): APIEmbed {
  return {
    title: 'Levels',
    color: NEUTRAL,
    fields: [
      ...views.slice(0, 24).map((v) => ({
        name: `${v.instrument.name} (${v.instrument.id})`,
        value: [headline(v), marketLine(v.status), notes(v)].filter(Boolean).join('\n'),
      })),
      ...onshoreGapFields(views),
    ],
  };
}
