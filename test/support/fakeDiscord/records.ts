import type { IncomingHttpHeaders } from 'node:http';
import type { APIMessage } from 'discord.js';

export type JsonObject = Record<string, unknown>;

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

export interface Records {
  readonly requests: RecordedRequest[];
  readonly messages: RecordedMessage[];
  readonly edits: RecordedEdit[];
  readonly interactionResponses: RecordedInteractionResponse[];
  readonly webhookEdits: RecordedWebhookEdit[];
  readonly commandRegistrations: RecordedCommandRegistration[];
  readonly validationErrors: ValidationFailure[];
}
