import type { IncomingHttpHeaders } from 'node:http';
import type { APIMessage, APIUser, ChannelType } from 'discord.js';

export type JsonObject = Record<string, unknown>;

export interface ChannelSpec {
  readonly id?: string;
  readonly name: string;
  /** Defaults to a text channel (0). */
  readonly type?: ChannelType;
}

export interface RoleSpec {
  readonly id?: string;
  readonly name: string;
  /** Decimal permission bitfield, as Discord sends it. */
  readonly permissions: string;
}

export interface GuildSpec {
  readonly id?: string;
  readonly name?: string;
  /** The first text channel becomes `alertChannelId`. */
  readonly channels?: readonly ChannelSpec[];
  readonly roles?: readonly RoleSpec[];
  /** Decimal bitfield for @everyone. */
  readonly everyonePermissions?: string;
}

export interface WebhookSpec {
  readonly id?: string;
  readonly token?: string;
  /** Defaults to the first guild's alert channel. */
  readonly channelId?: string;
}

export interface FakeDiscordOptions {
  readonly token?: string;
  readonly guilds?: readonly GuildSpec[];
  readonly webhooks?: readonly WebhookSpec[];
  /** Decimal bitfield granted to the bot's managed role (also sent as `app_permissions`). */
  readonly botPermissions?: string;
  /** Privileged intents the application is approved for; others close the gateway with 4014. */
  readonly privilegedIntents?: number;
  /** Only needs to be long: discord.js waits a random share of it before its first heartbeat. */
  readonly heartbeatIntervalMs?: number;
  readonly nonceWindowMs?: number;
  /** Discord answers 10062 Unknown interaction when the first response comes later than this. */
  readonly interactionDeadlineMs?: number;
  readonly maxFileBytes?: number;
}

export interface FakeChannel {
  readonly id: string;
  readonly guildId: string;
  readonly name: string;
  readonly type: ChannelType;
  readonly position: number;
}

export interface FakeRole {
  readonly id: string;
  readonly name: string;
  readonly permissions: string;
  readonly position: number;
  readonly managed: boolean;
}

export interface FakeGuild {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly alertChannelId: string;
  readonly channels: readonly FakeChannel[];
  readonly roles: readonly FakeRole[];
  readonly everyonePermissions: string;
}

export interface FakeWebhook {
  readonly id: string;
  readonly token: string;
  readonly channelId: string;
  readonly guildId: string;
  /** `${origin}/api/webhooks/{id}/{token}` */
  readonly url: string;
}

export interface UploadedFile {
  /** Form field, e.g. `files[0]`. */
  readonly field: string;
  readonly name: string;
  readonly contentType: string;
  readonly data: Buffer;
}

export interface RecordedRequest {
  readonly method: string;
  /** Path below /api/v10, decoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  status: number | 'reset' | 'close' | 'hang' | 'drop';
}

export interface RecordedMessage {
  readonly channelId: string;
  readonly id: string;
  readonly payload: JsonObject;
  readonly files: readonly UploadedFile[];
  readonly nonce: string | number | undefined;
  readonly headers: IncomingHttpHeaders;
  /** Set when the message came through a webhook execute. */
  readonly webhookId: string | undefined;
  readonly message: APIMessage;
}

export interface RecordedEdit {
  readonly channelId: string;
  readonly messageId: string;
  readonly payload: JsonObject;
  readonly files: readonly UploadedFile[];
  readonly headers: IncomingHttpHeaders;
}

export interface RecordedInteractionResponse {
  readonly interactionId: string;
  readonly interactionToken: string;
  /** InteractionResponseType: 4 reply, 5 defer, 8 autocomplete result, ... */
  readonly type: number;
  /** The whole callback body: `{ type, data }`. */
  readonly payload: JsonObject;
  readonly files: readonly UploadedFile[];
  readonly withResponse: boolean;
}

export interface RecordedWebhookEdit {
  readonly kind: 'editOriginal' | 'followup' | 'editFollowup' | 'deleteOriginal';
  readonly applicationId: string;
  readonly interactionToken: string;
  readonly messageId: string;
  readonly payload: JsonObject;
  readonly files: readonly UploadedFile[];
}

export interface RecordedCommandRegistration {
  readonly scope: 'global' | 'guild';
  readonly applicationId: string;
  readonly guildId: string | undefined;
  readonly commands: readonly JsonObject[];
}

export interface ValidationIssue {
  /** JSON pointer into the body, '' for the body itself. */
  readonly path: string;
  /** The JSON Schema keyword that failed (maxLength, required, ...) or a fake-specific reason. */
  readonly keyword: string;
  readonly message: string;
}

export interface ValidationFailure {
  readonly method: string;
  /** The OpenAPI path template when known, else the request path. */
  readonly route: string;
  readonly path: string;
  readonly errors: readonly ValidationIssue[];
}

/**
 * An answer that replaces the real one: an HTTP reply; 'reset' (TCP RST, the client sees ECONNRESET);
 * 'close' (the socket ends without an answer, "other side closed"); 'hang' (no answer until the client gives up);
 * 'drop' (the request IS carried out, then the answer is lost to a TCP RST: the case nonces exist for).
 */
export type InjectedFailure =
  | { readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: unknown }
  | 'reset'
  | 'close'
  | 'hang'
  | 'drop';

export interface Records {
  readonly requests: RecordedRequest[];
  readonly messages: RecordedMessage[];
  readonly edits: RecordedEdit[];
  readonly interactionResponses: RecordedInteractionResponse[];
  readonly webhookEdits: RecordedWebhookEdit[];
  readonly commandRegistrations: RecordedCommandRegistration[];
  readonly validationErrors: ValidationFailure[];
}

export interface World {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: APIUser;
  /** Owns the guilds and is the default user of dispatched interactions. */
  readonly humanUser: APIUser;
  readonly botRoleIds: ReadonlyMap<string, string>;
  readonly botPermissions: string;
  readonly guilds: readonly FakeGuild[];
  readonly webhooks: readonly FakeWebhook[];
}
