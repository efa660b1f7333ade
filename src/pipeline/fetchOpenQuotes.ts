import type { Instrument } from '../config/config.js';
import type { MarketCalendar } from '../domain/calendar/index.js';
import type { Quote } from '../domain/quote.js';
import type { Logger } from '../log.js';
import { logFetchFailure, ProviderError } from '../http/errors.js';
import type { QuoteResults, QuoteSource } from '../providers/quoteSource.js';

export interface FetchOpenQuotesDeps {
  readonly instruments: readonly Instrument[];
  readonly calendar: MarketCalendar;
  /** The batch form is used when the source has one: a few requests for many instruments. */
  readonly quotes: Pick<QuoteSource, 'fetchQuote' | 'fetchQuotes'>;
  readonly log: Logger;
}

/** Every instrument's outcome in the order asked, from the batch form when the source has one. */
async function fetchAll(
  source: FetchOpenQuotesDeps['quotes'],
  instruments: readonly Instrument[],
): Promise<PromiseSettledResult<Quote>[]> {
  if (!source.fetchQuotes || instruments.length === 0) {
    return Promise.allSettled(instruments.map((i) => source.fetchQuote(i)));
  }
  let results: QuoteResults;
  try {
    results = await source.fetchQuotes(instruments);
  } catch (err) {
    // A batch that throws as a whole fails each of its instruments, as single fetches would.
    return instruments.map(() => ({ status: 'rejected', reason: err }));
  }
  return instruments.map((i): PromiseSettledResult<Quote> => {
    const result = results.get(i.id);
    if (result === undefined || result instanceof ProviderError) {
      return { status: 'rejected', reason: result ?? new Error(`${i.id}: the batch answer left it out`) };
    }
    return { status: 'fulfilled', value: result };
  });
}

/** Quotes of every instrument whose market is open; a failed one is logged and named, never fatal. */
export async function fetchOpenQuotes(
  deps: FetchOpenQuotesDeps,
  now: number,
): Promise<{ quotes: Quote[]; failed: string[] }> {
  const open = deps.instruments.filter((i) => deps.calendar.status(i.market, now).state === 'open');
  const settled = await fetchAll(deps.quotes, open);
  const quotes: Quote[] = [];
  const failed: string[] = [];
  settled.forEach((result, idx) => {
    const inst = open[idx];
    if (!inst) return;
    if (result.status === 'fulfilled') quotes.push(result.value);
    else {
      failed.push(inst.id);
      logFetchFailure(
        deps.log,
        { symbol: inst.id },
        result.reason,
        'quote fetch failed; will retry next poll',
      );
    }
  });
  return { quotes, failed };
}
