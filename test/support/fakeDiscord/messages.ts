import {
  EmbedType,
  MessageType,
  type APIMessageTopLevelComponent,
  type APIAttachment,
  type APIEmbed,
  type APIMessage,
  type APIUser,
} from 'discord.js';
import { bitfield } from './bitfield.js';
import { snowflake, snowflakeTimestamp } from './snowflake.js';
import type { FakeState } from './state.js';
import type { JsonObject, UploadedFile } from './types.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface NewMessage {
  readonly channelId: string;
  readonly payload: JsonObject;
  readonly files: readonly UploadedFile[];
  readonly author: APIUser;
  readonly type?: MessageType;
  readonly extraFlags?: number;
  readonly webhookId?: string;
  readonly applicationId?: string;
}

function pngSize(data: Buffer): { width: number; height: number } | undefined {
  if (data.length < 24 || !data.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

function storeAttachment(
  state: FakeState,
  channelId: string,
  file: UploadedFile,
  description: unknown,
): APIAttachment {
  const id = snowflake();
  const path = `/attachments/${channelId}/${id}/${encodeURIComponent(file.name)}`;
  state.attachments.set(path, file);
  const size = pngSize(file.data);
  return {
    id,
    filename: file.name,
    size: file.data.length,
    url: `${state.origin}${path}`,
    proxy_url: `${state.origin}${path}`,
    content_type: file.contentType,
    ...(typeof description === 'string' ? { description } : {}),
    ...(size ?? {}),
  };
}

/** Files pair with `attachments[].id` by upload index (`files[n]` ↔ id n); unlisted files still attach. */
function uploadAttachments(
  state: FakeState,
  channelId: string,
  payload: JsonObject,
  files: readonly UploadedFile[],
) {
  const listed = Array.isArray(payload.attachments) ? (payload.attachments as JsonObject[]) : [];
  return files.map((file, index) => {
    const slot = /^files\[(\d+)\]$/.exec(file.field)?.[1] ?? String(index);
    const entry = listed.find((attachment) => String(attachment.id) === slot);
    return storeAttachment(state, channelId, file, entry?.description);
  });
}

/** Discord resolves `attachment://name` in embeds to the uploaded file's URL. */
function resolveEmbeds(embeds: unknown, attachments: readonly APIAttachment[]): APIEmbed[] {
  if (!Array.isArray(embeds)) return [];
  const resolve = <T extends { url: string; proxy_url?: string }>(media: T): T => {
    const name = media.url.startsWith('attachment://') ? media.url.slice('attachment://'.length) : undefined;
    const attachment = attachments.find((candidate) => candidate.filename === name);
    return attachment ? { ...media, url: attachment.url, proxy_url: attachment.proxy_url } : media;
  };
  return (embeds as APIEmbed[]).map((embed) => ({
    type: EmbedType.Rich,
    ...embed,
    ...(embed.image ? { image: resolve(embed.image) } : {}),
    ...(embed.thumbnail ? { thumbnail: resolve(embed.thumbnail) } : {}),
  }));
}

export function createMessage(state: FakeState, input: NewMessage): APIMessage {
  const id = snowflake();
  const { payload } = input;
  const attachments = uploadAttachments(state, input.channelId, payload, input.files);
  const message: APIMessage = {
    id,
    type: input.type ?? MessageType.Default,
    channel_id: input.channelId,
    author: input.author,
    content: typeof payload.content === 'string' ? payload.content : '',
    timestamp: snowflakeTimestamp(id),
    edited_timestamp: null,
    tts: payload.tts === true,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments,
    embeds: resolveEmbeds(payload.embeds, attachments),
    components: Array.isArray(payload.components)
      ? (payload.components as APIMessageTopLevelComponent[])
      : [],
    pinned: false,
    flags: bitfield((typeof payload.flags === 'number' ? payload.flags : 0) | (input.extraFlags ?? 0)),
    ...(typeof payload.nonce === 'string' || typeof payload.nonce === 'number'
      ? { nonce: payload.nonce }
      : {}),
    ...(input.webhookId ? { webhook_id: input.webhookId } : {}),
    ...(input.applicationId ? { application_id: input.applicationId } : {}),
  };
  state.messages.set(id, message);
  return message;
}

/** An edit replaces the fields it names; `attachments` lists the existing ones to keep. */
export function editMessage(
  state: FakeState,
  message: APIMessage,
  payload: JsonObject,
  files: readonly UploadedFile[],
  clearFlags = 0,
): APIMessage {
  const keptIds = Array.isArray(payload.attachments)
    ? new Set((payload.attachments as JsonObject[]).map((attachment) => String(attachment.id)))
    : undefined;
  const kept = message.attachments.filter((attachment) => !keptIds || keptIds.has(attachment.id));
  const attachments = [...kept, ...uploadAttachments(state, message.channel_id, payload, files)];
  const flags = typeof payload.flags === 'number' ? payload.flags : (message.flags ?? 0);
  const edited: APIMessage = {
    ...message,
    ...(typeof payload.content === 'string' ? { content: payload.content } : {}),
    ...(payload.embeds !== undefined ? { embeds: resolveEmbeds(payload.embeds, attachments) } : {}),
    ...(Array.isArray(payload.components)
      ? { components: payload.components as APIMessageTopLevelComponent[] }
      : {}),
    attachments,
    flags: bitfield(flags & ~clearFlags),
    edited_timestamp: new Date().toISOString().replace('Z', '+00:00'),
  };
  state.messages.set(edited.id, edited);
  return edited;
}
