import type { APIEmbed } from 'discord.js';
import type { RawFile } from 'discord.js';
import type { Config, Instrument } from '../config/config.js';
import type { Alert } from '../domain/alert.js';
import { alertChartInput } from './alertChart.js';
import { alertEmbed, crossMarketEmbed, groupEmbed } from './alertEmbeds.js';
import type { AlertContext } from './alertEmbeds.js';
import type { RenderDeps, RenderedMessage } from './rendering.js';
import { renderChartPngOffThread } from './chart/index.js';

const SESSION_LOOKBACK_MS = 14 * 60 * 60_000;
const MINUTE_MS = 60_000;

/** What the outbox keeps for an alert message: the alerts and where their quotes came from. */
export interface AlertPayload {
  readonly alerts: readonly Alert[];
  readonly providers: Readonly<Record<string, string>>;
}

/** The top day-move tier is the one worth waking people for; only it may mention a role. */
export function isTopTier(alert: Alert, instrument: Instrument | undefined): boolean {
  return (
    alert.rule === 'dayMove' && alert.severity >= (instrument?.thresholds.dayMove.tiersPct.length ?? Infinity)
  );
}

async function chartFor(alert: Alert, instrument: Instrument, deps: RenderDeps): Promise<RawFile> {
  const points = deps
    .recentBars(alert.symbol, alert.time - SESSION_LOOKBACK_MS)
    .filter(
      (p) =>
        p.time <= alert.time &&
        deps.calendar.status(instrument.market, p.time).tradingDay === alert.sessionId,
    );
  const name = `chart-${alert.symbol.toLowerCase()}.png`;
  const data = await renderChartPngOffThread(alertChartInput(alert, instrument, points, deps.config.discord));
  return { name, data, contentType: 'image/png' };
}

/** The lead alert's chart; a render that fails or times out costs the image, never the alert. */
async function chartFiles(alert: Alert | undefined, instrument: Instrument | undefined, deps: RenderDeps) {
  if (!alert || !instrument) return [];
  try {
    return [await chartFor(alert, instrument, deps)];
  } catch (err) {
    deps.log.warn(
      { alertId: alert.id, symbol: alert.symbol, err: { message: (err as Error).message } },
      'alert chart not rendered; sending the alert without it',
    );
    return [];
  }
}

/**
 * Builds the Discord message for a batch at delivery time (so a late one says it is late).
 * Mentions are never parsed from text; only the configured role, on a top-tier alert, is pinged.
 */
export async function renderAlertMessage(
  payload: AlertPayload,
  deps: RenderDeps,
  now: number,
): Promise<RenderedMessage> {
  const { config } = deps;
  const instruments = new Map(config.instruments.map((i) => [i.id, i]));
  const crossEmbeds = payload.alerts
    .filter((a) => a.rule === 'crossMarket')
    .map((a) => crossMarketEmbed(a, config.discord.colorConvention));
  const alerts = payload.alerts.filter((a) => instruments.has(a.symbol));
  const lead = [...alerts].sort((a, b) => b.severity - a.severity)[0];
  const leadInstrument = lead ? instruments.get(lead.symbol) : undefined;
  const files = await chartFiles(lead, leadInstrument, deps);
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
