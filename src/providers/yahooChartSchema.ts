import { z } from 'zod';

// Loose objects: Yahoo adds meta fields every few months; only the fields we read are checked.
const epochSeconds = z.number().int();
const tradingPeriod = z.looseObject({
  timezone: z.string(),
  start: epochSeconds,
  end: epochSeconds,
  gmtoffset: z.number(),
});

export const yahooMetaSchema = z.looseObject({
  symbol: z.string().min(1),
  currency: z.string().nullish(),
  exchangeName: z.string().optional(),
  instrumentType: z.string().optional(),
  regularMarketPrice: z.number().nullish(),
  /** Epoch seconds. */
  regularMarketTime: epochSeconds.nullish(),
  chartPreviousClose: z.number().nullish(),
  previousClose: z.number().nullish(),
  gmtoffset: z.number().optional(),
  timezone: z.string().optional(),
  exchangeTimezoneName: z.string().optional(),
  currentTradingPeriod: z
    .looseObject({ pre: tradingPeriod, regular: tradingPeriod, post: tradingPeriod })
    .optional(),
  dataGranularity: z.string().optional(),
  range: z.string().optional(),
  validRanges: z.array(z.string()).optional(),
});
export type YahooMeta = z.infer<typeof yahooMetaSchema>;

const series = z.array(z.number().nullable()).optional();

/** One symbol's series: the chart's `chart.result[0]`, and each spark `response[0]`. */
export const yahooChartResultSchema = z.looseObject({
  meta: yahooMetaSchema,
  // Absent when the window holds no bars (before the open, holidays); quote is then [{}].
  timestamp: z.array(epochSeconds).optional(),
  indicators: z.looseObject({
    quote: z
      .array(z.looseObject({ open: series, high: series, low: series, close: series, volume: series }))
      .min(1),
  }),
});

export const yahooErrorSchema = z.looseObject({ code: z.string(), description: z.string().nullish() });

export const yahooChartSchema = z.looseObject({
  chart: z.looseObject({
    result: z.array(yahooChartResultSchema).min(1).nullable(),
    error: yahooErrorSchema.nullish(),
  }),
});

/** A body whose chart.error is set, e.g. the not-found answer with result: null. */
export const yahooErrorBodySchema = z.looseObject({ chart: z.looseObject({ error: yahooErrorSchema }) });

export type YahooChartResult = z.infer<typeof yahooChartResultSchema>;
