import type { APIEmbedField, ChatInputCommandInteraction } from 'discord.js';
import { SCREENED_OUT, type ScreenCounts, type ScreenedOut } from '../../domain/priceScreen.js';
import { redactSecretParams } from '../../http/redact.js';
import type { Health } from '../../resilience/health.js';
import type { BotStatus } from '../../status/botStatus.js';
import type { DeadLetterSummary } from '../../store/outbox.js';
import { discordTime } from '../alertEmbeds.js';
import { WEBHOOK_TARGET } from '../senders.js';
import { fitLines } from './fitLines.js';
import { privately } from './context.js';
import { streamLine } from './streamLine.js';
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

const SCREENED_WORDS: Record<ScreenedOut, string> = {
  invalid: 'invalid',
  aheadOfClock: 'ahead of the clock',
  implausible: 'implausible',
  held: 'held for confirmation',
};

/** Prices the screen kept from the rules since the start, per instrument with any: "HSI: 3 held for confirmation". */
export function screenedLine(counts: Readonly<Record<string, ScreenCounts>>): string {
  const lines = Object.entries(counts).flatMap(([id, byReason]) => {
    const parts = SCREENED_OUT.filter((r) => byReason[r] > 0).map(
      (r) => `${byReason[r]} ${SCREENED_WORDS[r]}`,
    );
    return parts.length === 0 ? [] : [`${id}: ${parts.join(', ')}`];
  });
  return fitLines(lines, FIELD_CHARS) || 'none';
}

/** Configured instruments that get no quotes, each with why: "XYZ: yahoo: unknown symbol …". */
export function unquotableLine(unquotable: BotStatus['unquotable']): string {
  const lines = unquotable.map((u) => `${u.id}: ${u.reason.slice(0, ERROR_CHARS * 2)}`);
  return fitLines(lines, FIELD_CHARS) || 'none';
}

function statusFields(status: BotStatus): APIEmbedField[] {
  const stale = status.instruments.filter((i) => i.stale).map((i) => i.id);
  const silenced = status.silences.map((s) => `${s.symbol} until ${discordTime(s.until, 'f')}`);
  const { lastPollAt } = status;
  return [
    healthField('Providers', status.providers, 'none'),
    healthField('News sources', status.newsSources, 'none configured'),
    { name: 'Active provider', value: status.activeProvider ?? 'none yet', inline: true },
    { name: 'Live stream', value: streamLine(status.stream), inline: false },
    { name: 'Last poll', value: lastPollAt === null ? 'not yet' : discordTime(lastPollAt), inline: true },
    { name: 'Stale', value: stale.join(', ') || 'none', inline: true },
    { name: 'Not quoted', value: unquotableLine(status.unquotable), inline: false },
    { name: 'Prices screened out', value: screenedLine(status.screenedOut), inline: false },
    { name: 'Outbox', value: `${status.outbox.pending} waiting`, inline: true },
    { name: 'Dead letters', value: deadLetterLine(status.deadLetters), inline: false },
    { name: 'Silenced', value: silenced.join('\n') || 'none', inline: true },
    { name: 'Up since', value: discordTime(status.startedAt), inline: true },
    { name: 'Version', value: status.version, inline: true },
  ];
}

/** /status: health of providers and news sources, the last poll, stale and silenced instruments. */
export async function status(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  // Any member may run it, and its errors came from servers that may echo a secret: all are masked.
  const redact = deps.redact ?? redactSecretParams;
  const fields = statusFields(deps.status.read()).map((field) => ({ ...field, value: redact(field.value) }));
  await interaction.reply(privately({ embeds: [{ title: 'Bot status', fields }] }));
}
