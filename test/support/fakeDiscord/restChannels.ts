import type { APIMessage } from 'discord.js';
import { apiChannel } from './apiObjects.js';
import { discordError, json, noContent, unknownChannel, unknownMessage, type HttpReply } from './http.js';
import { createMessage, editMessage } from './messages.js';
import { param, refuse, type RouteContext, type RouteDef } from './route.js';
import type { FakeChannel, JsonObject } from './types.js';
import { cannotSendToUser, findDm } from './restUsers.js';
import { findChannel } from './world.js';

const MESSAGE_PARTS = ['content', 'embeds', 'sticker_ids', 'components', 'poll'];

export function hasContent(payload: JsonObject, fileCount: number): boolean {
  if (fileCount > 0) return true;
  return MESSAGE_PARTS.some((key) => {
    const value = payload[key];
    return Array.isArray(value) ? value.length > 0 : typeof value === 'string' ? value !== '' : value != null;
  });
}

/** Discord answers 50006 to a message with nothing in it; the bot should never send one. */
export function refuseEmpty(context: RouteContext, at = ''): HttpReply {
  return refuse(context, 400, 50006, 'Cannot send an empty message', [
    {
      path: at,
      keyword: 'emptyMessage',
      message: 'needs content, embeds, components, stickers, a poll or files',
    },
  ]);
}

function withChannel(
  context: RouteContext,
  then: (channel: Pick<FakeChannel, 'id'>) => HttpReply,
): HttpReply {
  const id = param(context, 'channel_id');
  const channel = findChannel(context.state.world, id);
  if (channel) return then(channel);
  const dm = findDm(context.state, id);
  if (!dm) return unknownChannel();
  return context.state.closedDms.has(dm.recipientId) ? cannotSendToUser() : then(dm.channel);
}

function withMessage(context: RouteContext, then: (message: APIMessage) => HttpReply): HttpReply {
  return withChannel(context, (channel) => {
    const message = context.state.messages.get(param(context, 'message_id'));
    return message?.channel_id === channel.id ? then(message) : unknownMessage();
  });
}

/** With enforce_nonce, Discord returns the earlier message instead of posting the same nonce twice. */
function earlierWithNonce(context: RouteContext, channelId: string): APIMessage | undefined {
  const { nonce } = context.payload;
  if (context.payload.enforce_nonce !== true || (typeof nonce !== 'string' && typeof nonce !== 'number')) {
    return undefined;
  }
  const since = Date.now() - context.state.limits.nonceWindowMs;
  const earlier = context.state.records.messages.find(
    (recorded) =>
      recorded.channelId === channelId &&
      recorded.webhookId === undefined &&
      String(recorded.nonce) === String(nonce) &&
      Date.parse(recorded.message.timestamp) >= since,
  );
  return earlier && context.state.messages.get(earlier.id);
}

function postMessage(context: RouteContext): HttpReply {
  return withChannel(context, (channel) => {
    const earlier = earlierWithNonce(context, channel.id);
    if (earlier) return json(earlier);
    if (!hasContent(context.payload, context.files.length)) return refuseEmpty(context);
    const { state, payload, files } = context;
    const message = createMessage(state, {
      channelId: channel.id,
      payload,
      files,
      author: state.world.botUser,
    });
    const nonce =
      typeof payload.nonce === 'string' || typeof payload.nonce === 'number' ? payload.nonce : undefined;
    state.records.messages.push({
      channelId: channel.id,
      id: message.id,
      payload,
      files,
      nonce,
      headers: context.headers,
      webhookId: undefined,
      message,
    });
    return json(message);
  });
}

function patchMessage(context: RouteContext): HttpReply {
  return withMessage(context, (message) => {
    if (message.author.id !== context.state.world.botUser.id) {
      return discordError(403, 50005, 'Cannot edit a message authored by another user');
    }
    const edited = editMessage(context.state, message, context.payload, context.files);
    context.state.records.edits.push({
      channelId: message.channel_id,
      messageId: message.id,
      payload: context.payload,
      files: context.files,
      headers: context.headers,
    });
    return json(edited);
  });
}

function deleteMessage(context: RouteContext): HttpReply {
  return withMessage(context, (message) => {
    context.state.messages.delete(message.id);
    return noContent();
  });
}

export const channelRoutes: readonly RouteDef[] = [
  {
    method: 'GET',
    template: '/channels/{channel_id}',
    auth: 'bot',
    handle: (context) => {
      const channel = findChannel(context.state.world, param(context, 'channel_id'));
      return channel ? json(apiChannel(channel)) : unknownChannel();
    },
  },
  {
    method: 'POST',
    template: '/channels/{channel_id}/messages',
    auth: 'bot',
    messageAt: '',
    handle: postMessage,
  },
  {
    method: 'GET',
    template: '/channels/{channel_id}/messages/{message_id}',
    auth: 'bot',
    handle: (context) => withMessage(context, (message) => json(message)),
  },
  {
    method: 'PATCH',
    template: '/channels/{channel_id}/messages/{message_id}',
    auth: 'bot',
    messageAt: '',
    handle: patchMessage,
  },
  {
    method: 'DELETE',
    template: '/channels/{channel_id}/messages/{message_id}',
    auth: 'bot',
    handle: deleteMessage,
  },
];
