import type { APIApplication, APIGatewayBotInfo } from 'discord.js';
import { bitfield } from './bitfield.js';
import { json, missingAccess, type HttpReply } from './http.js';
import { param, type RouteContext, type RouteDef } from './route.js';
import { snowflake } from './snowflake.js';
import type { FakeState } from './state.js';
import type { JsonObject } from './types.js';

function gatewayBot(state: FakeState): APIGatewayBotInfo {
  return {
    url: state.gatewayUrl,
    shards: 1,
    session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
  };
}

function application(state: FakeState): APIApplication {
  const { world } = state;
  return {
    id: world.applicationId,
    name: world.botUser.username,
    icon: null,
    description: '',
    // Deprecated by Discord but still required by discord-api-types' APIApplication.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    summary: '',
    bot_public: false,
    bot_require_code_grant: false,
    bot: world.botUser,
    owner: world.humanUser,
    verify_key: '0'.repeat(64),
    team: null,
    flags: bitfield(0),
    flags_new: '0',
    approximate_guild_count: world.guilds.length,
    redirect_uris: [],
    interactions_endpoint_url: null,
  };
}

/** Discord keeps a command's id when a bulk overwrite re-sends the same name. */
function registerCommands(context: RouteContext, scope: 'global' | 'guild'): HttpReply {
  const { state } = context;
  const applicationId = param(context, 'application_id');
  const guildId = scope === 'guild' ? param(context, 'guild_id') : undefined;
  if (applicationId !== state.world.applicationId) return missingAccess();
  if (guildId !== undefined && !state.world.guilds.some((guild) => guild.id === guildId))
    return missingAccess();
  const sent = Array.isArray(context.rawPayload) ? (context.rawPayload as JsonObject[]) : [];
  const key = guildId ?? 'global';
  const previous = state.commands.get(key) ?? [];
  const answered = sent.map((command) => ({
    id: previous.find((old) => old.name === command.name)?.id ?? snowflake(),
    application_id: applicationId,
    version: snowflake(),
    type: 1,
    description: '',
    options: [],
    default_member_permissions: null,
    nsfw: false,
    integration_types: [0],
    contexts: null,
    ...command,
    ...(guildId === undefined ? {} : { guild_id: guildId }),
  }));
  state.commands.set(key, answered);
  state.records.commandRegistrations.push({ scope, applicationId, guildId, commands: sent });
  return json(answered);
}

function listCommands(context: RouteContext, scope: 'global' | 'guild'): HttpReply {
  const key = scope === 'guild' ? param(context, 'guild_id') : 'global';
  if (param(context, 'application_id') !== context.state.world.applicationId) return missingAccess();
  return json(context.state.commands.get(key) ?? []);
}

export const applicationRoutes: readonly RouteDef[] = [
  { method: 'GET', template: '/gateway/bot', auth: 'bot', handle: ({ state }) => json(gatewayBot(state)) },
  { method: 'GET', template: '/users/@me', auth: 'bot', handle: ({ state }) => json(state.world.botUser) },
  {
    method: 'GET',
    template: '/applications/@me',
    auth: 'bot',
    handle: ({ state }) => json(application(state)),
  },
  {
    method: 'PUT',
    template: '/applications/{application_id}/commands',
    auth: 'bot',
    handle: (context) => registerCommands(context, 'global'),
  },
  {
    method: 'PUT',
    template: '/applications/{application_id}/guilds/{guild_id}/commands',
    auth: 'bot',
    handle: (context) => registerCommands(context, 'guild'),
  },
  {
    method: 'GET',
    template: '/applications/{application_id}/commands',
    auth: 'bot',
    handle: (context) => listCommands(context, 'global'),
  },
  {
    method: 'GET',
    template: '/applications/{application_id}/guilds/{guild_id}/commands',
    auth: 'bot',
    handle: (context) => listCommands(context, 'guild'),
  },
];
