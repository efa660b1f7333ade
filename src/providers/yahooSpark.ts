import { providerError, type ProviderError } from '../http/errors.js';
import {
  chartDayOf,
  chartError,
  describeIssues,
  type ParseContext,
  type YahooChartDay,
} from './yahooChart.js';
import { yahooSparkErrorBodySchema, yahooSparkSchema } from './yahooSparkSchema.js';

/** Each asked-for Yahoo symbol's day, or why the spark answer has none for it. */
export type SparkDays = ReadonlyMap<string, YahooChartDay | ProviderError>;

function missing(symbol: string, provider: string): ProviderError {
  return providerError(
    { provider, symbol },
    'UNAVAILABLE',
    true,
    `spark answer has no series for "${symbol}"; it is asked for on its own`,
  );
}

/**
 * Parses one spark response for `symbols`. A body that is wrong as a whole throws (the batch
 * failed); one symbol's missing or malformed series is that symbol's ProviderError. Pure.
 */
export function parseYahooSpark(body: unknown, symbols: readonly string[], ctx: ParseContext): SparkDays {
  const errorBody = yahooSparkErrorBodySchema.safeParse(body);
  if (errorBody.success) throw chartError(errorBody.data.spark.error, ctx);
  const parsed = yahooSparkSchema.safeParse(body);
  if (!parsed.success) {
    throw providerError(
      ctx,
      'BAD_RESPONSE',
      false,
      `spark response for ${ctx.symbol} has an unexpected shape (${describeIssues(parsed.error)}); Yahoo may have changed its format`,
    );
  }
  const bySymbol = new Map((parsed.data.spark.result ?? []).map((entry) => [entry.symbol, entry]));
  const days = new Map<string, YahooChartDay | ProviderError>();
  for (const symbol of symbols) {
    const series = bySymbol.get(symbol)?.response[0];
    if (!series) {
      days.set(symbol, missing(symbol, ctx.provider));
      continue;
    }
    try {
      days.set(symbol, chartDayOf(series, { provider: ctx.provider, symbol }));
    } catch (err) {
      days.set(symbol, err as ProviderError);
    }
  }
  return days;
}
