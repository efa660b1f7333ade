import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route handler answers; `body` undefined means an empty 204-style answer. */
export interface HttpReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function sendReply(res: ServerResponse, reply: HttpReply): void {
  if (reply.body === undefined) {
    res.writeHead(reply.status, { ...reply.headers });
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...reply.headers,
  });
  res.end(text);
}

export const json = (body: unknown, status = 200): HttpReply => ({ status, body });

/** Discord's error envelope: `{ message, code }`, plus `errors` for form-body problems. */
export const discordError = (status: number, code: number, message: string, errors?: unknown): HttpReply => ({
  status,
  body: errors === undefined ? { message, code } : { message, code, errors },
});

export const unauthorized = (): HttpReply => discordError(401, 0, '401: Unauthorized');
export const notFound = (): HttpReply => discordError(404, 0, '404: Not Found');
export const unknownChannel = (): HttpReply => discordError(404, 10003, 'Unknown Channel');
export const unknownMessage = (): HttpReply => discordError(404, 10008, 'Unknown Message');
export const unknownWebhook = (): HttpReply => discordError(404, 10015, 'Unknown Webhook');
export const unknownInteraction = (): HttpReply => discordError(404, 10062, 'Unknown interaction');
export const missingAccess = (): HttpReply => discordError(403, 50001, 'Missing Access');
export const noContent = (): HttpReply => ({ status: 204 });

/** A 429 as Discord sends it: Retry-After in whole or fractional seconds, retry_after in the body. */
export function rateLimited(retryAfterSeconds = 0.2, global = false): HttpReply {
  return {
    status: 429,
    headers: {
      'retry-after': String(retryAfterSeconds),
      'x-ratelimit-scope': global ? 'global' : 'user',
      ...(global ? { 'x-ratelimit-global': 'true' } : {}),
    },
    body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global },
  };
}
