import { ChannelType, type APIDMChannel, type APIUser } from 'discord.js';
import { bitfield } from './bitfield.js';
import { discordError, json, type HttpReply } from './http.js';
import type { RouteContext, RouteDef } from './route.js';
import { snowflake } from './snowflake.js';
import type { FakeState } from './state.js';

/**
 * Direct messages as Discord serves them: POST /users/@me/channels opens (or returns the existing)
 * DM channel with a user, whatever that user's settings; a post into it is refused with 403 and
 * code 50007 "Cannot send messages to this user" when the user does not accept DMs from the bot.
 */
export function openDm(state: FakeState, recipientId: string): APIDMChannel {
  const known = state.dmChannels.get(recipientId);
  if (known) return known;
  const user: APIUser =
    state.world.humanUser.id === recipientId
      ? state.world.humanUser
      : {
          id: recipientId,
          username: `member-${recipientId.slice(-4)}`,
          discriminator: '0',
          global_name: null,
          avatar: null,
        };
  const channel: APIDMChannel = {
    id: snowflake(),
    type: ChannelType.DM,
    name: null,
    last_message_id: null,
    flags: bitfield(0),
    recipients: [user],
  };
  state.dmChannels.set(recipientId, channel);
  return channel;
}

/** The DM channel with this id and its recipient, if the bot opened it. */
export function findDm(
  state: FakeState,
  channelId: string,
): { channel: APIDMChannel; recipientId: string } | undefined {
  for (const [recipientId, channel] of state.dmChannels) {
    if (channel.id === channelId) return { channel, recipientId };
  }
  return undefined;
}

export const cannotSendToUser = (): HttpReply =>
  discordError(403, 50007, 'Cannot send messages to this user');

function createDm(context: RouteContext): HttpReply {
  const recipient = context.payload.recipient_id;
  if (typeof recipient !== 'string' || !/^\d{17,20}$/.test(recipient)) {
    return discordError(400, 50035, 'Invalid Form Body', {
      recipient_id: { _errors: [{ code: 'NUMBER_TYPE_COERCE', message: 'Value is not snowflake.' }] },
    });
  }
  return json(openDm(context.state, recipient));
}

export const userRoutes: readonly RouteDef[] = [
  { method: 'POST', template: '/users/@me/channels', auth: 'bot', handle: createDm },
];
