import type { APIEmbedField, ChatInputCommandInteraction } from 'discord.js';
import { redactSecretParams } from '../../providers/redact.js';
import type { Health } from '../../resilience/health.js';
import type { StreamState } from '../../stream/streamClient.js';
import type { DeadLetterSummary } from '../../store/outbox.js';
import { discordTime } from '../alertEmbeds.js';
import { WEBHOOK_TARGET } from '../senders.js';
import { fitLines } from './fitLines.js';
import { privately } from './context.js';
import type { CommandDeps } from './context.js';

/** Long errors are cut so one broken source cannot crowd the others out of a 1024-character field. */
const ERROR_CHARS = 120;
/** Discord's limit for an embed field; sources that do not fit are counted ("… and N more"). */
const FIELD_CHARS = 1024;

/** One line per provider or news source: ✅, or since when it backs off and why. */
export function healthLine(health: Health): string {
  if (health.healthy) return `${health.name} ✅`;
  const until = health.retryAt === null ? '' : ` until ${discordTime(health.retryAt)}`;
  const error = health.lastError ? ` · last error: ${health.lastError.slice(0, ERROR_CHARS)}` : '';
  return `${health.name} ⚠️ backing off${until}${error}`;
}

function healthField(name: string, health: readonly Health[], empty: string): APIEmbedField {
  return { name, value: fitLines(health.map(healthLine), FIELD_CHARS) || empty, inline: false };
}

/** How many messages Discord refused for good, and the latest reason, so a broken channel is seen. */
export function deadLetterLine(summary: DeadLetterSummary): string {
  const { count, latest } = summary;
  if (latest === null) return 'none';
  const where = latest.target === WEBHOOK_TARGET ? 'the webhook' : `<#${latest.target}>`;
  return `${count} · latest ${discordTime(latest.deadAt)} to ${where}: ${latest.reason.slice(0, ERROR_CHARS)}`;
}

/** The live stream in one line: off, connected with its symbols and rate, or down and why. */
export function streamLine(state: StreamState | null): string {
  if (state === null) return 'off (polling only)';
  const age =
    state.lastUpdateAgeMs === null
      ? 'no update yet'
      : `last ${Math.round(state.lastUpdateAgeMs / 1000)} s ago`;
  const reconnects = `${state.reconnects} reconnect${state.reconnects === 1 ? '' : 's'}`;
  if (state.connected) {
    const symbols = state.subscribed.join(', ') || 'nothing open';
    return `✅ ${symbols} · ${state.updatesPerMinute}/min · ${age} · ${reconnects}`;
  }
  if (state.consecutiveFailures === 0) return `idle: no open market · ${reconnects}`;
  const error = state.lastError ? ` · last error: ${state.lastError.slice(0, ERROR_CHARS)}` : '';
  return `⚠️ down after ${state.consecutiveFailures} failure${state.consecutiveFailures === 1 ? '' : 's'}, retrying · ${age}${error}`;
}

function statusFields(deps: CommandDeps): APIEmbedField[] {
  const { monitor } = deps;
  const stale = monitor
    .config()
    .instruments.filter((i) => monitor.isStale(i.id))
    .map((i) => i.id);
  const silenced = deps.store
    .activeSilences(deps.now())
    .map((s) => `${s.symbol} until ${discordTime(s.until, 'f')}`);
  const lastPoll = monitor.lastPollAt();
  return [
    healthField('Providers', monitor.providerHealth(), 'none'),
    healthField('News sources', deps.newsHealth(), 'none configured'),
    { name: 'Active provider', value: monitor.activeProvider() ?? 'none yet', inline: true },
    { name: 'Live stream', value: streamLine(monitor.streamState()), inline: false },
    { name: 'Last poll', value: lastPoll === null ? 'not yet' : discordTime(lastPoll), inline: true },
    { name: 'Stale', value: stale.join(', ') || 'none', inline: true },
    { name: 'Outbox', value: `${deps.store.pendingCount()} waiting`, inline: true },
    { name: 'Dead letters', value: deadLetterLine(deps.store.deadLetterSummary()), inline: false },
    { name: 'Silenced', value: silenced.join('\n') || 'none', inline: true },
    { name: 'Up since', value: discordTime(deps.startedAt), inline: true },
    { name: 'Version', value: deps.version, inline: true },
  ];
}

/** /status: health of providers and news sources, the last poll, stale and silenced instruments. */
export async function status(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  // Any member may run it, and its errors came from servers that may echo a secret: all are masked.
  const redact = deps.redact ?? redactSecretParams;
  const fields = statusFields(deps).map((field) => ({ ...field, value: redact(field.value) }));
  await interaction.reply(privately({ embeds: [{ title: 'Bot status', fields }] }));
}
