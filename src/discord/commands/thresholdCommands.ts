import type { ChatInputCommandInteraction } from 'discord.js';
import type { Instrument } from '../../config/config.js';
import { effectiveValue, formatThresholdValue, RULE_KEYS } from '../../config/thresholdRules.js';
import { discordTime } from '../alertEmbeds.js';
import { ephemeral, findInstrument, instrumentToChange, privately } from './context.js';
import type { CommandDeps } from './context.js';

const AUDIT_LINES = 5;

function describeThresholds(instrument: Instrument): string {
  return RULE_KEYS.map(
    (rule) => `${rule}: ${formatThresholdValue(rule, effectiveValue(instrument.thresholds, rule))}`,
  ).join('\n');
}

async function show(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const typed = interaction.options.getString('symbol');
  const found = typed === null ? null : findInstrument(deps, typed);
  if (typeof found === 'string') {
    await interaction.reply(ephemeral(found));
    return;
  }
  const instruments = found ? [found] : deps.config.current().instruments;
  const changes = deps.store.thresholdChanges(found?.id ?? null, AUDIT_LINES);
  const audit = changes.map(
    (c) => `${discordTime(c.at, 'f')} ${c.userName} ${c.symbol} ${c.rule}: ${c.oldValue} → ${c.newValue}`,
  );
  await interaction.reply(
    privately({
      embeds: [
        {
          title: found ? `Thresholds for ${found.id}` : 'Thresholds',
          fields: [
            ...instruments
              .slice(0, 24)
              .map((i) => ({ name: `${i.name} (${i.id})`, value: describeThresholds(i) })),
            { name: 'Recent changes', value: audit.length > 0 ? audit.join('\n') : 'none yet' },
          ],
        },
      ],
    }),
  );
}

async function change(
  interaction: ChatInputCommandInteraction,
  deps: CommandDeps,
  kind: 'set' | 'reset',
): Promise<void> {
  const found = await instrumentToChange(interaction, deps);
  if (!found) return;
  const actor = { id: interaction.user.id, name: interaction.user.username };
  const outcome = await (kind === 'set'
    ? deps.editor.set(
        found.id,
        interaction.options.getString('rule', true),
        interaction.options.getString('value', true),
        actor,
      )
    : deps.editor.reset(found.id, interaction.options.getString('rule'), actor));
  if (!outcome.ok) {
    await interaction.reply(ephemeral(`Not changed: ${outcome.error}`));
    return;
  }
  const lines = outcome.changes.map((c) => `${c.rule}: ${c.old} → ${c.new}`);
  await interaction.reply(
    ephemeral(
      lines.length > 0
        ? `${outcome.symbol} updated (applies from the next poll):\n${lines.join('\n')}`
        : `${outcome.symbol} already uses the defaults; nothing to reset.`,
    ),
  );
}

export async function threshold(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const sub = interaction.options.getSubcommand(true);
  if (sub === 'show') await show(interaction, deps);
  else if (sub === 'set' || sub === 'reset') await change(interaction, deps, sub);
  else await interaction.reply(ephemeral(`Unknown subcommand ${sub}.`));
}
