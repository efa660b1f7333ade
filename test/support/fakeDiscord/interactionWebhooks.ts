import { MessageFlags } from 'discord.js';
import { json, noContent, unknownMessage, unknownWebhook, type HttpReply } from './http.js';
import { createMessage, editMessage } from './messages.js';
import { param, type RouteContext } from './route.js';
import type { PendingInteraction } from './state.js';
import type { RecordedWebhookEdit } from './types.js';

/** Interaction follow-ups and edits arrive as webhook calls: /webhooks/{application id}/{interaction token}. */
export function interactionByToken(context: RouteContext): PendingInteraction | undefined {
  const token = param(context, 'webhook_token');
  return [...context.state.interactions.values()].find((interaction) => interaction.token === token);
}

function recordEdit(context: RouteContext, kind: RecordedWebhookEdit['kind'], messageId: string): void {
  context.state.records.webhookEdits.push({
    kind,
    applicationId: param(context, 'webhook_id'),
    interactionToken: param(context, 'webhook_token'),
    messageId,
    payload: context.payload,
    files: context.files,
  });
}

export function postFollowup(context: RouteContext, interaction: PendingInteraction): HttpReply {
  if (!interaction.acknowledged) return unknownWebhook();
  const { state } = context;
  const message = createMessage(state, {
    channelId: interaction.channelId,
    payload: context.payload,
    files: context.files,
    author: state.world.botUser,
    webhookId: state.world.applicationId,
    applicationId: state.world.applicationId,
  });
  interaction.followups.set(message.id, message);
  recordEdit(context, 'followup', message.id);
  return json(message);
}

export function editInteractionMessage(
  context: RouteContext,
  interaction: PendingInteraction,
  id: string,
): HttpReply {
  const message = id === '@original' ? interaction.original : interaction.followups.get(id);
  if (!message) return unknownMessage();
  const edited = editMessage(context.state, message, context.payload, context.files, MessageFlags.Loading);
  if (id === '@original') interaction.original = edited;
  else interaction.followups.set(id, edited);
  recordEdit(context, id === '@original' ? 'editOriginal' : 'editFollowup', message.id);
  return json(edited);
}

export function fetchOriginal(interaction: PendingInteraction): HttpReply {
  return interaction.original ? json(interaction.original) : unknownMessage();
}

export function deleteOriginal(context: RouteContext, interaction: PendingInteraction): HttpReply {
  const message = interaction.original;
  if (!message) return unknownMessage();
  interaction.original = undefined;
  context.state.messages.delete(message.id);
  recordEdit(context, 'deleteOriginal', message.id);
  return noContent();
}
