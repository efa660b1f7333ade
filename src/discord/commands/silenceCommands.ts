import type { ChatInputCommandInteraction } from 'discord.js';
import { parseDuration } from '../../services/parseDuration.js';
import { discordTime } from '../alertEmbeds.js';
import { ephemeral, instrumentToChange } from './context.js';
import type { CommandDeps } from './context.js';

export async function silence(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const found = await instrumentToChange(interaction, deps);
  if (!found) return;
  const duration = parseDuration(interaction.options.getString('duration', true));
  if (!duration.ok) {
    await interaction.reply(ephemeral(duration.error));
    return;
  }
  const now = deps.now();
  const until = now + duration.ms;
  deps.store.silence(found.id, until, interaction.user.username, now);
  deps.log.info(
    { symbol: found.id, until: new Date(until).toISOString(), by: interaction.user.username },
    'silenced',
  );
  await interaction.reply(
    ephemeral(
      `${found.id} silenced until ${discordTime(until, 'f')}; its alerts are still recorded (/alerts recent).`,
    ),
  );
}

export async function unsilence(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const found = await instrumentToChange(interaction, deps);
  if (!found) return;
  const lifted = deps.store.unsilence(found.id);
  await interaction.reply(
    ephemeral(lifted ? `${found.id} is no longer silenced.` : `${found.id} was not silenced.`),
  );
}
