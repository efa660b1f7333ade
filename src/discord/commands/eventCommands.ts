import type { ChatInputCommandInteraction } from 'discord.js';
import type { NewsEvent } from '../../domain/events.js';
import { inertText } from '../../presentation/inertText.js';
import { discordTime } from '../alertEmbeds.js';
import { fitLines } from './fitLines.js';
import { ephemeral, mayChangeSettings, NOT_ALLOWED, privately } from './context.js';
import type { CommandDeps } from './context.js';

async function add(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const outcome = deps.events.add(
    {
      title: interaction.options.getString('title', true),
      time: interaction.options.getString('time'),
      link: interaction.options.getString('link'),
    },
    interaction.user.username,
  );
  if (!outcome.ok) {
    await interaction.reply(ephemeral(`Not added: ${outcome.error}`));
    return;
  }
  const e = outcome.event;
  const terms = e.matchedTerms.length > 0 ? e.matchedTerms.join(', ') : 'none';
  await interaction.reply(
    ephemeral(
      `Event ${e.id} at ${discordTime(e.time, 'f')}: thresholds tighten for its window and a reaction report follows.\nMatched terms: ${inertText(terms)} (score ${e.score})`,
    ),
  );
}

/** At most this many events are listed; the rest are counted. */
const LISTED_EVENTS = 20;
/** Discord allows 4096 characters in an embed description. */
const DESCRIPTION_CHARS = 4096;
const TITLE_CHARS = 120;

function eventLine(e: NewsEvent): string {
  const title = e.title.length > TITLE_CHARS ? `${e.title.slice(0, TITLE_CHARS - 1)}…` : e.title;
  // Inside code only a backtick means anything; a headline is escaped (src/presentation/inertText.ts).
  return `\`${e.id.replace(/`/g, "'")}\` ${discordTime(e.time, 'f')} ${inertText(title)}`;
}

/** The newest events that fit, then how many more there are, rather than a list cut mid-line. */
export function eventListText(events: readonly NewsEvent[]): string {
  if (events.length === 0) return 'No recent or upcoming events.';
  const newestFirst = [...events].sort((a, b) => b.time - a.time);
  return fitLines(newestFirst.map(eventLine), DESCRIPTION_CHARS, LISTED_EVENTS);
}

async function list(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const description = eventListText(deps.events.list());
  await interaction.reply(privately({ embeds: [{ title: 'Trade-news events', description }] }));
}

async function remove(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const outcome = deps.events.remove(interaction.options.getString('id', true).trim());
  await interaction.reply(
    ephemeral(outcome.ok ? `Event ${outcome.removed} removed.` : `Not removed: ${outcome.error}`),
  );
}

export async function event(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const sub = interaction.options.getSubcommand(true);
  if (sub === 'list') {
    await list(interaction, deps);
    return;
  }
  if (!mayChangeSettings(interaction, deps)) {
    await interaction.reply(ephemeral(NOT_ALLOWED));
    return;
  }
  if (sub === 'add') await add(interaction, deps);
  else await remove(interaction, deps);
}
