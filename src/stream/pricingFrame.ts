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

export type FrameProblem = 'not JSON' | 'bad base64' | 'bad protobuf' | 'bad fields';

export type FrameResult =
  | { readonly kind: 'price'; readonly price: StreamedPrice }
  | { readonly kind: 'ignored' }
  | { readonly kind: 'garbage'; readonly problem: FrameProblem; readonly detail: string };

/** Times below this are seconds (older streamer versions), above it milliseconds. */
const SECONDS_BEFORE = 1e11;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

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
    return garbage('not JSON', 'a frame starting with { is not valid JSON');
  }
  const frame = v2FrameSchema.safeParse(json);
  if (!frame.success) return garbage('bad fields', 'a JSON frame without a string "type"');
  if (frame.data.type !== 'pricing') return { kind: 'ignored' };
  return frame.data.message ?? garbage('bad fields', 'a pricing frame without a "message"');
}

function decodePricing(bytes: Uint8Array): unknown {
  const type = loadPricingType();
  return type.toObject(type.decode(bytes), { longs: Number });
}

/** Reads one websocket frame; never throws for what the server sends. */
export function readFrame(data: string): FrameResult {
  const payload = payloadOf(data);
  if (typeof payload !== 'string') return payload;
  if (payload.length === 0 || !BASE64.test(payload)) return garbage('bad base64', 'payload is not base64');
  let decoded: unknown;
  try {
    decoded = decodePricing(Buffer.from(payload, 'base64'));
  } catch (err) {
    return garbage('bad protobuf', err instanceof Error ? err.message : String(err));
  }
  const parsed = pricingSchema.safeParse(decoded);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((i) => i.path.join('.') || '(message)');
    return garbage('bad fields', `unusable ${[...new Set(paths)].join(', ')}`);
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
