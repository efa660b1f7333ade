import {
  InteractionResponseType as Reply,
  InteractionType,
  MessageFlags,
  MessageType,
  type APIMessage,
  type RESTPostAPIInteractionCallbackWithResponseResult,
} from 'discord.js';
import { discordError, json, noContent, unknownInteraction, type HttpReply } from './http.js';
import { createMessage } from './messages.js';
import { hasContent, refuseEmpty } from './restChannels.js';
import { objectOrEmpty, param, refuse, type RouteContext, type RouteDef } from './route.js';
import type { PendingInteraction } from './state.js';

const ALLOWED_REPLIES: Readonly<Partial<Record<InteractionType, readonly Reply[]>>> = {
  [InteractionType.ApplicationCommand]: [
    Reply.ChannelMessageWithSource,
    Reply.DeferredChannelMessageWithSource,
    Reply.Modal,
    Reply.LaunchActivity,
  ],
  [InteractionType.MessageComponent]: [
    Reply.ChannelMessageWithSource,
    Reply.DeferredChannelMessageWithSource,
    Reply.DeferredMessageUpdate,
    Reply.UpdateMessage,
    Reply.Modal,
  ],
  [InteractionType.ApplicationCommandAutocomplete]: [Reply.ApplicationCommandAutocompleteResult],
  [InteractionType.ModalSubmit]: [
    Reply.ChannelMessageWithSource,
    Reply.DeferredChannelMessageWithSource,
    Reply.DeferredMessageUpdate,
    Reply.UpdateMessage,
  ],
};

const REPLY_TYPES: ReadonlySet<unknown> = new Set(
  Object.values(Reply).filter((value) => typeof value === 'number'),
);
const isReplyType = (value: unknown): value is Reply => REPLY_TYPES.has(value);

function createOriginal(context: RouteContext, interaction: PendingInteraction, type: Reply): APIMessage {
  const { state } = context;
  const data = objectOrEmpty(context.payload.data);
  const deferred = type === Reply.DeferredChannelMessageWithSource;
  return createMessage(state, {
    channelId: interaction.channelId,
    payload: deferred ? { flags: data.flags } : data,
    files: deferred ? [] : context.files,
    author: state.world.botUser,
    type: MessageType.ChatInputCommand,
    extraFlags: deferred ? MessageFlags.Loading : 0,
    webhookId: state.world.applicationId,
    applicationId: state.world.applicationId,
  });
}

function callbackAnswer(
  interaction: PendingInteraction,
  type: Reply,
): RESTPostAPIInteractionCallbackWithResponseResult {
  const message = interaction.original;
  const flags = message?.flags ?? 0;
  return {
    interaction: {
      id: interaction.id,
      type: interaction.type,
      ...(message
        ? {
            response_message_id: message.id,
            response_message_loading: (flags & MessageFlags.Loading) !== 0,
            response_message_ephemeral: (flags & MessageFlags.Ephemeral) !== 0,
          }
        : {}),
    },
    resource: { type, ...(message ? { message } : {}) },
  };
}

function callback(context: RouteContext): HttpReply {
  const { state, payload } = context;
  const interaction = state.interactions.get(param(context, 'interaction_id'));
  if (interaction?.token !== param(context, 'interaction_token')) return unknownInteraction();
  if (interaction.acknowledged) return discordError(400, 40060, 'Interaction has already been acknowledged.');
  if (state.now() - interaction.dispatchedAt > state.limits.interactionDeadlineMs)
    return unknownInteraction();
  const type = isReplyType(payload.type) ? payload.type : undefined;
  if (type === undefined || !(ALLOWED_REPLIES[interaction.type] ?? []).includes(type)) {
    return refuse(context, 400, 50035, 'Invalid Form Body', [
      {
        path: '/type',
        keyword: 'callbackType',
        message: `type ${String(payload.type)} cannot answer interaction type ${interaction.type}`,
      },
    ]);
  }
  const data = objectOrEmpty(payload.data);
  if (type === Reply.ChannelMessageWithSource && !hasContent(data, context.files.length)) {
    return refuseEmpty(context, '/data');
  }
  interaction.acknowledged = true;
  if (type === Reply.ChannelMessageWithSource || type === Reply.DeferredChannelMessageWithSource) {
    interaction.original = createOriginal(context, interaction, type);
  }
  const withResponse = context.query.get('with_response') === 'true';
  state.records.interactionResponses.push({
    interactionId: interaction.id,
    interactionToken: interaction.token,
    type,
    payload,
    files: context.files,
    withResponse,
  });
  return withResponse ? json(callbackAnswer(interaction, type)) : noContent();
}

export const interactionRoutes: readonly RouteDef[] = [
  {
    method: 'POST',
    template: '/interactions/{interaction_id}/{interaction_token}/callback',
    auth: 'none',
    messageAt: '/data',
    handle: callback,
  },
];
