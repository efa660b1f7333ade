import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  Locale,
  type APIChannel,
  type APIGuildMember,
  type APIRole,
  type APIUser,
  type GatewayGuildCreateDispatchData,
} from 'discord.js';
import { bitfield } from './bitfield.js';
import { snowflakeTimestamp } from './snowflake.js';
import type { FakeChannel, FakeGuild, FakeRole, World } from './types.js';

export function apiRole(role: FakeRole, world: World): APIRole {
  return {
    id: role.id,
    name: role.name,
    // Deprecated in favour of `colors`, yet still required by APIRole and still sent by Discord.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions,
    managed: role.managed,
    mentionable: false,
    flags: bitfield(0),
    ...(role.managed ? { tags: { bot_id: world.botUser.id } } : {}),
  };
}

export function apiChannel(channel: FakeChannel): APIChannel {
  if (channel.type === ChannelType.GuildVoice) {
    return {
      id: channel.id,
      type: ChannelType.GuildVoice,
      guild_id: channel.guildId,
      name: channel.name,
      position: channel.position,
      permission_overwrites: [],
      parent_id: null,
      nsfw: false,
      flags: bitfield(0),
      bitrate: 64_000,
      user_limit: 0,
      rtc_region: null,
      rate_limit_per_user: 0,
      last_message_id: null,
    };
  }
  return {
    id: channel.id,
    type: ChannelType.GuildText,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    permission_overwrites: [],
    parent_id: null,
    nsfw: false,
    flags: bitfield(0),
    topic: null,
    rate_limit_per_user: 0,
    last_message_id: null,
    last_pin_timestamp: null,
  };
}

export function apiMember(user: APIUser, roles: string[], joinedAt: string): APIGuildMember {
  return {
    user,
    nick: null,
    avatar: null,
    banner: null,
    roles,
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: bitfield(0),
    pending: false,
    communication_disabled_until: null,
  };
}

/** Everything discord.js caches from GUILD_CREATE; arrays Discord always sends are present even when empty. */
export function guildCreatePayload(guild: FakeGuild, world: World): GatewayGuildCreateDispatchData {
  const joinedAt = snowflakeTimestamp(guild.id);
  const botRoleId = world.botRoleIds.get(guild.id);
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: GuildVerificationLevel.Low,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.AllMembers,
    mfa_level: GuildMFALevel.None,
    nsfw_level: GuildNSFWLevel.Default,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    system_channel_id: guild.alertChannelId,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    application_id: null,
    vanity_url_code: null,
    preferred_locale: Locale.EnglishUS,
    max_members: 500_000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    hub_type: null,
    incidents_data: null,
    features: [],
    emojis: [],
    stickers: [],
    roles: guild.roles.map((role) => apiRole(role, world)),
    channels: guild.channels.map(apiChannel) as GatewayGuildCreateDispatchData['channels'],
    threads: [],
    members: [apiMember(world.botUser, botRoleId ? [botRoleId] : [], joinedAt)],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    member_count: 2,
    large: false,
    unavailable: false,
    joined_at: joinedAt,
  };
}
