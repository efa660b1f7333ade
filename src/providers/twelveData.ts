import type { AxiosInstance, AxiosResponse } from 'axios';
import { z } from 'zod';
import type { Instrument } from '../config/config.js';
import { isAheadOfClock } from '../domain/priceScreen.js';
import type { PricePoint, Quote } from '../domain/quote.js';
import { providerError, redactError, ProviderError, type RequestContext } from '../http/errors.js';
import { checkResponse, getText, isHtml, parseJsonBody } from '../http/http.js';
import { unlimited, type Limiter } from '../http/limiter.js';
import type { QuoteSource } from './quoteSource.js';
import { createRedactor, type Redact } from '../http/redact.js';
import { apiErrorSchema, classifyApiError } from './twelveDataErrors.js';

export interface TwelveDataProviderOptions {
  readonly http: AxiosInstance;
  readonly apiKey: string;
  /** The clock: a bar stamped ahead of it is not today's newest (the price screen's rule). */
  readonly now: () => number;
  /** Caps this provider's requests in flight; none by default. */
  readonly limit?: Limiter;
}

/**
 * Two endpoints, because /time_series has no session previous close (its `previous_close` flag
 * means the previous bar's close): /time_series for today's 1-minute bars and /quote for
 * `previous_close`. The previous close is cached per symbol and trading date, so a poll costs one
 * credit except the first of each day (free tier: 8 credits a minute).
 */
export const OUTPUT_SIZE = 400; // a full HKEX or TSE day (~340 bars); for FX the last ~6.5 hours

const numeric = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, 'expected a decimal number as a string')
  .transform(Number);

const timeSeriesSchema = z.looseObject({
  meta: z.looseObject({ symbol: z.string(), exchange_timezone: z.string().optional() }),
  // Asked for in UTC (timezone=UTC), newest first.
  values: z
    .array(
      z.looseObject({ datetime: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/), close: numeric }),
    )
    .min(1),
});

const quoteSchema = z.looseObject({ symbol: z.string(), previous_close: numeric });

/** YYYY-MM-DD in the exchange's zone; UTC when the zone is missing or unknown (FX has none). */
function localDateIn(timeZone: string): (time: number) => string {
  try {
    const format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    return (time) => format.format(time);
  } catch {
    return (time) => new Date(time).toISOString().slice(0, 10);
  }
}

/** Fetches one endpoint and validates its body against the schema; every failure is a ProviderError. */
type Get = <T>(
  ctx: RequestContext,
  params: Record<string, string | number>,
  schema: z.ZodType<T>,
) => Promise<T>;

/** Twelve Data's own error format is checked first: it may come with HTTP 200 and names the cause. */
function readBody(res: AxiosResponse<string>, ctx: RequestContext, redact: Redact): unknown {
  if (!isHtml(res)) {
    let body: unknown;
    try {
      body = JSON.parse(res.data);
    } catch {
      body = undefined;
    }
    const apiError = apiErrorSchema.safeParse(body);
    if (apiError.success) throw classifyApiError(apiError.data, ctx, res.status, redact);
  }
  checkResponse(res, ctx);
  return parseJsonBody(res.data, ctx);
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}` : 'unknown';
}

async function getValidated<T>(
  http: AxiosInstance,
  apiKey: string,
  redact: Redact,
  request: { ctx: RequestContext; params: Record<string, string | number>; schema: z.ZodType<T> },
): Promise<T> {
  const { ctx, params, schema } = request;
  const res = await getText(http, ctx, { ...params, apikey: apiKey });
  const parsed = schema.safeParse(readBody(res, ctx, redact));
  if (parsed.success) return parsed.data;
  throw providerError(
    ctx,
    'BAD_RESPONSE',
    false,
    `${ctx.path} response for "${ctx.symbol}" has an unexpected shape (${redact(firstIssue(parsed.error))})`,
  );
}

function createGet(http: AxiosInstance, apiKey: string, limit: Limiter): Get {
  // The key travels in the query string and pages echo requests back: every failure is masked of it.
  const redact = createRedactor([apiKey]);
  return async (ctx, params, schema) => {
    try {
      return await limit(() =>
        getValidated(http, apiKey, redact, { ctx: { ...ctx, redact }, params, schema }),
      );
    } catch (err) {
      throw err instanceof ProviderError ? redactError(err, redact) : err;
    }
  };
}

/**
 * Oldest first, without bars stamped ahead of the clock: the newest bar becomes the quote and names
 * the day, so one stamped a day ahead would hide every real bar and freeze the quote at its time.
 */
function barsOf(series: z.infer<typeof timeSeriesSchema>, now: number): PricePoint[] {
  return series.values
    .map((v) => ({ time: Date.parse(`${v.datetime.replace(' ', 'T')}Z`), price: v.close }))
    .filter((bar) => !isAheadOfClock(bar.time, now))
    .sort((a, b) => a.time - b.time);
}

export function createTwelveDataProvider({
  http,
  apiKey,
  now,
  limit = unlimited,
}: TwelveDataProviderOptions): QuoteSource {
  const name = 'twelvedata';
  const get = createGet(http, apiKey, limit);
  const previousCloses = new Map<string, { date: string; value: number }>();

  async function previousClose(symbol: string, date: string): Promise<number> {
    const cached = previousCloses.get(symbol);
    if (cached?.date === date) return cached.value;
    const quote = await get({ provider: name, symbol, path: '/quote' }, { symbol }, quoteSchema);
    previousCloses.set(symbol, { date, value: quote.previous_close });
    return quote.previous_close;
  }

  async function fetchQuote(instrument: Instrument): Promise<Quote> {
    const symbol = instrument.symbols.twelvedata;
    const ctx = { provider: name, symbol: symbol ?? instrument.id, path: '/time_series' };
    if (symbol === undefined) {
      throw providerError(
        ctx,
        'NOT_FOUND',
        false,
        `no symbol for ${instrument.id}; set instruments[].symbols.twelvedata`,
      );
    }
    const params = { symbol, interval: '1min', outputsize: OUTPUT_SIZE, timezone: 'UTC' };
    const series = await get(ctx, params, timeSeriesSchema);
    const bars = barsOf(series, now());
    const last = bars[bars.length - 1];
    if (!last) throw providerError(ctx, 'BAD_RESPONSE', true, `no bars up to now for "${symbol}"`);
    const localDate = localDateIn(series.meta.exchange_timezone ?? 'UTC');
    const today = localDate(last.time);
    return {
      symbol: instrument.id,
      price: last.price,
      time: last.time,
      previousClose: await previousClose(symbol, today),
      bars: bars.filter((bar) => localDate(bar.time) === today),
      provider: name,
    };
  }

  return {
    name,
    supports: (instrument: Instrument) => instrument.symbols.twelvedata !== undefined,
    fetchQuote,
  };
}
