import type { ChatInputCommandInteraction, RawFile } from 'discord.js';
import type { Instrument } from '../../config/config.js';
import { validBars } from '../../domain/priceScreen.js';
import type { Quote } from '../../domain/quote.js';
import { renderChartPngOffThread } from '../chart/index.js';
import { levelIndicators, type LevelIndicators } from '../chart/indicators.js';
import { levelEmbed, levelsEmbed } from '../levelEmbeds.js';
import type { LevelView } from '../levelEmbeds.js';
import { ephemeral, findInstrument } from './context.js';
import type { CommandDeps } from './context.js';

async function viewOf(deps: CommandDeps, instrument: Instrument, now: number): Promise<LevelView> {
  const { monitor } = deps;
  let quote: Quote | null = null;
  try {
    const fetched = await monitor.currentQuote(instrument, now);
    // The chart and the day range show only prices the screen accepts, as alert charts do.
    quote = { ...fetched, bars: validBars(fetched, instrument.thresholds.sanityJumpPct, now) };
  } catch (err) {
    deps.log.warn({ symbol: instrument.id, err }, '/level could not fetch a quote');
  }
  const silence = deps.store.activeSilences(now).find((s) => s.symbol === instrument.id);
  return {
    instrument,
    quote,
    status: deps.config.calendar().status(instrument.market, now),
    stale: monitor.isStale(instrument.id),
    silencedUntil: silence?.until ?? null,
  };
}

/** The day's chart with the bands and RSI; none for fewer than two bars or a failed render. */
async function chartOf(
  deps: CommandDeps,
  view: LevelView,
  indicators: LevelIndicators | null,
): Promise<RawFile | null> {
  const q = view.quote;
  if (!q || q.bars.length < 2) return null;
  const name = `level-${view.instrument.id.toLowerCase()}.png`;
  try {
    const data = await renderChartPngOffThread({
      title: `${view.instrument.id} · ${view.instrument.name}`,
      points: q.bars,
      previousClose: q.previousClose,
      decimals: view.instrument.decimals,
      timeZone: deps.config.current().discord.displayTimeZone,
      bands: indicators?.bands,
      rsi: indicators?.rsi,
    });
    return { name, data, contentType: 'image/png' };
  } catch (err) {
    deps.log.warn(
      { symbol: view.instrument.id, err: { message: (err as Error).message } },
      '/level chart not rendered; answering without it',
    );
    return null;
  }
}

export async function level(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const instrument = findInstrument(deps, interaction.options.getString('symbol', true));
  if (typeof instrument === 'string') {
    await interaction.reply(ephemeral(instrument));
    return;
  }
  await interaction.deferReply();
  const view = await viewOf(deps, instrument, deps.now());
  const indicators = view.quote ? levelIndicators(view.quote.bars) : null;
  const chart = await chartOf(deps, view, indicators);
  const convention = deps.config.current().discord.colorConvention;
  await interaction.editReply({
    embeds: [levelEmbed(view, convention, chart?.name ?? null, indicators)],
    files: chart ? [{ attachment: chart.data as Buffer, name: chart.name }] : [],
    allowedMentions: { parse: [] },
  });
}

export async function levels(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  await interaction.deferReply();
  const now = deps.now();
  const views = await Promise.all(deps.config.current().instruments.map((i) => viewOf(deps, i, now)));
  await interaction.editReply({ embeds: [levelsEmbed(views)], allowedMentions: { parse: [] } });
}
