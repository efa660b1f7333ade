import type { APIEmbed } from 'discord.js';
import type { RawFile } from 'discord.js';
import type { ChartInput } from './chart/index.js';
import type { Config, Instrument } from '../config/config.js';
import type { Alert } from '../domain/alert.js';
import { alertChartInput } from './alertChart.js';
import { alertEmbed, crossMarketEmbed, groupEmbed } from './alertEmbeds.js';
import type { AlertContext } from './alertEmbeds.js';
import type { RenderDeps, RenderedMessage } from './rendering.js';
import { renderChartPngOffThread } from './chart/index.js';

const SESSION_LOOKBACK_MS = 14 * 60 * 60_000;
const MINUTE_MS = 60_000;

/**
 * What the outbox keeps for an alert message: the alerts and where their quotes came from. The post
 * has no chart; the edit that follows it carries the rendered chart, so a restart cannot lose it.
 */
export interface AlertPayload {
  readonly alerts: readonly Alert[];
  readonly providers: Readonly<Record<string, string>>;
  readonly chart?: AlertChart;
}

/** A rendered chart as the outbox keeps it (JSON): its file name and the PNG in base64. */
export interface AlertChart {
  readonly name: string;
  readonly pngBase64: string;
}

/** Renders a chart's PNG; the worker thread's by default, injected by tests to hold or fail a render. */
export type RenderChartPng = (input: ChartInput) => Promise<Buffer>;

/** The top day-move tier is the one worth waking people for; only it may mention a role. */
export function isTopTier(alert: Alert, instrument: Instrument | undefined): boolean {
  return (
    alert.rule === 'dayMove' && alert.severity >= (instrument?.thresholds.dayMove.tiersPct.length ?? Infinity)
  );
}

async function chartFor(
  alert: Alert,
  instrument: Instrument,
  deps: RenderDeps,
  renderPng: RenderChartPng,
): Promise<AlertChart> {
  const points = deps
    .recentBars(alert.symbol, alert.time - SESSION_LOOKBACK_MS)
    .filter(
      (p) =>
        p.time <= alert.time &&
        deps.calendar.status(instrument.market, p.time).tradingDay === alert.sessionId,
    );
  const name = `chart-${alert.symbol.toLowerCase()}.png`;
  const data = await renderPng(alertChartInput(alert, instrument, points, deps.config.discord));
  return { name, pngBase64: data.toString('base64') };
}

/** The alert a batch's message leads with (the most severe of a configured instrument), if any. */
function leadOf(payload: AlertPayload, config: Config) {
  const instruments = new Map(config.instruments.map((i) => [i.id, i]));
  const alerts = payload.alerts.filter((a) => instruments.has(a.symbol));
  const lead = [...alerts].sort((a, b) => b.severity - a.severity)[0];
  return { instruments, alerts, lead };
}

/**
 * The lead alert's chart, rendered after the alert's text is posted; null when the batch has none
 * (no configured instrument) or the render fails or times out, which costs the image, never the alert.
 */
export async function renderAlertChart(
  payload: AlertPayload,
  deps: RenderDeps,
  renderPng: RenderChartPng = renderChartPngOffThread,
): Promise<AlertChart | null> {
  const { instruments, lead } = leadOf(payload, deps.config);
  const instrument = lead ? instruments.get(lead.symbol) : undefined;
  if (!lead || !instrument) return null;
  try {
    return await chartFor(lead, instrument, deps, renderPng);
  } catch (err) {
    deps.log.warn(
      { alertId: lead.id, symbol: lead.symbol, err: { message: (err as Error).message } },
      'alert chart not rendered; the alert stays without it',
    );
    return null;
  }
}

function chartFiles(chart: AlertChart | undefined): RawFile[] {
  if (!chart) return [];
  return [{ name: chart.name, data: Buffer.from(chart.pngBase64, 'base64'), contentType: 'image/png' }];
}

/**
 * Builds the Discord message for a batch at delivery time (so a late one says it is late): the post
 * without a chart, the edit that follows with the payload's chart as the lead embed's image.
 * Mentions are never parsed from text; only the configured role, on a top-tier alert, is pinged.
 */
export function renderAlertMessage(payload: AlertPayload, deps: RenderDeps, now: number): RenderedMessage {
  const { config } = deps;
  const { instruments, alerts, lead } = leadOf(payload, config);
  const crossEmbeds = payload.alerts
    .filter((a) => a.rule === 'crossMarket')
    .map((a) => crossMarketEmbed(a, config.discord.colorConvention));
  const files = chartFiles(payload.chart);
  const lateMs = now - Math.min(...payload.alerts.map((a) => a.time));
  const delayedMinutes =
    lateMs > config.discord.delayedAfterMinutes * MINUTE_MS ? Math.round(lateMs / MINUTE_MS) : null;

  const contexts: AlertContext[] = alerts.map((alert) => {
    const instrument = instruments.get(alert.symbol) as Instrument;
    return {
      instrument,
      status: deps.calendar.status(instrument.market, alert.time),
      provider: payload.providers[alert.symbol] ?? null,
      convention: config.discord.colorConvention,
      delayedMinutes,
      chartFile: alert === lead ? (files[0]?.name ?? null) : null,
    };
  });
  const leadIndex = lead ? alerts.indexOf(lead) : 0;
  const bySymbol = new Set(alerts.map((a) => a.symbol));
  const instrumentEmbeds: APIEmbed[] =
    bySymbol.size > 1
      ? [
          groupEmbed(
            [lead, ...alerts.filter((a) => a !== lead)] as Alert[],
            [contexts[leadIndex], ...contexts.filter((_, i) => i !== leadIndex)] as AlertContext[],
          ),
        ]
      : alerts.slice(0, 10).map((a, i) => alertEmbed(a, contexts[i] as AlertContext));
  const embeds = [...crossEmbeds, ...instrumentEmbeds].slice(0, 10);

  const role = config.discord.topTierRoleId;
  const ping = role !== null && alerts.some((a) => isTopTier(a, instruments.get(a.symbol)));
  return {
    body: {
      ...(ping ? { content: `<@&${role}>` } : {}),
      embeds,
      allowed_mentions: { parse: [], ...(ping ? { roles: [role] } : {}) },
    },
    files,
  };
}

/** Channel for an alert: the top-tier channel, an instrument's own, or the default. */
export function channelFor(alert: Alert, config: Config, defaultChannel: string | null): string | null {
  const instrument = config.instruments.find((i) => i.id === alert.symbol);
  const d = config.discord;
  if (d.topTierChannelId !== null && isTopTier(alert, instrument)) return d.topTierChannelId;
  return d.symbolChannels[alert.symbol] ?? defaultChannel;
}
