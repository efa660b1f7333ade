import type { APIEmbed } from 'discord.js';
import type { Config, Instrument } from '../config/config.js';
import type { Direction } from '../domain/alert.js';
import type { MarketStatus } from '../domain/calendar/index.js';
import { formatPct, formatPrice } from '../presentation/alertText.js';
import type { Quote } from '../domain/quote.js';
import { arrow, directionColor, discordTime, marketLine } from './alertEmbeds.js';

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

/** /level: one instrument in detail. */
export function levelEmbed(
  view: LevelView,
  convention: Config['discord']['colorConvention'],
  chartFile: string | null,
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
    ],
    ...(chartFile ? { image: { url: `attachment://${chartFile}` } } : {}),
  };
}

/** /levels: every instrument, one line each. */
export function levelsEmbed(views: readonly LevelView[]): APIEmbed {
  return {
    title: 'Levels',
    color: NEUTRAL,
    fields: views.slice(0, 25).map((v) => ({
      name: `${v.instrument.name} (${v.instrument.id})`,
      value: [headline(v), marketLine(v.status), notes(v)].filter(Boolean).join('\n'),
    })),
  };
}
