import type { Instrument } from '../config/config.js';
import type { Quote } from '../domain/quote.js';

/** A source of quotes. Implementations throw ProviderError for every failure. */
export interface QuoteProvider {
  readonly name: string;
  /** Whether this provider has a symbol for the instrument. */
  supports(instrument: Instrument): boolean;
  fetchQuote(instrument: Instrument): Promise<Quote>;
}
