import { z } from 'zod';
import { providerError, type ProviderError, type RequestContext } from '../http/errors.js';

export const apiErrorSchema = z.looseObject({
  status: z.literal('error'),
  code: z.number(),
  message: z.string(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/**
 * Twelve Data mostly answers HTTP 200 with {"code":4xx,"message":...,"status":"error"}; a symbol outside
 * the key's plan is that symbol's problem (NOT_FOUND), not a bad key. `redact` removes the key from
 * server text.
 */
export function classifyApiError(
  error: ApiError,
  ctx: RequestContext,
  status: number,
  redact: (text: string) => string,
): ProviderError {
  const detail = redact(error.message);
  const extra = { status };
  if (error.code === 429) {
    const retryAfterMs = /for the day/i.test(detail) ? 3_600_000 : 60_000;
    return providerError(
      ctx,
      'RATE_LIMITED',
      true,
      `out of API credits (${detail}); poll less often or upgrade the plan`,
      { status, retryAfterMs },
    );
  }
  if (error.code !== 401 && /with your plan|available starting with|upgrad/i.test(detail)) {
    return providerError(
      ctx,
      'NOT_FOUND',
      false,
      `symbol "${ctx.symbol}" is not available on this API key's plan (${detail}); remove instruments[].symbols.twelvedata or upgrade`,
      extra,
    );
  }
  if (error.code === 401 || error.code === 403) {
    return providerError(
      ctx,
      'AUTH',
      false,
      `API key rejected (${error.code}: ${detail}); check TWELVEDATA_API_KEY`,
      extra,
    );
  }
  if (error.code === 400 || error.code === 404) {
    return providerError(
      ctx,
      'NOT_FOUND',
      false,
      `unknown symbol "${ctx.symbol}" (${detail}); check instruments[].symbols.twelvedata in the config`,
      extra,
    );
  }
  if (error.code >= 500)
    return providerError(
      ctx,
      'UNAVAILABLE',
      true,
      `server error ${error.code} (${detail}); it will be retried`,
      extra,
    );
  return providerError(ctx, 'BAD_RESPONSE', false, `request rejected (${error.code}: ${detail})`, extra);
}
