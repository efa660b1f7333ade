import type { RawFile } from 'discord.js';
import { renderNormalisedChartPngOffThread, type MultiChartInput } from './chart/index.js';
import type { WrapPost } from '../hub/messages.js';
import type { RenderDeps, RenderedMessage } from './rendering.js';

const DAY_MS = 24 * 60 * 60_000;
const EMBED_DESCRIPTION_MAX = 4096;
const FENCE = '```';
const WRAP_COLOR = 0x95a5a6;

/** What the outbox keeps for a daily wrap. */
export interface WrapPayload {
  readonly wrap: WrapPost;
}

/** The text in a code block, cut at a line so the block still closes within an embed's description. */
export function codeBlock(text: string): string {
  const room = EMBED_DESCRIPTION_MAX - 2 * (FENCE.length + 1) - 2;
  if (text.length <= room) return `${FENCE}\n${text}\n${FENCE}`;
  const cut = text.slice(0, room).replace(/\n[^\n]*$/, '');
  return `${FENCE}\n${cut}\n…\n${FENCE}`;
}

/**
 * The wrap's chart: each of the market's instruments over the day, measured from its previous close
 * as the text is (from the open when one lacks it), in the display zone; null with nothing to draw.
 */
export function wrapChartInput(
  wrap: WrapPost,
  deps: Pick<RenderDeps, 'config' | 'calendar' | 'recentBars'>,
): MultiChartInput | null {
  const { market, tradingDay, until, previousCloses } = wrap;
  const series = deps.config.instruments
    .filter((i) => i.market === market)
    .map((i) => ({
      label: i.id,
      basePrice: previousCloses?.[i.id],
      points: deps
        .recentBars(i.id, until - DAY_MS)
        .filter((p) => p.time <= until && deps.calendar.status(market, p.time).tradingDay === tradingDay),
    }))
    .filter((s) => s.points.length > 1);
  if (series.length === 0) return null;
  const first = Math.min(...series.map((s) => s.points[0]?.time ?? Infinity));
  const fromClose = series.every((s) => s.basePrice !== undefined);
  return {
    title: `${market} · ${tradingDay}`,
    series: fromClose ? series : series.map((s) => ({ ...s, basePrice: undefined })),
    baseTime: first,
    base: fromClose ? 'previous close' : 'open',
    timeZone: deps.config.discord.displayTimeZone,
  };
}

/** The session chart, when there is one and it renders; a failed render costs the image only. */
async function sessionChart(payload: WrapPayload, deps: RenderDeps): Promise<RawFile[]> {
  const { market, tradingDay } = payload.wrap;
  const input = wrapChartInput(payload.wrap, deps);
  if (!input) return [];
  try {
    const data = await renderNormalisedChartPngOffThread(input);
    return [{ name: 'wrap.png', data, contentType: 'image/png' }];
  } catch (err) {
    deps.log.warn(
      { market, tradingDay, err: { message: (err as Error).message } },
      'wrap chart not rendered; sending the wrap without it',
    );
    return [];
  }
}

/** The daily wrap as one embed, with the session chart when it renders; it pings nobody. */
export async function renderWrapMessage(payload: WrapPayload, deps: RenderDeps): Promise<RenderedMessage> {
  const { market, tradingDay, text } = payload.wrap;
  const files = await sessionChart(payload, deps);
  const embed = {
    title: `Daily wrap: ${market} · ${tradingDay}`,
    description: codeBlock(text),
    color: WRAP_COLOR,
    ...(files[0] ? { image: { url: `attachment://${files[0].name}` } } : {}),
  };
  return { body: { embeds: [embed], allowed_mentions: { parse: [] } }, files };
}
