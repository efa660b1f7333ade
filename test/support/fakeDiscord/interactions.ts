import {
  ApplicationCommandOptionType as OptionType,
  ApplicationCommandType,
  InteractionContextType,
  InteractionType,
  Locale,
  type APIApplicationCommandAutocompleteGuildInteraction,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandGuildInteraction,
  type APIInteraction,
  type APIUser,
} from 'discord.js';
import { apiChannel, apiMember } from './apiObjects.js';
import { opaqueToken, snowflake, snowflakeTimestamp } from './snowflake.js';
import type { FakeState, PendingInteraction } from './state.js';
import { findChannel } from './world.js';

/** A user option (type 6) carries the user, which Discord also puts in `data.resolved.users`. */
export type OptionValue = string | number | boolean | { readonly user: APIUser };

export interface CommandInteractionSpec {
  readonly name: string;
  readonly subcommandGroup?: string;
  readonly subcommand?: string;
  /** Types follow the values: string 3, integer 4, boolean 5, other numbers 10. */
  readonly options?: Readonly<Record<string, OptionValue>>;
  /** Decimal bitfield of the invoking member's permissions in the channel; defaults to @everyone's. */
  readonly memberPermissions?: string;
  readonly memberRoles?: readonly string[];
  readonly user?: Partial<APIUser>;
  readonly guildId?: string;
  readonly channelId?: string;
  readonly locale?: Locale;
}

export interface AutocompleteInteractionSpec extends CommandInteractionSpec {
  /** The option being typed; its current text comes from `options`, else ''. */
  readonly focused: string;
}

function optionType(
  value: OptionValue,
): OptionType.String | OptionType.Integer | OptionType.Boolean | OptionType.Number | OptionType.User {
  if (typeof value === 'object') return OptionType.User;
  if (typeof value === 'string') return OptionType.String;
  if (typeof value === 'boolean') return OptionType.Boolean;
  return Number.isInteger(value) ? OptionType.Integer : OptionType.Number;
}

function commandOptions(
  spec: CommandInteractionSpec,
  focused?: string,
): APIApplicationCommandInteractionDataOption[] {
  const values: Record<string, OptionValue> = { ...spec.options };
  if (focused !== undefined) values[focused] ??= '';
  const leaves = Object.entries(values).map(
    ([name, value]) =>
      ({
        name,
        type: optionType(value),
        value: typeof value === 'object' ? value.user.id : value,
        ...(name === focused ? { focused: true } : {}),
      }) as APIApplicationCommandInteractionDataOption,
  );
  if (spec.subcommand === undefined) return leaves;
  const sub = {
    name: spec.subcommand,
    type: OptionType.Subcommand,
    options: leaves,
  } as APIApplicationCommandInteractionDataOption;
  if (spec.subcommandGroup === undefined) return [sub];
  return [
    {
      name: spec.subcommandGroup,
      type: OptionType.SubcommandGroup,
      options: [sub],
    } as APIApplicationCommandInteractionDataOption,
  ];
}

/** The id a bulk overwrite answered for this name, so `interaction.commandId` matches the registration. */
function commandIds(state: FakeState, guildId: string, name: string): { id: string; guild_id?: string } {
  const guildCommand = state.commands.get(guildId)?.find((command) => command.name === name);
  if (typeof guildCommand?.id === 'string') return { id: guildCommand.id, guild_id: guildId };
  const globalCommand = state.commands.get('global')?.find((command) => command.name === name);
  return { id: typeof globalCommand?.id === 'string' ? globalCommand.id : snowflake() };
}

function baseInteraction(state: FakeState, spec: CommandInteractionSpec) {
  const { world } = state;
  const guild = world.guilds.find((candidate) => candidate.id === (spec.guildId ?? world.guilds[0]?.id));
  if (!guild) throw new Error(`fakeDiscord: unknown guild ${spec.guildId ?? ''}`);
  const channel = findChannel(world, spec.channelId ?? guild.alertChannelId);
  if (!channel) throw new Error(`fakeDiscord: unknown channel ${spec.channelId ?? ''}`);
  const user: APIUser = { ...world.humanUser, ...spec.user };
  const locale = spec.locale ?? Locale.EnglishUS;
  return {
    id: snowflake(),
    application_id: world.applicationId,
    token: `aW50ZXJhY3Rpb246${opaqueToken(120)}`,
    version: 1 as const,
    guild_id: guild.id,
    guild: { id: guild.id, locale: Locale.EnglishUS, features: [] },
    channel: apiChannel(channel),
    channel_id: channel.id,
    member: {
      ...apiMember(user, [...(spec.memberRoles ?? [])], snowflakeTimestamp(guild.id)),
      user,
      permissions: spec.memberPermissions ?? guild.everyonePermissions,
    },
    app_permissions: world.botPermissions,
    locale,
    guild_locale: Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: { [0]: guild.id },
    context: InteractionContextType.Guild,
    attachment_size_limit: state.limits.maxFileBytes,
  };
}

export function chatInputInteraction(
  state: FakeState,
  spec: CommandInteractionSpec,
): APIChatInputApplicationCommandGuildInteraction {
  const base = baseInteraction(state, spec);
  const options = commandOptions(spec);
  const users = Object.values(spec.options ?? {}).flatMap((v) => (typeof v === 'object' ? [v.user] : []));
  return {
    ...base,
    type: InteractionType.ApplicationCommand,
    data: {
      ...commandIds(state, base.guild_id, spec.name),
      name: spec.name,
      type: ApplicationCommandType.ChatInput,
      ...(options.length > 0 ? { options } : {}),
      ...(users.length > 0 ? { resolved: { users: Object.fromEntries(users.map((u) => [u.id, u])) } } : {}),
    },
  };
}

export function autocompleteInteraction(
  state: FakeState,
  spec: AutocompleteInteractionSpec,
): APIApplicationCommandAutocompleteGuildInteraction {
  const base = baseInteraction(state, spec);
  return {
    ...base,
    type: InteractionType.ApplicationCommandAutocomplete,
    data: {
      ...commandIds(state, base.guild_id, spec.name),
      name: spec.name,
      type: ApplicationCommandType.ChatInput,
      options: commandOptions(spec, spec.focused),
    },
  };
}

/** Remembers the interaction so its callback, webhook edits and followups can be checked and answered. */
export function registerInteraction(state: FakeState, interaction: APIInteraction): PendingInteraction {
  const channelId = interaction.channel?.id;
  if (channelId === undefined) throw new Error('fakeDiscord: interactions need a channel');
  const pending: PendingInteraction = {
    id: interaction.id,
    token: interaction.token,
    type: interaction.type,
    channelId,
    guildId: interaction.guild_id,
    dispatchedAt: state.now(),
    acknowledged: false,
    original: undefined,
    followups: new Map(),
  };
  state.interactions.set(interaction.id, pending);
  return pending;
}
