import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { z } from 'zod';

/** One price update as the streamer pushed it, checked. Times are epoch ms. */
export interface StreamedPrice {
  /** Yahoo's symbol, e.g. ^HSI. */
  readonly yahooSymbol: string;
  readonly price: number;
  readonly time: number;
  readonly previousClose: number | null;
}

/** Why a frame was rejected: too large for the socket (it closes), or unreadable content (ignored). */
export const FRAME_REJECTIONS = [
  'oversize',
  'not_json',
  'bad_base64',
  'bad_protobuf',
  'bad_fields',
  'reader_error',
] as const;
export type FrameRejection = (typeof FRAME_REJECTIONS)[number];
/** What readFrame finds wrong with a frame's content. */
export type FrameProblem = Exclude<FrameRejection, 'oversize'>;

export type FrameResult =
  | { readonly kind: 'price'; readonly price: StreamedPrice }
  | { readonly kind: 'ignored' }
  | { readonly kind: 'garbage'; readonly problem: FrameProblem; readonly detail: string };

/** Times below this are seconds (older streamer versions), above it milliseconds. */
const SECONDS_BEFORE = 1e11;

const v2FrameSchema = z.object({ type: z.string(), message: z.string().optional() });

/*
 * proto3 leaves zero-valued fields out, so a missing price decodes as absent, not 0; zod then
 * rejects it. float prices come through as the float32 value widened to a double, as Yahoo's
 * chart API also reports them (e.g. 7.206099987030029), so both paths see the same number.
 */
const pricingSchema = z.object({
  id: z.string().min(1),
  price: z.number().positive(),
  time: z.number().int().positive(),
  previousClose: z.number().positive().optional(),
});

/** The .proto kept beside this module; `npm run build` copies it next to the compiled file. */
function protoPath(): string {
  return fileURLToPath(new URL('./pricing.proto', import.meta.url));
}

let pricingType: protobuf.Type | null = null;

/** Loads PricingData from pricing.proto once; throws if the file is missing (the caller turns streaming off). */
export function loadPricingType(): protobuf.Type {
  pricingType ??= protobuf.loadSync(protoPath()).lookupType('PricingData');
  return pricingType;
}

function garbage(problem: FrameProblem, detail: string): FrameResult {
  return { kind: 'garbage', problem, detail };
}

/** The base64 payload of a frame: v2 wraps it in JSON ({"type":"pricing","message":…}), v1 sent it bare. */
function payloadOf(text: string): string | FrameResult {
  if (!text.trimStart().startsWith('{')) return text.trim();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return garbage('not_json', 'a frame starting with { is not valid JSON');
  }
  const frame = v2FrameSchema.safeParse(json);
  if (!frame.success) return garbage('bad_fields', 'a JSON frame without a string "type"');
  if (frame.data.type !== 'pricing') return { kind: 'ignored' };
  return frame.data.message ?? garbage('bad_fields', 'a pricing frame without a "message"');
}

function isBase64Char(code: number): boolean {
  return (
    (code >= 65 && code <= 90) || // A-Z
    (code >= 97 && code <= 122) || // a-z
    (code >= 48 && code <= 57) || // 0-9
    code === 43 || // +
    code === 47 // /
  );
}

/**
 * Padded standard base64, checked in one loop: a backtracking regular expression over a large
 * payload overflowed the stack ("Maximum call stack size exceeded") and took the process down.
 */
export function isBase64(text: string): boolean {
  if (text.length === 0 || text.length % 4 !== 0) return false;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  for (let i = 0; i < text.length - padding; i++) if (!isBase64Char(text.charCodeAt(i))) return false;
  return true;
}

function decodePricing(bytes: Uint8Array): unknown {
  const type = loadPricingType();
  return type.toObject(type.decode(bytes), { longs: Number });
}

/** Reads one websocket frame; never throws for what the server sends. */
export function readFrame(data: string): FrameResult {
  const payload = payloadOf(data);
  if (typeof payload !== 'string') return payload;
  if (!isBase64(payload)) return garbage('bad_base64', 'payload is not base64');
  let decoded: unknown;
  try {
    decoded = decodePricing(Buffer.from(payload, 'base64'));
  } catch (err) {
    return garbage('bad_protobuf', err instanceof Error ? err.message : String(err));
  }
  const parsed = pricingSchema.safeParse(decoded);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((i) => i.path.join('.') || '(message)');
    return garbage('bad_fields', `unusable ${[...new Set(paths)].join(', ')}`);
  }
  const { id, price, time, previousClose } = parsed.data;
  return {
    kind: 'price',
    price: {
      yahooSymbol: id,
      price,
      time: time < SECONDS_BEFORE ? time * 1000 : time,
      previousClose: previousClose ?? null,
    },
  };
}
