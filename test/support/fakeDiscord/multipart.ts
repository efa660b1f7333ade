import type { IncomingHttpHeaders } from 'node:http';
import type { UploadedFile } from './types.js';

export type ParsedBody =
  | { readonly kind: 'empty'; readonly files: readonly UploadedFile[] }
  | { readonly kind: 'parsed'; readonly payload: unknown; readonly files: readonly UploadedFile[] }
  | { readonly kind: 'invalid'; readonly reason: string };

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Discord reads `payload_json` when present, else the other text fields as top-level keys. */
async function parseMultipart(contentType: string, raw: Buffer): Promise<ParsedBody> {
  // undici discourages formData() for servers (it buffers); test bodies are small and this needs no parser dependency.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const files: UploadedFile[] = [];
  const fields: Record<string, unknown> = {};
  let payloadJson: string | undefined;
  for (const [field, value] of form.entries()) {
    if (typeof value !== 'string') {
      const data = Buffer.from(await value.arrayBuffer());
      files.push({ field, name: value.name, contentType: value.type || 'application/octet-stream', data });
    } else if (field === 'payload_json') {
      payloadJson = value;
    } else {
      fields[field] = value;
    }
  }
  if (payloadJson === undefined) return { kind: 'parsed', payload: fields, files };
  const parsed = parseJson(payloadJson);
  if (!parsed.ok) return { kind: 'invalid', reason: 'payload_json is not valid JSON' };
  return { kind: 'parsed', payload: parsed.value, files };
}

export async function parseRequestBody(headers: IncomingHttpHeaders, raw: Buffer): Promise<ParsedBody> {
  const contentType = headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    try {
      return await parseMultipart(contentType, raw);
    } catch (error) {
      return { kind: 'invalid', reason: `unreadable multipart body: ${String(error)}` };
    }
  }
  if (raw.length === 0) return { kind: 'empty', files: [] };
  if (!contentType.startsWith('application/json')) {
    return { kind: 'invalid', reason: `unsupported content-type '${contentType}'` };
  }
  const parsed = parseJson(raw.toString('utf8'));
  if (!parsed.ok) return { kind: 'invalid', reason: 'The request body contains invalid JSON.' };
  return { kind: 'parsed', payload: parsed.value, files: [] };
}
