import type { ChatInputCommandInteraction } from 'discord.js';
import { buildMarketWrap } from '../../wrap/dailyWrap.js';
import { formatMarketWrap } from '../../wrap/formatWrap.js';
import { codeBlock } from '../wrapMessage.js';
import { ephemeral } from './context.js';
import type { CommandDeps } from './context.js';

/** Discord allows ten embeds in one message. */
const EMBEDS_MAX = 10;

/** Markets that have at least one watched instrument, in config order. */
function watchedMarkets(deps: CommandDeps): string[] {
  return [...new Set(deps.monitor.instruments().map((i) => i.market))];
}

/** /wrap [market]: each market's day so far (or just closed): close, change, range, alerts, reactions. */
export async function wrap(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const typed = interaction.options.getString('market');
  const markets = watchedMarkets(deps);
  const chosen = typed === null ? markets : markets.filter((m) => m.toLowerCase() === typed.toLowerCase());
  if (chosen.length === 0) {
    await interaction.reply(
      ephemeral(`No watched market "${typed ?? ''}"; try one of: ${markets.join(', ')}.`),
    );
    return;
  }
  await interaction.deferReply();
  const now = deps.now();
  const embeds = chosen.slice(0, EMBEDS_MAX).map((market) => {
    const text = formatMarketWrap(buildMarketWrap(deps, market, now));
    return {
      title: `Daily wrap: ${market}`,
      description: codeBlock(text),
    };
  });
  await interaction.editReply({ embeds, allowedMentions: { parse: [] } });
}
