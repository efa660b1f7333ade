import type { ChatInputCommandInteraction } from 'discord.js';
import type { PersonalAlert } from '../../domain/personalAlert.js';
import { describeCondition } from '../../presentation/personalAlertText.js';
import type { ConditionKind } from '../../services/personalAlertService.js';
import { fitLines } from './fitLines.js';
import { ephemeral, mayChangeSettings, NOT_ALLOWED, privately } from './context.js';
import type { CommandDeps } from './context.js';

/** Discord allows 4096 characters in an embed description. */
const DESCRIPTION_CHARS = 4096;
const LISTED_ALERTS = 50;
const KINDS: readonly string[] = ['above', 'below', 'move'] satisfies ConditionKind[];

function alertLine(alert: PersonalAlert, withMember: boolean): string {
  const who = withMember ? `<@${alert.memberId}> ` : '';
  const repeat = alert.repeat ? ', repeats' : '';
  const waiting = alert.armed ? '' : ', waits for the price to go back across';
  return `\`#${alert.id}\` ${who}${alert.symbol} ${describeCondition(alert.condition)}${repeat}${waiting}`;
}

async function add(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const kind = interaction.options.getString('condition', true);
  if (!KINDS.includes(kind)) {
    await interaction.reply(ephemeral(`Not added: the condition is above, below or move, not "${kind}".`));
    return;
  }
  const outcome = deps.personal.add(interaction.user.id, {
    symbol: interaction.options.getString('symbol', true),
    kind: kind as ConditionKind,
    value: interaction.options.getString('value', true),
    repeat: interaction.options.getBoolean('repeat') ?? false,
  });
  if (!outcome.ok) {
    await interaction.reply(ephemeral(`Not added: ${outcome.error}`));
    return;
  }
  const { alert, alreadyMet } = outcome;
  const when = alreadyMet
    ? ' It already holds, so it fires at the next crossing, once the price has gone back across.'
    : '';
  const after = alert.repeat ? 'It repeats.' : 'It is removed when it fires.';
  await interaction.reply(
    ephemeral(
      `Alert #${alert.id}: ${alert.symbol} ${describeCondition(alert.condition)}. You get it by DM (or a mention here if your DMs are closed). ${after}${when}`,
    ),
  );
}

async function list(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const all = interaction.options.getBoolean('all') ?? false;
  if (all && !mayChangeSettings(interaction, deps)) {
    await interaction.reply(ephemeral(NOT_ALLOWED));
    return;
  }
  const alerts = all ? deps.personal.listAll() : deps.personal.list(interaction.user.id);
  const max = deps.config.current().personalAlerts.maxPerMember;
  const description =
    alerts.length === 0
      ? 'No personal alerts. Add one with /alert add.'
      : fitLines(
          alerts.map((a) => alertLine(a, all)),
          DESCRIPTION_CHARS,
          LISTED_ALERTS,
        );
  const title = all
    ? `Personal alerts of every member (${alerts.length})`
    : `Your alerts (${alerts.length} of ${max})`;
  await interaction.reply(privately({ embeds: [{ title, description }] }));
}

async function remove(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const id = interaction.options.getInteger('id', true);
  const outcome = deps.personal.remove(interaction.user.id, id, mayChangeSettings(interaction, deps));
  await interaction.reply(ephemeral(outcome.ok ? `Alert #${id} removed.` : `Not removed: ${outcome.error}`));
}

async function clear(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  if (!mayChangeSettings(interaction, deps)) {
    await interaction.reply(ephemeral(NOT_ALLOWED));
    return;
  }
  const member = interaction.options.getUser('member', true);
  const count = deps.personal.clear(member.id);
  deps.log.info({ memberId: member.id, count, by: interaction.user.id }, 'personal alerts cleared');
  await interaction.reply(
    ephemeral(
      `${count === 0 ? 'No' : count} personal alert${count === 1 ? '' : 's'} of <@${member.id}> removed.`,
    ),
  );
}

export async function alert(interaction: ChatInputCommandInteraction, deps: CommandDeps): Promise<void> {
  const sub = interaction.options.getSubcommand(true);
  if (sub === 'add') await add(interaction, deps);
  else if (sub === 'list') await list(interaction, deps);
  else if (sub === 'remove') await remove(interaction, deps);
  else if (sub === 'clear') await clear(interaction, deps);
  else await interaction.reply(ephemeral(`Unknown subcommand ${sub}.`));
}
