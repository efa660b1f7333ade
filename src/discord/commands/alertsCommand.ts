import type { ChatInputCommandInteraction } from 'discord.js';
import { formatPct } from '../../presentation/alertText.js';
import { arrow, discordTime } from '../alertEmbeds.js';
import { ephemeral, privately } from './context.js';
import type { CommandDeps } from './context.js';

/** The range the command data declares; checked here too, as nothing forces a client to respect it. */
export const ALERTS_COUNT = { min: 1, max: 25, default: 10 } as const;

/** /alerts recent [count]: the latest recorded alerts, silenced ones included. */
export async function alerts(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const count = interaction.options.getInteger('count') ?? ALERTS_COUNT.default;
  if (count < ALERTS_COUNT.min || count > ALERTS_COUNT.max) {
    await interaction.reply(
      ephemeral(
        `count must be from ${ALERTS_COUNT.min} to ${ALERTS_COUNT.max} (you gave ${count}); try /alerts recent count:${ALERTS_COUNT.default}.`,
      ),
    );
    return;
  }
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
