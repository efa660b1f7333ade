import { escapeMarkdown } from 'discord.js';
import type { ChatInputCommandInteraction } from 'discord.js';
import { discordTime } from '../alertEmbeds.js';
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
      `Event ${e.id} at ${discordTime(e.time, 'f')}: thresholds tighten for its window and a reaction report follows.\nMatched terms: ${escapeMarkdown(terms)} (score ${e.score})`,
    ),
  );
}

async function list(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const lines = deps.events
    .list()
    .slice(-20)
    .map((e) => `\`${e.id}\` ${discordTime(e.time, 'f')} ${escapeMarkdown(e.title.slice(0, 120))}`);
  await interaction.reply(
    privately({
      embeds: [
        { title: 'Trade-news events', description: lines.join('\n') || 'No recent or upcoming events.' },
      ],
    }),
  );
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
