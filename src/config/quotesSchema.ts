import { z } from 'zod';

/**
 * Yahoo's spark endpoint answers 400 to more than 20 symbols in one request (seen by several public
 * clients; see docs/quotes.md), so a larger batch is never sent.
 */
export const YAHOO_SPARK_MAX_SYMBOLS = 20;

/** How hard the bot may press each quote provider during one poll. */
export const quoteRequestsSchema = z
  .strictObject({
    maxConcurrentRequests: z
      .number()
      .int()
      .min(1)
      .max(32)
      .default(4)
      .describe(
        'Requests in flight at once per provider; more wait their turn, so a large watchlist never opens a socket per instrument',
      ),
    yahooSymbolsPerRequest: z
      .number()
      .int()
      .min(1)
      .max(YAHOO_SPARK_MAX_SYMBOLS)
      .default(YAHOO_SPARK_MAX_SYMBOLS)
      .describe(
        `Symbols per Yahoo spark (batch) request; Yahoo rejects more than ${YAHOO_SPARK_MAX_SYMBOLS}`,
      ),
  })
  .describe('Per-provider request limits for each poll');

export type QuoteRequestsConfig = z.infer<typeof quoteRequestsSchema>;

export const QUOTE_REQUESTS_DEFAULTS: QuoteRequestsConfig = quoteRequestsSchema.parse({});
