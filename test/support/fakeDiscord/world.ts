import { ChannelType, PermissionFlagsBits, type APIUser } from 'discord.js';
import { bitfield } from './bitfield.js';
import { botToken, opaqueToken, snowflake } from './snowflake.js';
import type {
  FakeChannel,
  FakeDiscordOptions,
  FakeGuild,
  FakeRole,
  GuildSpec,
  RoleSpec,
  World,
} from './types.js';

const bits = (...flags: bigint[]): string => flags.reduce((all, flag) => all | flag, 0n).toString();

export const DEFAULT_EVERYONE_PERMISSIONS = bits(
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.UseApplicationCommands,
);

export const DEFAULT_BOT_PERMISSIONS = bits(
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.AttachFiles,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.UseApplicationCommands,
);

function user(username: string, bot: boolean): APIUser {
  return {
    id: snowflake(),
    username,
    discriminator: bot ? '4821' : '0',
    global_name: bot ? null : username,
    avatar: null,
    public_flags: bitfield(0),
    flags: bitfield(0),
    ...(bot ? { bot: true } : {}),
  };
}

function buildGuild(spec: GuildSpec, ownerId: string, botRole: RoleSpec & { id: string }): FakeGuild {
  const id = spec.id ?? snowflake();
  const everyonePermissions = spec.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS;
  const channelSpecs = spec.channels ?? [{ name: 'market-alerts' }, { name: 'general' }];
  const channels: FakeChannel[] = channelSpecs.map((channel, position) => ({
    id: channel.id ?? snowflake(),
    guildId: id,
    name: channel.name,
    type: channel.type ?? ChannelType.GuildText,
    position,
  }));
  const alertChannel = channels.find((channel) => channel.type === ChannelType.GuildText);
  if (!alertChannel) throw new Error(`fakeDiscord: guild ${spec.name ?? id} needs a text channel`);
  const everyone: FakeRole = {
    id,
    name: '@everyone',
    permissions: everyonePermissions,
    position: 0,
    managed: false,
  };
  const extraRoles = [...(spec.roles ?? []), botRole].map((role, index) => ({
    id: role.id ?? snowflake(),
    name: role.name,
    permissions: role.permissions,
    position: index + 1,
    managed: role === botRole,
  }));
  return {
    id,
    name: spec.name ?? 'Market Desk',
    ownerId,
    alertChannelId: alertChannel.id,
    channels,
    roles: [everyone, ...extraRoles],
    everyonePermissions,
  };
}

/** The servers, channels and users the fake pretends exist; ids are fresh for every start. */
export function buildWorld(options: FakeDiscordOptions, origin: string): World {
  const botUser = user('market-bot', true);
  const humanUser = user('trader', false);
  const botPermissions = options.botPermissions ?? DEFAULT_BOT_PERMISSIONS;
  const botRoleIds = new Map<string, string>();
  const guilds = (options.guilds ?? [{}]).map((spec) => {
    const botRole = { id: snowflake(), name: botUser.username, permissions: botPermissions };
    const guild = buildGuild(spec, humanUser.id, botRole);
    botRoleIds.set(guild.id, botRole.id);
    return guild;
  });
  const firstGuild = guilds[0];
  if (!firstGuild) throw new Error('fakeDiscord: at least one guild is needed');
  const webhooks = (options.webhooks ?? [{}]).map((spec) => {
    const id = spec.id ?? snowflake();
    const token = spec.token ?? opaqueToken(51);
    const channelId = spec.channelId ?? firstGuild.alertChannelId;
    const guild = guilds.find((candidate) => candidate.channels.some((channel) => channel.id === channelId));
    return {
      id,
      token,
      channelId,
      guildId: guild?.id ?? firstGuild.id,
      url: `${origin}/api/webhooks/${id}/${token}`,
    };
  });
  return {
    token: options.token ?? botToken(botUser.id),
    applicationId: botUser.id,
    botUser,
    humanUser,
    botRoleIds,
    botPermissions,
    guilds,
    webhooks,
  };
}

export function findChannel(world: World, channelId: string): FakeChannel | undefined {
  for (const guild of world.guilds) {
    const channel = guild.channels.find((candidate) => candidate.id === channelId);
    if (channel) return channel;
  }
  return undefined;
}
