import type { IncomingHttpHeaders } from 'node:http';
import { discordError, type HttpReply } from './http.js';
import type { FakeState } from './state.js';
import type { JsonObject, UploadedFile, ValidationIssue } from './types.js';

export interface RouteContext {
  readonly state: FakeState;
  readonly method: string;
  readonly template: string;
  /** Below /api/v10, decoded. */
  readonly path: string;
  /** Named after the OpenAPI template: `channel_id`, `webhook_token`, ... */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The JSON body or payload_json; `{}` when there was none. */
  readonly payload: JsonObject;
  /** For bodies that are arrays (bulk command overwrite). */
  readonly rawPayload: unknown;
  readonly files: readonly UploadedFile[];
}

export interface RouteDef {
  readonly method: string;
  /** Exactly as in Discord's OpenAPI description, so failures and validation share it. */
  readonly template: string;
  /** 'none' for routes authorised by the token in the path (webhooks, interaction callbacks). */
  readonly auth: 'bot' | 'none';
  /** Where a message object sits in the body, to apply Discord's documented limits. */
  readonly messageAt?: '' | '/data';
  readonly handle: (context: RouteContext) => HttpReply;
}

export const objectOrEmpty = (value: unknown): JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};

export const param = (context: RouteContext, name: string): string => {
  const value = context.params[name];
  if (value === undefined) throw new Error(`fakeDiscord: route has no {${name}}`);
  return value;
};

/** A request Discord would refuse: recorded as a validation error so tests notice, answered as Discord does. */
export function refuse(
  context: RouteContext,
  status: number,
  code: number,
  message: string,
  issues: readonly ValidationIssue[],
): HttpReply {
  context.state.records.validationErrors.push({
    method: context.method,
    route: context.template,
    path: context.path,
    errors: issues,
  });
  return discordError(status, code, message);
}
