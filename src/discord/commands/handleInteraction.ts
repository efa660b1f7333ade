import type { ChatInputCommandInteraction, Interaction } from 'discord.js';
import { event } from './eventCommands.js';
import { level, levels } from './levelCommands.js';
import { alerts } from './alertsCommand.js';
import { alert } from './personalAlertCommands.js';
import { silence, unsilence } from './silenceCommands.js';
import { status } from './statusCommand.js';
import { threshold } from './thresholdCommands.js';
import { wrap } from './wrapCommand.js';
import { ephemeral } from './context.js';
import type { CommandDeps } from './context.js';

type Handler = (interaction: ChatInputCommandInteraction, deps: CommandDeps) => Promise<void>;

const HANDLERS: Readonly<Record<string, Handler>> = {
  level,
  levels,
  threshold,
  silence,
  unsilence,
  alerts,
  alert,
  status,
  event,
  wrap,
};

const AUTOCOMPLETE_MAX = 25;

/** Routes one interaction; an error is logged and answered, never thrown into discord.js. */
export async function handleInteraction(interaction: Interaction, deps: CommandDeps): Promise<void> {
  if (interaction.isAutocomplete()) {
    const typed = interaction.options.getFocused().toLowerCase();
    const choices = deps.config
      .current()
      .instruments.filter((i) => i.id.toLowerCase().includes(typed) || i.name.toLowerCase().includes(typed))
      .slice(0, AUTOCOMPLETE_MAX)
      .map((i) => ({ name: `${i.id} · ${i.name}`.slice(0, 100), value: i.id }));
    await interaction.respond(choices);
    return;
  }
  if (!interaction.isChatInputCommand()) return;
  const handler = HANDLERS[interaction.commandName];
  const user = interaction.user.id;
  deps.log.info({ command: interaction.commandName, user, guild: interaction.guildId }, 'command');
  try {
    if (!handler) {
      await interaction.reply(
        ephemeral(`Unknown command /${interaction.commandName}; try re-registering commands.`),
      );
      return;
    }
    await handler(interaction, deps);
  } catch (err) {
    deps.log.error({ err, command: interaction.commandName, user }, 'command failed');
    const answer = ephemeral('Sorry, that failed on our side; it has been logged.');
    if (interaction.deferred || interaction.replied)
      await interaction.editReply({ content: answer.content ?? '' });
    else await interaction.reply(answer);
  }
}
