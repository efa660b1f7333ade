import type { APIUser } from 'discord.js';
import { discordError, json, noContent, unknownMessage, unknownWebhook, type HttpReply } from './http.js';
import { createMessage, editMessage } from './messages.js';
import { hasContent, refuseEmpty } from './restChannels.js';
import {
  deleteOriginal,
  editInteractionMessage,
  fetchOriginal,
  interactionByToken,
  postFollowup,
} from './interactionWebhooks.js';
import { param, type RouteContext, type RouteDef } from './route.js';
import type { PendingInteraction } from './state.js';
import type { FakeWebhook } from './types.js';

type Target =
  { kind: 'interaction'; interaction: PendingInteraction } | { kind: 'webhook'; webhook: FakeWebhook };

/** `/webhooks/{application id}/{interaction token}` serves interactions; other ids are channel webhooks. */
function target(context: RouteContext): Target | HttpReply {
  const { world } = context.state;
  const id = param(context, 'webhook_id');
  if (id === world.applicationId) {
    const interaction = interactionByToken(context);
    return interaction ? { kind: 'interaction', interaction } : unknownWebhook();
  }
  const webhook = world.webhooks.find((candidate) => candidate.id === id);
  if (!webhook) return unknownWebhook();
  if (webhook.token !== param(context, 'webhook_token'))
    return discordError(401, 50027, 'Invalid Webhook Token');
  return { kind: 'webhook', webhook };
}

function withTarget(context: RouteContext, then: (found: Target) => HttpReply): HttpReply {
  const found = target(context);
  return 'kind' in found ? then(found) : found;
}

function webhookAuthor(context: RouteContext, webhook: FakeWebhook): APIUser {
  const username = typeof context.payload.username === 'string' ? context.payload.username : 'Market Alerts';
  return { id: webhook.id, username, discriminator: '0000', global_name: null, avatar: null, bot: true };
}

function execute(context: RouteContext, webhook: FakeWebhook): HttpReply {
  if (!hasContent(context.payload, context.files.length)) return refuseEmpty(context);
  const { state, payload, files } = context;
  const message = createMessage(state, {
    channelId: webhook.channelId,
    payload,
    files,
    author: webhookAuthor(context, webhook),
    webhookId: webhook.id,
  });
  state.records.messages.push({
    channelId: webhook.channelId,
    id: message.id,
    payload,
    files,
    nonce: undefined,
    headers: context.headers,
    webhookId: webhook.id,
    message,
  });
  return context.query.get('wait') === 'true' ? json(message) : noContent();
}

function editWebhookMessage(context: RouteContext, webhook: FakeWebhook): HttpReply {
  const message = context.state.messages.get(param(context, 'message_id'));
  if (message?.webhook_id !== webhook.id) return unknownMessage();
  const edited = editMessage(context.state, message, context.payload, context.files);
  context.state.records.edits.push({
    channelId: message.channel_id,
    messageId: message.id,
    payload: context.payload,
    files: context.files,
    headers: context.headers,
  });
  return json(edited);
}

const WEBHOOK = '/webhooks/{webhook_id}/{webhook_token}';

export const webhookRoutes: readonly RouteDef[] = [
  {
    method: 'POST',
    template: WEBHOOK,
    auth: 'none',
    messageAt: '',
    handle: (context) =>
      withTarget(context, (found) =>
        found.kind === 'interaction'
          ? postFollowup(context, found.interaction)
          : execute(context, found.webhook),
      ),
  },
  {
    method: 'GET',
    template: `${WEBHOOK}/messages/@original`,
    auth: 'none',
    handle: (context) =>
      withTarget(context, (found) =>
        found.kind === 'interaction' ? fetchOriginal(found.interaction) : unknownMessage(),
      ),
  },
  {
    method: 'PATCH',
    template: `${WEBHOOK}/messages/@original`,
    auth: 'none',
    messageAt: '',
    handle: (context) =>
      withTarget(context, (found) =>
        found.kind === 'interaction'
          ? editInteractionMessage(context, found.interaction, '@original')
          : unknownMessage(),
      ),
  },
  {
    method: 'DELETE',
    template: `${WEBHOOK}/messages/@original`,
    auth: 'none',
    handle: (context) =>
      withTarget(context, (found) =>
        found.kind === 'interaction' ? deleteOriginal(context, found.interaction) : unknownMessage(),
      ),
  },
  {
    method: 'PATCH',
    template: `${WEBHOOK}/messages/{message_id}`,
    auth: 'none',
    messageAt: '',
    handle: (context) =>
      withTarget(context, (found) =>
        found.kind === 'interaction'
          ? editInteractionMessage(context, found.interaction, param(context, 'message_id'))
          : editWebhookMessage(context, found.webhook),
      ),
  },
];
