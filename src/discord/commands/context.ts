import { PermissionFlagsBits } from 'discord.js';
import type { ChatInputCommandInteraction, InteractionReplyOptions } from 'discord.js';
import { MessageFlags } from 'discord.js';
import type { Instrument } from '../../config/config.js';
import type { ConfigHolder } from '../../config/configHolder.js';
import type { EventService } from '../../services/eventService.js';
import type { PersonalAlertService } from '../../services/personalAlertService.js';
import type { ThresholdEditor } from '../../services/thresholdEditor.js';
import type { Logger } from '../../log.js';
import type { Monitor } from '../../pipeline/monitor.js';
import type { StatusModel } from '../../status/botStatus.js';
import type { Redact } from '../../http/redact.js';
import type { Store } from '../../store/openStore.js';

/** What the command handlers may use; passed in, never reached for. */
export interface CommandDeps {
  readonly config: ConfigHolder;
  readonly monitor: Monitor;
  readonly store: Store;
  readonly editor: ThresholdEditor;
  readonly events: EventService;
  readonly personal: PersonalAlertService;
  /** What /status shows: the same read model as /readyz and /metrics. */
  readonly status: Pick<StatusModel, 'read'>;
  readonly now: () => number;
  readonly log: Logger;
  /** Masks secrets in text shown to members (errors in /status); defaults to secret-named parameters. */
  readonly redact?: Redact;
}

/** A private answer that nothing in can ping anyone. */
export function privately(
  options: Pick<InteractionReplyOptions, 'content' | 'embeds'>,
): InteractionReplyOptions {
  return { ...options, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } };
}

/** A short private text answer. */
export function ephemeral(content: string): InteractionReplyOptions {
  return privately({ content: content.slice(0, 2000) });
}

/** The configured instrument a person typed (id or name, any case), or a message saying what exists. */
export function findInstrument(deps: CommandDeps, typed: string): Instrument | string {
  const instruments = deps.config.current().instruments;
  const needle = typed.trim().toLowerCase();
  const found = instruments.find((i) => i.id.toLowerCase() === needle || i.name.toLowerCase() === needle);
  return (
    found ?? `Unknown instrument "${typed.slice(0, 40)}". Known: ${instruments.map((i) => i.id).join(', ')}.`
  );
}

function memberRoleIds(interaction: ChatInputCommandInteraction): readonly string[] {
  const roles = interaction.member?.roles;
  if (!roles) return [];
  return Array.isArray(roles) ? roles : [...roles.cache.keys()];
}

/**
 * Checked here, on the server side: Discord's default permissions can be overridden by any server
 * admin in the integration settings, so they cannot be the only gate.
 */
export function mayChangeSettings(interaction: ChatInputCommandInteraction, deps: CommandDeps): boolean {
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true) return true;
  const allowed = new Set(deps.config.current().discord.adminRoleIds);
  return memberRoleIds(interaction).some((id) => allowed.has(id));
}

export const NOT_ALLOWED =
  'Only members with Manage Server (or a role listed in discord.adminRoleIds) may change this.';

/**
 * The instrument a settings command targets, after checking the member may change settings;
 * answers the member and returns null when they may not, or the symbol is unknown.
 */
export async function instrumentToChange(
  interaction: ChatInputCommandInteraction,
  deps: CommandDeps,
): Promise<Instrument | null> {
  if (!mayChangeSettings(interaction, deps)) {
    await interaction.reply(ephemeral(NOT_ALLOWED));
    return null;
  }
  const found = findInstrument(deps, interaction.options.getString('symbol', true));
  if (typeof found === 'string') {
    await interaction.reply(ephemeral(found));
    return null;
  }
  return found;
}
