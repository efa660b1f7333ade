import type { ChatInputCommandInteraction } from 'discord.js';
import { formatPct } from '../../presentation/alertText.js';
import { arrow, discordTime } from '../alertEmbeds.js';
import { privately } from './context.js';
import type { CommandDeps } from './context.js';

/** /alerts recent [count]: the latest recorded alerts, silenced ones included. */
export async function alerts(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const count = interaction.options.getInteger('count') ?? 10;
  const recent = deps.store.recentAlerts(count);
  const lines = recent.map(
    (a) =>
      `${discordTime(a.time, 'f')} ${arrow(a.direction)} **${a.symbol}** ${a.rule} ${formatPct(a.changePct)}`,
  );
  await interaction.reply(
    privately({
      embeds: [
        { title: `Latest ${recent.length} alerts`, description: lines.join('\n') || 'No alerts yet.' },
      ],
    }),
  );
}
