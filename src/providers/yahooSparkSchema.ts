import { z } from 'zod';
import { yahooChartResultSchema, yahooErrorSchema } from './yahooChartSchema.js';

/*
 * GET /v7/finance/spark?symbols=A,B&interval=1m&range=1d (or period1/period2): one entry per symbol
 * found, each `response[0]` shaped as a chart result (meta, timestamp, indicators.quote[0].close).
 * Loose objects, as for the chart: only the fields we read are checked.
 */
const sparkEntrySchema = z.looseObject({
  symbol: z.string().min(1),
  response: z.array(yahooChartResultSchema),
});

export const yahooSparkSchema = z.looseObject({
  spark: z.looseObject({
    result: z.array(sparkEntrySchema).nullable(),
    error: yahooErrorSchema.nullish(),
  }),
});

export type YahooSpark = z.infer<typeof yahooSparkSchema>;

/** A whole-request failure, e.g. the 400 for too many symbols, with result: null. */
export const yahooSparkErrorBodySchema = z.looseObject({
  spark: z.looseObject({ error: yahooErrorSchema }),
});
