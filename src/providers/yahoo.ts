import type { AxiosInstance, AxiosResponse } from 'axios';
import type { Instrument } from '../config/config.js';
import { YAHOO_SPARK_MAX_SYMBOLS } from '../config/quotesSchema.js';
import type { Quote } from '../domain/quote.js';
import type { RequestContext } from '../http/errors.js';
import { checkResponse, getText, isHtml, parseJsonBody } from '../http/http.js';
import { unlimited, type Limiter } from '../http/limiter.js';
import type { QuoteSource } from './quoteSource.js';
import { parseYahooChartDay, quoteOfDay } from './yahooChart.js';
import { createDayCache } from './yahooDayCache.js';
import { checkGranularity, createSparkBatches, PROVIDER, rangeParams } from './yahooSparkBatch.js';

export interface YahooProviderOptions {
  readonly http: AxiosInstance;
  /** Caps this provider's requests in flight; none by default. */
  readonly limit?: Limiter;
  /** Symbols per spark request, at most YAHOO_SPARK_MAX_SYMBOLS. */
  readonly symbolsPerRequest?: number;
  readonly now?: () => number;
}

/** Yahoo's 404 carries a JSON chart error naming the reason; let the parser turn it into NOT_FOUND. */
function throwChartError(res: AxiosResponse<string>, ctx: RequestContext): void {
  if (isHtml(res)) return;
  let body: unknown;
  try {
    body = JSON.parse(res.data);
  } catch {
    return;
  }
  parseYahooChartDay(body, ctx);
}

/**
 * Yahoo's public endpoints, no key and no crumb. v7 spark quotes up to 20 symbols per request; the
 * v8 chart quotes one, for a lone fetch and as the fallback for what a spark answer lacks. Both ask
 * for the whole day only the first time (and after a gap or a new session), then only new bars.
 */
export function createYahooProvider(options: YahooProviderOptions): QuoteSource {
  const { http, limit = unlimited, now = () => Date.now() } = options;
  const size = Math.min(options.symbolsPerRequest ?? YAHOO_SPARK_MAX_SYMBOLS, YAHOO_SPARK_MAX_SYMBOLS);
  const cache = createDayCache();

  async function fetchQuote(instrument: Instrument): Promise<Quote> {
    const symbol = instrument.symbols.yahoo;
    const ctx = { provider: PROVIDER, symbol, path: `/v8/finance/chart/${encodeURIComponent(symbol)}` };
    const plan = cache.plan(symbol, now());
    const res = await limit(() => getText(http, ctx, rangeParams(plan, now())));
    if (res.status === 404) throwChartError(res, ctx);
    checkResponse(res, ctx);
    const day = parseYahooChartDay(parseJsonBody(res.data, ctx), ctx);
    if (plan.kind === 'since') checkGranularity(day, ctx);
    return quoteOfDay(cache.record(symbol, plan, day, now()), instrument.id, ctx);
  }

  const fetchQuotes = createSparkBatches({ http, limit, now, cache, size, fetchQuote });

  return {
    name: PROVIDER,
    supports: (instrument: Instrument) => instrument.symbols.yahoo.length > 0,
    fetchQuote,
    fetchQuotes,
  };
}
