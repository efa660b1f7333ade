import type { z } from 'zod';
import type { PricePoint, Quote } from '../domain/quote.js';
import { providerError, type ProviderError } from '../http/errors.js';
import {
  yahooChartSchema,
  yahooErrorBodySchema,
  type YahooChartResult,
  type yahooErrorSchema,
  type YahooMeta,
} from './yahooChartSchema.js';

export type { YahooMeta } from './yahooChartSchema.js';

export interface YahooChartDay {
  readonly yahooSymbol: string;
  readonly previousClose: number | null;
  /** Non-null closes, epoch ms, oldest first. */
  readonly bars: readonly PricePoint[];
  readonly meta: YahooMeta;
}

export interface ParseContext {
  readonly provider: string;
  /** The Yahoo symbol that was asked for, for messages. */
  readonly symbol: string;
}

export function chartError(error: z.infer<typeof yahooErrorSchema>, ctx: ParseContext): ProviderError {
  const detail = error.description ?? error.code;
  if (error.code === 'Not Found') {
    return providerError(
      ctx,
      'NOT_FOUND',
      false,
      `unknown symbol "${ctx.symbol}" (${detail}); check instruments[].symbols.yahoo in the config`,
    );
  }
  if (error.code === 'Bad Request' || error.code === 'Unprocessable Entity') {
    return providerError(
      ctx,
      'BAD_RESPONSE',
      false,
      `request for "${ctx.symbol}" rejected (${error.code}: ${detail}); check the symbol`,
    );
  }
  return providerError(
    ctx,
    'UNAVAILABLE',
    true,
    `chart error for "${ctx.symbol}" (${error.code}: ${detail}); it will be retried`,
  );
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map(
      (issue) =>
        `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)'}: ${issue.message}`,
    )
    .join('; ');
}

/** Parses one chart response into the day it covers. Pure: no I/O, no clock. */
export function parseYahooChartDay(
  body: unknown,
  ctx: ParseContext = { provider: 'yahoo', symbol: '?' },
): YahooChartDay {
  const errorBody = yahooErrorBodySchema.safeParse(body);
  if (errorBody.success) throw chartError(errorBody.data.chart.error, ctx);
  const parsed = yahooChartSchema.safeParse(body);
  if (!parsed.success) {
    throw providerError(
      ctx,
      'BAD_RESPONSE',
      false,
      `chart response for "${ctx.symbol}" has an unexpected shape (${describeIssues(parsed.error)}); Yahoo may have changed its format`,
    );
  }
  const result = parsed.data.chart.result?.[0];
  if (!result)
    throw providerError(
      ctx,
      'BAD_RESPONSE',
      true,
      `chart response for "${ctx.symbol}" has neither a result nor an error`,
    );
  return chartDayOf(result, ctx);
}

/** One symbol's series (a chart result or a spark response) as the day it covers. */
export function chartDayOf(result: YahooChartResult, ctx: ParseContext): YahooChartDay {
  const { meta, timestamp = [] } = result;
  const close = result.indicators.quote[0]?.close ?? [];
  if (close.length !== timestamp.length) {
    throw providerError(
      ctx,
      'BAD_RESPONSE',
      false,
      `chart response for "${ctx.symbol}" has ${timestamp.length} timestamps but ${close.length} closes (indicators.quote.0.close)`,
    );
  }
  const bars: PricePoint[] = [];
  timestamp.forEach((seconds, i) => {
    const price = close[i];
    if (typeof price === 'number' && Number.isFinite(price)) bars.push({ time: seconds * 1000, price });
  });
  bars.sort((a, b) => a.time - b.time);
  return {
    yahooSymbol: meta.symbol,
    previousClose: meta.chartPreviousClose ?? meta.previousClose ?? null,
    bars,
    meta,
  };
}

/**
 * The Quote for a day of bars: the last trade from the meta, else the last bar. `day.previousClose`
 * must be the previous session's close (a range=1d answer's), never an incremental answer's.
 */
export function quoteOfDay(day: YahooChartDay, instrumentId: string, ctx: ParseContext): Quote {
  const last = day.bars.at(-1);
  const time = day.meta.regularMarketTime != null ? day.meta.regularMarketTime * 1000 : last?.time;
  if (time === undefined) {
    throw providerError(
      ctx,
      'BAD_RESPONSE',
      true,
      `chart response for "${ctx.symbol}" has no regularMarketTime and no bars`,
    );
  }
  return {
    symbol: instrumentId,
    price: day.meta.regularMarketPrice ?? last?.price ?? null,
    time,
    previousClose: day.previousClose,
    bars: day.bars,
    provider: ctx.provider,
  };
}

/** Parses a chart response into a Quote for the instrument with config id `instrumentId`. */
export function parseYahooChart(
  body: unknown,
  instrumentId: string,
  provider: string,
  yahooSymbol?: string,
): Quote {
  const ctx = { provider, symbol: yahooSymbol ?? instrumentId };
  return quoteOfDay(parseYahooChartDay(body, ctx), instrumentId, ctx);
}
