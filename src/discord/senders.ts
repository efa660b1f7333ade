import { Routes } from 'discord.js';
import type { REST } from 'discord.js';
import type { Config } from '../config/config.js';
import type { OutboxEntry } from '../store/outbox.js';
import type { OutboxPayload } from './outboxMessage.js';
import { isDmTarget, sendPersonal } from './personalMessage.js';
import type { RenderedMessage } from './rendering.js';
import type { SendEntry } from './delivery.js';

export type RenderEntry = (payload: OutboxPayload, now: number) => Promise<RenderedMessage>;

/**
 * An entry rendered as of when its message was posted: a post now (a late one says it is late), an
 * edit as of its post's sending, so a chart that reaches Discord later keeps the text's wording.
 */
function renderEntry(render: RenderEntry, entry: OutboxEntry, now: number): Promise<RenderedMessage> {
  return render(entry.payload as OutboxPayload, entry.postSentAt ?? now);
}

export const WEBHOOK_TARGET = 'webhook';

/**
 * An edit's body: new files replace the message's attachments (`attachments` lists what to keep,
 * here the uploads by index); without files the attachments stay as they are.
 */
function editBody({ body, files }: RenderedMessage) {
  const { embeds, content, allowed_mentions } = body;
  return {
    ...(content === undefined ? {} : { content }),
    ...(embeds === undefined ? {} : { embeds }),
    ...(allowed_mentions === undefined ? {} : { allowed_mentions }),
    ...(files.length > 0 ? { attachments: files.map((f, i) => ({ id: String(i), filename: f.name })) } : {}),
  };
}

/**
 * Posts as the bot. The nonce with enforce_nonce makes Discord return the first message instead of
 * creating a second when a retry follows a lost response. An edit is a PATCH of the posted message,
 * which a retry may repeat harmlessly. A member's personal alert goes by DM (`sendPersonal`).
 */
export function botSender(rest: REST, render: RenderEntry, config: () => Config): SendEntry {
  return async (entry: OutboxEntry, now: number) => {
    if (isDmTarget(entry.target)) return sendPersonal(rest, entry, { config: config() });
    const rendered = await renderEntry(render, entry, now);
    const { body, files } = rendered;
    if (entry.kind === 'edit' && entry.messageId !== null) {
      await rest.patch(Routes.channelMessage(entry.target, entry.messageId), {
        body: editBody(rendered),
        files,
      });
      return entry.messageId;
    }
    const message = (await rest.post(Routes.channelMessages(entry.target), {
      body: { ...body, nonce: entry.nonce, enforce_nonce: true },
      files,
    })) as { id?: string };
    return message.id ?? null;
  };
}

/** Parses a webhook URL (…/api/webhooks/{id}/{token}) into its parts, or explains what is wrong. */
export function parseWebhookUrl(url: string): { id: string; token: string } | { error: string } {
  const match = /\/webhooks\/(\d{17,20})\/([\w-]+)\/?$/.exec(new URL(url).pathname);
  if (!match?.[1] || !match[2]) {
    return { error: 'DISCORD_WEBHOOK_URL must look like https://discord.com/api/webhooks/<id>/<token>' };
  }
  return { id: match[1], token: match[2] };
}

/**
 * Posts through a webhook (no bot token), waiting for the message so that its id can be edited
 * later through the webhook's message endpoint. Webhooks take no nonce, so a retry after a lost
 * response can post twice; the README says so.
 */
export function webhookSender(
  rest: REST,
  webhook: { id: string; token: string },
  render: RenderEntry,
): SendEntry {
  return async (entry: OutboxEntry, now: number) => {
    const rendered = await renderEntry(render, entry, now);
    const { body, files } = rendered;
    if (entry.kind === 'edit' && entry.messageId !== null) {
      await rest.patch(Routes.webhookMessage(webhook.id, webhook.token, entry.messageId), {
        body: editBody(rendered),
        files,
        auth: false,
      });
      return entry.messageId;
    }
    const message = (await rest.post(Routes.webhook(webhook.id, webhook.token), {
      body,
      files,
      query: new URLSearchParams({ wait: 'true' }),
      auth: false,
    })) as { id?: string };
    return message.id ?? null;
  };
}
