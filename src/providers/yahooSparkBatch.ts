import type { AxiosInstance } from 'axios';
import type { Instrument } from '../config/config.js';
import type { Quote } from '../domain/quote.js';
import { ProviderError, providerError, type RequestContext } from '../http/errors.js';
import { checkResponse, getText, isHtml, parseJsonBody } from '../http/http.js';
import type { Limiter } from '../http/limiter.js';
import type { QuoteResults } from './quoteSource.js';
import { quoteOfDay, type YahooChartDay } from './yahooChart.js';
import type { DayCache, FetchPlan } from './yahooDayCache.js';
import { parseYahooSpark, type SparkDays } from './yahooSpark.js';
import { keepBarsSince } from './yahooSparkTail.js';
import { keepBarsSinceInText } from './yahooSparkTailText.js';

export const PROVIDER = 'yahoo';
const SPARK_PATH = '/v7/finance/spark';
/** period2 a minute past our clock, so a clock slightly behind Yahoo's still gets the newest bar. */
const PERIOD2_MARGIN_S = 60;

export function rangeParams(plan: FetchPlan, now: number): Record<string, string | number> {
  if (plan.kind === 'fullDay') return { interval: '1m', range: '1d' };
  return { interval: '1m', period1: plan.period1, period2: Math.floor(now / 1000) + PERIOD2_MARGIN_S };
}

/** A new-bars answer merged into 1-minute bars must be 1-minute bars. */
export function checkGranularity(day: YahooChartDay, ctx: RequestContext): void {
  const granularity = day.meta.dataGranularity;
  if (granularity === undefined || granularity === '1m') return;
  throw providerError(
    ctx,
    'BAD_RESPONSE',
    true,
    `answer for "${ctx.symbol}" has ${granularity} bars where 1m bars were asked for; Yahoo may have changed the endpoint`,
  );
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

interface PlannedInstrument {
  readonly instrument: Instrument;
  readonly plan: FetchPlan;
}

/** Instruments with similar plans share a request: all full days, or new bars from nearby times. */
function batchesOf(planned: readonly PlannedInstrument[], size: number): PlannedInstrument[][] {
  const since = (p: PlannedInstrument) => (p.plan.kind === 'since' ? p.plan.period1 : -1);
  return chunk(
    [...planned].sort((a, b) => since(a) - since(b)),
    size,
  ).flatMap((batch) => {
    const full = batch.filter((p) => p.plan.kind === 'fullDay');
    const rest = batch.filter((p) => p.plan.kind !== 'fullDay');
    return [full, rest].filter((b) => b.length > 0);
  });
}

/** The batch's plan: its whole days, or new bars since its earliest instrument's period1. */
function batchPlan(batch: readonly PlannedInstrument[]): FetchPlan {
  const starts = batch.flatMap((p) => (p.plan.kind === 'since' ? [p.plan.period1] : []));
  return starts.length === batch.length
    ? { kind: 'since', period1: Math.min(...starts) }
    : { kind: 'fullDay' };
}

export interface SparkBatchDeps {
  readonly http: AxiosInstance;
  readonly limit: Limiter;
  readonly now: () => number;
  readonly cache: DayCache;
  /** Symbols per spark request. */
  readonly size: number;
  /** The chart fetch, for what a spark answer lacks. */
  readonly fetchQuote: (instrument: Instrument) => Promise<Quote>;
}

/** One spark request for `symbols`; a failure of the whole request throws. */
async function fetchSpark(
  deps: SparkBatchDeps,
  symbols: readonly string[],
  plan: FetchPlan,
): Promise<SparkDays> {
  const ctx = { provider: PROVIDER, symbol: `${symbols.length} symbols`, path: SPARK_PATH };
  const params = { symbols: symbols.join(','), ...rangeParams(plan, deps.now()), indicators: 'close' };
  const res = await deps.limit(() => getText(deps.http, ctx, params));
  if (res.status !== 404 || isHtml(res)) checkResponse(res, ctx);
  // The tail is cut from the text first, so only it is parsed; what that cut leaves whole is cut once parsed.
  const since = plan.kind === 'since' ? plan.period1 : null;
  const body = parseJsonBody(since === null ? res.data : keepBarsSinceInText(res.data, since), ctx);
  if (since !== null) keepBarsSince(body, since);
  return parseYahooSpark(body, symbols, ctx);
}

/** Yahoo's batch form: v7 spark, chunked by `size`, each instrument through the day cache. */
export function createSparkBatches(
  deps: SparkBatchDeps,
): (instruments: readonly Instrument[]) => Promise<QuoteResults> {
  const { now, cache, size, fetchQuote } = deps;

  /** A spark series becomes a quote; what spark lacks is asked of the chart, unless Yahoo is rate limiting us. */
  async function quoteFrom(
    instrument: Instrument,
    plan: FetchPlan,
    day: YahooChartDay | ProviderError | undefined,
  ): Promise<Quote> {
    const symbol = instrument.symbols.yahoo;
    if (day instanceof ProviderError && day.code === 'RATE_LIMITED') throw day;
    if (day === undefined || day instanceof ProviderError) return fetchQuote(instrument);
    const ctx = { provider: PROVIDER, symbol, path: SPARK_PATH };
    if (plan.kind === 'since') checkGranularity(day, ctx);
    return quoteOfDay(cache.record(symbol, plan, day, now()), instrument.id, ctx);
  }

  async function fetchBatch(batch: readonly PlannedInstrument[]): Promise<[string, Quote | ProviderError][]> {
    const plan = batchPlan(batch);
    const symbols = [...new Set(batch.map((p) => p.instrument.symbols.yahoo))];
    const days = await fetchSpark(deps, symbols, plan).catch((err: unknown) => {
      if (err instanceof ProviderError) return err;
      throw err;
    });
    return Promise.all(
      batch.map(({ instrument }) =>
        quoteFrom(
          instrument,
          plan,
          days instanceof ProviderError ? days : days.get(instrument.symbols.yahoo),
        ).then(
          (quote): [string, Quote | ProviderError] => [instrument.id, quote],
          (err: unknown): [string, Quote | ProviderError] => {
            if (err instanceof ProviderError) return [instrument.id, err];
            throw err;
          },
        ),
      ),
    );
  }

  async function fetchQuotes(instruments: readonly Instrument[]): Promise<QuoteResults> {
    const at = now();
    const planned = instruments.map((instrument) => ({
      instrument,
      plan: cache.plan(instrument.symbols.yahoo, at),
    }));
    const answers = await Promise.all(batchesOf(planned, size).map(fetchBatch));
    return new Map(answers.flat());
  }

  return fetchQuotes;
}
